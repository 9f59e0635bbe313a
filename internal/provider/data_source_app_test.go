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

const appAddr = "data.contio_app.this"

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
