package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// exampleTesting is the testing guide's module, its tests and its CI job.
const exampleTesting = "examples/testing"

// TestAccTestingGuideExample runs the testing guide's GitHub Actions job
// (examples/testing/terraform-test.yml) here as copied, as
// TestAccDriftCheckWorkflow runs drift-check.yml: in a copy of the example
// outside the repository, with the CLI under test as terraform. Until the
// provider's first release the job's env names no emulator release, so its
// download step is skipped and its from-source steps run: make install (HOME
// a temporary directory, no CLI configuration) and the emulator built from
// this tree onto $GITHUB_PATH. Then a broken copy of the module must fail
// its unit tests.
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
	file := filepath.Join(moduleRoot, exampleTesting, "terraform-test.yml")
	if job, _, _, _ := readWorkflow(t, file); job != "test" {
		t.Fatalf("terraform-test.yml: want one job, test; got %s", job)
	}
	r := newWorkflow(t, file, filepath.Join(moduleRoot, exampleTesting), cli, version)
	// The guide's job installs Terraform 1.14.9; the test runs the CLI of
	// the matrix in its place, OpenTofu too.
	r.terraformPin, r.anyCLI = "TF_VERSION_ACTIONS", true
	checkEmulatorSource(t, r)

	// A free port, not the job's 8085: other tests run beside this one.
	r.runWorkflow(t, map[string]string{"CONTIO_BASE_URL": closedURL(t)})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("job log:\n%s", r.log.String())
		}
	})
	if r.failed != "" {
		t.Fatalf("step %q failed: exit code %d", r.failed, r.code)
	}
	// The emulator the job ran is the one its from-source step built.
	if p := r.lookPath("contio-emulator"); p == "" || !slices.Contains(r.path, filepath.Dir(p)) {
		t.Errorf("the job's PATH finds contio-emulator at %q, not in a directory a step added to $GITHUB_PATH (%q)", p, r.path)
	}
	for _, step := range []string{"Install the provider and build contio-emulator", "Start contio-emulator", "terraform test"} {
		if _, ok := r.stepLog[step]; !ok {
			t.Errorf("the step %q did not run: update this test with the workflow", step)
		}
	}
	out := flat(ansi.ReplaceAllString(r.stepLog["terraform test"], ""))
	for _, run := range []string{
		`run "health_check_fires"... pass`,
		`run "reenable"... pass`,
		`run "filter_and_delivery_are_back"... pass`,
		`run "health_check_fires_while_disabled"... pass`,
		`run "critical_events_stay_delivered"... pass`,
	} {
		if !strings.Contains(out, run) {
			t.Errorf("terraform test's output lacks %q", run)
		}
	}

	// The module, broken: its filter drops a critical event, and one type is
	// misspelt. The unit tests need no emulator; they must fail, and the
	// provider's validation must still speak under mock_provider.
	broken := copyExample(t, func(mainTF string) string {
		return strings.NewReplacer(`"calendar_event.deleted"`, `"meeting.completed"`,
			`"calendar_event.updated"`, `"calendar_event.upated"`).Replace(mainTF)
	})
	res := tfcli.Command{Path: cli, Args: []string{"test", "-no-color", "-filter=tests/unit.tftest.hcl"}, Dir: broken,
		Env: tfcli.Environ(os.Environ(), rc), Timeout: cmdTimeout}.Run(context.Background())
	brokenOut := flat(res.Stdout + res.Stderr)
	for _, want := range []string{
		`run "critical_events_stay_delivered"... fail`,
		"The filter drops a critical event type",
		"Warning: Likely typo in a Contio event type",
	} {
		if !strings.Contains(brokenOut, want) {
			t.Errorf("the broken module's terraform test output lacks %q:\n%s\n%s", want, res.Stdout, res.Stderr)
		}
	}
	if res.ExitCode != 1 {
		t.Errorf("the broken module's terraform test: exit code %d, want 1", res.ExitCode)
	}
}

// ansi matches a terminal colour sequence: the job runs the CLI without
// -no-color, as a copy does.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// checkEmulatorSource holds the job to what its comments promise: with its
// env as written (no release yet) the download step is skipped and the steps
// that build from the provider's repository run; with a release named, the
// download runs and they do not. So neither the download nor the network
// is needed today, and one edit switches to the release.
func checkEmulatorSource(t *testing.T, r *workflowRun) {
	t.Helper()
	steps := r.jobEnv(t, nil)
	const release = "0.1.0"
	if v, ok := r.env["CONTIO_EMULATOR_VERSION"]; !ok || v != "" {
		t.Fatalf("%s: CONTIO_EMULATOR_VERSION is %q (set: %v), want empty until the provider's first release", r.file, v, ok)
	}
	runs := func(version string) map[string]bool {
		r.env["CONTIO_EMULATOR_VERSION"] = version
		ran := map[string]bool{}
		for _, s := range steps {
			if !r.cond(t, s.If) {
				continue
			}
			switch {
			case s.ID != "":
				ran[s.ID] = true
			case s.With["repository"] == "contio/terraform-provider-contio":
				ran["checkout provider"] = true
			case strings.HasPrefix(s.Uses, "actions/setup-go@"):
				ran["setup-go"] = true
			}
		}
		return ran
	}
	today, released := runs(""), runs(release)
	r.env["CONTIO_EMULATOR_VERSION"] = ""
	if today["download"] {
		t.Fatalf("%s: the download step runs with the job's env as written, but there is no release to download yet: give it if: env.CONTIO_EMULATOR_VERSION != ''", r.file)
	}
	if !released["download"] {
		t.Errorf("%s: with CONTIO_EMULATOR_VERSION=%s the download step does not run", r.file, release)
	}
	for _, s := range []string{"checkout provider", "setup-go", "from-source"} {
		if !today[s] {
			t.Errorf("%s: with the job's env as written, the step %q does not run", r.file, s)
		}
		if released[s] {
			t.Errorf("%s: with CONTIO_EMULATOR_VERSION=%s, the step %q still runs", r.file, release, s)
		}
	}
}

// copyExample copies examples/testing to a temporary directory outside the
// repository, passing main.tf through edit.
func copyExample(t *testing.T, edit func(string) string) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(filepath.Join(moduleRoot, exampleTesting)))
	if err != nil {
		t.Fatal(err)
	}
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
	return dst
}
