# Terraform 1.14 and later (delete this file on OpenTofu or older Terraform,
# which reject action blocks). When the drift check reports
# "enabled true -> false (disabled outside Terraform ...)", fix the endpoint,
# then re-enable without editing the configuration:
#
#   terraform apply -invoke=action.contio_webhook_reenable.deliver
#
# The next drift check then reports no drift.
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver"
  }
}
