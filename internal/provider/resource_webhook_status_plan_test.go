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
	// The CLIs whose advice differs, by the version each sends in
	// ConfigureProvider: only Terraform 1.14 and later have actions.
	clis := []struct {
		name, version string
		actions       bool
	}{
		{"Terraform 1.16", "1.16.4", true},
		{"Terraform 1.14", "1.14.0", true},
		{"OpenTofu 1.12", "1.13.0", false}, // OpenTofu sends the Terraform version it matches
		{"Terraform 1.5", "1.5.7", false},
		{"no version", "", false},
	}
	actionAdvice := []string{"terraform apply -invoke=action.contio_webhook_reenable.deliver", `action "contio_webhook_reenable" "deliver" {`, "add one"}
	for _, tt := range tests {
		for _, cli := range clis {
			t.Run(tt.name+"/"+cli.name, func(t *testing.T) {
				srv := emulatortest.Start(t, emulator.Options{})
				creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(!tt.appDisabled)})
				srv.Emit(t, creds.ClientID, 3, "meeting.created")
				r := &webhookStatusResource{data: &providerData{client: srv.Client(t, creds), cliVersion: cli.version}}

				resp := modifyPlan(ctx, r, sr.Schema, tt.state, tt.plan)

				detail := checkPlanDiagnostics(t, resp.Diagnostics, tt.wantError, tt.wantWarnings)
				if tt.wantError == "" {
					return
				}
				for _, how := range []string{`"deliver"`, `"abandon"`, "set pending_disposition as above and apply", "enabled = false", "-target"} {
					if !strings.Contains(detail, how) {
						t.Errorf("the error does not say how to proceed (%s): %s", how, detail)
					}
				}
				// An action block is an error on a CLI without actions: the
				// action is advice only where the CLI has them.
				for _, how := range actionAdvice {
					if strings.Contains(detail, how) != cli.actions {
						t.Errorf("on %s (actions: %t), the error mentions %q: %t\n%s", cli.name, cli.actions, how, !cli.actions, detail)
					}
				}
				// apply -refresh-only does not unblock the plan: it is no way out.
				if strings.Contains(detail, "-refresh-only") {
					t.Errorf("the error offers apply -refresh-only, which does not unblock the plan: %s", detail)
				}
			})
		}
	}
}

// The destroy and refresh warnings offer the action only on a CLI that has
// actions; the configuration path on every CLI.
func TestWebhookStatusWarningsFitCLI(t *testing.T) {
	ctx := t.Context()
	r := &webhookStatusResource{}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	disabled := tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
		"id":                  tftypes.NewValue(tftypes.String, "app_x"),
		"enabled":             tftypes.NewValue(tftypes.Bool, false),
		"pending_disposition": tftypes.NewValue(tftypes.String, nil),
	})
	for _, actions := range []bool{true, false} {
		version := map[bool]string{true: "1.14.9", false: "1.5.7"}[actions]
		r := &webhookStatusResource{data: &providerData{cliVersion: version}}
		req := resource.ModifyPlanRequest{
			State: tfsdk.State{Schema: sr.Schema, Raw: disabled},
			Plan:  tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)},
		}
		resp := &resource.ModifyPlanResponse{Plan: req.Plan}
		r.ModifyPlan(ctx, req, resp)
		destroy := checkPlanDiagnostics(t, resp.Diagnostics, "", []string{"Webhook delivery stays disabled"})
		for _, w := range resp.Diagnostics.Warnings() {
			destroy += w.Detail()
		}
		refresh := disabledOutsideDetail("app_x", actions)
		for name, detail := range map[string]string{"destroy": destroy, "refresh": refresh} {
			if !strings.Contains(detail, "pending_disposition") {
				t.Errorf("%s warning on %s: no configuration path: %s", name, version, detail)
			}
			if strings.Contains(detail, "contio_webhook_reenable") != actions {
				t.Errorf("%s warning on %s mentions the action: %t, want %t: %s", name, version, !actions, actions, detail)
			}
		}
	}
}
