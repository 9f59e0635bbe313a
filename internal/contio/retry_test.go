package contio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// TestLongRetryAfterFailsFast: asked to wait longer than the client's cap,
// the client neither waits nor retries, and says when to come back.
func TestLongRetryAfterFailsFast(t *testing.T) {
	tests := []struct {
		name       string
		answer     answer
		wantWait   time.Duration
		retryAfter func(error) (time.Duration, bool)
	}{
		{
			name:     "429 with delay-seconds",
			answer:   answer{status: 429, contentType: "application/json", body: `{"error":"rate_limited","message":"slow down"}`, header: map[string]string{"Retry-After": "600"}},
			wantWait: 10 * time.Minute, retryAfter: apiErrorRetryAfter,
		},
		{
			name:     "503 with an HTTP date",
			answer:   answer{status: 503, contentType: "application/json", body: `{"error":"maintenance","message":"back soon"}`, header: map[string]string{"Retry-After": time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}},
			wantWait: time.Hour, retryAfter: apiErrorRetryAfter,
		},
		{
			name:     "503 HTML page from a proxy",
			answer:   answer{status: 503, contentType: "text/html", body: "<html>maintenance</html>", header: map[string]string{"Retry-After": "600"}},
			wantWait: 10 * time.Minute, retryAfter: unexpectedRetryAfter,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int64
			url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				tt.answer.serve(w)
			}))
			start := time.Now()
			err := getApp(t.Context(), newTestClient(t, url, contio.WithMaxRetries(4)))
			// Far below the waits asked (10m, 1h) and the client's 2m cap,
			// and far above a loaded -race machine's slowest answer.
			if elapsed := time.Since(start); elapsed > 30*time.Second {
				t.Errorf("returned after %s: it waited", elapsed)
			}
			if n.Load() != 1 {
				t.Errorf("%d requests, want 1: no retry", n.Load())
			}
			got, ok := tt.retryAfter(err)
			if !ok {
				t.Fatalf("error = %v (%T), not the expected type", err, err)
			}
			// An HTTP date has whole seconds: a little less than asked is fine.
			if got > tt.wantWait || got < tt.wantWait-2*time.Second {
				t.Errorf("RetryAfter = %s, want about %s", got, tt.wantWait)
			}
			want := regexp.MustCompile(`Contio asked to wait (10m0s|59m\d+s|1h0m\d+s) before retrying \(until \d\d:\d\d:\d\d UTC\), longer than the provider waits \(2m0s\); run Terraform again after that\.$`)
			if !want.MatchString(err.Error()) {
				t.Errorf("error %q does not say when to retry", err)
			}
		})
	}
}

func apiErrorRetryAfter(err error) (time.Duration, bool) {
	apiErr, ok := contio.AsAPIError(err)
	if !ok {
		return 0, false
	}
	return apiErr.RetryAfter, true
}

func unexpectedRetryAfter(err error) (time.Duration, bool) {
	var unexpected *contio.UnexpectedResponseError
	if !errors.As(err, &unexpected) {
		return 0, false
	}
	return unexpected.RetryAfter, true
}

// TestClientErrorsAreNeverRetried: a 4xx would fail the same way again, even
// when it carries a Retry-After.
func TestClientErrorsAreNeverRetried(t *testing.T) {
	calls := map[string]func(context.Context, *contio.Client) error{
		"GET": getApp,
		"PUT": func(ctx context.Context, c *contio.Client) error {
			_, err := c.UpdateWebhookStatus(ctx, false, "")
			return err
		},
		"DELETE": func(ctx context.Context, c *contio.Client) error { _, err := c.RemoveWebhookFilter(ctx); return err },
	}
	for _, status := range []int{400, 401, 403, 404, 422} {
		for method, call := range calls {
			t.Run(fmt.Sprintf("%s %d", method, status), func(t *testing.T) {
				var n atomic.Int64
				url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					n.Add(1)
					answer{status: status, contentType: "application/json", body: `{"error":"nope","message":"no"}`,
						header: map[string]string{"Retry-After": "1"}}.serve(w)
				}))
				err := call(t.Context(), newTestClient(t, url, contio.WithMaxRetries(4)))
				if apiErr, ok := contio.AsAPIError(err); !ok || apiErr.StatusCode != status {
					t.Errorf("error = %v, want the HTTP %d", err, status)
				}
				if n.Load() != 1 {
					t.Errorf("%d requests, want 1", n.Load())
				}
			})
		}
	}
}

// TestWithoutRetries: a call made for a warning gets one attempt, whatever
// max_retries says: a 429 asking for 120 seconds (within the cap, so an
// ordinary call would wait for it) fails at once, after one request.
func TestWithoutRetries(t *testing.T) {
	var n atomic.Int64
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		answer{status: 429, contentType: "application/json", body: `{"error":"rate_limited","message":"slow down"}`,
			header: map[string]string{"Retry-After": "120"}}.serve(w)
	}))
	start := time.Now()
	err := getApp(contio.WithoutRetries(t.Context()), newTestClient(t, url, contio.WithMaxRetries(4)))
	if elapsed := time.Since(start); elapsed > 30*time.Second { // well below the 120s asked
		t.Errorf("returned after %s: it waited", elapsed)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1: no retry", n.Load())
	}
	if _, ok := contio.AsAPIError(err); !ok {
		t.Errorf("error = %v (%T), want the 429 as an *APIError", err, err)
	}
}
