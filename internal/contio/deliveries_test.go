package contio_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// fakeDeliveries serves total deliveries ("whd_0000" on), oldest first, with
// the offset as the cursor. It records the limit of every request.
type fakeDeliveries struct {
	total int
	// cursor, when set, replaces the next cursor the API answers on page n
	// (from 1), to make it misbehave.
	cursor func(page, next int) *string
	// pageSize, when set, ignores the requested limit.
	pageSize int
	// abandonedEvery, when set, makes every n-th delivery abandoned: the
	// fake then lists every status whatever the status query asks, like a
	// Contio that ignores it.
	abandonedEvery int

	mu     sync.Mutex
	limits []int
}

func (f *fakeDeliveries) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	f.limits = append(f.limits, limit)
	if f.pageSize > 0 {
		limit = f.pageSize
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	end := min(offset+limit, f.total)
	page := contio.DeliveryPage{Data: []contio.Delivery{}}
	for i := offset; i < end; i++ {
		status := contio.DeliveryPending
		if f.abandonedEvery > 0 && i%f.abandonedEvery == 0 {
			status = contio.DeliveryAbandoned
		}
		page.Data = append(page.Data, contio.Delivery{ID: fmt.Sprintf("whd_%04d", i), Status: status})
	}
	if end < f.total {
		page.NextCursor = ptr(strconv.Itoa(end))
	}
	if f.cursor != nil {
		page.NextCursor = f.cursor(len(f.limits), end)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(page)
}

func (f *fakeDeliveries) requests() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.limits)
}

// Misbehaving cursors.
var (
	sameCursorAgain = func(int, int) *string { return ptr("c_same") }
	oldCursorAgain  = func(page, _ int) *string { return ptr(fmt.Sprintf("c_%d", page%3)) } // c_1 c_2 c_0 c_1
	endlessCursors  = func(page, _ int) *string { return ptr(fmt.Sprintf("c_%d", page)) }
)

func TestDeliveryWalksAreBounded(t *testing.T) {
	tests := []struct {
		name         string
		fake         *fakeDeliveries
		wantErr      string
		wantRequests int
	}{
		{"the same cursor again", &fakeDeliveries{total: 5, cursor: sameCursorAgain}, "already given", 2},
		{"an older cursor again", &fakeDeliveries{total: 5, cursor: oldCursorAgain}, "already given", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, newServer(t, tt.fake))
			got, err := c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Status: contio.DeliveryPending, Limit: 10, MaxPages: 1 << 30})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || got.Complete {
				t.Errorf("error = %v, complete %v; want one saying %q, and not complete", err, got.Complete, tt.wantErr)
			}
			if n := len(tt.fake.requests()); n != tt.wantRequests {
				t.Errorf("%d requests, want %d", n, tt.wantRequests)
			}
		})
	}
	// Cursors without end stop at the most pages a walk may read: an
	// incomplete answer, not an error.
	fake := &fakeDeliveries{total: 1, cursor: endlessCursors}
	c := newTestClient(t, newServer(t, fake))
	got, err := c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Limit: 10, MaxPages: 1 << 30})
	if err != nil || got.Complete || got.Pages != 1000 || len(fake.requests()) != 1000 {
		t.Errorf("endless cursors: %+v, %v after %d requests; want 1000 pages, not complete", got, err, len(fake.requests()))
	}
}

func TestCountWebhookDeliveries(t *testing.T) {
	tests := []struct {
		name         string
		fake         *fakeDeliveries
		maxPages     int
		want         contio.DeliveryCount
		wantErr      string
		wantRequests int
	}{
		{name: "none", fake: &fakeDeliveries{}, maxPages: 10, want: contio.DeliveryCount{N: 0, Exact: true}, wantRequests: 1},
		{name: "within the limit", fake: &fakeDeliveries{total: 250}, maxPages: 10, want: contio.DeliveryCount{N: 250, Exact: true}, wantRequests: 3},
		{name: "exactly the limit", fake: &fakeDeliveries{total: 1000}, maxPages: 10, want: contio.DeliveryCount{N: 1000, Exact: true}, wantRequests: 10},
		{name: "beyond the limit", fake: &fakeDeliveries{total: 5000}, maxPages: 10, want: contio.DeliveryCount{N: 1000, Exact: false}, wantRequests: 10},
		{name: "at least one page", fake: &fakeDeliveries{total: 150}, maxPages: 0, want: contio.DeliveryCount{N: 100, Exact: false}, wantRequests: 1},
		// 250 listed, every 5th abandoned: the status query was ignored, and
		// only the 200 pending ones count.
		{name: "status ignored", fake: &fakeDeliveries{total: 250, abandonedEvery: 5}, maxPages: 10, want: contio.DeliveryCount{N: 200, Exact: true}, wantRequests: 3},
		{name: "a repeated cursor", fake: &fakeDeliveries{total: 50, cursor: oldCursorAgain}, maxPages: 10, wantErr: "already given", wantRequests: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, newServer(t, tt.fake))
			got, err := c.CountWebhookDeliveries(t.Context(), contio.CountQuery{Status: contio.DeliveryPending, MaxPages: tt.maxPages})
			switch {
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error = %v, want one saying %q", err, tt.wantErr)
			case tt.wantErr == "" && (err != nil || got != tt.want):
				t.Errorf("count = %+v, %v; want %+v", got, err, tt.want)
			}
			reqs := tt.fake.requests()
			if len(reqs) != tt.wantRequests {
				t.Errorf("%d requests, want %d", len(reqs), tt.wantRequests)
			}
			for _, limit := range reqs {
				if limit != contio.MaxDeliveriesPageSize {
					t.Errorf("a page asked for %d deliveries, want full pages of %d", limit, contio.MaxDeliveriesPageSize)
				}
			}
		})
	}
}

// TestSanitized: what Contio wrote into a delivery reaches a progress message
// or a log as one bounded line, without escape sequences or the API key.
func TestSanitized(t *testing.T) {
	c := newTestClient(t, "https://api.example.com")
	d := c.Sanitized(contio.Delivery{
		ID:        "whd_1\x1b[2J",
		EventID:   "evt_1\r\nforged: line",
		EventType: "meeting.created\x1b]0;title\x07",
		LastError: "upstream said\nkey=" + testAPIKey + "\n" + strings.Repeat("x", 5000),
	})
	for name, got := range map[string]string{"id": d.ID, "event id": d.EventID, "event type": d.EventType, "last error": d.LastError} {
		if strings.ContainsAny(got, "\x1b\x07\r\n") || strings.Contains(got, testAPIKey) || len(got) > 600 {
			t.Errorf("%s not sanitized: %q", name, got)
		}
	}
	if !strings.HasPrefix(d.LastError, "upstream said key=[redacted] x") {
		t.Errorf("last error = %.60q…, want its text kept on one line", d.LastError)
	}
}

// TestSanitizedText: an app's id or name reaches a message as one bounded
// line, without escape sequences or the API key.
func TestSanitizedText(t *testing.T) {
	c := newTestClient(t, "https://api.example.com")
	got := c.SanitizedText("app_1\x1b[2J\x1b]0;title\x07\r\nkey=" + testAPIKey + strings.Repeat("x", 500))
	if strings.ContainsAny(got, "\x1b\x07\r\n") || strings.Contains(got, testAPIKey) || len(got) > 120 {
		t.Errorf("not sanitized: %q", got)
	}
	if !strings.HasPrefix(got, "app_1 [2J ]0;title key=[redacted]x") {
		t.Errorf("SanitizedText = %.60q…, want the text kept on one line", got)
	}
}
