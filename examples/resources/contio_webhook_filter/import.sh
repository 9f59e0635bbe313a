# The id is the app id: the provider's client_id. The app must have a filter.
terraform import contio_webhook_filter.this app_7f3c
