package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// drainConfig declares the re-enable action with a drain wait shorter than
// its 15-second poll interval: the wait sleeps 5 seconds, then says what
// became of the backlog.
const drainConfig = driftConfig + `
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver"
    wait_for_drain      = "5s"
  }
}
`

// TestAccRunbook_waitForDrain invokes the action with wait_for_drain through
// the real CLI while Contio runs delivery cycles, once with the endpoint
// fixed and once with it still failing (the emulator's failing sink). The
// action reports each delivery's final status, never calling a backlog that
// failed again drained, and warns with the runbook's first step.
func TestAccRunbook_waitForDrain(t *testing.T) {
	for _, tt := range []struct {
		name         string
		stillFailing bool
		want         []string
		notWant      []string
	}{
		{
			name: "endpoint fixed",
			want: []string{
				"Waiting up to 5s for the pending backlog to drain.",
				"The backlog has drained: all 3 deliveries queued before the re-enable were delivered.",
			},
			notWant: []string{"failed again", "has not drained yet"},
		},
		{
			name:         "endpoint still failing",
			stillFailing: true,
			want: []string{
				"Waiting up to 5s for the pending backlog to drain.",
				"None of the 3 deliveries queued before the re-enable is still pending: 3 failed again (Contio retries them).",
				// Terraform 1.14 shows an action's warning as "Summary: Detail"
				// under "Warning when invoking action"; 1.16 as its own
				// warning, with its location between the two.
				"Deliveries failed again after the re-enable",
				"Webhook delivery is re-enabled, but of the 3 deliveries queued before it: 3 failed again (Contio retries them). The newest error: HTTP 503.",
				"check that the app's webhook_url is reachable and answers 2xx quickly",
			},
			notWant: []string{"drained:", "delivered"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newTFEnv(t, emulator.AppSpec{})
			skipWithoutActions(t, e)
			t.Parallel()
			e.writeConfig(t, e.config(drainConfig))
			e.mustTF(t, "apply", "-auto-approve", "-no-color")
			autoDisableForReal(t, e) // leaves the endpoint fixed
			if tt.stillFailing {
				sinkFail := e.emu.SinkFail()
				if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &sinkFail}); err != nil {
					t.Fatal(err)
				}
			}
			e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")

			stop := runDeliveryCycles(t, e, 100*time.Millisecond)
			out, errOut, code := e.runTF("apply", invokeCommand, "-auto-approve", "-no-color")
			stop()
			t.Logf("apply %s:\n%s%s", invokeCommand, out, errOut)
			if code != 0 {
				t.Fatalf("apply %s: exit code %d, want 0: the re-enable succeeded", invokeCommand, code)
			}
			// The messages after the wait began: the earlier steps speak of
			// the 50 deliveries abandoned before the auto-disable.
			all := squash(out + errOut)
			i := strings.Index(all, "Waiting up to")
			if i < 0 {
				t.Fatalf("the action did not wait")
			}
			for _, want := range tt.want {
				if !strings.Contains(all[i:], want) {
					t.Errorf("the output lacks %q", want)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(all[i:], nw) {
					t.Errorf("the output says %q", nw)
				}
			}
			if st := e.state(t); !st.App.WebhookEnabled || st.DeliveryCounts["pending"] != 0 {
				t.Errorf("after the invoke: enabled=%t, deliveries %v; want enabled with none pending", st.App.WebhookEnabled, st.DeliveryCounts)
			}
		})
	}
}

// runDeliveryCycles runs Contio's delivery cycle every interval until the
// returned stop is called, as Contio does on its own.
func runDeliveryCycles(t *testing.T, e *tfEnv, interval time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				e.emu.RunDeliveryCycle(t.Context())
			}
		}
	}()
	return sync.OnceFunc(func() { close(done); wg.Wait() })
}
