package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// EventTypePattern is the shape a learned event type must have: lower-case,
// dot-separated segments, at least two, such as "meeting.transcribed". It is
// the client's, the one place the shape is defined.
const EventTypePattern = contio.EventTypeNamePattern

// catalog is the event types one emulated Contio emits: the built-in catalog
// of internal/contio, plus the types taught at run time. Contio's catalog grows
// between provider releases, and tests need to play that out without a
// release. It has its own lock, a leaf never held while taking another, so it
// is read the same way with or without e.mu held.
type catalog struct {
	mu sync.RWMutex
	// filterable is the built-in types in their order, then the learned ones
	// in the order they were learned; known is the same set, for lookups.
	filterable []string
	known      map[string]bool
}

func newCatalog() *catalog {
	types := contio.FilterableEventTypes()
	known := make(map[string]bool, len(types))
	for _, t := range types {
		known[t] = true
	}
	return &catalog{filterable: types, known: known}
}

// list returns the filterable types, in catalog order. A copy.
func (c *catalog) list() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.filterable)
}

// emits reports whether Contio emits eventType at all.
func (c *catalog) emits(eventType string) bool {
	if eventType == contio.AlwaysDeliveredEventType {
		return true
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.known[eventType]
}

// sortFilterRequest splits a filter request's events into the filterable ones
// Contio stores (duplicates and the always-delivered type dropped, order
// kept) and the ones it does not know (each once). It uses sets, not slice
// scans, so that a 1 MiB request costs linear time.
func (c *catalog) sortFilterRequest(events []string) (kept, invalid []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	seen := make(map[string]bool, len(events))
	for _, ev := range events {
		if seen[ev] {
			continue
		}
		seen[ev] = true
		switch {
		case ev == contio.AlwaysDeliveredEventType:
		case c.known[ev]:
			kept = append(kept, ev)
		default:
			invalid = append(invalid, ev)
		}
	}
	return kept, invalid
}

// add learns types, all or none: one refused type refuses the whole call.
// Unless anyShape, each must have the contract's event-type shape; with it,
// any name Contio could plausibly give (contio.IsPlausibleEventType) is
// learned, so tests can play a Contio that breaks the assumed pattern. It
// returns the types that were new, in the order given.
func (c *catalog) add(types []string, anyShape bool) ([]string, error) {
	wellFormed, rule := contio.IsWellFormedEventType, "must match "+EventTypePattern
	if anyShape {
		wellFormed, rule = contio.IsPlausibleEventType, "must be a non-empty name without whitespace"
	}
	var invalid []string
	for _, t := range types {
		if !wellFormed(t) || t == contio.AlwaysDeliveredEventType {
			invalid = append(invalid, t)
		}
	}
	if len(invalid) > 0 {
		return nil, &apiError{status: http.StatusBadRequest, body: errorBody{
			Code: contio.CodeInvalidEventTypes,
			Message: fmt.Sprintf("an event type %s and must not be %s, which is always delivered: %s",
				rule, contio.AlwaysDeliveredEventType, strings.Join(invalid, ", ")),
			InvalidEventTypes: invalid,
		}}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var added []string
	for _, t := range types {
		if !c.known[t] {
			c.known[t] = true
			c.filterable = append(c.filterable, t)
			added = append(added, t)
		}
	}
	return added, nil
}

// AddEventTypes teaches the emulator new filterable event types, as Contio
// adds them to its catalog: filters may list them, valid_event_types names
// them, and EmitEvents emits them. Each must match EventTypePattern and must
// not be the always-delivered type; one that does not refuses the whole call.
// Types already known are accepted and change nothing.
func (e *Emulator) AddEventTypes(types ...string) error {
	_, err := e.catalog.add(types, false)
	return err
}

// AddEventTypesAnyShape is AddEventTypes without the shape check: any
// non-empty name without whitespace is learned, such as
// "meeting.transcript-ready". The contract only assumes the shape; this
// test-only deviation plays a Contio that breaks the assumption, so tests can
// show that the provider's escape hatch (additional_event_types), import and
// terraform query still work then.
func (e *Emulator) AddEventTypesAnyShape(types ...string) error {
	_, err := e.catalog.add(types, true)
	return err
}

// EventTypes returns the filterable event types this emulator knows: the
// built-in catalog, then the learned types in the order they were learned.
// The always-delivered type is not among them. The slice is a copy.
func (e *Emulator) EventTypes() []string {
	return e.catalog.list()
}
