package e2e

import (
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// TestAccConvergence_lostAnswerFailsTheApply: a write that Contio applies but
// whose answer is lost, with no retry left (max_retries = 0), fails the apply
// although Contio changed. The next apply must bring Terraform's state and
// Contio together, and the plan after it must be empty. (In TestAccConvergence
// the provider's retries recover such a write within the same apply.)
func TestAccConvergence_lostAnswerFailsTheApply(t *testing.T) {
	include := &convFilter{typ: contio.FilterInclude, events: []string{"meeting.created", "meeting.completed"}}
	exclude := &convFilter{typ: contio.FilterExclude, events: []string{"participant.added"}}
	for _, tc := range []struct {
		name           string
		initialEnabled bool
		before, after  convConfig // applied first, then with the lost answer
		call           string
		kind           emulator.FaultKind
	}{
		{"filter created", true, convConfig{}, convConfig{filter: include}, callPutFilter, emulator.FaultDropAfter},
		{"filter updated", true, convConfig{filter: include}, convConfig{filter: exclude, app: true}, callPutFilter, emulator.FaultTruncated},
		{"filter deleted", true, convConfig{filter: include}, convConfig{}, callDeleteFilter, emulator.FaultDropAfter},
		{"status re-enabled", false,
			convConfig{status: &convStatus{enabled: false}},
			convConfig{status: &convStatus{enabled: true, disposition: contio.DispositionAbandon}, filter: include},
			callPutStatus, emulator.FaultTruncated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTFEnv(t, emulator.AppSpec{WebhookEnabled: &tc.initialEnabled})
			t.Parallel()
			r := &convRun{t: t, e: e, m: convModel{enabled: tc.initialEnabled}}
			write := func(c convConfig) {
				e.writeConfig(t, e.terraformBlock()+e.providerBlock(e.emu.URL, "max_retries = 0")+c.hcl())
			}
			write(tc.before)
			if out, code := r.cli(nil, "apply", "-auto-approve", "-no-color"); code != 0 {
				t.Fatalf("first apply: exit code %d\n%s", code, out)
			}
			r.m = r.m.apply(tc.before)
			if !tc.initialEnabled {
				e.emu.Emit(t, e.creds.ClientID, 2, "meeting.created") // a backlog for abandon to discard
				r.m = r.m.oob(convOOB{kind: oobEvents, events: []string{"meeting.created", "meeting.created"}})
			}
			r.checkContio("before")

			write(tc.after)
			method, path, _ := strings.Cut(tc.call, " ")
			e.emu.AddFault(t, emulator.Fault{Method: method, Path: path, Kind: tc.kind})
			out, code := r.cli(nil, "apply", "-auto-approve", "-no-color")
			if code == 0 {
				t.Fatalf("the apply whose %s lost its answer (%s) succeeded without a retry\n%s", tc.call, tc.kind, out)
			}
			r.m = r.m.apply(tc.after) // Contio applied the write all the same
			r.checkContio("after the failed apply")
			t.Logf("the failed apply:\n%s", out)

			out, code = r.cli(nil, "plan", "-detailed-exitcode", "-no-color")
			t.Logf("the plan after it: exit %d\n%s", code, out)
			e.emu.ResetRequestCounts()
			if out, code := r.cli(nil, "apply", "-auto-approve", "-no-color"); code != 0 {
				t.Fatalf("the next apply: exit code %d\n%s", code, out)
			}
			t.Logf("the next apply's calls: %v", e.emu.RequestCounts())
			r.checkContio("after the next apply")
			r.checkState("after the next apply", tc.after)
			if out, code := r.cli(nil, "plan", "-detailed-exitcode", "-no-color"); code != 0 {
				t.Errorf("the plan after the next apply: exit code %d, want 0\n%s", code, out)
			}
			if t.Failed() {
				t.Logf("model: %s", r.m)
			}
		})
	}
}
