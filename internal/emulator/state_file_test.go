package emulator_test

import (
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// appJSON is a state file of one valid app of a state file with the given extra fields.
func appJSON(extra string) string {
	return `{"apps": [{"client_id": "app_a", "api_key": "ck_a"` + extra + `}]}`
}

func TestParseStateFileRejects(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"not JSON", `{"apps": [`, "not valid JSON"},
		{"two values", `{} {}`, "more than one value"},
		{"not an object", `[]`, "the file: want an object, got an array"},
		{"an unknown top-level field", `{"aps": []}`, "aps: unknown field; the known ones are any_shape, apps, delivery_order"},
		{"an unknown app field", appJSON(`, "enabled": false`), "apps[0].enabled: unknown field"},
		{"an unknown deliveries field", appJSON(`, "deliveries": {"abandon": 1}`), "apps[0].deliveries.abandon: unknown field"},
		{"an unknown fault field", `{"faults": [{"statuss": 503}]}`, "faults[0].statuss: unknown field"},
		{"an unknown filter field", appJSON(`, "webhook_filter": {"type": "include", "event": ["meeting.created"]}`), "apps[0].webhook_filter.event: unknown field"},
		{"a count as a string", appJSON(`, "deliveries": {"pending": "12"}`), `apps[0].deliveries.pending: want a whole number, got "12"`},
		{"a fractional count", appJSON(`, "deliveries": {"pending": 1.5}`), "apps[0].deliveries.pending: want a whole number, got 1.5"},
		{"a negative count", appJSON(`, "deliveries": {"failed": -1}`), "apps[0].deliveries.failed: -1 is negative"},
		{"a count too large", appJSON(`, "deliveries": {"pending": 100001}`), "apps[0].deliveries.pending: 100001 is more than the 100000 a state file may seed"},
		{"a flag as a string", `{"any_shape": "yes"}`, `any_shape: want true or false, got "yes"`},
		{"events as a string", appJSON(`, "webhook_filter": {"type": "include", "events": "meeting.created"}`), "apps[0].webhook_filter.events: want an array"},
		{"an unknown order", `{"delivery_order": "random"}`, `delivery_order: "random" is not a delivery order`},
		{"no client id", `{"apps": [{"api_key": "ck_a"}]}`, "apps[0].client_id: required"},
		{"no api key", `{"apps": [{"client_id": "app_a"}]}`, "apps[0].api_key: required"},
		{"a client id twice", `{"apps": [{"client_id": "app_a", "api_key": "k"}, {"client_id": "app_a", "api_key": "k"}]}`, `apps[1].client_id: "app_a" is already`},
		{"an unknown endpoint", appJSON(`, "endpoint": "broken"`), `apps[0].endpoint: "broken" is not a built-in sink`},
		{"an endpoint and a URL", appJSON(`, "endpoint": "ok", "webhook_url": "http://x"`), "apps[0].endpoint: give endpoint or webhook_url, not both"},
		{"app_id and omit_id", appJSON(`, "app_id": "x", "omit_id": true`), "apps[0].omit_id: give app_id or omit_id, not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := emulator.ParseStateFile([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadStateRejects(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"a malformed event type", `{"event_types": ["Meeting Transcribed"]}`, "event_types: an event type must match"},
		{"an invalid fault", `{"faults": [{"kind": "html"}, {"status": 200}]}`, "faults[1]: "},
		{"a filter with an unknown type", appJSON(`, "webhook_filter": {"type": "include", "events": ["meeting.exploded"]}`),
			"apps[0].webhook_filter: unsupported event types: meeting.exploded"},
		{"a filter of another kind", appJSON(`, "webhook_filter": {"type": "only", "events": ["meeting.created"]}`), "apps[0].webhook_filter: type must be"},
		{"an event type Contio does not emit", appJSON(`, "deliveries": {"pending": 1, "event_type": "meeting.exploded"}`),
			`apps[0].deliveries.event_type: Contio emits no event of type "meeting.exploded"`},
		{"an event type the filter drops", appJSON(`, "webhook_filter": {"type": "exclude", "events": ["meeting.created"]}, "deliveries": {"pending": 1, "event_type": "meeting.created"}`),
			`apps[0].deliveries.event_type: the app's webhook_filter drops "meeting.created"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := emulator.ParseStateFile([]byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = emulator.New(s.Options(emulator.Options{})).LoadState(s, "http://emulator")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestReadStateFileNamesThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"aps": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.ReadStateFile(path); err == nil || !strings.HasPrefix(err.Error(), "state file "+path+": aps: unknown field") {
		t.Errorf("error = %v, want one starting with the path and naming the field", err)
	}
	if _, err := emulator.ReadStateFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file: no error")
	}
}

// TestLoadState loads a file using every field and checks that each one
// took effect.
func TestLoadState(t *testing.T) {
	const file = `{
  "event_types": ["meeting.transcript-ready"], "any_shape": true,
  "delivery_order": "newest_first", "ignore_delivery_status": true,
  "faults": [{"method": "GET", "path": "/v1/partner/admin/app", "status": 503, "times": 1}],
  "apps": [
    {"client_id": "app_full", "api_key": "ck_full", "app_id": "app_7f3c", "name": "Acme", "primary_contact_email": "ops@acme.example",
     "auto_disable": false, "endpoint": "fail", "webhook_enabled": false,
     "webhook_filter": {"type": "include", "events": ["meeting.created", "meeting.transcript-ready"]},
     "deliveries": {"event_type": "meeting.transcript-ready", "delivered": 3, "abandoned": 2, "abandoned_unattempted": 5, "failed": 2, "pending": 12}},
    {"client_id": "app_bare", "api_key": "ck_bare", "omit_id": true, "webhook_url": "http://127.0.0.1:1/x",
     "webhook_filter": {"type": "exclude", "events": ["meeting.created"]}, "deliveries": {"pending": 1}},
    {"client_id": "app_ok", "api_key": "ck_ok", "endpoint": "ok", "deliveries": {"abandoned": 50, "pending": 2}}
  ]
}`
	s, err := emulator.ParseStateFile([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	opts := s.Options(emulator.Options{Seed: 7})
	if opts.DeliveryOrder != emulator.NewestFirst || !opts.IgnoreDeliveryStatus || opts.Seed != 7 {
		t.Errorf("Options = order %v, ignore status %v, seed %d", opts.DeliveryOrder, opts.IgnoreDeliveryStatus, opts.Seed)
	}
	srv := emulatortest.Start(t, opts)
	creds, err := srv.LoadState(s, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	wantCreds := []emulator.Credentials{{ClientID: "app_full", APIKey: "ck_full"}, {ClientID: "app_bare", APIKey: "ck_bare"}, {ClientID: "app_ok", APIKey: "ck_ok"}}
	if !slices.Equal(creds, wantCreds) {
		t.Errorf("credentials = %v, want %v", creds, wantCreds)
	}
	if !slices.Contains(srv.EventTypes(), "meeting.transcript-ready") {
		t.Error("event_types with any_shape: meeting.transcript-ready not learned")
	}

	// The fault answers the first GET of the app, then the app answers.
	if status, _ := partnerCall(t, srv, creds[0], http.MethodGet, emulator.PathApp, nil); status != http.StatusServiceUnavailable {
		t.Errorf("first GET app: HTTP %d, want the fault's 503", status)
	}
	_, got := partnerCall(t, srv, creds[0], http.MethodGet, emulator.PathApp, nil)
	wantApp := map[string]any{"id": "app_7f3c", "name": "Acme", "primary_contact_email": "ops@acme.example",
		"webhook_url": srv.SinkFail(), "webhook_enabled": false,
		"webhook_filter": map[string]any{"type": "include", "events": []any{"meeting.created", "meeting.transcript-ready"}}}
	if !reflect.DeepEqual(got, wantApp) {
		t.Errorf("app_full answers %v, want %v", got, wantApp)
	}
	_, got = partnerCall(t, srv, creds[1], http.MethodGet, emulator.PathApp, nil)
	wantApp = map[string]any{"webhook_url": "http://127.0.0.1:1/x", "webhook_enabled": true,
		"webhook_filter": map[string]any{"type": "exclude", "events": []any{"meeting.created"}}}
	if !reflect.DeepEqual(got, wantApp) {
		t.Errorf("app_bare answers %v, want %v (no id, name or contact)", got, wantApp)
	}

	full := srv.State(t, "app_full")
	wantCounts := map[contio.DeliveryStatus]int{contio.DeliveryDelivered: 3, contio.DeliveryAbandoned: 7, contio.DeliveryFailed: 2, contio.DeliveryPending: 12}
	if full.AutoDisable || !maps.Equal(full.DeliveryCounts, wantCounts) {
		t.Errorf("app_full: auto_disable %v, counts %v; want false, %v", full.AutoDisable, full.DeliveryCounts, wantCounts)
	}
	// Each status's rows, in the documented order, with what an attempt leaves.
	type row struct {
		status    contio.DeliveryStatus
		attempts  int
		attempted bool
		lastError string
	}
	var rows []row
	for _, d := range full.Deliveries {
		if d.EventType != "meeting.transcript-ready" {
			t.Errorf("%s has event_type %s, want the file's", d.ID, d.EventType)
		}
		rows = append(rows, row{d.Status, d.Attempts, d.LastAttemptAt != nil, d.LastError})
	}
	want := slices.Concat(
		slices.Repeat([]row{{contio.DeliveryDelivered, 1, true, ""}}, 3),
		slices.Repeat([]row{{contio.DeliveryAbandoned, len(emulator.DefaultRetrySchedule) + 1, true, "HTTP 503"}}, 2),
		slices.Repeat([]row{{contio.DeliveryAbandoned, 0, false, ""}}, 5),
		slices.Repeat([]row{{contio.DeliveryFailed, 1, true, "HTTP 503"}}, 2),
		slices.Repeat([]row{{contio.DeliveryPending, 0, false, ""}}, 12),
	)
	if !slices.Equal(rows, want) {
		t.Errorf("app_full's deliveries =\n %v\nwant\n %v", rows, want)
	}
	if full.LastSuccessAt == nil || full.AbandonedSinceEnabled != 2 || full.FailuresSinceSuccess != 2*(len(emulator.DefaultRetrySchedule)+1)+2 {
		t.Errorf("app_full: last success %v, abandoned since enabled %d, failures %d", full.LastSuccessAt, full.AbandonedSinceEnabled, full.FailuresSinceSuccess)
	}
	// The default event type is the first catalog type the filter delivers.
	if d := srv.State(t, "app_bare").Deliveries; len(d) != 1 || d[0].EventType != "meeting.updated" {
		t.Errorf("app_bare's deliveries = %+v, want one meeting.updated (meeting.created is excluded)", d)
	}

	// The listing order and ignore_delivery_status reached the emulator: newest first, every status.
	_, got = partnerCall(t, srv, creds[0], http.MethodGet, emulator.PathDeliveries+"?status=delivered&limit=1", nil)
	if row := firstRow(t, got); row["status"] != "pending" {
		t.Errorf("newest first, status ignored: the first row is %v, want the newest, pending", row)
	}

	// Seeded history is history: the next cycle sends app_ok's pending
	// deliveries to the ok sink, then its 50 abandoned ones auto-disable it.
	rep := srv.RunDeliveryCycle(t.Context())
	if rep.Delivered != 2 || !slices.Equal(rep.AutoDisabled, []string{"app_ok"}) {
		t.Errorf("first cycle = %+v, want app_ok's 2 pending delivered, then app_ok auto-disabled", rep)
	}
}
