# Integration tests against contio-emulator, started from
# emulator-state.json: the app app_tftest is disabled with a backlog, as
# Contio leaves it after an auto-disable. Teardown deletes the app's filter,
# so the tests use an app of their own, never a shared one. A run re-enables
# the app: start the emulator afresh for each run.
#
#   contio-emulator --addr 127.0.0.1:8085 --state emulator-state.json &
#   export CONTIO_BASE_URL=http://127.0.0.1:8085 CONTIO_CLIENT_ID=app_tftest CONTIO_API_KEY=ck_tftest
#   terraform test -filter=tests/integration.tftest.hcl

variables {
  pending_disposition = "deliver"
}

run "health_check_fires" {
  command = plan

  expect_failures = [check.webhook_health]

  assert {
    condition     = data.contio_app.this.webhook_enabled == false
    error_message = "The state file starts app_tftest disabled."
  }
}

run "reenable" {
  # The data source was read at plan, before this apply re-enabled delivery
  # and created the filter: it still shows the app disabled, with no filter.
  expect_failures = [check.webhook_health]

  assert {
    condition     = data.contio_app.this.webhook_filter == null
    error_message = "Read before the filter was created, webhook_filter should still be null."
  }

  assert {
    condition     = contio_webhook_status.this.enabled
    error_message = "The apply did not re-enable delivery."
  }
}

# A second run reads the app again, after the first one's apply.
run "filter_and_delivery_are_back" {
  command = plan

  assert {
    condition     = data.contio_app.this.webhook_enabled
    error_message = "Delivery is still disabled after the re-enable."
  }

  assert {
    condition     = data.contio_app.this.webhook_filter.type == "exclude"
    error_message = "The app's filter is not the module's."
  }

  assert {
    condition     = toset(data.contio_app.this.webhook_filter.events) == toset(contio_webhook_filter.this.events)
    error_message = "The app's filter lists other events than the module's."
  }

  assert {
    condition     = alltrue(values(output.critical_events_delivered))
    error_message = "Contio drops a critical event type under the module's filter."
  }
}
