package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testSource points both products at url, with a short lookup bound.
func testSource(url string) source {
	return source{
		terraformURL: url,
		tofuAPI:      url + "/tofu/api.json",
		tofuMirror:   url + "/tofu/{{ .Version }}/{{ .Artifact }}",
		client:       noRetryClient(),
		lookup:       300 * time.Millisecond,
		download:     10 * time.Second,
	}
}

// counting serves handler and counts the requests it gets.
func counting(t *testing.T, handler http.HandlerFunc) (string, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

// refused is a loopback URL nothing listens on.
func refused(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

// silent is a loopback URL that accepts connections and never answers.
func silent(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	return "http://" + ln.Addr().String()
}

// TestUnreachableFallsBack: a lookup that fails (404, refused, no answer)
// is errUnreachable, the caller's cue to build, after one request and
// within the lookup bound.
func TestUnreachableFallsBack(t *testing.T) {
	for _, product := range []string{"terraform", "tofu"} {
		for _, code := range []int{http.StatusNotFound, http.StatusServiceUnavailable} {
			t.Run(fmt.Sprintf("%s/%d", product, code), func(t *testing.T) {
				url, n := counting(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) })
				s := testSource(url)
				s.lookup = 5 * time.Second // room for a retry to show
				assertUnreachable(t, s, product)
				if got := n.Load(); got != 1 {
					t.Errorf("%d requests, want 1: no retries", got)
				}
			})
		}
		t.Run(product+"/refused", func(t *testing.T) {
			assertUnreachable(t, testSource(refused(t)), product)
		})
		t.Run(product+"/no answer", func(t *testing.T) {
			assertUnreachable(t, testSource(silent(t)), product)
		})
	}
}

// TestTofuVersionNotListed: a version list without the pinned version falls
// back too.
func TestTofuVersionNotListed(t *testing.T) {
	url, _ := counting(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"versions":[{"id":"1.12.5","files":[]}]}`))
	})
	assertUnreachable(t, testSource(url), "tofu")
}

func assertUnreachable(t *testing.T, s source, product string) {
	t.Helper()
	start := time.Now()
	err := s.install(context.Background(), product, "1.12.6", filepath.Join(t.TempDir(), product))
	if !errors.Is(err, errUnreachable) {
		t.Fatalf("error %v, want errUnreachable", err)
	}
	if took := time.Since(start); took > s.lookup+2*time.Second {
		t.Errorf("took %s, want at most the lookup bound %s and a little", took, s.lookup)
	}
}

// TestBadSignatureIsAnError: a release that is there but whose checksums'
// signature does not verify is an error, never a silent fallback.
func TestBadSignatureIsAnError(t *testing.T) {
	platform := runtime.GOOS + "_" + runtime.GOARCH
	url, _ := counting(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/terraform/1.16.4/index.json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"name":"terraform","version":"1.16.4","shasums":"terraform_1.16.4_SHA256SUMS",
				"shasums_signature":"terraform_1.16.4_SHA256SUMS.sig",
				"builds":[{"name":"terraform","version":"1.16.4","os":%q,"arch":%q,
				"filename":"terraform_1.16.4_%s.zip","url":"https://releases.example/terraform/1.16.4/terraform_1.16.4_%s.zip"}]}`,
				runtime.GOOS, runtime.GOARCH, platform, platform)
		case p == "/tofu/api.json":
			fmt.Fprintf(w, `{"versions":[{"id":"1.12.6","files":["tofu_1.12.6_SHA256SUMS","tofu_1.12.6_SHA256SUMS.gpgsig","tofu_1.12.6_%s.tar.gz"]}]}`, platform)
		case strings.HasSuffix(p, "SHA256SUMS"):
			fmt.Fprintf(w, "%s  tofu_1.12.6_%s.tar.gz\n", strings.Repeat("0", 64), platform)
		default: // the signatures and archives: not what was signed
			_, _ = w.Write([]byte("tampered"))
		}
	})
	for product, v := range map[string]string{"terraform": "1.16.4", "tofu": "1.12.6"} {
		t.Run(product, func(t *testing.T) {
			err := testSource(url).install(context.Background(), product, v, filepath.Join(t.TempDir(), product))
			if err == nil || errors.Is(err, errUnreachable) || !strings.Contains(strings.ToLower(err.Error()), "signature") {
				t.Fatalf("error %v, want a signature failure that is not errUnreachable", err)
			}
		})
	}
}
