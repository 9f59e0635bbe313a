package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The control API drives a whole auto-disable story over HTTP, as the README
// shows it to users.
func TestControlAPI(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	ctl := srv.URL + emulator.ControlPrefix

	var created struct {
		emulator.Credentials
		emulator.AppState
	}
	call(t, "POST", ctl+"/apps", map[string]any{
		"client_id": "app_7f3c", "name": "Acme Notes Sync", "webhook_url": srv.SinkFail(),
		"primary_contact_email": "ops@example.com",
	}, http.StatusCreated, &created)
	if created.ClientID != "app_7f3c" || created.APIKey == "" || !created.App.WebhookEnabled {
		t.Fatalf("created = %+v", created)
	}
	call(t, "POST", ctl+"/apps", map[string]any{"client_id": "app_7f3c"}, http.StatusConflict, nil)

	var emitted emulator.EmitReport
	call(t, "POST", ctl+"/apps/app_7f3c/events", map[string]any{"types": []string{"meeting.created"}, "count": 50}, http.StatusOK, &emitted)
	if len(emitted.Recorded) != 50 || emitted.Attempt.Failed != 50 {
		t.Fatalf("emit = %+v", emitted.Attempt)
	}
	var cycle emulator.CycleReport
	for range 4 {
		call(t, "POST", ctl+"/clock/advance", map[string]any{"seconds": 3 * 3600}, http.StatusOK, nil)
		call(t, "POST", ctl+"/deliver", nil, http.StatusOK, &cycle)
	}
	if len(cycle.AutoDisabled) != 1 || cycle.AutoDisabled[0] != "app_7f3c" {
		t.Fatalf("last cycle = %+v, want app_7f3c auto-disabled", cycle)
	}

	var st emulator.AppState
	call(t, "GET", ctl+"/apps/app_7f3c", nil, http.StatusOK, &st)
	if st.App.WebhookEnabled || st.DeliveryCounts[contio.DeliveryAbandoned] != 50 || len(st.Notifications) != 1 {
		t.Errorf("state = enabled %v, counts %v, %d notifications", st.App.WebhookEnabled, st.DeliveryCounts, len(st.Notifications))
	}
	call(t, "GET", ctl+"/apps/nope", nil, http.StatusNotFound, nil)

	var sink map[string]int
	call(t, "GET", ctl+"/sink", nil, http.StatusOK, &sink)
	if sink["fail"] != 250 {
		t.Errorf("fail sink received %d webhooks, want 250 (50 deliveries x 5 attempts)", sink["fail"])
	}

	url := srv.SinkOK()
	call(t, "PATCH", ctl+"/apps/app_7f3c", emulator.AppPatch{WebhookURL: &url}, http.StatusOK, &st)
	if st.App.WebhookURL != url {
		t.Errorf("webhook_url = %q after PATCH", st.App.WebhookURL)
	}

	call(t, "POST", ctl+"/faults", emulator.Fault{Path: emulator.PathApp, Status: 503, Times: 2}, http.StatusCreated, nil)
	call(t, "POST", ctl+"/faults", emulator.Fault{Status: 200}, http.StatusBadRequest, nil)
	c := srv.Client(t, created.Credentials)
	if _, err := c.GetApp(t.Context()); err != nil {
		t.Fatalf("GetApp through two injected 503s: %v", err)
	}
	var counts map[string]int
	call(t, "GET", ctl+"/requests", nil, http.StatusOK, &counts)
	if counts["GET "+emulator.PathApp] != 3 {
		t.Errorf("request counts = %v, want 3 GETs of the app", counts)
	}
	call(t, "DELETE", ctl+"/requests", nil, http.StatusNoContent, nil)
	var afterReset map[string]int
	call(t, "GET", ctl+"/requests", nil, http.StatusOK, &afterReset)
	if len(afterReset) != 0 {
		t.Errorf("counts after reset = %v", afterReset)
	}

	var clock map[string]time.Time
	call(t, "GET", ctl+"/clock", nil, http.StatusOK, &clock)
	call(t, "POST", ctl+"/clock/advance", map[string]any{"seconds": -5}, http.StatusBadRequest, nil)
}

func TestPartnerAPIRejects(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	tests := []struct {
		name, method, path string
		body               string
		status             int
		code               string
	}{
		{"no credentials", "GET", emulator.PathApp, "", 401, contio.CodeUnauthorized},
		{"status without enabled", "PUT", emulator.PathWebhookStatus, `{}`, 400, contio.CodeInvalidRequest},
		{"unknown disposition", "PUT", emulator.PathWebhookStatus, `{"enabled":true,"pending_disposition":"later"}`, 400, contio.CodeInvalidRequest},
		{"malformed JSON", "PUT", emulator.PathWebhookFilter, `{"type":`, 400, contio.CodeInvalidRequest},
		{"bad status filter", "GET", emulator.PathDeliveries + "?status=lost", "", 400, contio.CodeInvalidRequest},
		{"limit too large", "GET", emulator.PathDeliveries + "?limit=101", "", 400, contio.CodeInvalidRequest},
		{"forged cursor", "GET", emulator.PathDeliveries + "?cursor=abc", "", 400, contio.CodeInvalidRequest},
		{"unknown endpoint", "GET", "/v1/partner/admin/nothing", "", 404, contio.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), tt.method, srv.URL+tt.path, bytes.NewBufferString(tt.body))
			if tt.name != "no credentials" {
				req.Header.Set(contio.ClientIDHeader, creds.ClientID)
				req.Header.Set(contio.APIKeyHeader, creds.APIKey)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Error, Message string
			}
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status || body.Error != tt.code || body.Message == "" {
				t.Errorf("HTTP %d %+v, want %d %s with a message", resp.StatusCode, body, tt.status, tt.code)
			}
		})
	}
}

func TestClockOnlyMovesForward(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := emulator.NewClock(func() time.Time { return base })
	if got := c.Advance(-time.Hour); !got.Equal(base) {
		t.Errorf("negative advance moved the clock to %s", got)
	}
	if got := c.Advance(73 * time.Hour); !got.Equal(base.Add(73 * time.Hour)) {
		t.Errorf("advance: %s", got)
	}
}
