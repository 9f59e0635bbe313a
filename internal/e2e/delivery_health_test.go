package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// TestAccDeliveryHealth_missingAppFields: the delivery-health scenario's
// warning reads well when Contio leaves out the app's name, webhook_url and
// primary_contact_email (CONTRACT.md allows it), and the plan does not fail
// on the missing values.
func TestAccDeliveryHealth_missingAppFields(t *testing.T) {
	disabled := false
	e := newTFEnv(t, emulator.AppSpec{WebhookEnabled: &disabled})
	t.Parallel()
	empty := ""
	if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{Name: &empty, WebhookURL: &empty, PrimaryContactEmail: &empty}); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(moduleRoot, "examples", "scenarios", "delivery-health", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	e.writeConfig(t, string(src))
	e.env = append(e.env, "CONTIO_BASE_URL="+e.emu.URL,
		"CONTIO_CLIENT_ID="+e.creds.ClientID, "CONTIO_API_KEY="+e.creds.APIKey)
	e.expectTF(t, 0, []string{
		"Contio is not delivering webhooks for " + e.creds.ClientID + ": they are disabled",
		"(Contio then tries to notify the app's primary contact). Make the app's webhook endpoint answer 2xx quickly",
	}, []string{"notify .", "for :"}, "plan")
}
