package contio_test

import (
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// BenchmarkGetApp measures one refresh's API round trip against the emulator
// on loopback: the client's own cost (request building, decoding) plus HTTP.
func BenchmarkGetApp(b *testing.B) {
	srv := emulatortest.Start(b, emulator.Options{})
	creds := srv.NewApp(b, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{
		Type: contio.FilterExclude, Events: contio.FilterableEventTypes()[:10],
	}})
	c := srv.Client(b, creds)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetApp(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountPendingDeliveries measures the plan-time backlog count of a
// re-enable over a 1,000-delivery backlog (10 pages of 100).
func BenchmarkCountPendingDeliveries(b *testing.B) {
	srv := emulatortest.Start(b, emulator.Options{})
	creds := srv.NewApp(b, emulator.AppSpec{WebhookEnabled: ptr(false)})
	srv.Emit(b, creds.ClientID, 1000, "meeting.created")
	c := srv.Client(b, creds)
	b.ReportAllocs()
	for b.Loop() {
		n, err := c.CountWebhookDeliveries(b.Context(), contio.CountQuery{Status: contio.DeliveryPending, MaxPages: contio.BacklogCountPages})
		if err != nil || n.N != 1000 {
			b.Fatalf("count = %+v, %v", n, err)
		}
	}
}
