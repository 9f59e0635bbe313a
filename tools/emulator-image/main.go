// Command emulator-image builds contio-emulator's container image, for linux
// on every architecture a goreleaser release built it for, as an OCI image
// layout in one tar file (podman load, skopeo copy oci-archive:…, crane push).
//
// The image is built from nothing: the static binary and its configuration,
// no base image. goreleaser's kos cannot do this where the release is checked:
// it takes its base image from a Docker daemon or a registry, and publishes a
// snapshot to a Docker daemon (internal/pipe/ko in goreleaser v2.15.1), and
// neither is there.
//
//	go run . -dist DIST -version VERSION -out FILE
package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

const (
	buildID    = "emulator" // the emulator's build id in .goreleaser.yml
	entrypoint = "/contio-emulator"
	port       = "8085"
	// nonroot, as distroless and Chainguard images run: nothing in the image needs root.
	user = "65532:65532"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "emulator-image:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fl := flag.NewFlagSet("emulator-image", flag.ContinueOnError)
	dist := fl.String("dist", "dist", "goreleaser's dist directory: its artifacts.json names the binaries")
	version := fl.String("version", "", "the version, for the image's labels")
	out := fl.String("out", "", "the OCI image layout tar file to write")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *version == "" || *out == "" {
		return errors.New("-version and -out are required")
	}
	bins, err := linuxBinaries(*dist)
	if err != nil {
		return err
	}
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, b := range bins {
		img, err := image(b, *version)
		if err != nil {
			return fmt.Errorf("%s: %w", b.path, err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: b.arch}},
		})
	}
	return writeArchive(idx, *out)
}

type binary struct{ arch, path string }

// linuxBinaries reads which contio-emulator binaries goreleaser built for
// linux from its record of them, dist/artifacts.json.
func linuxBinaries(dist string) ([]binary, error) {
	raw, err := os.ReadFile(filepath.Join(dist, "artifacts.json"))
	if err != nil {
		return nil, err
	}
	var artifacts []struct {
		Path, Goos, Goarch, Type string
		Extra                    struct{ ID string }
	}
	if err := json.Unmarshal(raw, &artifacts); err != nil {
		return nil, fmt.Errorf("artifacts.json: %w", err)
	}
	var bins []binary
	for _, a := range artifacts {
		if a.Type != "Binary" || a.Goos != "linux" || a.Extra.ID != buildID {
			continue
		}
		path := a.Path
		if !filepath.IsAbs(path) { // relative to where goreleaser ran, dist's parent
			path = filepath.Join(filepath.Dir(dist), path)
		}
		bins = append(bins, binary{arch: a.Goarch, path: path})
	}
	if len(bins) == 0 {
		return nil, fmt.Errorf("%s/artifacts.json lists no linux binary of the %q build", dist, buildID)
	}
	sort.Slice(bins, func(i, j int) bool { return bins[i].arch < bins[j].arch })
	return bins, nil
}

// image is the binary alone in one layer, run as entrypoint, listening on all
// of the container's interfaces (the emulator's default is loopback).
func image(b binary, version string) (v1.Image, error) {
	exe, err := os.ReadFile(b.path)
	if err != nil {
		return nil, err
	}
	var layerTar bytes.Buffer
	tw := tar.NewWriter(&layerTar)
	hdr := &tar.Header{Name: entrypoint[1:], Mode: 0o755, Size: int64(len(exe)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	if _, err := tw.Write(exe); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar.Bytes())), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err = mutate.AppendLayers(img, layer)
	if err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", b.arch
	cfg.Config.Entrypoint = []string{entrypoint}
	cfg.Config.Cmd = []string{"--addr", "0.0.0.0:" + port}
	cfg.Config.ExposedPorts = map[string]struct{}{port + "/tcp": {}}
	cfg.Config.User = user
	cfg.Config.Labels = map[string]string{
		"org.opencontainers.image.title":    "contio-emulator",
		"org.opencontainers.image.version":  version,
		"org.opencontainers.image.source":   "https://github.com/contio/terraform-provider-contio",
		"org.opencontainers.image.licenses": "MPL-2.0",
	}
	return mutate.ConfigFile(img, cfg)
}

// writeArchive writes idx as an OCI image layout, then tars that layout into
// out with fixed times, so the same binaries make the same file.
func writeArchive(idx v1.ImageIndex, out string) error {
	dir, err := os.MkdirTemp("", "emulator-image-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if _, err := layout.Write(dir, idx); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		hdr, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		hdr.Name, hdr.ModTime = filepath.ToSlash(rel), time.Unix(0, 0)
		hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "", ""
		if d.IsDir() {
			hdr.Name += "/"
		}
		if err := tw.WriteHeader(hdr); err != nil || d.IsDir() {
			return err
		}
		content, err := os.Open(path)
		if err != nil {
			return err
		}
		defer content.Close()
		_, err = io.Copy(tw, content)
		return err
	})
	return errors.Join(err, tw.Close(), f.Close())
}
