package contio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

func TestNonJSONAnswersAreReported(t *testing.T) {
	const gatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	tests := []struct {
		name        string
		answer      answer
		call        func(context.Context, *contio.Client) error
		wantError   string // the whole Error() text
		wantExcerpt string
		cut         bool // JSON that ends before it does
	}{
		{
			name:        "5xx HTML page from a proxy",
			answer:      answer{status: 502, contentType: "text/html", body: gatewayPage},
			call:        getApp,
			wantExcerpt: "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>nginx</center> </body> </html>",
			wantError:   `contio API: GET /v1/partner/admin/app: HTTP 502 answered with text/html, not the API's JSON: "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>nginx</center> </body> </html>"`,
		},
		{
			name:      "2xx HTML page (a captive portal, a login wall)",
			answer:    answer{status: 200, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Sign in</title>"},
			call:      getApp,
			wantError: `contio API: GET /v1/partner/admin/app: HTTP 200 answered with text/html, not the API's JSON: "<!doctype html><title>Sign in</title>"`,
		},
		{
			name:      "2xx empty body",
			answer:    answer{status: 200, contentType: "application/json"},
			call:      getApp,
			wantError: `contio API: GET /v1/partner/admin/app: HTTP 200 answered with an empty body (application/json), not the API's JSON`,
		},
		{
			name:        "2xx truncated JSON",
			answer:      answer{status: 200, contentType: "application/json", body: `{"id":"app_1","webhook_ena`},
			call:        getApp,
			wantExcerpt: `{"id":"app_1","webhook_ena`,
			wantError:   `contio API: GET /v1/partner/admin/app: HTTP 200 answered with JSON cut short before its end: "{"id":"app_1","webhook_ena"`,
			cut:         true,
		},
		{
			name:      "4xx plain text with a request id",
			answer:    answer{status: 404, contentType: "text/plain", body: "404 page not found\n", header: map[string]string{contio.RequestIDHeader: "req_9"}},
			call:      listDeliveries,
			wantError: `contio API: GET /v1/partner/admin/webhook-deliveries: HTTP 404 answered with text/plain, not the API's JSON: "404 page not found" [request id req_9]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { tt.answer.serve(w) }))
			err := tt.call(t.Context(), newTestClient(t, url, contio.WithMaxRetries(0)))
			var unexpected *contio.UnexpectedResponseError
			if !errors.As(err, &unexpected) {
				t.Fatalf("error = %v (%T), want an *UnexpectedResponseError", err, err)
			}
			if _, ok := contio.AsAPIError(err); ok {
				t.Error("an answer that is not the API's JSON also reads as an *APIError")
			}
			if unexpected.JSON || unexpected.Cut != tt.cut {
				t.Errorf("JSON %t, cut %t; want false, %t", unexpected.JSON, unexpected.Cut, tt.cut)
			}
			if unexpected.StatusCode != tt.answer.status || unexpected.ContentType != tt.answer.contentType {
				t.Errorf("status %d, content type %q; want %d, %q", unexpected.StatusCode, unexpected.ContentType, tt.answer.status, tt.answer.contentType)
			}
			if tt.wantError != "" && err.Error() != tt.wantError {
				t.Errorf("error\n %s\nwant\n %s", err, tt.wantError)
			}
			if tt.wantExcerpt != "" && unexpected.Excerpt != tt.wantExcerpt {
				t.Errorf("excerpt %q, want %q", unexpected.Excerpt, tt.wantExcerpt)
			}
			if !tt.cut && !strings.Contains(err.Error(), "not the API's JSON") {
				t.Errorf("error %q does not say the answer is not the API's JSON", err)
			}
		})
	}
}

// TestUnknownJSONShapesAreReported: JSON the client cannot read, whatever
// the status, is told apart from a page that is not JSON at all, and carries
// what a report needs: the status, the request id, the first bytes, the
// version.
func TestUnknownJSONShapesAreReported(t *testing.T) {
	id := map[string]string{contio.RequestIDHeader: "req_42"}
	tests := []struct {
		name   string
		answer answer
		call   func(context.Context, *contio.Client) error
	}{
		{"401 with a detail", answer{status: 401, contentType: "application/json", body: `{"detail":"invalid key"}`, header: id}, getApp},
		{"403 with a nested error", answer{status: 403, contentType: "application/json", body: `{"error":{"code":"forbidden","message":"no access"}}`, header: id}, getApp},
		{"400 without a Content-Type", answer{status: 400, body: `{"detail":"bad"}`, header: id}, getApp},
		{"2xx that is not an App", answer{status: 200, contentType: "application/json", body: `{"status":"ok"}`, header: id}, getApp},
		{"2xx null", answer{status: 200, contentType: "application/json", body: `null`, header: id}, getApp},
		{"2xx that is not a page of deliveries", answer{status: 200, contentType: "application/json", body: `{"next_cursor":null}`, header: id}, listDeliveries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { tt.answer.serve(w) }))
			err := tt.call(t.Context(), newTestClient(t, url, contio.WithMaxRetries(0), contio.WithVersion("1.2.3")))
			var unexpected *contio.UnexpectedResponseError
			if !errors.As(err, &unexpected) {
				t.Fatalf("error = %v (%T), want an *UnexpectedResponseError", err, err)
			}
			if !unexpected.JSON || unexpected.StatusCode != tt.answer.status || unexpected.RequestID != "req_42" ||
				unexpected.Excerpt != tt.answer.body || unexpected.ClientVersion != "1.2.3" {
				t.Errorf("got %+v, want JSON, HTTP %d, req_42, the body, version 1.2.3", unexpected, tt.answer.status)
			}
			want := fmt.Sprintf(`HTTP %d answered with JSON in a shape this provider version does not understand: "%s" [request id req_42]`, tt.answer.status, tt.answer.body)
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error\n %s\nlacks\n %s", err, want)
			}
		})
	}
}

// TestErrorsCountAttempts: an answer's error says how often the call was
// sent, so advice never claims retries that did not happen.
func TestErrorsCountAttempts(t *testing.T) {
	tests := []struct {
		name         string
		answer       answer
		maxRetries   int
		wantAttempts int
	}{
		{"503 retried", answer{status: 503, contentType: "application/json", body: `{"error":"unavailable","message":"down"}`}, 2, 3},
		{"503 page retried", answer{status: 503, contentType: "text/html", body: "<html>down</html>"}, 2, 3},
		{"503 with retries off", answer{status: 503, contentType: "application/json", body: `{"error":"unavailable","message":"down"}`}, 0, 1},
		{"501 is never retried", answer{status: 501, contentType: "application/json", body: `{"error":"not_implemented","message":"no"}`}, 3, 1},
		{"429 asking for an hour", answer{status: 429, contentType: "application/json", body: `{"error":"rate_limited","message":"slow"}`,
			header: map[string]string{"Retry-After": "3600"}}, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, calls := counting(func(w http.ResponseWriter, _ *http.Request) { tt.answer.serve(w) })
			err := getApp(t.Context(), newTestClient(t, newServer(t, h), contio.WithMaxRetries(tt.maxRetries)))
			var got int
			var unexpected *contio.UnexpectedResponseError
			if apiErr, ok := contio.AsAPIError(err); ok {
				got = apiErr.Attempts
			} else if errors.As(err, &unexpected) {
				got = unexpected.Attempts
			} else {
				t.Fatalf("error = %v (%T)", err, err)
			}
			if got != tt.wantAttempts || calls.Load() != int64(tt.wantAttempts) {
				t.Errorf("Attempts = %d after %d requests, want %d", got, calls.Load(), tt.wantAttempts)
			}
			if says := strings.Contains(err.Error(), fmt.Sprintf("(after %d attempts)", tt.wantAttempts)); says != (tt.wantAttempts > 1) {
				t.Errorf("error %q: says the attempts %t, want %t", err, says, tt.wantAttempts > 1)
			}
		})
	}
}

func TestUnexpectedResponseExcerptIsOneShortLine(t *testing.T) {
	page := "<html>\n" + strings.Repeat("<p>line\tof\r\ntext</p>\n", 500) + "</html>"
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		answer{status: 503, contentType: "text/html", body: page}.serve(w)
	}))
	err := getApp(t.Context(), newTestClient(t, url, contio.WithMaxRetries(0)))
	var unexpected *contio.UnexpectedResponseError
	if !errors.As(err, &unexpected) {
		t.Fatalf("error = %v, want an *UnexpectedResponseError", err)
	}
	if n := len(unexpected.Excerpt); n > 200 || n < 150 {
		t.Errorf("excerpt of %d bytes, want about 200: %q", n, unexpected.Excerpt)
	}
	if strings.ContainsAny(err.Error(), "\r\n\t") {
		t.Errorf("error is not one line: %q", err)
	}
	if !strings.HasSuffix(unexpected.Excerpt, "…") {
		t.Errorf("a cut excerpt does not say so: %q", unexpected.Excerpt)
	}
}

func TestJSONErrorBodyIsAPIError(t *testing.T) {
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Whatever the Content-Type says, the contract's error shape is Contio's word.
		answer{status: 409, contentType: "text/plain", body: `{"error":"conflict","message":"try again"}`}.serve(w)
	}))
	err := getApp(t.Context(), newTestClient(t, url))
	apiErr, ok := contio.AsAPIError(err)
	if !ok || apiErr.StatusCode != 409 || apiErr.Code != "conflict" || apiErr.Message != "try again" {
		t.Fatalf("error = %v, want the API's 409 conflict", err)
	}
}

func TestRetryableStatusesAreRetriedWhateverTheBody(t *testing.T) {
	for _, fault := range []answer{
		{status: 503, contentType: "text/html", body: "<html>Service Unavailable</html>"},
		{status: 502},
		{status: 429, contentType: "text/plain", body: "slow down"},
	} {
		t.Run(http.StatusText(fault.status), func(t *testing.T) {
			var n atomic.Int64
			url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if n.Add(1) <= 2 {
					fault.serve(w)
					return
				}
				answer{status: 200, contentType: "application/json", body: `{"id":"app_test","webhook_enabled":true}`}.serve(w)
			}))
			if err := getApp(t.Context(), newTestClient(t, url, contio.WithMaxRetries(2))); err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if n.Load() != 3 {
				t.Errorf("%d requests, want 3", n.Load())
			}
		})
	}
}

func TestCancelledCalls(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func(context.Context) (context.Context, context.CancelFunc)
		wantIs  error
		wantSay string
	}{
		{
			name: "cancelled",
			ctx: func(parent context.Context) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(parent)
				time.AfterFunc(50*time.Millisecond, cancel)
				return ctx, cancel
			},
			wantIs: context.Canceled, wantSay: "the operation was cancelled",
		},
		{
			name: "deadline",
			ctx: func(parent context.Context) (context.Context, context.CancelFunc) {
				return context.WithTimeout(parent, 50*time.Millisecond)
			},
			wantIs: context.DeadlineExceeded, wantSay: "timed out",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			defer close(release)
			url := newServer(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
			ctx, cancel := tt.ctx(t.Context())
			defer cancel()
			err := getApp(ctx, newTestClient(t, url))
			if !errors.Is(err, tt.wantIs) {
				t.Fatalf("error = %v, want one wrapping %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantSay) {
				t.Errorf("error %q does not say %q", err, tt.wantSay)
			}
		})
	}
}

// TestCancelStopsWaitingForRetry: a call backing off for seconds returns as
// soon as it is cancelled, without another attempt.
func TestCancelStopsWaitingForRetry(t *testing.T) {
	var n atomic.Int64
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		answer{status: 503, contentType: "application/json", body: `{"error":"unavailable","message":"down"}`}.serve(w)
	}))
	c := newTestClient(t, url, contio.WithRetryWait(5*time.Second, 10*time.Second))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := getApp(ctx, c)
	if elapsed := time.Since(start); elapsed > 4*time.Second { // below the 5s the retry waits
		t.Errorf("returned after %s, want well before the retry's 5s wait", elapsed)
	}
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("error = %v, want a cancellation", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1", n.Load())
	}
}

// counting counts the requests h serves.
func counting(h http.HandlerFunc) (http.HandlerFunc, *atomic.Int64) {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}, &n
}

func TestRedirectsAreRefused(t *testing.T) {
	calls := map[string]func(context.Context, *contio.Client) error{
		"GET": func(ctx context.Context, c *contio.Client) error { _, err := c.GetApp(ctx); return err },
		"PUT": func(ctx context.Context, c *contio.Client) error {
			_, err := c.UpdateWebhookStatus(ctx, false, "")
			return err
		},
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for method, call := range calls {
			t.Run(fmt.Sprintf("%s %d", method, status), func(t *testing.T) {
				target, targetCalls := counting(func(w http.ResponseWriter, r *http.Request) {
					t.Errorf("the redirect target got %s %s with X-API-Key %q", r.Method, r.URL, r.Header.Get(contio.APIKeyHeader))
				})
				targetSrv := httptest.NewServer(target)
				defer targetSrv.Close()
				location := targetSrv.URL + "/collect?token=tok_do_not_show"
				redirector, redirectorCalls := counting(func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, location, status)
				})
				c := newTestClient(t, newServer(t, redirector), contio.WithMaxRetries(3))

				err := call(t.Context(), c)
				if err == nil {
					t.Fatal("the call followed or ignored a redirect")
				}
				if n := targetCalls.Load(); n != 0 {
					t.Errorf("the redirect target saw %d requests, want 0", n)
				}
				if n := redirectorCalls.Load(); n != 1 {
					t.Errorf("the API saw %d requests, want 1: a redirect is not retried", n)
				}
				msg := err.Error()
				host := strings.TrimPrefix(targetSrv.URL, "http://")
				for _, want := range []string{fmt.Sprintf("%d %s", status, http.StatusText(status)), host, "never redirects", "base_url", "proxy"} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q does not say %q", msg, want)
					}
				}
				for _, secret := range []string{"tok_do_not_show", "/collect", testAPIKey} {
					if strings.Contains(msg, secret) {
						t.Errorf("error %q shows %q", msg, secret)
					}
				}
			})
		}
	}
}

// TestRedirectWithoutLocation: any 3xx is a redirect the API never sends,
// even one net/http would hand back as an answer.
func TestRedirectWithoutLocation(t *testing.T) {
	for _, status := range []int{300, 302, 304} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h, calls := counting(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) })
			err := getApp(t.Context(), newTestClient(t, newServer(t, h), contio.WithMaxRetries(3)))
			if err == nil || !strings.Contains(err.Error(), "without a Location") || !strings.Contains(err.Error(), "never redirects") {
				t.Errorf("error = %v, want a redirect without a Location", err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestClientReadsTheContractsErrors: both error examples become an
// *APIError with every field in place, so a wrong JSON tag fails here.
func TestClientReadsTheContractsErrors(t *testing.T) {
	tests := []struct {
		file   string
		status int
		want   contio.APIError
	}{
		{"error_invalid_event_types.json", 400, contio.APIError{StatusCode: 400, Code: contio.CodeInvalidEventTypes,
			Message: "unsupported event types: meeting.exploded", InvalidEventTypes: []string{"meeting.exploded"},
			ValidEventTypes: []string{"meeting.created", "meeting.updated"}}},
		{"error.json", 401, contio.APIError{StatusCode: 401, Code: contio.CodeUnauthorized, Message: "missing or wrong X-API-Key / X-Client-ID"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := contractServer(t, tt.status, contractExample(t, tt.file), nil).GetApp(t.Context())
			got, ok := contio.AsAPIError(err)
			if !ok {
				t.Fatalf("error = %v (%T), want an *APIError", err, err)
			}
			tt.want.Method, tt.want.Path, tt.want.Attempts = http.MethodGet, "/v1/partner/admin/app", 1
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("decoded\n %+v\nwant\n %+v", *got, tt.want)
			}
		})
	}
}
