terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

# Credentials are best left to the environment:
#   export CONTIO_CLIENT_ID=app_7f3c
#   export CONTIO_API_KEY=...        # never commit it
provider "contio" {}

# Or set explicitly, e.g. against the local emulator (see the provider docs):
# provider "contio" {
#   base_url        = "http://127.0.0.1:8085"
#   client_id       = "app_local"
#   api_key         = var.contio_api_key
#   max_retries     = 4
#   request_timeout = "30s"
# }
