package e2e

// The harness: the provider binary built once per test binary, a CLI
// configuration with dev_overrides for it, and per test a working directory
// wired to its own emulator with one app. Tests drive the CLI with runTF;
// internal/tfcli does the building, the configuration and the running.

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

const (
	// moduleRoot is the provider's source tree, from this package's
	// directory (where go test runs the tests).
	moduleRoot = "../.."
	// gojqPackage is the jq the tests give scripts that need one (JQ), built
	// from the Go module proxy so that a fresh CI machine needs no system jq.
	gojqPackage = "github.com/itchyny/gojq/cmd/gojq@v0.12.19"
	// cmdTimeout bounds one CLI or script run, so a hung plugin fails the test
	// instead of the whole test binary.
	cmdTimeout = 3 * time.Minute
)

// buildDir holds what the test binary builds (provider, gojq) and the CLI
// configuration; TestMain creates it and removes it at the end.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "contio-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// cliConfig builds the provider once per test binary and returns the path of
// a CLI configuration whose dev_overrides point both registries' address of
// contio/contio at it: Terraform and OpenTofu then use the build without
// `init` (which would only warn that it is not needed).
var cliConfig = sync.OnceValues(func() (string, error) {
	plugins := filepath.Join(buildDir, "plugins")
	if _, err := tfcli.BuildProvider(context.Background(), moduleRoot, plugins, ""); err != nil {
		return "", err
	}
	rc := filepath.Join(buildDir, "terraformrc")
	return rc, tfcli.WriteConfig(rc, tfcli.DevOverrides(plugins))
})

// jqPath is the jq for scripts: $JQ when set (e.g. JQ=jq to try a system jq),
// else gojq built once per test binary with `go install` into buildDir.
var jqPath = sync.OnceValues(func() (string, error) {
	if jq := os.Getenv("JQ"); jq != "" {
		return exec.LookPath(jq)
	}
	bin := filepath.Join(buildDir, "gojq")
	// Outside the module, with no inherited GOFLAGS: gojq is not one of its
	// dependencies and must not become one.
	if err := tfcli.Go(context.Background(), buildDir, []string{"GOBIN=" + bin, "GOFLAGS="}, "install", gojqPackage); err != nil {
		return "", err
	}
	return filepath.Join(bin, "gojq"), nil
})

// acceptanceCLI skips the test unless TF_ACC is set, as terraform-plugin-testing
// does, and returns the CLI to drive: TF_ACC_TERRAFORM_PATH, else terraform on
// PATH. With TF_ACC set and no CLI, the test fails.
func acceptanceCLI(t testing.TB) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to the Terraform or OpenTofu CLI to run it")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		abs, err := tfcli.LookPath(p)
		if err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s is not an executable CLI (a relative path is taken from the package directory): %v", p, err)
		}
		return abs
	}
	p, err := tfcli.LookPath("terraform")
	if err != nil {
		t.Fatal("TF_ACC is set but there is no CLI: set TF_ACC_TERRAFORM_PATH to a Terraform or OpenTofu binary")
	}
	return p
}

// detectCLI detects the CLI once per test binary (tfcli.Detect: the one
// place its version is parsed), and logs it the first time.
var detectCLI = sync.OnceValues(func() (tfcli.CLI, error) {
	return tfcli.Detect(context.Background(), os.Getenv("TF_ACC_TERRAFORM_PATH"))
})

// tfEnv is one Terraform working directory, wired to the built provider and
// to its own emulator with one app.
type tfEnv struct {
	cli   string // the Terraform or OpenTofu CLI
	dir   string // the working directory
	env   []string
	emu   *emulatortest.Server
	creds emulator.Credentials
	// version is the CLI as tfcli.Detect reads it: which product and version,
	// for the tests that only some CLIs can run.
	version tfcli.CLI
	// source is the provider's source address in required_providers:
	// TF_ACC_PROVIDER_HOST/contio/contio when that is set (as for OpenTofu in
	// the acceptance matrix), else contio/contio.
	source string
}

// newTFEnv skips without TF_ACC; otherwise it builds what it needs, starts an
// emulator (its clock stands still until the test advances it) with one app
// made from spec, and makes an empty working directory.
func newTFEnv(t testing.TB, spec emulator.AppSpec) *tfEnv {
	t.Helper()
	cli := acceptanceCLI(t)
	rc, err := cliConfig()
	if err != nil {
		t.Fatalf("building the provider: %v", err)
	}
	emu := emulatortest.Start(t, emulator.Options{})
	e := &tfEnv{
		cli:    cli,
		dir:    t.TempDir(),
		emu:    emu,
		creds:  emu.NewApp(t, spec),
		source: "contio/contio",
		env:    tfcli.Environ(os.Environ(), rc),
	}
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		e.source = host + "/contio/contio"
	}
	e.version = cliVersion(t, cli)
	return e
}

// cliVersion is the CLI at path as tfcli.Detect reads it, detected once per
// test binary for TF_ACC_TERRAFORM_PATH's CLI and logged then.
func cliVersion(t testing.TB, path string) tfcli.CLI {
	t.Helper()
	detect := func() (tfcli.CLI, error) { return tfcli.Detect(context.Background(), path) }
	if abs, err := filepath.Abs(os.Getenv("TF_ACC_TERRAFORM_PATH")); err == nil && abs == path {
		detect = detectCLI
	}
	c, err := detect()
	if err != nil {
		t.Fatal(err)
	}
	logCLI.Do(func() { t.Logf("CLI %s: %s", path, c) })
	return c
}

// logCLI logs the CLI's version once per test binary.
var logCLI sync.Once

// cleanEnv is the process environment without what would change how the CLI
// or the provider behaves behind the test's back (see tfcli.CleanEnv).
func cleanEnv() []string {
	return tfcli.CleanEnv(os.Environ())
}

// terraformBlock declares the provider's source.
func (e *tfEnv) terraformBlock() string {
	return fmt.Sprintf(`terraform {
  required_providers {
    contio = {
      source = %q
    }
  }
}
`, e.source)
}

// providerBlock configures the provider for the app at baseURL (normally
// e.emu.URL); extra lines go inside the block, e.g. "max_retries = 0".
func (e *tfEnv) providerBlock(baseURL string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nprovider \"contio\" {\n  base_url  = %q\n  client_id = %q\n  api_key   = %q\n", baseURL, e.creds.ClientID, e.creds.APIKey)
	for _, l := range extra {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	b.WriteString("}\n\n")
	return b.String()
}

// config is a whole configuration for the emulator's app: the terraform and
// provider blocks, then body.
func (e *tfEnv) config(body string) string {
	return e.terraformBlock() + e.providerBlock(e.emu.URL) + body
}

// writeConfig replaces the working directory's configuration with main.tf.
func (e *tfEnv) writeConfig(t testing.TB, hcl string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, "main.tf"), []byte(hcl), 0o600); err != nil {
		t.Fatal(err)
	}
}

// runTF runs the CLI in the working directory. code is the exit code, or -1
// when the CLI could not run at all (the reason is then in stderr).
func (e *tfEnv) runTF(args ...string) (stdout, stderr string, code int) {
	return e.run(e.cli, args, nil)
}

// mustTF runs the CLI and fails the test unless it exits 0.
func (e *tfEnv) mustTF(t testing.TB, args ...string) string {
	t.Helper()
	out, errOut, code := e.runTF(args...)
	if code != 0 {
		t.Fatalf("%s %s: exit code %d\n%s\n%s", filepath.Base(e.cli), strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// run runs any command in the working directory with the CLI's environment
// plus extraEnv, e.g. a script with TF_BIN set.
func (e *tfEnv) run(name string, args, extraEnv []string) (stdout, stderr string, code int) {
	r := e.command(name, args, extraEnv).Run(context.Background())
	if r.ExitCode == -1 {
		r.Stderr += "\n" + r.Err.Error()
	}
	return r.Stdout, r.Stderr, r.ExitCode
}

// startTF starts the CLI in the working directory, in a process group of its
// own as a terminal's foreground job, and returns at once (for tests that
// interrupt it). The test kills it at its end if it still runs.
func (e *tfEnv) startTF(t testing.TB, args ...string) *tfcli.Process {
	t.Helper()
	p, err := e.command(e.cli, args, nil).Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Kill)
	return p
}

func (e *tfEnv) command(name string, args, extraEnv []string) tfcli.Command {
	return tfcli.Command{Path: name, Args: args, Dir: e.dir, Env: append(slices.Clone(e.env), extraEnv...), Timeout: cmdTimeout}
}

// client is a Contio client for the app, for out-of-band changes through the
// Partner API.
func (e *tfEnv) client(t testing.TB) *contio.Client {
	t.Helper()
	return e.emu.Client(t, e.creds)
}

// state is the emulator's full view of the app.
func (e *tfEnv) state(t testing.TB) emulator.AppState {
	t.Helper()
	return e.emu.State(t, e.creds.ClientID)
}

// closedURL is a loopback URL nothing listens on: an API that is down.
func closedURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}
