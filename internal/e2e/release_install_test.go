package e2e

// The release-install check: the archives goreleaser builds from
// .goreleaser.yml install with `terraform init` / `tofu init` the way the
// registries hand them out, and the provider inside them plans. A wrong
// archive name, binary name, checksum entry or protocol version then fails
// here, not at the registry or in a user's init.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

const (
	// magicCookie is the handshake value every Terraform provider checks
	// before it serves (terraform-plugin-go's tf6server and tf5server).
	magicCookie = "TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
)

// releaseSnapshot is what `goreleaser release --snapshot` made for the host's
// OS and architecture, with .goreleaser.yml's names.
type releaseSnapshot struct {
	version   string // the snapshot's version, e.g. 0.0.0-SNAPSHOT-76dd3e4
	project   string // goreleaser's project name
	archive   string // the host's archive
	checksums string // the SHA256SUMS file the registry reads
	manifest  string // the registry manifest the release uploads beside it
}

// buildReleaseSnapshot runs goreleaser once per test binary on this tree,
// with .goreleaser.yml cut down to the host's target (goreleaser's release
// has no --single-target) and dist in buildDir; without the global before
// hooks (go mod tidy would rewrite the clone's go.mod), signing (the key
// lives only in the release pipeline) and SBOMs (a tool of their own).
var buildReleaseSnapshot = sync.OnceValues(func() (releaseSnapshot, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return releaseSnapshot{}, err
	}
	goreleaser, err := goreleaserPath(root)
	if err != nil {
		return releaseSnapshot{}, err
	}
	src, err := os.ReadFile(filepath.Join(root, ".goreleaser.yml"))
	if err != nil {
		return releaseSnapshot{}, err
	}
	dist := filepath.Join(buildDir, "dist")
	cfg, err := hostOnlyConfig(src, dist)
	if err != nil {
		return releaseSnapshot{}, fmt.Errorf(".goreleaser.yml: %w", err)
	}
	cfgPath := filepath.Join(buildDir, "goreleaser-host.yml")
	if err := os.WriteFile(cfgPath, cfg, 0o600); err != nil {
		return releaseSnapshot{}, err
	}
	r := tfcli.Command{
		Path:    goreleaser,
		Args:    []string{"release", "--snapshot", "--clean", "--skip=before,sign,sbom", "--config", cfgPath},
		Dir:     root,
		Timeout: 10 * time.Minute, // a cold build cache compiles everything once
	}.Run(context.Background())
	if r.Err != nil {
		return releaseSnapshot{}, fmt.Errorf("goreleaser release --snapshot: %w\n%s%s", r.Err, r.Stdout, r.Stderr)
	}
	return readSnapshot(dist, root)
})

// goreleaserPath is the goreleaser scripts/install-tools.sh builds into
// .tools/bin, else the one on PATH (GitHub: goreleaser-action).
func goreleaserPath(root string) (string, error) {
	if p := filepath.Join(root, ".tools", "bin", "goreleaser"); isExecutable(p) {
		return p, nil
	}
	p, err := tfcli.LookPath("goreleaser")
	if err != nil {
		return "", errors.New("no goreleaser in .tools/bin or on PATH: run scripts/install-tools.sh (make tools)")
	}
	return p, nil
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// hostOnlyConfig is the goreleaser configuration src with every build
// limited to the host's OS and architecture and dist moved. It fails when a
// build does not target the host: the release would ship no archive for it.
func hostOnlyConfig(src []byte, dist string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a YAML mapping")
	}
	top := doc.Content[0]
	builds := mappingValue(top, "builds")
	if builds == nil || builds.Kind != yaml.SequenceNode || len(builds.Content) == 0 {
		return nil, errors.New("no builds")
	}
	for _, b := range builds.Content {
		for key, want := range map[string]string{"goos": runtime.GOOS, "goarch": runtime.GOARCH} {
			list := mappingValue(b, key)
			if list == nil || !slices.ContainsFunc(list.Content, func(n *yaml.Node) bool { return n.Value == want }) {
				return nil, fmt.Errorf("a build's %s does not list %s, the host's: the release has no archive to test here", key, want)
			}
			list.Content = []*yaml.Node{{Kind: yaml.ScalarNode, Value: want}}
		}
	}
	if d := mappingValue(top, "dist"); d != nil {
		d.Value = dist
	} else {
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "dist"}, &yaml.Node{Kind: yaml.ScalarNode, Value: dist})
	}
	return yaml.Marshal(&doc)
}

// mappingValue is the value of key in the YAML mapping m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// readSnapshot finds the host's provider archive and the checksums in goreleaser's
// record of what it made (dist/artifacts.json, dist/metadata.json).
func readSnapshot(dist, root string) (releaseSnapshot, error) {
	var meta struct {
		ProjectName string `json:"project_name"`
		Version     string `json:"version"`
	}
	var artifacts []struct {
		Name, Path, Goos, Goarch, Type string
	}
	if err := readJSON(filepath.Join(dist, "metadata.json"), &meta); err != nil {
		return releaseSnapshot{}, err
	}
	if err := readJSON(filepath.Join(dist, "artifacts.json"), &artifacts); err != nil {
		return releaseSnapshot{}, err
	}
	s := releaseSnapshot{version: meta.Version, project: meta.ProjectName, manifest: filepath.Join(root, "terraform-registry-manifest.json")}
	for _, a := range artifacts {
		path := a.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		switch {
		// The provider's archive, by the name the registries read: contio-emulator's are archives too.
		case a.Type == "Archive" && a.Name == fmt.Sprintf("%s_%s_%s_%s.zip", meta.ProjectName, meta.Version, runtime.GOOS, runtime.GOARCH):
			s.archive = path
		case a.Type == "Checksum":
			s.checksums = path
		}
	}
	if s.archive == "" || s.checksums == "" {
		return s, fmt.Errorf("goreleaser made no %s/%s archive or no checksums file: %+v", runtime.GOOS, runtime.GOARCH, artifacts)
	}
	return s, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// packedMirror lays the archive out as a filesystem mirror in the packed
// layout (HOST/contio/contio/<archive>) for both registries, under the
// archive's own name: Terraform reads the version and platform from it.
func packedMirror(t testing.TB, archive string) string {
	t.Helper()
	mirror := t.TempDir()
	b, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{tfcli.HostTerraform, tfcli.HostOpenTofu} {
		dir := filepath.Join(mirror, host, "contio", "contio")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(archive)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return mirror
}

// TestAccReleaseInstall installs the host's release archive from a
// filesystem mirror, without dev_overrides, as the registry would serve it,
// and plans against the emulator with it. It also checks what the registry
// reads beside the archive: the SHA256SUMS entries and the manifest's
// protocol version against what the installed binary speaks.
func TestAccReleaseInstall(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	snap, err := buildReleaseSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	t.Logf("goreleaser snapshot %s: %s", snap.version, filepath.Base(snap.archive))

	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := tfcli.WriteConfig(rc, tfcli.FilesystemMirror(packedMirror(t, snap.archive))); err != nil {
		t.Fatal(err)
	}
	mirrorEnv := []string{"TF_CLI_CONFIG_FILE=" + rc}
	// A snapshot's version is a pre-release, which the CLIs install only
	// when the configuration asks for exactly that version; and as they read
	// a mirror's file names in lower case, they know 0.0.0-SNAPSHOT-abc as
	// 0.0.0-snapshot-abc (a release's x.y.z has no letters to lose).
	version := strings.ToLower(snap.version)
	e.writeConfig(t, fmt.Sprintf(`terraform {
  required_providers {
    contio = {
      source  = %q
      version = %q
    }
  }
}
`, e.source, version)+e.providerBlock(e.emu.URL)+`
resource "contio_webhook_status" "this" {
  enabled = true
}

data "contio_app" "this" {}

output "client_id" {
  value = data.contio_app.this.id
}
`)

	out, errOut, code := e.run(e.cli, []string{"init", "-no-color", "-input=false"}, mirrorEnv)
	if code != 0 {
		t.Fatalf("init from the mirror: exit code %d\n%s\n%s", code, out, errOut)
	}
	if want := "contio/contio v" + version; !strings.Contains(out, want) {
		t.Errorf("init does not say it installed %s:\n%s", want, out)
	}

	t.Run("plan", func(t *testing.T) {
		out, errOut, code := e.run(e.cli, []string{"plan", "-detailed-exitcode", "-no-color"}, mirrorEnv)
		if code != 2 || !strings.Contains(out, "1 to add") || !strings.Contains(out, e.creds.ClientID) {
			t.Errorf("plan -detailed-exitcode: exit code %d, want 2 with 1 to add and output client_id = %q\n%s\n%s", code, e.creds.ClientID, out, errOut)
		}
	})

	t.Run("binary name and protocol", func(t *testing.T) {
		host, _, _ := strings.Cut(e.source, "/")
		if !strings.Contains(host, ".") {
			host = tfcli.HostTerraform
		}
		dir := filepath.Join(e.dir, ".terraform", "providers", host, "contio", "contio", version, runtime.GOOS+"_"+runtime.GOARCH)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		// The Terraform Registry's convention; the CLIs need only the prefix.
		want := fmt.Sprintf("%s_v%s", tfcli.ProviderBinary, snap.version)
		if runtime.GOOS == "windows" {
			want += ".exe"
		}
		// Beside README and CHANGELOG, one executable: the CLIs run the
		// first file named terraform-provider-contio*.
		var binaries []string
		for _, en := range entries {
			if strings.HasPrefix(en.Name(), tfcli.ProviderBinary) {
				binaries = append(binaries, en.Name())
			}
		}
		if !slices.Equal(binaries, []string{want}) {
			t.Fatalf("the archive holds %v, want the one provider binary %s", entries, want)
		}
		var manifest struct {
			Metadata struct {
				ProtocolVersions []string `json:"protocol_versions"`
			} `json:"metadata"`
		}
		if err := readJSON(snap.manifest, &manifest); err != nil {
			t.Fatal(err)
		}
		speaks := handshakeProtocol(t, filepath.Join(dir, want))
		if !slices.Equal(manifest.Metadata.ProtocolVersions, []string{speaks + ".0"}) {
			t.Errorf("terraform-registry-manifest.json declares protocol_versions %q; the binary speaks protocol %s",
				manifest.Metadata.ProtocolVersions, speaks)
		}
	})

	t.Run("SHA256SUMS", func(t *testing.T) {
		sums := readChecksums(t, snap.checksums)
		manifestName := fmt.Sprintf("%s_%s_manifest.json", snap.project, snap.version)
		for name, path := range map[string]string{filepath.Base(snap.archive): snap.archive, manifestName: snap.manifest} {
			if got, want := sums[name], fileSHA256(t, path); got != want {
				t.Errorf("%s lists %s with sha256 %q, want %s", filepath.Base(snap.checksums), name, got, want)
			}
		}
	})
}

// handshakeProtocol starts a provider binary the way Terraform does and
// returns the plugin protocol version of its handshake line
// (CORE|PROTOCOL|NETWORK|ADDRESS|grpc), then stops it.
func handshakeProtocol(t testing.TB, bin string) string {
	t.Helper()
	p, err := tfcli.Command{Path: bin, Env: append(tfcli.CleanEnv(os.Environ()), magicCookie)}.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Kill()
	deadline := time.After(time.Minute)
	for {
		stdout, stderr := p.Output()
		if line, _, ok := strings.Cut(stdout, "\n"); ok {
			fields := strings.Split(strings.TrimSpace(line), "|")
			if len(fields) < 5 || fields[4] != "grpc" {
				t.Fatalf("%s: handshake %q, want CORE|PROTOCOL|NETWORK|ADDRESS|grpc", bin, line)
			}
			return fields[1]
		}
		select {
		case <-p.Done():
			t.Fatalf("%s exited without a handshake: %v\n%s", bin, p.Wait().Err, stderr)
		case <-deadline:
			t.Fatalf("%s printed no handshake within a minute\n%s", bin, stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// readChecksums parses a SHA256SUMS file: "<hex>  <name>" per line.
func readChecksums(t testing.TB, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for line := range strings.Lines(string(b)) {
		if sum, name, ok := strings.Cut(strings.TrimSpace(line), "  "); ok {
			sums[name] = sum
		}
	}
	return sums
}

func fileSHA256(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestHostOnlyConfig: the cut-down goreleaser configuration builds only the
// host's target, into the given dist, and keeps the rest of .goreleaser.yml;
// a configuration that does not target the host is refused.
func TestHostOnlyConfig(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := hostOnlyConfig(src, "/tmp/dist")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Dist   string
		Builds []struct {
			Goos, Goarch []string
			Binary       string
		}
		Archives []struct {
			NameTemplate string `yaml:"name_template"`
		}
	}
	if err := yaml.Unmarshal(out, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Dist != "/tmp/dist" || len(cfg.Builds) == 0 || len(cfg.Archives) == 0 || cfg.Archives[0].NameTemplate == "" {
		t.Fatalf("cut-down configuration lost its dist, builds or archives:\n%s", out)
	}
	for _, b := range cfg.Builds {
		if !slices.Equal(b.Goos, []string{runtime.GOOS}) || !slices.Equal(b.Goarch, []string{runtime.GOARCH}) || b.Binary == "" {
			t.Errorf("build %+v, want only %s/%s and its binary name", b, runtime.GOOS, runtime.GOARCH)
		}
	}

	other := strings.ReplaceAll(string(src), "- "+runtime.GOARCH+"\n", "- mips64\n")
	if _, err := hostOnlyConfig([]byte(other), "/tmp/dist"); err == nil || !strings.Contains(err.Error(), runtime.GOARCH) {
		t.Errorf("a configuration without %s: error %v, want one naming it", runtime.GOARCH, err)
	}
}

// readSnapshot takes the provider's archive for the host, wherever
// artifacts.json lists it: contio-emulator's archives are archives too.
func TestReadSnapshotPicksTheProviderArchive(t *testing.T) {
	dist := t.TempDir()
	host := runtime.GOOS + "_" + runtime.GOARCH
	meta := `{"project_name":"terraform-provider-contio","version":"0.0.0-SNAPSHOT"}`
	artifacts, err := json.Marshal([]map[string]string{
		{"name": "terraform-provider-contio_0.0.0-SNAPSHOT_" + host + ".zip", "path": filepath.Join(dist, "p.zip"), "goos": runtime.GOOS, "goarch": runtime.GOARCH, "type": "Archive"},
		{"name": "terraform-provider-contio_0.0.0-SNAPSHOT_SHA256SUMS", "path": filepath.Join(dist, "sums"), "type": "Checksum"},
		{"name": "contio-emulator_0.0.0-SNAPSHOT_" + host + ".tar.gz", "path": filepath.Join(dist, "e.tar.gz"), "goos": runtime.GOOS, "goarch": runtime.GOARCH, "type": "Archive"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{"metadata.json": []byte(meta), "artifacts.json": artifacts} {
		if err := os.WriteFile(filepath.Join(dist, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := readSnapshot(dist, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := snap.archive, filepath.Join(dist, "p.zip"); got != want {
		t.Errorf("archive %s, want the provider's %s", got, want)
	}
}
