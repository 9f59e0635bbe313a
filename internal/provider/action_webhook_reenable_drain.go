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
	// then follows the oldest deliveries it saw.
	complete bool
}

// snapshotPending lists the pending deliveries before the re-enable, once,
// without retries and within backlogCountTimeout. Nil means it could not:
// the drain wait then counts every pending delivery.
func snapshotPending(ctx context.Context, c *contio.Client, progress func(string, ...any)) *queuedBeforeReenable {
	cctx, cancel := context.WithTimeout(contio.WithoutRetries(ctx), backlogCountTimeout)
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
// queuedBeforeReenable) every pollInterval until it is empty or limit has
// passed. Running out of time is a warning: the re-enable succeeded.
func (a *webhookReenableAction) waitForDrain(ctx context.Context, limit string, queued *queuedBeforeReenable, progress func(string, ...any), diags *diag.Diagnostics) {
	d, err := time.ParseDuration(limit)
	if err != nil {
		return // unreachable: the schema's validators refused it
	}
	clock := a.waitClock()
	deadline := clock.Now().Add(d)
	progress("Waiting up to %s for the pending backlog to drain.", d)
	var last string
	for {
		cctx, cancel := context.WithTimeout(contio.WithoutRetries(ctx), backlogCountTimeout)
		n, err := a.data.client.CountWebhookDeliveries(cctx, contio.CountQuery{
			Status: contio.DeliveryPending, MaxPages: contio.BacklogCountPages, Keep: queued.keep(),
		})
		cancel()
		switch {
		case err != nil:
			last = "the backlog could not be counted: " + err.Error()
		case n.Exact && n.N == 0 && queued != nil && !queued.complete:
			progress("The %d oldest deliveries queued before the re-enable have been sent; more were queued than one count lists, so some may still be pending.", len(queued.ids))
			return
		case n.Exact && n.N == 0:
			progress("The pending backlog has drained.")
			return
		case queued != nil:
			last = backlogPhrase(n) + " queued before the re-enable left"
		default:
			last = backlogPhrase(n) + " left"
		}
		if clock.Now().Add(a.pollInterval).After(deadline) {
			diags.AddWarning("The pending backlog has not drained yet",
				fmt.Sprintf("Webhook delivery is re-enabled, but after waiting %s, %s. Contio keeps delivering them; the contio_webhook_deliveries data source (status = \"pending\") lists them.", d, last))
			return
		}
		progress("Waiting for the backlog to drain: %s.", last)
		if clock.Sleep(ctx, a.pollInterval) != nil {
			diags.AddWarning("Stopped waiting for the pending backlog to drain",
				"Webhook delivery is re-enabled; the wait for the backlog was cancelled.")
			return
		}
	}
}
