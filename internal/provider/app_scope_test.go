package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// Existing state, then a plan in which the provider configuration becomes
// unknown (the credentials' source is replaced): refresh keeps the state as it
// is, on CLIs with and without resource identity.
func TestAccResources_refreshWithUnknownProviderConfig(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := func(trigger string) string {
		return env.triggeredCredentialsConfig(trigger, statusConfig(true, "deliver")+filterConfig("include", "meeting.created"))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg("1")},
			{Config: cfg("2")},
		},
	})
}

// Credentials switched to another app under existing state: refresh refuses
// with what to do, the same on every CLI, instead of silently retargeting the
// resources at the other app (or the framework's identity-change error).
func TestAccResources_credentialsOfAnotherApp(t *testing.T) {
	testCredentialsOfAnotherApp(t, emulator.AppSpec{})
}

// checkWriteTarget and checkSameApp where Contio's app id differs from the
// client id: state recorded with either id is the credentials' app (the
// app id costs one read), any other id is refused; so is any write while
// the provider configuration is unknown.
func TestCheckWriteTargetAppIDDiffers(t *testing.T) {
	ctx := t.Context()
	var sr fwresource.SchemaResponse
	(&webhookStatusResource{}).Schema(ctx, fwresource.SchemaRequest{}, &sr)
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{AppID: appIDOtherThanClient})
	tests := []struct {
		recorded  string
		ok        bool
		wantReads int
	}{
		{creds.ClientID, true, 0},
		{appIDOtherThanClient, true, 1},
		{"app_someone_else", false, 1},
	}
	stateOf := func(recorded string) tfsdk.State {
		return tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
			"id":                  tftypes.NewValue(tftypes.String, recorded),
			"enabled":             tftypes.NewValue(tftypes.Bool, true),
			"pending_disposition": tftypes.NewValue(tftypes.String, nil),
		})}
	}
	for _, tt := range tests {
		t.Run(tt.recorded, func(t *testing.T) {
			srv.ResetRequestCounts()
			var diags diag.Diagnostics
			data := &providerData{client: srv.Client(t, creds)}
			if ok := data.checkWriteTarget(ctx, stateOf(tt.recorded), nil, "contio_webhook_status", &diags); ok != tt.ok || diags.HasError() == tt.ok {
				t.Errorf("checkWriteTarget = %t, want %t: %v", ok, tt.ok, diags)
			}
			if n := srv.RequestCounts()["GET "+emulator.PathApp]; n != tt.wantReads {
				t.Errorf("%d reads of the app, want %d", n, tt.wantReads)
			}
		})
	}
	// With the configuration unknown at apply, a refusal, not a panic.
	var diags diag.Diagnostics
	if ok := (&providerData{}).checkWriteTarget(ctx, stateOf(creds.ClientID), nil, "contio_webhook_status", &diags); ok || !diags.HasError() ||
		diags.Errors()[0].Summary() != notConfiguredSummary {
		t.Errorf("without a client: %t, %v", ok, diags)
	}
}

// The same, in the contract's other allowed shape: Contio leaves id out of
// its answers, for both apps. The state then records the first app's client
// id; the other app's answer, without an id, must not pass for it.
func TestAccResources_credentialsOfAnotherAppWithoutIDs(t *testing.T) {
	testCredentialsOfAnotherApp(t, emulator.AppSpec{OmitID: true})
}

// testCredentialsOfAnotherApp applies as one app, switches the credentials to
// another app made with the same spec (refused), and back: the other app was
// never written.
func testCredentialsOfAnotherApp(t *testing.T, spec emulator.AppSpec) {
	env := newAccEnv(t, spec)
	other := env.NewApp(t, spec)
	cfgFor := func(clientID, key string) string {
		return fmt.Sprintf(`
provider "contio" {
  base_url  = %q
  client_id = %q
  api_key   = %q
}
`, env.URL, clientID, key) + statusConfig(false, "") + filterConfig("include", "meeting.created")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: cfgFor(env.creds.ClientID, env.creds.APIKey)},
			{
				Config:      cfgFor(other.ClientID, other.APIKey),
				ExpectError: regexp.MustCompile(`(?s)belongs to another app.*state rm`),
			},
			{
				// Nothing was written to the other app.
				Config: cfgFor(env.creds.ClientID, env.creds.APIKey),
				Check: func(*terraform.State) error {
					if st := env.State(t, other.ClientID); !st.App.WebhookEnabled || st.App.WebhookFilter != nil {
						return fmt.Errorf("the other app was changed: %+v", st.App)
					}
					return nil
				},
			},
		},
	})
}

// The client id in private state decides without reading the app: equal to
// the provider's, a write goes ahead whatever id the state records; another
// client id is refused even when the state records the provider's.
func TestCheckWriteTargetPrivateClientID(t *testing.T) {
	ctx := t.Context()
	var sr fwresource.SchemaResponse
	(&webhookStatusResource{}).Schema(ctx, fwresource.SchemaRequest{}, &sr)
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{OmitID: true})
	tests := []struct {
		name, recorded, private string
		ok                      bool
	}{
		{"same client, app id recorded", "app_recorded_earlier", creds.ClientID, true},
		{"other client, its id recorded", creds.ClientID, "client_of_another_app", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
				"id":                  tftypes.NewValue(tftypes.String, tt.recorded),
				"enabled":             tftypes.NewValue(tftypes.Bool, true),
				"pending_disposition": tftypes.NewValue(tftypes.String, nil),
			})}
			srv.ResetRequestCounts()
			var diags diag.Diagnostics
			data := &providerData{client: srv.Client(t, creds)}
			private := fakePrivate{privateClientIDKey: []byte(`"` + tt.private + `"`)}
			if ok := data.checkWriteTarget(ctx, state, private, "contio_webhook_status", &diags); ok != tt.ok || diags.HasError() == tt.ok {
				t.Errorf("checkWriteTarget = %t, want %t: %v", ok, tt.ok, diags)
			}
			if !tt.ok && (len(diags.Errors()) != 1 || !strings.Contains(diags.Errors()[0].Detail(), tt.private)) {
				t.Errorf("the refusal does not name the recorded client id %q: %v", tt.private, diags)
			}
			if n := srv.RequestCounts()["GET "+emulator.PathApp]; n != 0 {
				t.Errorf("%d reads of the app, want none", n)
			}
		})
	}
}

// fakePrivate is a resource's private state, as GetKey reads it.
type fakePrivate map[string][]byte

func (f fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return f[key], nil
}
