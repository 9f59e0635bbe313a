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
// progress message (Contio lists abandoned deliveries of all time, and the
// message says so). It only informs, so it makes one attempt per request
// within backlogCountTimeout, and a failure is part of the message. What
// Contio wrote into a delivery is sanitized before the message and tflog.
func describeFailures(ctx context.Context, c *contio.Client) string {
	ctx, cancel := informingRead(ctx)
	defer cancel()
	var counts []string
	var newest *contio.Delivery
	total, complete := 0, true
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
		total += found.Matched
		complete = complete && found.Complete
		switch {
		case found.Complete:
			counts = append(counts, fmt.Sprintf("%d %s (%s)", found.Matched, s.status, s.means))
		case found.Matched == 0:
			counts = append(counts, fmt.Sprintf("no %s (%s) among the first %d deliveries listed", s.status, s.means, found.Scanned))
		default:
			counts = append(counts, fmt.Sprintf("at least %d %s (%s)", found.Matched, s.status, s.means))
		}
		if len(found.Deliveries) > 0 && (newest == nil || attemptTime(found.Deliveries[0]).After(attemptTime(*newest))) {
			newest = &found.Deliveries[0]
		}
	}
	if total == 0 && complete {
		return "Contio lists no failed or abandoned deliveries."
	}
	msg := "Delivery failures Contio lists: " + strings.Join(counts, ", ") + "."
	if newest == nil {
		return msg
	}
	return msg + " Newest: " + describeDelivery(c.Sanitized(*newest))
}

// describeDelivery says what is known of d, already sanitized, leaving out
// what Contio did not send: "delivery whd_1 (meeting.created, failed, last
// attempted at T): HTTP 503".
func describeDelivery(d contio.Delivery) string {
	name := "a delivery without an id"
	if d.ID != "" {
		name = "delivery " + d.ID
	}
	var facts []string
	if d.EventType != "" {
		facts = append(facts, d.EventType)
	}
	facts = append(facts, string(d.Status))
	switch {
	case d.LastAttemptAt != nil && !contio.TimeUnreadable(*d.LastAttemptAt):
		facts = append(facts, "last attempted at "+d.LastAttemptAt.UTC().Format(time.RFC3339))
	case d.LastAttemptAt != nil:
		facts = append(facts, "last attempted at a time this provider cannot read")
	case d.Attempts == 0 && !contio.TimeUnreadable(d.CreatedAt):
		facts = append(facts, "never attempted, created at "+d.CreatedAt.UTC().Format(time.RFC3339))
	case d.Attempts == 0:
		facts = append(facts, "never attempted")
	}
	out := name + " (" + strings.Join(facts, ", ") + ")"
	if d.LastError != "" {
		out += ": " + d.LastError
	}
	return out
}

// attemptTime is when a delivery was last attempted, or else created.
func attemptTime(d contio.Delivery) time.Time {
	if d.LastAttemptAt != nil {
		return *d.LastAttemptAt
	}
	return d.CreatedAt
}
