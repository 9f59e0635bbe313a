package provider

import (
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// TestDescribeFailures_readsWell: the failures step reads well when there is
// nothing to report, when listing stopped at its budget having found none,
// when the read failed, and when the newest was never attempted.
func TestDescribeFailures_readsWell(t *testing.T) {
	for _, tt := range []struct {
		name    string
		opts    emulator.Options
		setup   func(*testing.T, *emulatortest.Server, emulator.Credentials)
		want    string
		notWant []string
	}{
		{
			name:    "no deliveries",
			setup:   func(*testing.T, *emulatortest.Server, emulator.Credentials) {},
			want:    "Contio lists no failed or abandoned deliveries.",
			notWant: []string{"0 abandoned", "Newest"},
		},
		{
			name: "listing stopped at its budget",
			opts: emulator.Options{IgnoreDeliveryStatus: true},
			setup: func(t *testing.T, s *emulatortest.Server, c emulator.Credentials) {
				s.Emit(t, c.ClientID, recentFailuresPages*contio.MaxDeliveriesPageSize+1, "meeting.created") // pending: webhooks are disabled
			},
			want:    "Delivery failures Contio lists: no abandoned (all time) among the first 1000 deliveries listed, no failed (being retried) among the first 1000 deliveries listed.",
			notWant: []string{"at least 0", "Newest"},
		},
		{
			name: "read failed",
			setup: func(t *testing.T, s *emulatortest.Server, _ emulator.Credentials) {
				s.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, Status: 503, Times: 100})
			},
			want:    "Could not list the delivery failures (",
			notWant: []string{"0 abandoned", "Newest", "errors: ."},
		},
		{
			name: "newest never attempted",
			setup: func(t *testing.T, s *emulatortest.Server, c emulator.Credentials) {
				s.Emit(t, c.ClientID, 2, "meeting.created")
				if _, err := s.Client(t, c).UpdateWebhookStatus(t.Context(), true, contio.DispositionAbandon); err != nil {
					t.Fatal(err)
				}
			},
			want:    "2 abandoned (all time), 0 failed (being retried). Newest: delivery whd_000004 (meeting.created, abandoned, never attempted, created at ",
			notWant: []string{"abandoned at"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, tt.opts)
			creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
			tt.setup(t, srv, creds)
			got := describeFailures(t.Context(), srv.Client(t, creds))
			if !strings.Contains(got, tt.want) {
				t.Errorf("message = %q\nwant it to hold %q", got, tt.want)
			}
			for _, nw := range tt.notWant {
				if strings.Contains(got, nw) {
					t.Errorf("message = %q, holds %q", got, nw)
				}
			}
		})
	}
}
