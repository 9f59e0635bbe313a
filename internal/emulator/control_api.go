package emulator

import (
	"net/http"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// ControlPrefix is where the control API lives. It has no authentication: the
// command binds to loopback by default.
const ControlPrefix = "/_emulator/v1"

// Built-in webhook sinks, to use as an app's webhook_url (prefixed with the
// emulator's base URL): one always answers 200, the other 503.
const (
	SinkOKPath   = ControlPrefix + "/sink/ok"
	SinkFailPath = ControlPrefix + "/sink/fail"
)

func (e *Emulator) routeControlAPI() {
	p := ControlPrefix
	e.mux.HandleFunc("GET "+p+"/health", e.controlHealth)
	e.mux.HandleFunc("POST "+p+"/apps", e.controlCreateApp)
	e.mux.HandleFunc("GET "+p+"/apps/{client_id}", e.controlGetApp)
	e.mux.HandleFunc("PATCH "+p+"/apps/{client_id}", e.controlPatchApp)
	e.mux.HandleFunc("POST "+p+"/apps/{client_id}/events", e.controlEmitEvents)
	e.mux.HandleFunc("POST "+p+"/deliver", e.controlDeliver)
	e.mux.HandleFunc("GET "+p+"/clock", e.controlClock)
	e.mux.HandleFunc("POST "+p+"/clock/advance", e.controlAdvance)
	e.mux.HandleFunc("GET "+p+"/requests", e.controlRequests)
	e.mux.HandleFunc("DELETE "+p+"/requests", e.controlResetRequests)
	e.mux.HandleFunc("POST "+p+"/faults", e.controlInjectFault)
	e.mux.HandleFunc("DELETE "+p+"/faults", e.controlClearFaults)
	e.mux.HandleFunc("GET "+p+"/event-types", e.controlEventTypes)
	e.mux.HandleFunc("POST "+p+"/event-types", e.controlAddEventTypes)
	e.mux.HandleFunc("GET "+p+"/sink", e.controlSinkHits)
	e.mux.HandleFunc(SinkOKPath, e.sink("ok", http.StatusOK))
	e.mux.HandleFunc(SinkFailPath, e.sink("fail", http.StatusServiceUnavailable))
}

// answer writes v, or err when it is not nil.
func answer(w http.ResponseWriter, status int, v any, err error) {
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, status, v)
}

// Health is what GET /_emulator/v1/health answers once the emulator serves.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

func (e *Emulator) controlHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, Health{Status: "ok", Version: e.opts.Version})
}

func (e *Emulator) controlCreateApp(w http.ResponseWriter, r *http.Request) {
	var spec AppSpec
	if err := decodeBody(r, &spec); err != nil {
		writeError(w, err)
		return
	}
	creds, err := e.CreateApp(spec)
	if err != nil {
		writeError(w, err)
		return
	}
	st, err := e.AppState(creds.ClientID)
	answer(w, http.StatusCreated, struct {
		Credentials
		AppState
	}{creds, st}, err)
}

func (e *Emulator) controlGetApp(w http.ResponseWriter, r *http.Request) {
	st, err := e.AppState(r.PathValue("client_id"))
	answer(w, http.StatusOK, st, err)
}

func (e *Emulator) controlPatchApp(w http.ResponseWriter, r *http.Request) {
	var p AppPatch
	if err := decodeBody(r, &p); err != nil {
		writeError(w, err)
		return
	}
	id := r.PathValue("client_id")
	if err := e.PatchApp(id, p); err != nil {
		writeError(w, err)
		return
	}
	st, err := e.AppState(id)
	answer(w, http.StatusOK, st, err)
}

func (e *Emulator) controlEmitEvents(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Types []string `json:"types"`
		Count int      `json:"count"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	if len(body.Types) == 0 {
		writeError(w, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, `"types" must list at least one event type`))
		return
	}
	rep, err := e.EmitEvents(r.Context(), r.PathValue("client_id"), body.Types, body.Count)
	answer(w, http.StatusOK, rep, err)
}

func (e *Emulator) controlDeliver(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, e.RunDeliveryCycle(r.Context()))
}

func (e *Emulator) controlClock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]time.Time{"now": e.clock.Now()})
}

func (e *Emulator) controlAdvance(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Seconds int64 `json:"seconds"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	if body.Seconds < 0 {
		writeError(w, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, "seconds must not be negative: the clock only moves forward"))
		return
	}
	now := e.clock.Advance(time.Duration(body.Seconds) * time.Second)
	writeJSON(w, http.StatusOK, map[string]time.Time{"now": now})
}

func (e *Emulator) controlRequests(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, e.RequestCounts())
}

func (e *Emulator) controlResetRequests(w http.ResponseWriter, _ *http.Request) {
	e.ResetRequestCounts()
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) controlInjectFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if err := decodeBody(r, &f); err != nil {
		writeError(w, err)
		return
	}
	f, err := e.injectFault(f)
	answer(w, http.StatusCreated, f, err)
}

func (e *Emulator) controlClearFaults(w http.ResponseWriter, _ *http.Request) {
	e.ClearFaults()
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) controlSinkHits(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, e.SinkHits())
}

// sink counts a received webhook and answers with status.
func (e *Emulator) sink(name string, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		e.mu.Lock()
		e.sinkHits[name]++
		e.mu.Unlock()
		w.WriteHeader(status)
	}
}
