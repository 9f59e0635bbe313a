package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// runbookConfig is the "a person decides" policy: enabled = true with no
// standing pending_disposition, the re-enable action declared (under the name
// the examples and the refusal use), and the deliveries data source the
// runbook reviews failures with.
const runbookConfig = driftConfig + `
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver"
  }
}

data "contio_app" "this" {}

# Not scoped in the check block: Terraform plans a check's own data source as
# a read during apply on every plan, which -detailed-exitcode counts as a change.
data "contio_webhook_deliveries" "abandoned" {
  status        = "abandoned"
  fail_on_error = false
}

check "recent_failures" {
  assert {
    condition     = data.contio_app.this.webhook_enabled
    error_message = "Webhook delivery is disabled. ${data.contio_webhook_deliveries.abandoned.delivery_count} abandoned deliveries; their errors: ${join(", ", compact(distinct(data.contio_webhook_deliveries.abandoned.deliveries[*].last_error)))}."
  }
}
`

// invokeCommand is what the refusal, the docs and the test run.
const invokeCommand = "-invoke=action.contio_webhook_reenable.deliver"

// skipWithoutActions skips the test on CLIs without actions: OpenTofu, and
// Terraform before 1.14.
func skipWithoutActions(t *testing.T, e *tfEnv) {
	t.Helper()
	if !e.version.AtLeast(tfcli.Terraform, "1.14") {
		t.Skipf("%s: actions need Terraform 1.14 or later (OpenTofu has none); the re-enable goes through configuration there", e.version)
	}
}

// TestAccRunbook follows Contio's runbook for auto-disabled webhooks through
// the real CLI: Contio auto-disables the app; the plan is refused, naming the
// invoke command; the deliveries data source shows the failures; invoking the
// action re-enables and confirms; then the plan is empty and the drift check
// clean. The subtests run in order on the same state.
func TestAccRunbook(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	skipWithoutActions(t, e)
	t.Parallel()
	go func() { _, _ = jqPath() }() // build gojq for the drift check meanwhile
	e.writeConfig(t, e.config(runbookConfig))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")

	t.Run("invoking on an enabled app changes nothing", func(t *testing.T) {
		e.emu.ResetRequestCounts()
		out := e.mustTF(t, "apply", invokeCommand, "-auto-approve", "-no-color")
		t.Logf("apply %s:\n%s", invokeCommand, out)
		if !strings.Contains(out, "is already enabled: nothing to do") {
			t.Errorf("the action does not say it has nothing to do:\n%s", out)
		}
		if n := e.emu.RequestCounts()[callPutStatus]; n != 0 {
			t.Errorf("%d status PUTs, want none", n)
		}
	})

	// Contio auto-disables the app; events then wait as pending.
	autoDisableForReal(t, e)
	e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")
	if n := e.state(t).DeliveryCounts["pending"]; n != 3 {
		t.Fatalf("%d pending deliveries, want 3", n)
	}

	t.Run("the plan is refused, naming the invoke command", func(t *testing.T) {
		out, errOut, code := e.runTF("plan", "-no-color")
		if code != 1 {
			t.Fatalf("plan: exit code %d, want 1 (refused)\n%s\n%s", code, out, errOut)
		}
		for _, want := range []string{"Re-enabling webhooks requires pending_disposition", "terraform apply " + invokeCommand} {
			if !strings.Contains(squash(errOut), want) {
				t.Errorf("the refusal lacks %q:\n%s", want, errOut)
			}
		}
	})

	t.Run("the deliveries data source shows the failures", func(t *testing.T) {
		// The check block reads the data source on every plan, the refused one
		// included, and warns only while delivery is disabled.
		out, errOut, _ := e.runTF("plan", "-no-color")
		want := fmt.Sprintf("Webhook delivery is disabled. %d abandoned deliveries; their errors: HTTP 503.", emulator.AutoDisableAbandonedThreshold)
		if !strings.Contains(squash(out+errOut), want) {
			t.Errorf("the plan does not show the failures (%q):\n%s\n%s", want, out, errOut)
		}
	})

	t.Run("invoking re-enables and confirms", func(t *testing.T) {
		e.emu.ResetRequestCounts()
		out := e.mustTF(t, "apply", invokeCommand, "-auto-approve", "-no-color")
		t.Logf("apply %s:\n%s", invokeCommand, out)
		for _, want := range []string{
			"will deliver the backlog", // the plan-time warning
			"is disabled.",
			"Delivery failures Contio lists: 50 abandoned (all time)",
			"Backlog: 3 pending deliveries stay queued",
			`Re-enabling webhook delivery with pending_disposition = "deliver"`,
			"Confirmed: Contio reports webhook_enabled = true",
		} {
			if !strings.Contains(squash(out), want) {
				t.Errorf("the invoke's output lacks %q", want)
			}
		}
		if n := e.emu.RequestCounts()[callPutStatus]; n != 1 {
			t.Errorf("%d status PUTs, want 1", n)
		}
		if st := e.state(t); !st.App.WebhookEnabled || st.DeliveryCounts["pending"] != 3 {
			t.Fatalf("after the invoke: enabled=%t, deliveries %v; want enabled with 3 pending (deliver)", st.App.WebhookEnabled, st.DeliveryCounts)
		}
	})

	t.Run("then the plan is empty and the drift check clean", func(t *testing.T) {
		out, errOut, code := e.runTF("plan", "-detailed-exitcode", "-no-color")
		if code != 0 {
			t.Errorf("plan -detailed-exitcode: exit code %d, want 0\n%s\n%s", code, out, errOut)
		}
		expectDriftCheck(t, e, 0)
	})
}

// TestAccRunbook_badDisposition: a disposition other than deliver or abandon
// is refused at plan time, and nothing is sent.
func TestAccRunbook_badDisposition(t *testing.T) {
	disabled := false
	e := newTFEnv(t, emulator.AppSpec{WebhookEnabled: &disabled})
	skipWithoutActions(t, e)
	t.Parallel()
	e.writeConfig(t, e.config(`
action "contio_webhook_reenable" "keep" {
  config {
    pending_disposition = "keep"
  }
}
`))
	out, errOut, code := e.runTF("plan", "-invoke=action.contio_webhook_reenable.keep", "-no-color")
	if code != 1 {
		t.Fatalf("plan -invoke: exit code %d, want 1\n%s\n%s", code, out, errOut)
	}
	if want := `value must be one of: ["deliver" "abandon"]`; !strings.Contains(squash(errOut), want) {
		t.Errorf("the refusal lacks %q:\n%s", want, errOut)
	}
	if n := e.emu.RequestCounts()[callPutStatus]; n != 0 {
		t.Errorf("%d status PUTs, want none", n)
	}
}

// squash joins the CLI's wrapped lines (it wraps diagnostics to the
// terminal's width, and -no-color output too) so phrases can be searched.
func squash(s string) string {
	s = strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// TestAccRunbook_stateRecordedTheAutoDisable: when the state recorded the
// auto-disable before the action ran (someone ran terraform apply
// -refresh-only), the re-enable is drift for the drift check, which names the
// one command that records it, as the action's output does; after that
// command the plan is empty and the drift check clean.
func TestAccRunbook_stateRecordedTheAutoDisable(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	skipWithoutActions(t, e)
	t.Parallel()
	go func() { _, _ = jqPath() }()
	e.writeConfig(t, e.config(runbookConfig))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")
	autoDisableForReal(t, e)
	e.mustTF(t, "apply", "-refresh-only", "-auto-approve", "-no-color")

	out := e.mustTF(t, "apply", invokeCommand, "-auto-approve", "-no-color")
	const record = "terraform apply -refresh-only"
	if !strings.Contains(squash(out), "then run "+record+" once to record the re-enable") {
		t.Errorf("the action's output does not name %q:\n%s", record, out)
	}
	expectDriftCheck(t, e, 2, "contio_webhook_status.this: enabled false -> true (re-enabled outside Terraform, e.g. by the contio_webhook_reenable action; if that is what you want, apply -refresh-only records it)")
	e.mustTF(t, "apply", "-refresh-only", "-auto-approve", "-no-color")
	expectDriftCheck(t, e, 0)
	if out, errOut, code := e.runTF("plan", "-detailed-exitcode", "-no-color"); code != 0 {
		t.Errorf("plan -detailed-exitcode: exit code %d, want 0\n%s\n%s", code, out, errOut)
	}
}
