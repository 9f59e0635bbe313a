package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// Knobs of TestAccConvergence, from the environment.
const (
	envSoakSeed = "CONTIO_SOAK_SEED" // the seed to replay; default: a fresh one
	envSoakN    = "CONTIO_SOAK_N"    // scenarios per variant; default convDefaultN
	// convDefaultN keeps the suite's cost in CI to a minute or two per CLI.
	convDefaultN = 10
	// convParallel bounds the scenarios of a variant that run at once (go
	// test's -parallel, GOMAXPROCS by default, may bound them further).
	convParallel = 3
	// convFaultRate is the share of Partner API calls that fail in the faults
	// variant, spread evenly over convFaultKinds.
	convFaultRate = 0.30
	// convMaxRetries is the provider's max_retries in the faults variant.
	convMaxRetries = 10
)

// convRefusal is the plan-time error of a plan that enables a disabled app
// without pending_disposition.
const convRefusal = "Error: Re-enabling webhooks requires pending_disposition"

// convPlanSucceeded reports whether a CLI's output shows that the plan went
// through: "… will perform the following actions:", or a resource action
// under way. The apply walk plans each resource again before it acts on it,
// so a refusal there prints the same error as one in the plan; only the plan's
// heading tells them apart. (A plan that fails prints what it planned under
// "… planned the following actions, but then encountered a problem:", and its
// "Plan: …" summary too, so neither proves anything.)
func convPlanSucceeded(out string) bool {
	for _, s := range []string{" will perform the following actions:", ": Creating...", ": Modifying...", ": Destroying...", "Apply complete!"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

// convFaultKinds are the ways a Partner API call fails in the faults variant:
// every kind the emulator has. Retry-After is left out (0: the client waits
// its minimum with jitter).
var convFaultKinds = []emulator.Fault{
	{Kind: emulator.FaultStatus, Status: 429},
	{Kind: emulator.FaultStatus, Status: 500},
	{Kind: emulator.FaultStatus, Status: 503},
	{Kind: emulator.FaultDropBefore},
	{Kind: emulator.FaultDropAfter},
	{Kind: emulator.FaultTruncated},
	{Kind: emulator.FaultHTML, Status: 502},
}

// TestAccConvergence is a model-based test of the provider through the real
// CLI: seeded scenarios of desired configurations (contio_webhook_status on
// or off, with no, deliver or abandon disposition; contio_webhook_filter
// none, include or exclude, its events a random subset written with
// duplicates in shuffled order; sometimes data "contio_app" with depends_on)
// interleaved with the changes Contio makes out of band (a real auto-disable;
// filter edits and removals through the Partner API; events while disabled).
// After every configuration, the apply is refused exactly when the model says
// so, with Contio unchanged; otherwise it succeeds, Contio and the state file
// are what the model says, and the next plan is empty. No run may report an
// inconsistent result.
//
// "clean" runs without faults; "faults" fails 30 % of the Partner API calls
// of every CLI run, in every way the emulator can (max_retries = 10), and
// makes one write per apply, when there is one, lose its answer (the write is
// applied but the connection drops, or the answer is cut).
//
// The seed is CONTIO_SOAK_SEED, else fresh, and always logged; CONTIO_SOAK_N
// scenarios run per variant (default 10), at most 3 at once. A scenario's
// subtest logs its own seed and steps. Replay one with
// CONTIO_SOAK_SEED=<seed> go test -run 'TestAccConvergence/<variant>/<nn>'.
func TestAccConvergence(t *testing.T) {
	acceptanceCLI(t) // skip early without TF_ACC
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(envSoakSeed); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", envSoakSeed, s, err)
		}
	}
	n := convDefaultN
	if s := os.Getenv(envSoakN); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", envSoakN, s)
		}
	}
	t.Logf("%s=%d %s=%d (replay with these)", envSoakSeed, seed, envSoakN, n)

	for vi, variant := range []string{"clean", "faults"} {
		t.Run(variant, func(t *testing.T) {
			sem := make(chan struct{}, convParallel)
			start := time.Now()
			t.Cleanup(func() { t.Logf("%s: %d scenarios in %s", variant, n, time.Since(start).Round(time.Second)) })
			for i := range n {
				scSeed := rand.New(rand.NewPCG(seed, uint64(vi)<<32|uint64(i))).Uint64()
				t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
					sc := generateScenario(scSeed)
					e := newTFEnv(t, emulator.AppSpec{WebhookEnabled: &sc.initialEnabled})
					t.Parallel()
					sem <- struct{}{}
					defer func() { <-sem }()
					r := &convRun{t: t, e: e, sc: sc, faults: variant == "faults"}
					r.run()
				})
			}
		})
	}
}

// convRun runs one scenario.
type convRun struct {
	t      *testing.T
	e      *tfEnv
	sc     convScenario
	faults bool
	m      convModel
	// rng draws the faults' seeds and the lost answers, from the scenario's seed.
	rng *rand.Rand
	// cliRuns counts CLI runs, which also seed the faults of each.
	cliRuns int
	// lost lists the writes whose answer was lost on purpose, for the log.
	lost []string
}

func (r *convRun) run() {
	t := r.t
	t.Logf("%s", r.sc)
	r.rng = rand.New(rand.NewPCG(r.sc.seed, 0x6661756c7473)) // "faults"
	r.m = convModel{enabled: r.sc.initialEnabled}
	r.checkContio("initial state")
	start := time.Now()
	for i, step := range r.sc.steps {
		label := fmt.Sprintf("step %d", i+1)
		if step.oob != nil {
			r.outOfBand(label, *step.oob)
			continue
		}
		r.applyConfig(label, *step.config)
		if t.Failed() {
			t.Fatalf("%s failed; the model after the steps before it: %s", label, r.m)
		}
	}
	t.Logf("converged: %d steps, %d CLI runs in %s; writes whose answer was lost: %v",
		len(r.sc.steps), r.cliRuns, time.Since(start).Round(100*time.Millisecond), r.lost)
}

// outOfBand makes a change the way Contio does, without faults, and checks
// that Contio is then what the model says.
func (r *convRun) outOfBand(label string, o convOOB) {
	t, e := r.t, r.e
	t.Logf("%s: %s", label, o)
	switch o.kind {
	case oobAutoDisable:
		autoDisableForReal(t, e)
		for _, ev := range o.events {
			e.emu.Emit(t, e.creds.ClientID, 1, ev)
		}
	case oobFilterEdit:
		events := slices.Clone(o.filter.events)
		if _, err := e.client(t).SetWebhookFilter(t.Context(), o.filter.typ, events); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
	case oobFilterRemove:
		if _, err := e.client(t).RemoveWebhookFilter(t.Context()); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
	case oobEvents:
		for _, ev := range o.events {
			e.emu.Emit(t, e.creds.ClientID, 1, ev)
		}
	}
	r.m = r.m.oob(o)
	r.checkContio(label)
	if t.Failed() {
		t.FailNow()
	}
}

// applyConfig applies a desired configuration through the CLI and checks the
// outcome against the model.
func (r *convRun) applyConfig(label string, c convConfig) {
	t, e := r.t, r.e
	extra := []string(nil)
	if r.faults {
		extra = append(extra, fmt.Sprintf("max_retries = %d", convMaxRetries))
	}
	e.writeConfig(t, e.terraformBlock()+e.providerBlock(e.emu.URL, extra...)+c.hcl())
	refused := r.m.refused(c)
	writes := r.m.writes(c)
	t.Logf("%s: apply %s (model: %s; refused=%t, writes %v)", label, c, r.m, refused, writes)

	var lose *emulator.Fault
	if r.faults && len(writes) > 0 && r.rng.IntN(2) == 0 {
		method, path, _ := strings.Cut(writes[r.rng.IntN(len(writes))], " ")
		kind := emulator.FaultDropAfter
		if r.rng.IntN(2) == 0 {
			kind = emulator.FaultTruncated
		}
		lose = &emulator.Fault{Method: method, Path: path, Kind: kind, Times: 1}
	}
	e.emu.ResetRequestCounts()
	out, code := r.cli(lose, "apply", "-auto-approve", "-no-color")

	if refused {
		switch {
		case code == 0:
			t.Errorf("%s: the apply succeeded; the model says the plan must be refused (enabling a disabled app without pending_disposition)\n%s", label, out)
		case !strings.Contains(out, convRefusal):
			t.Errorf("%s: exit code %d, but not for the missing pending_disposition (want %q)\n%s", label, code, convRefusal, out)
		case convPlanSucceeded(out):
			t.Errorf("%s: refused, but only after the plan went through: the plan must refuse it\n%s", label, out)
		}
		r.checkContio(label + " (refused)")
		return
	}
	if strings.Contains(out, convRefusal) {
		t.Errorf("%s: refused for want of pending_disposition; the model says Contio has webhooks enabled=%t, so nothing needs one\n%s", label, r.m.enabled, out)
	}
	if code != 0 {
		t.Errorf("%s: apply: exit code %d, want 0\n%s", label, code, out)
		return
	}
	if lose != nil {
		call := lose.Method + " " + lose.Path
		if n := e.emu.RequestCounts()[call]; n < 2 {
			t.Errorf("%s: %s made %d times, want at least 2: its answer was lost (%s) and the write must be retried", label, call, n, lose.Kind)
		}
		r.lost = append(r.lost, fmt.Sprintf("%s (%s)", call, lose.Kind))
	}
	r.m = r.m.apply(c)
	r.checkContio(label)
	r.checkState(label, c)

	out, code = r.cli(nil, "plan", "-detailed-exitcode", "-no-color")
	if code != 0 {
		t.Errorf("%s: the plan after the apply: exit code %d, want 0 (no changes)\n%s", label, code, out)
	}
	r.checkContio(label + " (after the plan)")
}

// cli runs the CLI, with faults when the variant has them (lose first), and
// fails the test on an inconsistent result. It returns stdout and stderr.
func (r *convRun) cli(lose *emulator.Fault, args ...string) (string, int) {
	t, e := r.t, r.e
	r.cliRuns++
	if r.faults {
		if lose != nil {
			e.emu.AddFault(t, *lose)
		}
		for i, f := range convFaultKinds {
			// Each kind answers convFaultRate/len of all calls: the i-th draws
			// from what the ones before it left.
			share := convFaultRate / float64(len(convFaultKinds))
			f.Rate = share / (1 - float64(i)*share)
			f.Seed = r.rng.Uint64()
			e.emu.AddFault(t, f)
		}
		defer e.emu.ClearFaults()
	}
	started := time.Now()
	stdout, stderr, code := e.runTF(args...)
	out := stdout + stderr
	t.Logf("  %s %s: exit %d in %s", filepath.Base(e.cli), args[0], code, time.Since(started).Round(100*time.Millisecond))
	if bug := providerBug.FindString(out); bug != "" {
		t.Errorf("%s %s: %q\n%s", filepath.Base(e.cli), strings.Join(args, " "), bug, out)
	}
	return out, code
}

// checkContio compares the emulator's app with the model.
func (r *convRun) checkContio(label string) {
	t := r.t
	st := r.e.state(t)
	if st.App.WebhookEnabled != r.m.enabled {
		t.Errorf("%s: Contio has webhooks enabled=%t, the model %t", label, st.App.WebhookEnabled, r.m.enabled)
	}
	if !sameFilter(st.App.WebhookFilter, r.m.filter) {
		t.Errorf("%s: Contio's filter is %s, the model's %s", label, filterString(st.App.WebhookFilter), filterString(r.m.filter))
	}
	if n := st.DeliveryCounts[contio.DeliveryPending]; n != r.m.pending {
		t.Errorf("%s: Contio holds %d deliveries pending, the model %d", label, n, r.m.pending)
	}
}

// checkState compares the state file that the apply wrote with the model and
// the configuration: Terraform's view and Contio's must agree.
func (r *convRun) checkState(label string, c convConfig) {
	t := r.t
	st := r.e.readLocalState(t)
	var status struct {
		Enabled            bool    `json:"enabled"`
		PendingDisposition *string `json:"pending_disposition"`
	}
	switch ok := st.attributes(t, "contio_webhook_status", &status); {
	case ok != (c.status != nil):
		t.Errorf("%s: contio_webhook_status in state: %t, in the configuration: %t", label, ok, c.status != nil)
	case ok && status.Enabled != r.m.enabled:
		t.Errorf("%s: the state has enabled=%t, Contio %t", label, status.Enabled, r.m.enabled)
	}
	var filter struct {
		Type   contio.FilterType `json:"type"`
		Events []string          `json:"events"`
	}
	switch ok := st.attributes(t, "contio_webhook_filter", &filter); {
	case ok != (c.filter != nil):
		t.Errorf("%s: contio_webhook_filter in state: %t, in the configuration: %t", label, ok, c.filter != nil)
	case ok && !sameFilter(&contio.WebhookFilter{Type: filter.Type, Events: filter.Events}, r.m.filter):
		t.Errorf("%s: the state's filter is %s %v, Contio's %s", label, filter.Type, filter.Events, filterString(r.m.filter))
	}
	if !c.app {
		return
	}
	// What data "contio_app" read after the writes, through the output.
	var app struct {
		Enabled bool                  `json:"enabled"`
		Filter  *contio.WebhookFilter `json:"filter"`
	}
	o, ok := st.Outputs["app"]
	if !ok {
		t.Errorf("%s: no output app in state", label)
		return
	}
	if err := json.Unmarshal(o.Value, &app); err != nil {
		t.Fatalf("%s: output app: %v", label, err)
	}
	if app.Enabled != r.m.enabled || !sameFilter(app.Filter, r.m.filter) {
		t.Errorf("%s: data.contio_app read enabled=%t filter=%s after the apply; Contio has enabled=%t filter=%s",
			label, app.Enabled, filterString(app.Filter), r.m.enabled, filterString(r.m.filter))
	}
}

func filterString(f *contio.WebhookFilter) string {
	if f == nil {
		return "none"
	}
	return fmt.Sprintf("%s %v", f.Type, slices.Sorted(slices.Values(f.Events)))
}
