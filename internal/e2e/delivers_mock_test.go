package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// The delivers page's promise: under mock_provider the function still runs,
// so mock_data "contio_app" supplies the filter a test asserts on, through an
// output (an assert that calls a provider function crashes OpenTofu 1.12.6).
// The configuration is the page's example, read from the file it includes.
func TestAccDeliversUnderMockProvider(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	if !e.version.AtLeast(tfcli.Terraform, "1.8.0") && !e.version.AtLeast(tfcli.OpenTofu, "1.8.0") {
		t.Skipf("%s lacks provider functions or mock_provider (Terraform 1.8, OpenTofu 1.8)", e.version)
	}
	example, err := os.ReadFile(filepath.Join(moduleRoot, "examples/functions/delivers/function.tf"))
	if err != nil {
		t.Fatal(err)
	}
	e.writeConfig(t, e.terraformBlock()+string(example))
	const test = `
mock_provider "contio" {
  mock_data "contio_app" {
    defaults = {
      webhook_filter = { type = "exclude", events = ["meeting.completed"] }
    }
  }
}

run "exclude_drops_meeting_completed" {
  command = plan

  assert {
    condition     = output.meeting_completed_delivered == false
    error_message = "meeting.completed is delivered under a filter that excludes it"
  }
}

run "delivered" {
  command = plan

  assert {
    condition     = output.meeting_completed_delivered
    error_message = "deliberately failing: the mock's filter excludes meeting.completed"
  }
}
`
	if err := os.MkdirAll(filepath.Join(e.dir, "tests"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "tests", "delivers.tftest.hcl"), []byte(test), 0o600); err != nil {
		t.Fatal(err)
	}
	// The last run must fail: it proves the assertions are evaluated.
	out, errOut, code := e.runTF("test", "-no-color")
	got := flat(out + errOut)
	for _, want := range []string{
		`run "exclude_drops_meeting_completed"... pass`,
		`run "delivered"... fail`,
		"deliberately failing: the mock's filter excludes meeting.completed",
		"1 passed, 1 failed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("exit code %d; the output lacks %q:\n%s\n%s", code, want, out, errOut)
		}
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
}
