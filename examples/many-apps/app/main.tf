# One app's webhook settings. The caller hands this module the app's provider
# configuration (`providers = { contio = ... }`), which holds its credentials:
# the module has no provider block of its own.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

variable "filter_type" {
  description = "include: deliver only the listed events; exclude: deliver every event except them."
  type        = string
  default     = "include"
}

variable "events" {
  description = "The event types the filter lists."
  type        = set(string)
}

variable "pending_disposition" {
  description = "deliver or abandon the events queued while delivery was off, when an apply re-enables it; null refuses such a plan until someone decides."
  type        = string
  default     = null
}

resource "contio_webhook_status" "this" {
  enabled             = true
  pending_disposition = var.pending_disposition
}

resource "contio_webhook_filter" "this" {
  type   = var.filter_type
  events = var.events
}
