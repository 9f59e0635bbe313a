package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// fakeClock is a waitClock that sleeps by moving its time: a sleep of d
// takes d plus oversleep (real timers fire late), then runs onSleep, which
// plays what happens at Contio meanwhile.
type fakeClock struct {
	now       time.Time
	oversleep time.Duration
	slept     []time.Duration
	onSleep   func()
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d + c.oversleep)
	if c.onSleep != nil {
		c.onSleep()
	}
	return nil
}

// TestWaitForDrain_waitsWhatItSays: the wait sleeps the smaller of the poll
// interval and the time left, and reports the time its clock measured, even
// when that differs from wait_for_drain. Nothing drains: Contio runs no
// delivery cycle.
func TestWaitForDrain_waitsWhatItSays(t *testing.T) {
	for _, tt := range []struct {
		name       string
		wait       string
		oversleep  time.Duration
		wantSleeps []time.Duration
		wantWaited string
	}{
		{"shorter than the poll interval", "10s", 0, []time.Duration{10 * time.Second}, "after waiting 10s"},
		{"not a multiple of it", "40s", 0, []time.Duration{15 * time.Second, 15 * time.Second, 10 * time.Second}, "after waiting 40s"},
		{"the clock measures it", "10s", 700 * time.Millisecond, []time.Duration{10 * time.Second}, "after waiting 10.7s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			clock := &fakeClock{now: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC), oversleep: tt.oversleep}
			a := &webhookReenableAction{data: &providerData{client: srv.Client(t, autoDisabledApp(t, srv))}, pollInterval: 15 * time.Second, clock: clock}
			out, resp := invoke(t, a, reenableConfig(t, "deliver", tt.wait))
			if resp.Diagnostics.HasError() {
				t.Fatalf("invoke failed: %v", resp.Diagnostics)
			}
			if !slices.Equal(clock.slept, tt.wantSleeps) {
				t.Errorf("slept %v, want %v", clock.slept, tt.wantSleeps)
			}
			warnings := warningsText(resp.Diagnostics)
			if !strings.Contains(warnings, tt.wantWaited) || !strings.Contains(warnings, "3 still pending") {
				t.Errorf("warnings lack %q and 3 still pending:\n%s", tt.wantWaited, warnings)
			}
			if strings.Contains(out+warnings, "drained:") {
				t.Errorf("says drained of a backlog still pending:\n%s\n%s", out, warnings)
			}
		})
	}
}

// TestWaitForDrain_classifiesBacklog: once no delivery queued before the
// re-enable is pending, the action says what became of each, by its final
// status; rows that failed again are never called drained, and draw a
// warning naming the runbook's first step.
func TestWaitForDrain_classifiesBacklog(t *testing.T) {
	for _, tt := range []struct {
		name     string
		opts     emulator.Options
		endpoint func(*emulatortest.Server) string // nil: Contio runs no delivery cycle
		want     []string
		notWant  []string
		warnings []string
	}{
		{
			name:     "endpoint fixed",
			endpoint: func(s *emulatortest.Server) string { return s.SinkOK() },
			want:     []string{"The backlog has drained: all 3 deliveries queued before the re-enable were delivered."},
		},
		{
			name:     "endpoint still failing",
			endpoint: func(s *emulatortest.Server) string { return s.SinkFail() },
			want:     []string{"3 failed again"},
			notWant:  []string{"drained", "delivered"},
			warnings: []string{"failed again after the re-enable", "reachable and answers 2xx quickly", "HTTP 503"},
		},
		{
			name:     "endpoint failing one time in two",
			endpoint: func(*emulatortest.Server) string { return flakyEndpoint(t) },
			want:     []string{"1 delivered, 2 failed again"},
			notWant:  []string{"drained"},
			warnings: []string{"of the 3 deliveries queued before it: 1 delivered, 2 failed again", "reachable and answers 2xx quickly"},
		},
		{
			name:     "endpoint still failing, listed newest first",
			opts:     emulator.Options{DeliveryOrder: emulator.NewestFirst, IgnoreDeliveryStatus: true},
			endpoint: func(s *emulatortest.Server) string { return s.SinkFail() },
			want:     []string{"None of the 3 deliveries queued before the re-enable is still pending: 3 failed again (Contio retries them)."},
			notWant:  []string{"drained", "delivered"},
			warnings: []string{"of the 3 deliveries queued before it: 3 failed again", "reachable and answers 2xx quickly"},
		},
		{
			name:     "no retries left",
			opts:     emulator.Options{RetrySchedule: []time.Duration{}},
			endpoint: func(s *emulatortest.Server) string { return s.SinkFail() },
			want:     []string{"3 abandoned"},
			notWant:  []string{"drained", "failed again (Contio retries them)"},
			warnings: []string{"failed again after the re-enable", "reachable and answers 2xx quickly"},
		},
		{
			name:     "no delivery cycle",
			want:     []string{"Waiting for the backlog to drain: 3 pending deliveries queued before the re-enable left."},
			notWant:  []string{"drained:"},
			warnings: []string{"has not drained yet", "after waiting 1m0s", "3 still pending"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, tt.opts)
			creds := autoDisabledApp(t, srv)
			clock := &fakeClock{now: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)}
			if tt.endpoint != nil {
				url := tt.endpoint(srv)
				if err := srv.PatchApp(creds.ClientID, emulator.AppPatch{WebhookURL: &url}); err != nil {
					t.Fatal(err)
				}
				clock.onSleep = func() { srv.RunDeliveryCycle(t.Context()) }
			}
			a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds)}, pollInterval: 15 * time.Second, clock: clock}
			out, resp := invoke(t, a, reenableConfig(t, "deliver", "1m"))
			if resp.Diagnostics.HasError() {
				t.Fatalf("invoke failed: %v", resp.Diagnostics)
			}
			drain := out[strings.Index(out, "Waiting up to"):] // the messages before the wait speak of other deliveries
			wantProgress(t, drain, tt.want...)
			for _, nw := range tt.notWant {
				if strings.Contains(drain, nw) {
					t.Errorf("the wait's progress says %q:\n%s", nw, drain)
				}
			}
			checkPlanDiagnostics(t, resp.Diagnostics, "", tt.warnings)
		})
	}
}

// flakyEndpoint answers 503 and 204 by turns, 503 first.
func flakyEndpoint(t *testing.T) string {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		n++
		fail := n%2 == 1
		mu.Unlock()
		if fail {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestWaitForDrain_withoutSnapshot: when the backlog could not be listed
// before the re-enable, the wait cannot tell delivered from failed, and says
// so instead of "drained"; when nothing was pending, it does not wait.
func TestWaitForDrain_withoutSnapshot(t *testing.T) {
	for _, tt := range []struct {
		name   string
		queued *queuedBeforeReenable
		want   string
	}{
		{"not listed", nil, "No delivery is pending any more. The backlog could not be listed before the re-enable, so this action cannot tell which were delivered and which failed again"},
		{"nothing pending", &queuedBeforeReenable{ids: map[string]bool{}, complete: true}, "Nothing was pending before the re-enable, so there is no backlog to wait for."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
			srv.Emit(t, creds.ClientID, 2, "meeting.created")
			srv.RunDeliveryCycle(t.Context()) // both fail: none is pending
			clock := &fakeClock{now: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)}
			a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds)}, pollInterval: 15 * time.Second, clock: clock}
			var msgs []string
			var diags diag.Diagnostics
			a.waitForDrain(t.Context(), "1m", tt.queued, func(f string, args ...any) { msgs = append(msgs, fmt.Sprintf(f, args...)) }, &diags)
			out := strings.Join(msgs, "\n")
			wantProgress(t, out, tt.want)
			if strings.Contains(out, "drained") || len(clock.slept) > 0 || len(diags) > 0 {
				t.Errorf("slept %v, diagnostics %v, progress:\n%s", clock.slept, diags, out)
			}
		})
	}
}

// TestWaitForDrain_unreadableBacklogWarns: the backlog is listed before the
// re-enable, then every listing fails until the wait runs out. The action
// does not know what became of the backlog, so it must not end silent.
func TestWaitForDrain_unreadableBacklogWarns(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	clock := &fakeClock{now: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)}
	clock.onSleep = func() {
		srv.AddFault(t, emulator.Fault{Method: http.MethodGet, Path: "/v1/partner/admin/webhook-deliveries", Status: 500, Times: 1000})
	}
	a := &webhookReenableAction{data: &providerData{client: srv.Client(t, autoDisabledApp(t, srv))}, pollInterval: 15 * time.Second, clock: clock}
	out, resp := invoke(t, a, reenableConfig(t, "deliver", "10s"))
	if resp.Diagnostics.HasError() {
		t.Fatalf("invoke failed: %v", resp.Diagnostics)
	}
	if warnings := warningsText(resp.Diagnostics); !strings.Contains(warnings, "Could not tell whether the pending backlog drained") || !strings.Contains(warnings, "3 unknown") {
		t.Errorf("no warning that the backlog's fate is unknown after the wait:\nprogress:\n%s\nwarnings:\n%s", out, warnings)
	}
}
