package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// oddEventType is outside the event-type shape the contract assumes.
const oddEventType = "meeting.transcript-ready"

// TestAccQueryAdopt_oddShapedTypeAndAppID adopts an app the way the docs say,
// where Contio breaks both assumptions of the contract at once: its filter
// holds an odd-shaped type and its app id differs from the client id.
// `terraform query -generate-config-out` lists both resources by client id;
// the generated configuration validates, and its plan only imports, without
// additional_event_types. Terraform 1.14 and later only (OpenTofu has no query).
func TestAccQueryAdopt_oddShapedTypeAndAppID(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{AppID: "app_other_than_client"})
	if !e.version.AtLeast(tfcli.Terraform, "1.14") {
		t.Skipf("terraform query needs Terraform 1.14 or later; this is %s", e.version)
	}
	if err := e.emu.AddEventTypesAnyShape(oddEventType); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client(t).SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.created", oddEventType}); err != nil {
		t.Fatal(err)
	}
	// Query needs a .tf file beside the .tfquery.hcl one; the provider block
	// serves both the query and the plan.
	e.writeConfig(t, e.config(""))
	query := "list \"contio_webhook_status\" \"all\" {\n  provider = contio\n}\n\nlist \"contio_webhook_filter\" \"all\" {\n  provider = contio\n}\n"
	if err := os.WriteFile(filepath.Join(e.dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}

	e.mustTF(t, "query", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(e.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(generated)), " ")
	if n := strings.Count(flat, fmt.Sprintf("client_id = %q", e.creds.ClientID)); n != 2 || !strings.Contains(flat, fmt.Sprintf("%q", oddEventType)) {
		t.Fatalf("generated.tf should import both resources by client_id %q (found %d) and list %q:\n%s", e.creds.ClientID, n, oddEventType, generated)
	}

	e.mustTF(t, "validate", "-no-color")
	out := e.mustTF(t, "plan", "-no-color")
	if !strings.Contains(out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Errorf("the plan of the generated configuration does more than import:\n%s", out)
	}
}
