package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// appAnswers is a stand-in for Contio whose GET and write answers differ in
// whether they carry the app's id (CONTRACT.md lets Contio omit it).
func appAnswers(t *testing.T, getID, writeID string) *contio.Client {
	t.Helper()
	body := func(id string) string {
		idField := ""
		if id != "" {
			idField = `"id":"` + id + `",`
		}
		return `{` + idField + `"webhook_enabled":false,"webhook_filter":{"type":"include","events":["meeting.created"]}}`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_, _ = w.Write([]byte(body(getID)))
			return
		}
		_, _ = w.Write([]byte(body(writeID)))
	}))
	t.Cleanup(srv.Close)
	c, err := contio.New(srv.URL, "cl_1", "ck_1", contio.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The state's id is the same whichever answers carry the app's id: a write
// or a refresh whose answer omits it keeps the recorded one (else the next
// read would change it back, and an Update would be an inconsistent result,
// its id planned as the state's), and an Update keeps the recorded one even
// when its answer names another.
func TestStateIDIgnoresWhichAnswersCarryIt(t *testing.T) {
	ctx := t.Context()
	statusRes, filterRes := &webhookStatusResource{}, &webhookFilterResource{}
	var statusSchema, filterSchema fwresource.SchemaResponse
	statusRes.Schema(ctx, fwresource.SchemaRequest{}, &statusSchema)
	filterRes.Schema(ctx, fwresource.SchemaRequest{}, &filterSchema)
	statusVal := func(id any, enabled bool) tftypes.Value {
		return tftypes.NewValue(statusSchema.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, id), "enabled": tftypes.NewValue(tftypes.Bool, enabled),
			"pending_disposition": tftypes.NewValue(tftypes.String, nil),
		})
	}
	filterVal := func(id any, event string) tftypes.Value {
		return tftypes.NewValue(filterSchema.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, id), "type": tftypes.NewValue(tftypes.String, "include"),
			"events": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, event)}),
		})
	}
	// Each op runs one resource method against pd and returns the state and
	// diagnostics it leaves.
	type op func(context.Context, *providerData) (tfsdk.State, diag.Diagnostics)
	res := func(r fwresource.Resource, pd *providerData) fwresource.Resource {
		switch r.(type) {
		case *webhookStatusResource:
			return &webhookStatusResource{data: pd}
		default:
			return &webhookFilterResource{data: pd}
		}
	}
	update := func(r fwresource.Resource, sch fwresource.SchemaResponse, prior, planned tftypes.Value) op {
		return func(ctx context.Context, pd *providerData) (tfsdk.State, diag.Diagnostics) {
			resp := &fwresource.UpdateResponse{State: tfsdk.State{Schema: sch.Schema, Raw: prior}}
			res(r, pd).Update(ctx, fwresource.UpdateRequest{State: tfsdk.State{Schema: sch.Schema, Raw: prior}, Plan: tfsdk.Plan{Schema: sch.Schema, Raw: planned}}, resp)
			return resp.State, resp.Diagnostics
		}
	}
	read := func(r fwresource.Resource, sch fwresource.SchemaResponse, prior tftypes.Value) op {
		return func(ctx context.Context, pd *providerData) (tfsdk.State, diag.Diagnostics) {
			resp := &fwresource.ReadResponse{State: tfsdk.State{Schema: sch.Schema, Raw: prior}}
			res(r, pd).Read(ctx, fwresource.ReadRequest{State: tfsdk.State{Schema: sch.Schema, Raw: prior}}, resp)
			return resp.State, resp.Diagnostics
		}
	}
	create := func(r fwresource.Resource, sch fwresource.SchemaResponse, planned tftypes.Value) op {
		return func(ctx context.Context, pd *providerData) (tfsdk.State, diag.Diagnostics) {
			resp := &fwresource.CreateResponse{State: tfsdk.State{Schema: sch.Schema, Raw: tftypes.NewValue(planned.Type(), nil)}}
			res(r, pd).Create(ctx, fwresource.CreateRequest{Plan: tfsdk.Plan{Schema: sch.Schema, Raw: planned}}, resp)
			return resp.State, resp.Diagnostics
		}
	}
	// after runs first, then second on the same provider data: one apply.
	after := func(first, second op) op {
		return func(ctx context.Context, pd *providerData) (tfsdk.State, diag.Diagnostics) {
			if _, diags := first(ctx, pd); diags.HasError() {
				return tfsdk.State{}, diags
			}
			return second(ctx, pd)
		}
	}
	tests := []struct {
		name           string
		getID, writeID string // "" omits the id from that answer
		op             op
		want           string
	}{
		{"status update, PUT omits the id", "app_7f3c", "", update(statusRes, statusSchema, statusVal("app_7f3c", true), statusVal("app_7f3c", false)), "app_7f3c"},
		{"status update, only PUT has the id", "", "app_7f3c", update(statusRes, statusSchema, statusVal("cl_1", true), statusVal("cl_1", false)), "cl_1"},
		{"filter update, PUT omits the id", "app_7f3c", "", update(filterRes, filterSchema, filterVal("app_7f3c", "meeting.updated"), filterVal("app_7f3c", "meeting.created")), "app_7f3c"},
		{"filter update, only PUT has the id", "", "app_7f3c", update(filterRes, filterSchema, filterVal("cl_1", "meeting.updated"), filterVal("cl_1", "meeting.created")), "cl_1"},
		{"status read, GET omits the id", "", "app_7f3c", read(statusRes, statusSchema, statusVal("app_7f3c", false)), "app_7f3c"},
		{"filter read, GET omits the id", "", "app_7f3c", read(filterRes, filterSchema, filterVal("app_7f3c", "meeting.created")), "app_7f3c"},
		{"status create, PUT omits the id the GET had", "app_7f3c", "", create(statusRes, statusSchema, statusVal(tftypes.UnknownValue, true)), "app_7f3c"},
		{"filter create, PUT omits the id the GET has", "app_7f3c", "", create(filterRes, filterSchema, filterVal(tftypes.UnknownValue, "meeting.created")), "app_7f3c"},
		{"status create after the filter's, in one apply", "app_7f3c", "", after(create(filterRes, filterSchema, filterVal(tftypes.UnknownValue, "meeting.created")),
			create(statusRes, statusSchema, statusVal(tftypes.UnknownValue, false))), "app_7f3c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, diags := tt.op(ctx, &providerData{client: appAnswers(t, tt.getID, tt.writeID), clientID: "cl_1", catalog: newEventCatalog(nil)})
			if diags.HasError() {
				t.Fatal(diags)
			}
			var got string
			if d := st.GetAttribute(ctx, path.Root("id"), &got); d.HasError() {
				t.Fatal(d)
			}
			if got != tt.want {
				t.Errorf("state id = %q, want %q", got, tt.want)
			}
		})
	}
}
