package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The action's plan and invoke, called directly: terraform-plugin-testing
// cannot invoke actions (internal/e2e drives them through the CLI).

// TestWebhookReenableAction_invoke: on an auto-disabled app, each runbook
// step is a progress message, the app ends enabled, and the backlog is kept
// (deliver) or discarded (abandon).
func TestWebhookReenableAction_invoke(t *testing.T) {
	for _, tt := range []struct {
		disposition string
		wantBacklog string
		wantPending int
	}{
		{"deliver", "Backlog: 3 pending deliveries stay queued", 3},
		{"abandon", "Backlog: 3 pending deliveries will be discarded", 0},
	} {
		t.Run(tt.disposition, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := autoDisabledApp(t, srv)
			a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds)}, pollInterval: time.Millisecond}
			srv.ResetRequestCounts()

			out, resp := invoke(t, a, reenableConfig(t, tt.disposition, ""))
			if resp.Diagnostics.HasError() {
				t.Fatalf("invoke failed: %v", resp.Diagnostics)
			}
			wantProgress(t, out,
				"Webhook delivery for app "+creds.ClientID+" is disabled.",
				"Delivery failures Contio lists: 50 abandoned (all time), 0 failed (being retried).", "Newest: delivery ",
				tt.wantBacklog,
				`Re-enabling webhook delivery with pending_disposition = "`+tt.disposition+`"`,
				"Confirmed: Contio reports webhook_enabled = true",
				"Nothing else to run", "terraform apply -refresh-only")
			st := srv.State(t, creds.ClientID)
			if !st.App.WebhookEnabled || st.DeliveryCounts["pending"] != tt.wantPending {
				t.Errorf("after invoke: enabled=%t, deliveries %v; want enabled with %d pending", st.App.WebhookEnabled, st.DeliveryCounts, tt.wantPending)
			}
			// Confirmed by a read after the write, not by the write's answer.
			if got := srv.RequestCounts()["GET "+emulator.PathApp]; got != 2 {
				t.Errorf("%d app reads, want 2 (before and to confirm)", got)
			}
		})
	}
}

// TestWebhookReenableAction_alreadyEnabled: invoking on an enabled app says
// so and changes nothing.
func TestWebhookReenableAction_alreadyEnabled(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds)}}
	out, resp := invoke(t, a, reenableConfig(t, "abandon", ""))
	if resp.Diagnostics.HasError() {
		t.Fatalf("invoke failed: %v", resp.Diagnostics)
	}
	wantProgress(t, out, "is already enabled: nothing to do")
	if got := srv.RequestCounts(); len(got) != 1 || got["GET "+emulator.PathApp] != 1 {
		t.Errorf("calls %v, want one app read and nothing else", got)
	}
}

// TestWebhookReenableAction_waitForDrain: with abandon the backlog is gone at
// once; with deliver and no delivery cycle (the emulator's clock stands
// still) the wait ends at its bound with a warning, not an error.
func TestWebhookReenableAction_waitForDrain(t *testing.T) {
	t.Run("abandoned", func(t *testing.T) {
		srv := emulatortest.Start(t, emulator.Options{})
		a := &webhookReenableAction{data: &providerData{client: srv.Client(t, autoDisabledApp(t, srv))}, pollInterval: time.Millisecond}
		out, resp := invoke(t, a, reenableConfig(t, "abandon", "1m"))
		if resp.Diagnostics.HasError() || len(resp.Diagnostics.Warnings()) > 0 {
			t.Fatalf("diagnostics: %v", resp.Diagnostics)
		}
		wantProgress(t, out, "Waiting up to 1m0s", "None of the 3 deliveries queued before the re-enable is still pending: 3 abandoned unsent.")
	})
	t.Run("bounded", func(t *testing.T) {
		srv := emulatortest.Start(t, emulator.Options{})
		a := &webhookReenableAction{data: &providerData{client: srv.Client(t, autoDisabledApp(t, srv))}, pollInterval: 20 * time.Millisecond}
		start := time.Now()
		out, resp := invoke(t, a, reenableConfig(t, "deliver", "100ms"))
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("the wait took %s, bounded by 100ms", elapsed)
		}
		if resp.Diagnostics.HasError() {
			t.Fatalf("an undrained backlog failed the action: %v", resp.Diagnostics)
		}
		wantProgress(t, out, "Waiting for the backlog to drain: 3 pending deliveries queued before the re-enable left.")
		checkPlanDiagnostics(t, resp.Diagnostics, "", []string{"has not drained yet", "of the 3 deliveries queued before it: 3 still pending"})
	})
}

// TestWebhookReenableAction_drainIgnoresNewEvents: the wait is for the
// backlog queued before the re-enable. On an app with traffic, events created
// after it stay pending until Contio's next cycle; counting them, the wait
// might never end.
func TestWebhookReenableAction_drainIgnoresNewEvents(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := autoDisabledApp(t, srv)
	c := srv.Client(t, creds)
	a := &webhookReenableAction{data: &providerData{client: c}, pollInterval: time.Millisecond}
	var msgs []string
	progress := func(format string, args ...any) { msgs = append(msgs, fmt.Sprintf(format, args...)) }

	queued := snapshotPending(t.Context(), c, progress)
	if queued == nil || len(queued.ids) != 3 || !queued.complete {
		t.Fatalf("snapshot = %+v, want the 3 pending deliveries, complete", queued)
	}
	if _, err := c.UpdateWebhookStatus(t.Context(), true, contio.DispositionDeliver); err != nil {
		t.Fatal(err)
	}
	srv.RunDeliveryCycle(t.Context()) // the backlog goes out

	// New traffic: the endpoint holds the new events' POSTs, so they stay
	// pending through the wait, as events created after the re-enable do
	// until Contio's next cycle.
	release, held := make(chan struct{}), make(chan struct{})
	var once sync.Once
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		once.Do(func() { close(held) }) // the emulator posts one at a time
		<-release
	}))
	defer slow.Close()
	emitted := make(chan struct{})
	defer func() { close(release); <-emitted }()
	if err := srv.PatchApp(creds.ClientID, emulator.AppPatch{WebhookURL: &slow.URL}); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(emitted)
		_, _ = srv.EmitEvents(context.Background(), creds.ClientID, []string{"meeting.created"}, 2)
	}()
	<-held
	if st := srv.State(t, creds.ClientID); st.DeliveryCounts["pending"] != 2 {
		t.Fatalf("deliveries %v, want 2 pending (the new events)", st.DeliveryCounts)
	}

	var diags diag.Diagnostics
	a.waitForDrain(t.Context(), "200ms", queued, progress, &diags)
	if diags.HasError() || len(diags.Warnings()) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	wantProgress(t, strings.Join(msgs, "\n"), "The backlog has drained: all 3 deliveries queued before the re-enable were delivered.")
}

// TestWebhookReenableAction_statusIgnored: a Contio that ignores the status
// query lists the 50 abandoned deliveries with the 3 pending ones; the
// backlog is still 3, and after abandoning it the wait sees it drained.
func TestWebhookReenableAction_statusIgnored(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{IgnoreDeliveryStatus: true})
	a := &webhookReenableAction{data: &providerData{client: srv.Client(t, autoDisabledApp(t, srv))}, pollInterval: 5 * time.Millisecond}
	out, resp := invoke(t, a, reenableConfig(t, "abandon", "200ms"))
	if resp.Diagnostics.HasError() || len(resp.Diagnostics.Warnings()) > 0 {
		t.Fatalf("diagnostics: %v", resp.Diagnostics)
	}
	wantProgress(t, out, "Backlog: 3 pending deliveries will be discarded", "is still pending: 3 abandoned unsent.")
}

// TestDescribeFailures_sanitized: an event type or error text holding escape
// sequences reaches the progress message (and tflog) as plain text.
func TestDescribeFailures_sanitized(t *testing.T) {
	const hostile = "evil\x1b[2J\x1b]0;pwned\x07.type"
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
	srv.LearnEventTypesAnyShape(t, hostile)
	srv.Emit(t, creds.ClientID, 1, hostile)
	srv.ExhaustRetries(t)
	got := describeFailures(t.Context(), srv.Client(t, creds))
	if !strings.Contains(got, "1 abandoned (all time), 0 failed (being retried)") || !strings.Contains(got, "evil") {
		t.Fatalf("message = %q, want the abandoned delivery described", got)
	}
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("the message carries escape sequences: %q", got)
	}
}

// TestWebhookReenableAction_sanitizesAppID: the app id is Contio's text like
// a delivery's: escape sequences and the API key never reach a message, at
// plan time or when invoked, whichever way the invoke goes.
func TestWebhookReenableAction_sanitizesAppID(t *testing.T) {
	const key = "ck_live_sanitize_me_0123456789"
	spec := emulator.AppSpec{APIKey: key, AppID: "app\x1b[2J\x1b]0;pwned\x07_" + key}
	check := func(t *testing.T, what, got string) {
		t.Helper()
		if strings.ContainsAny(got, "\x1b\x07") || strings.Contains(got, key) {
			t.Errorf("%s carries Contio's raw app id: %q", what, got)
		}
		if !strings.Contains(got, "app [2J ]0;pwned _[redacted]") {
			t.Errorf("%s lacks the sanitized app id: %q", what, got)
		}
	}
	for _, disabled := range []bool{false, true} {
		t.Run(fmt.Sprintf("disabled=%t", disabled), func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			var creds emulator.Credentials
			if disabled {
				creds = autoDisabledAppWith(t, srv, spec)
			} else {
				creds = srv.NewApp(t, spec)
			}
			a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds)}, pollInterval: time.Millisecond}
			plan := &action.ModifyPlanResponse{}
			a.ModifyPlan(t.Context(), action.ModifyPlanRequest{Config: reenableConfig(t, "deliver", "")}, plan)
			if !disabled {
				check(t, "the plan's warning", warningsText(plan.Diagnostics))
			}
			out, resp := invoke(t, a, reenableConfig(t, "deliver", ""))
			if resp.Diagnostics.HasError() {
				t.Fatalf("invoke failed: %v", resp.Diagnostics)
			}
			check(t, "the progress", out)
		})
	}
}

// TestWebhookReenableAction_modifyPlan: at plan time the action says what it
// will do, with the same backlog warning as contio_webhook_status.
func TestWebhookReenableAction_modifyPlan(t *testing.T) {
	for _, tt := range []struct {
		name        string
		disabled    bool
		disposition string
		want        []string
	}{
		{"enabled", false, "deliver", []string{"Webhook delivery is already enabled", "changes nothing"}},
		{"deliver", true, "deliver", []string{"will deliver the backlog", "3 pending deliveries"}},
		{"abandon", true, "abandon", []string{"will discard the backlog", "3 pending deliveries"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(!tt.disabled)})
			srv.Emit(t, creds.ClientID, 3, "meeting.created")
			a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds)}}
			resp := &action.ModifyPlanResponse{}
			a.ModifyPlan(t.Context(), action.ModifyPlanRequest{Config: reenableConfig(t, tt.disposition, "")}, resp)
			checkPlanDiagnostics(t, resp.Diagnostics, "", tt.want)
		})
	}
}

// TestWebhookReenableAction_modifyPlanDoesNotWait: the plan reads the app only
// to warn, so it makes one attempt: Contio throttling (429, Retry-After: 2)
// is a warning at once, not a plan held through the client's retries.
func TestWebhookReenableAction_modifyPlanDoesNotWait(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
	srv.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathApp, Status: 429, RetryAfter: 2, Times: 100})
	a := &webhookReenableAction{data: &providerData{client: srv.Client(t, creds, contio.WithMaxRetries(3))}}
	resp := &action.ModifyPlanResponse{}
	start := time.Now()
	a.ModifyPlan(t.Context(), action.ModifyPlanRequest{Config: reenableConfig(t, "deliver", "")}, resp)
	if elapsed := time.Since(start); elapsed >= 2*time.Second { // the Retry-After
		t.Errorf("the plan's read for a warning took %s", elapsed)
	}
	if n := srv.RequestCounts()["GET "+emulator.PathApp]; n != 1 {
		t.Errorf("%d app reads, want 1: a read for a warning is not retried", n)
	}
	checkPlanDiagnostics(t, resp.Diagnostics, "", []string{"Unable to read Contio app for a plan-time check", "without retries", "429"})
}

// TestWebhookReenableAction_validation: Terraform validates the action's
// configuration before planning an invoke; a bad disposition or wait is
// refused there, through the framework's server.
func TestWebhookReenableAction_validation(t *testing.T) {
	ctx := t.Context()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("the provider server (%T) serves no actions", server)
	}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"pending_disposition": tftypes.String, "wait_for_drain": tftypes.String}}
	for _, tt := range []struct {
		disposition, wait any
		wantError         string
	}{
		{"deliver", nil, ""},
		{"abandon", "30m", ""},
		{"keep", nil, `value must be one of: ["deliver" "abandon"]`},
		{"deliver", "2h", "at most 1h0m0s"},
		{"deliver", "soon", "must be a duration"},
		{tftypes.UnknownValue, nil, ""},
	} {
		cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{
			"pending_disposition": tftypes.NewValue(tftypes.String, tt.disposition),
			"wait_for_drain":      tftypes.NewValue(tftypes.String, tt.wait),
		}))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := actions.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "contio_webhook_reenable", Config: &cfg})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				got = append(got, d.Summary+": "+d.Detail)
			}
		}
		switch {
		case tt.wantError == "" && len(got) > 0:
			t.Errorf("%v, %v: unexpected errors %q", tt.disposition, tt.wait, got)
		case tt.wantError != "" && !strings.Contains(strings.Join(got, "\n"), tt.wantError):
			t.Errorf("%v, %v: errors %q, want one with %q", tt.disposition, tt.wait, got, tt.wantError)
		}
	}
}
