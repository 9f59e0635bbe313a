# Terraform 1.14 and later. Declaring the action changes nothing: it runs only
# when invoked, after a person has checked the endpoint and decided what
# happens to the events Contio queued while delivery was disabled:
#
#   terraform apply -invoke=action.contio_webhook_reenable.deliver
#
# The name "deliver" is the one the provider's error messages suggest.
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver" # keep the queued events; they go out on the next delivery cycle

    # Optionally wait, at most this long, until the events queued before the
    # re-enable have been attempted, then report what became of each.
    wait_for_drain = "2m"
  }
}

# A second action, for when the queued events are of no use any more:
#
#   terraform apply -invoke=action.contio_webhook_reenable.abandon
action "contio_webhook_reenable" "abandon" {
  config {
    pending_disposition = "abandon" # discard the queued events
  }
}
