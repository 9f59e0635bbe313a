package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contio/terraform-provider-contio/internal/emulator"
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
	env := newAccEnv(t, emulator.AppSpec{})
	other := env.NewApp(t, emulator.AppSpec{})
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
