package emulator_test

import (
	"net/http"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// disable turns the app's webhooks off through the Partner API.
func disable(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials) {
	t.Helper()
	if status, got := partnerCall(t, srv, creds, http.MethodPut, emulator.PathWebhookStatus, map[string]any{"enabled": false}); status != http.StatusOK {
		t.Fatalf("disabling: HTTP %d %v", status, got)
	}
}

// object is v as a JSON object, failing the test when it is not one.
func object(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want a JSON object, got %v", v)
	}
	return m
}

// firstRow is the first row of a deliveries page, failing the test when it
// has none.
func firstRow(t *testing.T, page any) map[string]any {
	t.Helper()
	rows, ok := object(t, page)["data"].([]any)
	if !ok || len(rows) == 0 {
		t.Fatalf("no delivery listed: %v", page)
	}
	return object(t, rows[0])
}
