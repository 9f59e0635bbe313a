package emulator

import (
	"net/http"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// EventTypesAnswer is what the control API's event-types calls answer.
type EventTypesAnswer struct {
	// EventTypes is the whole filterable catalog, as EventTypes returns it.
	EventTypes []string `json:"event_types"`
	// Added lists the types a POST taught the emulator (empty when all were
	// known already); GET leaves it out.
	Added []string `json:"added,omitzero"`
	// AlwaysDelivered is the type no filter can list.
	AlwaysDelivered string `json:"always_delivered"`
}

func (e *Emulator) controlEventTypes(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, EventTypesAnswer{EventTypes: e.EventTypes(), AlwaysDelivered: contio.AlwaysDeliveredEventType})
}

func (e *Emulator) controlAddEventTypes(w http.ResponseWriter, r *http.Request) {
	var body struct {
		EventTypes []string `json:"event_types"`
		// AnyShape learns types outside the assumed event-type shape (see
		// AddEventTypesAnyShape): a test-only deviation.
		AnyShape bool `json:"any_shape"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	// An empty list is most likely a misspelt field name: say so rather than
	// answer a success that taught nothing.
	if len(body.EventTypes) == 0 {
		writeError(w, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, `"event_types" must list at least one event type`))
		return
	}
	added, err := e.catalog.add(body.EventTypes, body.AnyShape)
	if err != nil {
		writeError(w, err)
		return
	}
	if added == nil {
		added = []string{}
	}
	writeJSON(w, http.StatusOK, EventTypesAnswer{EventTypes: e.EventTypes(), Added: added, AlwaysDelivered: contio.AlwaysDeliveredEventType})
}
