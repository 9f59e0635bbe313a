package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

const (
	appPath        = "/v1/partner/admin/app"
	deliveriesPath = "/v1/partner/admin/webhook-deliveries"
)

// Advice phrases, shared by the unit and the acceptance tests.
const (
	adviceCredentials = "Check client_id and api_key"
	adviceAccess      = "Partner Admin API access"
	adviceNotFound    = "it should be the API's root"
	adviceNoDelivLog  = "Contio has no delivery log"
	adviceThrottled   = "throttling this app's requests"
	adviceServer      = "reported a failure on its side"
	adviceNoRetry     = "the call was not retried"
	adviceNotJSON     = "The answer is not JSON"
	adviceShape       = "in a shape that this provider version (test) does not understand"
	adviceReport      = "Please report this to the provider developers"
	adviceLongWait    = "so the call was not retried"
	adviceTooLarge    = "larger than any answer this provider expects"
)

func TestAPIErrorDetail(t *testing.T) {
	at := func(status int) (string, string, int) { return http.MethodGet, appPath, status }
	apiErr := func(status, attempts int, code string) *contio.APIError {
		m, p, s := at(status)
		return &contio.APIError{Method: m, Path: p, StatusCode: s, Code: code, Message: "m", Attempts: attempts}
	}
	unexpected := func(status int, json bool, body string) *contio.UnexpectedResponseError {
		m, p, s := at(status)
		return &contio.UnexpectedResponseError{Method: m, Path: p, StatusCode: s, JSON: json, Excerpt: body, Attempts: 1,
			ContentType: "application/json", RequestID: "req_1", ClientVersion: "test"}
	}
	deliveries404 := apiErr(404, 1, contio.CodeNotFound)
	deliveries404.Path = deliveriesPath
	tests := []struct {
		name    string
		err     error
		want    []string
		notWant []string
	}{
		{"valid list from a newer catalog", &contio.APIError{StatusCode: 400, Code: contio.CodeInvalidEventTypes, Message: "unsupported event types: meeting.transcribed",
			ValidEventTypes: []string{"meeting.created", "meeting.transcribed2"}}, []string{"meeting.transcribed", "Valid event types: meeting.created, meeting.transcribed2."}, nil},
		{"401 in the contract's shape", apiErr(401, 1, contio.CodeUnauthorized), []string{adviceCredentials, "CONTIO_API_KEY"}, []string{adviceNotJSON, adviceReport}},
		{"401 in another JSON shape", unexpected(401, true, `{"detail":"invalid key"}`), []string{adviceCredentials, adviceShape, adviceReport, "X-Request-Id req_1"}, []string{adviceNotJSON}},
		{"403 in another JSON shape", unexpected(403, true, `{"error":{"code":"forbidden"}}`), []string{adviceCredentials, adviceAccess, adviceShape}, []string{adviceNotJSON}},
		{"401 page from a proxy", unexpected(401, false, "<html>401</html>"), []string{adviceCredentials, adviceNotJSON}, []string{adviceShape}},
		{"404 on the app", apiErr(404, 1, contio.CodeNotFound), []string{"no GET " + appPath, adviceNotFound}, []string{adviceNoDelivLog}},
		{"404 on the delivery log", deliveries404, []string{adviceNoDelivLog, "please report this to the provider developers"}, nil},
		{"429 through retries", apiErr(429, 5, contio.CodeRateLimited), []string{adviceThrottled, "through 5 attempts", "max_retries"}, []string{adviceNoRetry}},
		{"429 with retries off", apiErr(429, 1, contio.CodeRateLimited), []string{adviceThrottled, adviceNoRetry, "if max_retries is 0"}, []string{"through"}},
		{"429 asking for longer than the provider waits", &contio.APIError{Method: "GET", Path: appPath, StatusCode: 429, Code: contio.CodeRateLimited,
			Attempts: 1, RetryAfter: time.Hour}, []string{adviceThrottled, adviceLongWait, "max_retries does not change that"}, []string{"raise", "higher max_retries", "if max_retries is 0"}},
		{"503 through retries", apiErr(503, 5, "unavailable"), []string{"Contio " + adviceServer, "through 5 attempts", "Try again later"}, []string{adviceNoRetry, "if max_retries is 0", "Wait as Contio asks"}},
		{"503 with retries off", apiErr(503, 1, "unavailable"), []string{adviceServer, adviceNoRetry, "if max_retries is 0"}, []string{"through", "Wait as Contio asks"}},
		{"503 asking for longer than the provider waits", &contio.APIError{Method: "GET", Path: appPath, StatusCode: 503, Attempts: 1, RetryAfter: time.Hour},
			[]string{adviceServer, adviceLongWait, "Wait as Contio asks"}, []string{"max_retries", "through", "Try again later"}},
		{"501 is never retried", apiErr(501, 1, "not_implemented"), []string{"does not implement GET " + appPath, "does not retry"}, []string{"through", "max_retries", adviceServer, "Try again later"}},
		{"2xx in an unknown shape", unexpected(200, true, `{"status":"ok"}`), []string{"HTTP 200 in a shape", adviceReport, "X-Request-Id req_1"}, []string{adviceNotJSON, adviceCredentials}},
		{"a proxy's HTML page", &contio.UnexpectedResponseError{Method: "GET", Path: appPath, StatusCode: 502, ContentType: "text/html", Excerpt: "<html>Bad Gateway</html>", Attempts: 1},
			[]string{"502", "text/html", "Bad Gateway", adviceNotJSON, "Contio, or a gateway in front of it"}, []string{"could not be reached", adviceShape}},
		{"JSON cut short", &contio.UnexpectedResponseError{Method: "GET", Path: appPath, StatusCode: 200, ContentType: "application/json", Excerpt: `{"id":"app_1","webh`, Cut: true, Attempts: 5},
			[]string{"cut short", "on each of its 5 attempts", "network path"}, []string{adviceNotJSON, adviceShape, adviceTooLarge}},
		{"JSON cut short, one attempt", &contio.UnexpectedResponseError{Method: "GET", Path: appPath, StatusCode: 200, ContentType: "application/json", Excerpt: `{"id":"app_1","webh`, Cut: true, Attempts: 1},
			[]string{"cut short", "its one attempt", "network path", "max_retries is 0"}, []string{"every attempt", adviceTooLarge}},
		{"an answer over the size limit", &contio.UnexpectedResponseError{Method: "GET", Path: deliveriesPath, StatusCode: 200, ContentType: "application/json",
			Excerpt: `{"data":[{"id":"whd_1"`, TooLarge: true, Attempts: 1, RequestID: "req_1"},
			[]string{adviceTooLarge, "16 KiB", "base_url", "please report this to the provider developers", "req_1"}, []string{"cut short", "network path", adviceNotJSON, adviceShape}},
		{"disposition", &contio.APIError{StatusCode: 400, Code: contio.CodePendingDispositionRequired}, []string{`"deliver"`, `"abandon"`}, nil},
		{"network", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, []string{"could not be reached", "base_url"}, nil},
		{"cancelled", fmt.Errorf("contio API: GET /v1/partner/admin/app: %w", context.Canceled),
			[]string{"cancelled", "next plan shows"}, []string{"could not be reached"}},
		{"timed out", fmt.Errorf("contio API: GET /v1/partner/admin/app: %w", context.DeadlineExceeded),
			[]string{"request_timeout"}, []string{"could not be reached"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := apiErrorDetail(tt.err)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("detail %q lacks %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("detail %q says %q", got, w)
				}
			}
		})
	}
}

// prose matches a sentence however Terraform wraps it.
func prose(s string) *regexp.Regexp {
	return regexp.MustCompile(strings.Join(strings.Fields(regexp.QuoteMeta(s)), `\s+`))
}

// TestAccAPIErrorAdvice: each advice reaches the user through the real CLI,
// for an answer in the shape a real server gives it.
func TestAccAPIErrorAdvice(t *testing.T) {
	const app, deliveries = `data "contio_app" "this" {}`, `data "contio_webhook_deliveries" "failed" {}`
	tests := []struct {
		name       string
		answer     cannedAnswer
		maxRetries int
		hcl        string
		advice     string
	}{
		{"401 in another JSON shape", cannedAnswer{status: 401, contentType: "application/json", body: `{"detail":"invalid key"}`}, 0, app, adviceCredentials},
		{"403 in another JSON shape", cannedAnswer{status: 403, contentType: "application/json", body: `{"error":{"code":"forbidden"}}`}, 0, app, adviceAccess},
		{"404 on the app", cannedAnswer{status: 404, contentType: "application/json", body: `{"error":"not_found","message":"no such endpoint"}`}, 0, app, adviceNotFound},
		{"404 on the delivery log", cannedAnswer{status: 404, contentType: "application/json", body: `{"error":"not_found","message":"no such endpoint"}`}, 0, deliveries, adviceNoDelivLog},
		{"429 through a retry", cannedAnswer{status: 429, contentType: "application/json", body: `{"error":"rate_limited","message":"slow down"}`, retryAfter: "1"}, 1, app,
			"Contio kept throttling this app's requests through 2 attempts"},
		{"429 asking for an hour", cannedAnswer{status: 429, contentType: "application/json", body: `{"error":"rate_limited","message":"slow down"}`, retryAfter: "3600"}, 4, app,
			"Contio is " + adviceThrottled + " and asked for a longer wait than the provider makes, so the call was not retried (max_retries does not change that)"},
		{"503 without retries", cannedAnswer{status: 503, contentType: "application/json", body: `{"error":"unavailable","message":"down"}`}, 0, app,
			"Contio " + adviceServer + " (HTTP 503), and " + adviceNoRetry},
		{"501", cannedAnswer{status: 501, contentType: "application/json", body: `{"error":"not_implemented","message":"no"}`}, 4, app,
			"The provider does not retry that: it would fail the same way"},
		{"a proxy's HTML page", cannedAnswer{status: 502, contentType: "text/html", body: "<html><h1>502 Bad Gateway</h1></html>"}, 0, app, adviceNotJSON},
		{"2xx in an unknown shape", cannedAnswer{status: 200, contentType: "application/json", body: `{"app":{"enabled":true}}`}, 0, app,
			"Contio answered HTTP 200 " + adviceShape + ". " + adviceReport + ", with the call, the status, Contio's request id (X-Request-Id req_canned)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := cannedAPI(t, tt.answer)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "contio" {
  base_url    = %q
  client_id   = "app_canned"
  api_key     = "ck_canned"
  max_retries = %d
}
`, url, tt.maxRetries) + tt.hcl,
					ExpectError: prose(tt.advice),
				}},
			})
		})
	}
}
