package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// TestAccAnotherApp_noRefresh: the credentials are switched to another app's
// under existing state, and the refresh that would refuse it is skipped
// (-refresh=false). An update and a destroy must still refuse, before any
// write, rather than change the other app.
func TestAccAnotherApp_noRefresh(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	other := e.emu.NewApp(t, emulator.AppSpec{})
	before := convConfig{
		status: &convStatus{enabled: true},
		filter: &convFilter{typ: contio.FilterInclude, events: []string{"meeting.created"}},
	}
	after := convConfig{
		status: &convStatus{enabled: false},
		filter: &convFilter{typ: contio.FilterInclude, events: []string{"meeting.completed"}},
	}
	e.writeConfig(t, e.config(before.hcl()))
	e.mustTF(t, "apply", "-auto-approve", "-no-color")

	e.creds = other
	e.writeConfig(t, e.config(after.hcl()))
	for _, args := range [][]string{
		{"apply", "-refresh=false", "-auto-approve", "-no-color"},
		{"destroy", "-refresh=false", "-auto-approve", "-no-color"},
	} {
		out, errOut, code := e.runTF(args...)
		t.Logf("%s %s: exit %d", filepath.Base(e.cli), strings.Join(args, " "), code)
		if code == 0 || !strings.Contains(errOut, "belongs to another app") {
			t.Errorf("%s: exit %d, want a refusal naming the other app\n%s\n%s", strings.Join(args, " "), code, out, errOut)
		}
		if st := e.emu.State(t, other.ClientID); !st.App.WebhookEnabled || st.App.WebhookFilter != nil {
			t.Fatalf("%s changed the other app: %+v", strings.Join(args, " "), st.App)
		}
	}
}
