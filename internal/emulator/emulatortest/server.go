// Package emulatortest starts the Contio emulator for a test: one reusable
// emulator instead of a hand-written handler per test.
package emulatortest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// Server is an emulator served on a loopback port for the test's lifetime.
type Server struct {
	*emulator.Emulator
	URL string
}

// Start serves a new emulator until the test ends. Unless opts has a clock,
// time stands still until the test advances it, so time-based rules are exact.
func Start(t testing.TB, opts emulator.Options) *Server {
	t.Helper()
	if opts.Clock == nil {
		frozen := time.Now().UTC().Truncate(time.Second)
		opts.Clock = emulator.NewClock(func() time.Time { return frozen })
	}
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &Server{Emulator: emu, URL: srv.URL}
}

// SinkOK and SinkFail are the URLs of the built-in webhook sinks.
func (s *Server) SinkOK() string   { return s.URL + emulator.SinkOKPath }
func (s *Server) SinkFail() string { return s.URL + emulator.SinkFailPath }

// NewApp creates an app; its webhook_url defaults to the 200 sink and its
// primary contact to ops@example.com.
func (s *Server) NewApp(t testing.TB, spec emulator.AppSpec) emulator.Credentials {
	t.Helper()
	if spec.WebhookURL == "" {
		spec.WebhookURL = s.SinkOK()
	}
	if spec.PrimaryContactEmail == "" {
		spec.PrimaryContactEmail = "ops@example.com"
	}
	creds, err := s.CreateApp(spec)
	if err != nil {
		t.Fatalf("creating emulator app: %v", err)
	}
	return creds
}

// Client returns a Contio client for creds with retries fast enough for tests.
func (s *Server) Client(t testing.TB, creds emulator.Credentials, opts ...contio.Option) *contio.Client {
	t.Helper()
	opts = append([]contio.Option{contio.WithRetryWait(time.Millisecond, 20*time.Millisecond)}, opts...)
	c, err := contio.New(s.URL, creds.ClientID, creds.APIKey, opts...)
	if err != nil {
		t.Fatalf("creating Contio client: %v", err)
	}
	return c
}

// State returns the emulator's full view of an app.
func (s *Server) State(t testing.TB, clientID string) emulator.AppState {
	t.Helper()
	st, err := s.AppState(clientID)
	if err != nil {
		t.Fatalf("reading emulator app %s: %v", clientID, err)
	}
	return st
}

// Emit makes Contio emit count events of each type for the app.
func (s *Server) Emit(t testing.TB, clientID string, count int, types ...string) emulator.EmitReport {
	t.Helper()
	rep, err := s.EmitEvents(t.Context(), clientID, types, count)
	if err != nil {
		t.Fatalf("emitting events: %v", err)
	}
	return rep
}

// ExhaustRetries advances the clock past every retry of the deliveries that
// are failing now, running a delivery cycle after each step, so that they end
// delivered or abandoned.
func (s *Server) ExhaustRetries(t testing.TB) {
	t.Helper()
	for range len(emulator.DefaultRetrySchedule) {
		s.Clock().Advance(3 * time.Hour)
		s.RunDeliveryCycle(t.Context())
	}
}

// LearnEventTypes teaches the emulator filterable event types newer than the
// built-in catalog, failing the test if one is malformed.
func (s *Server) LearnEventTypes(t testing.TB, types ...string) {
	t.Helper()
	if err := s.AddEventTypes(types...); err != nil {
		t.Fatalf("teaching the emulator event types: %v", err)
	}
}

// LearnEventTypesAnyShape teaches the emulator event types outside the
// contract's assumed shape, such as "meeting.transcript-ready" (see
// emulator.AddEventTypesAnyShape), failing the test if one is refused.
func (s *Server) LearnEventTypesAnyShape(t testing.TB, types ...string) {
	t.Helper()
	if err := s.AddEventTypesAnyShape(types...); err != nil {
		t.Fatalf("teaching the emulator event types: %v", err)
	}
}

// AddFault injects a fault, failing the test if it is not a valid one.
func (s *Server) AddFault(t testing.TB, f emulator.Fault) {
	t.Helper()
	if err := s.InjectFault(f); err != nil {
		t.Fatalf("injecting a fault: %v", err)
	}
}
