# Unit tests: no credentials, no network. mock_provider replaces every read
# and every plan of the provider's resources; the provider's own validation
# and its functions still run.
mock_provider "contio" {
  mock_data "contio_app" {
    defaults = {
      name            = "Acme Notes Sync"
      webhook_url     = "https://hooks.example.com/contio"
      webhook_enabled = false
    }
  }
}

run "health_check_fires_while_disabled" {
  command = plan

  # A failing check is a warning; expect_failures makes it the test's point.
  expect_failures = [check.webhook_health]

  assert {
    condition     = output.webhook_health == "Contio is not delivering webhooks for Acme Notes Sync: re-enable with pending_disposition once https://hooks.example.com/contio answers 2xx."
    error_message = "unexpected health message: ${coalesce(output.webhook_health, "null")}"
  }
}

run "critical_events_stay_delivered" {
  command = plan

  expect_failures = [check.webhook_health]

  # provider::contio::delivers runs in the real provider, under the mock.
  assert {
    condition     = alltrue(values(output.critical_events_delivered))
    error_message = "The filter drops a critical event type: ${join(", ", [for event, delivered in output.critical_events_delivered : event if !delivered])}."
  }
}
