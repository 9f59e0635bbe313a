package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

const callListDeliveries = "GET " + emulator.PathDeliveries

// newBacklogEnv is a disabled app with 3 pending deliveries, and provider data
// whose client retries (4 times, as by default).
func newBacklogEnv(t *testing.T) (*emulatortest.Server, *providerData) {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
	srv.Emit(t, creds.ClientID, 3, "meeting.created")
	return srv, &providerData{client: srv.Client(t, creds, contio.WithMaxRetries(4))}
}

// TestBacklogWarning_throttled: the deliveries list answers 429 with
// Retry-After: 120, which an ordinary call waits for (it is within the
// client's cap) up to max_retries times. The count makes one request, does
// not wait, and the warning says the backlog could not be counted: the plan
// goes on.
func TestBacklogWarning_throttled(t *testing.T) {
	srv, p := newBacklogEnv(t)
	srv.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, Status: 429, RetryAfter: 120, Times: 100})

	var diags diag.Diagnostics
	start := time.Now()
	p.addBacklogWarning(t.Context(), contio.DispositionDeliver, &diags)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the warning took %s: it waited for Retry-After", elapsed)
	}
	if n := srv.RequestCounts()[callListDeliveries]; n != 1 {
		t.Errorf("%d deliveries requests, want 1: a count for a warning is not retried", n)
	}
	checkPlanDiagnostics(t, diags, "", []string{"Unable to count pending webhook deliveries", "the plan goes on", "429"})
	for _, w := range diags.Warnings() {
		if strings.Contains(w.Detail(), "max_retries") {
			t.Errorf("the warning advises max_retries, which a count does not use: %s", w.Detail())
		}
	}

}

// TestBacklogCounter_countDuringWrite: a count that starts while a write is
// at Contio may see the backlog from before the write; it is not served to
// callers after the write.
func TestBacklogCounter_countDuringWrite(t *testing.T) {
	srv, p := newBacklogEnv(t)
	srv.AddFault(t, emulator.Fault{Method: "PUT", Path: emulator.PathWebhookStatus, LatencyMS: 500})
	done := make(chan error)
	go func() {
		_, err := p.write(func() (*contio.App, error) {
			return p.client.UpdateWebhookStatus(context.Background(), true, contio.DispositionAbandon)
		})
		done <- err
	}()
	for deadline := time.Now().Add(2 * time.Second); srv.RequestCounts()["PUT "+emulator.PathWebhookStatus] == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the write never reached the emulator")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n, err := p.pendingBacklog(t.Context()); err != nil || n.N != 3 {
		t.Fatalf("the count during the write = %+v, %v; want 3 (the PUT is still delayed)", n, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	n, err := p.pendingBacklog(t.Context())
	if err != nil || n.N != 0 {
		t.Errorf("after the abandoning re-enable: pendingBacklog = %+v, %v; want 0 (the count made during the write was served)", n, err)
	}
}

// TestBacklogCounter_write: a write makes the next caller count again.
func TestBacklogCounter_write(t *testing.T) {
	srv, p := newBacklogEnv(t)
	if n, err := p.pendingBacklog(t.Context()); err != nil || n.N != 3 || !n.Exact {
		t.Errorf("pendingBacklog = %+v, %v; want exactly 3", n, err)
	}
	if _, err := p.write(func() (*contio.App, error) {
		return p.client.UpdateWebhookStatus(t.Context(), true, contio.DispositionAbandon)
	}); err != nil {
		t.Fatal(err)
	}
	n, err := p.pendingBacklog(t.Context())
	if err != nil || n.N != 0 {
		t.Errorf("after the abandoning re-enable: pendingBacklog = %+v, %v; want 0", n, err)
	}
	if n := srv.RequestCounts()[callListDeliveries]; n != 2 {
		t.Errorf("%d deliveries requests after a write, want 2: the write makes the count stale", n)
	}
}

// TestBacklogCounter_writeDoesNotWait: a count under way (the deliveries list
// answers slowly) holds no lock that a write needs: a write, here an
// unrelated filter change, completes while the count is still waiting for
// its answer.
func TestBacklogCounter_writeDoesNotWait(t *testing.T) {
	srv, p := newBacklogEnv(t)
	srv.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, LatencyMS: 3000})

	counted := make(chan struct{})
	go func() {
		defer close(counted)
		_, _ = p.pendingBacklog(context.Background())
	}()
	// Wait until the count's request is at the emulator.
	for deadline := time.Now().Add(2 * time.Second); srv.RequestCounts()[callListDeliveries] == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the count never reached the emulator")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := p.write(func() (*contio.App, error) {
		return p.client.SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.created"})
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-counted:
		t.Error("the write returned only after the count: it waited for it")
	default:
	}
	<-counted
}
