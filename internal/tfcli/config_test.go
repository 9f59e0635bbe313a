package tfcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDevOverrides(t *testing.T) {
	const want = `provider_installation {
  dev_overrides {
    "registry.terraform.io/contio/contio" = "/tmp/build/plugins"
    "registry.opentofu.org/contio/contio" = "/tmp/build/plugins"
  }
  direct {}
}
`
	if got := DevOverrides("/tmp/build/plugins"); got != want {
		t.Errorf("DevOverrides =\n%s\nwant\n%s", got, want)
	}
}

func TestFilesystemMirror(t *testing.T) {
	for _, tc := range []struct {
		name    string
		include []string
		want    string
	}{
		{
			name: "both addresses by default",
			want: `provider_installation {
  filesystem_mirror {
    path    = "/tmp/mirror"
    include = ["registry.terraform.io/contio/contio", "registry.opentofu.org/contio/contio"]
  }
}
`,
		},
		{
			name:    "given addresses",
			include: []string{"registry.opentofu.org/contio/contio"},
			want: `provider_installation {
  filesystem_mirror {
    path    = "/tmp/mirror"
    include = ["registry.opentofu.org/contio/contio"]
  }
}
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FilesystemMirror("/tmp/mirror", tc.include...); got != tc.want {
				t.Errorf("FilesystemMirror =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestWriteConfig: HCL strings are quoted, so a path with a quote or a
// backslash stays one string; and the file is the user's alone.
func TestWriteConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terraformrc")
	if err := WriteConfig(path, DevOverrides(`/tmp/a "b"\c`)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"registry.terraform.io/contio/contio" = "/tmp/a \"b\"\\c"`; !containsLine(string(b), "    "+want) {
		t.Errorf("the configuration lacks %s:\n%s", want, b)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}
