package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr string
	}{
		{"defaults", nil, config{addr: "127.0.0.1:8085"}, ""},
		{"everything", []string{
			"--addr", "127.0.0.1:0", "--client-id", "app_x", "--api-key", "ck_x", "--webhook-url", "http://h/w",
			"--deliver-every", "10s", "--seed", "7", "--event-types", " meeting.transcribed, note.shared ,",
			"--state", "s.json", "--any-shape", "--delivery-order", "shuffled", "--ignore-delivery-status", "--version",
		}, config{
			addr: "127.0.0.1:0", clientID: "app_x", apiKey: "ck_x", webhookURL: "http://h/w",
			deliverEvery: 10 * time.Second, seed: 7, eventTypes: []string{"meeting.transcribed", "note.shared"},
			statePath: "s.json", anyShape: true, deliveryOrder: emulator.Shuffled, deliveryOrderSet: true,
			ignoreDeliveryStatus: true, version: true,
		}, ""},
		{"the default order, given", []string{"--delivery-order", "oldest_first"}, config{addr: "127.0.0.1:8085", deliveryOrderSet: true}, ""},
		{"a stray argument", []string{"--seed", "7", "serve"}, config{}, "unexpected arguments"},
		{"a bad seed", []string{"--seed", "-1"}, config{}, "seed"},
		{"a bad order", []string{"--delivery-order", "random"}, config{}, `"random" is not a delivery order`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want one about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseFlags = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewEmulatorLearnsEventTypes(t *testing.T) {
	emu, err := newEmulator(config{eventTypes: []string{"meeting.transcribed"}}, emulator.StateFile{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(emu.EventTypes(), "meeting.transcribed") {
		t.Errorf("EventTypes() = %v, want meeting.transcribed among them", emu.EventTypes())
	}
	if _, err := newEmulator(config{eventTypes: []string{"Not A Type"}}, emulator.StateFile{}); err == nil || !strings.Contains(err.Error(), "--event-types") {
		t.Errorf("a malformed type: error = %v, want one naming --event-types", err)
	}
}

// --seed reaches the emulator: its rate faults draw as Options.Seed says.
func TestNewEmulatorSeedsFaults(t *testing.T) {
	pattern := func(emu *emulator.Emulator) []int {
		if err := emu.InjectFault(emulator.Fault{Status: 503, Rate: 0.5}); err != nil {
			t.Fatal(err)
		}
		var statuses []int
		for range 64 {
			rec := httptest.NewRecorder()
			emu.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, emulator.PathApp, nil))
			statuses = append(statuses, rec.Code)
		}
		return statuses
	}
	fromFlags, err := newEmulator(config{seed: 7}, emulator.StateFile{})
	if err != nil {
		t.Fatal(err)
	}
	got := pattern(fromFlags)
	if want := pattern(emulator.New(emulator.Options{Seed: 7})); !slices.Equal(got, want) {
		t.Errorf("--seed 7 faulted %v, Options.Seed 7 faults %v", got, want)
	}
	if unseeded := pattern(emulator.New(emulator.Options{})); slices.Equal(got, unseeded) {
		t.Error("--seed 7 draws like seed 0: the flag does not reach the emulator")
	}
}

// A flag wins over the state file; the file's options apply without one.
func TestNewEmulatorCombinesFlagsAndStateFile(t *testing.T) {
	state := emulator.StateFile{DeliveryOrder: emulator.NewestFirst, IgnoreDeliveryStatus: true}
	// firstRow lists the deliveries of an app with a pending and a delivered
	// delivery, asking for delivered ones only.
	firstRow := func(emu *emulator.Emulator) string {
		creds, err := emu.LoadState(emulator.StateFile{Apps: []emulator.AppSeed{{
			AppSpec:    emulator.AppSpec{ClientID: "app_a", APIKey: "ck_a"},
			Deliveries: emulator.DeliverySeed{Delivered: 1, Pending: 1},
		}}}, "http://emulator")
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, emulator.PathDeliveries+"?status=delivered", nil)
		req.Header.Set(contio.ClientIDHeader, creds[0].ClientID)
		req.Header.Set(contio.APIKeyHeader, creds[0].APIKey)
		emu.ServeHTTP(rec, req)
		var page struct{ Data []struct{ Status string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Data) == 0 {
			t.Fatalf("%s: %v", rec.Body, err)
		}
		return page.Data[0].Status
	}
	fromFile, err := newEmulator(config{}, state)
	if err != nil {
		t.Fatal(err)
	}
	if got := firstRow(fromFile); got != "pending" {
		t.Errorf("the file's newest_first and ignore_delivery_status: first row %s, want the newest, pending", got)
	}
	flagWins, err := newEmulator(config{deliveryOrder: emulator.OldestFirst, deliveryOrderSet: true}, state)
	if err != nil {
		t.Fatal(err)
	}
	if got := firstRow(flagWins); got != "delivered" {
		t.Errorf("--delivery-order oldest_first over the file's newest_first: first row %s, want the oldest, delivered", got)
	}
	fromFlags, err := newEmulator(config{ignoreDeliveryStatus: true, deliveryOrder: emulator.NewestFirst, deliveryOrderSet: true}, emulator.StateFile{})
	if err != nil {
		t.Fatal(err)
	}
	if got := firstRow(fromFlags); got != "pending" {
		t.Errorf("--delivery-order newest_first --ignore-delivery-status: first row %s, want pending", got)
	}
}

func TestNewEmulatorAnyShape(t *testing.T) {
	if _, err := newEmulator(config{eventTypes: []string{"meeting.transcript-ready"}}, emulator.StateFile{}); err == nil {
		t.Error("meeting.transcript-ready without --any-shape: no error")
	}
	emu, err := newEmulator(config{eventTypes: []string{"meeting.transcript-ready"}, anyShape: true}, emulator.StateFile{})
	if err != nil || !slices.Contains(emu.EventTypes(), "meeting.transcript-ready") {
		t.Errorf("--any-shape: %v, catalog %v", err, emu.EventTypes())
	}
}

func TestVersionFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"--version"}, &out); err != nil || out.String() != "contio-emulator dev\n" {
		t.Errorf("--version: %v, printed %q; want contio-emulator dev", err, out.String())
	}
}

// The release sets the version with -ldflags, as goreleaser does; the
// built command prints it and exits 0.
func TestVersionFlagFromLdflags(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "contio-emulator")
	build := exec.CommandContext(t.Context(), "go", "build", "-ldflags", "-X main.version=1.2.3", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(t.Context(), bin, "--version").Output()
	if err != nil || string(out) != "contio-emulator 1.2.3\n" {
		t.Errorf("--version: %v, printed %q; want contio-emulator 1.2.3", err, out)
	}
}

// TestRunServesHealth starts the command on a free port from a state file,
// reads the address from its start-up line and waits on the health endpoint,
// as CI does.
func TestRunServesHealth(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "9.9.9"
	statePath := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(statePath, []byte(`{"apps": [{"client_id": "app_s", "api_key": "ck_s", "webhook_enabled": false}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	base, stop := startRun(t, "--addr", "127.0.0.1:0", "--state", statePath)

	resp, err := http.Get(base + emulator.ControlPrefix + "/health") //nolint:noctx // a test probe
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]string
	err = json.NewDecoder(resp.Body).Decode(&health)
	_ = resp.Body.Close()
	if want := map[string]string{"status": "ok", "version": "9.9.9"}; err != nil || resp.StatusCode != http.StatusOK || !maps.Equal(health, want) {
		t.Errorf("health: HTTP %d %v (%v), want 200 %v", resp.StatusCode, health, err, want)
	}

	// The state file's app is there, as the file says.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+emulator.PathApp, nil)
	req.Header.Set(contio.ClientIDHeader, "app_s")
	req.Header.Set(contio.APIKeyHeader, "ck_s")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"webhook_enabled":false`) {
		t.Errorf("GET app: HTTP %d %s, want the state file's disabled app", resp.StatusCode, body)
	}
	stop()
}

func TestRunRefusesABadStateFile(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(statePath, []byte(`{"apps": [{"client_id": "a", "api_key": "k", "deliveries": {"abandon": 1}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(t.Context(), []string{"--addr", "127.0.0.1:0", "--state", statePath}, io.Discard)
	if want := "state file " + statePath + ": apps[0].deliveries.abandon: unknown field"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one containing %q", err, want)
	}
	// A rule that needs the emulator (an event type it does not know) names the file too.
	if err := os.WriteFile(statePath, []byte(`{"apps": [{"client_id": "a", "api_key": "k", "webhook_filter": {"type": "include", "events": ["meeting.exploded"]}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	err = run(t.Context(), []string{"--addr", "127.0.0.1:0", "--state", statePath}, io.Discard)
	if want := "state file " + statePath + ": apps[0].webhook_filter: unsupported event types: meeting.exploded"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one containing %q", err, want)
	}
}

// TestReadmeStateFileExample loads the manual's example, read from the
// manual itself, and checks it starts the state the manual describes.
func TestReadmeStateFileExample(t *testing.T) {
	example := readmeBlock(t, "<!-- state-file-example -->")
	state, err := emulator.ParseStateFile([]byte(example))
	if err != nil {
		t.Fatalf("the README's state file: %v", err)
	}
	emu, err := newEmulator(config{}, state)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := emu.LoadState(state, "http://127.0.0.1:8085"); err != nil {
		t.Fatalf("loading the README's state file: %v", err)
	}
	st, err := emu.AppState("app_incident")
	if err != nil {
		t.Fatal(err)
	}
	if st.App.WebhookEnabled || !strings.HasSuffix(st.App.WebhookURL, emulator.SinkFailPath) {
		t.Errorf("app_incident: enabled %v, endpoint %s; want disabled, pointing at the failing sink", st.App.WebhookEnabled, st.App.WebhookURL)
	}
	var pending, abandonedTried, abandonedUntried int
	for _, d := range st.Deliveries {
		switch {
		case d.Status == contio.DeliveryPending:
			pending++
		case d.Status == contio.DeliveryAbandoned && d.Attempts > 0 && d.LastError != "":
			abandonedTried++
		case d.Status == contio.DeliveryAbandoned && d.Attempts == 0 && d.LastError == "":
			abandonedUntried++
		}
	}
	if pending != 12 || abandonedTried != 50 || abandonedUntried != 5 {
		t.Errorf("app_incident: %d pending, %d abandoned after attempts, %d abandoned untried; the README says 12, 50, 5", pending, abandonedTried, abandonedUntried)
	}
}

// readmeBlock returns the fenced block that follows marker in README.md.
func readmeBlock(t *testing.T, marker string) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), marker+"\n```json\n")
	block, _, closed := strings.Cut(after, "\n```\n")
	if !ok || !closed {
		t.Fatalf("README.md has no ```json block after %s", marker)
	}
	return block
}

// startRun runs the command with args until the test ends, and returns the
// address its start-up line names and a function that stops it and checks it
// stopped cleanly.
func startRun(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw)
		_ = pw.CloseWithError(io.EOF)
		done <- err
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if addr, ok := strings.CutPrefix(lines.Text(), "contio-emulator listening on "); ok {
			base = addr
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no start-up line: %v", <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("run did not stop within 10s of its context ending")
		}
	}
	t.Cleanup(stop)
	return base, stop
}
