package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// List resources for `terraform query` (Terraform 1.14 and later): the
// adoption path for an app configured before Terraform managed it.
// `terraform query -generate-config-out=generated.tf` writes the resource and
// import blocks that bring its current settings under management.

var (
	_ list.ListResourceWithConfigure = (*webhookStatusList)(nil)
	_ list.ListResourceWithConfigure = (*webhookFilterList)(nil)
)

// NewWebhookStatusListResource lists the app's contio_webhook_status: always
// one, since every app has a webhook status.
func NewWebhookStatusListResource() list.ListResource { return &webhookStatusList{} }

// NewWebhookFilterListResource lists the app's contio_webhook_filter: one when
// the app has a filter, none otherwise.
func NewWebhookFilterListResource() list.ListResource { return &webhookFilterList{} }

// appList is what both list resources share: the provider data, an empty
// list configuration (the credentials name the one app there is), and the
// single read of the app.
type appList struct {
	data *providerData
}

func (l *appList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, "List Resource", &resp.Diagnostics)
}

func (l *appList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the current settings of the app the provider's credentials belong to, for `terraform query` (Terraform 1.14 and later). " +
			"`terraform query -generate-config-out=generated.tf` writes the resource block and an import block by identity: the way to bring an app configured before Terraform under management. Takes no arguments.",
	}
}

// list reads the app and streams what result makes of it (nothing when it
// returns nil).
func (l *appList) list(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream,
	result func(context.Context, *contio.App, *list.ListResult) bool) {
	var diags diag.Diagnostics
	if !l.data.requireClientToRead(&diags, "a list resource") {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	app := l.data.readApp(ctx, &diags)
	if app == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	r := req.NewListResult(ctx)
	if !result(ctx, app, &r) {
		stream.Results = list.NoListResults
		return
	}
	r.Diagnostics.Append(setAppIdentity(ctx, r.Identity, l.data.client.ClientID())...)
	if !req.IncludeResource {
		r.Resource = nil
	}
	stream.Results = func(push func(list.ListResult) bool) { push(r) }
}

type webhookStatusList struct{ appList }

func (l *webhookStatusList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_status"
}

func (l *webhookStatusList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	l.list(ctx, req, stream, func(ctx context.Context, app *contio.App, r *list.ListResult) bool {
		var m webhookStatusModel
		m.fromApp(app)
		m.PendingDisposition = types.StringNull()
		r.DisplayName = app.ID + " webhooks enabled"
		if !app.WebhookEnabled {
			r.DisplayName = app.ID + " webhooks disabled"
		}
		r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
		return true
	})
}

type webhookFilterList struct{ appList }

func (l *webhookFilterList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_filter"
}

func (l *webhookFilterList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	l.list(ctx, req, stream, func(ctx context.Context, app *contio.App, r *list.ListResult) bool {
		if app.WebhookFilter == nil {
			return false // no filter: nothing to adopt
		}
		var m webhookFilterModel
		r.Diagnostics.Append(m.fromApp(ctx, app)...)
		r.DisplayName = fmt.Sprintf("%s webhook filter: %s %d event types", app.ID, app.WebhookFilter.Type, len(app.WebhookFilter.Events))
		r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
		return true
	})
}
