package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// Environment variables the provider block falls back to.
const (
	envClientID       = "CONTIO_CLIENT_ID"
	envAPIKey         = "CONTIO_API_KEY"
	envBaseURL        = "CONTIO_BASE_URL"
	envMaxRetries     = "CONTIO_MAX_RETRIES"
	envRequestTimeout = "CONTIO_REQUEST_TIMEOUT"
	// Comma-separated, like most list-valued provider environment variables.
	envAdditionalEventTypes = "CONTIO_ADDITIONAL_EVENT_TYPES"
)

// durationPattern accepts what time.ParseDuration accepts, positive only.
var durationPattern = regexp.MustCompile(`^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`)

func (p *contioProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{cliVersion: req.TerraformVersion}
	if !cfg.ClientID.IsUnknown() {
		data.clientID = firstNonEmpty(cfg.ClientID.ValueString(), p.getenv(envClientID))
	}
	if isKnown(cfg.AdditionalEventTypes) {
		data.catalog = p.resolveCatalog(ctx, cfg, &resp.Diagnostics)
	}
	// Credentials may come from another resource and be unknown until apply.
	// Failing here would fail the plan; instead the resources plan without
	// reading the API, and Terraform configures the provider again at apply.
	if cfg.ClientID.IsUnknown() || cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() ||
		cfg.MaxRetries.IsUnknown() || cfg.RequestTimeout.IsUnknown() {
		tflog.Debug(ctx, "Contio provider configuration has unknown values; deferring API access to apply")
	} else {
		data.client = p.newClient(req, cfg, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// actionsSince is the first Terraform version with actions
// (terraform apply -invoke, action blocks).
var actionsSince = version.Must(version.NewVersion("1.14.0"))

// cliHasActions reports whether the CLI has actions, by the version it gave
// in ConfigureProvider, so advice offers the action only where it works.
// OpenTofu sends the Terraform version it matches (1.12.6 sends "1.13.0"), so
// it counts as Terraform before 1.14; an unreadable version counts as none.
func (p *providerData) cliHasActions() bool {
	if p == nil {
		return false
	}
	v, err := version.NewVersion(p.cliVersion)
	if err != nil {
		return false
	}
	return v.Core().GreaterThanOrEqual(actionsSince) // 1.14.0-rc1 has what 1.14.0 has
}

// cliCommand spells a command for advice, as the CLI in use names it. A CLI
// with actions is Terraform; otherwise it may be Terraform before 1.14 or
// OpenTofu, which the provider cannot tell apart (see cliHasActions), so the
// advice names both.
func (p *providerData) cliCommand(args string) string {
	if p.cliHasActions() {
		return "terraform " + args
	}
	return "terraform " + args + " (tofu " + args + " on OpenTofu)"
}

// newClient builds the API client from the resolved settings; nil after a
// diagnostic.
func (p *contioProvider) newClient(req provider.ConfigureRequest, cfg providerModel, diags *diag.Diagnostics) *contio.Client {
	s := p.resolve(cfg, diags)
	if diags.HasError() {
		return nil
	}
	ua := fmt.Sprintf("terraform-provider-contio/%s (+https://registry.terraform.io/providers/contio/contio)", p.version)
	if req.TerraformVersion != "" {
		ua += " Terraform/" + req.TerraformVersion
	}
	client, err := contio.New(s.baseURL, s.clientID, s.apiKey,
		contio.WithUserAgent(ua),
		contio.WithVersion(p.version),
		contio.WithMaxRetries(s.maxRetries),
		contio.WithRequestTimeout(s.requestTimeout),
		contio.WithLogger(tflogLogger{secret: s.apiKey}),
	)
	if err != nil {
		addBaseURLError(diags, s.baseURL, err)
		return nil
	}
	return client
}

// addBaseURLError reports a refused base_url. Terraform prints the source
// line of an attribute's error, so a URL that may carry a credential (see
// contio.MayHoldCredential) gets an error without the attribute's path.
func addBaseURLError(diags *diag.Diagnostics, raw string, err error) {
	if contio.MayHoldCredential(raw) {
		diags.AddError("Invalid Contio base URL", err.Error()+
			" (This error names no configuration line: base_url may hold a credential, which Terraform would print with the line.)")
		return
	}
	diags.AddAttributeError(path.Root("base_url"), "Invalid Contio base URL", err.Error())
}

// resolveCatalog is the built-in catalog plus additional_event_types, from the
// provider block or else the environment (comma-separated).
func (p *contioProvider) resolveCatalog(ctx context.Context, cfg providerModel, diags *diag.Diagnostics) *eventCatalog {
	var extra []string
	if !cfg.AdditionalEventTypes.IsNull() {
		diags.Append(cfg.AdditionalEventTypes.ElementsAs(ctx, &extra, false)...)
		return newEventCatalog(extra)
	}
	for _, t := range strings.Split(p.getenv(envAdditionalEventTypes), ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		d := checkAdditionalEventType(t, path.Root("additional_event_types"), envAdditionalEventTypes)
		diags.Append(d...)
		if !d.HasError() {
			extra = append(extra, t)
		}
	}
	return newEventCatalog(extra)
}

// isKnown reports whether a set and all its elements are known.
func isKnown(s types.Set) bool {
	if s.IsUnknown() {
		return false
	}
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return false
		}
	}
	return true
}

// settings is the provider configuration after environment fallbacks and defaults.
type settings struct {
	clientID, apiKey, baseURL string
	maxRetries                int
	requestTimeout            time.Duration
}

// resolve applies environment fallbacks and defaults, reporting one
// diagnostic per missing or invalid value.
func (p *contioProvider) resolve(cfg providerModel, diags *diag.Diagnostics) settings {
	s := settings{
		clientID:       firstNonEmpty(cfg.ClientID.ValueString(), p.getenv(envClientID)),
		apiKey:         firstNonEmpty(cfg.APIKey.ValueString(), p.getenv(envAPIKey)),
		baseURL:        firstNonEmpty(cfg.BaseURL.ValueString(), p.getenv(envBaseURL), contio.DefaultBaseURL),
		maxRetries:     contio.DefaultMaxRetries,
		requestTimeout: contio.DefaultRequestTimeout,
	}
	if s.clientID == "" {
		diags.AddAttributeError(path.Root("client_id"), "Missing Contio client ID",
			"The provider needs the partner app's client id. Set client_id in the provider block or the "+envClientID+" environment variable.")
	}
	if s.apiKey == "" {
		diags.AddAttributeError(path.Root("api_key"), "Missing Contio API key",
			"The provider needs the partner app's API key. Set api_key in the provider block or, to keep it out of configuration, the "+envAPIKey+" environment variable.")
	}
	if err := contio.CheckBaseURL(s.baseURL); err != nil {
		addBaseURLError(diags, s.baseURL, err)
	}

	switch env := p.getenv(envMaxRetries); {
	case !cfg.MaxRetries.IsNull():
		s.maxRetries = int(cfg.MaxRetries.ValueInt64())
	case env != "":
		n, err := strconv.Atoi(env)
		if err != nil || n < 0 || n > 10 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries,
				fmt.Sprintf("%s must be a whole number from 0 to 10, got %q.", envMaxRetries, env))
		}
		s.maxRetries = n
	}

	timeout := firstNonEmpty(cfg.RequestTimeout.ValueString(), p.getenv(envRequestTimeout))
	if timeout != "" {
		d, err := time.ParseDuration(timeout)
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request timeout",
				fmt.Sprintf("request_timeout (or %s) must be a positive duration such as 30s, got %q.", envRequestTimeout, timeout))
		}
		s.requestTimeout = d
	}
	return s
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
