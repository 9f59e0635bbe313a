package tfcli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		want      string // CLI.String(); empty when ParseVersion must fail
	}{
		{
			name: "Terraform",
			out:  "Terraform v1.14.9\non linux_amd64\n",
			want: "Terraform v1.14.9 on linux_amd64",
		},
		{
			name: "Terraform out of date, with providers",
			out: "Terraform v1.5.7\non linux_amd64\n+ provider registry.terraform.io/contio/contio v0.3.0\n\n" +
				"Your version of Terraform is out of date! The latest version\nis 1.14.9. You can update by downloading from https://www.terraform.io/downloads.html\n",
			want: "Terraform v1.5.7 on linux_amd64",
		},
		{
			name: "OpenTofu",
			out:  "OpenTofu v1.12.6\non linux_arm64\n",
			want: "OpenTofu v1.12.6 on linux_arm64",
		},
		{
			name: "warnings before the version line",
			out: "╷\n│ Warning: Unable to open CLI configuration file\n│ \n│ The CLI configuration file at \"/nope\" does not exist.\n" +
				"│ Terraform v0.0.1 is not a version line: it does not start the line.\n╵\n\nTerraform v1.14.9\non darwin_arm64\n",
			want: "Terraform v1.14.9 on darwin_arm64",
		},
		{
			name: "pre-release, no platform line, CRLF",
			out:  "Terraform v1.16.4-dev\r\n",
			want: "Terraform v1.16.4-dev",
		},
		{
			name: "OpenTofu pre-release with a platform line after CRLF",
			out:  "OpenTofu v1.13.0-beta1\r\non windows_amd64\r\n",
			want: "OpenTofu v1.13.0-beta1 on windows_amd64",
		},
		{name: "no version line", out: "Usage: terraform [global options] <subcommand> [args]\n"},
		{name: "another product", out: "Vault v1.14.9\n"},
		{name: "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseVersion(tc.out)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ParseVersion = %s, want an error", c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.String(); got != tc.want {
				t.Errorf("ParseVersion = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCLIAtLeast(t *testing.T) {
	for _, tc := range []struct {
		line    string
		product Product
		min     string
		want    bool
	}{
		{"Terraform v1.14.9", Terraform, "1.14", true},
		{"Terraform v1.14.0", Terraform, "1.14", true},
		{"Terraform v1.14.0-rc1", Terraform, "1.14", true},
		{"Terraform v1.13.5", Terraform, "1.14", false},
		{"Terraform v1.5.7", Terraform, "1.14", false},
		{"Terraform v2.0.0", Terraform, "1.14", true},
		{"OpenTofu v1.14.0", Terraform, "1.14", false},
		{"OpenTofu v1.12.6", OpenTofu, "1.12", true},
	} {
		c, err := ParseVersion(tc.line)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.AtLeast(tc.product, tc.min); got != tc.want {
			t.Errorf("%s AtLeast(%s, %s) = %t, want %t", tc.line, tc.product, tc.min, got, tc.want)
		}
	}
}

func TestCLINameAndHost(t *testing.T) {
	for _, tc := range []struct{ line, name, host string }{
		{"Terraform v1.14.9", "terraform", "registry.terraform.io"},
		{"OpenTofu v1.12.6", "tofu", "registry.opentofu.org"},
	} {
		c, err := ParseVersion(tc.line)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name() != tc.name || c.ProviderHost() != tc.host {
			t.Errorf("%s: Name %q, ProviderHost %q; want %q, %q", tc.line, c.Name(), c.ProviderHost(), tc.name, tc.host)
		}
	}
}

// TestDetect runs a stand-in CLI that warns on stderr first, as a CLI does
// about a missing configuration file, and checks it sees a clean environment.
func TestDetect(t *testing.T) {
	t.Setenv("TF_CLI_ARGS", "-no-color")
	dir := t.TempDir()
	fake := writeScript(t, dir, "tofu", `[ "$1" = version ] || exit 3
[ -z "$TF_CLI_ARGS" ] || { echo "TF_CLI_ARGS leaked: $TF_CLI_ARGS" >&2; exit 4; }
echo 'Warning: Unable to open CLI configuration file' >&2
printf 'OpenTofu v1.12.6\non linux_amd64\n'
`)
	c, err := Detect(context.Background(), fake)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != fake || c.String() != "OpenTofu v1.12.6 on linux_amd64" {
		t.Errorf("Detect = %+v (%s)", c, c)
	}

	broken := writeScript(t, dir, "broken", "echo 'no such subcommand' >&2; exit 1\n")
	if _, err := Detect(context.Background(), broken); err == nil || !strings.Contains(err.Error(), "no such subcommand") {
		t.Errorf("Detect of a failing CLI: %v, want its stderr in the error", err)
	}
	if _, err := Detect(context.Background(), filepath.Join(dir, "missing")); err == nil {
		t.Error("Detect of a missing file succeeded")
	}
}

func TestLookPath(t *testing.T) {
	dir := t.TempDir()
	fake := writeScript(t, dir, "terraform-9.9.9", "exit 0\n")
	t.Setenv("PATH", dir)
	if got, err := LookPath("terraform-9.9.9"); err != nil || got != fake {
		t.Errorf("LookPath(bare name) = %q, %v; want %q", got, err, fake)
	}
	t.Chdir(dir)
	if got, err := LookPath("./terraform-9.9.9"); err != nil || got != fake {
		t.Errorf("LookPath(relative) = %q, %v; want %q", got, err, fake)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LookPath("./notes.txt"); err == nil {
		t.Error("LookPath of a file that is not executable succeeded")
	}
}

// writeScript writes an executable shell script and returns its path.
func writeScript(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o700); err != nil { //nolint:gosec // a test's stand-in CLI
		t.Fatal(err)
	}
	return path
}
