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
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestEventCatalogClosest(t *testing.T) {
	cat := newEventCatalog([]string{"meeting.transcribed"})
	tests := []struct {
		typo, want string
		ok         bool
	}{
		{"meeting.complete", "meeting.completed", true},
		{"meetings.created", "meeting.created", true},
		{"Meeting.Created", "meeting.created", true},
		{"action_item.crated", "action_item.created", true},
		{"meeting.transcribd", "meeting.transcribed", true}, // additional types are suggested too
		{"invoice.paid", "", false},                         // nothing close: no suggestion
		{"MEETING.CREATED", "meeting.created", true},        // case and separators are slips
		{"meeting_created", "meeting.created", true},
		{"action.item.craeted", "action_item.created", true},
		{"meeting.deleted", "", false}, // a name Contio may add, not a typo of meeting.created
		{"meeting.exploded", "", false},
	}
	for _, tt := range tests {
		got, ok := cat.closest(tt.typo)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("closest(%q) = %q, %t; want %q, %t", tt.typo, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEventCatalogUnknownTypeDetail(t *testing.T) {
	cat := newEventCatalog([]string{"meeting.transcribed", "meeting.created", "meeting.transcribed"})
	if got := cat.filterable(); len(got) != len(contio.FilterableEventTypes())+1 || got[len(got)-1] != "meeting.transcribed" {
		t.Errorf("catalog = %v: want the built-in catalog plus one additional type, once", got)
	}
	d := cat.unknownTypeDetail("meeting.complete")
	for _, want := range []string{`Did you mean "meeting.completed"?`, "Valid event types: meeting.created,", "meeting.transcribed.", "additional_event_types", envAdditionalEventTypes} {
		if !strings.Contains(d, want) {
			t.Errorf("detail lacks %q:\n%s", want, d)
		}
	}
	if d := cat.unknownTypeDetail("invoice.paid"); strings.Contains(d, "Did you mean") {
		t.Errorf("a far-off type got a suggestion:\n%s", d)
	}
}

// The whole story of an event type newer than the provider: refused at plan
// time with a way out, accepted once additional_event_types lists it, applied;
// and one the provider does not know, found in Contio, is drift, never an error.
func TestAccWebhookFilter_eventTypeNewerThanProvider(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	env.LearnEventTypes(t, "meeting.transcribed", "meeting.summarized")
	const extra = "  additional_event_types = [\"meeting.transcribed\"]\n"
	newType := filterConfig("include", "meeting.created", "meeting.transcribed")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:      env.config(newType),
				ExpectError: regexp.MustCompile(`(?s)Unknown Contio event type.*"meeting.transcribed".*additional_event_types`),
			},
			{
				Config:      env.config(filterConfig("include", "meeting.complete")),
				ExpectError: regexp.MustCompile(`(?s)Did\s+you\s+mean\s+"meeting.completed"\?`),
			},
			{
				Config: env.configWith(extra, newType),
				Check:  env.checkEmulator(t, wantFilter(contio.FilterInclude, "meeting.created", "meeting.transcribed")),
			},
			{
				// Contio's filter gains a type this provider has never heard of:
				// the refresh reads it, and the plan shows it as drift.
				PreConfig: func() {
					if _, err := env.Client(t, env.creds).SetWebhookFilter(t.Context(), contio.FilterInclude,
						[]string{"meeting.created", "meeting.summarized"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             env.configWith(extra, newType+`data "contio_app" "this" {}`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(filterAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				// The data source shows it as data.
				Config: env.configWith(extra, newType+`data "contio_app" "this" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(filterAddr, tfjsonpath.New("events"), eventsAre("meeting.created", "meeting.transcribed")),
				},
				Check: env.checkEmulator(t, wantFilter(contio.FilterInclude, "meeting.created", "meeting.transcribed")),
			},
		},
	})
}

// The environment variable works like the provider argument.
func TestAccWebhookFilter_additionalEventTypesFromEnv(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	env.LearnEventTypes(t, "meeting.transcribed")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(map[string]string{envAdditionalEventTypes: " meeting.transcribed , "}),
		Steps: []resource.TestStep{
			{
				Config: env.config(filterConfig("exclude", "meeting.transcribed")),
				Check:  env.checkEmulator(t, wantFilter(contio.FilterExclude, "meeting.transcribed")),
			},
		},
	})
}

// Malformed additional types are refused by terraform validate, before any plan.
func TestAccProvider_additionalEventTypesValidation(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	bad := func(v string) resource.TestStep {
		return resource.TestStep{
			Config:      env.configWith(fmt.Sprintf("  additional_event_types = [%q]\n", v), `data "contio_webhook_event_types" "all" {}`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`additional_event_types`),
		}
	}
	t.Run("provider argument", func(t *testing.T) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(nil),
			Steps:                    []resource.TestStep{bad("Meeting Transcribed"), bad(contio.AlwaysDeliveredEventType)},
		})
	})
	t.Run("environment", func(t *testing.T) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(map[string]string{envAdditionalEventTypes: "meeting.transcribed,not a type"}),
			Steps: []resource.TestStep{{
				Config:      env.config(`data "contio_webhook_event_types" "all" {}`),
				ExpectError: regexp.MustCompile(`(?s)Invalid CONTIO_ADDITIONAL_EVENT_TYPES.*"not a type"`),
			}},
		})
	})
}

func TestAccWebhookEventTypesDataSource(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	all := append(contio.FilterableEventTypes(), "meeting.transcribed")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: env.configWith("  additional_event_types = [\"meeting.transcribed\"]\n", `
data "contio_webhook_event_types" "all" {}

output "not_calendar" {
  value = setsubtract(data.contio_webhook_event_types.all.event_types,
    ["calendar_event.created", "calendar_event.updated", "calendar_event.deleted"])
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.contio_webhook_event_types.all", tfjsonpath.New("event_types"), eventsAre(all...)),
				statecheck.ExpectKnownValue("data.contio_webhook_event_types.all", tfjsonpath.New("always_delivered"),
					knownvalue.StringExact(contio.AlwaysDeliveredEventType)),
				statecheck.ExpectKnownOutputValue("not_calendar", eventsAre(withoutCalendar(all)...)),
			},
		}},
	})
}

func withoutCalendar(types []string) []string {
	var out []string
	for _, t := range types {
		if !strings.HasPrefix(t, "calendar_event.") {
			out = append(out, t)
		}
	}
	return out
}

// oddEventType is a type outside the contract's assumed shape, which Contio
// might add: the escape hatch must take it as written.
const oddEventType = "meeting.transcript-ready"

// A type of any shape works once additional_event_types lists it (with only a
// warning); unlisted it is refused at plan time, and a typo still gets "did
// you mean"; listed but unknown to Contio, Contio's 400 has the last word.
func TestAccWebhookFilter_oddShapedEventType(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	env.LearnEventTypesAnyShape(t, oddEventType)
	listed := fmt.Sprintf("  additional_event_types = [%q, %q]\n", oddEventType, "meeting.never_added")
	withOdd := filterConfig("include", "meeting.created", oddEventType)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:      env.config(withOdd),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unknown Contio event type.*"meeting.transcript-ready".*additional_event_types`),
			},
			{
				Config:      env.configWith(listed, filterConfig("include", "Meeting.Created")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unknown Contio event type.*Did\s+you\s+mean\s+"meeting.created"\?`),
			},
			{
				Config: env.configWith(listed, withOdd),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(filterAddr, tfjsonpath.New("events"), eventsAre("meeting.created", oddEventType)),
				},
				Check: env.checkEmulator(t, wantFilter(contio.FilterInclude, "meeting.created", oddEventType)),
			},
			{
				// Listed, but Contio does not know it: Contio refuses, and its
				// filter stays as it was.
				Config:      env.configWith(listed, filterConfig("include", "meeting.never_added")),
				ExpectError: regexp.MustCompile(`(?s)Unable to set webhook filter.*meeting.never_added`),
			},
			{
				Config: env.configWith(listed, withOdd),
				Check:  env.checkEmulator(t, wantFilter(contio.FilterInclude, "meeting.created", oddEventType)),
			},
		},
	})
}
