package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// Both resources carry the app's client id as their identity, and import by
// identity (Terraform 1.12+, OpenTofu 1.12) checks it like import by id.
func TestAccIdentity_importByIdentity(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := env.config(statusConfig(true, "deliver") + filterConfig("include", "meeting.created", "participant.added"))
	// Contio never returns pending_disposition, so an import leaves it null: a
	// configuration without it imports as a no-op.
	importCfg := env.config(statusConfig(true, "") + filterConfig("include", "meeting.created", "participant.added"))
	clientID := map[string]knownvalue.Check{"client_id": knownvalue.StringExact(env.creds.ClientID)}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(statusAddr, clientID),
					statecheck.ExpectIdentity(filterAddr, clientID),
					statecheck.ExpectIdentityValueMatchesStateAtPath(filterAddr, tfjsonpath.New("client_id"), tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    statusAddr,
				Config:          importCfg,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    filterAddr,
				Config:          cfg,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

func TestAccIdentity_otherAppIsRefused(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: env.config(filterConfig("include", "meeting.created") + `
import {
  to       = contio_webhook_filter.this
  identity = { client_id = "app_someone_else" }
}
`),
			ExpectError: regexp.MustCompile(`(?s)Cannot import contio_webhook_filter.*identity client_id\s+"app_someone_else"`),
		}},
	})
}

// Import needs a known provider configuration: with credentials from a
// resource not yet created, an import block fails clearly instead of planning
// invented values (terraform import refuses such a configuration by itself).
func TestAccImport_unknownProviderConfiguration(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config:          env.unknownCredentialsConfig(statusConfig(true, "deliver")),
			ResourceName:    statusAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   env.creds.ClientID,
			ExpectError:     regexp.MustCompile(`(?s)Cannot import contio_webhook_status yet.*not known yet`),
		}},
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
