# Deliver webhooks. If Contio (or someone) disables delivery, the next plan
# shows the drift and is refused until a person decides what happens to the
# events queued meanwhile: no pending_disposition is declared here on purpose.
resource "contio_webhook_status" "this" {
  enabled = true
}

# Terraform 1.14 and later: re-enable after an auto-disable without editing
# this configuration, once the endpoint is fixed:
#
#   terraform apply -invoke=action.contio_webhook_reenable.deliver
#
# (OpenTofu and older Terraform reject action blocks: leave this one out there,
# and set pending_disposition for the one apply that re-enables.)
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver"
  }
}
