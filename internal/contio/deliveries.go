package contio

import (
	"context"
	"iter"
)

// AllWebhookDeliveries walks every page of the app's deliveries with the given
// status ("" for all). It stops at the first error, which it yields.
func (c *Client) AllWebhookDeliveries(ctx context.Context, status DeliveryStatus) iter.Seq2[Delivery, error] {
	return func(yield func(Delivery, error) bool) {
		p := ListDeliveriesParams{Status: status, Limit: MaxDeliveriesPageSize}
		for {
			page, err := c.ListWebhookDeliveries(ctx, p)
			if err != nil {
				yield(Delivery{}, err)
				return
			}
			for _, d := range page.Data {
				if !yield(d, nil) {
					return
				}
			}
			if page.NextCursor == nil || *page.NextCursor == "" {
				return
			}
			p.Cursor = *page.NextCursor
		}
	}
}

// CountWebhookDeliveries counts the app's deliveries with the given status.
func (c *Client) CountWebhookDeliveries(ctx context.Context, status DeliveryStatus) (int, error) {
	n := 0
	for _, err := range c.AllWebhookDeliveries(ctx, status) {
		if err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
