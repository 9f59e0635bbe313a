package emulator_test

// One test per rule of Contio's "Webhook Management" docs page (see
// CONTRACT.md), each able to fail without the rule it names.

import (
	"slices"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// Docs, "How Auto-Disable Works", first bullet: 50 deliveries abandoned after
// exhausting retries disable webhooks; 49 do not.
func TestAutoDisableAfter50AbandonedDeliveries(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{Name: "Acme", WebhookURL: srv.SinkFail()})

	srv.Emit(t, creds.ClientID, 49, "meeting.created")
	srv.ExhaustRetries(t)
	st := srv.State(t, creds.ClientID)
	if st.DeliveryCounts[contio.DeliveryAbandoned] != 49 {
		t.Fatalf("abandoned = %d, want 49", st.DeliveryCounts[contio.DeliveryAbandoned])
	}
	if !st.App.WebhookEnabled {
		t.Fatal("disabled after 49 abandoned deliveries; the threshold is 50")
	}
	if got := st.Deliveries[0].Attempts; got != len(emulator.DefaultRetrySchedule)+1 {
		t.Errorf("a delivery was abandoned after %d attempts, want %d", got, len(emulator.DefaultRetrySchedule)+1)
	}

	srv.Emit(t, creds.ClientID, 1, "meeting.created")
	srv.ExhaustRetries(t)
	st = srv.State(t, creds.ClientID)
	if st.App.WebhookEnabled {
		t.Fatal("still enabled after 50 abandoned deliveries")
	}
	// "Contio attempts to notify the primary contact email for your app".
	if len(st.Notifications) != 1 || st.Notifications[0].To != "ops@example.com" || !st.Notifications[0].Sent {
		t.Errorf("notifications = %+v, want one to ops@example.com", st.Notifications)
	}
}

// Docs, second bullet: more than 72 hours since the last successful delivery
// with failures recorded disables webhooks.
func TestAutoDisableAfter72HoursWithoutSuccess(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
	srv.Emit(t, creds.ClientID, 1, "meeting.created")

	srv.Clock().Advance(emulator.AutoDisableSilencePeriod)
	rep := srv.RunDeliveryCycle(t.Context())
	if len(rep.AutoDisabled) != 0 || !srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Fatal("disabled at exactly 72 hours; the rule is more than 72 hours")
	}
	srv.Clock().Advance(time.Second)
	rep = srv.RunDeliveryCycle(t.Context())
	if !slices.Equal(rep.AutoDisabled, []string{creds.ClientID}) {
		t.Fatalf("auto_disabled = %v, want [%s]", rep.AutoDisabled, creds.ClientID)
	}
	st := srv.State(t, creds.ClientID)
	if st.App.WebhookEnabled || len(st.Notifications) != 1 {
		t.Errorf("enabled=%v notifications=%d; want disabled with one notification", st.App.WebhookEnabled, len(st.Notifications))
	}
}

// The 72-hour rule needs failures: a quiet app is not disabled.
func TestNoAutoDisableWithoutFailures(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.Emit(t, creds.ClientID, 1, "meeting.created")
	srv.Clock().Advance(10 * emulator.AutoDisableSilencePeriod)
	srv.RunDeliveryCycle(t.Context())
	if !srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Error("an app with no failures was auto-disabled")
	}
}

// A success resets the 72-hour clock: failures before it do not count.
func TestSuccessResetsTheSilenceClock(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
	srv.Emit(t, creds.ClientID, 1, "meeting.created")
	srv.Clock().Advance(48 * time.Hour)
	url := srv.SinkOK()
	if err := srv.PatchApp(creds.ClientID, emulator.AppPatch{WebhookURL: &url}); err != nil {
		t.Fatal(err)
	}
	srv.Emit(t, creds.ClientID, 1, "meeting.created")
	srv.Clock().Advance(48 * time.Hour)
	srv.RunDeliveryCycle(t.Context())
	if !srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Error("disabled 96 h after a failure although a delivery succeeded 48 h ago")
	}
}

// Docs, "Rollout": apps without auto-disable are never disabled by Contio.
func TestAutoDisableFollowsTheRollout(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail(), AutoDisable: ptr(false)})
	srv.Emit(t, creds.ClientID, 60, "meeting.created")
	srv.ExhaustRetries(t)
	srv.Clock().Advance(100 * time.Hour)
	srv.RunDeliveryCycle(t.Context())
	if !srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Error("an app outside the auto-disable rollout was disabled")
	}
}

// Docs, "When auto-disable happens", third bullet, and the interaction table's
// last row: while disabled, matching events are recorded as pending and not
// sent; filtered-out events create no delivery record.
func TestDisabledRecordsPendingAndFilteredCreateNothing(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(false), WebhookFilter: &contio.WebhookFilter{
		Type: contio.FilterInclude, Events: []string{"meeting.created"},
	}})
	rep := srv.Emit(t, creds.ClientID, 3, "meeting.created", "calendar_event.created")
	if len(rep.Recorded) != 3 || rep.FilteredOut != 3 {
		t.Fatalf("recorded %d, filtered %d; want 3 and 3", len(rep.Recorded), rep.FilteredOut)
	}
	srv.RunDeliveryCycle(t.Context())
	st := srv.State(t, creds.ClientID)
	if st.DeliveryCounts[contio.DeliveryPending] != 3 || len(st.Deliveries) != 3 {
		t.Errorf("counts %v, want exactly 3 pending", st.DeliveryCounts)
	}
	if hits := srv.SinkHits()["ok"]; hits != 0 {
		t.Errorf("the endpoint received %d webhooks while disabled", hits)
	}
}

// Docs, "Re-Enabling Webhooks": a disposition is required, "deliver" keeps the
// backlog queued for the next cycle, "abandon" discards it.
func TestReEnableDispositions(t *testing.T) {
	for _, tt := range []struct {
		disposition             contio.PendingDisposition
		wantPendingAfterEnable  int
		wantDeliveredAfterCycle int
		wantAbandoned           int
	}{
		{contio.DispositionDeliver, 4, 4, 0},
		{contio.DispositionAbandon, 0, 0, 4},
	} {
		t.Run(string(tt.disposition), func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			c := srv.Client(t, creds)
			if _, err := c.UpdateWebhookStatus(t.Context(), false, ""); err != nil {
				t.Fatal(err)
			}
			srv.Emit(t, creds.ClientID, 4, "action_item.created")

			if _, err := c.UpdateWebhookStatus(t.Context(), true, ""); !isCode(err, contio.CodePendingDispositionRequired) {
				t.Fatalf("re-enable without a disposition: %v, want pending_disposition_required", err)
			}
			if srv.State(t, creds.ClientID).App.WebhookEnabled {
				t.Fatal("a refused re-enable enabled webhooks")
			}

			app, err := c.UpdateWebhookStatus(t.Context(), true, tt.disposition)
			if err != nil || !app.WebhookEnabled {
				t.Fatalf("re-enable: %v, enabled=%v", err, app.WebhookEnabled)
			}
			st := srv.State(t, creds.ClientID)
			if st.DeliveryCounts[contio.DeliveryPending] != tt.wantPendingAfterEnable {
				t.Errorf("pending right after re-enable = %d, want %d (queued, not sent yet)", st.DeliveryCounts[contio.DeliveryPending], tt.wantPendingAfterEnable)
			}
			rep := srv.RunDeliveryCycle(t.Context())
			st = srv.State(t, creds.ClientID)
			if rep.Delivered != tt.wantDeliveredAfterCycle || st.DeliveryCounts[contio.DeliveryDelivered] != tt.wantDeliveredAfterCycle {
				t.Errorf("delivered on the next cycle = %d, want %d", rep.Delivered, tt.wantDeliveredAfterCycle)
			}
			if st.DeliveryCounts[contio.DeliveryAbandoned] != tt.wantAbandoned {
				t.Errorf("abandoned = %d, want %d", st.DeliveryCounts[contio.DeliveryAbandoned], tt.wantAbandoned)
			}
			if srv.SinkHits()["ok"] != tt.wantDeliveredAfterCycle {
				t.Errorf("endpoint received %d webhooks, want %d", srv.SinkHits()["ok"], tt.wantDeliveredAfterCycle)
			}
		})
	}
}

// Contract (assumed): a disposition on a call that does not re-enable is
// accepted and ignored; re-enabling resets the auto-disable counters.
func TestDispositionIgnoredWhenNotReEnabling(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	c := srv.Client(t, creds)
	if _, err := c.UpdateWebhookStatus(t.Context(), true, contio.DispositionAbandon); err != nil {
		t.Errorf("enable of an enabled app with a disposition: %v", err)
	}
	if _, err := c.UpdateWebhookStatus(t.Context(), false, contio.DispositionDeliver); err != nil {
		t.Errorf("disable with a disposition: %v", err)
	}
	if srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Error("disable with a disposition did not disable")
	}
}

func TestReEnableResetsAutoDisableCounters(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
	srv.Emit(t, creds.ClientID, 50, "meeting.created")
	srv.ExhaustRetries(t)
	if srv.State(t, creds.ClientID).App.WebhookEnabled {
		t.Fatal("not auto-disabled")
	}
	if _, err := srv.Client(t, creds).UpdateWebhookStatus(t.Context(), true, contio.DispositionAbandon); err != nil {
		t.Fatal(err)
	}
	srv.RunDeliveryCycle(t.Context())
	st := srv.State(t, creds.ClientID)
	if !st.App.WebhookEnabled || st.AbandonedSinceEnabled != 0 {
		t.Errorf("enabled=%v abandoned_since_enabled=%d: re-enabling must start the count again", st.App.WebhookEnabled, st.AbandonedSinceEnabled)
	}
}

// Docs, "Always Delivered": user.connection.revoked passes every filter and is
// dropped from filter requests.
func TestAlwaysDeliveredEvent(t *testing.T) {
	for _, ft := range []contio.FilterType{contio.FilterInclude, contio.FilterExclude} {
		t.Run(string(ft), func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			app, err := srv.Client(t, creds).SetWebhookFilter(t.Context(), ft,
				[]string{contio.AlwaysDeliveredEventType, "meeting.created"})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(app.WebhookFilter.Events, []string{"meeting.created"}) {
				t.Errorf("stored events = %v, want [meeting.created]", app.WebhookFilter.Events)
			}
			rep := srv.Emit(t, creds.ClientID, 1, contio.AlwaysDeliveredEventType)
			if len(rep.Recorded) != 1 || rep.Attempt.Delivered != 1 {
				t.Errorf("%s under an %s filter: recorded %d, delivered %d; want 1 and 1", contio.AlwaysDeliveredEventType, ft, len(rep.Recorded), rep.Attempt.Delivered)
			}
		})
	}
}

// Docs, "Interaction Between Status and Filtering", every row.
func TestStatusFilterInteraction(t *testing.T) {
	include := &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}
	exclude := &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"meeting.created"}}
	tests := []struct {
		name    string
		enabled bool
		filter  *contio.WebhookFilter
		event   string
		want    contio.DeliveryStatus // "" means no delivery record
	}{
		{"enabled, no filter", true, nil, "calendar_event.updated", contio.DeliveryDelivered},
		{"enabled, include, listed", true, include, "meeting.created", contio.DeliveryDelivered},
		{"enabled, include, not listed", true, include, "meeting.updated", ""},
		{"enabled, exclude, listed", true, exclude, "meeting.created", ""},
		{"enabled, exclude, not listed", true, exclude, "meeting.updated", contio.DeliveryDelivered},
		{"disabled, no filter", false, nil, "meeting.updated", contio.DeliveryPending},
		{"disabled, include, listed", false, include, "meeting.created", contio.DeliveryPending},
		{"disabled, include, not listed", false, include, "meeting.updated", ""},
		{"disabled, exclude, listed", false, exclude, "meeting.created", ""},
		{"disabled, exclude, not listed", false, exclude, "participant.added", contio.DeliveryPending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(tt.enabled), WebhookFilter: tt.filter})
			srv.Emit(t, creds.ClientID, 1, tt.event)
			st := srv.State(t, creds.ClientID)
			if tt.want == "" {
				if len(st.Deliveries) != 0 {
					t.Errorf("filtered event created %d delivery records", len(st.Deliveries))
				}
				return
			}
			if len(st.Deliveries) != 1 || st.Deliveries[0].Status != tt.want {
				t.Errorf("deliveries = %+v, want one %s", st.Deliveries, tt.want)
			}
		})
	}
}

// Docs, "Invalid event types in a filter request": 400 with valid_event_types.
// Contract: empty lists and bad types are 400 too; duplicates are removed.
func TestFilterRequestValidation(t *testing.T) {
	tests := []struct {
		name       string
		filterType contio.FilterType
		events     []string
		wantCode   string
		wantEvents []string
	}{
		{"unknown type", contio.FilterInclude, []string{"meeting.created", "meeting.exploded"}, contio.CodeInvalidEventTypes, nil},
		{"empty list", contio.FilterExclude, []string{}, contio.CodeInvalidRequest, nil},
		{"only the always-delivered type", contio.FilterInclude, []string{contio.AlwaysDeliveredEventType}, contio.CodeInvalidRequest, nil},
		{"bad filter type", "allow", []string{"meeting.created"}, contio.CodeInvalidRequest, nil},
		{"duplicates removed, order kept", contio.FilterInclude, []string{"participant.added", "meeting.created", "participant.added"}, "", []string{"participant.added", "meeting.created"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			app, err := srv.Client(t, creds).SetWebhookFilter(t.Context(), tt.filterType, tt.events)
			if tt.wantCode == "" {
				if err != nil || !slices.Equal(app.WebhookFilter.Events, tt.wantEvents) {
					t.Fatalf("got %v, %v; want events %v", app, err, tt.wantEvents)
				}
				return
			}
			apiErr, ok := contio.AsAPIError(err)
			if !ok || apiErr.StatusCode != 400 || apiErr.Code != tt.wantCode {
				t.Fatalf("error = %v, want 400 %s", err, tt.wantCode)
			}
			if tt.wantCode == contio.CodeInvalidEventTypes && !slices.Equal(apiErr.ValidEventTypes, contio.FilterableEventTypes()) {
				t.Errorf("valid_event_types = %v", apiErr.ValidEventTypes)
			}
			if srv.State(t, creds.ClientID).App.WebhookFilter != nil {
				t.Error("a refused filter request changed the stored filter")
			}
		})
	}
}

// Failed deliveries are retried on the schedule, not before.
func TestRetriesFollowTheSchedule(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookURL: srv.SinkFail()})
	srv.Emit(t, creds.ClientID, 1, "meeting.created")
	if rep := srv.RunDeliveryCycle(t.Context()); rep.Attempted != 0 {
		t.Errorf("retried %d deliveries before their retry was due", rep.Attempted)
	}
	srv.Clock().Advance(emulator.DefaultRetrySchedule[0])
	if rep := srv.RunDeliveryCycle(t.Context()); rep.Attempted != 1 || rep.Failed != 1 {
		t.Errorf("cycle after the first wait: %+v, want one failed retry", rep)
	}
	d := srv.State(t, creds.ClientID).Deliveries[0]
	if d.Status != contio.DeliveryFailed || d.Attempts != 2 || d.LastError != "HTTP 503" {
		t.Errorf("delivery = %+v", d)
	}
}

func isCode(err error, code string) bool {
	apiErr, ok := contio.AsAPIError(err)
	return ok && apiErr.Code == code
}
