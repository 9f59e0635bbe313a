# Deliver webhooks. If Contio (or someone) disables delivery, the next plan
# shows the drift; re-enabling a disabled app needs pending_disposition.
resource "contio_webhook_status" "this" {
  enabled = true

  # What to do with events queued while delivery was disabled:
  # "deliver" sends them on the next delivery cycle, "abandon" discards them.
  pending_disposition = "deliver"
}
