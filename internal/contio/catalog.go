package contio

import "slices"

// AlwaysDeliveredEventType is delivered whatever the app's filter says. Contio
// ignores it in filter requests, so it can never be part of a stored filter.
const AlwaysDeliveredEventType = "user.connection.revoked"

// filterableEventTypes is the catalog of Contio's Webhook Management page, in its order. It is the one
// place the catalog lives: the provider's validators, the emulator and the docs
// all read it through the functions below.
var filterableEventTypes = []string{
	"meeting.created",
	"meeting.updated",
	"meeting.completed",
	"action_item.created",
	"action_item.updated",
	"action_item.completed",
	"automation.assignment.created",
	"calendar_event.created",
	"calendar_event.updated",
	"calendar_event.deleted",
	"agenda_item.created",
	"agenda_item.updated",
	"agenda_item.deleted",
	"participant.added",
	"participant.removed",
}

// FilterableEventTypes returns the event types a webhook filter may list, in
// catalog order. The slice is a copy: callers may keep or modify it.
func FilterableEventTypes() []string {
	return slices.Clone(filterableEventTypes)
}

// Passes reports whether an emitted event of eventType passes filter f, as
// the Webhook Management page's filter table says: no filter (nil) passes
// every event, include only the listed ones, exclude all but the listed ones,
// and AlwaysDeliveredEventType passes any filter. It is the one filter rule:
// the emulator delivers by it and provider::contio::delivers answers by it.
func (f *WebhookFilter) Passes(eventType string) bool {
	if f == nil || eventType == AlwaysDeliveredEventType {
		return true
	}
	listed := slices.Contains(f.Events, eventType)
	if f.Type == FilterExclude {
		return !listed
	}
	return listed
}
