// Package contio is a client for Contio's Partner Admin API: the app, its
// webhook status, its webhook filter and its webhook deliveries. It knows
// nothing of Terraform; the provider wraps it.
//
// The client trusts nothing between it and the API: it sends the API key only
// over https (or plain http to a loopback host, see CheckBaseURL), never
// follows a redirect, and keeps the key out of every error and log. A failed
// call's error is one of (all made in errors.go):
//   - an *APIError (AsAPIError): Contio answered with its JSON error body;
//   - an *UnexpectedResponseError (errors.As): any other answer, of any
//     status: not JSON at all, such as a proxy's HTML page or an empty or
//     truncated body, or JSON in a shape this client does not understand
//     (its JSON field tells which);
//   - an error wrapping context.Canceled or context.DeadlineExceeded
//     (errors.Is): the caller cancelled the call, or it timed out;
//   - otherwise a redirect, a refused insecure request or a transport error,
//     whose text says what happened.
package contio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
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
	version   string
	logger    Logger
	http      *retryablehttp.Client
}

// Option configures a Client.
type Option func(*Client)

// WithUserAgent sets the User-Agent header sent on every request.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithVersion names the version of the program the client is built into
// (the provider's release), so that an answer the client does not
// understand can be reported with it (UnexpectedResponseError.ClientVersion).
func WithVersion(v string) Option { return func(c *Client) { c.version = v } }

// WithMaxRetries sets how many times a transient failure (429, 5xx other than
// 501, connection errors, a 2xx answer cut short) is retried; 0 disables
// retries.
func WithMaxRetries(n int) Option { return func(c *Client) { c.http.RetryMax = max(n, 0) } }

// WithRetryWait bounds the exponential backoff between retries. A Retry-After
// header takes precedence over it, up to a cap.
func WithRetryWait(lo, hi time.Duration) Option {
	return func(c *Client) { c.http.RetryWaitMin, c.http.RetryWaitMax = max(lo, 0), max(hi, lo, 0) }
}

// WithRequestTimeout bounds each HTTP attempt (not the whole call with its
// retries: the caller's context bounds that).
func WithRequestTimeout(d time.Duration) Option {
	return func(c *Client) { c.http.HTTPClient.Timeout = d }
}

// WithLogger routes request and response logs to l.
func WithLogger(l Logger) Option { return func(c *Client) { c.logger = l } }

// New returns a client for the app identified by clientID and apiKey. It
// refuses a base URL that fails CheckBaseURL.
func New(baseURL, clientID, apiKey string, opts ...Option) (*Client, error) {
	if err := CheckBaseURL(baseURL); err != nil {
		return nil, err
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil {
		return nil, err // unreachable: CheckBaseURL parsed it
	}
	rc := retryablehttp.NewClient()
	rc.Logger = nil // logs go through the hooks below, with context and without headers
	rc.RetryMax = DefaultMaxRetries
	rc.RetryWaitMin, rc.RetryWaitMax = DefaultRetryWaitMin, DefaultRetryWaitMax
	rc.HTTPClient.Timeout = DefaultRequestTimeout
	rc.HTTPClient.CheckRedirect = refuseRedirects
	rc.HTTPClient.Transport = secureTransport{next: rc.HTTPClient.Transport}
	rc.CheckRetry = oneAttemptWhenAsked(retryCutAnswers(retryPolicy))
	rc.Backoff = backoff
	// Hand the last response back after the retries run out, so its body
	// becomes an APIError instead of retryablehttp's generic "giving up".
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler

	c := &Client{
		baseURL:   u,
		clientID:  clientID,
		apiKey:    apiKey,
		userAgent: "terraform-provider-contio",
		version:   "unknown",
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

// refuseRedirects is the underlying http.Client's CheckRedirect. The Partner
// Admin API never redirects, and following one would be harmful: net/http
// forwards custom headers such as X-API-Key to the new location, and turns a
// PUT into a GET on 301, 302 and 303. Handing back the redirect itself, before
// anything is sent to its target, lets the call turn it into a redirectError;
// retryPolicy never retries a 3xx.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// ClientID is the app id the client acts for.
func (c *Client) ClientID() string { return c.clientID }

// do performs one call, with retries, and hands a 2xx answer's body to
// decode. Every failure is an error whose text is free of the API key: an
// *APIError, an *UnexpectedResponseError (also when decode rejects the body),
// a redirect, a cancellation or timeout, or a transport error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in any, decode func([]byte) error) error {
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
	attempts := new(atomic.Int64)
	req, err := retryablehttp.NewRequestWithContext(withAttemptCounter(ctx, attempts), method, u.String(), raw)
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
		if resp != nil {
			_ = resp.Body.Close()
		}
		return c.callError(ctx, method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()

	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return newRedirectError(method, path, resp, c.apiKey)
	}
	got, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	if err != nil {
		return c.callError(ctx, method, path, fmt.Errorf("reading the HTTP %d answer: %w", resp.StatusCode, err))
	}
	tooLarge := len(got) > MaxAnswerBytes
	if tooLarge {
		got = got[:MaxAnswerBytes]
	}
	a := answer{method: method, path: path, resp: resp, body: got, tooLarge: tooLarge, attempts: int(attempts.Load()),
		secret: c.apiKey, version: c.version, now: time.Now()}
	if tooLarge {
		return a.unexpected()
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return a.apiError()
	}
	if err := decode(got); err != nil {
		return a.unexpected()
	}
	return nil
}

// retryCutAnswers extends policy to 2xx answers whose body was cut short:
// JSON that ends before its value does (a proxy or the network lost the end
// of an answer to a call Contio handled), or a body the connection dropped
// before its announced length. Every call this client makes is idempotent
// (GET, PUT, DELETE), so it is sent again, within the same max retries as
// any retry; when they run out, the cut answer is the caller's
// *UnexpectedResponseError as before. A whole body that is not the API's
// JSON, such as an HTML page, is not retried: it would come back the same.
func retryCutAnswers(policy retryablehttp.CheckRetry) retryablehttp.CheckRetry {
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		retry, checkErr := policy(ctx, resp, err)
		if retry || checkErr != nil || err != nil || resp == nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
			return retry, checkErr
		}
		cut := cutAnswer(resp)
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return cut, nil
	}
}

// cutAnswer reads a 2xx answer's body, puts it back for whoever reads the
// answer next (retryablehttp drains it before a retry; do decodes it), and
// reports whether it was cut short.
func cutAnswer(resp *http.Response) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	rest := io.Reader(resp.Body)
	if err != nil {
		rest = errorReader{err} // the same failure for do, if no retry is left
	}
	resp.Body = replayedBody{Reader: io.MultiReader(bytes.NewReader(body), rest), Closer: resp.Body}
	return err != nil || (len(body) <= MaxAnswerBytes && isCutJSON(body))
}

// isCutJSON reports whether body starts a JSON object or array and ends
// before it does. Anything else, JSON or not, is whole.
func isCutJSON(body []byte) bool {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return false
	}
	var v any
	return errors.Is(json.NewDecoder(bytes.NewReader(trimmed)).Decode(&v), io.ErrUnexpectedEOF)
}

type replayedBody struct {
	io.Reader
	io.Closer
}

type errorReader struct{ err error }

func (r errorReader) Read([]byte) (int, error) { return 0, r.err }
