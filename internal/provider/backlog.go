package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// backlogCountTimeout bounds a backlog count, all its pages together. The
// count only informs a warning or a progress message: past this, the warning
// says the backlog could not be counted and the plan goes on.
const backlogCountTimeout = 10 * time.Second

// backlogCounter counts the pending deliveries once per provider
// configuration (Terraform plans contio_webhook_status, and the action, with
// one provider process per command walk), without holding a lock during the
// requests: concurrent callers share one count in flight, and a write never
// waits for a count, it only makes the next caller count again. Only a
// successful count is kept; after a failure the next caller counts again.
type backlogCounter struct {
	mu sync.Mutex
	// gen counts writes: a count started before one does not serve callers
	// that come after it.
	gen    uint64
	flight *backlogFlight
}

// backlogFlight is one count, in flight until done is closed.
type backlogFlight struct {
	done chan struct{}
	gen  uint64
	n    contio.DeliveryCount
	err  error
	// leaderGone says the count failed because the context of the caller
	// that started it ended: later callers count again.
	leaderGone bool
}

// get returns the count, counting with count unless a count for the current
// generation is done or under way. count gets a context bounded by
// backlogCountTimeout in which the client does not retry, so a 429 with a
// long Retry-After fails the count at once instead of holding the plan.
func (b *backlogCounter) get(ctx context.Context, count func(context.Context) (contio.DeliveryCount, error)) (contio.DeliveryCount, error) {
	for {
		b.mu.Lock()
		f := b.flight
		if f == nil || f.gen != b.gen {
			f = &backlogFlight{done: make(chan struct{}), gen: b.gen}
			b.flight = f
			b.mu.Unlock()

			cctx, cancel := context.WithTimeout(contio.WithoutRetries(ctx), backlogCountTimeout)
			f.n, f.err = count(cctx)
			cancel()
			f.leaderGone = f.err != nil && ctx.Err() != nil
			if f.err != nil {
				// A failed count is not kept: one transient 503 must not
				// make every later warning say "could not count". The
				// callers already sharing this count get its error.
				b.mu.Lock()
				if b.flight == f {
					b.flight = nil
				}
				b.mu.Unlock()
			}
			close(f.done)
		} else {
			b.mu.Unlock()
		}

		select {
		case <-f.done:
		case <-ctx.Done():
			return contio.DeliveryCount{}, ctx.Err()
		}
		if f.leaderGone && ctx.Err() == nil {
			b.mu.Lock()
			if b.flight == f {
				b.flight = nil
			}
			b.mu.Unlock()
			continue
		}
		return f.n, f.err
	}
}

// forget makes the next get count again: a write may have re-enabled or
// disabled delivery, which changes the backlog.
func (b *backlogCounter) forget() {
	b.mu.Lock()
	b.gen++
	b.flight = nil
	b.mu.Unlock()
}

// pendingBacklog counts the pending deliveries (at most
// contio.BacklogCountPages requests, within backlogCountTimeout), once per
// provider configuration.
func (p *providerData) pendingBacklog(ctx context.Context) (contio.DeliveryCount, error) {
	return p.backlog.get(ctx, func(ctx context.Context) (contio.DeliveryCount, error) {
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
