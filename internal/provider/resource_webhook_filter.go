package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var (
	_ resource.ResourceWithConfigure   = (*webhookFilterResource)(nil)
	_ resource.ResourceWithImportState = (*webhookFilterResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*webhookFilterResource)(nil)
	_ resource.ResourceWithIdentity    = (*webhookFilterResource)(nil)
)

// NewWebhookFilterResource is the contio_webhook_filter resource.
func NewWebhookFilterResource() resource.Resource { return &webhookFilterResource{} }

type webhookFilterResource struct {
	data *providerData
}

func (r *webhookFilterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_filter"
}

func (r *webhookFilterResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Which webhook event types Contio delivers to the partner app's endpoint. " +
			"Without this resource (or after destroying it) every supported event is delivered. " +
			"`" + contio.AlwaysDeliveredEventType + "` is always delivered, whatever the filter. " +
			"An app has one filter: declare one `contio_webhook_filter` per app (per provider configuration); two would overwrite each other on every apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The app id that Contio answers, normally the provider's `client_id`. Import and the resource identity always use the `client_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "`include` delivers only the listed events; `exclude` delivers every supported event except the listed ones.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(contio.FilterTypes()...)},
			},
			"events": schema.SetAttribute{
				MarkdownDescription: "The event types the filter lists, at least one, checked at plan time against Contio's catalog " +
					"(`terraform validate` already warns about a likely typo of a catalog type, such as `meeting.craeted`): " +
					markdownList(contio.FilterableEventTypes()) + ". " +
					"A type that Contio added after this provider version can be used once it is listed in the provider's `additional_event_types`, whatever its shape; so can a type that Contio's current filter already holds (an imported filter plans as it is). " +
					"`" + contio.AlwaysDeliveredEventType + "` cannot be listed: it is always delivered.",
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(eventTypeValidator{}),
				},
			},
		},
	}
}

func (r *webhookFilterResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	appIdentitySchema(resp)
}

func (r *webhookFilterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, "Resource", &resp.Diagnostics)
}

func (r *webhookFilterResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.requireClient(&resp.Diagnostics, "Terraform cannot create contio_webhook_filter", r.data.applyDependenciesFirst()) {
		return
	}
	r.put(ctx, req.Plan, types.StringNull(), &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *webhookFilterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookFilterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	app := r.data.readForRefresh(ctx, state.ID, "contio_webhook_filter", req, resp)
	if app == nil {
		return
	}
	if app.WebhookFilter == nil {
		// Removed outside Terraform: the plan proposes to create it again. The
		// identity is set all the same: the framework requires one after every
		// Read, and CLIs before Terraform 1.12 send none to start from.
		resp.Diagnostics.Append(setAppIdentity(ctx, resp.Identity, r.data.client.ClientID())...)
		resp.State.RemoveResource(ctx)
		return
	}
	recorded := state.ID
	resp.Diagnostics.Append(state.fromApp(ctx, app)...)
	state.ID = appIDAfter(recorded, app)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(r.data.recordApp(ctx, resp.Identity, resp.Private)...)
}

func (r *webhookFilterResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.checkWriteTarget(ctx, req.State, req.Private, "contio_webhook_filter", &resp.Diagnostics) {
		return
	}
	var recorded types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &recorded)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, req.Plan, recorded, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *webhookFilterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.data.checkWriteTarget(ctx, req.State, req.Private, "contio_webhook_filter", &resp.Diagnostics) {
		return
	}
	_, err := r.data.write(func() (*contio.App, error) { return r.data.client.RemoveWebhookFilter(ctx) })
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to remove webhook filter", err)
	}
}

func (r *webhookFilterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAppScoped(ctx, r.data, "contio_webhook_filter", req, resp)
}

// ModifyPlan checks the planned events against the catalog of this provider
// configuration (schema validators cannot see additional_event_types), and
// says at plan time when creating the resource replaces a filter the app
// already has.
func (r *webhookFilterResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan webhookFilterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.checkCatalog(ctx, plan, req.State, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !req.State.Raw.IsNull() || !r.data.hasClient() {
		return
	}
	app := r.data.readAppForWarning(ctx, "warn when creating contio_webhook_filter replaces a filter the app already has", &resp.Diagnostics)
	if app == nil || app.WebhookFilter == nil {
		return
	}
	resp.Diagnostics.AddWarning("contio_webhook_filter replaces the app's current filter",
		fmt.Sprintf("App %s already has a webhook filter: %s %s. Applying this plan replaces it with the configured one. "+
			"To bring the current filter under management instead, import it (an import block with id = %q, or %s) and edit the configuration to match.",
			app.ID, app.WebhookFilter.Type, markdownList(app.WebhookFilter.Events), r.data.client.ClientID(), r.data.cliCommand("import <address> "+r.data.client.ClientID())))
}

// checkCatalog refuses event types that neither the built-in catalog, nor the
// provider's additional_event_types, nor Contio's stored filter (the state,
// as last read) know: a type Contio holds is one Contio accepts, whatever its
// shape, so an imported filter plans as it is. Unknown values pass: Terraform
// plans again once they are known.
func (r *webhookFilterResource) checkCatalog(ctx context.Context, plan webhookFilterModel, prior tfsdk.State, diags *diag.Diagnostics) {
	if r.data == nil || r.data.catalog == nil || plan.Events.IsUnknown() {
		return
	}
	var held []string
	if !prior.Raw.IsNull() {
		var state webhookFilterModel
		diags.Append(prior.Get(ctx, &state)...)
		if !state.Events.IsNull() && !state.Events.IsUnknown() {
			diags.Append(state.Events.ElementsAs(ctx, &held, false)...)
		}
	}
	for _, e := range plan.Events.Elements() {
		ev, ok := e.(types.String)
		if !ok || ev.IsUnknown() || ev.IsNull() || r.data.catalog.contains(ev.ValueString()) || slices.Contains(held, ev.ValueString()) {
			continue
		}
		diags.AddAttributeError(path.Root("events").AtSetValue(ev), "Unknown Contio event type",
			r.data.catalog.unknownTypeDetail(ev.ValueString()))
	}
}

// put is Create and Update alike: PUT replaces the whole filter. recorded is
// the id in state before, null on Create.
func (r *webhookFilterResource) put(ctx context.Context, planned tfsdk.Plan, recorded types.String, state *tfsdk.State, identity *tfsdk.ResourceIdentity, private privateSetter, diags *diag.Diagnostics) {
	var plan webhookFilterModel
	diags.Append(planned.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	var events []string
	diags.Append(plan.Events.ElementsAs(ctx, &events, false)...)
	if diags.HasError() {
		return
	}
	slices.Sort(events) // a stable request body, whatever order the set iterates in
	app, err := r.data.write(func() (*contio.App, error) {
		return r.data.client.SetWebhookFilter(ctx, contio.FilterType(plan.Type.ValueString()), events)
	})
	if err != nil {
		addAPIError(diags, "Unable to set webhook filter", err)
		return
	}
	if app.WebhookFilter == nil {
		diags.AddError("Unable to set webhook filter",
			"Contio accepted the filter but answered without one. Please report this issue to the provider developers.")
		return
	}
	diags.Append(plan.fromApp(ctx, app)...)
	plan.ID = appIDAfterUpdate(recorded, app)
	if !isRecorded(recorded) && app.Omitted.ID {
		// Create, and the answer has no id: record the one a GET answers, as
		// every later Read will, so the id does not change at the next
		// refresh (which a drift check would report). The write's answer is
		// cached, so ask Contio itself; without an answer, the fallback stays.
		if got, err := r.data.client.GetApp(ctx); err == nil {
			plan.ID = appIDAfter(types.StringNull(), got)
		}
	}
	diags.Append(state.Set(ctx, &plan)...)
	diags.Append(r.data.recordApp(ctx, identity, private)...)
}

// markdownList renders values as inline code, comma-separated.
func markdownList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}

// webhookFilterModel is contio_webhook_filter in state.
type webhookFilterModel struct {
	ID     types.String `tfsdk:"id"`
	Type   types.String `tfsdk:"type"`
	Events types.Set    `tfsdk:"events"`
}

// fromApp maps an app whose webhook_filter is set.
func (m *webhookFilterModel) fromApp(ctx context.Context, app *contio.App) diag.Diagnostics {
	m.ID = types.StringValue(app.ID)
	m.Type = types.StringValue(string(app.WebhookFilter.Type))
	var diags diag.Diagnostics
	m.Events, diags = types.SetValueFrom(ctx, types.StringType, app.WebhookFilter.Events)
	return diags
}
