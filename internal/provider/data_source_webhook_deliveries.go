package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ datasource.DataSourceWithConfigure = (*webhookDeliveriesDataSource)(nil)

// Bounds of the data source's limit argument.
const (
	defaultDeliveriesLimit = 100
	maxDeliveriesLimit     = 1000
)

// NewWebhookDeliveriesDataSource is the contio_webhook_deliveries data source.
func NewWebhookDeliveriesDataSource() datasource.DataSource { return &webhookDeliveriesDataSource{} }

type webhookDeliveriesDataSource struct {
	data *providerData
}

func (d *webhookDeliveriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_deliveries"
}

func (d *webhookDeliveriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The app's webhook deliveries, as `GET /v1/partner/admin/webhook-deliveries` lists them: " +
			"which events Contio failed to deliver, how often it tried, and why the last attempt failed. " +
			"Use it to review recent delivery failures before re-enabling webhooks, or in a `check` block to warn about them.\n\n" +
			"Contio documents this endpoint but not its response: the fields of `deliveries` and their order " +
			"(oldest first) are this provider's assumptions, and may change once Contio documents them. " +
			fmt.Sprintf("The provider reads at most `limit` deliveries, %d per request, so with more matching deliveries ", contio.MaxDeliveriesPageSize) +
			"than `limit` you get the oldest ones: narrow the list with `status`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The app id (the provider's `client_id`).",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "List only deliveries with this status: `pending` (queued, or held while webhooks are disabled), " +
					"`delivered`, `failed` (an attempt failed and retries remain) or `abandoned` (retries exhausted, or discarded " +
					"by re-enabling with `pending_disposition = \"abandon\"`). Omit it to list deliveries of every status.",
				Validators: []validator.String{stringvalidator.OneOf(deliveryStatusNames()...)},
			},
			"limit": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("The most deliveries to read, from 1 to %d; defaults to %d. "+
					"Each request reads up to %d, so a larger limit costs more requests on every plan.",
					maxDeliveriesLimit, defaultDeliveriesLimit, contio.MaxDeliveriesPageSize),
				Validators: []validator.Int64{int64validator.Between(1, maxDeliveriesLimit)},
			},
			"delivery_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many deliveries `deliveries` holds (at most `limit`); `0` when none matches.",
			},
			"deliveries": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The deliveries, oldest first; an empty list when none matches.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The delivery id."},
						"event_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "The id of the event delivered."},
						"event_type": schema.StringAttribute{Computed: true, MarkdownDescription: "The event type, such as `meeting.created`."},
						"status": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "`pending`, `delivered`, `failed` or `abandoned`.",
						},
						"attempts": schema.Int64Attribute{
							Computed:            true,
							MarkdownDescription: "How many times Contio tried to deliver the event.",
						},
						"last_attempt_at": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "When Contio last tried (RFC 3339), or null when it has not tried yet.",
						},
						"last_error": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Why the last attempt failed, such as `HTTP 503`; null when it did not fail or none was made.",
						},
						"created_at": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "When Contio recorded the delivery (RFC 3339).",
						},
					},
				},
			},
		},
	}
}

func (d *webhookDeliveriesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *webhookDeliveriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.hasClient() {
		resp.Diagnostics.AddError("Contio provider not configured", unknownConfigReadDetail("contio_webhook_deliveries"))
		return
	}
	var m webhookDeliveriesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Limit.IsNull() {
		m.Limit = types.Int64Value(defaultDeliveriesLimit)
	}
	status := contio.DeliveryStatus(m.Status.ValueString())
	client := d.data.client
	deliveries, err := client.CollectWebhookDeliveries(ctx, status, int(m.Limit.ValueInt64()))
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read Contio webhook deliveries", err)
		return
	}
	m.fromDeliveries(client.ClientID(), deliveries)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func deliveryStatusNames() []string {
	var names []string
	for _, s := range contio.DeliveryStatuses() {
		names = append(names, string(s))
	}
	return names
}

// webhookDeliveriesModel is contio_webhook_deliveries.
type webhookDeliveriesModel struct {
	ID         types.String    `tfsdk:"id"`
	Status     types.String    `tfsdk:"status"`
	Limit      types.Int64     `tfsdk:"limit"`
	Count      types.Int64     `tfsdk:"delivery_count"`
	Deliveries []deliveryModel `tfsdk:"deliveries"`
}

// deliveryModel is one element of deliveries.
type deliveryModel struct {
	ID            types.String `tfsdk:"id"`
	EventID       types.String `tfsdk:"event_id"`
	EventType     types.String `tfsdk:"event_type"`
	Status        types.String `tfsdk:"status"`
	Attempts      types.Int64  `tfsdk:"attempts"`
	LastAttemptAt types.String `tfsdk:"last_attempt_at"`
	LastError     types.String `tfsdk:"last_error"`
	CreatedAt     types.String `tfsdk:"created_at"`
}

// fromDeliveries fills the computed attributes. deliveries is never nil
// afterwards, so no match is an empty list, not null.
func (m *webhookDeliveriesModel) fromDeliveries(appID string, deliveries []contio.Delivery) {
	m.ID = types.StringValue(appID)
	m.Count = types.Int64Value(int64(len(deliveries)))
	m.Deliveries = make([]deliveryModel, 0, len(deliveries))
	for _, d := range deliveries {
		m.Deliveries = append(m.Deliveries, deliveryFrom(d))
	}
}

func deliveryFrom(d contio.Delivery) deliveryModel {
	m := deliveryModel{
		ID:            types.StringValue(d.ID),
		EventID:       types.StringValue(d.EventID),
		EventType:     types.StringValue(d.EventType),
		Status:        types.StringValue(string(d.Status)),
		Attempts:      types.Int64Value(int64(d.Attempts)),
		LastAttemptAt: types.StringNull(),
		LastError:     types.StringNull(),
		CreatedAt:     types.StringValue(d.CreatedAt.Format(time.RFC3339Nano)),
	}
	if d.LastAttemptAt != nil {
		m.LastAttemptAt = types.StringValue(d.LastAttemptAt.Format(time.RFC3339Nano))
	}
	if d.LastError != "" {
		m.LastError = types.StringValue(d.LastError)
	}
	return m
}
