# A meetings-only integration: it syncs meeting notes and nothing else.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

provider "contio" {}

resource "contio_webhook_status" "this" {
  enabled = true

  # Declared up front: if Contio auto-disables delivery, the plan that
  # re-enables it already says what to do with the queued backlog.
  pending_disposition = "deliver"
}

resource "contio_webhook_filter" "meetings_only" {
  type = "include"
  events = [
    "meeting.created",
    "meeting.updated",
    "meeting.completed",
  ]
}
