package provider

import (
	"bytes"
	"context"
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
