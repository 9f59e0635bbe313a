package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ datasource.DataSourceWithConfigure = (*webhookEventTypesDataSource)(nil)

// NewWebhookEventTypesDataSource is the contio_webhook_event_types data source.
func NewWebhookEventTypesDataSource() datasource.DataSource { return &webhookEventTypesDataSource{} }

// webhookEventTypesDataSource exposes the catalog a filter is checked against,
// so configurations can write setsubtract(...) instead of copying the list.
// It calls no API: the catalog is the provider's (built-in plus
// additional_event_types), so it reads even while the credentials are unknown
// (they come from another resource). Missing credentials are another matter:
// they fail the provider's Configure, and with it every read.
type webhookEventTypesDataSource struct {
	data *providerData
}

func (d *webhookEventTypesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_event_types"
}

func (d *webhookEventTypesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The webhook event types a `contio_webhook_filter` may list: the provider's built-in catalog plus the provider's `additional_event_types`. " +
			"Use it to derive a filter instead of copying the list, for example every type but the calendar ones with `setsubtract`. " +
			"It makes no API call, so it reads even while the provider's credentials are unknown (they come from another resource). " +
			"It still needs a configured provider: missing credentials fail the provider's configuration, and this data source with it.",
		Attributes: map[string]schema.Attribute{
			"event_types": schema.SetAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Every event type a filter may list.",
			},
			"always_delivered": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The event type Contio delivers whatever the filter says (`" + contio.AlwaysDeliveredEventType + "`). " +
					"A filter cannot list it.",
			},
		},
	}
}

func (d *webhookEventTypesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *webhookEventTypesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data == nil || d.data.catalog == nil {
		resp.Diagnostics.AddError("Contio event catalog not known yet",
			"The provider's additional_event_types is not known yet (it comes from a value Terraform learns only at apply), so the catalog cannot be read now. "+
				"Make it known at plan time, or add depends_on to the data block so Terraform reads it during apply.")
		return
	}
	m := webhookEventTypesModel{AlwaysDelivered: types.StringValue(contio.AlwaysDeliveredEventType)}
	var diags diag.Diagnostics
	m.EventTypes, diags = types.SetValueFrom(ctx, types.StringType, d.data.catalog.filterable())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// webhookEventTypesModel is contio_webhook_event_types.
type webhookEventTypesModel struct {
	EventTypes      types.Set    `tfsdk:"event_types"`
	AlwaysDelivered types.String `tfsdk:"always_delivered"`
}
