package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// typoFilter lists likely typos of built-in event types, and a type Contio
// may add that is near none of them.
const typoFilter = `
resource "contio_webhook_filter" "this" {
  type   = "include"
  events = ["meeting.craeted", "meeting.Created", "meeting_created", "meeting.compelted", "meeting.transcribed"]
}
`

// typoWarnings are the likely typos in typoFilter and what each suggests.
var typoWarnings = map[string]string{
	"meeting.craeted":   "meeting.created",
	"meeting.Created":   "meeting.created",
	"meeting_created":   "meeting.created",
	"meeting.compelted": "meeting.completed",
}

// `validate` flags likely typos offline, with no provider block, credentials
// or init, as a pre-commit hook runs it; the new type stays silent; the plan
// still refuses the typo.
func TestAccValidateFlagsEventTypeTypos(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	e.writeConfig(t, e.terraformBlock()+typoFilter)

	var got struct {
		Valid       bool `json:"valid"`
		Diagnostics []struct {
			Severity, Summary, Detail string
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(e.mustTF(t, "validate", "-json")), &got); err != nil {
		t.Fatal(err)
	}
	if !got.Valid {
		t.Errorf("validate refused the configuration: %+v", got.Diagnostics)
	}
	warned := map[string]bool{}
	for _, d := range got.Diagnostics {
		if d.Summary != "Likely typo in a Contio event type" {
			continue
		}
		if d.Severity != "warning" {
			t.Errorf("severity %q, want warning: %s", d.Severity, d.Detail)
		}
		for typo, want := range typoWarnings {
			if strings.HasPrefix(d.Detail, `"`+typo+`" is not one of this provider's Contio event types. Did you mean "`+want+`"?`) {
				warned[typo] = true
			}
		}
		if !strings.Contains(d.Detail, "additional_event_types") {
			t.Errorf("the warning does not name additional_event_types:\n%s", d.Detail)
		}
		if strings.Contains(d.Detail, "meeting.transcribed") {
			t.Errorf("a type near no built-in one drew a warning:\n%s", d.Detail)
		}
	}
	for typo := range typoWarnings {
		if !warned[typo] {
			t.Errorf("no warning suggesting %q for %q in %+v", typoWarnings[typo], typo, got.Diagnostics)
		}
	}

	// As a person reads it: the CLI shows the first warning and counts the
	// others ("and 7 more similar warnings"), the set's first being
	// meeting.Created.
	if out := e.mustTF(t, "validate", "-no-color"); !strings.Contains(flat(out),
		`"meeting.Created" is not one of this provider's Contio event types. Did you mean "meeting.created"?`) {
		t.Errorf("validate's output lacks the warning:\n%s", out)
	}

	// The plan's error is unchanged.
	e.writeConfig(t, e.config(typoFilter))
	_, errOut, code := e.runTF("plan", "-no-color")
	if code != 1 || !strings.Contains(flat(errOut), `Error: Unknown Contio event type with contio_webhook_filter.this`) ||
		!strings.Contains(flat(errOut), `"meeting.craeted" is not a Contio event type that a filter can list. Did you mean "meeting.created"?`) {
		t.Errorf("plan: exit code %d, want 1 with the catalog's error:\n%s", code, errOut)
	}
}

// A `terraform test` with mock_provider never plans for real, yet still
// validates: the typo warning is there, without credentials.
func TestAccMockProviderTestFlagsEventTypeTypos(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	if !e.version.AtLeast(tfcli.Terraform, "1.7.0") && !e.version.AtLeast(tfcli.OpenTofu, "1.8.0") {
		t.Skipf("%s has no mock_provider (Terraform 1.7, OpenTofu 1.8)", e.version)
	}
	e.writeConfig(t, e.terraformBlock()+typoFilter)
	if err := os.MkdirAll(filepath.Join(e.dir, "tests"), 0o700); err != nil {
		t.Fatal(err)
	}
	const test = "mock_provider \"contio\" {}\n\nrun \"filter\" {\n  command = plan\n}\n"
	if err := os.WriteFile(filepath.Join(e.dir, "tests", "filter.tftest.hcl"), []byte(test), 0o600); err != nil {
		t.Fatal(err)
	}
	out := e.mustTF(t, "test", "-no-color")
	for _, want := range []string{"Warning: Likely typo in a Contio event type",
		`"meeting.Created" is not one of this provider's Contio event types. Did you mean "meeting.created"?`, "1 passed, 0 failed"} {
		if !strings.Contains(flat(out), want) {
			t.Errorf("terraform test's output lacks %q:\n%s", want, out)
		}
	}
}

// flat is s with every run of whitespace one space, to match text the CLI
// wraps.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
