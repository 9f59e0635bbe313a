package contio_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// deliveryRow is one delivery with every field CONTRACT.md gives it, its
// last_error lastError.
func deliveryRow(i int, lastError string) map[string]any {
	return map[string]any{
		"id": fmt.Sprintf("whd_%06d", i), "event_id": fmt.Sprintf("evt_%06d", i), "event_type": "automation.assignment.created",
		"status": "abandoned", "attempts": 5, "last_attempt_at": "2026-11-26T10:00:00.123456789+05:30",
		"last_error": lastError, "created_at": "2026-11-26T09:58:00.123456789+05:30",
	}
}

// A full page of the longest deliveries the client plans for (last_error of
// MaxLastErrorBytes, every byte escaped as \u00XX) is read whole: the answer
// limit fits the page size.
func TestFullPageOfLongErrorsFitsTheAnswerLimit(t *testing.T) {
	worst := strings.Repeat("\x01", contio.MaxLastErrorBytes) // encoding/json writes each as \u0001
	rows := make([]map[string]any, contio.MaxDeliveriesPageSize)
	for i := range rows {
		rows[i] = deliveryRow(i, worst)
	}
	body, err := json.Marshal(map[string]any{"data": rows, "next_cursor": strings.Repeat("c", 200)})
	if err != nil {
		t.Fatal(err)
	}
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		answer{status: 200, contentType: "application/json", body: string(body)}.serve(w)
	}))
	page, err := newTestClient(t, url).ListWebhookDeliveries(t.Context(), contio.ListDeliveriesParams{Limit: contio.MaxDeliveriesPageSize})
	if err != nil {
		t.Fatalf("a page of %d bytes failed: %v", len(body), err)
	}
	if len(page.Data) != contio.MaxDeliveriesPageSize || len(page.Data[0].LastError) != contio.MaxLastErrorBytes {
		t.Errorf("read %d rows, want %d whole ones", len(page.Data), contio.MaxDeliveriesPageSize)
	}
}

// An answer over the limit is reported as too large, after one request (it
// would come back the same), in words that differ from a cut answer's.
func TestAnswerOverTheLimitIsTooLarge(t *testing.T) {
	rows := []map[string]any{deliveryRow(1, strings.Repeat("e", contio.MaxAnswerBytes))}
	body, err := json.Marshal(map[string]any{"data": rows, "next_cursor": nil})
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		answer{status: 200, contentType: "application/json", body: string(body)}.serve(w)
	}))
	err = listDeliveries(t.Context(), newTestClient(t, url, contio.WithMaxRetries(3)))
	var unexpected *contio.UnexpectedResponseError
	if !errors.As(err, &unexpected) {
		t.Fatalf("error = %v (%T), want an *UnexpectedResponseError", err, err)
	}
	if !unexpected.TooLarge || unexpected.Cut || unexpected.JSON {
		t.Errorf("TooLarge %v, Cut %v, JSON %v; want too large only", unexpected.TooLarge, unexpected.Cut, unexpected.JSON)
	}
	if msg := err.Error(); !strings.Contains(msg, "a body larger than") || strings.Contains(msg, "cut short") {
		t.Errorf("error %q: want it to say the answer is larger than the limit, not that it was cut short", msg)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1: a whole answer over the limit is not retried", n.Load())
	}
}
