# The ten newest deliveries whose last attempt failed and that Contio will
# retry: step 2 of Contio's runbook for auto-disabled webhooks.
data "contio_webhook_deliveries" "failed" {
  status = "failed"
  limit  = 10
}

output "newest_failures" {
  value = [
    for d in data.contio_webhook_deliveries.failed.deliveries :
    "${coalesce(d.created_at, "unknown time")} ${d.event_type} (${d.id}): ${d.attempts} attempts, last ${coalesce(d.last_attempt_at, "never")}: ${coalesce(d.last_error, "no error recorded")}"
  ]
}

# matching_count counts every failed delivery, not only the ten returned; it is
# a lower bound when the read stopped at max_pages.
output "failed_count" {
  value = "${data.contio_webhook_deliveries.failed.complete ? "" : "at least "}${data.contio_webhook_deliveries.failed.matching_count}"
}

# The events Contio gave up on after exhausting their retries, newest first.
# Up to 50 requests of 100 deliveries each, on every plan and apply.
data "contio_webhook_deliveries" "all_abandoned" {
  status    = "abandoned"
  limit     = 1000
  max_pages = 50
}

output "abandoned_event_ids" {
  value = data.contio_webhook_deliveries.all_abandoned.deliveries[*].event_id
}
