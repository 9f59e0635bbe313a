package e2e

// Helpers shared by the convergence suite, the request-count test and the
// cancellation test: Contio's own ways of changing an app out of band, the
// local state file read without running the CLI, and the Partner API call
// counts as a table.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// providerBug matches what Terraform and OpenTofu say when a provider breaks
// the protocol: "Provider produced inconsistent result after apply", "...
// invalid plan", "... inconsistent final plan", "... invalid object", "...
// null object", "Provider returned invalid result object after apply". Never
// acceptable, whatever else a run did, refused or not.
var providerBug = regexp.MustCompile(`Provider (produced|returned) [a-z ]+`)

// autoDisableForReal makes Contio auto-disable the app the way it does in
// production: the endpoint fails every delivery of 50 events (the
// always-delivered type, so that no filter drops them) until their retries
// are exhausted, then the endpoint is fixed. It fails the test unless Contio
// disabled the app.
func autoDisableForReal(t testing.TB, e *tfEnv) {
	t.Helper()
	sinkFail, sinkOK := e.emu.SinkFail(), e.emu.SinkOK()
	if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &sinkFail}); err != nil {
		t.Fatal(err)
	}
	e.emu.Emit(t, e.creds.ClientID, emulator.AutoDisableAbandonedThreshold, contio.AlwaysDeliveredEventType)
	e.emu.ExhaustRetries(t)
	e.emu.RunDeliveryCycle(t.Context())
	if err := e.emu.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &sinkOK}); err != nil {
		t.Fatal(err)
	}
	if st := e.state(t); st.App.WebhookEnabled || len(st.Notifications) == 0 {
		t.Fatalf("the emulator did not auto-disable the app: enabled=%t, notifications=%d, deliveries=%v",
			st.App.WebhookEnabled, len(st.Notifications), st.DeliveryCounts)
	}
}

// localState is what the tests read of the working directory's
// terraform.tfstate (the local backend): the contio resources' attributes
// and the root outputs. Reading the file costs no CLI run.
type localState struct {
	Outputs   map[string]struct{ Value json.RawMessage } `json:"outputs"`
	Resources []struct {
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			Attributes json.RawMessage `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// readLocalState reads terraform.tfstate; a missing file is an empty state.
func (e *tfEnv) readLocalState(t testing.TB) localState {
	t.Helper()
	var st localState
	b, err := os.ReadFile(filepath.Join(e.dir, "terraform.tfstate"))
	if os.IsNotExist(err) {
		return st
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("terraform.tfstate: %v", err)
	}
	return st
}

// attributes decodes the attributes of the managed resource typ.this into v
// and reports whether the state holds it.
func (s localState) attributes(t testing.TB, typ string, v any) bool {
	t.Helper()
	for _, r := range s.Resources {
		if r.Mode != "managed" || r.Type != typ || r.Name != "this" || len(r.Instances) == 0 {
			continue
		}
		if err := json.Unmarshal(r.Instances[0].Attributes, v); err != nil {
			t.Fatalf("state of %s.this: %v", typ, err)
		}
		return true
	}
	return false
}

// Partner API calls, as the emulator counts them.
var (
	callGetApp        = "GET " + emulator.PathApp
	callPutStatus     = "PUT " + emulator.PathWebhookStatus
	callPutFilter     = "PUT " + emulator.PathWebhookFilter
	callDeleteFilter  = "DELETE " + emulator.PathWebhookFilter
	callGetDeliveries = "GET " + emulator.PathDeliveries
	countedCalls      = []string{callGetApp, callPutStatus, callPutFilter, callDeleteFilter, callGetDeliveries}
)

// countsTable renders per-command call counts as a markdown table.
func countsTable(commands []string, counts []map[string]int) string {
	var b strings.Builder
	b.WriteString("| command |")
	for _, c := range countedCalls {
		method, path, _ := strings.Cut(c, " ")
		fmt.Fprintf(&b, " `%s %s` |", method, strings.TrimPrefix(path, "/v1/partner/admin/"))
	}
	b.WriteString(" total |\n|---|")
	b.WriteString(strings.Repeat("---:|", len(countedCalls)+1))
	b.WriteString("\n")
	for i, cmd := range commands {
		fmt.Fprintf(&b, "| %s |", cmd)
		total := 0
		for _, c := range countedCalls {
			fmt.Fprintf(&b, " %d |", counts[i][c])
			total += counts[i][c]
		}
		for c, n := range counts[i] { // anything else the provider called
			if !slices.Contains(countedCalls, c) {
				total += n
			}
		}
		fmt.Fprintf(&b, " %d |\n", total)
	}
	return b.String()
}
