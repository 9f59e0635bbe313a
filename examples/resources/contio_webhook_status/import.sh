# The id is the app id: the provider's client_id.
terraform import contio_webhook_status.this app_7f3c
