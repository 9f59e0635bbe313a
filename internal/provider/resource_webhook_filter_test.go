package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestAccWebhookFilter_lifecycle(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		CheckDestroy:             env.checkEmulator(t, noFilter),
		Steps: []resource.TestStep{
			{
				// Duplicates in config never cause a diff: the post-apply plan is empty.
				Config: env.config(filterConfig("include", "meeting.completed", "meeting.created", "meeting.created")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(filterAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.creds.ClientID)),
					statecheck.ExpectKnownValue(filterAddr, tfjsonpath.New("type"), knownvalue.StringExact("include")),
					statecheck.ExpectKnownValue(filterAddr, tfjsonpath.New("events"), eventsAre("meeting.created", "meeting.completed")),
				},
				Check: env.checkEmulator(t, wantFilter(contio.FilterInclude, "meeting.created", "meeting.completed")),
			},
			{
				// The same set in another order is no change.
				Config: env.config(filterConfig("include", "meeting.created", "meeting.completed")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				ResourceName:                         filterAddr,
				ImportState:                          true,
				ImportStateId:                        env.creds.ClientID,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
			},
			{
				Config: env.config(filterConfig("exclude", "calendar_event.created", "calendar_event.updated", "calendar_event.deleted")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(filterAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.checkEmulator(t, wantFilter(contio.FilterExclude, "calendar_event.created", "calendar_event.updated", "calendar_event.deleted")),
			},
		},
	})
}

func TestAccWebhookFilter_drift(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := env.config(filterConfig("include", "participant.added", "participant.removed"))
	outOfBand := func(change func(c *contio.Client) error) func() {
		return func() {
			if err := change(env.Client(t, env.creds)); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: outOfBand(func(c *contio.Client) error {
					_, err := c.SetWebhookFilter(t.Context(), contio.FilterExclude, []string{"participant.added"})
					return err
				}),
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(filterAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.checkEmulator(t, wantFilter(contio.FilterInclude, "participant.added", "participant.removed")),
			},
			{
				PreConfig: outOfBand(func(c *contio.Client) error {
					_, err := c.RemoveWebhookFilter(t.Context())
					return err
				}),
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(filterAddr, plancheck.ResourceActionCreate),
				}},
				Check: env.checkEmulator(t, wantFilter(contio.FilterInclude, "participant.added", "participant.removed")),
			},
		},
	})
}

func TestAccWebhookFilter_planTimeValidation(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	validList := regexp.QuoteMeta(strings.Join(contio.FilterableEventTypes(), ", "))
	plan := func(cfg, wantErr string) resource.TestStep {
		return resource.TestStep{Config: env.config(cfg), PlanOnly: true, ExpectError: regexp.MustCompile(wantErr)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		// Refused plans lose nothing and send nothing.
		CheckDestroy: func(*terraform.State) error {
			if n := env.RequestCounts()["PUT "+emulator.PathWebhookFilter]; n != 0 {
				return fmt.Errorf("invalid filters reached the API %d times", n)
			}
			return noFilter(env.state(t))
		},
		Steps: []resource.TestStep{
			plan(filterConfig("include", "meeting.created", "meeting.exploded"),
				`(?s)Unknown Contio event type.*"meeting.exploded".*Valid\s+event\s+types:\s+`+strings.ReplaceAll(validList, ", ", `,\s+`)),
			plan(filterConfig("exclude", contio.AlwaysDeliveredEventType),
				`(?s)Event type cannot be filtered.*always delivered`),
			plan(filterConfig("include"), `(?s)events.*at least 1`),
			plan(filterConfig("allow", "meeting.created"), `(?s)type.*value must be one of.*"include".*"exclude"`),
		},
	})
}

// Event values unknown at plan time (here from terraform_data) pass plan-time
// validation; Terraform validates them again once known.
func TestAccWebhookFilter_unknownEventsAtPlan(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := func(ev string) string {
		return env.config(fmt.Sprintf(`
resource "terraform_data" "event" {
  input = %q
}

resource "contio_webhook_filter" "this" {
  type   = "include"
  events = [terraform_data.event.output, "meeting.created"]
}
`, ev))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg("action_item.created"),
				Check:  env.checkEmulator(t, wantFilter(contio.FilterInclude, "action_item.created", "meeting.created")),
			},
			{
				Config:      cfg("action_item.exploded"),
				ExpectError: regexp.MustCompile(`Unknown Contio event type`),
			},
		},
	})
}

func TestAccWebhookFilter_importWithoutFilter(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:        env.config(filterConfig("include", "meeting.created")),
				ResourceName:  filterAddr,
				ImportState:   true,
				ImportStateId: env.creds.ClientID,
				ExpectError:   regexp.MustCompile(`(?i)cannot import non-existent remote object`),
			},
			{
				Config:        env.config(filterConfig("include", "meeting.created")),
				ResourceName:  filterAddr,
				ImportState:   true,
				ImportStateId: "app_someone_else",
				ExpectError:   regexp.MustCompile(`Cannot import contio_webhook_filter`),
			},
		},
	})
}
