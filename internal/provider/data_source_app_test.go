package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestAccAppDataSource(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{Name: "Acme Notes Sync", PrimaryContactEmail: "ops@acme.example"})
	cfg := env.config(`data "contio_app" "this" {}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.creds.ClientID)),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("name"), knownvalue.StringExact("Acme Notes Sync")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("webhook_url"), knownvalue.StringExact(env.SinkOK())),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("primary_contact_email"), knownvalue.StringExact("ops@acme.example")),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("webhook_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("webhook_filter"), knownvalue.Null()),
				},
			},
			{
				PreConfig: func() {
					c := env.Client(t, env.creds)
					if _, err := c.SetWebhookFilter(t.Context(), contio.FilterExclude, []string{"agenda_item.updated", "agenda_item.created"}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.UpdateWebhookStatus(t.Context(), false, ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("webhook_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("webhook_filter"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type":   knownvalue.StringExact("exclude"),
						"events": eventsAre("agenda_item.created", "agenda_item.updated"),
					})),
				},
			},
		},
	})
}

// Contio may leave name, webhook_url and primary_contact_email out of the App
// (CONTRACT.md: assumed fields); the data source then reads them as null, not
// as "" that a message would print as nothing. A field sent empty stays "".
func TestAccAppDataSource_omittedFields(t *testing.T) {
	url := cannedAPI(t, cannedAnswer{status: 200, contentType: "application/json",
		body: `{"id":"app_canned","webhook_url":"","webhook_enabled":true,"webhook_filter":null}`})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: `
provider "contio" {
  base_url  = "` + url + `"
  client_id = "app_canned"
  api_key   = "ck_canned"
}
data "contio_app" "this" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("id"), knownvalue.StringExact("app_canned")),
				statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("webhook_url"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(appAddr, tfjsonpath.New("primary_contact_email"), knownvalue.Null()),
			},
		}},
	})
}
