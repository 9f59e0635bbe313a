# Warn on every plan and apply while Contio is not delivering this app's
# webhooks, and stop warning once it is again.
#
# A check block never stops Terraform: a failed assertion is a warning, and the
# rest of the plan or apply goes ahead. The deliveries are read on every plan
# and apply: one request per 100 failed deliveries Contio lists,
# at most max_pages (20 by default).
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

provider "contio" {}

data "contio_app" "this" {}

# The newest delivery that failed and that Contio will retry. A failed delivery
# ends delivered or abandoned, so none left means nothing is failing now;
# abandoned deliveries stay in the list and are not counted here. It is a
# top-level data source, not one scoped to the check block: Terraform plans a
# scoped one to be read again at apply, so `plan -detailed-exitcode` would
# never report "no changes". fail_on_error = false keeps a failing deliveries
# endpoint from failing every plan: the read is then a warning, and the list
# reads as empty (complete = false), so this check stays silent.
data "contio_webhook_deliveries" "failing" {
  status        = "failed"
  limit         = 1
  fail_on_error = false
}

# Contio may leave the app's name, webhook_url and primary_contact_email out
# (they are then null), and a failed delivery's last_error could be null:
# interpolating a null fails the whole plan, so each has a fallback.
locals {
  app_name      = coalesce(data.contio_app.this.name, data.contio_app.this.id)
  app_endpoint  = coalesce(data.contio_app.this.webhook_url, "the app's webhook endpoint")
  app_contact   = coalesce(data.contio_app.this.primary_contact_email, "the app's primary contact")
  newest_failed = try(data.contio_webhook_deliveries.failing.deliveries[0], null)
}

check "webhook_delivery_health" {
  assert {
    condition     = data.contio_app.this.webhook_enabled
    error_message = "Contio is not delivering webhooks for ${local.app_name}: they are disabled, by hand or by Contio after repeated delivery failures (Contio then tries to notify ${local.app_contact}). Make ${local.app_endpoint} answer 2xx quickly, review the newest failures with data.contio_webhook_deliveries (status = \"failed\" or \"abandoned\"), then re-enable, choosing what happens to the events queued meanwhile: terraform apply -invoke=action.contio_webhook_reenable.deliver (Terraform 1.14 and later), or apply contio_webhook_status with pending_disposition = \"deliver\" or \"abandon\" for that one apply. This warning stops once webhook_enabled is true again."
  }

  assert {
    condition     = data.contio_webhook_deliveries.failing.matching_count == 0
    error_message = "Contio is retrying ${data.contio_webhook_deliveries.failing.complete ? "" : "at least "}${data.contio_webhook_deliveries.failing.matching_count} webhook deliveries whose last attempt failed; the newest, ${try(local.newest_failed.event_type, "?")} (${try(local.newest_failed.id, "?")}), failed with \"${coalesce(try(local.newest_failed.last_error, null), "no error recorded")}\". Make ${local.app_endpoint} answer 2xx quickly: Contio abandons a delivery once its retries are exhausted, and repeated failures can make it disable webhooks. This warning stops once no delivery is failing."
  }
}
