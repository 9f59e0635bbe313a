# Many Contio apps on Terraform: one aliased provider configuration per app
# (the API key is per app), and one call of the ../app module per app, handed
# its provider. Terraform cannot repeat a provider block with for_each, so
# adding an app adds a provider block and a module block.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

# Keep the keys out of the configuration: export TF_VAR_contio_api_keys as
# JSON ({"sales":"...","support":"..."}) from your secrets manager or CI.
variable "contio_api_keys" {
  description = "Each app's Partner API key, by app name."
  type        = map(string)
  sensitive   = true
}

provider "contio" {
  alias     = "sales"
  client_id = "app_sales"
  api_key   = var.contio_api_keys["sales"]
}

provider "contio" {
  alias     = "support"
  client_id = "app_support"
  api_key   = var.contio_api_keys["support"]
}

module "sales" {
  source    = "../app"
  providers = { contio = contio.sales }

  events = ["meeting.created", "meeting.completed", "action_item.created"]
}

module "support" {
  source    = "../app"
  providers = { contio = contio.support }

  filter_type = "exclude"
  events      = ["calendar_event.created", "calendar_event.updated", "calendar_event.deleted"]
}
