package emulator

// Fuzz targets for what the Partner API decodes from its callers. Their seed
// corpora live in testdata/fuzz/<FuzzName>/; run one with
//
//	go test -run '^$' -fuzz '^FuzzPutWebhookFilter$' -fuzztime 10s ./internal/emulator/

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// learnedEventType is in the fuzzed emulators' catalog, not the built-in one.
const learnedEventType = "meeting.transcribed"

// fuzzEmulator returns an emulator that knows learnedEventType, with one app.
func fuzzEmulator(t *testing.T, spec AppSpec) (*Emulator, Credentials) {
	frozen := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e := New(Options{Clock: NewClock(func() time.Time { return frozen })})
	if err := e.AddEventTypes(learnedEventType); err != nil {
		t.Fatal(err)
	}
	creds, err := e.CreateApp(spec)
	if err != nil {
		t.Fatal(err)
	}
	return e, creds
}

// put sends a PUT through the emulator's real handler and checks what every
// answer must be: no 5xx, JSON, and an App when it is a success.
func put(t *testing.T, e *Emulator, creds Credentials, path string, body []byte) (contio.App, bool) {
	req := httptest.NewRequest(http.MethodPut, path, bytes.NewReader(body))
	req.Header.Set(contio.ClientIDHeader, creds.ClientID)
	req.Header.Set(contio.APIKeyHeader, creds.APIKey)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code >= 500 || (rec.Code != http.StatusOK && rec.Code < 400) {
		t.Fatalf("PUT %s %q: HTTP %d %s", path, body, rec.Code, rec.Body)
	}
	if !json.Valid(rec.Body.Bytes()) || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("PUT %s %q: answer %q is not JSON", path, body, rec.Body)
	}
	if rec.Code != http.StatusOK {
		return contio.App{}, false
	}
	var app contio.App
	if err := json.Unmarshal(rec.Body.Bytes(), &app); err != nil {
		t.Fatalf("PUT %s %q: a 200 that is not an App: %v", path, body, err)
	}
	return app, true
}

// decodeLikeTheAPI decodes body the way the API does (its first JSON value),
// so that a check can compare the answer with what was asked.
func decodeLikeTheAPI(body []byte, v any) error {
	return json.NewDecoder(bytes.NewReader(body)).Decode(v)
}

func FuzzPutWebhookFilter(f *testing.F) {
	before := &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"participant.added"}}
	f.Fuzz(func(t *testing.T, body []byte) {
		e, creds := fuzzEmulator(t, AppSpec{WebhookFilter: before})
		app, ok := put(t, e, creds, PathWebhookFilter, body)
		st, err := e.AppState(creds.ClientID)
		if err != nil {
			t.Fatal(err)
		}
		stored := st.App.WebhookFilter
		if !ok {
			if stored == nil || stored.Type != before.Type || !slices.Equal(stored.Events, before.Events) {
				t.Fatalf("refused %q, yet the stored filter changed to %+v", body, stored)
			}
			return
		}
		if app.WebhookFilter == nil || app.WebhookFilter.Type != stored.Type || !slices.Equal(app.WebhookFilter.Events, stored.Events) {
			t.Fatalf("answered %+v, stored %+v", app.WebhookFilter, stored)
		}
		if stored.Type != contio.FilterInclude && stored.Type != contio.FilterExclude {
			t.Fatalf("stored filter type %q", stored.Type)
		}
		if len(stored.Events) == 0 {
			t.Fatal("stored an empty filter")
		}
		catalog := e.EventTypes()
		seen := map[string]bool{}
		for _, ev := range stored.Events {
			if seen[ev] || !slices.Contains(catalog, ev) {
				t.Fatalf("stored events %q: a duplicate or a type outside the catalog", stored.Events)
			}
			seen[ev] = true
		}
		var asked contio.WebhookFilter
		if err := decodeLikeTheAPI(body, &asked); err != nil {
			t.Fatalf("accepted %q, which does not decode: %v", body, err)
		}
		for _, ev := range asked.Events {
			if ev != contio.AlwaysDeliveredEventType && !seen[ev] {
				t.Fatalf("asked for %q, stored %q: %s was lost", asked.Events, stored.Events, ev)
			}
		}
	})
}

func FuzzPutWebhookStatus(f *testing.F) {
	f.Fuzz(func(t *testing.T, startEnabled bool, body []byte) {
		e, creds := fuzzEmulator(t, AppSpec{WebhookEnabled: &startEnabled})
		wantPending := 0
		if !startEnabled { // a backlog for the disposition to act on; nothing is sent while disabled
			if _, err := e.EmitEvents(t.Context(), creds.ClientID, []string{"meeting.created"}, 2); err != nil {
				t.Fatal(err)
			}
			wantPending = 2
		}
		app, ok := put(t, e, creds, PathWebhookStatus, body)
		st, err := e.AppState(creds.ClientID)
		if err != nil {
			t.Fatal(err)
		}
		pending := st.DeliveryCounts[contio.DeliveryPending]
		if !ok {
			if st.App.WebhookEnabled != startEnabled || pending != wantPending {
				t.Fatalf("refused %q, yet enabled %v -> %v, pending %d -> %d", body, startEnabled, st.App.WebhookEnabled, wantPending, pending)
			}
			return
		}
		if app.WebhookEnabled != st.App.WebhookEnabled {
			t.Fatalf("answered enabled=%v, stored %v", app.WebhookEnabled, st.App.WebhookEnabled)
		}
		var asked struct {
			Enabled            *bool   `json:"enabled"`
			PendingDisposition *string `json:"pending_disposition"`
		}
		if err := decodeLikeTheAPI(body, &asked); err != nil || asked.Enabled == nil || *asked.Enabled != st.App.WebhookEnabled {
			t.Fatalf("accepted %q (%v), stored enabled=%v", body, err, st.App.WebhookEnabled)
		}
		if startEnabled || !st.App.WebhookEnabled {
			if pending != wantPending {
				t.Fatalf("%q: pending %d -> %d without a re-enable", body, wantPending, pending)
			}
			return
		}
		// A re-enable: it needs a disposition, which decides the backlog.
		switch {
		case asked.PendingDisposition == nil:
			t.Fatalf("re-enabled by %q without a pending_disposition", body)
		case *asked.PendingDisposition == string(contio.DispositionDeliver) && pending == wantPending:
		case *asked.PendingDisposition == string(contio.DispositionAbandon) && pending == 0:
		default:
			t.Fatalf("re-enabled by %q: %d pending left", body, pending)
		}
	})
}

func FuzzDeliveriesCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, cursor string, offset int) {
		n, err := decodeCursor(cursor)
		if err == nil {
			if n < 0 {
				t.Fatalf("decodeCursor(%q) = %d", cursor, n)
			}
			if cursor != "" && encodeCursor(n) != cursor {
				t.Fatalf("decodeCursor(%q) = %d, which encodes as %q", cursor, n, encodeCursor(n))
			}
		}
		if offset < 0 {
			return
		}
		if got, err := decodeCursor(encodeCursor(offset)); err != nil || got != offset {
			t.Fatalf("decodeCursor(encodeCursor(%d)) = %d, %v", offset, got, err)
		}
	})
}
