# A module a platform team owns: drop calendar noise, keep delivery on, and
# warn on every plan while Contio is not delivering. The tests under tests/
# check it with mock_provider (no credentials) and against contio-emulator.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

# Credentials and base_url come from CONTIO_CLIENT_ID, CONTIO_API_KEY and
# CONTIO_BASE_URL: a test points them at contio-emulator.
provider "contio" {}

variable "pending_disposition" {
  description = "What happens to the events queued while delivery was disabled, for the one apply that re-enables: deliver or abandon."
  type        = string
  default     = null
}

variable "critical_events" {
  description = "Event types the team's integration cannot miss, whatever the filter becomes."
  type        = list(string)
  default     = ["meeting.created", "meeting.completed", "user.connection.revoked"]
}

resource "contio_webhook_filter" "this" {
  type = "exclude"
  events = [
    "calendar_event.created",
    "calendar_event.updated",
    "calendar_event.deleted",
  ]
}

# Whether Contio delivers each critical event type under the filter above.
output "critical_events_delivered" {
  value = {
    for event in var.critical_events :
    event => provider::contio::delivers({ type = contio_webhook_filter.this.type, events = contio_webhook_filter.this.events }, event)
  }
}

resource "contio_webhook_status" "this" {
  enabled             = true
  pending_disposition = var.pending_disposition
}

data "contio_app" "this" {}

locals {
  health_message = "Contio is not delivering webhooks for ${data.contio_app.this.name}: re-enable with pending_disposition once ${data.contio_app.this.webhook_url} answers 2xx."
}

check "webhook_health" {
  assert {
    condition     = data.contio_app.this.webhook_enabled
    error_message = local.health_message
  }
}

# The check's message while it fires, else null: a test can assert on it.
output "webhook_health" {
  value = data.contio_app.this.webhook_enabled ? null : local.health_message
}
