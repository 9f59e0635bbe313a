package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// rawAnswer is what a plain HTTP client saw of one call.
type rawAnswer struct {
	resp *http.Response
	body []byte
	err  error // a transport error: no answer at all
}

// rawCall sends one Partner API call on a fresh connection, so that Go's
// transport cannot silently replay a call whose connection was dropped.
func rawCall(t *testing.T, srv *emulatortest.Server, creds emulator.Credentials, method, path, body string, timeout time.Duration) rawAnswer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(contio.ClientIDHeader, creds.ClientID)
	req.Header.Set(contio.APIKeyHeader, creds.APIKey)
	client := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return rawAnswer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return rawAnswer{resp: resp, body: b, err: err}
}

const includeMeetingCreated = `{"type":"include","events":["meeting.created"]}`

// Each kind, on a write: whether Contio applied it, and what the client saw.
func TestFaultKinds(t *testing.T) {
	tests := []struct {
		name        string
		fault       emulator.Fault
		wantApplied bool
		// check inspects what the client saw.
		check func(t *testing.T, got rawAnswer)
	}{
		{"status", emulator.Fault{Status: 503}, false, func(t *testing.T, got rawAnswer) {
			wantJSONError(t, got, 503, "injected_fault")
		}},
		{"status 429 with Retry-After", emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: 7}, false, func(t *testing.T, got rawAnswer) {
			wantJSONError(t, got, 429, contio.CodeRateLimited)
			if ra := got.resp.Header.Get("Retry-After"); ra != "7" {
				t.Errorf("Retry-After = %q, want 7", ra)
			}
		}},
		{"drop_before", emulator.Fault{Kind: emulator.FaultDropBefore}, false, wantNoAnswer},
		{"drop_after", emulator.Fault{Kind: emulator.FaultDropAfter}, true, wantNoAnswer},
		{"truncated", emulator.Fault{Kind: emulator.FaultTruncated}, true, func(t *testing.T, got rawAnswer) {
			if got.err != nil || got.resp.StatusCode != 200 || got.resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("got %+v, want a 200 JSON answer", got)
			}
			if json.Valid(got.body) || !strings.HasPrefix(string(got.body), `{"id":`) {
				t.Errorf("body %q, want the start of the App's JSON, cut short", got.body)
			}
		}},
		{"html", emulator.Fault{Kind: emulator.FaultHTML}, false, func(t *testing.T, got rawAnswer) {
			wantHTML(t, got, 502)
		}},
		{"html with a status", emulator.Fault{Kind: emulator.FaultHTML, Status: 504, RetryAfter: 3}, false, func(t *testing.T, got rawAnswer) {
			wantHTML(t, got, 504)
			if ra := got.resp.Header.Get("Retry-After"); ra != "3" {
				t.Errorf("Retry-After = %q, want 3", ra)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			tt.fault.Path = emulator.PathWebhookFilter
			srv.AddFault(t, tt.fault)

			got := rawCall(t, srv, creds, "PUT", emulator.PathWebhookFilter, includeMeetingCreated, 5*time.Second)
			tt.check(t, got)
			if applied := srv.State(t, creds.ClientID).App.WebhookFilter != nil; applied != tt.wantApplied {
				t.Errorf("change applied = %v, want %v", applied, tt.wantApplied)
			}
			if n := srv.RequestCounts()["PUT "+emulator.PathWebhookFilter]; n != 1 {
				t.Errorf("request count = %d, want 1: faulted calls count", n)
			}
			// Used up: the next call is handled normally.
			if again := rawCall(t, srv, creds, "PUT", emulator.PathWebhookFilter, includeMeetingCreated, 5*time.Second); again.err != nil || again.resp.StatusCode != 200 {
				t.Errorf("the call after the fault: %+v, want 200", again)
			}
		})
	}
}

func wantJSONError(t *testing.T, got rawAnswer, status int, code string) {
	t.Helper()
	if got.err != nil {
		t.Fatalf("transport error %v, want HTTP %d", got.err, status)
	}
	var body struct{ Error, Message string }
	if got.resp.StatusCode != status || json.Unmarshal(got.body, &body) != nil || body.Error != code {
		t.Errorf("HTTP %d %s, want %d with error %q", got.resp.StatusCode, got.body, status, code)
	}
}

func wantHTML(t *testing.T, got rawAnswer, status int) {
	t.Helper()
	if got.err != nil {
		t.Fatalf("transport error %v, want HTTP %d", got.err, status)
	}
	if got.resp.StatusCode != status || !strings.HasPrefix(got.resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(got.body, []byte("<html>")) {
		t.Errorf("HTTP %d %q %s, want %d with an HTML page", got.resp.StatusCode, got.resp.Header.Get("Content-Type"), got.body, status)
	}
}

func wantNoAnswer(t *testing.T, got rawAnswer) {
	t.Helper()
	if got.err == nil {
		t.Errorf("got HTTP %d %s, want no answer", got.resp.StatusCode, got.body)
	}
}

// The provider's own client, without retries, sees an error from a dropped
// answer although Contio applied the change: the case a resource must survive.
func TestDropAfterFailsTheClientButApplies(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, emulator.Fault{Kind: emulator.FaultDropAfter, Method: "PUT", Path: emulator.PathWebhookStatus})
	c := srv.Client(t, creds, contio.WithMaxRetries(0))
	if _, err := c.UpdateWebhookStatus(t.Context(), false, ""); err == nil {
		t.Error("the client saw success, want an error")
	}
	if srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Error("webhooks still enabled: drop_after must apply the change")
	}
}

// latency_ms delays a call, which is then handled; a client that gives up
// during the delay leaves nothing applied.
func TestFaultLatency(t *testing.T) {
	const latency = 300 * time.Millisecond
	t.Run("handled after the delay", func(t *testing.T) {
		srv := emulatortest.Start(t, emulator.Options{})
		creds := srv.NewApp(t, emulator.AppSpec{})
		srv.AddFault(t, emulator.Fault{LatencyMS: int(latency.Milliseconds())})
		start := time.Now()
		got := rawCall(t, srv, creds, "PUT", emulator.PathWebhookFilter, includeMeetingCreated, 5*time.Second)
		if elapsed := time.Since(start); elapsed < latency {
			t.Errorf("answered after %s, want at least %s", elapsed, latency)
		}
		if got.err != nil || got.resp.StatusCode != 200 || srv.State(t, creds.ClientID).App.WebhookFilter == nil {
			t.Errorf("got %+v, want the call handled", got)
		}
	})
	t.Run("the client gives up", func(t *testing.T) {
		srv := emulatortest.Start(t, emulator.Options{})
		creds := srv.NewApp(t, emulator.AppSpec{})
		srv.AddFault(t, emulator.Fault{Kind: emulator.FaultDropAfter, LatencyMS: int(latency.Milliseconds())})
		if got := rawCall(t, srv, creds, "PUT", emulator.PathWebhookFilter, includeMeetingCreated, latency/6); got.err == nil {
			t.Fatalf("got HTTP %d, want the client's timeout", got.resp.StatusCode)
		}
		time.Sleep(2 * latency)
		if srv.State(t, creds.ClientID).App.WebhookFilter != nil {
			t.Error("the call was applied after its client had gone")
		}
	})
	t.Run("before a status", func(t *testing.T) {
		srv := emulatortest.Start(t, emulator.Options{})
		creds := srv.NewApp(t, emulator.AppSpec{})
		srv.AddFault(t, emulator.Fault{Status: 503, LatencyMS: int(latency.Milliseconds())})
		start := time.Now()
		got := rawCall(t, srv, creds, "GET", emulator.PathApp, "", 5*time.Second)
		if elapsed := time.Since(start); elapsed < latency {
			t.Errorf("answered after %s, want at least %s", elapsed, latency)
		}
		wantJSONError(t, got, 503, "injected_fault")
	})
}

// faultPattern makes n GETs of the app and returns which ones were faulted.
func faultPattern(t *testing.T, opts emulator.Options, f emulator.Fault, n int) []bool {
	t.Helper()
	srv := emulatortest.Start(t, opts)
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, f)
	var pattern []bool
	for range n {
		got := rawCall(t, srv, creds, "GET", emulator.PathApp, "", 5*time.Second)
		if got.err != nil {
			t.Fatal(got.err)
		}
		pattern = append(pattern, got.resp.StatusCode == 503)
	}
	if c := srv.RequestCounts()["GET "+emulator.PathApp]; c != n {
		t.Errorf("request count = %d, want %d: faulted calls count", c, n)
	}
	return pattern
}

func count(pattern []bool) int {
	n := 0
	for _, faulted := range pattern {
		if faulted {
			n++
		}
	}
	return n
}

func TestFaultRate(t *testing.T) {
	const calls = 200
	half := emulator.Fault{Status: 503, Rate: 0.5, Seed: 1}
	first := faultPattern(t, emulator.Options{Seed: 42}, half, calls)

	t.Run("a share of the calls, until cleared", func(t *testing.T) {
		// 200 fair draws land in 60..140 all but once in ten million runs;
		// with fixed seeds the draw is the same on every run anyway.
		if n := count(first); n < 60 || n > 140 {
			t.Errorf("%d of %d calls faulted, want about half", n, calls)
		}
		if !slices.Contains(first[calls-20:], true) {
			t.Error("no fault in the last 20 calls: a rate fault without times must stay until cleared")
		}
	})
	t.Run("the same seeds replay the same calls", func(t *testing.T) {
		if again := faultPattern(t, emulator.Options{Seed: 42}, half, calls); !slices.Equal(again, first) {
			t.Error("the same seeds faulted different calls")
		}
	})
	t.Run("another seed draws differently", func(t *testing.T) {
		if other := faultPattern(t, emulator.Options{Seed: 43}, half, calls); slices.Equal(other, first) {
			t.Error("Options.Seed does not change the draws")
		}
		other := half
		other.Seed = 2
		if again := faultPattern(t, emulator.Options{Seed: 42}, other, calls); slices.Equal(again, first) {
			t.Error("Fault.Seed does not change the draws")
		}
	})
	t.Run("with times, stops after that many", func(t *testing.T) {
		f := half
		f.Times = 5
		if n := count(faultPattern(t, emulator.Options{}, f, 50)); n != 5 {
			t.Errorf("%d calls faulted, want 5", n)
		}
	})
	t.Run("rate 1 faults every call", func(t *testing.T) {
		if n := count(faultPattern(t, emulator.Options{}, emulator.Fault{Status: 503, Rate: 1}, 30)); n != 30 {
			t.Errorf("%d of 30 calls faulted", n)
		}
	})
	t.Run("cleared", func(t *testing.T) {
		srv := emulatortest.Start(t, emulator.Options{})
		creds := srv.NewApp(t, emulator.AppSpec{})
		srv.AddFault(t, emulator.Fault{Status: 503, Rate: 1})
		srv.ClearFaults()
		if got := rawCall(t, srv, creds, "GET", emulator.PathApp, "", 5*time.Second); got.err != nil || got.resp.StatusCode != 200 {
			t.Errorf("after ClearFaults: %+v, want 200", got)
		}
	})
}

// Faults select calls by method and path, and the first injected that
// matches answers.
func TestFaultMatching(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, emulator.Fault{Method: "put", Status: 409})
	srv.AddFault(t, emulator.Fault{Path: emulator.PathApp, Status: 503})
	srv.AddFault(t, emulator.Fault{Status: 500})
	for _, tt := range []struct {
		method, path, body string
		want               int
	}{
		{"GET", emulator.PathDeliveries, "", 500},
		{"GET", emulator.PathApp, "", 503},
		{"PUT", emulator.PathWebhookFilter, includeMeetingCreated, 409},
		{"GET", emulator.PathApp, "", 200},
	} {
		if got := rawCall(t, srv, creds, tt.method, tt.path, tt.body, 5*time.Second); got.err != nil || got.resp.StatusCode != tt.want {
			t.Errorf("%s %s: %+v, want HTTP %d", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestFaultValidation(t *testing.T) {
	tests := []struct {
		name  string
		fault emulator.Fault
		want  string // "" if valid; else a word of the message
	}{
		{"a status", emulator.Fault{Status: 503}, ""},
		{"latency alone", emulator.Fault{LatencyMS: 10}, ""},
		{"html without a status", emulator.Fault{Kind: emulator.FaultHTML}, ""},
		{"drop with latency", emulator.Fault{Kind: emulator.FaultDropBefore, LatencyMS: 10}, ""},
		{"nothing", emulator.Fault{}, "status"},
		{"a success status", emulator.Fault{Status: 200}, "status"},
		{"html with a success status", emulator.Fault{Kind: emulator.FaultHTML, Status: 302}, "status"},
		{"drop with a status", emulator.Fault{Kind: emulator.FaultDropAfter, Status: 503}, "status"},
		{"truncated with retry_after", emulator.Fault{Kind: emulator.FaultTruncated, RetryAfter: 1}, "retry_after"},
		{"unknown kind", emulator.Fault{Kind: "explode", Status: 503}, "kind"},
		{"rate above 1", emulator.Fault{Status: 503, Rate: 1.5}, "rate"},
		{"negative rate", emulator.Fault{Status: 503, Rate: -0.1}, "rate"},
		{"negative times", emulator.Fault{Status: 503, Times: -1}, "times"},
		{"negative latency", emulator.Fault{Status: 503, LatencyMS: -1}, "latency_ms"},
		{"latency above the bound", emulator.Fault{Status: 503, LatencyMS: int(emulator.MaxFaultLatency.Milliseconds()) + 1}, "latency_ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			err := srv.InjectFault(tt.fault)
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("InjectFault = %v, want an error about %q", err, tt.want)
			}
			status := http.StatusCreated
			if tt.want != "" {
				status = http.StatusBadRequest
			}
			call(t, "POST", srv.URL+emulator.ControlPrefix+"/faults", tt.fault, status, nil)
		})
	}
}

// The control API answers the fault as it will act: defaults filled in.
func TestControlAPIFaultDefaults(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	for _, tt := range []struct {
		in   map[string]any
		want emulator.Fault
	}{
		{map[string]any{"status": 503, "method": "get"}, emulator.Fault{Kind: emulator.FaultStatus, Status: 503, Method: "GET", Times: 1}},
		{map[string]any{"kind": "html", "times": 3}, emulator.Fault{Kind: emulator.FaultHTML, Status: 502, Times: 3}},
		{map[string]any{"kind": "drop_after", "rate": 0.25, "seed": 9, "latency_ms": 5}, emulator.Fault{Kind: emulator.FaultDropAfter, Rate: 0.25, Seed: 9, LatencyMS: 5}},
	} {
		var got emulator.Fault
		call(t, "POST", srv.URL+emulator.ControlPrefix+"/faults", tt.in, http.StatusCreated, &got)
		if got != tt.want {
			t.Errorf("POST %v answered %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
