package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// backlogCountTimeout bounds a backlog count, all its pages together. The
// count only informs a warning or a progress message: past this, the warning
// says the backlog could not be counted and the plan goes on.
const backlogCountTimeout = 10 * time.Second

// pendingBacklog counts the pending deliveries (at most
// contio.BacklogCountPages requests, within backlogCountTimeout), once per
// provider configuration.
func (p *providerData) pendingBacklog(ctx context.Context) (contio.DeliveryCount, error) {
	return p.backlog.get(ctx, func(ctx context.Context) (contio.DeliveryCount, error) {
		ctx, cancel := informingRead(ctx)
		defer cancel()
		return p.client.CountWebhookDeliveries(ctx, contio.CountQuery{Status: contio.DeliveryPending, MaxPages: contio.BacklogCountPages})
	})
}

// backlogPhrase says how many pending deliveries were counted.
func backlogPhrase(n contio.DeliveryCount) string {
	if !n.Exact {
		return fmt.Sprintf("at least %d pending deliveries (counting stopped after %d requests)", n.N, contio.BacklogCountPages)
	}
	return fmt.Sprintf("%d pending deliveries", n.N)
}

// backlogCountFailure says why the backlog could not be counted. It is a
// warning's detail: the plan goes on.
func backlogCountFailure(err error) string {
	// err's own text, not apiErrorDetail's advice: that speaks of the
	// provider's retries, which a count does not make.
	why := "The count failed: " + err.Error()
	if errors.Is(err, context.DeadlineExceeded) {
		why = fmt.Sprintf("counting took longer than %s, the most a plan-time count may take", backlogCountTimeout)
	}
	return "The pending backlog could not be counted, so this plan cannot say how many deliveries the re-enable affects; the plan goes on. " +
		"Counting makes one attempt per request, without retries, so that it never holds up the plan. " + why
}

// addBacklogWarning says what re-enabling with disposition d does to the
// pending backlog: the plan-time warning of both the contio_webhook_status
// resource and the contio_webhook_reenable action. It never adds an error.
func (p *providerData) addBacklogWarning(ctx context.Context, d contio.PendingDisposition, diags *diag.Diagnostics) {
	if !p.hasClient() {
		return
	}
	n, err := p.pendingBacklog(ctx)
	if err != nil {
		diags.AddWarning("Unable to count pending webhook deliveries", backlogCountFailure(err))
		return
	}
	const seeThem = " The contio_webhook_deliveries data source (status = \"pending\") lists them."
	if d == contio.DispositionAbandon {
		diags.AddWarning("Re-enabling webhooks will discard the backlog",
			"pending_disposition = \"abandon\": "+backlogPhrase(n)+", queued while webhooks were disabled, will be discarded and never sent."+seeThem)
		return
	}
	diags.AddWarning("Re-enabling webhooks will deliver the backlog",
		"pending_disposition = \"deliver\": "+backlogPhrase(n)+", queued while webhooks were disabled, stay queued and are sent on Contio's next delivery cycle."+seeThem)
}
