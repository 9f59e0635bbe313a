package e2e

// The example workflows users copy, run as copied: a copy of the example
// directory stands for the user's repository, and the workflow's run: steps
// run there in order with bash as GitHub runs them, the emulator standing in
// for Contio. Here examples/ci/drift-check.yml; testing_guide_test.go runs
// examples/testing/terraform-test.yml the same way. Their uses: steps have
// local equivalents (workflowRun.action):
//   - actions/checkout of the user's repository: the copy of the example;
//   - actions/checkout of contio/terraform-provider-contio: a link to this
//     module's root, where the workflow's own step then runs make install;
//   - actions/setup-go: the go running this test;
//   - hashicorp/setup-terraform, opentofu/setup-opentofu: the test's CLI
//     (TF_ACC_TERRAFORM_PATH, from .tools/bin in the matrix) on PATH as
//     terraform or tofu, the one the workflow's if: picks.
// HOME is a temporary directory, and no CLI configuration is set: init finds
// the provider where make install put it, as on a fresh runner. A step's
// if: may compare env values, and what a step appends to $GITHUB_PATH is on
// PATH for the steps after it.

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
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

// workflowRun is one run of a workflow's job: where, with what, and what
// came of it.
type workflowRun struct {
	file      string    // the workflow, as the docs publish it
	cli       string    // the CLI under test, which the setup-* steps put on PATH
	version   tfcli.CLI // and what it is
	workspace string    // GITHUB_WORKSPACE: the copy of the example
	home      string
	bin       string // the setup-* equivalents put the CLI here
	temp      string // RUNNER_TEMP
	scripts   string // the step scripts
	summary   string // GITHUB_STEP_SUMMARY
	// terraformPin names the pin of scripts/cli-env.sh that the workflow's
	// setup-terraform must install (setup-opentofu: TOFU_VERSION).
	terraformPin string
	// anyCLI lets the CLI under test stand in for the terraform that
	// setup-terraform installs, OpenTofu too; else the workflow must set up
	// the CLI under test.
	anyCLI   bool
	exprs    map[string]string
	env      map[string]string // the job's env, evaluated
	path     []string          // what steps appended to $GITHUB_PATH, newest first
	failed   string            // the step that failed, if one did
	code     int               // its exit code
	log      strings.Builder   // every step's output
	stepLog  map[string]string // each run: step's output, by name
	provider string            // where the provider's checkout is, from the workspace

	e *tfEnv // the drift check's: its emulator and app
}

// newWorkflow prepares a run of the workflow file in a copy of the example
// directory src, with the CLI under test.
func newWorkflow(t *testing.T, file, src, cli string, version tfcli.CLI) *workflowRun {
	t.Helper()
	r := &workflowRun{file: file, cli: cli, version: version, workspace: t.TempDir(), home: t.TempDir(),
		bin: t.TempDir(), temp: t.TempDir(), scripts: t.TempDir(), terraformPin: "TF_VERSION_NEWEST",
		exprs: map[string]string{}, stepLog: map[string]string{}}
	r.summary = filepath.Join(t.TempDir(), "summary.md")
	if err := os.CopyFS(r.workspace, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return r
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
		t.Fatalf("%s: the test does not know the expression %q", r.file, m)
		return ""
	})
}

// condition is the one form of if: the test knows: env.NAME == 'value' or !=.
var condition = regexp.MustCompile(`^env\.(\w+) (==|!=) '([^']*)'$`)

// cond evaluates a step's if: against the job's env (an unset name is empty).
func (r *workflowRun) cond(t *testing.T, cond string) bool {
	t.Helper()
	if cond == "" {
		return true
	}
	m := condition.FindStringSubmatch(cond)
	if m == nil {
		t.Fatalf("%s: the test does not know the condition %q", r.file, cond)
	}
	return (r.env[m[1]] == m[3]) == (m[2] == "==")
}

// jobEnv evaluates the workflow's job env into r.env, then sets override
// (such as a free port for the emulator) over it, and returns the steps.
func (r *workflowRun) jobEnv(t *testing.T, override map[string]string) []workflowStep {
	t.Helper()
	_, _, env, steps := readWorkflow(t, r.file)
	r.env = map[string]string{}
	for k, v := range env {
		r.env[k] = r.eval(t, v)
	}
	for k, v := range override {
		r.env[k] = v
	}
	return steps
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
		cmd, pin, wrapper := "terraform", pins(t, r.terraformPin), s.With["terraform_wrapper"]
		version := s.With["terraform_version"]
		if name == "opentofu/setup-opentofu" {
			cmd, pin, wrapper, version = "tofu", pins(t, "TOFU_VERSION"), s.With["tofu_wrapper"], s.With["tofu_version"]
		}
		// A copy cannot read this repository's pins: they are literal, and
		// ones this repository tests with.
		if version != pin {
			t.Errorf("%s installs version %q, want the literal %s (scripts/cli-env.sh)", name, version, pin)
		}
		if wrapper != "false" {
			t.Errorf("%s: the wrapper must be off (the steps read the CLI's own output), got %q", name, wrapper)
		}
		if cmd != r.version.Name() && !r.anyCLI {
			t.Fatalf("the workflow sets up %s for the CLI %s", cmd, r.version)
		}
		if err := os.Symlink(r.cli, filepath.Join(r.bin, cmd)); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("no local equivalent for %s", s.Uses)
	}
}

// runWorkflow runs the workflow's steps in order until one fails, as GitHub
// does (no step has an always() condition), with the job's env and then
// override. A process a step leaves running (the emulator) runs on until the
// test ends, as until the job ends on GitHub.
func (r *workflowRun) runWorkflow(t *testing.T, override map[string]string) {
	t.Helper()
	_, shell, _, _ := readWorkflow(t, r.file)
	// GitHub runs `shell: bash` as bash --noprofile --norc -eo pipefail {0},
	// and a step with no shell on Linux as bash -e {0}.
	shellArgs := []string{"-e"}
	switch shell {
	case "bash":
		shellArgs = []string{"--noprofile", "--norc", "-eo", "pipefail"}
	case "":
	default:
		t.Fatalf("%s: defaults.run.shell is %q, want bash or none", r.file, shell)
	}
	steps := r.jobEnv(t, override)
	goVars, err := goEnv()
	if err != nil {
		t.Fatal(err)
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
		script := filepath.Join(r.scripts, fmt.Sprintf("step%d.sh", i+1))
		if err := os.WriteFile(script, []byte(s.Run), 0o600); err != nil {
			t.Fatal(err)
		}
		githubPath := filepath.Join(r.scripts, fmt.Sprintf("github_path%d", i+1))
		if err := os.WriteFile(githubPath, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		// CHECKPOINT_DISABLE: the test does not call home, as a runner would.
		env := append(tfcli.CleanEnv(os.Environ()), "CHECKPOINT_DISABLE=1",
			"HOME="+r.home, "XDG_DATA_HOME="+filepath.Join(r.home, ".local", "share"),
			"XDG_CONFIG_HOME="+filepath.Join(r.home, ".config"), "XDG_CACHE_HOME="+filepath.Join(r.home, ".cache"),
			"PATH="+r.pathVar(),
			"GITHUB_WORKSPACE="+r.workspace, "GITHUB_STEP_SUMMARY="+r.summary, "GITHUB_PATH="+githubPath,
			"RUNNER_TEMP="+r.temp)
		env = append(env, goVars...)
		for k, v := range r.env {
			env = append(env, k+"="+v)
		}
		for k, v := range s.Env {
			env = append(env, k+"="+r.eval(t, v))
		}
		wd := filepath.Clean(r.eval(t, s.WorkingDirectory))
		build := r.provider != "" && wd == r.provider
		if build {
			buildSteps.Lock()
		}
		res := runStep(t, filepath.Join(r.workspace, wd), env, append(slices.Clone(shellArgs), script))
		if build {
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
		r.addPath(t, githubPath)
	}
}

// runStep runs bash with args in dir, in a process group of its own: a step
// may leave a process running for later steps (the emulator), which is ended
// when the test ends. It is killed after stepTimeout.
func runStep(t *testing.T, dir string, env, args []string) tfcli.Result {
	t.Helper()
	p, err := tfcli.Command{Path: "bash", Args: args, Dir: dir, Env: env}.Start()
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(stepTimeout):
		p.Kill()
	}
	res := p.Wait()
	// Only a group with a process left in it is ended, and that is checked
	// now: while a process is in the group, its id is no other process's,
	// but once the group is empty (pid_max may be 32768) the id may go to
	// another test's process group before this test ends.
	if pgid := p.Pid(); groupRuns(pgid) {
		t.Cleanup(func() { endGroup(pgid) })
	}
	return res
}

// endGroup ends what a step left running: SIGTERM, as the runner ends a
// job's processes, then SIGKILL if the group is not gone within 10s. It
// returns once the group is gone, so that the test's temporary directories
// and ports are free when it ends.
func endGroup(pgid int) {
	if syscall.Kill(-pgid, syscall.SIGTERM) != nil {
		return
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !groupRuns(pgid) {
			return
		}
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// groupRuns reports whether a process of the group is running, that is not
// a zombie: an orphan that has exited stays one until PID 1 reaps it, which
// some containers' PID 1 does late or never.
func groupRuns(pgid int) bool {
	if syscall.Kill(-pgid, 0) != nil {
		return false
	}
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	for _, d := range dirs {
		if state, group, ok := procState(d.Name()); ok && group == pgid && state != "Z" {
			return true
		}
	}
	return false
}

// procState is the state and process group of the process pid, from
// /proc/pid/stat.
func procState(pid string) (state string, pgid int, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return "", 0, false
	}
	// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return "", 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 3 {
		return "", 0, false
	}
	pgid, err = strconv.Atoi(f[2])
	return f[0], pgid, err == nil
}

// addPath puts the directories a step appended to $GITHUB_PATH at the front
// of PATH for the steps after it, as GitHub does.
func (r *workflowRun) addPath(t *testing.T, githubPath string) {
	t.Helper()
	f, err := os.Open(githubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if dir := strings.TrimSpace(sc.Text()); dir != "" {
			r.path = append([]string{dir}, r.path...)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// pathVar is the steps' PATH: $GITHUB_PATH's directories, the setup-*
// equivalents' and the test's own.
func (r *workflowRun) pathVar() string {
	return strings.Join(append(slices.Clone(r.path), r.bin, os.Getenv("PATH")), string(os.PathListSeparator))
}

// lookPath is where the steps find an executable.
func (r *workflowRun) lookPath(name string) string {
	for _, dir := range filepath.SplitList(r.pathVar()) {
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p
		}
	}
	return ""
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
	r := newWorkflow(t, workflowFile, filepath.Join(moduleRoot, "examples", "ci"), e.cli, e.version)
	r.e = e
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
			r.runWorkflow(t, nil)
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
