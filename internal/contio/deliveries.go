package contio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
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

// decodeDeliveryPage decodes a page, reading each row's timestamps leniently:
// the contract only assumes their format, and one row Contio writes
// differently must not make the whole list unreadable. A timestamp that is not
// an RFC 3339 string decodes as the zero time (see TimeUnreadable).
func decodeDeliveryPage(body []byte) (*DeliveryPage, error) {
	var raw struct {
		Data       []json.RawMessage `json:"data"`
		NextCursor *string           `json:"next_cursor"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, err
	}
	if raw.Data == nil {
		return nil, errNotADeliveryPage
	}
	page := &DeliveryPage{Data: make([]Delivery, 0, len(raw.Data)), NextCursor: raw.NextCursor}
	for i, row := range raw.Data {
		d, err := decodeDelivery(row)
		if err != nil {
			return nil, fmt.Errorf("delivery %d of the page: %w", i+1, err)
		}
		page.Data = append(page.Data, d)
	}
	return page, nil
}

// decodeDelivery decodes one row. Its timestamps are taken as raw JSON (the
// outer fields hide Delivery's own, being shallower), then parsed.
func decodeDelivery(row []byte) (Delivery, error) {
	var r struct {
		Delivery
		LastAttemptAt json.RawMessage `json:"last_attempt_at"`
		CreatedAt     json.RawMessage `json:"created_at"`
	}
	if err := json.Unmarshal(row, &r); err != nil {
		return Delivery{}, err
	}
	d := r.Delivery
	d.CreatedAt = lenientTime(r.CreatedAt)
	if len(r.LastAttemptAt) > 0 && string(r.LastAttemptAt) != "null" {
		t := lenientTime(r.LastAttemptAt)
		d.LastAttemptAt = &t
	}
	return d, nil
}

// lenientTime parses an RFC 3339 JSON string, or returns the zero time.
func lenientTime(raw json.RawMessage) time.Time {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// TimeUnreadable reports whether a delivery's timestamp is one this client
// could not read: Contio sent something other than an RFC 3339 string (a
// missing created_at counts too). Such a time is the zero time.Time, which no
// real delivery has.
func TimeUnreadable(t time.Time) bool { return t.IsZero() }

// unreadableTimes reports whether any of d's timestamps could not be read.
func unreadableTimes(d Delivery) bool {
	return TimeUnreadable(d.CreatedAt) || (d.LastAttemptAt != nil && TimeUnreadable(*d.LastAttemptAt))
}

// CountQuery says which deliveries CountWebhookDeliveries counts and what it
// may spend counting them.
type CountQuery struct {
	// Status counts only deliveries with this status (required).
	Status DeliveryStatus
	// MaxPages is the request budget: at most this many pages of
	// MaxDeliveriesPageSize (at least one).
	MaxPages int
	// Keep, when set, counts only the deliveries of Status it keeps, such as
	// those already pending before a re-enable.
	Keep func(Delivery) bool
}

// CountWebhookDeliveries counts the app's deliveries of q.Status, reading at
// most q.MaxPages pages. It checks each row's status itself: the contract only
// assumes that Contio honours the status query, and one that lists every
// delivery must not make a backlog look larger than it is. When more pages
// remain, the count is not Exact: there are at least N.
func (c *Client) CountWebhookDeliveries(ctx context.Context, q CountQuery) (DeliveryCount, error) {
	w := c.newDeliveryWalk(q.Status, max(q.MaxPages, 1))
	n := 0
	for w.more() {
		page, err := w.next(ctx, MaxDeliveriesPageSize)
		if err != nil {
			return DeliveryCount{}, err
		}
		for _, d := range page {
			if d.Status == q.Status && (q.Keep == nil || q.Keep(d)) {
				n++
			}
		}
	}
	return DeliveryCount{N: n, Exact: w.done}, nil
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

// Sanitized returns d with the text Contio wrote into it (ids, event type,
// last error) made safe for a progress message or a log, as the client does
// with the text of its errors (see oneLine): no API key, no control
// characters or escape sequences, one line, bounded length.
func (c *Client) Sanitized(d Delivery) Delivery {
	d.ID = oneLine(d.ID, c.apiKey, maxShortField)
	d.EventID = oneLine(d.EventID, c.apiKey, maxShortField)
	d.EventType = oneLine(d.EventType, c.apiKey, maxShortField)
	d.LastError = oneLine(d.LastError, c.apiKey, maxMessage)
	return d
}

// SanitizedText makes other short text Contio wrote (an app's id or name)
// safe for a message or a log, the way Sanitized does a delivery's id.
func (c *Client) SanitizedText(s string) string {
	return oneLine(s, c.apiKey, maxShortField)
}
