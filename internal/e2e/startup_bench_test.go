package e2e

// Start-up cost, in process: what one provider process does from its start to
// its plan, through the plugin protocol (tfprotov6) as the CLI drives it, for
// the contio provider and for a framework provider that does nothing
// (testdata/noopprovider). Each app is one provider process, so this is the
// cost that a configuration of many apps multiplies. The CLI's own share, the
// process start and the gRPC handshake are in the CLI benchmark
// (many_apps_bench_test.go); they are the same for both providers.

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/e2e/testdata/noopprovider"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
	"github.com/contio/terraform-provider-contio/internal/provider"
)

// newContioServer is what a new provider process serves, with an empty
// environment: no CONTIO_* fallback reaches the benchmark.
func newContioServer() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(provider.NewWithEnv("bench", func(string) string { return "" })())()
}

// BenchmarkStartToPlan is one provider process of a plan that creates a
// contio_webhook_status and a contio_webhook_filter: the server built, the
// schema served, the provider configuration validated and configured, both
// resources validated and planned. provider=noop is the floor that the
// framework sets; the difference is the contio provider's own cost.
func BenchmarkStartToPlan(b *testing.B) {
	srv := emulatortest.Start(b, emulator.Options{})
	creds := srv.NewApp(b, emulator.AppSpec{})
	for _, p := range []struct {
		name string
		new  func() tfprotov6.ProviderServer
	}{
		{"contio", newContioServer},
		{"noop", func() tfprotov6.ProviderServer { return providerserver.NewProtocol6(noopprovider.New())() }},
	} {
		b.Run("provider="+p.name, func(b *testing.B) {
			srv.ResetRequestCounts()
			b.ReportAllocs()
			for b.Loop() {
				planOneApp(b, p.new(), srv.URL, creds)
			}
			b.ReportMetric(float64(totalRequests(srv))/float64(b.N), "requests/op")
		})
	}
}

// BenchmarkPlanApps is the providers' side of one plan of n apps, one
// provider process each (as aliases or OpenTofu's provider for_each make
// them), each creating a status and a filter: the time is the CPU that n
// processes spend from start to plan, run one after the other (the CLI runs
// up to 10 at once, so wall time on many cores is lower), and requests/op the
// Partner API calls of the whole plan. The same plan through a real CLI is
// BenchmarkManyAppsPlan.
func BenchmarkPlanApps(b *testing.B) {
	for _, n := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("apps=%d", n), func(b *testing.B) {
			srv := emulatortest.Start(b, emulator.Options{})
			apps := make([]emulator.Credentials, n)
			for i := range apps {
				apps[i] = srv.NewApp(b, emulator.AppSpec{})
			}
			srv.ResetRequestCounts()
			b.ReportAllocs()
			for b.Loop() {
				for _, creds := range apps {
					planOneApp(b, newContioServer(), srv.URL, creds)
				}
			}
			b.ReportMetric(float64(totalRequests(srv))/float64(b.N), "requests/op")
		})
	}
}

func totalRequests(srv *emulatortest.Server) int {
	total := 0
	for _, n := range srv.RequestCounts() {
		total += n
	}
	return total
}

// planOneApp drives s as the CLI drives one provider process in a plan that
// creates a webhook status and an include filter for the app at baseURL.
func planOneApp(b *testing.B, s tfprotov6.ProviderServer, baseURL string, creds emulator.Credentials) {
	b.Helper()
	ctx := context.Background()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	cfg := dynamicValue(b, schemas.Provider, map[string]tftypes.Value{
		"base_url":  tftypes.NewValue(tftypes.String, baseURL),
		"client_id": tftypes.NewValue(tftypes.String, creds.ClientID),
		"api_key":   tftypes.NewValue(tftypes.String, creds.APIKey),
	})
	validated, err := s.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: cfg})
	if err != nil || hasError(validated.Diagnostics) {
		b.Fatalf("ValidateProviderConfig: %v %v", err, validated.Diagnostics)
	}
	configured, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg, TerraformVersion: "1.14.9"})
	if err != nil || hasError(configured.Diagnostics) {
		b.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	events := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{
		tftypes.NewValue(tftypes.String, "meeting.created"), tftypes.NewValue(tftypes.String, "meeting.completed"),
	})
	for typeName, attrs := range map[string]map[string]tftypes.Value{
		"contio_webhook_status": {"enabled": tftypes.NewValue(tftypes.Bool, true)},
		"contio_webhook_filter": {"type": tftypes.NewValue(tftypes.String, "include"), "events": events},
	} {
		schema := schemas.ResourceSchemas[typeName]
		config := dynamicValue(b, schema, attrs)
		valid, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config})
		if err != nil || hasError(valid.Diagnostics) {
			b.Fatalf("ValidateResourceConfig %s: %v %v", typeName, err, valid.Diagnostics)
		}
		// A create: the proposed state is the configuration, its computed id unknown.
		attrs["id"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		prior, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), nil))
		if err != nil {
			b.Fatal(err)
		}
		planned, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: &prior, Config: config,
			ProposedNewState: dynamicValue(b, schema, attrs),
		})
		if err != nil || hasError(planned.Diagnostics) {
			b.Fatalf("PlanResourceChange %s: %v %v", typeName, err, planned.Diagnostics)
		}
	}
	if _, err := s.StopProvider(ctx, &tfprotov6.StopProviderRequest{}); err != nil {
		b.Fatal(err)
	}
}

// dynamicValue is an object of schema's type with the given attributes set
// and every other attribute null.
func dynamicValue(b *testing.B, schema *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	vals := map[string]tftypes.Value{}
	for _, a := range schema.Block.Attributes {
		if v, ok := set[a.Name]; ok {
			vals[a.Name] = v
		} else {
			vals[a.Name] = tftypes.NewValue(a.ValueType(), nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), vals))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// BenchmarkProcessStart is the other half of a provider process's start-up:
// the binary started as the CLI starts a plugin, up to its handshake line
// (runtime and package initialisation, the gRPC server listening), then
// killed; contio and the do-nothing provider alternate. It reports each one's
// CPU time (user and system) per start, and the ratio. The CLI's mutual TLS is
// left out: it costs both the same.
func BenchmarkProcessStart(b *testing.B) {
	if _, err := cliConfig(); err != nil {
		b.Fatalf("building the provider: %v", err)
	}
	if _, err := noopCLIConfig(); err != nil {
		b.Fatalf("building the do-nothing provider: %v", err)
	}
	contio := filepath.Join(buildDir, "plugins", "terraform-provider-contio")
	noop := filepath.Join(buildDir, "noop-plugins", "terraform-provider-contio")
	var cpu, noopCPU time.Duration
	for b.Loop() {
		cpu += startToHandshake(b, contio)
		noopCPU += startToHandshake(b, noop)
	}
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "contio-cpu-µs/op")
	b.ReportMetric(float64(noopCPU.Microseconds())/float64(b.N), "noop-cpu-µs/op")
	b.ReportMetric(cpu.Seconds()/noopCPU.Seconds(), "cpu-ratio")
}

// startToHandshake starts a provider binary in plugin mode, waits for its
// handshake line, kills it and returns its CPU time.
func startToHandshake(b *testing.B, bin string) time.Duration {
	b.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(cleanEnv(), "TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=6", "PLUGIN_MIN_PORT=10000", "PLUGIN_MAX_PORT=25000")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if err != nil || !strings.HasPrefix(line, "1|6|") {
		b.Fatalf("%s: no plugin handshake (%v): %q", bin, err, line)
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}
