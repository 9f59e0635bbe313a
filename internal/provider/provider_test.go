package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// factories serves the provider in-process with the given environment, so a
// test controls the CONTIO_* fallbacks without touching the process's.
func factories(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := func(k string) string { return env[k] }
	p := NewWithEnv("test", getenv)()
	return map[string]func() (tfprotov6.ProviderServer, error){
		"contio": func() (tfprotov6.ProviderServer, error) { return Server(func() provider.Provider { return p })(), nil },
	}
}

// accEnv is a started emulator with one app and the provider pointed at it.
type accEnv struct {
	*emulatortest.Server
	creds emulator.Credentials
}

func newAccEnv(t *testing.T, spec emulator.AppSpec) *accEnv {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Options{})
	return &accEnv{Server: srv, creds: srv.NewApp(t, spec)}
}

// providerBlock configures the provider for the emulator's app, with any
// extra provider arguments.
func (e *accEnv) providerBlock(extra string) string {
	return fmt.Sprintf(`
provider "contio" {
  base_url  = %q
  client_id = %q
  api_key   = %q
%s}
`, e.URL, e.creds.ClientID, e.creds.APIKey, extra)
}

// config is the provider block followed by the given HCL.
func (e *accEnv) config(hcl string) string {
	return e.providerBlock("") + hcl
}

// configWith is config with extra provider arguments.
func (e *accEnv) configWith(providerArgs, hcl string) string {
	return e.providerBlock(providerArgs) + hcl
}

func (e *accEnv) state(t *testing.T) emulator.AppState {
	t.Helper()
	return e.State(t, e.creds.ClientID)
}

// ptr points at a copy of v, for the emulator's optional fields.
func ptr[T any](v T) *T { return &v }

// unknownCredentialsConfig configures the provider with a client_id that
// comes from a resource, so it is unknown until apply, followed by hcl.
func (e *accEnv) unknownCredentialsConfig(hcl string) string {
	return fmt.Sprintf(`
resource "terraform_data" "creds" {
  input = %q
}

provider "contio" {
  base_url  = %q
  client_id = terraform_data.creds.output
  api_key   = %q
}
`, e.creds.ClientID, e.URL, e.creds.APIKey) + hcl
}
