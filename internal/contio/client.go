// Package contio is a client for Contio's Partner Admin API: the app, its
// webhook status, its webhook filter and its webhook deliveries. It knows
// nothing of Terraform; the provider wraps it.
package contio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultBaseURL is Contio's production API.
const DefaultBaseURL = "https://api.contio.ai"

// Defaults for the retry and timeout options.
const (
	DefaultMaxRetries     = 4
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second
	DefaultRequestTimeout = 30 * time.Second
)

// Header names of the Partner API's authentication.
const (
	APIKeyHeader   = "X-API-Key"
	ClientIDHeader = "X-Client-ID"
)

// Client calls the Partner Admin API for one app (one client id and API key).
// It is safe for concurrent use.
type Client struct {
	baseURL   *url.URL
	clientID  string
	apiKey    string
	userAgent string
	logger    Logger
	http      *retryablehttp.Client
}

// Option configures a Client.
type Option func(*Client)

// WithUserAgent sets the User-Agent header sent on every request.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithMaxRetries sets how many times a transient failure (429, 5xx other than
// 501, connection errors) is retried; 0 disables retries.
func WithMaxRetries(n int) Option { return func(c *Client) { c.http.RetryMax = max(n, 0) } }

// WithRetryWait bounds the exponential backoff between retries. A Retry-After
// header takes precedence over it.
func WithRetryWait(lo, hi time.Duration) Option {
	return func(c *Client) { c.http.RetryWaitMin, c.http.RetryWaitMax = lo, hi }
}

// WithRequestTimeout bounds each HTTP attempt (not the whole call with its
// retries: the caller's context bounds that).
func WithRequestTimeout(d time.Duration) Option {
	return func(c *Client) { c.http.HTTPClient.Timeout = d }
}

// WithHTTPClient replaces the underlying HTTP client, for tests and proxies.
// Its Timeout is kept unless WithRequestTimeout comes after it.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http.HTTPClient = hc } }

// WithLogger routes request and response logs to l.
func WithLogger(l Logger) Option { return func(c *Client) { c.logger = l } }

// New returns a client for the app identified by clientID and apiKey.
func New(baseURL, clientID, apiKey string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("invalid Contio base URL %q: want an absolute URL such as %s", baseURL, DefaultBaseURL)
	}
	rc := retryablehttp.NewClient()
	rc.Logger = nil // logs go through the hooks below, with context and without headers
	rc.RetryMax = DefaultMaxRetries
	rc.RetryWaitMin, rc.RetryWaitMax = DefaultRetryWaitMin, DefaultRetryWaitMax
	rc.HTTPClient.Timeout = DefaultRequestTimeout
	rc.CheckRetry = retryPolicy
	rc.Backoff = backoff
	// Hand the last response back after the retries run out, so its body
	// becomes an APIError instead of retryablehttp's generic "giving up".
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler

	c := &Client{
		baseURL:   u,
		clientID:  clientID,
		apiKey:    apiKey,
		userAgent: "terraform-provider-contio",
		logger:    nopLogger{},
		http:      rc,
	}
	for _, opt := range opts {
		opt(c)
	}
	rc.RequestLogHook = c.logRequest
	rc.ResponseLogHook = c.logResponse
	return c, nil
}

// ClientID is the app id the client acts for.
func (c *Client) ClientID() string { return c.clientID }

// GetApp returns the app with its webhook status and filter.
func (c *Client) GetApp(ctx context.Context) (*App, error) {
	var app App
	return &app, c.do(ctx, http.MethodGet, "/v1/partner/admin/app", nil, nil, &app)
}

// UpdateWebhookStatus enables or disables webhook delivery. disposition is
// required by the API when enabled re-enables a disabled app; pass "" otherwise.
func (c *Client) UpdateWebhookStatus(ctx context.Context, enabled bool, disposition PendingDisposition) (*App, error) {
	var app App
	body := WebhookStatusRequest{Enabled: enabled, PendingDisposition: disposition}
	return &app, c.do(ctx, http.MethodPut, "/v1/partner/admin/webhook-status", nil, body, &app)
}

// SetWebhookFilter replaces the app's webhook filter.
func (c *Client) SetWebhookFilter(ctx context.Context, filterType FilterType, events []string) (*App, error) {
	var app App
	body := WebhookFilter{Type: filterType, Events: events}
	return &app, c.do(ctx, http.MethodPut, "/v1/partner/admin/webhook-filter", nil, body, &app)
}

// RemoveWebhookFilter removes the app's webhook filter, so every supported
// event is delivered again.
func (c *Client) RemoveWebhookFilter(ctx context.Context) (*App, error) {
	var app App
	return &app, c.do(ctx, http.MethodDelete, "/v1/partner/admin/webhook-filter", nil, nil, &app)
}

// ListWebhookDeliveries returns one page of the app's deliveries.
func (c *Client) ListWebhookDeliveries(ctx context.Context, p ListDeliveriesParams) (*DeliveryPage, error) {
	q := url.Values{}
	if p.Status != "" {
		q.Set("status", string(p.Status))
	}
	if p.Limit > 0 {
		q.Set("limit", fmt.Sprint(p.Limit))
	}
	if p.Cursor != "" {
		q.Set("cursor", p.Cursor)
	}
	var page DeliveryPage
	return &page, c.do(ctx, http.MethodGet, "/v1/partner/admin/webhook-deliveries", q, nil, &page)
}

func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	u := c.baseURL.JoinPath(path)
	u.RawQuery = query.Encode()

	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encoding %s %s request: %w", method, path, err)
		}
	}
	// A nil []byte gives a request without a body; retryablehttp rewinds a
	// non-nil one for every attempt.
	var raw any
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), raw)
	if err != nil {
		return fmt.Errorf("building %s %s request: %w", method, path, err)
	}
	req.Header.Set(APIKeyHeader, c.apiKey)
	req.Header.Set(ClientIDHeader, c.clientID)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("contio API: %s %s: %w", method, path, unwrapURLError(err))
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return newAPIError(resp, b)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("contio API: %s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}

// unwrapURLError drops net/url's "Get \"https://…\":" prefix: the URL holds no
// secret, but the method and path already say which call failed.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
