# The deliveries whose last attempt failed and that Contio will retry.
data "contio_webhook_deliveries" "failed" {
  status = "failed"
}

output "failed_deliveries" {
  value = {
    for d in data.contio_webhook_deliveries.failed.deliveries :
    d.id => "${d.event_type}: ${d.attempts} attempts, last at ${d.last_attempt_at}: ${coalesce(d.last_error, "no error recorded")}"
  }
}

# Deliveries Contio gave up on; the 50th abandoned since webhooks were last
# enabled makes Contio disable them.
data "contio_webhook_deliveries" "abandoned" {
  status = "abandoned"
  limit  = 1000
}

output "abandoned_event_ids" {
  value = data.contio_webhook_deliveries.abandoned.deliveries[*].event_id
}
