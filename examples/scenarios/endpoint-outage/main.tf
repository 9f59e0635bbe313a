# Pause delivery during a planned endpoint outage, then resume it.
#
#   1. Outage begins:  terraform apply -var webhooks_enabled=false
#      Contio records new events as pending instead of sending them.
#   2. Endpoint back:  terraform apply -var webhooks_enabled=true -var backlog=deliver
#      The pending events stay queued and go out on the next delivery cycle.
#      Or, if the old events are no longer wanted:
#                      terraform apply -var webhooks_enabled=true -var backlog=abandon
#   3. Afterwards:     terraform apply
#      Without -var backlog the plan shows pending_disposition going to null:
#      an in-place update that sends nothing to Contio. Until it is applied,
#      terraform plan -detailed-exitcode exits 2.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

provider "contio" {}

variable "webhooks_enabled" {
  type    = bool
  default = true
}

variable "backlog" {
  description = "What re-enabling does with events queued while disabled: deliver or abandon (checked by the provider at plan time)."
  type        = string
  default     = null
}

resource "contio_webhook_status" "this" {
  enabled             = var.webhooks_enabled
  pending_disposition = var.backlog
}

# depends_on reads the app after the apply's write, so the output shows the
# outcome. The trade-off: a plan that changes the status reads it only during
# apply, so its values, and any check on them, are unknown in that plan.
data "contio_app" "this" {
  depends_on = [contio_webhook_status.this]
}

output "webhook_enabled" {
  value = data.contio_app.this.webhook_enabled
}
