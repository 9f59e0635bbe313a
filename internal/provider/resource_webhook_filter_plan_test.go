package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The filter's plan-time checks, called directly: the acceptance tests cannot
// see warnings, which Terraform only prints.
func TestWebhookFilterModifyPlan(t *testing.T) {
	ctx := t.Context()
	var sr resource.SchemaResponse
	(&webhookFilterResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	obj := func(events ...string) tftypes.Value {
		vals := make([]tftypes.Value, len(events))
		for i, e := range events {
			vals[i] = tftypes.NewValue(tftypes.String, e)
		}
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"id":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"type":   tftypes.NewValue(tftypes.String, "include"),
			"events": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals),
		})
	}
	absent := tftypes.NewValue(typ, nil)
	existing := &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"calendar_event.created"}}

	tests := []struct {
		name        string
		appFilter   *contio.WebhookFilter
		state, plan tftypes.Value
		additional  []string
		wantError   string
		wantWarning []string
	}{
		{name: "create over an existing filter warns and names it", appFilter: existing, state: absent, plan: obj("meeting.created"),
			wantWarning: []string{"replaces the app's current filter", "exclude `calendar_event.created`", "import"}},
		{name: "create without a filter is quiet", state: absent, plan: obj("meeting.created")},
		{name: "update is quiet", appFilter: existing, state: obj("meeting.created"), plan: obj("meeting.updated")},
		{name: "a type the catalog lacks is refused", state: absent, plan: obj("meeting.transcribed"),
			wantError: "Unknown Contio event type"},
		{name: "additional_event_types admits it", state: absent, plan: obj("meeting.transcribed"), additional: []string{"meeting.transcribed"}},
		{name: "destroy is quiet", appFilter: existing, state: obj("meeting.created"), plan: absent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{WebhookFilter: tt.appFilter})
			r := &webhookFilterResource{data: &providerData{client: srv.Client(t, creds), catalog: newEventCatalog(tt.additional)}}
			resp := modifyPlan(ctx, r, sr.Schema, tt.state, tt.plan)

			checkPlanDiagnostics(t, resp.Diagnostics, tt.wantError, tt.wantWarning)
		})
	}
}

// TestWebhookFilterModifyPlan_warningReadFails: the app is read at plan time
// only to warn that a create replaces the current filter. When that read
// fails, the plan goes on with a warning saying the check was skipped; it
// never fails the plan.
func TestWebhookFilterModifyPlan_warningReadFails(t *testing.T) {
	ctx := t.Context()
	var sr resource.SchemaResponse
	(&webhookFilterResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	plan := tftypes.NewValue(typ, map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"type":   tftypes.NewValue(tftypes.String, "include"),
		"events": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "meeting.created")}),
	})
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathApp, Status: 503, Times: 100})
	r := &webhookFilterResource{data: &providerData{client: srv.Client(t, creds, contio.WithMaxRetries(1)), catalog: newEventCatalog(nil)}}
	resp := modifyPlan(ctx, r, sr.Schema, tftypes.NewValue(typ, nil), plan)
	checkPlanDiagnostics(t, resp.Diagnostics, "", []string{"Unable to read Contio app for a plan-time check", "the plan goes on", "503"})
}
