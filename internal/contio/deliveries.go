package contio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// BacklogCountPages is what a plan-time backlog count may cost: at most this
// many requests of MaxDeliveriesPageSize deliveries (1,000 deliveries). A
// larger backlog is reported as "at least" that many, rather than making a
// terraform plan walk an unbounded list.
const BacklogCountPages = 10

// maxDeliveryPages bounds every walk of the deliveries list (100,000
// deliveries at full pages), so that an API that keeps answering with a next
// cursor cannot keep the client busy forever.
const maxDeliveryPages = 1000

// DeliveryCount is a count of deliveries that may have stopped early.
type DeliveryCount struct {
	// N is how many deliveries were counted.
	N int
	// Exact is false when counting stopped at the page limit while the API
	// still had more: there are at least N.
	Exact bool
}

// ListWebhookDeliveries returns one page of the app's deliveries.
func (c *Client) ListWebhookDeliveries(ctx context.Context, p ListDeliveriesParams) (*DeliveryPage, error) {
	q := url.Values{}
	if p.Status != "" {
		q.Set("status", string(p.Status))
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	if p.Cursor != "" {
		q.Set("cursor", p.Cursor)
	}
	var page *DeliveryPage
	err := c.do(ctx, http.MethodGet, "/v1/partner/admin/webhook-deliveries", q, nil, func(body []byte) (err error) {
		page, err = decodeDeliveryPage(body)
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// errNotADeliveryPage rejects a JSON object without "data": a proxy's "{}"
// must not read as "no deliveries".
var errNotADeliveryPage = errors.New("not a page of deliveries: data is missing")

func decodeDeliveryPage(body []byte) (*DeliveryPage, error) {
	var page DeliveryPage
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, err
	}
	if page.Data == nil {
		return nil, errNotADeliveryPage
	}
	return &page, nil
}

// CountWebhookDeliveries counts the app's deliveries with the given status,
// reading at most maxPages pages of MaxDeliveriesPageSize (at least one). When
// more remain, the count is not Exact: there are at least N.
func (c *Client) CountWebhookDeliveries(ctx context.Context, status DeliveryStatus, maxPages int) (DeliveryCount, error) {
	w := c.newDeliveryWalk(status, max(maxPages, 1))
	n := 0
	for w.more() {
		page, err := w.next(ctx, MaxDeliveriesPageSize)
		if err != nil {
			return DeliveryCount{}, err
		}
		n += len(page)
	}
	return DeliveryCount{N: n, Exact: w.done}, nil
}

// CollectWebhookDeliveries returns at most limit of the app's deliveries with
// the given status, in the API's order, asking each page for no more than it
// still needs.
func (c *Client) CollectWebhookDeliveries(ctx context.Context, status DeliveryStatus, limit int) ([]Delivery, error) {
	var out []Delivery
	w := c.newDeliveryWalk(status, maxDeliveryPages)
	for len(out) < limit && w.more() {
		want := min(limit-len(out), MaxDeliveriesPageSize)
		page, err := w.next(ctx, want)
		if err != nil {
			return nil, err
		}
		out = append(out, page[:min(len(page), want)]...)
	}
	if len(out) < limit {
		if err := w.truncated(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// deliveryWalk follows the deliveries list's cursors, refusing to follow one
// twice (an API answering an old cursor again would loop forever) and to
// read more than maxPages pages.
type deliveryWalk struct {
	c        *Client
	status   DeliveryStatus
	maxPages int
	pages    int
	cursor   string
	seen     map[string]bool
	done     bool // the API said there is no next page
}

func (c *Client) newDeliveryWalk(status DeliveryStatus, maxPages int) *deliveryWalk {
	return &deliveryWalk{c: c, status: status, maxPages: maxPages, seen: map[string]bool{}}
}

// more reports whether another page may be read.
func (w *deliveryWalk) more() bool { return !w.done && w.pages < w.maxPages }

// next reads the next page, of at most limit deliveries.
func (w *deliveryWalk) next(ctx context.Context, limit int) ([]Delivery, error) {
	page, err := w.c.ListWebhookDeliveries(ctx, ListDeliveriesParams{Status: w.status, Limit: limit, Cursor: w.cursor})
	if err != nil {
		return nil, err
	}
	w.pages++
	switch {
	case page.NextCursor == nil || *page.NextCursor == "":
		w.done = true
	case w.seen[*page.NextCursor]:
		return nil, fmt.Errorf("contio API: listing webhook deliveries: page %d answered a next_cursor the API had already given (%q); "+
			"following it would loop forever, so the listing stopped", w.pages, oneLine(*page.NextCursor, w.c.apiKey, maxShortField))
	default:
		w.seen[*page.NextCursor] = true
		w.cursor = *page.NextCursor
	}
	return page.Data, nil
}

// truncated is the error of a walk that hit its page limit with pages left.
func (w *deliveryWalk) truncated() error {
	if w.done {
		return nil
	}
	return fmt.Errorf("contio API: listing webhook deliveries: stopped after %d pages while the API still answered a next_cursor", w.pages)
}
