package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// backlogOutcome is what became of the deliveries queued before the
// re-enable, read back by id: their final status, as Contio lists it once the
// wait ends. Only this decides what the action says of the backlog.
type backlogOutcome struct {
	// total is how many deliveries were queued (as listed) before the re-enable.
	total int
	// incomplete says more were queued than one listing reads.
	incomplete bool
	byStatus   map[contio.DeliveryStatus][]contio.Delivery
	// unread counts the deliveries no listing showed, and readErr says why
	// when a listing failed.
	unread  int
	readErr error
}

// classifyBacklog finds each delivery of queued by listing each status in
// turn (at most contio.BacklogCountPages pages each, one attempt per request,
// within backlogCountTimeout), stopping once every one is found. It relies on
// each row's own status, not on the listing's order or its status query.
func classifyBacklog(ctx context.Context, c *contio.Client, queued *queuedBeforeReenable) backlogOutcome {
	o := backlogOutcome{total: len(queued.ids), incomplete: !queued.complete, byStatus: map[contio.DeliveryStatus][]contio.Delivery{}}
	found := map[string]bool{}
	for _, s := range []contio.DeliveryStatus{contio.DeliveryPending, contio.DeliveryFailed, contio.DeliveryAbandoned, contio.DeliveryDelivered} {
		if len(found) == len(queued.ids) {
			break
		}
		cctx, cancel := informingRead(ctx)
		_, err := c.CountWebhookDeliveries(cctx, contio.CountQuery{Status: s, MaxPages: contio.BacklogCountPages, Keep: func(d contio.Delivery) bool {
			if queued.ids[d.ID] && !found[d.ID] {
				found[d.ID] = true
				o.byStatus[s] = append(o.byStatus[s], d)
			}
			return false
		}})
		cancel()
		if err != nil && o.readErr == nil {
			o.readErr = fmt.Errorf("listing the %s deliveries: %w", s, err)
		}
	}
	o.unread = len(queued.ids) - len(found)
	return o
}

// abandonedAfterFailing splits the abandoned deliveries: those attempted ran
// out of retries; the others were discarded unsent (pending_disposition =
// "abandon").
func (o backlogOutcome) abandonedAfterFailing() (attempted, unsent int) {
	for _, d := range o.byStatus[contio.DeliveryAbandoned] {
		if d.Attempts > 0 || d.LastAttemptAt != nil {
			attempted++
		} else {
			unsent++
		}
	}
	return attempted, unsent
}

// failedAgain counts the deliveries whose attempt after the re-enable failed.
func (o backlogOutcome) failedAgain() int {
	attempted, _ := o.abandonedAfterFailing()
	return len(o.byStatus[contio.DeliveryFailed]) + attempted
}

// counts names each non-zero count, such as "1 delivered, 2 failed again
// (Contio retries them)".
func (o backlogOutcome) counts() string {
	attempted, unsent := o.abandonedAfterFailing()
	var parts []string
	add := func(n int, format string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf(format, n))
		}
	}
	add(len(o.byStatus[contio.DeliveryDelivered]), "%d delivered")
	add(len(o.byStatus[contio.DeliveryFailed]), "%d failed again (Contio retries them)")
	add(attempted, "%d abandoned after failing (no retries left)")
	add(unsent, "%d abandoned unsent")
	add(len(o.byStatus[contio.DeliveryPending]), "%d still pending")
	if o.unread > 0 {
		why := fmt.Sprintf("not found in %d pages of each status", contio.BacklogCountPages)
		if o.readErr != nil {
			why = "unknown: " + o.readErr.Error()
		}
		parts = append(parts, fmt.Sprintf("%d %s", o.unread, why))
	}
	return strings.Join(parts, ", ")
}

// summary is the progress message for the outcome.
func (o backlogOutcome) summary() string {
	var msg string
	switch {
	case len(o.byStatus[contio.DeliveryDelivered]) == o.total:
		msg = fmt.Sprintf("The backlog has drained: all %d deliveries queued before the re-enable were delivered.", o.total)
	case len(o.byStatus[contio.DeliveryPending]) == 0 && o.unread == 0:
		msg = fmt.Sprintf("None of the %d deliveries queued before the re-enable is still pending: %s.", o.total, o.counts())
	default:
		msg = fmt.Sprintf("Of the %d deliveries queued before the re-enable: %s.", o.total, o.counts())
	}
	if o.incomplete {
		msg += fmt.Sprintf(" More were pending than one listing reads (%d pages); the others were not followed.", contio.BacklogCountPages)
	}
	return msg
}

// failedAgainWarning is the warning's detail when any delivery failed again,
// else "". It names the runbook's first step: the endpoint.
func (o backlogOutcome) failedAgainWarning(c *contio.Client) string {
	if o.failedAgain() == 0 {
		return ""
	}
	msg := fmt.Sprintf("Webhook delivery is re-enabled, but of the %d deliveries queued before it: %s.", o.total, o.counts())
	if d := newestAttempted(o.byStatus[contio.DeliveryFailed], o.byStatus[contio.DeliveryAbandoned]); d != nil && d.LastError != "" {
		msg += " The newest error: " + c.Sanitized(*d).LastError + "."
	}
	return msg + " The endpoint still fails, and Contio disables delivery again if failures go on. " +
		"Runbook step 1: check that the app's webhook_url is reachable and answers 2xx quickly, then review the failures " +
		"with the contio_webhook_deliveries data source (status = \"failed\", then \"abandoned\")."
}

// newestAttempted is the delivery attempted last among lists, or nil.
func newestAttempted(lists ...[]contio.Delivery) *contio.Delivery {
	var newest *contio.Delivery
	for _, l := range lists {
		for i := range l {
			if l[i].LastAttemptAt != nil && (newest == nil || l[i].LastAttemptAt.After(*newest.LastAttemptAt)) {
				newest = &l[i]
			}
		}
	}
	return newest
}
