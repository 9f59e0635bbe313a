data "contio_app" "this" {}

output "webhooks_enabled" {
  value = data.contio_app.this.webhook_enabled
}

output "webhook_filter" {
  # null when no filter is set: every supported event is delivered.
  value = data.contio_app.this.webhook_filter
}
