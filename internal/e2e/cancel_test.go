package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// cancelRetryAfter is the Retry-After of the 503s the cancellation cases
// inject: within what the client waits for (up to 2 minutes), so without a
// working cancellation the CLI would sit there for 100 seconds.
const cancelRetryAfter = 100

// cancelDeadline is how soon after SIGINT the CLI must have exited.
const cancelDeadline = 10 * time.Second

// TestAccCancel: a terraform command interrupted with SIGINT while the
// provider waits out a Retry-After stops waiting at once (Terraform stops the
// provider, which cancels the calls' contexts) and exits non-zero within
// seconds, well before the Retry-After.
func TestAccCancel(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config string
		args   []string
		fault  emulator.Fault
		// call is the Partner API call the fault stalls; the CLI is
		// interrupted once it has been made.
		call string
		// group sends SIGINT to the CLI's whole process group, provider
		// included, as Ctrl-C in a terminal does; otherwise only the CLI gets
		// it, as from `kill -INT` or a CI runner cancelling a job.
		group bool
	}{
		{
			name:   "plan",
			config: "resource \"contio_webhook_status\" \"this\" {\n  enabled = true\n}\n\ndata \"contio_app\" \"this\" {}\n",
			args:   []string{"plan"},
			fault:  emulator.Fault{Method: "GET", Path: emulator.PathApp},
			call:   callGetApp,
		},
		{
			name:   "plan, Ctrl-C to the process group",
			config: "resource \"contio_webhook_status\" \"this\" {\n  enabled = true\n}\n\ndata \"contio_app\" \"this\" {}\n",
			args:   []string{"plan"},
			fault:  emulator.Fault{Method: "GET", Path: emulator.PathApp},
			call:   callGetApp,
			group:  true,
		},
		{
			name:   "apply",
			config: "resource \"contio_webhook_status\" \"this\" {\n  enabled = false\n}\n",
			args:   []string{"apply", "-auto-approve"},
			fault:  emulator.Fault{Method: "PUT", Path: emulator.PathWebhookStatus},
			call:   callPutStatus,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTFEnv(t, emulator.AppSpec{})
			t.Parallel()
			e.writeConfig(t, e.config(tc.config))
			f := tc.fault
			f.Kind, f.Status, f.RetryAfter, f.Times = emulator.FaultStatus, 503, cancelRetryAfter, 1000
			e.emu.AddFault(t, f)

			p := e.startTF(t, append(tc.args, "-no-color")...)

			// Wait for the stalled call, then a second more inside the wait.
			started := time.Now()
			for e.emu.RequestCounts()[tc.call] == 0 {
				select {
				case <-p.Done():
					r := p.Wait()
					t.Fatalf("%s exited (%v) before making %s:\n%s\n%s", filepath.Base(e.cli), r.Err, tc.call, r.Stdout, r.Stderr)
				case <-time.After(50 * time.Millisecond):
				}
				if time.Since(started) > time.Minute {
					t.Fatalf("no %s within a minute", tc.call)
				}
			}
			time.Sleep(time.Second)

			interrupted := time.Now()
			if err := p.Interrupt(tc.group); err != nil {
				t.Fatal(err)
			}
			select {
			case <-p.Done():
			case <-time.After(cancelRetryAfter * time.Second / 2):
				out, errOut := p.Output()
				t.Fatalf("%s still running %s after SIGINT (the Retry-After is %ds):\n%s\n%s",
					filepath.Base(e.cli), time.Since(interrupted).Round(time.Millisecond), cancelRetryAfter, out, errOut)
			}
			took := time.Since(interrupted)
			r := p.Wait()
			if r.ExitCode == -1 {
				t.Fatal(r.Err)
			}
			t.Logf("%s %s: SIGINT to %s after %s, exit code %d %s later\nstdout:\n%s\nstderr:\n%s",
				filepath.Base(e.cli), strings.Join(tc.args, " "), map[bool]string{false: "the CLI", true: "the process group"}[tc.group],
				interrupted.Sub(started).Round(time.Millisecond), r.ExitCode, took.Round(time.Millisecond), r.Stdout, r.Stderr)
			if took > cancelDeadline {
				t.Errorf("exited %s after SIGINT, want within %s", took.Round(time.Millisecond), cancelDeadline)
			}
			if r.ExitCode == 0 {
				t.Error("exit code 0 after an interrupted command")
			}
			if n := e.emu.RequestCounts()[tc.call]; n != 1 {
				t.Errorf("%d × %s, want 1: the call was retried", n, tc.call)
			}
			if st := e.state(t); !st.App.WebhookEnabled {
				t.Error("the interrupted command changed the app")
			}
			if _, err := os.Stat(filepath.Join(e.dir, "terraform.tfstate")); err == nil && strings.Contains(e.readLocalStateRaw(t), "contio_webhook_status") {
				t.Error("the interrupted apply recorded contio_webhook_status in state")
			}
		})
	}
}

// readLocalStateRaw is terraform.tfstate as text, "" when there is none.
func (e *tfEnv) readLocalStateRaw(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, "terraform.tfstate"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}
