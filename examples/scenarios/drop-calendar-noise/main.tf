# Everything except calendar churn, which this integration does not use.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

provider "contio" {}

resource "contio_webhook_filter" "no_calendar" {
  type = "exclude"
  events = [
    "calendar_event.created",
    "calendar_event.updated",
    "calendar_event.deleted",
  ]
}
