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
