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

// Only Terraform 1.14 and later have actions. OpenTofu sends the Terraform
// version whose provider features it matches (1.12.6 sends 1.13.0), so it
// counts as a CLI without them; so does a CLI that sends no version.
func TestCLIHasActions(t *testing.T) {
	for version, want := range map[string]bool{
		"1.16.4":     true,
		"1.14.0":     true,
		"1.14.0-rc1": true,
		"1.13.5":     false,
		"1.13.0":     false, // OpenTofu 1.12.6
		"1.5.7":      false,
		"":           false,
		"dev":        false,
	} {
		if got := (&providerData{cliVersion: version}).cliHasActions(); got != want {
			t.Errorf("cliHasActions(%q) = %t, want %t", version, got, want)
		}
	}
	if (*providerData)(nil).cliHasActions() {
		t.Error("an unconfigured provider claims actions")
	}
}

// Advice that names a command is true on the CLI in use: a CLI with actions is
// Terraform; any other may be OpenTofu (1.12.6 sends 1.13.0), so the advice
// names tofu as well. The re-enable refusal and the not-configured refusals
// say it so.
func TestAdviceNamesTheCLI(t *testing.T) {
	for version, tofuToo := range map[string]bool{"1.16.4": false, "1.14.9": false, "1.13.0": true, "1.5.7": true, "": true} {
		p := &providerData{cliVersion: version}
		var diags diag.Diagnostics
		p.requireClient(&diags, "nothing can happen", p.applyDependenciesFirst())
		for name, text := range map[string]string{"refusal": p.reEnableWaysOut(), "not configured": diags.Errors()[0].Detail()} {
			if !strings.Contains(text, "terraform apply -") {
				t.Errorf("%s on %q does not name terraform: %s", name, version, text)
			}
			if got := strings.Contains(text, "(tofu apply -target="); got != tofuToo {
				t.Errorf("%s on %q names tofu apply -target: %t, want %t: %s", name, version, got, tofuToo, text)
			}
		}
	}
}
