package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
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
