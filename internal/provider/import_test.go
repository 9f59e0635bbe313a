package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// A filter that Contio holds with an odd-shaped type is adopted as it is,
// without additional_event_types: the configuration Terraform generates for
// it plans as a no-op import, and so does a hand-written one, which then
// stays managed (a type Contio holds is one it accepts).
func TestAccImport_oddShapedEventType(t *testing.T) {
	env := withOddFilter(t, emulator.AppSpec{})
	importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", filterAddr, env.creds.ClientID)
	cfg := env.config(filterConfig("include", "meeting.created", oddEventType))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				// terraform plan -generate-config-out: the generated resource
				// block must validate and plan.
				Config:                 env.config(importBlock),
				ResourceName:           filterAddr,
				ImportState:            true,
				ImportStateKind:        resource.ImportBlockWithID,
				ImportStateId:          env.creds.ClientID, // also in importBlock, used as written
				ImportStateConfigExact: true,
				GenerateConfig:         true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(filterAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(filterAddr, tfjsonpath.New("events"), eventsAre("meeting.created", oddEventType)),
				}},
			},
			{
				// A hand-written configuration with the import block applies
				// the import, and nothing else.
				Config: cfg + importBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(filterAddr, plancheck.ResourceActionNoop),
				}},
			},
			{
				// Managed from then on: the type Contio holds keeps planning.
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
