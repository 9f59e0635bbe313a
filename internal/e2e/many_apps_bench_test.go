package e2e

// Many apps through the real CLI: plan time and Partner API calls for 1, 10
// and 50 apps, and the start-up cost of the provider process against a
// framework provider that does nothing (testdata/noopprovider). Both need
// TF_ACC=1 and a CLI, like the e2e tests; without them they skip, and
// BenchmarkPlanApps and BenchmarkStartToPlan measure the providers' side in
// process. Each iteration is a whole `plan`: run them with -benchtime=5x or so.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// aliasesConfig is one aliased provider configuration per app, each with a
// webhook status and an include filter: how Terraform, which has no provider
// for_each, manages many apps in one root module.
func aliasesConfig(e *tfEnv, baseURL string, apps []emulator.Credentials) string {
	var b strings.Builder
	b.WriteString(e.terraformBlock())
	for i, app := range apps {
		fmt.Fprintf(&b, `
provider "contio" {
  alias     = "app%[1]d"
  base_url  = %[2]q
  client_id = %[3]q
  api_key   = %[4]q
}

resource "contio_webhook_status" "app%[1]d" {
  provider = contio.app%[1]d
  enabled  = true
}

resource "contio_webhook_filter" "app%[1]d" {
  provider = contio.app%[1]d
  type     = "include"
  events   = ["meeting.created", "meeting.completed"]
}
`, i, baseURL, app.ClientID, app.APIKey)
	}
	return b.String()
}

// newManyAppsEnv is a working directory whose emulator holds n apps (the
// harness's own and n-1 more), configured as aliases and applied.
func newManyAppsEnv(b *testing.B, n int) (*tfEnv, []emulator.Credentials) {
	e := newTFEnv(b, emulator.AppSpec{})
	apps := []emulator.Credentials{e.creds}
	for len(apps) < n {
		apps = append(apps, e.emu.NewApp(b, emulator.AppSpec{}))
	}
	e.writeConfig(b, aliasesConfig(e, e.emu.URL, apps))
	e.mustTF(b, "apply", "-auto-approve", "-no-color")
	return e, apps
}

// BenchmarkManyAppsPlan is `plan` of n apps configured as aliases, after they
// were applied (the daily plan of a platform team): wall time per plan, the
// CPU of the CLI and the provider processes, and the Partner API calls, one
// app read per app.
func BenchmarkManyAppsPlan(b *testing.B) {
	for _, n := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("apps=%d", n), func(b *testing.B) {
			e, _ := newManyAppsEnv(b, n)
			e.emu.ResetRequestCounts()
			var cpu time.Duration
			for b.Loop() {
				_, c := e.timedPlan(b, nil)
				cpu += c
			}
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(totalRequests(e.emu))/float64(b.N), "requests/op")
		})
	}
}

// startupApps is the start-up comparison's size: 20 apps as aliases, each
// with a status and a filter.
const startupApps = 20

// BenchmarkStartupVsNoop plans 20 apps as aliases with the contio provider
// and, in a second working directory with the same configuration and state
// shape, with a framework provider that does nothing; each iteration runs one
// plan of each, alternating, so that load on the machine falls on both alike.
// It reports each one's wall and CPU time per plan and the ratios, which the
// start-up work aims to keep within 1.05.
func BenchmarkStartupVsNoop(b *testing.B) {
	e, apps := newManyAppsEnv(b, startupApps)
	noopRC, err := noopCLIConfig()
	if err != nil {
		b.Fatalf("building the do-nothing provider: %v", err)
	}
	noop := *e
	noop.dir = b.TempDir()
	noopEnv := []string{"TF_CLI_CONFIG_FILE=" + noopRC}
	noop.writeConfig(b, aliasesConfig(e, e.emu.URL, apps))
	e.emu.ResetRequestCounts()
	if out, errOut, code := noop.run(noop.cli, []string{"apply", "-auto-approve", "-no-color"}, noopEnv); code != 0 {
		b.Fatalf("apply with the do-nothing provider: exit code %d\n%s\n%s", code, out, errOut)
	}
	if n := totalRequests(e.emu); n != 0 {
		b.Fatalf("the do-nothing provider's apply made %d Partner API calls: the CLI ran the contio provider", n)
	}

	var wall, cpu, noopWall, noopCPU time.Duration
	for b.Loop() {
		w, c := e.timedPlan(b, nil)
		wall, cpu = wall+w, cpu+c
		w, c = noop.timedPlan(b, noopEnv)
		noopWall, noopCPU = noopWall+w, noopCPU+c
	}
	n := float64(b.N)
	b.ReportMetric(float64(wall.Milliseconds())/n, "contio-wall-ms/op")
	b.ReportMetric(float64(noopWall.Milliseconds())/n, "noop-wall-ms/op")
	b.ReportMetric(float64(cpu.Milliseconds())/n, "contio-cpu-ms/op")
	b.ReportMetric(float64(noopCPU.Milliseconds())/n, "noop-cpu-ms/op")
	b.ReportMetric(wall.Seconds()/noopWall.Seconds(), "wall-ratio")
	b.ReportMetric(cpu.Seconds()/noopCPU.Seconds(), "cpu-ratio")
}

// timedPlan runs `plan -detailed-exitcode`, wants no changes, and returns its
// wall time and its CPU time: user and system time of the CLI and of the
// provider processes it started and waited for (the kernel adds a reaped
// child's times to its parent's).
func (e *tfEnv) timedPlan(b *testing.B, extraEnv []string) (wall, cpu time.Duration) {
	b.Helper()
	start := time.Now()
	r := e.command(e.cli, []string{"plan", "-detailed-exitcode", "-no-color"}, extraEnv).Run(context.Background())
	wall = time.Since(start)
	if r.Err != nil {
		b.Fatalf("%s plan: %v (exit code 2 is a planned change)\n%s%s", filepath.Base(e.cli), r.Err, r.Stdout, r.Stderr)
	}
	return wall, r.CPU
}

// noopCLIConfig builds the do-nothing provider once per test binary and
// returns a CLI configuration whose dev_overrides install it as contio/contio.
var noopCLIConfig = sync.OnceValues(func() (string, error) {
	plugins := filepath.Join(buildDir, "noop-plugins")
	if _, err := tfcli.BuildProvider(context.Background(), filepath.Join(moduleRoot, "internal", "e2e", "testdata", "noopprovider", "serve"), plugins, ""); err != nil {
		return "", err
	}
	rc := filepath.Join(buildDir, "noop-terraformrc")
	return rc, tfcli.WriteConfig(rc, tfcli.DevOverrides(plugins))
})
