package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// FuzzEventTypeChecks: whatever a configuration says, the plan-time checks
// agree with each other and never panic. The validator refuses exactly the
// names no event type can have (empty, whitespace) and the always-delivered
// type, whatever the shape of the rest; the catalog admits exactly its
// entries; a suggestion is always a catalog entry; the refusal names the type.
func FuzzEventTypeChecks(f *testing.F) {
	for _, s := range []string{"meeting.created", "meeting.complete", "Meeting.Created", "", ".", "a.b", contio.AlwaysDeliveredEventType, "meeting..created", "ü.ü", strings.Repeat("x.", 200)} {
		f.Add(s)
	}
	cat := newEventCatalog([]string{"meeting.transcribed"})
	f.Fuzz(func(t *testing.T, ev string) {
		resp := &validator.StringResponse{}
		eventTypeValidator{}.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("events"), ConfigValue: types.StringValue(ev)}, resp)
		wantRefused := !contio.IsPlausibleEventType(ev) || ev == contio.AlwaysDeliveredEventType
		if resp.Diagnostics.HasError() != wantRefused {
			t.Fatalf("validator(%q) refused=%t, want %t", ev, resp.Diagnostics.HasError(), wantRefused)
		}
		if got, want := cat.contains(ev), slices.Contains(cat.filterable(), ev); got != want {
			t.Fatalf("contains(%q) = %t, but the catalog lists it: %t", ev, got, want)
		}
		if s, ok := cat.closest(ev); ok && !cat.contains(s) {
			t.Fatalf("closest(%q) = %q, not a catalog entry", ev, s)
		}
		if d := cat.unknownTypeDetail(ev); !strings.Contains(d, "additional_event_types") {
			t.Fatalf("the refusal of %q does not say how to use a newer type:\n%s", ev, d)
		}
	})
}

// FuzzImportID: an import id (or identity client_id) is accepted exactly when
// it is the configured app's client id, and then lands in state unchanged.
func FuzzImportID(f *testing.F) {
	for _, s := range []string{"app_x", "", "app_X", "app_x ", "../app_x", "app_x\x00", "ü"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	ctx := f.Context()
	var sr resource.SchemaResponse
	(&webhookFilterResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	var ir resource.IdentitySchemaResponse
	(&webhookFilterResource{}).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
	client, err := contio.New("https://api.contio.ai", "app_x", "key")
	if err != nil {
		f.Fatal(err)
	}
	data := &providerData{client: client}

	f.Fuzz(func(t *testing.T, id string, byIdentity bool) {
		req := resource.ImportStateRequest{ID: id}
		if byIdentity {
			req.ID = ""
			req.Identity = &tfsdk.ResourceIdentity{Schema: ir.IdentitySchema, Raw: tftypes.NewValue(ir.IdentitySchema.Type().TerraformType(ctx),
				map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, id)})}
		}
		resp := &resource.ImportStateResponse{
			State:    tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)},
			Identity: &tfsdk.ResourceIdentity{Schema: ir.IdentitySchema, Raw: tftypes.NewValue(ir.IdentitySchema.Type().TerraformType(ctx), nil)},
		}
		importAppScoped(ctx, data, "contio_webhook_filter", req, resp)
		if accepted := !resp.Diagnostics.HasError(); accepted != (id == "app_x") {
			t.Fatalf("import of %q (identity %t): accepted=%t: %v", id, byIdentity, accepted, resp.Diagnostics)
		}
		if resp.Diagnostics.HasError() {
			return
		}
		var got types.String
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("id"), &got)...)
		var ident appIdentityModel
		resp.Diagnostics.Append(resp.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() || got.ValueString() != id || ident.ClientID.ValueString() != id {
			t.Fatalf("imported id %q, identity %q, want %q: %v", got.ValueString(), ident.ClientID.ValueString(), id, resp.Diagnostics)
		}
	})
}
