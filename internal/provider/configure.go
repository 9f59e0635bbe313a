package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
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
)

// durationPattern accepts what time.ParseDuration accepts, positive only.
var durationPattern = regexp.MustCompile(`^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`)

func (p *contioProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Credentials may come from another resource and be unknown until apply.
	// Failing here would fail the plan; instead the resources plan without
	// reading the API, and Terraform configures the provider again at apply.
	if cfg.ClientID.IsUnknown() || cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() ||
		cfg.MaxRetries.IsUnknown() || cfg.RequestTimeout.IsUnknown() {
		tflog.Debug(ctx, "Contio provider configuration has unknown values; deferring API access to apply")
		return
	}

	s := p.resolve(cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	ua := fmt.Sprintf("terraform-provider-contio/%s (+https://registry.terraform.io/providers/contio/contio)", p.version)
	if req.TerraformVersion != "" {
		ua += " Terraform/" + req.TerraformVersion
	}
	client, err := contio.New(s.baseURL, s.clientID, s.apiKey,
		contio.WithUserAgent(ua),
		contio.WithMaxRetries(s.maxRetries),
		contio.WithRequestTimeout(s.requestTimeout),
		contio.WithLogger(tflogLogger{secret: s.apiKey}),
	)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Contio base URL", err.Error())
		return
	}
	data := &providerData{client: client}
	resp.ResourceData = data
	resp.DataSourceData = data
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
	if err := checkBaseURL(s.baseURL); err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid Contio base URL", err.Error())
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

// checkBaseURL allows https anywhere and plain http only on loopback, where
// the emulator runs: an API key must never cross a network in clear text.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("base_url %q is not an absolute URL; use the default %s or, for the emulator, http://127.0.0.1:8085", raw, contio.DefaultBaseURL)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("base_url %q uses http:// on a non-loopback host, which would send the API key in clear text; use https://", raw)
	}
	return fmt.Errorf("base_url %q must use https:// (or http:// on a loopback host)", raw)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
