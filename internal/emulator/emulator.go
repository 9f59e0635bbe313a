// Package emulator is a stateful, in-memory emulator of Contio's Partner Admin
// API, as CONTRACT.md at the repository root describes it, with the server-side
// behaviour a client never sees directly: a delivery engine that POSTs events
// to each app's webhook_url, retries, abandonment, and auto-disable. It is an
// http.Handler: tests run it in-process with httptest, and cmd/contio-emulator
// serves it for people and scripts.
package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Options tune the emulator. The zero value gives Contio's documented
// behaviour; tests shorten nothing that Contio's docs fix.
type Options struct {
	// Clock drives retries and the 72-hour rule. Nil: a clock following real time.
	Clock *Clock
	// RetrySchedule is the wait after each failed attempt before the next one.
	// A delivery is abandoned once it has failed len(RetrySchedule)+1 times.
	RetrySchedule []time.Duration
	// DeliveryTimeout bounds one POST to a webhook_url.
	DeliveryTimeout time.Duration
	// HTTPClient sends the webhook POSTs. Nil: a client with DeliveryTimeout.
	HTTPClient *http.Client
	// Seed seeds the draws of faults injected with a Rate, so that a run
	// that failed replays with the same seed, and the Shuffled delivery order.
	Seed uint64
	// DeliveryOrder is the order the deliveries list answers in; the zero
	// value is the contract's assumed order, oldest first.
	DeliveryOrder DeliveryOrder
	// IgnoreDeliveryStatus makes the deliveries list answer every delivery
	// whatever its status query asks (a valid one is still required), to
	// prove that a client filters by status itself.
	IgnoreDeliveryStatus bool
	// Version is what the health endpoint reports; empty: "dev".
	Version string
}

// Auto-disable thresholds, fixed by Contio's docs.
const (
	AutoDisableAbandonedThreshold = 50
	AutoDisableSilencePeriod      = 72 * time.Hour
)

// DefaultRetrySchedule is the assumed retry schedule: five attempts in all,
// spread over a little under three hours.
var DefaultRetrySchedule = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}

// Emulator is the emulated Contio API. It is safe for concurrent use.
type Emulator struct {
	opts  Options
	clock *Clock
	mux   *http.ServeMux

	// cycleMu serialises delivery work, so that two cycles never attempt the
	// same delivery; mu guards the state and is never held across HTTP calls.
	cycleMu sync.Mutex
	mu      sync.Mutex
	apps    map[string]*app
	seq     int
	// requests counts Partner API calls by "METHOD /path".
	requests map[string]int
	// sinkHits counts POSTs received by the built-in sinks, by sink name.
	sinkHits map[string]int
	faults   []*activeFault
	// catalog is this emulator's own: it starts as the built-in catalog and
	// learns types at run time, without touching any other emulator.
	catalog *catalog
}

// New returns an emulator with no apps.
func New(opts Options) *Emulator {
	if opts.Clock == nil {
		opts.Clock = NewClock(nil)
	}
	if opts.RetrySchedule == nil {
		opts.RetrySchedule = DefaultRetrySchedule
	}
	if opts.DeliveryTimeout == 0 {
		opts.DeliveryTimeout = 5 * time.Second
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: opts.DeliveryTimeout}
	}
	e := &Emulator{
		opts:     opts,
		clock:    opts.Clock,
		apps:     map[string]*app{},
		requests: map[string]int{},
		sinkHits: map[string]int{},
		catalog:  newCatalog(),
	}
	e.mux = http.NewServeMux()
	e.routePartnerAPI()
	e.routeControlAPI()
	return e
}

// ServeHTTP serves both the Partner API (/v1/partner/admin/...) and the
// control API (/_emulator/v1/...).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mux.ServeHTTP(w, r)
}

// Clock returns the emulator's clock.
func (e *Emulator) Clock() *Clock { return e.clock }

// nextID returns a fresh, readable id such as "whd_000042". Callers hold mu.
func (e *Emulator) nextID(prefix string) string {
	e.seq++
	return fmt.Sprintf("%s_%06d", prefix, e.seq)
}

func randomToken(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return prefix + hex.EncodeToString(b)
}
