package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var (
	_ resource.ResourceWithConfigure   = (*webhookStatusResource)(nil)
	_ resource.ResourceWithImportState = (*webhookStatusResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*webhookStatusResource)(nil)
	_ resource.ResourceWithIdentity    = (*webhookStatusResource)(nil)
)

// NewWebhookStatusResource is the contio_webhook_status resource.
func NewWebhookStatusResource() resource.Resource { return &webhookStatusResource{} }

type webhookStatusResource struct {
	data *providerData
}

func (r *webhookStatusResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_status"
}

func (r *webhookStatusResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Whether Contio delivers webhooks to the partner app's endpoint. " +
			"Contio may disable delivery by itself after repeated failures; `terraform plan` shows that as drift. " +
			"Destroying this resource leaves the setting in Contio as it is. " +
			"An app has one webhook status: declare one `contio_webhook_status` per app (per provider configuration); two would overwrite each other on every apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The app id that Contio answers, normally the provider's `client_id`. Import and the resource identity always use the `client_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "`true` to deliver webhooks, `false` to stop delivery. While disabled, Contio records events that pass the filter as pending instead of sending them.",
				Required:            true,
			},
			"pending_disposition": schema.StringAttribute{
				MarkdownDescription: "What happens to the deliveries queued while webhooks were disabled, when this resource re-enables them: " +
					"`deliver` keeps them queued for the next delivery cycle, `abandon` discards them. " +
					"Required by Contio (and checked at plan time) whenever a plan enables a disabled app; sent only then, and changing it alone makes no API call. " +
					"Leave it unset so that a person decides after an auto-disable (with the `contio_webhook_reenable` action, or by setting it for that one apply): " +
					"a standing value re-enables on every apply, and with `abandon` discards the backlog each time.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(contio.PendingDispositions()...)},
			},
		},
	}
}

func (r *webhookStatusResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	appIdentitySchema(resp)
}

func (r *webhookStatusResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, "Resource", &resp.Diagnostics)
}

func (r *webhookStatusResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookStatusModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.requireClient(&resp.Diagnostics, "Terraform cannot create contio_webhook_status", r.data.applyDependenciesFirst()) {
		return
	}
	app := r.data.readApp(ctx, &resp.Diagnostics)
	if app == nil {
		return
	}
	read := app
	if app.WebhookEnabled != plan.Enabled.ValueBool() {
		var err error
		if app, err = r.setStatus(ctx, app.WebhookEnabled, plan); err != nil {
			addAPIError(&resp.Diagnostics, "Unable to update webhook status", err)
			return
		}
	}
	plan.fromApp(app)
	plan.ID = appIDAfter(answeredAppID(read), app)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(r.data.recordApp(ctx, resp.Identity, resp.Private)...)
}

func (r *webhookStatusResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookStatusModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	app := r.data.readForRefresh(ctx, state.ID, "contio_webhook_status", req, resp)
	if app == nil {
		return
	}
	if state.Enabled.ValueBool() && !app.WebhookEnabled {
		resp.Diagnostics.AddWarning("Webhook delivery was disabled outside Terraform", disabledOutsideDetail(app.ID, r.data.cliHasActions()))
	}
	recorded := state.ID
	state.fromApp(app)
	state.ID = appIDAfter(recorded, app)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(r.data.recordApp(ctx, resp.Identity, resp.Private)...)
}

func (r *webhookStatusResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webhookStatusModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only pending_disposition changed: it means something only on a
	// re-enable, so there is nothing to send.
	if plan.Enabled.Equal(state.Enabled) {
		plan.ID = state.ID
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(r.data.setIdentity(ctx, resp.Identity, state.ID)...)
		return
	}
	if !r.data.checkWriteTarget(ctx, req.State, req.Private, "contio_webhook_status", &resp.Diagnostics) {
		return
	}
	app, err := r.setStatus(ctx, state.Enabled.ValueBool(), plan)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to update webhook status", err)
		return
	}
	plan.fromApp(app)
	plan.ID = appIDAfterUpdate(state.ID, app)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(r.data.recordApp(ctx, resp.Identity, resp.Private)...)
}

// Delete leaves Contio's setting as it is: the API has no "unmanaged" state to
// return to, and re-enabling would need a disposition a destroy cannot choose.
// ModifyPlan warns when that leaves delivery disabled.
func (r *webhookStatusResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	tflog.Info(ctx, "contio_webhook_status removed from state; Contio's webhook status is left as it is")
}

func (r *webhookStatusResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAppScoped(ctx, r.data, "contio_webhook_status", req, resp)
}

// ModifyPlan enforces at plan time what the API would refuse at apply time: a
// plan that enables a disabled app must say what happens to its backlog. It
// also says what a re-enable will do to the backlog, and what a destroy leaves.
func (r *webhookStatusResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.warnOnDestroy(ctx, req, resp)
		return
	}
	var plan webhookStatusModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Enabled.IsUnknown() || !plan.Enabled.ValueBool() || plan.PendingDisposition.IsUnknown() {
		return
	}

	var disabled bool
	var appID string
	if req.State.Raw.IsNull() {
		// Create: whether this enables a disabled app depends on the app.
		if !r.data.hasClient() {
			return // provider configuration unknown until apply; the API checks then
		}
		app := r.data.readApp(ctx, &resp.Diagnostics)
		if app == nil {
			return
		}
		disabled, appID = !app.WebhookEnabled, app.ID
	} else {
		var state webhookStatusModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		disabled, appID = !state.Enabled.IsNull() && !state.Enabled.ValueBool(), state.ID.ValueString()
	}
	if !disabled {
		return
	}

	if plan.PendingDisposition.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("pending_disposition"), "Re-enabling webhooks requires pending_disposition",
			fmt.Sprintf("Webhook delivery for app %s is disabled (by Contio after repeated failures, or by someone), and this plan enables it. "+
				"Contio requires you to choose what happens to the events it queued meanwhile.\n\n%s\n\n%s", appID, dispositionAdvice, r.data.reEnableWaysOut()))
		return
	}
	r.data.addBacklogWarning(ctx, contio.PendingDisposition(plan.PendingDisposition.ValueString()), &resp.Diagnostics)
}

// disabledOutsideDetail is the refresh warning for a disabled app that
// Terraform last left enabled. It offers the action only on a CLI that has
// actions (see cliHasActions).
func disabledOutsideDetail(appID string, hasActions bool) string {
	reEnable := "re-enable by setting pending_disposition for the apply that re-enables."
	if hasActions {
		reEnable = "re-enable with terraform apply -invoke=action.contio_webhook_reenable." + reenableActionExampleName +
			" (the contio_webhook_reenable docs show how to declare it), or by setting pending_disposition for the apply that re-enables."
	}
	return fmt.Sprintf("Contio reports webhooks disabled for app %s, but Terraform last left them enabled. "+
		"Contio disables delivery by itself after 50 abandoned deliveries, or when more than 72 hours pass without a successful delivery while failures are recorded; someone may also have disabled it. "+
		"Meanwhile Contio records new events as pending. Check the endpoint, and the recent failures with the contio_webhook_deliveries data source (status = \"failed\" or \"abandoned\"), before re-enabling; %s",
		appID, reEnable)
}

// reEnableWaysOut says how to proceed when a plan is refused for want of a
// disposition. The contio_webhook_reenable action comes first on a CLI that
// has actions; elsewhere (OpenTofu, Terraform before 1.14) an action block is
// an error. It names the action by the examples' name: Terraform does not
// tell a provider which actions a configuration declares.
func (p *providerData) reEnableWaysOut() string {
	meanwhile := `
  - to keep delivery off for now: set enabled = false;
  - to apply other changes meanwhile: ` + p.cliCommand("apply -target=<each other resource>") + `.`
	if !p.cliHasActions() {
		return `How to proceed:
  - to re-enable: ` + reEnableByConfiguration + `;` + meanwhile
	}
	return `How to proceed:
  - to re-enable now without changing the configuration, invoke the contio_webhook_reenable action:
      ` + p.cliCommand("apply -invoke=action.contio_webhook_reenable."+reenableActionExampleName) + `
    That is the action's name in the provider's examples; use your declaration's name (prefixed with module.<name>. inside a module). If the configuration declares none, add one, then invoke it:
      action "contio_webhook_reenable" "` + reenableActionExampleName + `" {
        config {
          pending_disposition = "deliver" # or "abandon"
        }
      }
  - to re-enable through the configuration instead: ` + reEnableByConfiguration + `;` + meanwhile
}

// reEnableByConfiguration is the re-enable that works on every CLI.
const reEnableByConfiguration = "set pending_disposition as above and apply, then remove it again (removing it makes no API call; left in, every apply re-enables after an auto-disable)"

func (r *webhookStatusResource) warnOnDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state webhookStatusModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.Enabled.ValueBool() {
		return
	}
	resume := "apply contio_webhook_status with enabled = true and a pending_disposition"
	if r.data.cliHasActions() {
		resume = "invoke the contio_webhook_reenable action, or " + resume
	}
	resp.Diagnostics.AddWarning("Webhook delivery stays disabled",
		fmt.Sprintf("Destroying contio_webhook_status only removes it from Terraform state: Contio keeps webhook delivery disabled for app %s, and keeps queueing events as pending. "+
			"Re-enabling needs a pending_disposition that a destroy cannot choose; to resume delivery, %s.", state.ID.ValueString(), resume))
}

// setStatus sends the planned status. The disposition goes only with a
// disabled-to-enabled change: elsewhere it is noise the API may refuse.
func (r *webhookStatusResource) setStatus(ctx context.Context, currentlyEnabled bool, plan webhookStatusModel) (*contio.App, error) {
	var disposition contio.PendingDisposition
	if plan.Enabled.ValueBool() && !currentlyEnabled {
		disposition = contio.PendingDisposition(plan.PendingDisposition.ValueString())
	}
	return r.data.write(func() (*contio.App, error) {
		return r.data.client.UpdateWebhookStatus(ctx, plan.Enabled.ValueBool(), disposition)
	})
}

// webhookStatusModel is contio_webhook_status in state.
type webhookStatusModel struct {
	ID                 types.String `tfsdk:"id"`
	Enabled            types.Bool   `tfsdk:"enabled"`
	PendingDisposition types.String `tfsdk:"pending_disposition"`
}

// fromApp maps the API's answer. pending_disposition is configuration only:
// the API never returns it, so it keeps its planned (or imported: null) value.
func (m *webhookStatusModel) fromApp(app *contio.App) {
	m.ID = types.StringValue(app.ID)
	m.Enabled = types.BoolValue(app.WebhookEnabled)
}
