// Package provider is the Terraform provider for Contio's webhook settings,
// built on terraform-plugin-framework.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var (
	_ provider.Provider                  = (*contioProvider)(nil)
	_ provider.ProviderWithListResources = (*contioProvider)(nil)
	_ provider.ProviderWithActions       = (*contioProvider)(nil)
	_ provider.ProviderWithFunctions     = (*contioProvider)(nil)
)

// New returns the provider factory for the given version ("dev", "test", or
// the release version set by -ldflags). It reads fallbacks from the process
// environment.
func New(version string) func() provider.Provider {
	return NewWithEnv(version, os.Getenv)
}

// NewWithEnv is New with the environment injected, so tests can run with a
// clean or a crafted environment without touching the process's.
func NewWithEnv(version string, getenv func(string) string) func() provider.Provider {
	return func() provider.Provider {
		return &contioProvider{version: version, getenv: getenv}
	}
}

type contioProvider struct {
	version string
	getenv  func(string) string
}

func (p *contioProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "contio"
	resp.Version = p.version
}

func (p *contioProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage a Contio partner app's webhook delivery (status and event filter) through the Partner Admin API.",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The partner app's client id, sent as `X-Client-ID`. May also be set with the `" + envClientID + "` environment variable.",
				Optional:            true,
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "The partner app's API key, sent as `X-API-Key`. May also be set with the `" + envAPIKey + "` environment variable, which keeps it out of configuration files.",
				Optional:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The Partner API's base URL. Defaults to `" + contio.DefaultBaseURL + "`; may also be set with `" + envBaseURL + "`. Must use `https://`, except on loopback hosts (`localhost`, `127.0.0.1`, `[::1]`), where `http://` is allowed so the Contio emulator can be used. It holds no credentials: a URL with user info (an `@`) is refused.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a throttled (429), failed (5xx other than 501) or dropped request is retried, with exponential backoff that honours `Retry-After`. Defaults to 4; `0` disables retries. May also be set with `" + envMaxRetries + "`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 10)},
			},
			"additional_event_types": schema.SetAttribute{
				MarkdownDescription: "Event types that Contio added after this provider version was released, so a filter may list them now. " +
					"Filters are checked at plan time against the provider's built-in catalog plus these. " +
					"Each is used as written, whatever its shape: any name without whitespace is accepted, and one unlike Contio's usual names (`meeting.transcribed`: lower-case words separated by dots) draws a warning, in case it is a typo. " +
					"Contio's answer to the filter has the last word. " +
					"May also be set with `" + envAdditionalEventTypes + "`, comma-separated.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(additionalEventTypeValidator{})},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "How long one HTTP attempt may take, as a Go duration such as `30s` or `1m30s`. Defaults to `30s`; may also be set with `" + envRequestTimeout + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(durationPattern, "must be a duration such as 30s, 500ms or 1m30s")},
			},
		},
	}
}

// providerModel is the provider block.
type providerModel struct {
	ClientID             types.String `tfsdk:"client_id"`
	APIKey               types.String `tfsdk:"api_key"`
	BaseURL              types.String `tfsdk:"base_url"`
	MaxRetries           types.Int64  `tfsdk:"max_retries"`
	RequestTimeout       types.String `tfsdk:"request_timeout"`
	AdditionalEventTypes types.Set    `tfsdk:"additional_event_types"`
}

func (p *contioProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewWebhookStatusResource,
		NewWebhookFilterResource,
	}
}

func (p *contioProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAppDataSource,
		NewWebhookDeliveriesDataSource,
		NewWebhookEventTypesDataSource,
	}
}

func (p *contioProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewWebhookStatusListResource,
		NewWebhookFilterListResource,
	}
}

func (p *contioProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewWebhookReenableAction,
	}
}

func (p *contioProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewDeliversFunction,
	}
}
