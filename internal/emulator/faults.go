package emulator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// FaultKind says how a faulted Partner API call goes wrong. Some kinds apply
// the call's change and then fail to answer: what a client must survive when
// a write reached Contio but the answer did not reach the client.
type FaultKind string

const (
	// FaultStatus answers Status with the contract's JSON error body; the
	// call is not handled. With no Status, the fault only adds latency.
	FaultStatus FaultKind = "status"
	// FaultDropBefore closes the connection without answering; the call is
	// not handled.
	FaultDropBefore FaultKind = "drop_before"
	// FaultDropAfter handles the call, so a write is applied, then closes the
	// connection without answering.
	FaultDropAfter FaultKind = "drop_after"
	// FaultTruncated handles the call, then sends its answer with the JSON
	// body cut to its first half.
	FaultTruncated FaultKind = "truncated"
	// FaultHTML answers Status (default 502) with a text/html error page, as
	// a proxy in front of Contio would; the call is not handled.
	FaultHTML FaultKind = "html"
)

// MaxFaultLatency bounds Fault.LatencyMS.
const MaxFaultLatency = 10 * time.Minute

// Fault makes matching Partner API calls go wrong: the seam for retry,
// outage and lost-answer tests.
type Fault struct {
	// Method and Path select the calls; empty matches any.
	Method string `json:"method"`
	Path   string `json:"path"`
	// Kind is how the call goes wrong; empty means FaultStatus.
	Kind FaultKind `json:"kind"`
	// Status is the HTTP status of FaultStatus and FaultHTML (400-599). The
	// other kinds take none.
	Status int `json:"status"`
	// RetryAfter, when positive, is sent as the Retry-After header (seconds)
	// by FaultStatus and FaultHTML.
	RetryAfter int `json:"retry_after"`
	// Times is how many calls the fault answers. 0 means once, or, when Rate
	// is set, every call it draws until ClearFaults.
	Times int `json:"times"`
	// Rate, from 0 to 1, is the share of matching calls the fault answers,
	// drawn from a PRNG seeded with Options.Seed and Seed, so that a run with
	// the same seeds and the same calls fails the same calls. 0 means every
	// matching call.
	Rate float64 `json:"rate"`
	// Seed varies this fault's draws from other faults' (see Rate).
	Seed uint64 `json:"seed"`
	// LatencyMS delays the call by this many milliseconds of real time before
	// the fault acts; a client that gives up meanwhile gets no answer.
	LatencyMS int `json:"latency_ms"`
}

// activeFault is an injected fault with what it still has to do.
type activeFault struct {
	Fault
	// left is how many more calls it answers; negative means until cleared.
	left int
	// rng draws whether a matching call is answered; nil when Rate is 0.
	rng *rand.Rand
}

// normalize validates f and fills in its defaults.
func (f Fault) normalize() (Fault, error) {
	f.Method = strings.ToUpper(f.Method)
	if f.Kind == "" {
		f.Kind = FaultStatus
	}
	if f.Times == 0 && f.Rate == 0 {
		f.Times = 1
	}
	var problems []string
	switch f.Kind {
	case FaultStatus:
		if f.Status == 0 && f.LatencyMS == 0 {
			problems = append(problems, "a status fault needs a status (400-599), or latency_ms alone to slow calls down")
		}
	case FaultHTML:
		if f.Status == 0 {
			f.Status = http.StatusBadGateway
		}
	case FaultDropBefore, FaultDropAfter, FaultTruncated:
		if f.Status != 0 || f.RetryAfter != 0 {
			problems = append(problems, fmt.Sprintf("a %s fault sends no error answer: status and retry_after do not apply", f.Kind))
		}
	default:
		problems = append(problems, fmt.Sprintf("kind must be one of status, drop_before, drop_after, truncated, html; got %q", f.Kind))
	}
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		problems = append(problems, "status must be an HTTP error status (400-599)")
	}
	if f.RetryAfter < 0 || f.Times < 0 {
		problems = append(problems, "retry_after and times must not be negative")
	}
	if math.IsNaN(f.Rate) || f.Rate < 0 || f.Rate > 1 {
		problems = append(problems, "rate must be from 0 to 1")
	}
	if f.LatencyMS < 0 || time.Duration(f.LatencyMS)*time.Millisecond > MaxFaultLatency {
		problems = append(problems, fmt.Sprintf("latency_ms must be from 0 to %d", MaxFaultLatency.Milliseconds()))
	}
	if len(problems) > 0 {
		return Fault{}, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, strings.Join(problems, "; "))
	}
	return f, nil
}

// InjectFault queues f, or says why it is not a valid fault. Faults are
// tried in the order they were injected; a call gets the first that matches
// it and, for a fault with a Rate, draws it.
func (e *Emulator) InjectFault(f Fault) error {
	_, err := e.injectFault(f)
	return err
}

// injectFault queues f and returns it with its defaults filled in.
func (e *Emulator) injectFault(f Fault) (Fault, error) {
	f, err := f.normalize()
	if err != nil {
		return Fault{}, err
	}
	active := &activeFault{Fault: f, left: f.Times}
	if f.Rate > 0 {
		active.rng = rand.New(rand.NewPCG(e.opts.Seed, f.Seed))
	}
	if f.Times == 0 {
		active.left = -1 // only a rate fault keeps times 0: it lasts until cleared
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, active)
	return f, nil
}

// ClearFaults drops every queued fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// takeFaultLocked consumes one use of the first fault that matches r and, if
// it has a Rate, draws it. Callers hold mu, which also orders the draws.
func (e *Emulator) takeFaultLocked(r *http.Request) *Fault {
	for i, f := range e.faults {
		if (f.Method != "" && f.Method != r.Method) || (f.Path != "" && f.Path != r.URL.Path) {
			continue
		}
		if f.rng != nil && f.rng.Float64() >= f.Rate {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				e.faults = append(e.faults[:i], e.faults[i+1:]...)
			}
		}
		taken := f.Fault
		return &taken
	}
	return nil
}
