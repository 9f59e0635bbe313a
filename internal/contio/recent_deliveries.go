package contio

import (
	"container/heap"
	"context"
	"slices"
)

// RecentQuery says which deliveries RecentWebhookDeliveries returns and what
// it may spend finding them.
type RecentQuery struct {
	// Status keeps only deliveries with this status; empty keeps every status.
	Status DeliveryStatus
	// Limit is how many of the newest matching deliveries to return. Zero
	// returns none but still counts them (Matched).
	Limit int
	// MaxPages is the request budget: at most this many pages of
	// MaxDeliveriesPageSize are read (at least 1, at most 1,000), one request
	// each, not counting the client's retries of a request.
	MaxPages int
}

// RecentDeliveries is what RecentWebhookDeliveries found.
type RecentDeliveries struct {
	// Deliveries are the newest matching deliveries, newest first, at most
	// Limit of them: the newest of the whole list when Complete, otherwise the
	// newest of the pages read.
	Deliveries []Delivery
	// Matched counts the rows read that have the wanted status: every
	// matching delivery when Complete, a lower bound otherwise. A delivery the
	// API lists twice (the list changed while it was read) counts twice.
	Matched int
	// Scanned counts every row read, including rows of another status that
	// the API listed although the query asked for one status.
	Scanned int
	// Pages counts the pages read: the requests made, not counting retries.
	Pages int
	// Complete is true when the API said there was no further page before the
	// budget ran out.
	Complete bool
	// UnreadableTimes counts the matching rows with a created_at or
	// last_attempt_at this client could not read (see TimeUnreadable).
	UnreadableTimes int
}

// RecentWebhookDeliveries returns the app's newest deliveries of a status,
// newest first, whatever order the API lists them in: the contract only
// assumes that Contio lists them oldest first and honours the status query,
// so this reads every page (within q.MaxPages), filters by status itself and
// keeps the newest q.Limit by created_at, holding no more than q.Limit rows.
//
// Newest means the latest created_at; deliveries created at the same instant
// are ordered by id, descending, only so that the answer does not depend on
// the listing order (Contio does not document ids as ordered). A row whose
// created_at cannot be read sorts as the oldest: it is returned only when
// fewer than q.Limit matching rows have a readable one.
//
// Cost: one request per MaxDeliveriesPageSize rows the API lists (one per 100
// matching deliveries when it honours status), at most q.MaxPages. When the
// budget runs out first, the result is not Complete. On an error, the result
// holds what was read before it, and is not Complete.
func (c *Client) RecentWebhookDeliveries(ctx context.Context, q RecentQuery) (RecentDeliveries, error) {
	var out RecentDeliveries
	newest := newNewestDeliveries(q.Limit)
	w := c.newDeliveryWalk(q.Status, min(max(q.MaxPages, 1), maxDeliveryPages))
	var err error
	for w.more() {
		var page []Delivery
		if page, err = w.next(ctx, MaxDeliveriesPageSize); err != nil {
			break
		}
		out.Scanned += len(page)
		for _, d := range page {
			if q.Status != "" && d.Status != q.Status {
				continue
			}
			out.Matched++
			if unreadableTimes(d) {
				out.UnreadableTimes++
			}
			newest.offer(d)
		}
	}
	out.Pages = w.pages
	out.Complete = w.done && err == nil
	out.Deliveries = newest.newestFirst()
	return out, err
}

// newer reports whether a sorts before b in RecentWebhookDeliveries' answer.
func newer(a, b Delivery) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.After(b.CreatedAt)
	}
	return a.ID > b.ID
}

// newestDeliveries keeps the newest keep deliveries offered: a min-heap whose
// root is the oldest kept, so each offer costs O(log keep) and memory stays at
// keep rows however long the list is.
type newestDeliveries struct {
	keep int
	rows []Delivery
	// ids holds the kept rows' ids, so that a row listed twice is kept once.
	ids map[string]bool
}

func newNewestDeliveries(keep int) *newestDeliveries {
	keep = max(keep, 0)
	return &newestDeliveries{keep: keep, rows: make([]Delivery, 0, min(keep, MaxDeliveriesPageSize)), ids: map[string]bool{}}
}

// offer keeps d if it is among the newest keep seen so far. A row listed
// again is ignored: if its first listing was evicted, it was older than every
// row kept then, and still is.
func (h *newestDeliveries) offer(d Delivery) {
	switch {
	case h.keep == 0 || (d.ID != "" && h.ids[d.ID]):
		return
	case len(h.rows) < h.keep:
		heap.Push(h, d)
	case newer(d, h.rows[0]):
		delete(h.ids, h.rows[0].ID)
		h.rows[0] = d
		heap.Fix(h, 0)
	default:
		return
	}
	h.ids[d.ID] = true
}

// newestFirst returns the kept rows, newest first; never nil.
func (h *newestDeliveries) newestFirst() []Delivery {
	out := slices.Clone(h.rows)
	if out == nil {
		out = []Delivery{}
	}
	slices.SortFunc(out, func(a, b Delivery) int {
		switch {
		case newer(a, b):
			return -1
		case newer(b, a):
			return 1
		}
		return 0
	})
	return out
}

// heap.Interface, ordered oldest first so that the root is the one to evict.
func (h *newestDeliveries) Len() int           { return len(h.rows) }
func (h *newestDeliveries) Less(i, j int) bool { return newer(h.rows[j], h.rows[i]) }
func (h *newestDeliveries) Swap(i, j int)      { h.rows[i], h.rows[j] = h.rows[j], h.rows[i] }
func (h *newestDeliveries) Push(x any) {
	if d, ok := x.(Delivery); ok { // offer pushes nothing else
		h.rows = append(h.rows, d)
	}
}

func (h *newestDeliveries) Pop() any {
	last := h.rows[len(h.rows)-1]
	h.rows = h.rows[:len(h.rows)-1]
	return last
}
