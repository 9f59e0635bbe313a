package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// disable turns the app's webhooks off through the Partner API.
func disable(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials) {
	t.Helper()
	if status, got := partnerCall(t, srv, creds, http.MethodPut, emulator.PathWebhookStatus, map[string]any{"enabled": false}); status != http.StatusOK {
		t.Fatalf("disabling: HTTP %d %v", status, got)
	}
}

// object is v as a JSON object, failing the test when it is not one.
func object(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want a JSON object, got %v", v)
	}
	return m
}

// firstRow is the first row of a deliveries page, failing the test when it
// has none.
func firstRow(t *testing.T, page any) map[string]any {
	t.Helper()
	rows, ok := object(t, page)["data"].([]any)
	if !ok || len(rows) == 0 {
		t.Fatalf("no delivery listed: %v", page)
	}
	return object(t, rows[0])
}

// call sends a JSON request to the emulator and decodes the answer into out.
func call(t *testing.T, method, url string, body any, wantStatus int, out any) {
	t.Helper()
	var rdr bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rdr = *bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, &rdr)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: HTTP %d, want %d", method, url, resp.StatusCode, wantStatus)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decoding: %v", method, url, err)
		}
	}
}

// ptr points at a copy of v, for the optional fields of AppSpec and AppPatch.
func ptr[T any](v T) *T { return &v }

// partnerCall sends one Partner API call as any client would and returns
// the answer's status and JSON.
func partnerCall(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials, method, path string, body any) (int, any) {
	t.Helper()
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, in)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(contio.ClientIDHeader, creds.ClientID)
	req.Header.Set(contio.APIKeyHeader, creds.APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, decodeJSON(t, b)
}
