package e2e

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// exampleTesting is the testing guide's module, its tests and its CI job.
const exampleTesting = "examples/testing"

// TestAccTestingGuideExample runs the testing guide's GitHub Actions job
// (examples/testing/terraform-test.yml) here: its run: steps, in a copy of
// the example outside the repository, with the CLI under test as terraform
// and a contio-emulator built from this tree (or $CONTIO_EMULATOR, such as
// one from a release archive) standing in for the download step. Then a
// broken copy of the module must fail its unit tests.
func TestAccTestingGuideExample(t *testing.T) {
	cli := acceptanceCLI(t)
	version := cliVersion(t, cli)
	// mock_provider came in Terraform 1.7, provider functions in 1.8;
	// OpenTofu has both from 1.8.
	if !version.AtLeast(tfcli.Terraform, "1.8.0") && !version.AtLeast(tfcli.OpenTofu, "1.8.0") {
		t.Skipf("%s cannot run examples/testing: it needs terraform test with mock_provider and provider functions (Terraform 1.8+, OpenTofu 1.8+)", version)
	}
	rc, err := cliConfig()
	if err != nil {
		t.Fatalf("building the provider: %v", err)
	}
	// The job runs terraform init, which dev_overrides would fail on
	// Terraform before 1.16 (it asks the registry): install from a mirror.
	mirrorRC, err := mirrorConfig()
	if err != nil {
		t.Fatalf("building the provider's mirror: %v", err)
	}
	emulatorBin, err := emulatorBinary()
	if err != nil {
		t.Fatalf("building contio-emulator: %v", err)
	}
	job, _, jobEnv, steps := readWorkflow(t, filepath.Join(moduleRoot, exampleTesting, "terraform-test.yml"))
	if job != "test" {
		t.Fatalf("terraform-test.yml: want one job, test; got %s", job)
	}

	// The runner: the CLI as terraform and the emulator on PATH, as
	// setup-terraform and the download step leave them.
	runner := t.TempDir()
	cliDir := filepath.Join(runner, "cli")
	if err := os.Mkdir(cliDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cli, filepath.Join(cliDir, "terraform")); err != nil {
		t.Fatal(err)
	}
	env := tfcli.Environ(os.Environ(), mirrorRC, "RUNNER_TEMP="+runner, "TF_CLI_ARGS=-no-color",
		"PATH="+filepath.Dir(emulatorBin)+string(os.PathListSeparator)+cliDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	for k, v := range jobEnv {
		env = append(env, k+"="+v)
	}
	// A free port, not the job's 8085: other tests run beside this one.
	env = append(env, "CONTIO_BASE_URL="+closedURL(t))

	work := copyExample(t, nil)
	ran := 0
	for _, step := range steps {
		if step.Run == "" || step.ID == "download" {
			continue
		}
		ran++
		r := runStep(t, work, env, step.Run)
		if r.ExitCode != 0 {
			t.Fatalf("step %q: exit code %d\n%s\n%s", step.Name, r.ExitCode, r.Stdout, r.Stderr)
		}
		if step.Name != "terraform test" {
			continue
		}
		for _, run := range []string{
			`run "health_check_fires"... pass`,
			`run "reenable"... pass`,
			`run "filter_and_delivery_are_back"... pass`,
			`run "health_check_fires_while_disabled"... pass`,
			`run "critical_events_stay_delivered"... pass`,
		} {
			if !strings.Contains(flat(r.Stdout), run) {
				t.Errorf("terraform test's output lacks %q:\n%s", run, r.Stdout)
			}
		}
	}
	if ran != 2 {
		t.Fatalf("ran %d run: steps besides the download, want 2 (start the emulator, terraform test): update this test with the workflow", ran)
	}

	// The module, broken: its filter drops a critical event, and one type is
	// misspelt. The unit tests need no emulator; they must fail, and the
	// provider's validation must still speak under mock_provider.
	broken := copyExample(t, func(mainTF string) string {
		return strings.NewReplacer(`"calendar_event.deleted"`, `"meeting.completed"`,
			`"calendar_event.updated"`, `"calendar_event.upated"`).Replace(mainTF)
	})
	r := tfcli.Command{Path: cli, Args: []string{"test", "-no-color", "-filter=tests/unit.tftest.hcl"}, Dir: broken,
		Env: tfcli.Environ(os.Environ(), rc), Timeout: cmdTimeout}.Run(context.Background())
	out := flat(r.Stdout + r.Stderr)
	for _, want := range []string{
		`run "critical_events_stay_delivered"... fail`,
		"The filter drops a critical event type",
		"Warning: Likely typo in a Contio event type",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the broken module's terraform test output lacks %q:\n%s\n%s", want, r.Stdout, r.Stderr)
		}
	}
	if r.ExitCode != 1 {
		t.Errorf("the broken module's terraform test: exit code %d, want 1", r.ExitCode)
	}
}

// runStep runs a run: step as GitHub's bash shell does, in a process group
// of its own that is ended when the test ends: a step may leave a process
// running for later steps (the emulator).
func runStep(t *testing.T, dir string, env []string, script string) tfcli.Result {
	t.Helper()
	file := filepath.Join(t.TempDir(), "step.sh")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := tfcli.Command{Path: "bash", Args: []string{"--noprofile", "--norc", "-eo", "pipefail", file}, Dir: dir, Env: env}.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-p.Pid(), syscall.SIGTERM) })
	select {
	case <-p.Done():
	case <-time.After(cmdTimeout):
		p.Kill()
	}
	return p.Wait()
}

// copyExample copies examples/testing to a temporary directory outside the
// repository, passing main.tf through edit when it is not nil.
func copyExample(t *testing.T, edit func(string) string) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(filepath.Join(moduleRoot, exampleTesting)))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		mainTF := filepath.Join(dst, "main.tf")
		b, err := os.ReadFile(mainTF)
		if err != nil {
			t.Fatal(err)
		}
		edited := edit(string(b))
		if edited == string(b) {
			t.Fatal("the edit left main.tf unchanged: update this test with the example")
		}
		if err := os.WriteFile(mainTF, []byte(edited), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// emulatorBinary is $CONTIO_EMULATOR when set (e.g. the binary of a release
// archive), else contio-emulator built from this tree once per test binary.
var emulatorBinary = sync.OnceValues(func() (string, error) {
	if p := os.Getenv("CONTIO_EMULATOR"); p != "" {
		return tfcli.LookPath(p)
	}
	dir := filepath.Join(buildDir, "emulator")
	out, err := filepath.Abs(filepath.Join(dir, "contio-emulator"))
	if err != nil {
		return "", err
	}
	return out, tfcli.Go(context.Background(), moduleRoot, nil, "build", "-o", out, "./cmd/contio-emulator")
})

// mirrorConfig builds the provider once per test binary as version 0.0.1
// into an unpacked filesystem mirror for both registry hosts, and returns a
// CLI configuration that installs from it, as init from a registry would.
var mirrorConfig = sync.OnceValues(func() (string, error) {
	mirror := filepath.Join(buildDir, "mirror")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	var built string
	for _, host := range []string{tfcli.HostTerraform, tfcli.HostOpenTofu} {
		dir := filepath.Join(mirror, host, "contio", "contio", "0.0.1", platform)
		if built == "" {
			bin, err := tfcli.BuildProvider(context.Background(), moduleRoot, dir, "0.0.1")
			if err != nil {
				return "", err
			}
			built = bin
			continue
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		if err := os.Link(built, filepath.Join(dir, tfcli.ProviderBinary)); err != nil {
			return "", err
		}
	}
	rc := filepath.Join(buildDir, "mirror.terraformrc")
	return rc, tfcli.WriteConfig(rc, tfcli.FilesystemMirror(mirror))
})
