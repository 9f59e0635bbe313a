package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// terraform query lists a filter that Contio holds with an odd-shaped type, by
// the client id, also when Contio's app id differs from it.
func TestAccListResources_oddShapedEventTypeAndAppID(t *testing.T) {
	env := withOddFilter(t, emulator.AppSpec{AppID: "app_other_than_client"})
	query := `
list "contio_webhook_filter" "all" {
  provider         = contio
  include_resource = true
}

list "contio_webhook_status" "all" {
  provider = contio
}
`
	clientID := map[string]knownvalue.Check{"client_id": knownvalue.StringExact(env.creds.ClientID)}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				// Query mode needs a configuration applied first.
				Config: env.config(`data "contio_app" "this" {}`),
			},
			{
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contio_webhook_filter.all", 1),
					querycheck.ExpectIdentity("contio_webhook_filter.all", clientID),
					querycheck.ExpectIdentity("contio_webhook_status.all", clientID),
					querycheck.ExpectResourceKnownValues("contio_webhook_filter.all", queryfilter.ByResourceIdentity(clientID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("events"), KnownValue: eventsAre("meeting.created", oddEventType)},
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("app_other_than_client")},
					}),
				},
			},
		},
	})
}

// terraform query finds the app's settings: the adoption path for an app
// configured before Terraform managed it.
func TestAccListResources_query(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"calendar_event.updated"}}})
	// The provider block comes from the applied configuration.
	query := `
list "contio_webhook_status" "all" {
  provider = contio
}

list "contio_webhook_filter" "all" {
  provider = contio
}
`
	clientID := map[string]knownvalue.Check{"client_id": knownvalue.StringExact(env.creds.ClientID)}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				// Query mode needs a configuration applied first.
				Config: env.config(`data "contio_app" "this" {}`),
			},
			{
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contio_webhook_status.all", 1),
					querycheck.ExpectIdentity("contio_webhook_status.all", clientID),
					querycheck.ExpectLength("contio_webhook_filter.all", 1),
					querycheck.ExpectIdentity("contio_webhook_filter.all", clientID),
				},
			},
			{
				// Without a filter there is nothing to adopt.
				PreConfig: func() {
					if _, err := env.Client(t, env.creds).RemoveWebhookFilter(t.Context()); err != nil {
						t.Fatal(err)
					}
				},
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contio_webhook_status.all", 1),
					querycheck.ExpectLength("contio_webhook_filter.all", 0),
				},
			},
		},
	})
}
