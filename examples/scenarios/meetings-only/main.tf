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

# If Contio auto-disables delivery, plans are refused until a person decides
# what happens to the queued events. Once the endpoint is fixed (Terraform 1.14
# and later; OpenTofu and older Terraform reject action blocks, so leave it out
# there and set pending_disposition for the apply that re-enables):
#
#   terraform apply -invoke=action.contio_webhook_reenable.deliver
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver"
  }
}

resource "contio_webhook_filter" "meetings_only" {
  type = "include"
  events = [
    "meeting.created",
    "meeting.updated",
    "meeting.completed",
  ]
}
