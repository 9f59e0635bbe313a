package main

import (
	"archive/tar"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// The image built from a goreleaser-shaped dist runs contio-emulator as its
// entrypoint: unpacked from the archive, the entrypoint's file is the binary,
// built with the release's version, and answers --version with it.
func TestImageEntrypointRunsTheEmulator(t *testing.T) {
	const version = "9.8.7-imagetest"
	tmp := t.TempDir()
	dist := filepath.Join(tmp, "dist")
	exe := filepath.Join(dist, "emulator_linux_"+runtime.GOARCH, "contio-emulator")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version="+version, "-o", exe, "./cmd/contio-emulator")
	build.Dir = filepath.Join("..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build contio-emulator: %v\n%s", err, out)
	}
	writeArtifacts(t, dist, []map[string]any{
		{"path": "dist/emulator_linux_" + runtime.GOARCH + "/contio-emulator", "goos": "linux", "goarch": runtime.GOARCH, "type": "Binary", "extra": map[string]any{"ID": "emulator"}},
		{"path": "dist/provider_linux_" + runtime.GOARCH + "/terraform-provider-contio", "goos": "linux", "goarch": runtime.GOARCH, "type": "Binary", "extra": map[string]any{"ID": "provider"}},
	})

	archive := filepath.Join(tmp, "image.tar")
	if err := run([]string{"-dist", dist, "-version", version, "-out", archive}); err != nil {
		t.Fatal(err)
	}

	unpacked := filepath.Join(tmp, "layout")
	untar(t, archive, unpacked)
	idx, err := layout.ImageIndexFromPath(unpacked)
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(manifest.Manifests) != 1 {
		t.Fatalf("the index has %d images, want 1 (the emulator's linux/%s, not the provider's)", len(manifest.Manifests), runtime.GOARCH)
	}
	desc := manifest.Manifests[0]
	if desc.Platform == nil || desc.Platform.OS != "linux" || desc.Platform.Architecture != runtime.GOARCH {
		t.Errorf("platform %+v, want linux/%s", desc.Platform, runtime.GOARCH)
	}
	img, err := idx.Image(desc.Digest)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/contio-emulator"}; !slices.Equal(cfg.Config.Entrypoint, want) {
		t.Fatalf("entrypoint %q, want %q", cfg.Config.Entrypoint, want)
	}
	if got := cfg.Config.Labels["org.opencontainers.image.version"]; got != version {
		t.Errorf("version label %q, want %q", got, version)
	}

	// The entrypoint's file, from the image's flattened filesystem.
	bin := filepath.Join(tmp, "rootfs-contio-emulator")
	extractFile(t, mutate.Extract(img), strings.TrimPrefix(cfg.Config.Entrypoint[0], "/"), bin)
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", cfg.Config.Entrypoint[0], err, out)
	}
	if !strings.Contains(string(out), version) {
		t.Errorf("%s --version printed %q, want the version %s", cfg.Config.Entrypoint[0], out, version)
	}
}

func TestNoLinuxEmulatorBinaryIsAnError(t *testing.T) {
	dist := filepath.Join(t.TempDir(), "dist")
	writeArtifacts(t, dist, []map[string]any{
		{"path": "dist/emulator_darwin_arm64/contio-emulator", "goos": "darwin", "goarch": "arm64", "type": "Binary", "extra": map[string]any{"ID": "emulator"}},
	})
	err := run([]string{"-dist", dist, "-version", "1.0.0", "-out", filepath.Join(t.TempDir(), "image.tar")})
	if err == nil || !strings.Contains(err.Error(), "no linux binary") {
		t.Fatalf("err = %v, want one saying there is no linux binary", err)
	}
}

func writeArtifacts(t *testing.T, dist string, artifacts []map[string]any) {
	t.Helper()
	b, err := json.Marshal(artifacts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "artifacts.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func untar(t *testing.T, archive, dir string) {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, filepath.FromSlash(hdr.Name))
		if hdr.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		writeFrom(t, tr, path, 0o644)
	}
}

// extractFile copies name out of the tar stream r into path, executable.
func extractFile(t *testing.T, r io.ReadCloser, name, path string) {
	t.Helper()
	defer r.Close()
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			t.Fatalf("the image has no file %s", name)
		}
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Name == name {
			if hdr.Mode&0o111 == 0 {
				t.Errorf("%s has mode %o: not executable", name, hdr.Mode)
			}
			writeFrom(t, tr, path, 0o755)
			return
		}
	}
}

func writeFrom(t *testing.T, r io.Reader, path string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, r); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
