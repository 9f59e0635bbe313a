package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// manyAppsEnv copies examples/many-apps into a new working directory whose
// emulator holds the named apps, each with the client id app_<name>, and
// returns the environment and the apps; the examples then run in sub-folders.
func manyAppsEnv(t *testing.T, names ...string) (*tfEnv, map[string]emulator.Credentials) {
	t.Helper()
	e := newTFEnv(t, emulator.AppSpec{ClientID: "app_" + names[0]})
	creds := map[string]emulator.Credentials{names[0]: e.creds}
	for _, n := range names[1:] {
		creds[n] = e.emu.NewApp(t, emulator.AppSpec{ClientID: "app_" + n})
	}
	if err := os.CopyFS(e.dir, os.DirFS(filepath.Join("..", "..", "examples", "many-apps"))); err != nil {
		t.Fatal(err)
	}
	return e, creds
}

// in is the environment run in the working directory's sub-folder dir.
func (e *tfEnv) in(dir string) *tfEnv {
	sub := *e
	sub.dir = filepath.Join(e.dir, dir)
	return &sub
}

// exampleEnv is what a user of the examples sets: the API keys as JSON in
// TF_VAR_contio_api_keys, and here the emulator's URL for every provider
// configuration through CONTIO_BASE_URL.
func exampleEnv(t *testing.T, e *tfEnv, creds map[string]emulator.Credentials, vars map[string]any) []string {
	t.Helper()
	keys := map[string]string{}
	for name, c := range creds {
		keys[name] = c.APIKey
	}
	vars["contio_api_keys"] = keys
	env := []string{"CONTIO_BASE_URL=" + e.emu.URL}
	for name, v := range vars {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		env = append(env, "TF_VAR_"+name+"="+string(j))
	}
	return env
}

// mustRun runs the CLI with extra environment and fails the test unless it
// exits 0 (with -detailed-exitcode: planned no change).
func (e *tfEnv) mustRun(t *testing.T, env []string, args ...string) {
	t.Helper()
	out, errOut, code := e.run(e.cli, append(args, "-no-color"), env)
	if code != 0 {
		t.Fatalf("%s %v in %s: exit code %d\n%s\n%s", filepath.Base(e.cli), args, filepath.Base(e.dir), code, out, errOut)
	}
}

// wantFilters checks every app's webhook settings in the emulator: enabled,
// with the given filter (nil: none).
func wantFilters(t *testing.T, e *tfEnv, want map[string]*contio.WebhookFilter) {
	t.Helper()
	for name, f := range want {
		app := e.emu.State(t, "app_"+name).App
		if !app.WebhookEnabled {
			t.Errorf("app %s: webhook delivery disabled", name)
		}
		switch got := app.WebhookFilter; {
		case f == nil && got != nil:
			t.Errorf("app %s: filter %+v, want none", name, *got)
		case f == nil:
		case got == nil:
			t.Errorf("app %s: no filter, want %+v", name, *f)
		case got.Type != f.Type || !slices.Equal(sorted(got.Events), sorted(f.Events)):
			t.Errorf("app %s: filter %+v, want %+v", name, *got, *f)
		}
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// requireProviderForEach skips unless the CLI is OpenTofu 1.9 or later.
func requireProviderForEach(t *testing.T, e *tfEnv) {
	t.Helper()
	if !e.version.AtLeast(tfcli.OpenTofu, "1.9") {
		t.Skipf("provider for_each is OpenTofu's, from 1.9: %s", e.version)
	}
}

// TestAccManyApps_openTofuForEach runs examples/many-apps/opentofu: three
// apps, each its own provider configuration made by provider for_each, each
// with its own filter. After the apply every app in the emulator has its own
// filter (a key sent to the wrong app would show as a swapped filter) and a
// plan is empty. Then an app retires as the example says: retired = true
// destroys its resources, and removing it from the map afterwards plans
// nothing.
func TestAccManyApps_openTofuForEach(t *testing.T) {
	e, creds := manyAppsEnv(t, "sales", "support", "billing")
	requireProviderForEach(t, e)
	t.Parallel()
	tofu := e.in("opentofu")
	tofu.mustRun(t, nil, "fmt", "-check", "-diff")

	apps := map[string]map[string]any{
		"sales":   {"client_id": "app_sales", "events": []string{"meeting.created", "meeting.completed"}},
		"support": {"client_id": "app_support", "filter_type": "exclude", "events": []string{"calendar_event.created"}},
		"billing": {"client_id": "app_billing", "events": []string{"action_item.created"}},
	}
	env := exampleEnv(t, e, creds, map[string]any{"apps": apps})
	tofu.mustRun(t, env, "apply", "-auto-approve")
	wantFilters(t, e, map[string]*contio.WebhookFilter{
		"sales":   {Type: contio.FilterInclude, Events: []string{"meeting.created", "meeting.completed"}},
		"support": {Type: contio.FilterExclude, Events: []string{"calendar_event.created"}},
		"billing": {Type: contio.FilterInclude, Events: []string{"action_item.created"}},
	})
	tofu.mustRun(t, env, "plan", "-detailed-exitcode")

	apps["billing"]["retired"] = true
	env = exampleEnv(t, e, creds, map[string]any{"apps": apps})
	tofu.mustRun(t, env, "apply", "-auto-approve")
	wantFilters(t, e, map[string]*contio.WebhookFilter{"billing": nil})
	delete(apps, "billing")
	env = exampleEnv(t, e, creds, map[string]any{"apps": apps})
	tofu.mustRun(t, env, "plan", "-detailed-exitcode")
}

// TestAccManyApps_terraformModules runs examples/many-apps/terraform, which
// Terraform and OpenTofu both run: one aliased provider configuration and one
// module call per app. Each app gets its own filter, and a plan after is
// empty.
func TestAccManyApps_terraformModules(t *testing.T) {
	e, creds := manyAppsEnv(t, "sales", "support")
	t.Parallel()
	tf := e.in("terraform")
	env := exampleEnv(t, e, creds, map[string]any{})
	tf.mustRun(t, env, "get") // installs ../app; `init` would look for the provider in a registry
	tf.mustRun(t, env, "apply", "-auto-approve")
	wantFilters(t, e, map[string]*contio.WebhookFilter{
		"sales":   {Type: contio.FilterInclude, Events: []string{"meeting.created", "meeting.completed", "action_item.created"}},
		"support": {Type: contio.FilterExclude, Events: []string{"calendar_event.created", "calendar_event.updated", "calendar_event.deleted"}},
	})
	tf.mustRun(t, env, "plan", "-detailed-exitcode")
}
