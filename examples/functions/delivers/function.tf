data "contio_app" "this" {}

# Does the app's current filter deliver meeting.completed? (null: no filter)
output "meeting_completed_delivered" {
  value = provider::contio::delivers(data.contio_app.this.webhook_filter, "meeting.completed")
}

# A filter written out: exclude drops what it lists, and nothing else.
output "exclude_drops_calendar_updates" {
  value = !provider::contio::delivers({ type = "exclude", events = ["calendar_event.updated"] }, "calendar_event.updated")
}
