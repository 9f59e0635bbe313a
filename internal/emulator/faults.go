package emulator

import (
	"net/http"
	"strconv"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// Fault makes the Partner API answer the next Times matching calls with an
// error instead of handling them: the seam for retry and outage tests.
type Fault struct {
	// Method and Path select the calls; empty matches any.
	Method string `json:"method"`
	Path   string `json:"path"`
	// Status is the HTTP status to answer with (429, 503, ...).
	Status int `json:"status"`
	// RetryAfter, when positive, is sent as the Retry-After header (seconds).
	RetryAfter int `json:"retry_after"`
	// Times is how many calls the fault answers; 0 means once.
	Times int `json:"times"`
}

// InjectFault queues f. Faults match in the order they were injected.
func (e *Emulator) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &f)
}

// ClearFaults drops every queued fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// takeFault consumes one use of the first fault matching r, if any.
func (e *Emulator) takeFault(r *http.Request) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.faults {
		if (f.Method == "" || f.Method == r.Method) && (f.Path == "" || f.Path == r.URL.Path) {
			f.Times--
			if f.Times == 0 {
				e.faults = append(e.faults[:i], e.faults[i+1:]...)
			}
			taken := *f
			return &taken
		}
	}
	return nil
}

func writeFault(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	code := "injected_fault"
	if f.Status == http.StatusTooManyRequests {
		code = contio.CodeRateLimited
	}
	writeError(w, newAPIError(f.Status, code, "fault injected by the emulator's control API"))
}
