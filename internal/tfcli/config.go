package tfcli

import (
	"fmt"
	"os"
	"strings"
)

// The registry hosts the CLIs resolve source = "contio/contio" on: Terraform
// on its registry, OpenTofu on its own. A CLI configuration names the
// provider under both, so one file serves either CLI (each ignores the other
// host's entry).
const (
	HostTerraform = "registry.terraform.io"
	HostOpenTofu  = "registry.opentofu.org"
	// ProviderSource is the provider's source address as configurations
	// write it in required_providers.
	ProviderSource = "contio/contio"
)

// ProviderAddresses are the provider's full addresses on both hosts.
func ProviderAddresses() []string {
	return []string{HostTerraform + "/" + ProviderSource, HostOpenTofu + "/" + ProviderSource}
}

// DevOverrides is a CLI configuration that runs the provider binary in
// pluginDir (as BuildProvider leaves it) for both addresses, without `init`
// (which would only warn that it is not needed); other providers install as
// usual.
func DevOverrides(pluginDir string) string {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, addr := range ProviderAddresses() {
		fmt.Fprintf(&b, "    %q = %q\n", addr, pluginDir)
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return b.String()
}

// FilesystemMirror is a CLI configuration that installs providers only from
// the mirror directory dir (laid out HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/ or
// with the release zips), as a user's `init` installs a release: no
// dev_overrides and no registry. include lists the provider addresses the
// mirror serves; none means both of this provider's.
func FilesystemMirror(dir string, include ...string) string {
	if len(include) == 0 {
		include = ProviderAddresses()
	}
	quoted := make([]string, len(include))
	for i, addr := range include {
		quoted[i] = fmt.Sprintf("%q", addr)
	}
	return fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%s]
  }
}
`, dir, strings.Join(quoted, ", "))
}

// WriteConfig writes a CLI configuration (DevOverrides, FilesystemMirror) to
// path, for TF_CLI_CONFIG_FILE.
func WriteConfig(path, config string) error {
	return os.WriteFile(path, []byte(config), 0o600)
}
