package contio_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

type logEntry struct {
	msg    string
	fields map[string]any
}

type recordingLogger struct {
	mu      sync.Mutex
	entries []logEntry
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, logEntry{msg, fields})
}

func (l *recordingLogger) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.entries {
		if e.msg == msg {
			n++
		}
	}
	return n
}

func (l *recordingLogger) msgs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.entries {
		out = append(out, e.msg)
	}
	return out
}

func (l *recordingLogger) contains(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.entries {
		if strings.Contains(fmt.Sprint(e.msg, e.fields), s) {
			return true
		}
	}
	return false
}

func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// ptr returns a pointer to v, for optional fields in specs.
func ptr[T any](v T) *T { return &v }

// answer is a canned HTTP answer.
type answer struct {
	status      int
	contentType string
	body        string
	header      map[string]string
}

func (a answer) serve(w http.ResponseWriter) {
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	} else {
		w.Header()["Content-Type"] = nil // no sniffing: no header at all
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

func getApp(ctx context.Context, c *contio.Client) error { _, err := c.GetApp(ctx); return err }

func listDeliveries(ctx context.Context, c *contio.Client) error {
	_, err := c.ListWebhookDeliveries(ctx, contio.ListDeliveriesParams{})
	return err
}

const testAPIKey = "ck_live_s3cr3t_0123456789"

// newTestClient is a client for an httptest server, with retries fast enough
// for tests and a key the tests can look for in error text.
func newTestClient(t *testing.T, baseURL string, opts ...contio.Option) *contio.Client {
	t.Helper()
	opts = append([]contio.Option{contio.WithRetryWait(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := contio.New(baseURL, "app_test", testAPIKey, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// contractExample reads one of CONTRACT.md's examples (testdata/contract).
func contractExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "contract", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// contractServer answers every call with status and body, and hands each
// request's body to got.
func contractServer(t *testing.T, status int, body []byte, got func([]byte)) *contio.Client {
	t.Helper()
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if got != nil {
			got(b)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	return newTestClient(t, url, contio.WithMaxRetries(0))
}

func ids(ds []contio.Delivery) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}
