# Deliver only meeting and action-item events.
resource "contio_webhook_filter" "this" {
  type = "include"
  events = [
    "meeting.created",
    "meeting.completed",
    "action_item.created",
  ]
}
