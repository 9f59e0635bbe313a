package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ datasource.DataSourceWithConfigure = (*webhookDeliveriesDataSource)(nil)

// Bounds of the data source's limit and max_pages arguments.
const (
	defaultDeliveriesLimit = 100
	maxDeliveriesLimit     = 1000
	defaultDeliveriesPages = 20
	maxDeliveriesPages     = 1000
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
		MarkdownDescription: "The app's most recent webhook deliveries, newest first, from `GET /v1/partner/admin/webhook-deliveries`: " +
			"which events Contio failed to deliver, how often it tried, and why the last attempt failed. " +
			"Use it to review recent delivery failures before re-enabling webhooks, or in a `check` block to warn about them.\n\n" +
			"Contio documents this endpoint but not its answer: the fields of `deliveries` are this provider's assumptions. " +
			"Nor does it document the list's order or that it honours `status`, so the provider relies on neither: it reads " +
			fmt.Sprintf("the whole list, %d deliveries per request, up to `max_pages` requests, keeps those with `status` itself, ", contio.MaxDeliveriesPageSize) +
			"and returns the newest `limit` of them by `created_at`. `complete` says whether it read the whole list.",
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
				MarkdownDescription: fmt.Sprintf("How many of the newest matching deliveries to return, from 1 to %d; defaults to %d. "+
					"It does not change how many requests a read makes: see `max_pages`.", maxDeliveriesLimit, defaultDeliveriesLimit),
				Validators: []validator.Int64{int64validator.Between(1, maxDeliveriesLimit)},
			},
			"max_pages": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("The most requests a read may make (not counting retries of a failed request), "+
					"each reading a page of %d deliveries, from 1 to %d; defaults to %d (%d deliveries). "+
					"A read costs one request per %d deliveries Contio lists for `status`, on every plan and apply. "+
					"When the list is longer, the read stops there and `complete` is false. "+
					"The provider reads at most %.1f MiB of one answer: enough for a full page whose `last_error` texts are %d KiB each, "+
					"however Contio escapes them. A larger answer fails the read with an error that says it was too large (not that the network cut it).",
					contio.MaxDeliveriesPageSize, maxDeliveriesPages, defaultDeliveriesPages, defaultDeliveriesPages*contio.MaxDeliveriesPageSize,
					contio.MaxDeliveriesPageSize, float64(contio.MaxAnswerBytes)/(1<<20), contio.MaxLastErrorBytes>>10),
				Validators: []validator.Int64{int64validator.Between(1, maxDeliveriesPages)},
			},
			"fail_on_error": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether a failed read fails the plan or apply; defaults to `true`. " +
					"With `false`, a read that Contio does not answer, answers with an error, or answers in a shape the provider cannot read " +
					"is a warning instead, and the data source reads as empty: `deliveries` empty, the counts and `pages_read` `0`, `complete` false. " +
					"Use it where the list only informs, as in a `check` block, so that a failing deliveries endpoint cannot block every plan. " +
					"Invalid arguments and a provider configuration that is not known yet remain errors.",
			},
			"complete": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the provider read the whole list. When false, the read stopped after `max_pages` requests: " +
					"`deliveries` are the newest of the deliveries read, and newer ones may be missing (Contio is assumed to list " +
					"the oldest first); `matching_count` is a lower bound. Raise `max_pages`.",
			},
			"delivery_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many deliveries `deliveries` holds (at most `limit`); `0` when none matches.",
			},
			"matching_count": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many deliveries with `status` (of any status when it is omitted) the provider read: " +
					"all of them when `complete`, at least this many otherwise. Unlike `delivery_count`, it does not stop at `limit`.",
			},
			"scanned_count": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many deliveries the provider read, including any of another status that Contio listed " +
					"although `status` asked for one.",
			},
			"pages_read": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many requests the read made, not counting retries: at most `max_pages`.",
			},
			"deliveries": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The newest `limit` deliveries with `status`, newest first by `created_at` " +
					"(deliveries created at the same instant by `id`, descending); an empty list when none matches.",
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
							MarkdownDescription: "When Contio last tried (RFC 3339), or null when it has not tried yet (or sent a time the provider could not read).",
						},
						"last_error": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Why the last attempt failed, such as `HTTP 503`; null when it did not fail or none was made.",
						},
						"created_at": schema.StringAttribute{
							Computed: true,
							MarkdownDescription: "When Contio recorded the delivery (RFC 3339); null when Contio sent a time the provider " +
								"could not read, and such a delivery sorts as the oldest.",
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
	if !d.data.requireClientToRead(&resp.Diagnostics, "contio_webhook_deliveries") {
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
	if m.MaxPages.IsNull() {
		m.MaxPages = types.Int64Value(defaultDeliveriesPages)
	}
	client := d.data.client
	recent, err := client.RecentWebhookDeliveries(ctx, contio.RecentQuery{
		Status:   contio.DeliveryStatus(m.Status.ValueString()),
		Limit:    int(m.Limit.ValueInt64()),
		MaxPages: int(m.MaxPages.ValueInt64()),
	})
	if err != nil {
		if !m.softFail() || errors.Is(err, context.Canceled) {
			addAPIError(&resp.Diagnostics, "Unable to read Contio webhook deliveries", err)
			return
		}
		tflog.Warn(ctx, "Contio webhook deliveries could not be read; fail_on_error is false, so the data source reads as empty")
		resp.Diagnostics.AddWarning("Unable to read Contio webhook deliveries",
			apiErrorDetail(err)+"\n\nfail_on_error is false, so the plan goes on and this data source reads as empty: "+
				"deliveries is empty, delivery_count, matching_count, scanned_count and pages_read are 0, and complete is false. "+
				"The next plan or apply reads the list again.")
		m.fromRecent(client.ClientID(), contio.RecentDeliveries{})
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	tflog.Debug(ctx, "Read Contio webhook deliveries", map[string]any{
		"pages_read": recent.Pages, "scanned": recent.Scanned, "matching": recent.Matched, "complete": recent.Complete,
	})
	addRecentDeliveriesWarnings(&resp.Diagnostics, m, recent)
	m.fromRecent(client.ClientID(), recent)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// addRecentDeliveriesWarnings says when the answer may not be what the
// configuration asked for: the newest deliveries may be missing, or some
// timestamps could not be read.
func addRecentDeliveriesWarnings(diags *diag.Diagnostics, m webhookDeliveriesModel, r contio.RecentDeliveries) {
	if !r.Complete {
		diags.AddWarning("Contio webhook deliveries: the newest may be missing",
			fmt.Sprintf("The provider stopped after reading %d pages of Contio's delivery list (max_pages = %d) while Contio still listed more, "+
				"so deliveries holds the newest of the %d deliveries it read, and matching_count is a lower bound. "+
				"Contio is assumed to list the oldest first, so the newest are likely among those not read. "+
				"Raise max_pages (each page is one request on every plan and apply), or narrow the list with status.",
				r.Pages, m.MaxPages.ValueInt64(), r.Scanned))
	}
	if r.UnreadableTimes > 0 {
		diags.AddWarning("Contio webhook deliveries: unreadable timestamps",
			fmt.Sprintf("Contio listed %d deliveries whose created_at or last_attempt_at is not an RFC 3339 time. Their unreadable times are null, "+
				"and a delivery whose created_at cannot be read sorts as the oldest. Please report this to the provider developers.",
				r.UnreadableTimes))
	}
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
	ID          types.String    `tfsdk:"id"`
	Status      types.String    `tfsdk:"status"`
	Limit       types.Int64     `tfsdk:"limit"`
	MaxPages    types.Int64     `tfsdk:"max_pages"`
	FailOnError types.Bool      `tfsdk:"fail_on_error"`
	Complete    types.Bool      `tfsdk:"complete"`
	Count       types.Int64     `tfsdk:"delivery_count"`
	Matching    types.Int64     `tfsdk:"matching_count"`
	Scanned     types.Int64     `tfsdk:"scanned_count"`
	PagesRead   types.Int64     `tfsdk:"pages_read"`
	Deliveries  []deliveryModel `tfsdk:"deliveries"`
}

// softFail reports whether a failed read is only a warning: fail_on_error
// set to false (null means true).
func (m webhookDeliveriesModel) softFail() bool {
	return !m.FailOnError.IsNull() && !m.FailOnError.IsUnknown() && !m.FailOnError.ValueBool()
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

// fromRecent fills the computed attributes. deliveries is never nil
// afterwards, so no match is an empty list, not null.
func (m *webhookDeliveriesModel) fromRecent(appID string, r contio.RecentDeliveries) {
	m.ID = types.StringValue(appID)
	m.Complete = types.BoolValue(r.Complete)
	m.Count = types.Int64Value(int64(len(r.Deliveries)))
	m.Matching = types.Int64Value(int64(r.Matched))
	m.Scanned = types.Int64Value(int64(r.Scanned))
	m.PagesRead = types.Int64Value(int64(r.Pages))
	m.Deliveries = make([]deliveryModel, 0, len(r.Deliveries))
	for _, d := range r.Deliveries {
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
		LastAttemptAt: timeValue(d.LastAttemptAt),
		LastError:     types.StringNull(),
		CreatedAt:     timeValue(&d.CreatedAt),
	}
	if d.LastError != "" {
		m.LastError = types.StringValue(d.LastError)
	}
	return m
}

// timeValue is t in RFC 3339, or null when there is none or the client could
// not read Contio's.
func timeValue(t *time.Time) types.String {
	if t == nil || contio.TimeUnreadable(*t) {
		return types.StringNull()
	}
	return types.StringValue(t.Format(time.RFC3339Nano))
}
