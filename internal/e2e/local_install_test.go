package e2e

// The README's local install, followed as written: its shell block under
// "Use it" (make install, then init and plan) with its configuration, on the
// CLI of the run, with HOME a fresh directory and no CLI configuration.

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// readmeUseIt is the README's "Use it" section: its configuration and the
// commands of its shell block, one per line, comments dropped.
func readmeUseIt(t testing.TB) (config string, commands [][]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Use it\n")
	if !ok {
		t.Fatal(`README.md has no "## Use it" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for _, block := range fencedBlocks(section) {
		switch block.lang {
		case "terraform", "hcl":
			if config == "" {
				config = block.code
			}
		case "shell", "sh", "bash":
			for line := range strings.Lines(block.code) {
				line, _, _ = strings.Cut(line, "#")
				if f := strings.Fields(line); len(f) > 0 {
					commands = append(commands, f)
				}
			}
		}
	}
	if config == "" || len(commands) == 0 {
		t.Fatalf("README.md's Use it section has no configuration or no shell block:\n%s", section)
	}
	return config, commands
}

type fenced struct{ lang, code string }

// fencedBlocks are the ``` blocks of markdown, in order.
func fencedBlocks(markdown string) []fenced {
	var blocks []fenced
	var cur *fenced
	sc := bufio.NewScanner(strings.NewReader(markdown))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &fenced{lang: strings.TrimSpace(strings.TrimPrefix(line, "```"))}
		case cur != nil && strings.HasPrefix(line, "```"):
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		}
	}
	return blocks
}

// actionBlock is a top-level action block, which only Terraform 1.14+ parses.
var actionBlock = regexp.MustCompile(`(?ms)^action "[^"]*" "[^"]*" \{.*?^\}\n`)

// TestAccLocalInstall runs the README's local install on the CLI of the run:
// `make install` with HOME a fresh directory, then `init` and `plan` of the
// README's configuration against the emulator, with no CLI configuration.
// `terraform` in the README is the CLI under test (it says "or tofu init").
func TestAccLocalInstall(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	config, commands := readmeUseIt(t)
	if !e.version.AtLeast(tfcli.Terraform, "1.14") {
		// The README marks its action block Terraform 1.14+.
		config = actionBlock.ReplaceAllString(config, "")
		t.Logf("%s has no actions: the README's action block is left out", e.version)
	}
	e.writeConfig(t, config)

	home := t.TempDir()
	// A user's own HOME has the Go caches; this one borrows the test's, so
	// that make install does not download and compile everything again.
	caches, err := goEnv()
	if err != nil {
		t.Fatal(err)
	}
	env := append(append(cleanEnv(), caches...), "HOME="+home, "CHECKPOINT_DISABLE=1",
		"CONTIO_BASE_URL="+e.emu.URL, "CONTIO_CLIENT_ID="+e.creds.ClientID, "CONTIO_API_KEY="+e.creds.APIKey)

	var ran []string
	for _, c := range commands {
		cmd := tfcli.Command{Args: c[1:], Env: env, Timeout: cmdTimeout}
		switch c[0] {
		case "make":
			cmd.Path, cmd.Dir = "make", moduleRoot
		case "terraform", "tofu":
			cmd.Path, cmd.Dir = e.cli, e.dir
			cmd.Args = append(cmd.Args, "-no-color")
		default:
			t.Fatalf("README.md's Use it shell block runs %q, which this test does not know how to follow", c)
		}
		r := cmd.Run(context.Background())
		if r.Err != nil {
			t.Fatalf("%s: %v\n%s\n%s", strings.Join(c, " "), r.Err, r.Stdout, r.Stderr)
		}
		ran = append(ran, strings.Join(c[:2], " "))
		switch c[1] {
		case "init":
			if !regexp.MustCompile(`Installed contio/contio v\d+\.\d+\.\d+ `).MatchString(r.Stdout) {
				t.Errorf("init did not install a released-style contio/contio version:\n%s", r.Stdout)
			}
		case "plan":
			if !strings.Contains(r.Stdout, "Plan: 2 to add, 0 to change, 0 to destroy.") {
				t.Errorf("plan does not add the status and the filter:\n%s", r.Stdout)
			}
		}
	}
	if want := "make install,terraform init,terraform plan"; strings.Join(ran, ",") != want {
		t.Errorf("README.md's Use it shell block ran %q, want %s", ran, want)
	}
	// The one place the README says it installs to, for both CLIs.
	for _, host := range []string{tfcli.HostTerraform, tfcli.HostOpenTofu} {
		if m, _ := filepath.Glob(filepath.Join(home, ".terraform.d", "plugins", host, "contio", "contio", "*", "*", tfcli.ProviderBinary+"_v*")); len(m) != 1 {
			t.Errorf("make install left %v under ~/.terraform.d/plugins/%s, want one provider binary", m, host)
		}
	}
}
