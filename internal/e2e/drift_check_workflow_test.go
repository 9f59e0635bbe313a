package e2e

// The example workflow users copy (examples/ci/drift-check.yml), run as
// copied: examples/ci in a temporary directory stands for the user's
// repository, and the workflow's run: steps run there in order with bash as
// GitHub runs them, the emulator standing in for Contio. Its uses: steps
// have local equivalents (workflowActions):
//   - actions/checkout of the user's repository: the copy of examples/ci;
//   - actions/checkout of contio/terraform-provider-contio: a link to this
//     module's root, where the workflow's own step then runs make install;
//   - actions/setup-go: the go running this test;
//   - hashicorp/setup-terraform, opentofu/setup-opentofu: the test's CLI
//     (TF_ACC_TERRAFORM_PATH, from .tools/bin in the matrix) on PATH as
//     terraform or tofu, the one the workflow's if: picks.
// HOME is a temporary directory, and no CLI configuration is set: init finds
// the provider where make install put it, as on a fresh runner.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// workflowFile is the document itself, not a copy.
var workflowFile = filepath.Join(moduleRoot, "examples", "ci", "drift-check.yml")

type workflowStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Run              string            `yaml:"run"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
}

type workflowDoc struct {
	Defaults struct {
		Run struct {
			Shell string `yaml:"shell"`
		} `yaml:"run"`
	} `yaml:"defaults"`
	Jobs map[string]struct {
		Env   map[string]string `yaml:"env"`
		Steps []workflowStep    `yaml:"steps"`
	} `yaml:"jobs"`
}

// workflowRun is one run of the workflow's job: where, with what, and what
// came of it.
type workflowRun struct {
	e         *tfEnv
	workspace string // GITHUB_WORKSPACE: the copy of examples/ci
	home      string
	bin       string // the setup-* equivalents put the CLI here
	summary   string // GITHUB_STEP_SUMMARY
	exprs     map[string]string
	env       map[string]string // the job's env, evaluated
	failed    string            // the step that failed, if one did
	code      int               // its exit code
	log       strings.Builder   // every step's output
	stepLog   map[string]string // each run: step's output, by name
	provider  string            // where the provider's checkout is, from the workspace
}

// buildSteps runs the steps that build the provider one at a time across the
// parallel runs: the first fills Go's build cache, the others reuse it
// instead of compiling the same packages side by side on a loaded machine.
var buildSteps sync.Mutex

// stepTimeout bounds one step, as the job's timeout-minutes bounds them all
// on GitHub; a cold build of the provider takes minutes.
const stepTimeout = 10 * time.Minute

// readWorkflow parses a workflow the docs publish; it has one job.
func readWorkflow(t *testing.T, file string) (jobName, defaultShell string, env map[string]string, steps []workflowStep) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc workflowDoc
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(doc.Jobs) != 1 {
		t.Fatalf("%s has %d jobs, want 1", file, len(doc.Jobs))
	}
	for name, job := range doc.Jobs {
		return name, doc.Defaults.Run.Shell, job.Env, job.Steps
	}
	panic("unreachable")
}

// expr matches a ${{ … }} expression.
var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// eval replaces each expression in s by its value; an expression the test
// does not know fails it, so the workflow cannot change without this test.
func (r *workflowRun) eval(t *testing.T, s string) string {
	t.Helper()
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		e := expr.FindStringSubmatch(m)[1]
		if v, ok := r.exprs[e]; ok {
			return v
		}
		if name, ok := strings.CutPrefix(e, "env."); ok {
			if v, ok := r.env[name]; ok {
				return v
			}
		}
		t.Fatalf("%s: the test does not know the expression %q", workflowFile, m)
		return ""
	})
}

// cond evaluates a step's if:, which may only compare env.CLI.
func (r *workflowRun) cond(t *testing.T, cond string) bool {
	t.Helper()
	if cond == "" {
		return true
	}
	m := regexp.MustCompile(`^env\.CLI == '(\w+)'$`).FindStringSubmatch(cond)
	if m == nil {
		t.Fatalf("%s: the test does not know the condition %q", workflowFile, cond)
	}
	return r.env["CLI"] == m[1]
}

// pins reads a version the project pins from scripts/cli-env.sh.
func pins(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, "scripts", "cli-env.sh"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + `=(\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("scripts/cli-env.sh sets no %s", name)
	}
	return string(m[1])
}

// action does what a uses: step would, locally.
func (r *workflowRun) action(t *testing.T, s workflowStep) {
	t.Helper()
	name, _, _ := strings.Cut(s.Uses, "@")
	switch name {
	case "actions/checkout":
		switch repo := s.With["repository"]; repo {
		case "": // the user's repository: the workspace already is its copy
		case "contio/terraform-provider-contio":
			root, err := filepath.Abs(moduleRoot)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(root, filepath.Join(r.workspace, s.With["path"])); err != nil {
				t.Fatal(err)
			}
			r.provider = filepath.Clean(s.With["path"])
		default:
			t.Fatalf("no local equivalent for a checkout of %s", repo)
		}
	case "actions/setup-go":
		if _, err := os.Stat(filepath.Join(r.workspace, s.With["go-version-file"])); err != nil {
			t.Errorf("setup-go's go-version-file: %v", err)
		}
	case "hashicorp/setup-terraform", "opentofu/setup-opentofu":
		cmd, pin, wrapper := "terraform", pins(t, "TF_VERSION_NEWEST"), s.With["terraform_wrapper"]
		version := s.With["terraform_version"]
		if name == "opentofu/setup-opentofu" {
			cmd, pin, wrapper, version = "tofu", pins(t, "TOFU_VERSION"), s.With["tofu_wrapper"], s.With["tofu_version"]
		}
		// A copy cannot read this repository's pins: they are literal, and
		// the newest this repository tests with.
		if version != pin {
			t.Errorf("%s installs version %q, want the literal %s (scripts/cli-env.sh)", name, version, pin)
		}
		if wrapper != "false" {
			t.Errorf("%s: the wrapper must be off (drift-check.sh reads the CLI's own output), got %q", name, wrapper)
		}
		if cmd != r.e.version.Name() {
			t.Fatalf("the workflow sets up %s for the CLI %s", cmd, r.e.version)
		}
		if err := os.Symlink(r.e.cli, filepath.Join(r.bin, cmd)); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("no local equivalent for %s", s.Uses)
	}
}

// runWorkflow runs the workflow's steps in order until one fails, as GitHub
// does (no step has an always() condition).
func (r *workflowRun) runWorkflow(t *testing.T) {
	t.Helper()
	_, shell, jobEnv, steps := readWorkflow(t, workflowFile)
	if shell != "bash" {
		t.Fatalf("%s: defaults.run.shell is %q, want bash", workflowFile, shell)
	}
	r.env = map[string]string{}
	for k, v := range jobEnv {
		r.env[k] = r.eval(t, v)
	}
	for i, s := range steps {
		if !r.cond(t, s.If) {
			continue
		}
		if s.Uses != "" {
			r.action(t, s)
			continue
		}
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("step %d", i+1)
		}
		// GitHub runs `shell: bash` as bash --noprofile --norc -eo pipefail {0}.
		script := filepath.Join(r.e.dir, "step.sh")
		if err := os.WriteFile(script, []byte(s.Run), 0o600); err != nil {
			t.Fatal(err)
		}
		env := append(tfcli.CleanEnv(os.Environ()),
			"HOME="+r.home, "XDG_DATA_HOME="+filepath.Join(r.home, ".local", "share"),
			"XDG_CONFIG_HOME="+filepath.Join(r.home, ".config"), "XDG_CACHE_HOME="+filepath.Join(r.home, ".cache"),
			"PATH="+r.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GITHUB_WORKSPACE="+r.workspace, "GITHUB_STEP_SUMMARY="+r.summary, "RUNNER_TEMP="+t.TempDir())
		goVars, err := goEnv()
		if err != nil {
			t.Fatal(err)
		}
		env = append(env, goVars...)
		for k, v := range r.env {
			env = append(env, k+"="+v)
		}
		for k, v := range s.Env {
			env = append(env, k+"="+r.eval(t, v))
		}
		wd := filepath.Clean(r.eval(t, s.WorkingDirectory))
		if r.provider != "" && wd == r.provider {
			buildSteps.Lock()
		}
		res := tfcli.Command{Path: "bash", Args: []string{"--noprofile", "--norc", "-eo", "pipefail", script},
			Dir: filepath.Join(r.workspace, wd), Env: env, Timeout: stepTimeout}.Run(t.Context())
		if r.provider != "" && wd == r.provider {
			buildSteps.Unlock()
		}
		if res.ExitCode == -1 {
			t.Fatalf("step %q could not run: %v", name, res.Err)
		}
		r.log.WriteString("--- " + name + "\n" + res.Stdout + res.Stderr)
		r.stepLog[name] = res.Stdout + res.Stderr
		if res.ExitCode != 0 {
			r.failed, r.code = name, res.ExitCode
			return
		}
	}
}

// goEnv keeps Go's caches where they are although HOME moves, so that make
// install does not build everything cold.
var goEnv = sync.OnceValues(func() ([]string, error) {
	names := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLCHAIN"}
	r := tfcli.Command{Path: "go", Args: append([]string{"env"}, names...), Timeout: cmdTimeout}.Run(context.Background())
	if r.ExitCode != 0 {
		return nil, fmt.Errorf("go env: %v %s", r.Err, r.Stderr)
	}
	values := strings.Split(strings.TrimRight(r.Stdout, "\n"), "\n")
	if len(values) != len(names) {
		return nil, fmt.Errorf("go env %s: %q", strings.Join(names, " "), r.Stdout)
	}
	env := make([]string, len(names))
	for i, name := range names {
		env[i] = name + "=" + values[i]
	}
	return env, nil
})

// newWorkflowRun copies examples/ci into a workspace and applies its
// configuration there, as the user did before the nightly check: through the
// harness's dev_overrides, with the workspace's local state as the backend.
// extra files are added to the configuration first. With noState, nothing
// is applied: a backend that points at no state.
func newWorkflowRun(t *testing.T, extra map[string]string, noState bool) *workflowRun {
	t.Helper()
	e := newTFEnv(t, emulator.AppSpec{})
	r := &workflowRun{e: e, workspace: t.TempDir(), home: t.TempDir(), bin: t.TempDir(), stepLog: map[string]string{}}
	r.summary = filepath.Join(t.TempDir(), "summary.md")
	if err := os.CopyFS(r.workspace, os.DirFS(filepath.Join(moduleRoot, "examples", "ci"))); err != nil {
		t.Fatal(err)
	}
	// reenable.tf's own header: delete it where action blocks are rejected.
	if !e.version.AtLeast(tfcli.Terraform, "1.14") {
		if err := os.Remove(filepath.Join(r.workspace, "reenable.tf")); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(r.workspace, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.exprs = map[string]string{
		"vars.DRIFT_CHECK_DIR || '.'":         ".",
		"vars.DRIFT_CHECK_CLI || 'terraform'": e.version.Name(),
		"secrets.CONTIO_CLIENT_ID":            e.creds.ClientID,
		"secrets.CONTIO_API_KEY":              e.creds.APIKey,
		"secrets.CONTIO_BASE_URL":             e.emu.URL,
	}
	e.dir = r.workspace
	e.env = append(e.env, "CONTIO_CLIENT_ID="+e.creds.ClientID, "CONTIO_API_KEY="+e.creds.APIKey, "CONTIO_BASE_URL="+e.emu.URL)
	if !noState {
		e.mustTF(t, "apply", "-auto-approve", "-no-color")
	}
	// The job's steps use a directory of their own for step scripts.
	e.dir = t.TempDir()
	return r
}

// TestAccDriftCheckWorkflow runs the copied example workflow in each state
// the nightly check must tell apart, and wants the job's outcome and its
// summary to say what happened and what to do.
func TestAccDriftCheckWorkflow(t *testing.T) {
	acceptanceCLI(t)
	go func() { _, _ = jqPath() }()
	const outputs = `
data "contio_app" "this" {}

output "webhook_url" {
  value = data.contio_app.this.webhook_url
}
`
	for _, tc := range []struct {
		name       string
		extra      map[string]string
		noState    bool
		change     func(t *testing.T, r *workflowRun)
		after      func(t *testing.T, r *workflowRun, summary string) // checks the advice
		wantFailed string                                             // the step that fails, if one does
		wantLog    []string
		notLog     []string
		want       []string // the job summary, in this order
		notWant    []string
	}{
		{
			name: "no drift",
			want: []string{"### No drift in"},
		},
		{
			name:       "auto-disabled",
			change:     func(t *testing.T, r *workflowRun) { autoDisable(t, r.e) },
			wantFailed: "Drift check",
			wantLog:    []string{"::error::Changed outside Terraform"},
			want: []string{"### Drift in", "contio_webhook_status.this: enabled true -> false (disabled outside Terraform (Contio's auto-disable, or a person))",
				" apply` is refused (*Re-enabling webhooks requires pending_disposition*)", "1. Check the endpoint"},
			notWant: []string{"-target", "To undo these changes"},
		},
		{
			name: "other drift",
			change: func(t *testing.T, r *workflowRun) {
				if _, err := r.e.client(t).RemoveWebhookFilter(t.Context()); err != nil {
					t.Fatal(err)
				}
			},
			wantFailed: "Drift check",
			want: []string{"### Drift in", "contio_webhook_filter.this: removed outside Terraform (no filter: every event is delivered)",
				"To undo these changes, `" + "%CLI%" + " apply`"},
			notWant: []string{"refused", "-target"},
		},
		{
			name: "auto-disabled and other drift",
			change: func(t *testing.T, r *workflowRun) {
				autoDisable(t, r.e)
				if _, err := r.e.client(t).RemoveWebhookFilter(t.Context()); err != nil {
					t.Fatal(err)
				}
			},
			wantFailed: "Drift check",
			want:       []string{"### Drift in", " apply` is refused", "`%CLI% apply -target=contio_webhook_filter.this`"},
			notWant:    []string{"To undo these changes"},
			after:      followTargetAdvice,
		},
		{
			name:       "no managed resource in the state",
			noState:    true,
			wantFailed: "Drift check",
			wantLog:    []string{"::error::The drift check failed (exit code 1)"},
			want:       []string{"### Drift check failed in", "the state holds no managed resource"},
			notWant:    []string{"No drift"},
		},
		{
			name:  "an output reading a data source",
			extra: map[string]string{"outputs.tf": outputs},
			change: func(t *testing.T, r *workflowRun) {
				moved := "https://hooks.example.com/contio"
				if err := r.e.emu.PatchApp(r.e.creds.ClientID, emulator.AppPatch{WebhookURL: &moved}); err != nil {
					t.Fatal(err)
				}
			},
			want:    []string{"### No drift in"},
			notWant: []string{"output"},
			notLog:  []string{"output", "exited 2"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newWorkflowRun(t, tc.extra, tc.noState)
			if tc.change != nil {
				tc.change(t, r)
			}
			jq, err := jqPath()
			if err != nil {
				t.Fatal(err)
			}
			// The runner has a jq; here it is the test's.
			if err := os.Symlink(jq, filepath.Join(r.bin, "jq")); err != nil {
				t.Fatal(err)
			}
			r.runWorkflow(t)
			b, err := os.ReadFile(r.summary)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			summary, log := string(b), r.log.String()
			t.Logf("job log:\n%s\njob summary:\n%s", log, summary)
			if r.failed != tc.wantFailed || (r.failed != "" && r.code != 1) {
				t.Errorf("failed step %q (exit code %d), want %q", r.failed, r.code, tc.wantFailed)
			}
			cli := r.e.version.Name()
			fill := func(s string) string { return strings.ReplaceAll(s, "%CLI%", cli) }
			for i := range tc.want {
				tc.want[i] = fill(tc.want[i])
			}
			expectInOrder(t, "the job summary", summary, tc.want...)
			expectInOrder(t, "the job log", log, tc.wantLog...)
			for _, s := range tc.notWant {
				if strings.Contains(summary, fill(s)) {
					t.Errorf("the job summary has %q", fill(s))
				}
			}
			checkLog, ran := r.stepLog["Drift check"]
			if !ran {
				t.Fatalf("the Drift check step did not run")
			}
			for _, s := range tc.notLog {
				if strings.Contains(checkLog, s) {
					t.Errorf("the Drift check step's log has %q", s)
				}
			}
			if strings.Contains(log+summary, r.e.creds.APIKey) {
				t.Errorf("the API key is in the job log or summary")
			}
			if tc.after != nil && !t.Failed() {
				tc.after(t, r, summary)
			}
		})
	}
}

// followTargetAdvice: while delivery is disabled a plain apply is refused, as
// the summary says, and the targeted apply it gives restores the rest.
func followTargetAdvice(t *testing.T, r *workflowRun, summary string) {
	t.Helper()
	e := r.e
	e.dir = r.workspace
	_, errOut, code := e.runTF("plan", "-no-color")
	if code != 1 || !strings.Contains(errOut, "Re-enabling webhooks requires pending_disposition") {
		t.Errorf("a plain plan while disabled: exit code %d, want 1 and the refusal\n%s", code, errOut)
	}
	m := regexp.MustCompile("`" + e.version.Name() + " (apply -target=[^`]+)`").FindStringSubmatch(summary)
	if m == nil {
		t.Fatal("the summary gives no targeted apply")
	}
	args := append(strings.Fields(m[1]), "-auto-approve", "-no-color")
	e.mustTF(t, args...)
	if st := e.state(t); st.App.WebhookFilter == nil || st.App.WebhookEnabled {
		t.Errorf("%s %s did not restore the filter alone: %+v", e.version.Name(), m[1], st.App)
	}
}
