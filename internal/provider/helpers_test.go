package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// Test helpers shared by more than one test file; a helper used by one file
// stays in it.

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

// appIDOtherThanClient is the id Contio answers for the app in the tests
// where it differs from the client id: the contract assumes they are equal.
const appIDOtherThanClient = "app_other_than_client"

// triggeredCredentialsConfig configures the provider with a client_id from a
// terraform_data whose replacement trigger is trigger: changing trigger makes
// the provider configuration unknown during the next plan's refresh.
func (e *accEnv) triggeredCredentialsConfig(trigger, hcl string) string {
	return fmt.Sprintf(`
resource "terraform_data" "creds" {
  input            = %q
  triggers_replace = [%q]
}

provider "contio" {
  base_url  = %q
  client_id = terraform_data.creds.output
  api_key   = %q
}
`, e.creds.ClientID, trigger, e.URL, e.creds.APIKey) + hcl
}

// withOddFilter is an app whose filter Contio holds with a type outside the
// assumed shape, set before Terraform manages it.
func withOddFilter(t *testing.T, spec emulator.AppSpec) *accEnv {
	t.Helper()
	env := newAccEnv(t, spec)
	env.LearnEventTypesAnyShape(t, oddEventType)
	if _, err := env.Client(t, env.creds).SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.created", oddEventType}); err != nil {
		t.Fatal(err)
	}
	return env
}

// checkPlanDiagnostics compares a ModifyPlan's diagnostics with what a test
// case wants: the first error's summary ("" for none), and warnings that
// contain each of wantWarnings (none at all when it is empty). It returns the
// first error's detail for further checks.
// modifyPlan runs a resource's ModifyPlan for a planned value (also its
// configuration) over a prior state, as the framework calls it at plan time.
func modifyPlan(ctx context.Context, r fwresource.ResourceWithModifyPlan, schema rschema.Schema, state, plan tftypes.Value) *fwresource.ModifyPlanResponse {
	req := fwresource.ModifyPlanRequest{
		State:  tfsdk.State{Schema: schema, Raw: state},
		Plan:   tfsdk.Plan{Schema: schema, Raw: plan},
		Config: tfsdk.Config{Schema: schema, Raw: plan},
	}
	resp := &fwresource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, resp)
	return resp
}

func checkPlanDiagnostics(t *testing.T, diags diag.Diagnostics, wantError string, wantWarnings []string) string {
	t.Helper()
	var gotErr, detail string
	if errs := diags.Errors(); len(errs) > 0 {
		gotErr, detail = errs[0].Summary(), errs[0].Detail()
	}
	if gotErr != wantError {
		t.Errorf("error %q, want %q", gotErr, wantError)
	}
	var warnings strings.Builder
	for _, w := range diags.Warnings() {
		warnings.WriteString(w.Summary() + ": " + w.Detail() + "\n")
	}
	if len(wantWarnings) == 0 && warnings.Len() > 0 {
		t.Errorf("unexpected warnings:\n%s", warnings.String())
	}
	for _, w := range wantWarnings {
		if !strings.Contains(warnings.String(), w) {
			t.Errorf("warnings lack %q:\n%s", w, warnings.String())
		}
	}
	return detail
}

const filterAddr = "contio_webhook_filter.this"

// filterConfig writes events exactly as given, duplicates and order included.
func filterConfig(filterType string, events ...string) string {
	quoted := make([]string, len(events))
	for i, ev := range events {
		quoted[i] = fmt.Sprintf("%q", ev)
	}
	return fmt.Sprintf("resource \"contio_webhook_filter\" \"this\" {\n  type   = %q\n  events = [%s]\n}\n",
		filterType, strings.Join(quoted, ", "))
}

func wantFilter(filterType contio.FilterType, events ...string) func(emulator.AppState) error {
	return func(st emulator.AppState) error {
		f := st.App.WebhookFilter
		if f == nil {
			return fmt.Errorf("Contio has no filter, want %s %v", filterType, events)
		}
		got := slices.Sorted(slices.Values(f.Events))
		if f.Type != filterType || !slices.Equal(got, slices.Sorted(slices.Values(events))) {
			return fmt.Errorf("Contio filter = %s %v, want %s %v", f.Type, f.Events, filterType, events)
		}
		return nil
	}
}

func noFilter(st emulator.AppState) error {
	if st.App.WebhookFilter != nil {
		return fmt.Errorf("Contio filter = %+v, want none", st.App.WebhookFilter)
	}
	return nil
}

func eventsAre(events ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(events))
	for i, ev := range events {
		checks[i] = knownvalue.StringExact(ev)
	}
	return knownvalue.SetExact(checks)
}

const statusAddr = "contio_webhook_status.this"

func statusConfig(enabled bool, disposition string) string {
	if disposition == "" {
		return fmt.Sprintf("resource \"contio_webhook_status\" \"this\" {\n  enabled = %t\n}\n", enabled)
	}
	return fmt.Sprintf("resource \"contio_webhook_status\" \"this\" {\n  enabled             = %t\n  pending_disposition = %q\n}\n", enabled, disposition)
}

// checkEmulator asserts on the emulator's view of the app after a step.
func (e *accEnv) checkEmulator(t *testing.T, check func(st emulator.AppState) error) resource.TestCheckFunc {
	return func(*terraform.State) error { return check(e.state(t)) }
}

func wantEnabled(want bool) func(emulator.AppState) error {
	return func(st emulator.AppState) error {
		if st.App.WebhookEnabled != want {
			return fmt.Errorf("Contio webhook_enabled = %t, want %t", st.App.WebhookEnabled, want)
		}
		return nil
	}
}

const appAddr = "data.contio_app.this"

// cannedAnswer is what a stand-in for Contio answers every call with.
type cannedAnswer struct {
	status      int
	contentType string
	body        string
	retryAfter  string
}

// cannedAPI is a stand-in for Contio that answers every call with a: the
// answers no emulator gives, such as error bodies in shapes the contract
// does not know.
func cannedAPI(t *testing.T, a cannedAnswer) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set(contio.RequestIDHeader, "req_canned")
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		w.Header().Set("Content-Type", a.contentType)
		w.WriteHeader(a.status)
		_, _ = fmt.Fprint(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// reenableConfig is the action's configuration; waitForDrain "" is null.
func reenableConfig(t *testing.T, disposition, waitForDrain string) tfsdk.Config {
	t.Helper()
	var sr action.SchemaResponse
	(&webhookReenableAction{}).Schema(t.Context(), action.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(t.Context())
	var wait any
	if waitForDrain != "" {
		wait = waitForDrain
	}
	return tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
		"pending_disposition": tftypes.NewValue(tftypes.String, disposition),
		"wait_for_drain":      tftypes.NewValue(tftypes.String, wait),
	})}
}

// autoDisabledApp is an app that Contio auto-disabled the way it does in
// production (50 deliveries abandoned after their retries), then 3 events
// queued as pending. The endpoint is fixed again.
func autoDisabledApp(t *testing.T, srv *emulatortest.Server) emulator.Credentials {
	t.Helper()
	return autoDisabledAppWith(t, srv, emulator.AppSpec{})
}

// autoDisabledAppWith is autoDisabledApp for an app made from spec.
func autoDisabledAppWith(t *testing.T, srv *emulatortest.Server, spec emulator.AppSpec) emulator.Credentials {
	t.Helper()
	spec.WebhookURL = srv.SinkFail()
	creds := srv.NewApp(t, spec)
	srv.Emit(t, creds.ClientID, emulator.AutoDisableAbandonedThreshold, contio.AlwaysDeliveredEventType)
	srv.ExhaustRetries(t)
	srv.RunDeliveryCycle(t.Context())
	ok := srv.SinkOK()
	if err := srv.PatchApp(creds.ClientID, emulator.AppPatch{WebhookURL: &ok}); err != nil {
		t.Fatal(err)
	}
	if srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Fatal("the emulator did not auto-disable the app")
	}
	srv.Emit(t, creds.ClientID, 3, "meeting.created")
	return creds
}

// invoke runs the action and returns its progress messages, one a line.
func invoke(t *testing.T, a *webhookReenableAction, cfg tfsdk.Config) (string, *action.InvokeResponse) {
	t.Helper()
	var msgs []string
	resp := &action.InvokeResponse{SendProgress: func(e action.InvokeProgressEvent) { msgs = append(msgs, e.Message) }}
	a.Invoke(t.Context(), action.InvokeRequest{Config: cfg}, resp)
	return strings.Join(msgs, "\n"), resp
}

// wantProgress wants each of wants in the progress messages.
func wantProgress(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("the progress lacks %q:\n%s", w, got)
		}
	}
}

// warningsText is every warning, summary and detail, one a line.
func warningsText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, w := range diags.Warnings() {
		b.WriteString(w.Summary() + ": " + w.Detail() + "\n")
	}
	return b.String()
}

// checkResult is the status and the problems' messages of the check block
// named name among a plan's or a state's check results, and whether it is
// there: one reading for plan checks (expectCheck) and state checks
// (checkBlock).
func checkResult(checks []tfjson.CheckResultStatic, name string) (status string, problems []string, found bool) {
	for _, c := range checks {
		if c.Address.Kind != tfjson.CheckKindCheckBlock || c.Address.Name != name {
			continue
		}
		for _, in := range c.Instances {
			for _, p := range in.Problems {
				problems = append(problems, p.Message)
			}
		}
		return string(c.Status), problems, true
	}
	return "", nil, false
}
