package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// recentFailuresPages is what the action may spend listing each failing
// status: at most this many pages of 100 deliveries. Past that it reports
// "at least" and the newest of what it read.
const recentFailuresPages = 10

// recentFailures is the one place the action lists deliveries: the newest
// delivery of status and how many there are, whatever order Contio lists
// them in (contio.RecentWebhookDeliveries).
func recentFailures(ctx context.Context, c *contio.Client, status contio.DeliveryStatus) (contio.RecentDeliveries, error) {
	return c.RecentWebhookDeliveries(ctx, contio.RecentQuery{Status: status, Limit: 1, MaxPages: recentFailuresPages})
}

// describeFailures is the runbook's "review recent failures" step as one
// progress message: how many failed and abandoned deliveries Contio lists,
// and the newest error among them. Contio lists abandoned deliveries of all
// time, so the message says so rather than calling them recent. It only
// informs, so it makes one attempt per request within backlogCountTimeout,
// and a failure is part of the message. What Contio wrote into a delivery
// (its id, event type and last error) is sanitized before it reaches the
// message and tflog.
func describeFailures(ctx context.Context, c *contio.Client) string {
	ctx, cancel := context.WithTimeout(contio.WithoutRetries(ctx), backlogCountTimeout)
	defer cancel()
	var counts []string
	var newest *contio.Delivery
	for _, s := range []struct {
		status contio.DeliveryStatus
		means  string
	}{
		{contio.DeliveryAbandoned, "all time"},
		{contio.DeliveryFailed, "being retried"},
	} {
		found, err := recentFailures(ctx, c, s.status)
		if err != nil {
			return fmt.Sprintf("Could not list the delivery failures (%s); the contio_webhook_deliveries data source lists them.", err)
		}
		n := fmt.Sprintf("%d %s (%s)", found.Matched, s.status, s.means)
		if !found.Complete {
			n = fmt.Sprintf("at least %d %s (%s)", found.Matched, s.status, s.means)
		}
		counts = append(counts, n)
		if len(found.Deliveries) > 0 && (newest == nil || attemptTime(found.Deliveries[0]).After(attemptTime(*newest))) {
			newest = &found.Deliveries[0]
		}
	}
	msg := "Delivery failures Contio lists: " + strings.Join(counts, ", ") + "."
	if newest == nil {
		return msg
	}
	d := c.Sanitized(*newest)
	newest = &d
	lastError := newest.LastError
	if lastError == "" {
		lastError = "(no error recorded)"
	}
	return msg + fmt.Sprintf(" Newest: delivery %s (%s, %s at %s): %s",
		newest.ID, newest.EventType, newest.Status, attemptTime(*newest).UTC().Format(time.RFC3339), lastError)
}

// attemptTime is when a delivery was last attempted, or else created.
func attemptTime(d contio.Delivery) time.Time {
	if d.LastAttemptAt != nil {
		return *d.LastAttemptAt
	}
	return d.CreatedAt
}
