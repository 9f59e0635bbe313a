package contio_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// TestErrorsNeverCarryTheAPIKey makes servers echo the key everywhere they
// can: no error's text, no field of it, and no log line may show it.
func TestErrorsNeverCarryTheAPIKey(t *testing.T) {
	// echo answers with the request's key spliced into what the answer says.
	echo := func(a func(key string) answer) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { a(r.Header.Get(contio.APIKeyHeader)).serve(w) }
	}
	tests := []struct {
		name    string
		handler http.Handler // nil: nothing listens
		call    func(context.Context, *contio.Client) error
		ctx     func(context.Context) (context.Context, context.CancelFunc)
		echoed  bool // the key reaches the error's text, redacted
	}{
		{
			name: "redirect to a host named after the key",
			handler: echo(func(key string) answer {
				return answer{status: 302, header: map[string]string{"Location": "https://" + strings.ToLower(key) + ".example/?k=" + key}}
			}),
			echoed: true,
		},
		{
			name: "HTML error page quoting the request",
			handler: echo(func(key string) answer {
				return answer{status: 502, contentType: "text/html", body: "<pre>X-API-Key: " + key + "</pre>"}
			}),
			echoed: true,
		},
		{
			name: "2xx page quoting the request",
			handler: echo(func(key string) answer {
				return answer{status: 200, contentType: "text/html", body: "<p>key=" + key + "</p>"}
			}),
			echoed: true,
		},
		{
			name: "headers quoting the key",
			handler: echo(func(key string) answer {
				return answer{status: 503, contentType: "text/" + key, header: map[string]string{contio.RequestIDHeader: key, "Retry-After": "3600"}}
			}),
			echoed: true,
		},
		{
			name: "APIError quoting the key in every field",
			handler: echo(func(key string) answer {
				return answer{status: 401, contentType: "application/json", header: map[string]string{contio.RequestIDHeader: "req_" + key},
					body: fmt.Sprintf(`{"error":"bad_%[1]s","message":"unknown key %[1]s","invalid_event_types":["%[1]s"],"valid_event_types":["%[1]s"]}`, key)}
			}),
			echoed: true,
		},
		{
			name:    "a deliveries cursor made of the key",
			handler: echo(func(key string) answer { return answer{status: 200, body: `{"data":[],"next_cursor":"` + key + `"}`} }),
			call: func(ctx context.Context, c *contio.Client) error {
				_, err := c.CountWebhookDeliveries(ctx, contio.CountQuery{Status: contio.DeliveryPending, MaxPages: 5})
				return err
			},
			echoed: true,
		},
		{name: "connection refused"},
		{
			name:    "cancelled",
			handler: http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }),
			ctx: func(parent context.Context) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(parent)
				time.AfterFunc(20*time.Millisecond, cancel)
				return ctx, cancel
			},
		},
		{
			name:    "timed out",
			handler: http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }),
			ctx: func(parent context.Context) (context.Context, context.CancelFunc) {
				return context.WithTimeout(parent, 20*time.Millisecond)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := "http://127.0.0.1:1" // nothing listens there
			if tt.handler != nil {
				url = newServer(t, tt.handler)
			}
			ctx, cancel := context.WithCancel(t.Context())
			if tt.ctx != nil {
				ctx, cancel = tt.ctx(t.Context())
			}
			defer cancel()
			call := tt.call
			if call == nil {
				call = getApp
			}
			logs := &recordingLogger{}
			err := call(ctx, newTestClient(t, url, contio.WithMaxRetries(1), contio.WithLogger(logs)))
			if err == nil {
				t.Fatal("the call succeeded")
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err)} {
				if strings.Contains(strings.ToLower(text), strings.ToLower(testAPIKey)) {
					t.Errorf("the error carries the API key: %s", text)
				}
			}
			if tt.echoed && !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("the key never reached the error, so this case proves nothing: %v", err)
			}
			if logs.contains(testAPIKey) {
				t.Errorf("a log entry carries the API key: %v", logs.entries)
			}
		})
	}
}

// A server may echo the key escaped: in a JSON string (Go's `\u0026`, PHP's
// `\/`), in HTML, or in a URL's query. Each escaped form is redacted too.
func TestErrorsNeverCarryAnEscapedAPIKey(t *testing.T) {
	const key = "ck_live_a/b+c&d<e>f=g"
	quoted, _ := json.Marshal(key)
	js := strings.Trim(string(quoted), `"`)
	forms := map[string]string{
		"JSON (Go)":                  js,
		"JSON, &<> as they are (JS)": key,
		`JSON with "\/" (PHP)`:       strings.ReplaceAll(key, "/", `\/`),
		"HTML":                       html.EscapeString(key),
		"URL query":                  url.QueryEscape(key),
	}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				answer{status: 502, contentType: "text/html", body: "<pre>X-API-Key: " + form + "</pre>"}.serve(w)
			}))
			c, err := contio.New(srv, "app_test", key, contio.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetApp(t.Context())
			if err == nil {
				t.Fatal("the call succeeded")
			}
			if strings.Contains(err.Error(), form) || !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("the key, escaped as %q, is not redacted: %v", form, err)
			}
		})
	}
}

// A key may be part of its own escaped form ("k&amp;" is in "k&amp;amp;"):
// the longer form goes first, or its tail is left behind.
func TestRedactLongestFormFirst(t *testing.T) {
	for _, key := range []string{"k&amp;", "k%2F/", `k\u0026&`} {
		for _, form := range contio.SecretForms(key) {
			if got := contio.Redact("<"+form+">", key); got != "<[redacted]>" {
				t.Errorf("key %q escaped as %q: redacted to %q", key, form, got)
			}
		}
	}
}
