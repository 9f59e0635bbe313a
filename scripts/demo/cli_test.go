package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// fakeMachine stands in for PATH, the CLIs and install-tools.sh.
type fakeMachine struct {
	onPath   string            // the terraform PATH finds; empty: none
	versions map[string]string // path -> its version line
	installs int               // install-tools.sh runs
	said     strings.Builder
}

func (m *fakeMachine) finder(asked string) cliFinder {
	return cliFinder{
		asked: asked,
		look: func(name string) (string, error) {
			if name != "terraform" || m.onPath == "" {
				return "", errors.New("not found")
			}
			return m.onPath, nil
		},
		detect: func(_ context.Context, path string) (tfcli.CLI, error) {
			line, ok := m.versions[path]
			if !ok {
				return tfcli.CLI{}, fmt.Errorf("%s: no such file", path)
			}
			cli, err := tfcli.ParseVersion(line)
			cli.Path = path
			return cli, err
		},
		install: func(context.Context) error {
			m.installs++
			m.versions[pinnedTerraform] = "Terraform v1.16.4"
			return nil
		},
		say: func(format string, args ...any) { fmt.Fprintf(&m.said, format, args...) },
	}
}

// TestFindCLI: make demo installs nothing when a terraform on PATH has every
// step or a CLI is asked for, and exactly the newest pinned Terraform
// otherwise, saying what the older one lacks.
func TestFindCLI(t *testing.T) {
	for _, tc := range []struct {
		name         string
		onPath       string
		versions     map[string]string
		asked        string
		wantPath     string
		wantInstalls int
		wantSaid     []string
	}{
		{
			name: "a suitable terraform on PATH", onPath: "/usr/bin/terraform",
			versions: map[string]string{"/usr/bin/terraform": "Terraform v1.14.9"},
			wantPath: "/usr/bin/terraform", wantSaid: []string{"Using Terraform v1.14.9 from PATH (/usr/bin/terraform)"},
		},
		{
			name: "an older terraform on PATH", onPath: "/usr/local/bin/terraform",
			versions: map[string]string{"/usr/local/bin/terraform": "Terraform v1.11.4"},
			wantPath: pinnedTerraform, wantInstalls: 1,
			wantSaid: []string{"terraform on PATH is Terraform v1.11.4 (/usr/local/bin/terraform)", "has no actions or terraform query",
				"make demo CLI=terraform", "Using Terraform v1.16.4 (" + pinnedTerraform + ")"},
		},
		{
			name: "no terraform on PATH", versions: map[string]string{},
			wantPath: pinnedTerraform, wantInstalls: 1, wantSaid: []string{"No terraform on PATH.", "Using Terraform v1.16.4 (" + pinnedTerraform + ")"},
		},
		{
			name: "an older terraform asked for", onPath: "/usr/local/bin/terraform", asked: "terraform",
			versions: map[string]string{"terraform": "Terraform v1.11.4"},
			wantPath: "terraform", wantSaid: []string{"Using Terraform v1.11.4 (terraform), as asked", "step 9 (adoption) is skipped"},
		},
		{
			name: "OpenTofu asked for", asked: "/opt/tofu",
			versions: map[string]string{"/opt/tofu": "OpenTofu v1.12.6"},
			wantPath: "/opt/tofu", wantSaid: []string{"Using OpenTofu v1.12.6 (/opt/tofu), as asked", "has no actions"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &fakeMachine{onPath: tc.onPath, versions: tc.versions}
			cli, err := m.finder(tc.asked).find(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if cli.Path != tc.wantPath || m.installs != tc.wantInstalls {
				t.Errorf("chose %s after %d installs, want %s after %d", cli.Path, m.installs, tc.wantPath, tc.wantInstalls)
			}
			for _, w := range tc.wantSaid {
				if !strings.Contains(m.said.String(), w) {
					t.Errorf("said %q, want it to say %q", m.said.String(), w)
				}
			}
		})
	}
}

// TestFindCLIInstallFails: a failed install is the demo's error.
func TestFindCLIInstallFails(t *testing.T) {
	m := &fakeMachine{versions: map[string]string{}}
	f := m.finder("")
	f.install = func(context.Context) error { return errors.New("no network, no module proxy") }
	if _, err := f.find(context.Background()); err == nil || !strings.Contains(err.Error(), "no module proxy") {
		t.Fatalf("error %v, want the install's", err)
	}
}
