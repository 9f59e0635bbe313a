data "contio_webhook_event_types" "all" {}

# Every catalog event but the calendar ones: a filter derived from the catalog.
resource "contio_webhook_filter" "no_calendar" {
  type = "include"
  events = setsubtract(data.contio_webhook_event_types.all.event_types, [
    "calendar_event.created", "calendar_event.updated", "calendar_event.deleted",
  ])
}
