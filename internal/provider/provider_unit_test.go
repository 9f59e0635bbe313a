package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

func TestResolveSettings(t *testing.T) {
	env := map[string]string{envClientID: "app_env", envAPIKey: "key_env", envMaxRetries: "2", envRequestTimeout: "1m"}
	p := &contioProvider{getenv: func(k string) string { return env[k] }}

	var diags diag.Diagnostics
	s := p.resolve(providerModel{ClientID: types.StringValue("app_cfg")}, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := settings{clientID: "app_cfg", apiKey: "key_env", baseURL: contio.DefaultBaseURL, maxRetries: 2, requestTimeout: time.Minute}
	if s != want {
		t.Errorf("settings = %+v, want %+v (config wins over env, env over defaults)", s, want)
	}

	env[envMaxRetries] = "many"
	env[envAPIKey] = ""
	diags = nil
	p.resolve(providerModel{}, &diags)
	var summaries []string
	for _, d := range diags.Errors() {
		summaries = append(summaries, d.Summary())
		if strings.Contains(d.Detail(), "key_env") {
			t.Errorf("a diagnostic carries a secret: %q", d.Detail())
		}
	}
	if got := strings.Join(summaries, "|"); got != "Missing Contio API key|Invalid CONTIO_MAX_RETRIES" {
		t.Errorf("diagnostics = %s", got)
	}
}

func TestAPIErrorDetail(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		want    []string
		notWant []string
	}{
		{"valid list from a newer catalog", &contio.APIError{StatusCode: 400, Code: contio.CodeInvalidEventTypes, Message: "unsupported event types: meeting.transcribed",
			ValidEventTypes: []string{"meeting.created", "meeting.transcribed2"}}, []string{"meeting.transcribed", "Valid event types: meeting.created, meeting.transcribed2."}, nil},
		{"unauthorized", &contio.APIError{StatusCode: 401, Code: contio.CodeUnauthorized}, []string{"rejected the credentials", "CONTIO_API_KEY"}, nil},
		{"throttled", &contio.APIError{StatusCode: 429}, []string{"max_retries"}, nil},
		{"server error", &contio.APIError{StatusCode: 503}, []string{"Try again later"}, nil},
		{"disposition", &contio.APIError{StatusCode: 400, Code: contio.CodePendingDispositionRequired}, []string{`"deliver"`, `"abandon"`}, nil},
		{"network", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, []string{"could not be reached", "base_url"}, nil},
		{"a proxy's HTML page", &contio.UnexpectedResponseError{StatusCode: 502, ContentType: "text/html", Excerpt: "<html>Bad Gateway</html>"},
			[]string{"502", "text/html", "Bad Gateway", "Something other than the Contio Partner API answered"}, []string{"could not be reached"}},
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

// The client's logs reach tflog, and the API key reaches no log line, even if
// a message or field were ever to carry it.
func TestLogsNeverCarryTheAPIKey(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)

	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	logger := tflogLogger{secret: creds.APIKey}
	c := srv.Client(t, creds, contio.WithLogger(logger))
	if _, err := c.GetApp(ctx); err != nil {
		t.Fatal(err)
	}
	logger.Debug(ctx, "careless "+creds.APIKey, map[string]any{"api_key": creds.APIKey, "detail": "key=" + creds.APIKey})

	out := buf.String()
	if !strings.Contains(out, "Contio API request") || !strings.Contains(out, "Contio API response") {
		t.Fatalf("client logs did not reach tflog:\n%s", out)
	}
	if strings.Contains(out, creds.APIKey) {
		t.Errorf("the API key reached the logs:\n%s", out)
	}
}
