# Warn on every plan and apply when Contio is not delivering this app's webhooks.
#
# A check block never stops Terraform: a failed assertion is a warning, and the
# rest of the plan or apply goes ahead. Its data source is read on every plan
# and again on every apply.
#
# Contio keeps abandoned deliveries in its list, and the list cannot be filtered
# by time, so the second assertion keeps warning after you have dealt with them.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

provider "contio" {}

data "contio_app" "this" {}

check "webhook_delivery_health" {
  data "contio_webhook_deliveries" "abandoned" {
    status = "abandoned"
  }

  assert {
    condition     = data.contio_app.this.webhook_enabled
    error_message = "Contio is not delivering webhooks for ${data.contio_app.this.name}: they were disabled, by hand or by Contio after repeated failures (Contio then notifies ${data.contio_app.this.primary_contact_email}). Make ${data.contio_app.this.webhook_url} answer 2xx quickly, review the failures with data.contio_webhook_deliveries (status = \"failed\" or \"abandoned\"), then re-enable, choosing what happens to the events queued meanwhile: terraform apply -invoke=action.contio_webhook_reenable.deliver (Terraform 1.14 and later; the contio_webhook_reenable docs show how to declare it), or apply contio_webhook_status with pending_disposition = \"deliver\" or \"abandon\" for that one apply."
  }

  assert {
    condition     = data.contio_webhook_deliveries.abandoned.delivery_count == 0
    error_message = "Contio gave up on ${data.contio_webhook_deliveries.abandoned.delivery_count} webhook deliveries after exhausting their retries, and will not send them again (the oldest events: ${join(", ", slice(data.contio_webhook_deliveries.abandoned.deliveries[*].event_id, 0, min(5, data.contio_webhook_deliveries.abandoned.delivery_count)))}). Recover those events from your own records, and make ${data.contio_app.this.webhook_url} answer 2xx quickly: once 50 deliveries are abandoned since webhooks were last enabled, Contio disables them. data.contio_webhook_deliveries with status = \"failed\" shows why attempts fail."
  }
}
