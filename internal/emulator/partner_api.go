package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// Partner API paths, fixed by Contio's docs.
const (
	PathApp           = "/v1/partner/admin/app"
	PathWebhookStatus = "/v1/partner/admin/webhook-status"
	PathWebhookFilter = "/v1/partner/admin/webhook-filter"
	PathDeliveries    = "/v1/partner/admin/webhook-deliveries"
)

// Assumed paging of the deliveries endpoint.
const defaultDeliveriesLimit = 20

func (e *Emulator) routePartnerAPI() {
	e.mux.Handle("GET "+PathApp, e.partner(e.getApp))
	e.mux.Handle("PUT "+PathWebhookStatus, e.partner(e.putWebhookStatus))
	e.mux.Handle("PUT "+PathWebhookFilter, e.partner(e.putWebhookFilter))
	e.mux.Handle("DELETE "+PathWebhookFilter, e.partner(e.deleteWebhookFilter))
	e.mux.Handle("GET "+PathDeliveries, e.partner(e.listDeliveries))
	e.mux.Handle("/v1/", e.partner(func(*app, *http.Request) (any, error) {
		return nil, newAPIError(http.StatusNotFound, contio.CodeNotFound, "no such Partner API endpoint")
	}))
}

// partnerHandler handles one authenticated Partner API call under mu.
type partnerHandler func(a *app, r *http.Request) (any, error)

// partner wraps a handler with what every Partner API call shares: a request
// id, the call counter (faulted calls count too), injected faults,
// authentication and the JSON answer.
func (e *Emulator) partner(h partnerHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.requests[r.Method+" "+r.URL.Path]++
		w.Header().Set(contio.RequestIDHeader, e.nextID("req"))
		f := e.takeFaultLocked(r)
		e.mu.Unlock()

		if f != nil {
			e.serveFault(w, r, h, f)
			return
		}
		status, body := e.handle(h, r)
		writeJSON(w, status, body)
	})
}

// handle authenticates and handles one Partner API call under mu, and returns
// the answer's status and body, so that faults can mangle the answer of a call
// that was applied.
func (e *Emulator) handle(h partnerHandler, r *http.Request) (int, any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.authenticate(r)
	if err != nil {
		return errorAnswer(err)
	}
	out, err := h(a, r)
	if err != nil {
		return errorAnswer(err)
	}
	return http.StatusOK, out
}

func (e *Emulator) getApp(a *app, _ *http.Request) (any, error) {
	return a.wire(), nil
}

func (e *Emulator) putWebhookStatus(a *app, r *http.Request) (any, error) {
	var body struct {
		Enabled            *bool                      `json:"enabled"`
		PendingDisposition *contio.PendingDisposition `json:"pending_disposition"`
	}
	if err := decodeBody(r, &body); err != nil {
		return nil, err
	}
	if body.Enabled == nil {
		return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, "enabled is required (true or false)")
	}
	var disposition contio.PendingDisposition
	if body.PendingDisposition != nil {
		disposition = *body.PendingDisposition
		if disposition != contio.DispositionDeliver && disposition != contio.DispositionAbandon {
			return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest,
				fmt.Sprintf(`pending_disposition must be "deliver" or "abandon", got %q`, disposition))
		}
	}
	if err := e.setStatus(a, *body.Enabled, disposition); err != nil {
		return nil, err
	}
	return a.wire(), nil
}

func (e *Emulator) putWebhookFilter(a *app, r *http.Request) (any, error) {
	var body wireFilter
	if err := decodeBody(r, &body); err != nil {
		return nil, err
	}
	f, err := e.normalizeFilter(body.Type, body.Events)
	if err != nil {
		return nil, err
	}
	a.WebhookFilter = f
	return a.wire(), nil
}

func (e *Emulator) deleteWebhookFilter(a *app, _ *http.Request) (any, error) {
	a.WebhookFilter = nil
	return a.wire(), nil
}

func (e *Emulator) listDeliveries(a *app, r *http.Request) (any, error) {
	q := r.URL.Query()
	status := contio.DeliveryStatus(q.Get("status"))
	if status != "" && !isDeliveryStatus(status) {
		return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest,
			fmt.Sprintf("status must be one of pending, delivered, failed, abandoned; got %q", status))
	}
	limit := defaultDeliveriesLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > contio.MaxDeliveriesPageSize {
			return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest,
				fmt.Sprintf("limit must be a whole number from 1 to %d", contio.MaxDeliveriesPageSize))
		}
		limit = n
	}
	offset, err := decodeCursor(q.Get("cursor"))
	if err != nil {
		return nil, err
	}

	matched, more := e.pageOfDeliveries(a, status, offset, limit)
	page := contio.DeliveryPage{Data: make([]contio.Delivery, 0, len(matched))}
	for _, d := range matched {
		page.Data = append(page.Data, d.Delivery)
	}
	if more {
		next := encodeCursor(offset + len(matched))
		page.NextCursor = &next
	}
	return wireDeliveries(page), nil
}

func isDeliveryStatus(s contio.DeliveryStatus) bool {
	return slices.Contains(contio.DeliveryStatuses(), s)
}
