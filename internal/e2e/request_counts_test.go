package e2e

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// requestCountsConfig is the configuration whose Partner API cost
// TestAccRequestCounts measures: a status that declares its disposition up
// front, an include filter, and the app data source.
func requestCountsConfig(events string) string {
	return `
resource "contio_webhook_status" "this" {
  enabled             = true
  pending_disposition = "deliver"
}

resource "contio_webhook_filter" "this" {
  type   = "include"
  events = [` + events + `]
}

data "contio_app" "this" {}
`
}

// TestAccRequestCounts counts the Partner API calls of each terraform command
// on one configuration, through the real CLI, and wants exactly the numbers
// measured on Terraform 1.5.7, 1.11.4, 1.14.9 and OpenTofu 1.12.6 (they agree).
// It logs them as a markdown table.
//
// One app GET per provider configuration means one per graph walk, and
// Terraform starts a fresh provider process for each walk: `plan` and
// `destroy` read the app once; `apply` runs a plan walk and then an apply
// walk, in which Terraform plans every changed resource again
// (PlanResourceChange before ApplyResourceChange). So:
//   - an apply that creates contio_webhook_status reads the app twice: the
//     apply walk's re-plan asks whether the create enables a disabled app,
//     and Create needs the app anyway (to send nothing when it already has
//     the planned status); an apply of updates only reads it once, in the
//     plan walk's refresh;
//   - an apply that re-enables counts the pending backlog twice, once in
//     each walk's plan of the status; Terraform shows the second warning
//     folded into the first ("and one more similar warning elsewhere"). The
//     provider cannot tell the apply walk's re-plan from a plan, so only a
//     count carried across the walks (see the comment at the re-enable step)
//     would make it one.
func TestAccRequestCounts(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()

	var commands []string
	var counts []map[string]int
	run := func(label string, wantCode int, want map[string]int, args ...string) string {
		t.Helper()
		e.emu.ResetRequestCounts()
		out, errOut, code := e.runTF(append(args, "-no-color")...)
		got := e.emu.RequestCounts()
		if code != wantCode {
			t.Fatalf("%s %s: exit code %d, want %d\n%s\n%s", filepath.Base(e.cli), strings.Join(args, " "), code, wantCode, out, errOut)
		}
		commands = append(commands, label)
		counts = append(counts, maps.Clone(got))
		if !maps.Equal(got, want) {
			t.Errorf("%s: Partner API calls %v, want %v", label, got, want)
		}
		return out + errOut
	}
	defer func() {
		t.Logf("Partner API calls per command, %s:\n\n%s", filepath.Base(e.cli), countsTable(commands, counts))
	}()

	e.writeConfig(t, e.config(requestCountsConfig(`"meeting.created", "meeting.completed"`)))
	run("`plan` (fresh configuration)", 0, map[string]int{callGetApp: 1}, "plan")
	run("`apply` (creates the status and the filter)", 0,
		map[string]int{callGetApp: 2, callPutFilter: 1}, // the app is enabled already: no status PUT
		"apply", "-auto-approve")
	run("`plan` (no change)", 0, map[string]int{callGetApp: 1}, "plan", "-detailed-exitcode")
	e.writeConfig(t, e.config(requestCountsConfig(`"meeting.created", "participant.added"`)))
	run("`apply` (filter events change)", 0, map[string]int{callGetApp: 1, callPutFilter: 1}, "apply", "-auto-approve")

	// Contio auto-disables the app; events then wait as pending.
	autoDisableForReal(t, e)
	e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")
	if n := e.state(t).DeliveryCounts["pending"]; n != 3 {
		t.Fatalf("%d pending deliveries, want 3", n)
	}
	out := run("`plan` (re-enable after an auto-disable)", 2,
		map[string]int{callGetApp: 1, callGetDeliveries: 1}, "plan", "-detailed-exitcode")
	if !strings.Contains(out, "3 pending deliveries") {
		t.Errorf("the re-enable's plan does not warn of the 3 pending deliveries:\n%s", out)
	}
	// The backlog is counted once per walk: the plan walk's plan and the apply
	// walk's re-plan of contio_webhook_status each count it (a fresh provider
	// process each). Counting it once per command would need the count carried
	// from the plan walk to the apply walk, e.g. in the private state that Read
	// sets during the refresh (the apply walk's re-plan gets it as prior
	// private state), which the provider does not do.
	out = run("`apply` (re-enable)", 0,
		map[string]int{callGetApp: 1, callPutStatus: 1, callGetDeliveries: 2}, "apply", "-auto-approve")
	if !strings.Contains(out, "3 pending deliveries") {
		t.Errorf("the re-enable's apply does not warn of the 3 pending deliveries:\n%s", out)
	}
	if st := e.state(t); !st.App.WebhookEnabled || st.DeliveryCounts["pending"] != 3 {
		t.Fatalf("after the re-enable: enabled=%t, deliveries %v; want enabled with 3 pending (deliver)", st.App.WebhookEnabled, st.DeliveryCounts)
	}
	run("`destroy`", 0, map[string]int{callGetApp: 1, callDeleteFilter: 1}, "destroy", "-auto-approve")
}

// TestAccBacklogCountThrottled: the deliveries list answers 429 with
// Retry-After: 120 to every request. An apply that re-enables the app and
// changes the filter completes without waiting: the backlog count behind the
// re-enable warning makes one attempt per walk, the warning says it could not
// count, and neither write waits for it. A Retry-After wait would show as
// retried deliveries requests (and take two minutes each).
func TestAccBacklogCountThrottled(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()
	e.writeConfig(t, e.config(requestCountsConfig(`"meeting.created", "meeting.completed"`)))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")
	autoDisableForReal(t, e)
	e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")
	e.emu.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, Status: 429, RetryAfter: 120, Times: 1000})

	e.writeConfig(t, e.config(requestCountsConfig(`"meeting.created", "participant.added"`)))
	e.emu.ResetRequestCounts()
	start := time.Now()
	out := e.mustTF(t, "apply", "-auto-approve", "-no-color")
	elapsed := time.Since(start)
	got := e.emu.RequestCounts()
	want := map[string]int{callGetApp: 1, callPutStatus: 1, callPutFilter: 1, callGetDeliveries: 2}
	if !maps.Equal(got, want) {
		t.Errorf("Partner API calls %v, want %v: one deliveries request per walk, not retried", got, want)
	}
	if !strings.Contains(squash(out), "Unable to count pending webhook deliveries") {
		t.Errorf("the apply does not warn that the backlog could not be counted:\n%s", out)
	}
	if elapsed > time.Minute {
		t.Errorf("the apply took %s: it waited for Retry-After", elapsed)
	}
	if st := e.state(t); !st.App.WebhookEnabled {
		t.Error("the app is still disabled after the apply")
	}
}
