package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ datasource.DataSourceWithConfigure = (*appDataSource)(nil)

// NewAppDataSource is the contio_app data source.
func NewAppDataSource() datasource.DataSource { return &appDataSource{} }

type appDataSource struct {
	data *providerData
}

func (d *appDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_app"
}

func (d *appDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The partner app of the provider's credentials, as `GET /v1/partner/admin/app` returns it: " +
			"whether Contio delivers its webhooks, and its event filter.",
		Attributes: map[string]schema.Attribute{
			"id":                    schema.StringAttribute{Computed: true, MarkdownDescription: "The app id."},
			"name":                  schema.StringAttribute{Computed: true, MarkdownDescription: "The app's name; null when Contio's answer leaves it out."},
			"webhook_url":           schema.StringAttribute{Computed: true, MarkdownDescription: "The endpoint Contio delivers webhooks to; null when Contio's answer leaves it out."},
			"primary_contact_email": schema.StringAttribute{Computed: true, MarkdownDescription: "The address Contio notifies when it auto-disables webhooks; null when Contio's answer leaves it out."},
			"webhook_enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether webhooks are delivered. `false` after someone disabled them or Contio auto-disabled them after repeated failures.",
			},
			"webhook_filter": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The event filter, or null when none is set (every supported event is delivered).",
				Attributes: map[string]schema.Attribute{
					"type":   schema.StringAttribute{Computed: true, MarkdownDescription: "`include` or `exclude`."},
					"events": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The event types listed."},
				},
			},
		},
	}
}

func (d *appDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *appDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.requireClientToRead(&resp.Diagnostics, "contio_app") {
		return
	}
	app := d.data.readApp(ctx, &resp.Diagnostics)
	if app == nil {
		return
	}
	var m appModel
	resp.Diagnostics.Append(m.fromApp(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// appModel is contio_app.
type appModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	WebhookURL          types.String `tfsdk:"webhook_url"`
	PrimaryContactEmail types.String `tfsdk:"primary_contact_email"`
	WebhookEnabled      types.Bool   `tfsdk:"webhook_enabled"`
	WebhookFilter       types.Object `tfsdk:"webhook_filter"`
}

var filterAttrTypes = map[string]attr.Type{
	"type":   types.StringType,
	"events": types.SetType{ElemType: types.StringType},
}

func (m *appModel) fromApp(ctx context.Context, app *contio.App) diag.Diagnostics {
	m.ID = types.StringValue(app.ID)
	m.Name = stringUnlessOmitted(app.Name, app.Omitted.Name)
	m.WebhookURL = stringUnlessOmitted(app.WebhookURL, app.Omitted.WebhookURL)
	m.PrimaryContactEmail = stringUnlessOmitted(app.PrimaryContactEmail, app.Omitted.PrimaryContactEmail)
	m.WebhookEnabled = types.BoolValue(app.WebhookEnabled)
	if app.WebhookFilter == nil {
		m.WebhookFilter = types.ObjectNull(filterAttrTypes)
		return nil
	}
	events, diags := types.SetValueFrom(ctx, types.StringType, app.WebhookFilter.Events)
	if diags.HasError() {
		return diags
	}
	var d diag.Diagnostics
	m.WebhookFilter, d = types.ObjectValue(filterAttrTypes, map[string]attr.Value{
		"type":   types.StringValue(string(app.WebhookFilter.Type)),
		"events": events,
	})
	return append(diags, d...)
}

// stringUnlessOmitted is null for a field Contio left out, else its value.
func stringUnlessOmitted(v string, omitted bool) types.String {
	if omitted {
		return types.StringNull()
	}
	return types.StringValue(v)
}
