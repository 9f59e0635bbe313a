package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestAccProvider_missingCredentials(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:      `data "contio_app" "this" {}`,
				ExpectError: regexp.MustCompile(`(?s)Missing Contio client ID.*client_id.*CONTIO_CLIENT_ID`),
			},
			{
				Config:      `data "contio_app" "this" {}`,
				ExpectError: regexp.MustCompile(`(?s)Missing Contio API key.*api_key.*CONTIO_API_KEY`),
			},
		},
	})
}

func TestAccProvider_environmentFallback(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(map[string]string{
			envBaseURL: env.URL, envClientID: env.creds.ClientID, envAPIKey: env.creds.APIKey,
			envMaxRetries: "1", envRequestTimeout: "5s",
		}),
		Steps: []resource.TestStep{{
			Config: `data "contio_app" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.creds.ClientID)),
			},
		}},
	})
}

func TestAccProvider_invalidSettings(t *testing.T) {
	cfg := func(attrs string) string {
		return fmt.Sprintf("provider \"contio\" {\n  client_id = \"app_1\"\n  api_key = \"k\"\n%s\n}\ndata \"contio_app\" \"this\" {}\n", attrs)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg(`base_url = "http://api.contio.ai"`), ExpectError: regexp.MustCompile(`(?s)Invalid Contio base URL.*clear\s+text`)},
			{Config: cfg(`base_url = "ftp://127.0.0.1"`), ExpectError: regexp.MustCompile(`(?s)Invalid Contio base URL.*must use\s+https://`)},
			{Config: cfg(`max_retries = 99`), ExpectError: regexp.MustCompile(`(?s)max_retries.*between 0 and 10`)},
			{Config: cfg(`request_timeout = "soon"`), ExpectError: regexp.MustCompile(`(?s)request_timeout.*must be a duration`)},
		},
	})
}

// Credentials that come from another resource are unknown at plan time; the
// plan must still succeed, and the apply use them once known.
func TestAccProvider_unknownCredentialsAtPlan(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: env.unknownCredentialsConfig(`
resource "contio_webhook_status" "this" {
  enabled = false
}
`),
			Check: env.checkEmulator(t, wantEnabled(false)),
		}},
	})
}
