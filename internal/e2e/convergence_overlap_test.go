package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// TestAccConvergence_overlappingWrites replays, deterministically, a failure
// TestAccConvergence found by chance (Terraform 1.14.9, clean/04 of
// CONTIO_SOAK_SEED=1795955429451793551): one apply re-enables the app and
// changes the filter, and data "contio_app" depends on both resources.
// Terraform runs the two writes at once. Contio handles the filter PUT first,
// so its answer still says disabled; that answer reaches the provider last,
// and the provider's app cache keeps whichever write's answer it got last. So
// the data source, read after both writes, reads "disabled" while Contio says
// enabled, and the next plan is not empty (the output changes).
//
// Here a proxy in front of the emulator delays the filter PUT's answer by a
// second after Contio handled it, and the status PUT waits 300 ms before
// Contio handles it: the order the race needs, every time.
func TestAccConvergence_overlappingWrites(t *testing.T) {
	acceptanceCLI(t)
	disabled := false
	e := newTFEnv(t, emulator.AppSpec{WebhookEnabled: &disabled})
	t.Parallel()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || r.URL.Path != emulator.PathWebhookFilter {
			e.emu.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		e.emu.ServeHTTP(rec, r) // Contio handles it now...
		time.Sleep(time.Second) // ...and the answer arrives late
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(proxy.Close)
	e.emu.AddFault(t, emulator.Fault{Method: http.MethodPut, Path: emulator.PathWebhookStatus, LatencyMS: 300})

	e.writeConfig(t, e.terraformBlock()+e.providerBlock(proxy.URL)+convConfig{
		status: &convStatus{enabled: true, disposition: "deliver"},
		filter: &convFilter{typ: "include", events: []string{"meeting.created"}},
		app:    true,
	}.hcl())
	e.mustTF(t, "apply", "-auto-approve", "-no-color")

	var app struct {
		Enabled bool `json:"enabled"`
	}
	if err := json.Unmarshal(e.readLocalState(t).Outputs["app"].Value, &app); err != nil {
		t.Fatal(err)
	}
	if st := e.state(t); !st.App.WebhookEnabled || st.App.WebhookFilter == nil {
		t.Fatalf("the apply did not re-enable and filter the app: %+v", st.App)
	}
	if !app.Enabled {
		t.Error("data.contio_app, read after both writes, says webhooks are disabled; Contio has them enabled")
	}
	out, errOut, code := e.runTF("plan", "-detailed-exitcode", "-no-color")
	if code != 0 {
		t.Errorf("the plan after the apply: exit code %d, want 0\n%s", code, strings.TrimSpace(out+errOut))
	}
}
