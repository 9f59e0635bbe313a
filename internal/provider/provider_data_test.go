package provider

import (
	"strings"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Create called while the provider configuration is unknown (no client) is
// refused with a diagnostic, on both resources, as Update and Delete are:
// it must not dereference the missing client.
func TestCreateWithoutClientRefuses(t *testing.T) {
	ctx := t.Context()
	for _, tt := range []struct {
		name   string
		r      fwresource.Resource
		values map[string]tftypes.Value
	}{
		{"contio_webhook_status", &webhookStatusResource{data: &providerData{clientID: "app_1"}}, map[string]tftypes.Value{
			"id":                  tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"enabled":             tftypes.NewValue(tftypes.Bool, true),
			"pending_disposition": tftypes.NewValue(tftypes.String, nil),
		}},
		{"contio_webhook_filter", &webhookFilterResource{data: &providerData{clientID: "app_1"}}, map[string]tftypes.Value{
			"id":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"type":   tftypes.NewValue(tftypes.String, "include"),
			"events": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "meeting.created")}),
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var sr fwresource.SchemaResponse
			tt.r.Schema(ctx, fwresource.SchemaRequest{}, &sr)
			typ := sr.Schema.Type().TerraformType(ctx)
			req := fwresource.CreateRequest{Plan: tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, tt.values)}}
			resp := &fwresource.CreateResponse{State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("Create panicked: %v", p)
					}
				}()
				tt.r.Create(ctx, req, resp)
			}()
			errs := resp.Diagnostics.Errors()
			if len(errs) != 1 || errs[0].Summary() != notConfiguredSummary || !strings.Contains(errs[0].Detail(), "apply -target=") {
				t.Errorf("diagnostics = %v, want one %q error saying how to proceed", resp.Diagnostics, notConfiguredSummary)
			}
			if !resp.State.Raw.IsNull() {
				t.Errorf("state = %v, want none", resp.State.Raw)
			}
		})
	}
}
