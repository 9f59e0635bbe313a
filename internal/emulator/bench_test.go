package emulator_test

import (
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// BenchmarkDeliveryCycle measures one cycle that delivers a 100-event backlog
// to the built-in sink over loopback HTTP.
func BenchmarkDeliveryCycle(b *testing.B) {
	srv := emulatortest.Start(b, emulator.Options{})
	creds := srv.NewApp(b, emulator.AppSpec{WebhookEnabled: ptr(false)})
	c := srv.Client(b, creds)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		srv.Emit(b, creds.ClientID, 100, "meeting.created")
		if _, err := c.UpdateWebhookStatus(b.Context(), true, "deliver"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if rep := srv.RunDeliveryCycle(b.Context()); rep.Delivered != 100 {
			b.Fatalf("delivered %d, want 100", rep.Delivered)
		}
		b.StopTimer()
		if _, err := c.UpdateWebhookStatus(b.Context(), false, ""); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
