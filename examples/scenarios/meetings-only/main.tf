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
}

resource "contio_webhook_filter" "meetings_only" {
  type = "include"
  events = [
    "meeting.created",
    "meeting.updated",
    "meeting.completed",
  ]
}
