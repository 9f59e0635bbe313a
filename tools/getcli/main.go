// Command getcli installs the official release of a Terraform or OpenTofu
// CLI, verified: Terraform with hc-install (HashiCorp's SHA256SUMS and their
// signature), OpenTofu with tofudl (OpenTofu's library: its SHA256SUMS and
// their GPG signature, with the key it embeds). scripts/install-tools.sh runs
// it before building a CLI from its Go module.
//
//	go run ./getcli terraform|tofu VERSION OUT
//
// Exit status 0: OUT is the release's binary. 3: the releases could not be
// reached or do not list VERSION; the caller builds instead. 1: anything
// else, such as a download that fails verification, which a build must not
// paper over.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/releases"
	"github.com/opentofu/tofudl"
)

const exitUnreachable = 3

// errUnreachable marks a failed lookup: the caller falls back to a build.
var errUnreachable = errors.New("releases unreachable")

// source is where the releases are, and how long to try.
type source struct {
	terraformURL string // HashiCorp's releases site, hc-install's ApiBaseURL
	tofuAPI      string // tofudl's version list
	tofuMirror   string // tofudl's download URL template
	client       *http.Client
	// lookup bounds the one request that finds the version: an unreachable
	// host (DNS, TCP, a server that never answers) falls back quickly.
	lookup time.Duration
	// download bounds the download and verification that follow.
	download time.Duration
}

func officialSource() source {
	return source{
		terraformURL: "https://releases.hashicorp.com",
		tofuAPI:      "https://get.opentofu.org/tofu/api.json",
		tofuMirror:   "https://github.com/opentofu/opentofu/releases/download/v{{ .Version }}/{{ .Artifact }}",
		client:       noRetryClient(),
		lookup:       10 * time.Second,
		download:     10 * time.Minute,
	}
}

// noRetryClient bounds each connection step and never retries (hc-install's
// default client retries with back-off, which would delay the fallback).
func noRetryClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		ForceAttemptHTTP2:     true,
	}}
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: getcli terraform|tofu VERSION OUT")
		os.Exit(2)
	}
	err := officialSource().install(context.Background(), os.Args[1], os.Args[2], os.Args[3])
	switch {
	case errors.Is(err, errUnreachable):
		fmt.Fprintf(os.Stderr, "getcli: %v\n", err)
		os.Exit(exitUnreachable)
	case err != nil:
		fmt.Fprintf(os.Stderr, "getcli: %v\n", err)
		os.Exit(1)
	}
}

// install puts the verified release of product at version into out.
func (s source) install(ctx context.Context, product, version, out string) error {
	switch product {
	case "terraform":
		return s.terraform(ctx, version, out)
	case "tofu":
		return s.tofu(ctx, version, out)
	}
	return fmt.Errorf("unknown CLI %q: terraform or tofu", product)
}

func (s source) terraform(ctx context.Context, v, out string) error {
	ver, err := version.NewVersion(v)
	if err != nil {
		return err
	}
	// The lookup hc-install makes first, made here so that its failure is
	// told apart from a failed download or verification.
	index := fmt.Sprintf("%s/terraform/%s/index.json", s.terraformURL, ver)
	if err := s.get(ctx, index); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".getcli-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	ev := &releases.ExactVersion{
		Product: product.Terraform, Version: ver, InstallDir: tmp,
		ApiBaseURL: s.terraformURL, HTTPClient: s.client, Timeout: s.download,
	}
	bin, err := ev.Install(ctx)
	if err != nil {
		return fmt.Errorf("terraform %s from %s: %w", ver, s.terraformURL, err)
	}
	return os.Rename(bin, out)
}

func (s source) tofu(ctx context.Context, v, out string) error {
	dl, err := tofudl.New(tofudl.ConfigAPIURL(s.tofuAPI), tofudl.ConfigDownloadMirrorURLTemplate(s.tofuMirror),
		tofudl.ConfigHTTPClient(s.client))
	if err != nil {
		return err
	}
	lookup, cancel := context.WithTimeout(ctx, s.lookup)
	defer cancel()
	versions, err := dl.ListVersions(lookup)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errUnreachable, s.tofuAPI, err)
	}
	for _, ver := range versions {
		if string(ver.ID) != v {
			continue
		}
		download, cancel := context.WithTimeout(ctx, s.download)
		defer cancel()
		bin, err := dl.DownloadVersion(download, ver, tofudl.PlatformAuto, tofudl.ArchitectureAuto)
		if err != nil {
			return fmt.Errorf("tofu %s: %w", v, err)
		}
		return writeExecutable(out, bin)
	}
	return fmt.Errorf("%w: %s does not list OpenTofu %s", errUnreachable, s.tofuAPI, v)
}

// get is one GET of url within the lookup bound, successful only with 200.
func (s source) get(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, s.lookup)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %v", errUnreachable, err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: GET %s: %s", errUnreachable, url, resp.Status)
	}
	return nil
}

// writeExecutable writes bin to out through a temporary file beside it, so
// that out is never a partial binary.
func writeExecutable(out string, bin []byte) error {
	f, err := os.CreateTemp(filepath.Dir(out), ".getcli-")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(f.Name()) }()
	if _, err := f.Write(bin); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o755); err != nil {
		return err
	}
	return os.Rename(f.Name(), out)
}
