package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var (
	_ action.ActionWithConfigure  = (*webhookReenableAction)(nil)
	_ action.ActionWithModifyPlan = (*webhookReenableAction)(nil)
)

// reenableActionExampleName is the name the examples and docs give the
// action, so that a refused re-enable can name the command to run (see
// reEnableWaysOut for why it cannot name the configuration's own).
const reenableActionExampleName = "deliver"

// maxDrainWait bounds wait_for_drain: an action must not wait unboundedly.
const maxDrainWait = time.Hour

// drainPollInterval is how often a drain wait counts the backlog again.
const drainPollInterval = 15 * time.Second

// NewWebhookReenableAction is the contio_webhook_reenable action: the
// re-enable step of Contio's runbook for auto-disabled webhooks, run on
// demand (terraform apply -invoke) instead of through a configuration change.
func NewWebhookReenableAction() action.Action {
	return &webhookReenableAction{pollInterval: drainPollInterval}
}

type webhookReenableAction struct {
	data *providerData
	// pollInterval is drainPollInterval; tests shorten it.
	pollInterval time.Duration
	// clock times the drain wait; nil is the wall clock.
	clock waitClock
}

func (a *webhookReenableAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_reenable"
}

func (a *webhookReenableAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Re-enables webhook delivery after Contio disabled it, following Contio's runbook: " +
			"reads the app (if delivery is already enabled, it changes nothing), reports the recent delivery failures, counts the pending backlog, " +
			"re-enables with the chosen `pending_disposition`, and reads the app again to confirm `webhook_enabled`. " +
			"Run it with `terraform apply -invoke=action.contio_webhook_reenable.<name>` (Terraform 1.14 and later); " +
			"it works while a plan of `contio_webhook_status` is refused for want of a `pending_disposition`, and needs no configuration change.",
		Attributes: map[string]schema.Attribute{
			"pending_disposition": schema.StringAttribute{
				MarkdownDescription: "What happens to the deliveries Contio queued while webhooks were disabled: " +
					"`deliver` keeps them queued for the next delivery cycle, `abandon` discards them. Checked at plan time.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(contio.PendingDispositions()...)},
			},
			"wait_for_drain": schema.StringAttribute{
				MarkdownDescription: "After re-enabling, wait at most this long (a Go duration such as `5m`, up to `1h`) for the deliveries that were pending before the re-enable to leave `pending`, " +
					"counting them every " + drainPollInterval.String() + " (or the time left, if shorter). Then it reads each of them back and reports its final status: delivered, failed again, abandoned or still pending, " +
					"with the time it actually waited; only when all were delivered does it say the backlog has drained. " +
					"Deliveries that failed again draw a warning naming the runbook's first step (check the endpoint), and so does running out of time with deliveries still pending: the re-enable itself succeeded. " +
					"Events created after the re-enable are not waited for: on an app with traffic they keep arriving. " +
					"Useful with `deliver`; with `abandon` the backlog is discarded at once. Unset, the action does not wait.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(durationPattern, "must be a duration such as 30s, 5m or 1h"),
					drainWaitValidator{},
				},
			},
		},
	}
}

func (a *webhookReenableAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, "Action", &resp.Diagnostics)
}

// ModifyPlan says at plan time what invoking will do: nothing when delivery
// is enabled, else re-enable and deliver or discard the backlog (the same
// warning as contio_webhook_status's). Its reads only inform: a failure is a
// warning, and Invoke reads again.
func (a *webhookReenableAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg webhookReenableModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.PendingDisposition.IsUnknown() || cfg.PendingDisposition.IsNull() || !a.data.hasClient() {
		return
	}
	app := a.data.readAppForWarning(ctx, "say what contio_webhook_reenable will do", &resp.Diagnostics)
	if app == nil {
		return
	}
	if app.WebhookEnabled {
		resp.Diagnostics.AddWarning("Webhook delivery is already enabled",
			fmt.Sprintf("Contio delivers webhooks for app %s: invoking contio_webhook_reenable changes nothing.", appLabel(a.data.client, app)))
		return
	}
	a.data.addBacklogWarning(ctx, contio.PendingDisposition(cfg.PendingDisposition.ValueString()), &resp.Diagnostics)
}

// Invoke runs the runbook's steps, each reported as progress.
func (a *webhookReenableAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg webhookReenableModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !a.data.requireClient(&resp.Diagnostics, "contio_webhook_reenable cannot call Contio",
		"Make client_id, api_key and base_url known (for example through the CONTIO_* environment variables) and invoke it again.") {
		return
	}
	disposition := contio.PendingDisposition(cfg.PendingDisposition.ValueString())
	progress := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		tflog.Info(ctx, msg)
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}

	// 1. Is delivery disabled at all?
	app := a.data.readApp(ctx, &resp.Diagnostics)
	if app == nil {
		return
	}
	if app.WebhookEnabled {
		progress("Webhook delivery for app %s is already enabled: nothing to do (pending_disposition is not sent).", appLabel(a.data.client, app))
		return
	}
	progress("Webhook delivery for app %s is disabled.", appLabel(a.data.client, app))

	// 2. What failed: the runbook reviews recent failures before re-enabling.
	progress("%s", describeFailures(ctx, a.data.client))

	// 3. What the re-enable does to the backlog.
	if n, err := a.data.pendingBacklog(ctx); err != nil {
		progress("Could not count the pending backlog (%s); re-enabling anyway.", err)
	} else if disposition == contio.DispositionAbandon {
		progress("Backlog: %s will be discarded (pending_disposition = \"abandon\").", backlogPhrase(n))
	} else {
		progress("Backlog: %s stay queued and are sent on Contio's next delivery cycle (pending_disposition = \"deliver\").", backlogPhrase(n))
	}

	// Which deliveries a drain wait waits for: those queued before the
	// re-enable, not the events Contio creates after it.
	var queued *queuedBeforeReenable
	if !cfg.WaitForDrain.IsNull() {
		queued = snapshotPending(ctx, a.data.client, progress)
	}

	// 4. Re-enable.
	progress("Re-enabling webhook delivery with pending_disposition = %q.", disposition)
	if _, err := a.data.write(func() (*contio.App, error) {
		return a.data.client.UpdateWebhookStatus(ctx, true, disposition)
	}); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to re-enable webhook delivery", err)
		return
	}

	// 5. Confirm with a fresh read, not the write's own answer.
	confirmed, err := a.data.client.GetApp(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to confirm that webhook delivery is enabled", err)
		return
	}
	if !confirmed.WebhookEnabled {
		resp.Diagnostics.AddError("Webhook delivery is still disabled",
			fmt.Sprintf("Contio accepted the re-enable of app %s, but reading the app again shows webhook_enabled = false: "+
				"Contio may have disabled it again at once (check the endpoint and the recent failures with the contio_webhook_deliveries data source), or someone disabled it meanwhile.", appLabel(a.data.client, confirmed)))
		return
	}
	progress("Confirmed: Contio reports webhook_enabled = true for app %s. %s", appLabel(a.data.client, confirmed), afterReenable)

	if !cfg.WaitForDrain.IsNull() {
		a.waitForDrain(ctx, cfg.WaitForDrain.ValueString(), queued, progress, &resp.Diagnostics)
	}
}

// appLabel names the app in the action's messages: the id Contio answers,
// sanitized like all text from Contio (see contio.Client.Sanitized), or, when
// Contio sent none, the client id the provider calls with.
func appLabel(c *contio.Client, app *contio.App) string {
	if id := c.SanitizedText(app.ID); id != "" {
		return id
	}
	return "with client id " + c.ClientID()
}

// afterReenable says what, if anything, is left to do once the action has
// re-enabled delivery. The same words are in the action's docs and the
// troubleshooting guide, and the drift check names the same command.
const afterReenable = "Nothing else to run: a contio_webhook_status with enabled = true now matches Contio, so the next plan shows no change. " +
	"Only if this state recorded the auto-disable (enabled = false, after a terraform apply -refresh-only) does the drift check now report enabled false -> true: " +
	"then run terraform apply -refresh-only once to record the re-enable."

// drainWaitValidator refuses a wait_for_drain longer than maxDrainWait; the
// regular expression beside it checks the shape.
type drainWaitValidator struct{}

func (drainWaitValidator) Description(context.Context) string {
	return "must be at most " + maxDrainWait.String()
}

func (v drainWaitValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (drainWaitValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		return // the regular expression reports it
	}
	if d <= 0 || d > maxDrainWait {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid wait_for_drain",
			fmt.Sprintf("wait_for_drain must be a positive duration of at most %s (the action must not wait unboundedly), got %q.", maxDrainWait, req.ConfigValue.ValueString()))
	}
}

// webhookReenableModel is the action's configuration.
type webhookReenableModel struct {
	PendingDisposition types.String `tfsdk:"pending_disposition"`
	WaitForDrain       types.String `tfsdk:"wait_for_drain"`
}
