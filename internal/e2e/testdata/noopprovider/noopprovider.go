// Package noopprovider is the baseline of the start-up benchmarks
// (startup_bench_test.go): a terraform-plugin-framework provider that serves
// the contio provider's type names and attribute shapes and does nothing else.
// It calls no API, validates nothing and plans nothing, so planning with it
// costs only the CLI, the plugin protocol and the framework; whatever the real
// provider costs beyond that is its own. serve/ is its main package.
package noopprovider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// New is the provider factory, as provider.New(version) is the real one's.
func New() provider.Provider { return noopProvider{} }

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "contio"
}

func (noopProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"client_id":              pschema.StringAttribute{Optional: true},
		"api_key":                pschema.StringAttribute{Optional: true, Sensitive: true},
		"base_url":               pschema.StringAttribute{Optional: true},
		"max_retries":            pschema.Int64Attribute{Optional: true},
		"request_timeout":        pschema.StringAttribute{Optional: true},
		"additional_event_types": pschema.SetAttribute{Optional: true, ElementType: types.StringType},
	}}
}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource {
			return noopResource{name: "_webhook_status", attrs: map[string]rschema.Attribute{
				"enabled":             rschema.BoolAttribute{Required: true},
				"pending_disposition": rschema.StringAttribute{Optional: true},
			}}
		},
		func() resource.Resource {
			return noopResource{name: "_webhook_filter", attrs: map[string]rschema.Attribute{
				"type":   rschema.StringAttribute{Required: true},
				"events": rschema.SetAttribute{Required: true, ElementType: types.StringType},
			}}
		},
	}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noopResource stores what it is given; its id is known only after apply.
type noopResource struct {
	name  string
	attrs map[string]rschema.Attribute
}

func (r noopResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.name
}

func (r noopResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// The id keeps its value across plans, as the real provider's does.
	attrs := map[string]rschema.Attribute{"id": rschema.StringAttribute{
		Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}}
	maps.Copy(attrs, r.attrs)
	resp.Schema = rschema.Schema{Attributes: attrs}
}

func (noopResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), "noop")...)
}

func (noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
