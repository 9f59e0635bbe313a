package contio_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// listing serves rows as the deliveries endpoint, in the order it is given
// them, with the offset as the cursor, honouring the requested limit.
type listing struct {
	rows []map[string]any
	// ignoreStatus lists every row whatever the status query says.
	ignoreStatus bool
	// failPage, when set, answers 400 to that request (from 1).
	failPage int

	mu       sync.Mutex
	requests int
}

func (l *listing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests++
	w.Header().Set("Content-Type", "application/json")
	if l.requests == l.failPage {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_request","message":"no"}`))
		return
	}
	q := r.URL.Query()
	var matched []map[string]any
	for _, row := range l.rows {
		if l.ignoreStatus || q.Get("status") == "" || row["status"] == q.Get("status") {
			matched = append(matched, row)
		}
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(strings.TrimPrefix(q.Get("cursor"), "o"))
	end := min(offset+limit, len(matched))
	data := append([]map[string]any{}, matched[min(offset, end):end]...) // [] rather than null
	page := map[string]any{"data": data, "next_cursor": nil}
	if end < len(matched) {
		page["next_cursor"] = "o" + strconv.Itoa(end)
	}
	_ = json.NewEncoder(w).Encode(page)
}

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// rowsOldestFirst makes n deliveries "whd_0000" on, a minute apart, oldest
// first, the status of each from statusOf.
func rowsOldestFirst(n int, statusOf func(i int) contio.DeliveryStatus) []map[string]any {
	rows := make([]map[string]any, 0, n)
	for i := range n {
		rows = append(rows, map[string]any{
			"id": fmt.Sprintf("whd_%04d", i), "event_id": fmt.Sprintf("evt_%04d", i), "event_type": "meeting.created",
			"status": string(statusOf(i)), "attempts": 1, "last_attempt_at": t0.Add(time.Duration(i) * time.Minute),
			"last_error": "HTTP 503", "created_at": t0.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
		})
	}
	return rows
}

func allFailed(int) contio.DeliveryStatus { return contio.DeliveryFailed }

// everyThirdFailed: rows 0, 3, 6, ... failed, the others delivered.
func everyThirdFailed(i int) contio.DeliveryStatus {
	if i%3 == 0 {
		return contio.DeliveryFailed
	}
	return contio.DeliveryDelivered
}

func newestFirst(rows []map[string]any) []map[string]any {
	out := slices.Clone(rows)
	slices.Reverse(out)
	return out
}

func shuffled(rows []map[string]any) []map[string]any {
	out := slices.Clone(rows)
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // a fixed order, not a secret
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// idsFrom are the ids "whd_<from>" down to "whd_<from-n+1>".
func idsFrom(from, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("whd_%04d", from-i))
	}
	return out
}

func TestRecentWebhookDeliveries(t *testing.T) {
	rows250 := rowsOldestFirst(250, allFailed)
	mixed := rowsOldestFirst(300, everyThirdFailed) // failed: 0, 3, ..., 297: 100 rows
	failedIDs := []string{"whd_0297", "whd_0294", "whd_0291"}

	tests := []struct {
		name    string
		l       *listing
		q       contio.RecentQuery
		want    []string
		wantRes contio.RecentDeliveries // the counts; Deliveries is checked against want
		wantErr string
	}{
		{
			name:    "oldest first, as the contract assumes: the last page's rows come first",
			l:       &listing{rows: rows250},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, Limit: 5, MaxPages: 10},
			want:    idsFrom(249, 5),
			wantRes: contio.RecentDeliveries{Matched: 250, Scanned: 250, Pages: 3, Complete: true},
		},
		{
			name:    "newest first",
			l:       &listing{rows: newestFirst(rows250)},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, Limit: 5, MaxPages: 10},
			want:    idsFrom(249, 5),
			wantRes: contio.RecentDeliveries{Matched: 250, Scanned: 250, Pages: 3, Complete: true},
		},
		{
			name:    "shuffled",
			l:       &listing{rows: shuffled(rows250)},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, Limit: 120, MaxPages: 10},
			want:    idsFrom(249, 120),
			wantRes: contio.RecentDeliveries{Matched: 250, Scanned: 250, Pages: 3, Complete: true},
		},
		{
			name:    "status honoured",
			l:       &listing{rows: shuffled(mixed)},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, Limit: 3, MaxPages: 10},
			want:    failedIDs,
			wantRes: contio.RecentDeliveries{Matched: 100, Scanned: 100, Pages: 1, Complete: true},
		},
		{
			name:    "status ignored: the client filters",
			l:       &listing{rows: shuffled(mixed), ignoreStatus: true},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, Limit: 3, MaxPages: 10},
			want:    failedIDs,
			wantRes: contio.RecentDeliveries{Matched: 100, Scanned: 300, Pages: 3, Complete: true},
		},
		{
			name:    "no status: every row matches",
			l:       &listing{rows: mixed},
			q:       contio.RecentQuery{Limit: 2, MaxPages: 10},
			want:    idsFrom(299, 2),
			wantRes: contio.RecentDeliveries{Matched: 300, Scanned: 300, Pages: 3, Complete: true},
		},
		{
			name:    "budget exhausted: the newest of the pages read, not complete",
			l:       &listing{rows: rows250},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, Limit: 2, MaxPages: 2},
			want:    idsFrom(199, 2),
			wantRes: contio.RecentDeliveries{Matched: 200, Scanned: 200, Pages: 2, Complete: false},
		},
		{
			name:    "a budget below one page reads one",
			l:       &listing{rows: rows250},
			q:       contio.RecentQuery{Limit: 1},
			want:    idsFrom(99, 1),
			wantRes: contio.RecentDeliveries{Matched: 100, Scanned: 100, Pages: 1, Complete: false},
		},
		{
			name:    "the budget ends exactly at the last page: complete",
			l:       &listing{rows: rowsOldestFirst(200, allFailed)},
			q:       contio.RecentQuery{Limit: 1, MaxPages: 2},
			want:    idsFrom(199, 1),
			wantRes: contio.RecentDeliveries{Matched: 200, Scanned: 200, Pages: 2, Complete: true},
		},
		{
			name:    "limit 0 counts only",
			l:       &listing{rows: rows250},
			q:       contio.RecentQuery{Status: contio.DeliveryFailed, MaxPages: 10},
			want:    []string{},
			wantRes: contio.RecentDeliveries{Matched: 250, Scanned: 250, Pages: 3, Complete: true},
		},
		{
			name:    "an empty list",
			l:       &listing{},
			q:       contio.RecentQuery{Limit: 10, MaxPages: 10},
			want:    []string{},
			wantRes: contio.RecentDeliveries{Pages: 1, Complete: true},
		},
		{
			name:    "an error on page 2: what was read, not complete, and the error",
			l:       &listing{rows: rows250, failPage: 2},
			q:       contio.RecentQuery{Limit: 1, MaxPages: 10},
			want:    idsFrom(99, 1),
			wantRes: contio.RecentDeliveries{Matched: 100, Scanned: 100, Pages: 1, Complete: false},
			wantErr: "400",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, newServer(t, tt.l))
			got, err := c.RecentWebhookDeliveries(t.Context(), tt.q)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
			if !slices.Equal(ids(got.Deliveries), tt.want) {
				t.Errorf("deliveries = %v\nwant %v", ids(got.Deliveries), tt.want)
			}
			got.Deliveries = nil
			if !reflect.DeepEqual(got, tt.wantRes) {
				t.Errorf("result = %+v, want %+v", got, tt.wantRes)
			}
		})
	}
}

// Rows created at the same instant come in the same order whatever the
// listing order: by id, descending.
func TestRecentWebhookDeliveriesTies(t *testing.T) {
	rows := rowsOldestFirst(150, allFailed)
	for _, r := range rows {
		r["created_at"] = t0.Format(time.RFC3339)
	}
	for name, order := range map[string][]map[string]any{"oldest first": rows, "newest first": newestFirst(rows), "shuffled": shuffled(rows)} {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, newServer(t, &listing{rows: order}))
			got, err := c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Limit: 3, MaxPages: 10})
			if err != nil || !slices.Equal(ids(got.Deliveries), idsFrom(149, 3)) {
				t.Errorf("got %v, %v; want %v", ids(got.Deliveries), err, idsFrom(149, 3))
			}
		})
	}
}

// A row the API lists twice, as a newest-first list does when a delivery is
// created between two page reads, is returned once.
func TestRecentWebhookDeliveriesListedTwice(t *testing.T) {
	rows := newestFirst(rowsOldestFirst(150, allFailed))
	rows = slices.Insert(rows, 100, rows[99]) // page 2 starts with page 1's last row
	c := newTestClient(t, newServer(t, &listing{rows: rows}))
	got, err := c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Limit: 150, MaxPages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got.Deliveries), idsFrom(149, 150)) {
		t.Errorf("deliveries = %v, want each of the 150 once, newest first", ids(got.Deliveries))
	}
	if got.Matched != 151 || got.Scanned != 151 {
		t.Errorf("matched %d, scanned %d; want the rows read, 151", got.Matched, got.Scanned)
	}
}

// A timestamp the client cannot read does not fail the read: the row sorts
// as the oldest, its time reads as unreadable, and it is counted.
func TestRecentWebhookDeliveriesUnreadableTimes(t *testing.T) {
	rows := rowsOldestFirst(6, allFailed)
	rows[5]["created_at"] = "yesterday"             // the newest row, unreadable
	rows[4]["created_at"] = 1764147600              // a number
	delete(rows[3], "created_at")                   // missing
	rows[2]["last_attempt_at"] = "2026-11-26 09:02" // not RFC 3339
	rows[1]["last_attempt_at"] = nil                // never attempted: readable
	c := newTestClient(t, newServer(t, &listing{rows: shuffled(rows)}))

	got, err := c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Limit: 6, MaxPages: 10})
	if err != nil {
		t.Fatalf("one odd row failed the read: %v", err)
	}
	// Readable created_at first, newest first; then the unreadable ones, by id.
	want := []string{"whd_0002", "whd_0001", "whd_0000", "whd_0005", "whd_0004", "whd_0003"}
	if !slices.Equal(ids(got.Deliveries), want) {
		t.Errorf("deliveries = %v, want %v", ids(got.Deliveries), want)
	}
	if got.UnreadableTimes != 4 {
		t.Errorf("UnreadableTimes = %d, want 4 (three created_at, one last_attempt_at)", got.UnreadableTimes)
	}
	byID := map[string]contio.Delivery{}
	for _, d := range got.Deliveries {
		byID[d.ID] = d
	}
	if d := byID["whd_0005"]; !contio.TimeUnreadable(d.CreatedAt) || d.LastAttemptAt == nil || contio.TimeUnreadable(*d.LastAttemptAt) {
		t.Errorf("whd_0005: created_at %v, last_attempt_at %v; want unreadable, and the readable attempt kept", d.CreatedAt, d.LastAttemptAt)
	}
	if d := byID["whd_0002"]; d.LastAttemptAt == nil || !contio.TimeUnreadable(*d.LastAttemptAt) || d.CreatedAt != t0.Add(2*time.Minute) {
		t.Errorf("whd_0002: created_at %v, last_attempt_at %v; want the created time, and an unreadable attempt time", d.CreatedAt, d.LastAttemptAt)
	}
	if d := byID["whd_0001"]; d.LastAttemptAt != nil {
		t.Errorf("whd_0001: last_attempt_at %v, want nil (never attempted)", d.LastAttemptAt)
	}

	// Only when fewer readable rows than the limit match do unreadable ones show.
	got, err = c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Limit: 2, MaxPages: 10})
	if err != nil || !slices.Equal(ids(got.Deliveries), want[:2]) {
		t.Errorf("limit 2: %v, %v; want %v", ids(got.Deliveries), err, want[:2])
	}
}
