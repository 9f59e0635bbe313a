package contio

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/go-retryablehttp"
)

func TestSecureTransport(t *testing.T) {
	tests := []struct {
		url  string
		sent bool
	}{
		{"https://api.contio.ai/v1/partner/admin/app", true},
		{"http://127.0.0.1:8085/v1/partner/admin/app", true},
		{"http://localhost/v1", true},
		{"http://api.contio.ai/v1/partner/admin/app", false},
		{"http://192.168.1.10/v1", false},
		{"ftp://127.0.0.1/v1", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			sent := false
			rt := secureTransport{next: roundTripFunc(func(*http.Request) (*http.Response, error) {
				sent = true
				return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
			})}
			req := httptest.NewRequest(http.MethodGet, tt.url, nil)
			_, err := rt.RoundTrip(req)
			if sent != tt.sent {
				t.Errorf("sent = %v, want %v", sent, tt.sent)
			}
			var insecure *insecureURLError
			if !tt.sent && !errors.As(err, &insecure) {
				t.Errorf("error = %v, want an insecureURLError", err)
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestEveryRequestIsChecked changes the base URL after New checked it: the
// request must still be refused, once, before any connection is made.
func TestEveryRequestIsChecked(t *testing.T) {
	c, err := New("https://api.contio.ai", "app", "ck_secret_key", WithMaxRetries(3))
	if err != nil {
		t.Fatal(err)
	}
	attempts := 0
	c.http.RequestLogHook = func(retryablehttp.Logger, *http.Request, int) { attempts++ }
	c.baseURL, _ = url.Parse("http://contio.invalid")
	_, err = c.GetApp(t.Context())
	var insecure *insecureURLError
	if !errors.As(err, &insecure) {
		t.Fatalf("error = %v, want the request refused as insecure", err)
	}
	if attempts != 1 {
		t.Errorf("%d attempts, want 1: a refused request is not retried", attempts)
	}
	for _, want := range []string{"GET /v1/partner/admin/app", "http://contio.invalid", "https://"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
