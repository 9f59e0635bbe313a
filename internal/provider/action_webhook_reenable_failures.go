package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// recentFailuresLimit is how many deliveries of each failing status the
// action lists to report the recent failures.
const recentFailuresLimit = 100

// recentFailures lists up to limit deliveries of status, for the action's
// report of recent failures. It is the one place the action lists
// deliveries: point it at a "newest first" listing when the client has one
// (today it is the API's order, which the contract assumes is oldest first).
func recentFailures(ctx context.Context, c *contio.Client, status contio.DeliveryStatus, limit int) ([]contio.Delivery, error) {
	return c.CollectWebhookDeliveries(ctx, status, limit)
}

// describeFailures is the runbook's "review recent failures" step as one
// progress message: how many failed and abandoned deliveries were listed, and
// the newest error among them. It only informs, so it makes one attempt per
// request within backlogCountTimeout, and a failure is part of the message.
func describeFailures(ctx context.Context, c *contio.Client) string {
	ctx, cancel := context.WithTimeout(contio.WithoutRetries(ctx), backlogCountTimeout)
	defer cancel()
	var counts []string
	var newest *contio.Delivery
	for _, status := range []contio.DeliveryStatus{contio.DeliveryAbandoned, contio.DeliveryFailed} {
		list, err := recentFailures(ctx, c, status, recentFailuresLimit)
		if err != nil {
			return fmt.Sprintf("Could not list the recent delivery failures (%s); the contio_webhook_deliveries data source lists them.", err)
		}
		n := fmt.Sprintf("%d %s", len(list), status)
		if len(list) == recentFailuresLimit {
			n = fmt.Sprintf("at least %d %s", len(list), status)
		}
		counts = append(counts, n)
		for i := range list {
			if newest == nil || attemptTime(list[i]).After(attemptTime(*newest)) {
				newest = &list[i]
			}
		}
	}
	msg := "Recent delivery failures: " + strings.Join(counts, ", ") + "."
	if newest == nil {
		return msg
	}
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
