package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// driftConfig is what the drift checks watch: a webhook status and an include
// filter that passes meeting.created, the event the auto-disable case emits.
const driftConfig = `
resource "contio_webhook_status" "this" {
  enabled = true
}

resource "contio_webhook_filter" "this" {
  type   = "include"
  events = ["meeting.created", "meeting.completed", "action_item.created"]
}
`

// driftCheck runs examples/ci/drift-check.sh with args in the working
// directory with the test's CLI and jq.
func (e *tfEnv) driftCheck(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "examples", "ci", "drift-check.sh"))
	if err != nil {
		t.Fatal(err)
	}
	jq, err := jqPath()
	if err != nil {
		t.Fatalf("no jq for drift-check.sh: %v", err)
	}
	return e.run("bash", append([]string{script}, args...), []string{"TF_BIN=" + e.cli, "JQ=" + jq, "TMPDIR=" + t.TempDir()})
}

// expectDriftCheck runs the drift check and wants its exit code and exactly
// the given stdout lines.
func expectDriftCheck(t *testing.T, e *tfEnv, wantCode int, wantLines ...string) (stdout, stderr string) {
	t.Helper()
	return expectDriftCheckArgs(t, e, nil, wantCode, wantLines...)
}

// expectDriftCheckArgs is expectDriftCheck with the script's arguments.
func expectDriftCheckArgs(t *testing.T, e *tfEnv, args []string, wantCode int, wantLines ...string) (stdout, stderr string) {
	t.Helper()
	out, errOut, code := e.driftCheck(t, args...)
	t.Logf("drift-check.sh: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	if code != wantCode {
		t.Errorf("exit code %d, want %d", code, wantCode)
	}
	var got []string
	if trimmed := strings.TrimRight(out, "\n"); trimmed != "" {
		got = strings.Split(trimmed, "\n")
	}
	if strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("stdout lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
	return out, errOut
}

// autoDisable makes Contio auto-disable the app for real: the endpoint fails
// every delivery until 50 are abandoned after their retries. The app's filter
// must pass meeting.created.
func autoDisable(t *testing.T, e *tfEnv) {
	t.Helper()
	sinkFail := e.emu.SinkFail()
	if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &sinkFail}); err != nil {
		t.Fatal(err)
	}
	e.emu.Emit(t, e.creds.ClientID, emulator.AutoDisableAbandonedThreshold, "meeting.created")
	e.emu.ExhaustRetries(t)
	e.emu.RunDeliveryCycle(t.Context())
	if st := e.state(t); st.App.WebhookEnabled || len(st.Notifications) == 0 {
		t.Fatalf("the emulator did not auto-disable the app: enabled=%t, notifications=%v, deliveries=%v",
			st.App.WebhookEnabled, st.Notifications, st.DeliveryCounts)
	}
}

// TestAccDriftCheck drives examples/ci/drift-check.sh through the real CLI
// against the emulator, after an apply of a status and an include filter.
// The subtests run in order on the same state.
func TestAccDriftCheck(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()
	go func() { _, _ = jqPath() }() // build gojq while Terraform applies
	e.writeConfig(t, e.config(driftConfig))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")

	t.Run("no drift", func(t *testing.T) {
		expectDriftCheck(t, e, 0)
	})

	t.Run("auto-disabled", func(t *testing.T) {
		autoDisable(t, e)
		expectDriftCheck(t, e, 2, "contio_webhook_status.this: enabled true -> false (disabled outside Terraform (Contio's auto-disable, or a person))")

		// Back to what the state says, so the next case sees only its own drift.
		sinkOK := e.emu.SinkOK()
		if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &sinkOK}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.client(t).UpdateWebhookStatus(t.Context(), true, contio.DispositionAbandon); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("filter edited out of band", func(t *testing.T) {
		if _, err := e.client(t).SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.created", "participant.added"}); err != nil {
			t.Fatal(err)
		}
		expectDriftCheck(t, e, 2, `contio_webhook_filter.this: events ["action_item.created","meeting.completed","meeting.created"] -> ["meeting.created","participant.added"] (changed outside Terraform)`)
	})

	t.Run("API down", func(t *testing.T) {
		down := closedURL(t)
		e.writeConfig(t, e.terraformBlock()+e.providerBlock(down, "max_retries = 0")+driftConfig)
		_, errOut := expectDriftCheck(t, e, 1)
		for _, want := range []string{"failed (exit code 1)", "Error: ", strings.TrimPrefix(down, "http://")} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q", want)
			}
		}
	})
}

// TestAccDriftCheck_filterRemoved: a filter deleted outside Terraform is a
// resource gone, reported as such with what it means for delivery.
func TestAccDriftCheck_filterRemoved(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()
	e.writeConfig(t, e.config(driftConfig))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")
	if _, err := e.client(t).RemoveWebhookFilter(t.Context()); err != nil {
		t.Fatal(err)
	}
	expectDriftCheck(t, e, 2, "contio_webhook_filter.this: removed outside Terraform (no filter: every event is delivered)")
}

// TestAccDriftCheck_outputChangeIsNotDrift: the app's webhook_url, which no
// resource manages, changes outside Terraform; a root output that reads it
// through contio_app changes, and the CLI's refresh-only detailed exit code
// says 2. No managed resource drifted: the check says 0, and mentions the
// output only when asked.
func TestAccDriftCheck_outputChangeIsNotDrift(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()
	e.writeConfig(t, e.config(driftConfig+`
data "contio_app" "this" {}

output "webhook_url" {
  value = data.contio_app.this.webhook_url
}
`))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")
	was := e.state(t).App.WebhookURL
	moved := "https://hooks.example.com/contio"
	if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &moved}); err != nil {
		t.Fatal(err)
	}
	_, _, code := e.runTF("plan", "-refresh-only", "-detailed-exitcode", "-no-color")
	t.Logf("%s plan -refresh-only -detailed-exitcode: exit %d", filepath.Base(e.cli), code)
	// Quiet by default: a line about outputs on every run reads as an alarm.
	if _, errOut := expectDriftCheck(t, e, 0); errOut != "" {
		t.Errorf("stderr is not empty: %s", errOut)
	}
	expectDriftCheckArgs(t, e, []string{"--outputs"}, 0,
		fmt.Sprintf("output.webhook_url: %q -> %q (an output, not drift)", was, moved))
}

// TestAccDriftCheck_onlyResourceRemoved: when the one managed resource is
// deleted outside Terraform, the refreshed state holds none, yet that is
// drift, not a backend pointing at the wrong state.
func TestAccDriftCheck_onlyResourceRemoved(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()
	e.writeConfig(t, e.config(`
resource "contio_webhook_filter" "this" {
  type   = "include"
  events = ["meeting.created"]
}
`))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")
	if _, err := e.client(t).RemoveWebhookFilter(t.Context()); err != nil {
		t.Fatal(err)
	}
	expectDriftCheck(t, e, 2, "contio_webhook_filter.this: removed outside Terraform (no filter: every event is delivered)")
}
