# An example configuration for the nightly drift check (drift-check.yml)
# to watch. A drift check compares Contio with the state of the last apply, so
# the state must live in a backend the CI job can read: add yours to the
# terraform block, e.g.
#
#   backend "s3" {
#     bucket = "my-terraform-state"
#     key    = "contio/terraform.tfstate"
#     region = "eu-west-1"
#   }
#
# With no managed resource in the state, there is nothing to compare: the
# check fails and says so.
terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

# Credentials come from CONTIO_CLIENT_ID and CONTIO_API_KEY (and CONTIO_BASE_URL).
provider "contio" {}

resource "contio_webhook_status" "this" {
  enabled = true
}

resource "contio_webhook_filter" "this" {
  type   = "include"
  events = ["meeting.created", "meeting.completed", "action_item.created"]
}
