package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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

// checkPlanDiagnostics compares a ModifyPlan's diagnostics with what a test
// case wants: the first error's summary ("" for none), and warnings that
// contain each of wantWarnings (none at all when it is empty). It returns the
// first error's detail for further checks.
// modifyPlan runs a resource's ModifyPlan for a planned value (also its
// configuration) over a prior state, as the framework calls it at plan time.
func modifyPlan(ctx context.Context, r resource.ResourceWithModifyPlan, schema rschema.Schema, state, plan tftypes.Value) *resource.ModifyPlanResponse {
	req := resource.ModifyPlanRequest{
		State:  tfsdk.State{Schema: schema, Raw: state},
		Plan:   tfsdk.Plan{Schema: schema, Raw: plan},
		Config: tfsdk.Config{Schema: schema, Raw: plan},
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, resp)
	return resp
}

func checkPlanDiagnostics(t *testing.T, diags diag.Diagnostics, wantError string, wantWarnings []string) string {
	t.Helper()
	var gotErr, detail string
	if errs := diags.Errors(); len(errs) > 0 {
		gotErr, detail = errs[0].Summary(), errs[0].Detail()
	}
	if gotErr != wantError {
		t.Errorf("error %q, want %q", gotErr, wantError)
	}
	var warnings strings.Builder
	for _, w := range diags.Warnings() {
		warnings.WriteString(w.Summary() + ": " + w.Detail() + "\n")
	}
	if len(wantWarnings) == 0 && warnings.Len() > 0 {
		t.Errorf("unexpected warnings:\n%s", warnings.String())
	}
	for _, w := range wantWarnings {
		if !strings.Contains(warnings.String(), w) {
			t.Errorf("warnings lack %q:\n%s", w, warnings.String())
		}
	}
	return detail
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
