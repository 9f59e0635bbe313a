package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// runDelivers calls the function's Run as Terraform would.
func runDelivers(t *testing.T, filter attr.Value, eventType string) (attr.Value, *function.FuncError) {
	t.Helper()
	resp := &function.RunResponse{Result: function.NewResultData(types.BoolUnknown())}
	deliversFunction{}.Run(t.Context(), function.RunRequest{
		Arguments: function.NewArgumentsData([]attr.Value{filter, types.StringValue(eventType)}),
	}, resp)
	return resp.Result.Value(), resp.Error
}

// filterObject is a webhook_filter as data.contio_app exposes it.
func filterObject(t *testing.T, typ attr.Value, events attr.Value) types.Object {
	t.Helper()
	o, diags := types.ObjectValue(filterAttrTypes, map[string]attr.Value{"type": typ, "events": events})
	if diags.HasError() {
		t.Fatal(diags)
	}
	return o
}

func filterOf(t *testing.T, f *contio.WebhookFilter) types.Object {
	t.Helper()
	if f == nil {
		return types.ObjectNull(filterAttrTypes)
	}
	events, diags := types.SetValueFrom(t.Context(), types.StringType, f.Events)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return filterObject(t, types.StringValue(string(f.Type)), events)
}

func TestDeliversRun(t *testing.T) {
	include := filterOf(t, &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created", "meeting.transcribed"}})
	exclude := filterOf(t, &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"meeting.created", "meeting.transcribed"}})
	unknownEvents := filterObject(t, types.StringValue("include"), types.SetUnknown(types.StringType))
	unknownElement := filterObject(t, types.StringValue("exclude"),
		types.SetValueMust(types.StringType, []attr.Value{types.StringValue("meeting.created"), types.StringUnknown()}))
	tests := []struct {
		name    string
		filter  attr.Value
		event   string
		want    attr.Value
		wantErr []string // what the error says, when it is one
	}{
		{"no filter delivers every supported event", types.ObjectNull(filterAttrTypes), "calendar_event.deleted", types.BoolValue(true), nil},
		{"include delivers a listed type", include, "meeting.created", types.BoolValue(true), nil},
		{"include drops an unlisted type", include, "meeting.updated", types.BoolValue(false), nil},
		{"exclude drops a listed type", exclude, "meeting.created", types.BoolValue(false), nil},
		{"exclude delivers an unlisted type", exclude, "meeting.updated", types.BoolValue(true), nil},
		{"revoked bypasses include", include, contio.AlwaysDeliveredEventType, types.BoolValue(true), nil},
		{"revoked bypasses exclude", exclude, contio.AlwaysDeliveredEventType, types.BoolValue(true), nil},
		{"revoked is delivered whatever an unknown filter becomes", types.ObjectUnknown(filterAttrTypes), contio.AlwaysDeliveredEventType, types.BoolValue(true), nil},
		{"an unknown filter gives an unknown answer", types.ObjectUnknown(filterAttrTypes), "meeting.created", types.BoolUnknown(), nil},
		{"unknown events give an unknown answer", unknownEvents, "meeting.created", types.BoolUnknown(), nil},
		{"an unknown event in the filter gives an unknown answer", unknownElement, "meeting.updated", types.BoolUnknown(), nil},
		{"unknown type gives an unknown answer", filterObject(t, types.StringUnknown(), types.SetValueMust(types.StringType, nil)), "meeting.created", types.BoolUnknown(), nil},
		// A type newer than the provider: Contio stores only types it knows.
		{"a type the include filter lists is answered", include, "meeting.transcribed", types.BoolValue(true), nil},
		{"a type the exclude filter lists is answered", exclude, "meeting.transcribed", types.BoolValue(false), nil},
		{"a type neither the catalog nor the filter knows is refused", exclude, "meeting.summarized", nil,
			[]string{`"meeting.summarized" is not one of this provider version's Contio event types.`, "additional_event_types"}},
		{"with no filter too", types.ObjectNull(filterAttrTypes), "invoice.paid", nil, []string{`"invoice.paid" is not one`}},
		// Names are compared as Contio writes them; a slip is refused with the intent.
		{"case", exclude, "Meeting.Created", nil, []string{`Did you mean "meeting.created"?`}},
		{"a typo", exclude, "meeting.craeted", nil, []string{`Did you mean "meeting.created"?`}},
		{"the filter type's case", filterObject(t, types.StringValue("Include"), types.SetValueMust(types.StringType, nil)), "meeting.created", nil,
			[]string{`filter.type is "Include": it must be "include" or "exclude"`}},
		{"a blank event type", include, "", nil, []string{`"" cannot be a Contio event type`}},
		{"whitespace", include, "meeting created", nil, []string{"no whitespace", `Did you mean "meeting.created"?`}},
		{"null events", filterObject(t, types.StringValue("include"), types.SetNull(types.StringType)), "meeting.created", nil, []string{"filter.events is null"}},
		{"a null event in the filter", filterObject(t, types.StringValue("include"), types.SetValueMust(types.StringType, []attr.Value{types.StringNull()})), "meeting.created", nil,
			[]string{"filter.events lists a null event type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ferr := runDelivers(t, tt.filter, tt.event)
			if len(tt.wantErr) > 0 {
				if ferr == nil {
					t.Fatalf("answer %v, want an error saying %q", got, tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(ferr.Text, w) {
						t.Errorf("error lacks %q:\n%s", w, ferr.Text)
					}
				}
				return
			}
			if ferr != nil {
				t.Fatalf("error: %s", ferr)
			}
			if !got.Equal(tt.want) {
				t.Errorf("answer %v, want %v", got, tt.want)
			}
		})
	}
}

// The function and the emulator answer alike for every catalog event (and
// the always-delivered one) under no filter, include and exclude: what the
// function says is delivered is what the emulator records for delivery.
func TestDeliversMatchesEmulator(t *testing.T) {
	catalog := contio.FilterableEventTypes()
	var every2nd []string
	for i, e := range catalog {
		if i%2 == 0 {
			every2nd = append(every2nd, e)
		}
	}
	filters := map[string]*contio.WebhookFilter{
		"no filter": nil,
		"include":   {Type: contio.FilterInclude, Events: every2nd},
		"exclude":   {Type: contio.FilterExclude, Events: every2nd},
	}
	emu := emulator.New(emulator.Options{})
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			creds, err := emu.CreateApp(emulator.AppSpec{WebhookEnabled: ptr(false), WebhookFilter: f})
			if err != nil {
				t.Fatal(err)
			}
			delivered := 0
			for _, ev := range append(catalog, contio.AlwaysDeliveredEventType) {
				rep, err := emu.EmitEvents(t.Context(), creds.ClientID, []string{ev}, 1)
				if err != nil {
					t.Fatal(err)
				}
				got, ferr := runDelivers(t, filterOf(t, f), ev)
				if ferr != nil {
					t.Fatalf("%s: %s", ev, ferr)
				}
				emulated := len(rep.Recorded) == 1
				if !got.Equal(types.BoolValue(emulated)) {
					t.Errorf("%s: the function answers %v, the emulator records it for delivery: %t", ev, got, emulated)
				}
				if emulated {
					delivered++
				}
			}
			// Guard against a vacuous pass: each filter delivers what the table says.
			want := map[string]int{"no filter": len(catalog) + 1, "include": len(every2nd) + 1, "exclude": len(catalog) - len(every2nd) + 1}[name]
			if delivered != want {
				t.Errorf("%d event types delivered, want %d", delivered, want)
			}
		})
	}
}

// cliWithFunctions skips a test on CLIs without provider-defined functions:
// Terraform before 1.8, OpenTofu before 1.7 (run with
// TF_ACC_PROVIDER_HOST=registry.opentofu.org, as cliWithActions explains).
type cliWithFunctions struct{}

func (cliWithFunctions) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	least := tfversion.Version1_8_0
	if os.Getenv("TF_ACC_PROVIDER_HOST") == tfcli.HostOpenTofu {
		least = tfversion.Version1_7_0
	}
	tfversion.SkipBelow(least).CheckTerraformVersion(ctx, req, resp)
}

// readExample is a published example, read from the file the docs include.
func readExample(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// expectCheck asserts a check block's status in the plan, and that its one
// problem (when it fails) reads message.
type expectCheck struct {
	name, status, message string
}

func (e expectCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	status, problems, found := checkResult(req.Plan.Checks, e.name)
	if !found {
		resp.Error = fmt.Errorf("the plan has no check %q", e.name)
		return
	}
	want := []string{}
	if e.message != "" {
		want = append(want, e.message)
	}
	if status != e.status || fmt.Sprint(problems) != fmt.Sprint(want) {
		resp.Error = fmt.Errorf("check %s: status %s with problems %q, want %s with %q", e.name, status, problems, e.status, want)
	}
}

// The published examples, read from the files the docs include, run through
// the CLI: the outputs answer, and the check block passes while the critical
// events are delivered and fails, naming what is dropped, once the filter
// drops one.
func TestAccDeliversFunction_examples(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	config := env.config(
		readExample(t, "examples/functions/delivers/function.tf") +
			readExample(t, "examples/functions/delivers/check.tf"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliWithFunctions{}},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectCheck{"critical_events_delivered", "pass", ""},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("meeting_completed_delivered", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("exclude_drops_calendar_updates", knownvalue.Bool(true)),
				},
			},
			{
				PreConfig: func() {
					if _, err := env.Client(t, env.creds).SetWebhookFilter(t.Context(), contio.FilterExclude,
						[]string{"meeting.completed", "calendar_event.updated"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectCheck{"critical_events_delivered", "fail",
						fmt.Sprintf("The webhook filter of app %s no longer delivers: meeting.completed.", env.creds.ClientID)},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("meeting_completed_delivered", knownvalue.Bool(false)),
				},
			},
		},
	})
}

// The page's filter table through the CLI, with the app's filter as
// data.contio_app reads it and with filters written out; a misspelt type is
// an error that names the intended one.
func TestAccDeliversFunction_table(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}})
	const hcl = `
data "contio_app" "this" {}

locals {
  app = data.contio_app.this.webhook_filter
  exc = { type = "exclude", events = ["meeting.created"] }
}

output "answers" {
  value = {
    app_listed      = provider::contio::delivers(local.app, "meeting.created")
    app_unlisted    = provider::contio::delivers(local.app, "meeting.updated")
    app_revoked     = provider::contio::delivers(local.app, "user.connection.revoked")
    exclude_listed  = provider::contio::delivers(local.exc, "meeting.created")
    exclude_other   = provider::contio::delivers(local.exc, "meeting.updated")
    exclude_revoked = provider::contio::delivers(local.exc, "user.connection.revoked")
    no_filter       = provider::contio::delivers(null, "participant.removed")
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliWithFunctions{}},
		Steps: []resource.TestStep{
			{
				Config: env.config(`
output "typo" {
  value = provider::contio::delivers({ type = "exclude", events = ["meeting.created"] }, "meeting.craeted")
}
`),
				ExpectError: regexp.MustCompile(strings.Join(strings.Fields(regexp.QuoteMeta(
					`"meeting.craeted" is not one of this provider version's Contio event types. Did you mean "meeting.created"?`)), `\s+`)),
			},
			{
				Config: env.config(hcl),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("answers", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"app_listed":      knownvalue.Bool(true),
						"app_unlisted":    knownvalue.Bool(false),
						"app_revoked":     knownvalue.Bool(true),
						"exclude_listed":  knownvalue.Bool(false),
						"exclude_other":   knownvalue.Bool(true),
						"exclude_revoked": knownvalue.Bool(true),
						"no_filter":       knownvalue.Bool(true),
					})),
				},
			},
		},
	})
}
