package e2e

// The troubleshooting guide's runbook, run from the guide itself
// (docs/guides/troubleshooting.md, snippets runbook-check and runbook-action)
// against the emulator in each state its marker names, through both re-enable
// paths, asserting the exit codes and the messages the guide promises.

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/snippets"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// troubleshootingStates are the states TestAccTroubleshooting runs the
// runbook's check in: the runbook-check marker's state= lists exactly these.
var troubleshootingStates = []string{
	"auto-disabled", "abandoned-mixed", "abandoned-without-attempts", "nothing-abandoned", "read-failed", "recovered",
}

const (
	disabledWarning = "Webhook delivery is disabled."
	// statusReenable is the runbook's contio_webhook_status with the
	// configuration path's pending_disposition (step 4).
	statusReenable = "resource \"contio_webhook_status\" \"this\" {\n  enabled             = true\n  pending_disposition = %q\n}\n"
)

// runbookEnv is a working directory holding the guide's runbook-check
// snippet as its marker assembles it, with the provider configured from the
// environment (the snippet's provider block is empty) for the emulator's app.
func runbookEnv(t *testing.T) *tfEnv {
	t.Helper()
	e := newTFEnv(t, emulator.AppSpec{})
	_, byName := mustSnippets(t)
	a, err := snippets.Assemble(namedSnippet(t, "runbook-check"), byName, e.source)
	if err != nil {
		t.Fatal(err)
	}
	if a.Dir != "." {
		t.Fatalf("runbook-check is assembled in %s, want the root", a.Dir)
	}
	for f, code := range a.Files {
		e.writeFile(t, f, code)
	}
	e.env = append(e.env, "CONTIO_BASE_URL="+e.emu.URL,
		"CONTIO_CLIENT_ID="+e.creds.ClientID, "CONTIO_API_KEY="+e.creds.APIKey)
	return e
}

// writeFile writes one file of the working directory.
func (e *tfEnv) writeFile(t testing.TB, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, name), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// expectTF runs the CLI and wants its exit code, and each of want (and none
// of notWant) in its output, with the diagnostics' boxes squashed.
func (e *tfEnv) expectTF(t *testing.T, wantCode int, want, notWant []string, args ...string) {
	t.Helper()
	out, errOut, code := e.runTF(append(args, "-no-color")...)
	all := squash(out + errOut)
	if code != wantCode {
		t.Errorf("%s %s: exit code %d, want %d", e.version.Name(), strings.Join(args, " "), code, wantCode)
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s %s: the output lacks %q", e.version.Name(), strings.Join(args, " "), w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(all, w) {
			t.Errorf("%s %s: the output says %q", e.version.Name(), strings.Join(args, " "), w)
		}
	}
	if providerBug.MatchString(all) {
		t.Errorf("%s %s: %s", e.version.Name(), strings.Join(args, " "), providerBug.FindString(all))
	}
	if t.Failed() {
		t.Logf("%s %s:\n%s\n%s", e.version.Name(), strings.Join(args, " "), out, errOut)
	}
}

// step runs fn as a subtest and stops the test when it fails: the steps
// build on each other's state.
func step(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, fn) {
		t.FailNow()
	}
}

// incident asserts what the guide's step 2 promises while delivery is
// disabled: the plan is refused and shows the check's message, and
// `plan -refresh-only -detailed-exitcode` exits 2 with it (the nightly drift
// check's signal), never 1.
func incident(t *testing.T, e *tfEnv, message string) {
	t.Helper()
	e.expectTF(t, 1, []string{"Re-enabling webhooks requires pending_disposition", message}, nil, "plan")
	e.expectTF(t, 2, []string{message}, []string{"Invalid function argument"}, "plan", "-refresh-only", "-detailed-exitcode")
}

// reenableByConfiguration is step 4 and 5 on the configuration path: the
// apply with pending_disposition re-enables but, having read the app before
// its write, still warns; the plan after removing the line shows no warning
// and exits 2 (the removal is an in-place update); after one more apply the
// plan exits 0.
func reenableByConfiguration(t *testing.T, e *tfEnv, disposition string) {
	t.Helper()
	e.writeFile(t, "zz_status.tf", strings.Replace(statusReenable, "%q", strconv.Quote(disposition), 1))
	e.expectTF(t, 0, []string{disabledWarning}, nil, "apply", "-auto-approve")
	if !e.state(t).App.WebhookEnabled {
		t.Fatal("the apply with pending_disposition did not re-enable delivery")
	}
	e.writeFile(t, "zz_status.tf", snippets.Contexts["status"])
	e.expectTF(t, 2, []string{"pending_disposition"}, []string{disabledWarning}, "plan", "-detailed-exitcode")
	e.emu.ResetRequestCounts()
	e.expectTF(t, 0, nil, []string{disabledWarning}, "apply", "-auto-approve")
	if n := e.emu.RequestCounts()[callPutStatus]; n != 0 {
		t.Errorf("removing pending_disposition made %d status PUTs, want none", n)
	}
	recovered(t, e)
}

// recovered: the plan and the refresh-only plan are empty and silent, and
// the drift check (examples/ci/drift-check.sh) finds no drift.
func recovered(t *testing.T, e *tfEnv) {
	t.Helper()
	e.expectTF(t, 0, nil, []string{disabledWarning}, "plan", "-detailed-exitcode")
	// Terraform 1.16 counts a refresh-only plan that reads a data source as
	// a change (exit 2) though it reports none; the drift check allows it.
	refreshCode := 0
	if e.version.AtLeast(tfcli.Terraform, "1.16") {
		refreshCode = 2
	}
	e.expectTF(t, refreshCode, []string{"No changes."}, []string{disabledWarning}, "plan", "-refresh-only", "-detailed-exitcode")
	if out, errOut, code := e.driftCheck(t); code != 0 {
		t.Errorf("drift-check.sh: exit code %d, want 0 (no drift)\n%s\n%s", code, out, errOut)
	}
}

// TestAccTroubleshooting runs the guide's runbook in every state its marker
// names, on the CLI under test: both re-enable paths where the CLI has them.
func TestAccTroubleshooting(t *testing.T) {
	if got := namedSnippet(t, "runbook-check").States; !slices.Equal(got, troubleshootingStates) {
		t.Fatalf("runbook-check is marked state=%s; this test runs %s: change both together",
			strings.Join(got, ","), strings.Join(troubleshootingStates, ","))
	}
	acceptanceCLI(t)
	t.Parallel()

	// An auto-disable with a backlog, the configuration path with abandon,
	// then a person disables delivery: the newest abandoned deliveries are
	// those discarded without an attempt, next to older ones that failed.
	t.Run("auto-disabled, then abandoned-mixed", func(t *testing.T) {
		t.Parallel()
		e := runbookEnv(t)
		step(t, "recovered", func(t *testing.T) {
			e.expectTF(t, 0, nil, []string{disabledWarning}, "apply", "-auto-approve")
			recovered(t, e)
		})
		autoDisableForReal(t, e)
		e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")
		step(t, "auto-disabled", func(t *testing.T) {
			incident(t, e, disabledWarning+" 50 abandoned deliveries; the newest errors: HTTP 503.")
		})
		step(t, "depends_on hides the warning from the refused plan", func(t *testing.T) {
			// What the guide says of data "contio_app" "this" with depends_on.
			e.writeFile(t, "zz_app.tf", "data \"contio_app\" \"this\" {\n  depends_on = [contio_webhook_status.this]\n}\n")
			e.expectTF(t, 1, []string{"Re-enabling webhooks requires pending_disposition"}, []string{disabledWarning}, "plan")
			e.writeFile(t, "zz_app.tf", snippets.Contexts["app"])
		})
		step(t, "re-enable by configuration, abandon", func(t *testing.T) {
			reenableByConfiguration(t, e, "abandon")
			if n := e.state(t).DeliveryCounts["abandoned"]; n != 53 {
				t.Fatalf("%d abandoned deliveries, want 53", n)
			}
		})
		if _, err := e.client(t).UpdateWebhookStatus(t.Context(), false, ""); err != nil {
			t.Fatal(err)
		}
		step(t, "abandoned-mixed", func(t *testing.T) {
			// At most 3 of the newest 10 have no error: the message names the others'.
			incident(t, e, disabledWarning+" 53 abandoned deliveries; the newest errors: HTTP 503.")
		})
		step(t, "read-failed", func(t *testing.T) {
			e.emu.AddFault(t, emulator.Fault{Method: http.MethodGet, Path: "/v1/partner/admin/webhook-deliveries", Status: http.StatusBadRequest, Times: 1000})
			t.Cleanup(e.emu.ClearFaults)
			incident(t, e, disabledWarning+" The abandoned deliveries could not be read: the data source's warning says why.")
		})
	})

	// A person disables delivery with nothing abandoned yet; then the backlog
	// is abandoned without an attempt and delivery disabled again; then the
	// action (Terraform 1.14+) or the configuration re-enables.
	t.Run("nothing-abandoned, then abandoned-without-attempts", func(t *testing.T) {
		t.Parallel()
		e := runbookEnv(t)
		e.expectTF(t, 0, nil, nil, "apply", "-auto-approve")
		c := e.client(t)
		if _, err := c.UpdateWebhookStatus(t.Context(), false, ""); err != nil {
			t.Fatal(err)
		}
		step(t, "nothing-abandoned", func(t *testing.T) {
			incident(t, e, disabledWarning+" Contio lists no abandoned deliveries.")
		})
		e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")
		if _, err := c.UpdateWebhookStatus(t.Context(), true, contio.DispositionAbandon); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UpdateWebhookStatus(t.Context(), false, ""); err != nil {
			t.Fatal(err)
		}
		step(t, "abandoned-without-attempts", func(t *testing.T) {
			incident(t, e, disabledWarning+" 3 abandoned deliveries; the newest were abandoned without an attempt, so no error was recorded.")
		})
		if !e.version.AtLeast(tfcli.Terraform, "1.14") {
			step(t, "re-enable by configuration, deliver", func(t *testing.T) { reenableByConfiguration(t, e, "deliver") })
			return
		}
		step(t, "re-enable by the action", func(t *testing.T) {
			e.writeFile(t, "zz_runbook-action.tf", namedSnippet(t, "runbook-action").Code)
			e.expectTF(t, 0, []string{"Confirmed: Contio reports webhook_enabled = true"}, nil, "apply", invokeCommand, "-auto-approve")
			recovered(t, e)
		})
	})
}
