package tfcli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/go-version"
)

// Product is which CLI a binary is, as its version line names it.
type Product string

const (
	Terraform Product = "Terraform"
	OpenTofu  Product = "OpenTofu"
)

// CLI is a Terraform or OpenTofu binary and what its `version` says it is.
type CLI struct {
	Path     string // absolute
	Product  Product
	Version  *version.Version
	Platform string // such as "linux_amd64"; empty when the CLI did not say
}

// Name is the command as a user types it: "terraform" or "tofu".
func (c CLI) Name() string {
	if c.Product == OpenTofu {
		return "tofu"
	}
	return "terraform"
}

// String is the CLI's version line, such as "Terraform v1.14.9 on linux_amd64".
func (c CLI) String() string {
	s := fmt.Sprintf("%s v%s", c.Product, c.Version)
	if c.Platform != "" {
		s += " on " + c.Platform
	}
	return s
}

// ProviderHost is the registry host the CLI resolves source = "contio/contio"
// on, which terraform-plugin-testing and the e2e tests call
// TF_ACC_PROVIDER_HOST.
func (c CLI) ProviderHost() string {
	if c.Product == OpenTofu {
		return HostOpenTofu
	}
	return HostTerraform
}

// AtLeast reports whether the CLI is product at version least or later
// (pre-releases of least count): for features one product added in a release,
// such as Terraform 1.14's `terraform query` and `apply -invoke`.
func (c CLI) AtLeast(product Product, least string) bool {
	if c.Product != product || c.Version == nil {
		return false
	}
	core := c.Version.Core() // 1.14.0-rc1 has what 1.14.0 has
	return core.GreaterThanOrEqual(version.Must(version.NewVersion(least)))
}

// versionLine is the first line of `terraform version` or `tofu version`,
// with the platform line after it when there is one. The CLI may print
// warnings (about its CLI configuration, say) before it, so it is looked for
// anywhere, at the start of a line.
var versionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\d+\.\d+\.\d+\S*)(?:\r?\non (\S+))?`)

// ParseVersion reads the output of `terraform version` or `tofu version`.
func ParseVersion(out string) (CLI, error) {
	m := versionLine.FindStringSubmatch(out)
	if m == nil {
		return CLI{}, fmt.Errorf("no Terraform or OpenTofu version line in:\n%s", out)
	}
	v, err := version.NewVersion(m[2])
	if err != nil {
		return CLI{}, fmt.Errorf("version line %q: %w", m[0], err)
	}
	return CLI{Product: Product(m[1]), Version: v, Platform: m[3]}, nil
}

// Detect runs `path version` and says which CLI path is. path is made
// absolute with LookPath first.
func Detect(ctx context.Context, path string) (CLI, error) {
	abs, err := LookPath(path)
	if err != nil {
		return CLI{}, err
	}
	// CHECKPOINT_DISABLE: no call home to ask whether there is a newer one.
	res := Command{Path: abs, Args: []string{"version"}, Env: append(CleanEnv(os.Environ()), "CHECKPOINT_DISABLE=1")}.Run(ctx)
	if res.Err != nil {
		return CLI{}, fmt.Errorf("%s version: %w\n%s%s", abs, res.Err, res.Stdout, res.Stderr)
	}
	c, err := ParseVersion(res.Stdout + "\n" + res.Stderr)
	if err != nil {
		return CLI{}, fmt.Errorf("%s version: %w", abs, err)
	}
	c.Path = abs
	return c, nil
}

// LookPath makes a CLI path absolute: a bare name is looked up on PATH, a
// relative path is taken from the working directory. It fails unless the
// result is an executable file.
func LookPath(path string) (string, error) {
	if path == "" {
		return "", errors.New("no CLI path given")
	}
	if !strings.ContainsRune(path, filepath.Separator) {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", err
		}
		path = p
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if _, err := exec.LookPath(abs); err != nil {
		return "", fmt.Errorf("%s is not an executable CLI: %w", path, err)
	}
	return abs, nil
}
