package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// waitClock is the drain wait's notion of time. The action gets the real one;
// tests inject a fake (as the time provider injects its clock), so that they
// prove what a wait reports without waiting.
type waitClock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends (then it returns ctx's error).
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// waitClock returns the injected clock, or the wall clock.
func (a *webhookReenableAction) waitClock() waitClock {
	if a.clock == nil {
		return realClock{}
	}
	return a.clock
}

// queuedBeforeReenable is the pending backlog as listed just before the
// re-enable: a drain wait counts only these deliveries, since on an app with
// traffic new events keep arriving as pending until Contio's next cycle, and
// a wait for every pending delivery might never end.
type queuedBeforeReenable struct {
	ids map[string]bool
	// complete is false when listing stopped at the page limit: the wait
	// then follows the deliveries it saw, whichever those were.
	complete bool
}

// snapshotPending lists the pending deliveries before the re-enable, once,
// without retries and within backlogCountTimeout. Nil means it could not:
// the drain wait then counts every pending delivery.
func snapshotPending(ctx context.Context, c *contio.Client, progress func(string, ...any)) *queuedBeforeReenable {
	cctx, cancel := informingRead(ctx)
	defer cancel()
	q := &queuedBeforeReenable{ids: map[string]bool{}}
	n, err := c.CountWebhookDeliveries(cctx, contio.CountQuery{
		Status:   contio.DeliveryPending,
		MaxPages: contio.BacklogCountPages,
		Keep:     func(d contio.Delivery) bool { q.ids[d.ID] = true; return true },
	})
	if err != nil {
		progress("Could not list the pending backlog before re-enabling (%s): the drain wait counts every pending delivery, including events created after the re-enable.", err)
		return nil
	}
	q.complete = n.Exact
	return q
}

// keep reports whether the drain wait counts d; a nil snapshot counts all.
func (q *queuedBeforeReenable) keep() func(contio.Delivery) bool {
	if q == nil {
		return nil
	}
	return func(d contio.Delivery) bool { return q.ids[d.ID] }
}

// waitForDrain counts the backlog queued before the re-enable (see
// queuedBeforeReenable) every pollInterval, or the time left if shorter,
// until none of it is pending or limit has passed; then it says what became
// of each of those deliveries (see backlogOutcome). Running out of time, and
// deliveries that failed again, are warnings: the re-enable succeeded, and
// invoking again would change nothing. The time it reports is measured.
func (a *webhookReenableAction) waitForDrain(ctx context.Context, limit string, queued *queuedBeforeReenable, progress func(string, ...any), diags *diag.Diagnostics) {
	d, err := time.ParseDuration(limit)
	if err != nil {
		return // unreachable: the schema's validators refused it
	}
	if queued != nil && len(queued.ids) == 0 {
		if queued.complete {
			progress("Nothing was pending before the re-enable, so there is no backlog to wait for.")
			return
		}
		progress("Listing the pending backlog before the re-enable found none in %d pages of other deliveries: the drain wait counts every pending delivery, including events created after the re-enable.", contio.BacklogCountPages)
		queued = nil
	}
	clock := a.waitClock()
	start := clock.Now()
	deadline := start.Add(d)
	progress("Waiting up to %s for the pending backlog to drain.", d)
	for {
		cctx, cancel := informingRead(ctx)
		n, err := a.data.client.CountWebhookDeliveries(cctx, contio.CountQuery{
			Status: contio.DeliveryPending, MaxPages: contio.BacklogCountPages, Keep: queued.keep(),
		})
		cancel()
		var left string
		switch {
		case err != nil:
			left = "the backlog could not be counted: " + err.Error()
		case n.Exact && n.N == 0:
			a.reportBacklog(ctx, queued, 0, progress, diags)
			return
		case queued != nil:
			left = backlogPhrase(n) + " queued before the re-enable left"
		default:
			left = backlogPhrase(n) + " left"
		}
		remaining := deadline.Sub(clock.Now())
		if remaining <= 0 {
			if queued != nil {
				a.reportBacklog(ctx, queued, clock.Now().Sub(start), progress, diags)
				return
			}
			diags.AddWarning("The pending backlog has not drained yet",
				fmt.Sprintf("Webhook delivery is re-enabled, but after waiting %s, %s. Contio keeps delivering them; the contio_webhook_deliveries data source (status = \"pending\") lists them.",
					waitedPhrase(clock.Now().Sub(start)), left))
			return
		}
		progress("Waiting for the backlog to drain: %s.", left)
		if clock.Sleep(ctx, min(a.pollInterval, remaining)) != nil {
			diags.AddWarning("Stopped waiting for the pending backlog to drain",
				fmt.Sprintf("Webhook delivery is re-enabled; the wait for the backlog was cancelled after %s.", waitedPhrase(clock.Now().Sub(start))))
			return
		}
	}
}

// reportBacklog says what became of the backlog once the wait ends: waited is
// zero when none of it is pending any more, else the time the wait took.
func (a *webhookReenableAction) reportBacklog(ctx context.Context, queued *queuedBeforeReenable, waited time.Duration, progress func(string, ...any), diags *diag.Diagnostics) {
	if queued == nil {
		progress("No delivery is pending any more. The backlog could not be listed before the re-enable, so this action cannot tell which were delivered and which failed again: " +
			"the contio_webhook_deliveries data source (status = \"failed\", then \"abandoned\") lists the failures.")
		return
	}
	o := classifyBacklog(ctx, a.data.client, queued)
	progress("%s", o.summary())
	if w := o.failedAgainWarning(a.data.client); w != "" {
		diags.AddWarning("Deliveries failed again after the re-enable", w)
	}
	pending := len(o.byStatus[contio.DeliveryPending])
	if waited > 0 && (pending > 0 || o.unread > 0) {
		// The wait ran out; deliveries it could not find may be pending too.
		summary := "The pending backlog has not drained yet"
		if pending == 0 {
			summary = "Could not tell whether the pending backlog drained"
		}
		diags.AddWarning(summary,
			fmt.Sprintf("Webhook delivery is re-enabled, but after waiting %s, of the %d deliveries queued before it: %s. "+
				"Contio keeps delivering those still pending; the contio_webhook_deliveries data source (status = \"pending\") lists them.",
				waitedPhrase(waited), o.total, o.counts()))
	}
}

// waitedPhrase is a measured wait, to a tenth of a second.
func waitedPhrase(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
