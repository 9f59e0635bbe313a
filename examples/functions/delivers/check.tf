locals {
  critical_event_types = ["meeting.completed", "action_item.created"]
}

# Warns on every plan and apply once the filter, however it changes, stops
# delivering an event type the integration depends on.
check "critical_events_delivered" {
  assert {
    condition = alltrue([
      for t in local.critical_event_types :
      provider::contio::delivers(data.contio_app.this.webhook_filter, t)
    ])
    error_message = "The webhook filter of app ${data.contio_app.this.id} no longer delivers: ${join(", ", [
      for t in local.critical_event_types : t
      if !provider::contio::delivers(data.contio_app.this.webhook_filter, t)
    ])}."
  }
}
