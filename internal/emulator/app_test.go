package emulator_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The test-only deviation of an app whose id differs from its client id: the
// Partner API answers the app id, while the credentials, the control API and
// the auto-disable report keep naming the app by its client id.
func TestAppIDDiffersFromClientID(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	ctl := srv.URL + emulator.ControlPrefix
	var created struct {
		emulator.Credentials
		emulator.AppState
	}
	call(t, "POST", ctl+"/apps", map[string]any{"client_id": "cl_42", "app_id": "app_7f3c", "webhook_url": srv.SinkFail()},
		http.StatusCreated, &created)
	if created.ClientID != "cl_42" || created.App.ID != "app_7f3c" {
		t.Fatalf("created = client %q, app %q; want cl_42, app_7f3c", created.ClientID, created.App.ID)
	}
	app, err := srv.Client(t, created.Credentials).GetApp(t.Context())
	if err != nil || app.ID != "app_7f3c" {
		t.Fatalf("GET app = %+v, %v; want id app_7f3c", app, err)
	}

	srv.Emit(t, "cl_42", 1, "meeting.created")
	srv.Clock().Advance(emulator.AutoDisableSilencePeriod + time.Second)
	if rep := srv.RunDeliveryCycle(t.Context()); !slices.Equal(rep.AutoDisabled, []string{"cl_42"}) {
		t.Errorf("auto_disabled = %v, want the client id [cl_42]", rep.AutoDisabled)
	}

	// Without app_id the two are equal, as the contract assumes.
	if creds := srv.NewApp(t, emulator.AppSpec{}); srv.State(t, creds.ClientID).App.ID != creds.ClientID {
		t.Errorf("default app id = %q, want the client id %q", srv.State(t, creds.ClientID).App.ID, creds.ClientID)
	}
}
