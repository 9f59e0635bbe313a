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
	if got := summaries(diags); got != "Missing Contio API key|Invalid CONTIO_MAX_RETRIES" {
		t.Errorf("diagnostics = %s", got)
	}
}

// No diagnostic about the other settings carries the API key, whether it
// comes from the environment or the provider block: the check runs while the
// key is set.
func TestResolveSettingsKeepsTheKeyOut(t *testing.T) {
	for _, tt := range []struct {
		name, envKey string
		cfg          providerModel
	}{
		{"key from the environment", "key_env_s3cret", providerModel{}},
		{"key from the provider block", "", providerModel{APIKey: types.StringValue("key_cfg_s3cret")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{envAPIKey: tt.envKey, envMaxRetries: "many", envRequestTimeout: "soon", envBaseURL: "ftp://api.example"}
			p := &contioProvider{getenv: func(k string) string { return env[k] }}
			var diags diag.Diagnostics
			s := p.resolve(tt.cfg, &diags)
			if s.apiKey == "" || !strings.Contains(s.apiKey, "s3cret") {
				t.Fatalf("the key was not resolved (%q): the check below would prove nothing", s.apiKey)
			}
			if got := summaries(diags); got != "Missing Contio client ID|Invalid Contio base URL|Invalid CONTIO_MAX_RETRIES|Invalid request timeout" {
				t.Errorf("diagnostics = %s", got)
			}
			for _, d := range diags {
				if strings.Contains(d.Summary()+d.Detail(), s.apiKey) {
					t.Errorf("a diagnostic carries the API key: %s: %s", d.Summary(), d.Detail())
				}
			}
		})
	}
}

// A refused base_url that may hold a credential is reported without the
// attribute's path, so that Terraform does not print its configuration line;
// other refused URLs point at the line.
func TestResolveBaseURLErrorPath(t *testing.T) {
	for _, tt := range []struct {
		url      string
		withPath bool
	}{
		{"ftp://api.example", true},
		{"http://api.example", true},
		{"http://s3cret@api.example", false},
		{"ftp://api.example/?token=s3cret", false},
		{"ftp://api.example/#s3cret", false},
	} {
		t.Run(tt.url, func(t *testing.T) {
			p := &contioProvider{getenv: func(string) string { return "" }}
			var diags diag.Diagnostics
			p.resolve(providerModel{ClientID: types.StringValue("app"), APIKey: types.StringValue("key"), BaseURL: types.StringValue(tt.url)}, &diags)
			if len(diags) != 1 || diags[0].Summary() != "Invalid Contio base URL" {
				t.Fatalf("diagnostics = %s, want one base URL error", summaries(diags))
			}
			_, hasPath := diags[0].(diag.DiagnosticWithPath)
			if hasPath != tt.withPath {
				t.Errorf("the error has a path: %v, want %v", hasPath, tt.withPath)
			}
			if strings.Contains(diags[0].Detail(), "s3cret") {
				t.Errorf("the error quotes the credential: %s", diags[0].Detail())
			}
		})
	}
}

// summaries joins the diagnostics' summaries with "|".
func summaries(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary())
	}
	return strings.Join(out, "|")
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
