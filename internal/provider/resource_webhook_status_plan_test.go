package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The plan-time consequences of contio_webhook_status, called directly: the
// acceptance tests cannot see warnings, which Terraform only prints.
func TestWebhookStatusModifyPlan(t *testing.T) {
	ctx := t.Context()
	r := &webhookStatusResource{}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)

	// obj builds a contio_webhook_status value; enabled is true, false, nil
	// (null) or tftypes.UnknownValue.
	obj := func(enabled, disposition any) tftypes.Value {
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"id":                  tftypes.NewValue(tftypes.String, "app_x"),
			"enabled":             tftypes.NewValue(tftypes.Bool, enabled),
			"pending_disposition": tftypes.NewValue(tftypes.String, disposition),
		})
	}
	absent := tftypes.NewValue(typ, nil)

	tests := []struct {
		name         string
		appDisabled  bool
		state, plan  tftypes.Value
		wantError    string
		wantWarnings []string
	}{
		{name: "destroy while disabled warns", state: obj(false, nil), plan: absent,
			wantWarnings: []string{"Webhook delivery stays disabled", "only removes it from Terraform state"}},
		{name: "destroy while enabled is quiet", state: obj(true, nil), plan: absent},
		{name: "re-enable with deliver counts the backlog", appDisabled: true, state: obj(false, nil), plan: obj(true, "deliver"),
			wantWarnings: []string{"will deliver the backlog", "3 pending deliveries"}},
		{name: "re-enable with abandon counts the backlog", appDisabled: true, state: obj(false, nil), plan: obj(true, "abandon"),
			wantWarnings: []string{"will discard the backlog", "3 pending deliveries"}},
		{name: "re-enable without disposition is an error", appDisabled: true, state: obj(false, nil), plan: obj(true, nil),
			wantError: "Re-enabling webhooks requires pending_disposition"},
		{name: "create on a disabled app without disposition is an error", appDisabled: true, state: absent, plan: obj(true, nil),
			wantError: "Re-enabling webhooks requires pending_disposition"},
		{name: "create on an enabled app needs no disposition", state: absent, plan: obj(true, nil)},
		{name: "staying enabled is quiet", state: obj(true, nil), plan: obj(true, "deliver")},
		{name: "disabling is quiet", state: obj(true, nil), plan: obj(false, nil)},
		{name: "unknown enabled passes", state: obj(false, nil), plan: obj(tftypes.UnknownValue, nil)},
		{name: "unknown disposition passes", appDisabled: true, state: obj(false, nil), plan: obj(true, tftypes.UnknownValue)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(!tt.appDisabled)})
			srv.Emit(t, creds.ClientID, 3, "meeting.created")
			r := &webhookStatusResource{data: &providerData{client: srv.Client(t, creds)}}

			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: sr.Schema, Raw: tt.state},
				Plan:   tfsdk.Plan{Schema: sr.Schema, Raw: tt.plan},
				Config: tfsdk.Config{Schema: sr.Schema, Raw: tt.plan},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			r.ModifyPlan(ctx, req, resp)

			detail := checkPlanDiagnostics(t, resp.Diagnostics, tt.wantError, tt.wantWarnings)
			for _, how := range []string{`"deliver"`, `"abandon"`, "enabled = false", "-target",
				"terraform apply -invoke=action.contio_webhook_reenable.deliver", `action "contio_webhook_reenable" "deliver" {`} {
				if tt.wantError != "" && !strings.Contains(detail, how) {
					t.Errorf("the error does not say how to proceed (%s): %s", how, detail)
				}
			}
			// apply -refresh-only does not unblock the plan: it is no way out.
			if strings.Contains(detail, "-refresh-only") {
				t.Errorf("the error offers apply -refresh-only, which does not unblock the plan: %s", detail)
			}
		})
	}
}
