package contio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

const testAPIKey = "ck_live_s3cr3t_0123456789"

// newTestClient is a client for an httptest server, with retries fast enough
// for tests and a key the tests can look for in error text.
func newTestClient(t *testing.T, baseURL string, opts ...contio.Option) *contio.Client {
	t.Helper()
	opts = append([]contio.Option{contio.WithRetryWait(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := contio.New(baseURL, "app_test", testAPIKey, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
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
