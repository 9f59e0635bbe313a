package contio_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// answer is a canned HTTP answer.
type answer struct {
	status      int
	contentType string
	body        string
	header      map[string]string
}

func (a answer) serve(w http.ResponseWriter) {
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	} else {
		w.Header()["Content-Type"] = nil // no sniffing: no header at all
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

func getApp(ctx context.Context, c *contio.Client) error { _, err := c.GetApp(ctx); return err }

func listDeliveries(ctx context.Context, c *contio.Client) error {
	_, err := c.ListWebhookDeliveries(ctx, contio.ListDeliveriesParams{})
	return err
}

func TestNonJSONAnswersAreReported(t *testing.T) {
	const gatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	tests := []struct {
		name        string
		answer      answer
		call        func(context.Context, *contio.Client) error
		wantError   string // the whole Error() text
		wantExcerpt string
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
		},
		{
			name:   "2xx JSON that is not an App",
			answer: answer{status: 200, contentType: "application/json", body: `{"status":"ok"}`},
			call:   getApp,
		},
		{
			name:   "2xx null",
			answer: answer{status: 200, contentType: "application/json", body: `null`},
			call:   getApp,
		},
		{
			name:   "2xx JSON that is not a page of deliveries",
			answer: answer{status: 200, contentType: "application/json", body: `{"next_cursor":null}`},
			call:   listDeliveries,
		},
		{
			name:      "4xx plain text with a request id",
			answer:    answer{status: 404, contentType: "text/plain", body: "404 page not found\n", header: map[string]string{contio.RequestIDHeader: "req_9"}},
			call:      listDeliveries,
			wantError: `contio API: GET /v1/partner/admin/webhook-deliveries: HTTP 404 answered with text/plain, not the API's JSON: "404 page not found" [request id req_9]`,
		},
		{
			name:      "4xx JSON of another shape, no Content-Type",
			answer:    answer{status: 400, body: `{"detail":"bad"}`},
			call:      getApp,
			wantError: `contio API: GET /v1/partner/admin/app: HTTP 400 answered with no Content-Type, not the API's JSON: "{"detail":"bad"}"`,
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
			if unexpected.StatusCode != tt.answer.status || unexpected.ContentType != tt.answer.contentType {
				t.Errorf("status %d, content type %q; want %d, %q", unexpected.StatusCode, unexpected.ContentType, tt.answer.status, tt.answer.contentType)
			}
			if tt.wantError != "" && err.Error() != tt.wantError {
				t.Errorf("error\n %s\nwant\n %s", err, tt.wantError)
			}
			if tt.wantExcerpt != "" && unexpected.Excerpt != tt.wantExcerpt {
				t.Errorf("excerpt %q, want %q", unexpected.Excerpt, tt.wantExcerpt)
			}
			if !strings.Contains(err.Error(), "not the API's JSON") {
				t.Errorf("error %q does not say the answer is not the API's JSON", err)
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
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned after %s, want within 1s of the cancel", elapsed)
	}
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("error = %v, want a cancellation", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1", n.Load())
	}
}
