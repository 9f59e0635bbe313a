package emulator_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The emulator's answers and requests against CONTRACT.md's examples, the
// same files the client is held to (internal/contio/testdata/contract): the
// emulator has wire structs of its own, so a JSON tag changed on its side
// fails here, and one changed on the client's side fails there.

// contractExample reads one of CONTRACT.md's examples as a JSON value.
func contractExample(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "contio", "testdata", "contract", name))
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, b)
}

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return v
}

// shape is v with every value replaced by its JSON kind and every array by
// its first element's shape: two answers of one shape have the same keys
// wherever they are, whatever their values.
func shape(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = shape(e)
		}
		return out
	case []any:
		if len(v) == 0 {
			return []any{}
		}
		return []any{shape(v[0])}
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

// TestEmulatorAnswersTheContractsApp: the App example, set up in the
// emulator, comes back byte for byte as CONTRACT.md writes it.
func TestEmulatorAnswersTheContractsApp(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{
		ClientID: "app_7f3c", Name: "Acme Notes Sync", WebhookURL: "https://hooks.example.com/contio", PrimaryContactEmail: "ops@example.com",
		WebhookFilter: &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created", "meeting.completed"}},
	})
	status, got := partnerCall(t, srv, creds, http.MethodGet, emulator.PathApp, nil)
	if want := contractExample(t, "app.json"); status != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Errorf("HTTP %d %v, want the contract's App %v", status, got, want)
	}
}

// TestEmulatorAcceptsTheContractsRequests: both PUT examples do what the
// contract says, so the emulator reads every field of them.
func TestEmulatorAcceptsTheContractsRequests(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: new(bool)})

	filter := contractExample(t, "filter_request.json")
	status, got := partnerCall(t, srv, creds, http.MethodPut, emulator.PathWebhookFilter, filter)
	if app, ok := got.(map[string]any); status != http.StatusOK || !ok || !reflect.DeepEqual(app["webhook_filter"], filter) {
		t.Errorf("filter PUT: HTTP %d %v, want the App with webhook_filter %v", status, got, filter)
	}

	status, got = partnerCall(t, srv, creds, http.MethodPut, emulator.PathWebhookStatus, contractExample(t, "status_request.json"))
	if app, ok := got.(map[string]any); status != http.StatusOK || !ok || app["webhook_enabled"] != true {
		t.Errorf("re-enable PUT with a disposition: HTTP %d %v, want the App enabled", status, got)
	}
}

// TestEmulatorAnswersTheContractsShapes: a page of deliveries and both
// error answers have the shapes of the contract's examples.
func TestEmulatorAnswersTheContractsShapes(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
	srv.Emit(t, creds.ClientID, 2, "meeting.created") // two failed deliveries: attempted, with an error, and a next page

	tests := []struct {
		name       string
		creds      emulator.Credentials
		method     string
		path       string
		body       any
		wantStatus int
		example    string
	}{
		{"a page of deliveries", creds, http.MethodGet, emulator.PathDeliveries + "?status=failed&limit=1", nil, http.StatusOK, "deliveries_page.json"},
		{"an unknown event type", creds, http.MethodPut, emulator.PathWebhookFilter,
			map[string]any{"type": "include", "events": []string{"meeting.exploded"}}, http.StatusBadRequest, "error_invalid_event_types.json"},
		{"a wrong key", emulator.Credentials{ClientID: creds.ClientID, APIKey: "ck_wrong"}, http.MethodGet, emulator.PathApp, nil,
			http.StatusUnauthorized, "error.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := partnerCall(t, srv, tt.creds, tt.method, tt.path, tt.body)
			if want := shape(contractExample(t, tt.example)); status != tt.wantStatus || !reflect.DeepEqual(shape(got), want) {
				t.Errorf("HTTP %d with the shape\n %v\nwant HTTP %d with the shape of %s\n %v", status, shape(got), tt.wantStatus, tt.example, want)
			}
		})
	}
}

// TestEmulatorNullableFields lists every field CONTRACT.md lets be null or
// missing, and shows the emulator answering it both ways: left out (or null)
// where the contract says so, and present otherwise.
func TestEmulatorNullableFields(t *testing.T) {
	const (
		absent  = "absent"
		null    = "null"
		present = "present"
	)
	// getApp answers the App of an app created from spec.
	getApp := func(spec emulator.AppSpec) func(*testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			srv := emulatortest.Start(t, emulator.Options{})
			creds, err := srv.CreateApp(spec) // not NewApp: it fills fields in
			if err != nil {
				t.Fatal(err)
			}
			_, got := partnerCall(t, srv, creds, http.MethodGet, emulator.PathApp, nil)
			return object(t, got)
		}
	}
	// firstDelivery answers the first row of the deliveries page that query
	// lists, once setup has run.
	firstDelivery := func(query string, setup func(*testing.T, *emulatortest.Server, emulator.Credentials)) func(*testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			setup(t, srv, creds)
			_, got := partnerCall(t, srv, creds, http.MethodGet, emulator.PathDeliveries+query, nil)
			return firstRow(t, got)
		}
	}
	// page answers the deliveries page that query lists, after two deliveries.
	page := func(query string) func(*testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			srv.Emit(t, creds.ClientID, 2, "meeting.created")
			_, got := partnerCall(t, srv, creds, http.MethodGet, emulator.PathDeliveries+query, nil)
			return object(t, got)
		}
	}
	pending := func(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials) {
		disable(t, srv, creds)
		srv.Emit(t, creds.ClientID, 1, "meeting.created")
	}
	abandonedUnattempted := func(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials) {
		pending(t, srv, creds)
		partnerCall(t, srv, creds, http.MethodPut, emulator.PathWebhookStatus, map[string]any{"enabled": true, "pending_disposition": "abandon"})
	}
	failed := func(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials) {
		url := srv.SinkFail()
		if err := srv.PatchApp(creds.ClientID, emulator.AppPatch{WebhookURL: &url}); err != nil {
			t.Fatal(err)
		}
		srv.Emit(t, creds.ClientID, 1, "meeting.created")
	}
	delivered := func(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials) {
		srv.Emit(t, creds.ClientID, 1, "meeting.created")
	}
	full := emulator.AppSpec{ClientID: "app_7f3c", Name: "Acme", WebhookURL: "https://hooks.example.com/contio",
		PrimaryContactEmail: "ops@example.com", WebhookFilter: &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}}

	tests := []struct {
		field, when string
		answer      func(*testing.T) map[string]any
		want        string
	}{
		{"id", "the app's answers leave it out (omit_id)", getApp(emulator.AppSpec{OmitID: true}), absent},
		{"id", "by default, the client id", getApp(full), present},
		{"name", "the app has none", getApp(emulator.AppSpec{}), absent},
		{"name", "the app has one", getApp(full), present},
		{"webhook_url", "the app has none", getApp(emulator.AppSpec{}), absent},
		{"webhook_url", "the app has one", getApp(full), present},
		{"primary_contact_email", "the app has none", getApp(emulator.AppSpec{}), absent},
		{"primary_contact_email", "the app has one", getApp(full), present},
		{"webhook_filter", "the app has none", getApp(emulator.AppSpec{}), null},
		{"webhook_filter", "the app has one", getApp(full), present},
		{"last_attempt_at", "a pending delivery", firstDelivery("", pending), null},
		{"last_attempt_at", "an attempted delivery", firstDelivery("", failed), present},
		{"last_error", "a pending delivery", firstDelivery("", pending), null},
		{"last_error", "a delivery abandoned without an attempt", firstDelivery("", abandonedUnattempted), null},
		{"last_error", "a delivered delivery", firstDelivery("", delivered), null},
		{"last_error", "a failed attempt", firstDelivery("", failed), present},
		{"next_cursor", "the last page", page("?limit=2"), null},
		{"next_cursor", "a page with more after it", page("?limit=1"), present},
	}
	for _, tt := range tests {
		t.Run(tt.field+" when "+tt.when, func(t *testing.T) {
			obj := tt.answer(t)
			v, ok := obj[tt.field]
			got := present
			switch {
			case !ok:
				got = absent
			case v == nil:
				got = null
			case v == "":
				got = `"" (neither null nor a value)`
			}
			if got != tt.want {
				t.Errorf("%s is %s, want %s, in %v", tt.field, got, tt.want, obj)
			}
		})
	}
}

// TestEmulatorAnswersTheContractsMinimalShapes: an app without the optional
// fields answers exactly the contract's minimal App, and a delivery abandoned
// without an attempt has the shape of its example, nulls included.
func TestEmulatorAnswersTheContractsMinimalShapes(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds, err := srv.CreateApp(emulator.AppSpec{OmitID: true, WebhookEnabled: new(bool)})
	if err != nil {
		t.Fatal(err)
	}
	status, got := partnerCall(t, srv, creds, http.MethodGet, emulator.PathApp, nil)
	if want := contractExample(t, "app_minimal.json"); status != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Errorf("HTTP %d %v, want the contract's minimal App %v", status, got, want)
	}

	srv.Emit(t, creds.ClientID, 1, "meeting.created")
	partnerCall(t, srv, creds, http.MethodPut, emulator.PathWebhookStatus, map[string]any{"enabled": true, "pending_disposition": "abandon"})
	_, got = partnerCall(t, srv, creds, http.MethodGet, emulator.PathDeliveries+"?status=abandoned", nil)
	if want := shape(contractExample(t, "deliveries_page_unattempted.json")); !reflect.DeepEqual(shape(got), want) {
		t.Errorf("the shape\n %v\nwant the shape of deliveries_page_unattempted.json\n %v", shape(got), want)
	}
}
