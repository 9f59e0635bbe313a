package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// config is the walkthrough's Terraform configuration; its fields are the
// parts the steps change.
type config struct {
	events          []string
	disposition     string   // pending_disposition; none when empty
	deliveries      bool     // reads the abandoned deliveries into an output
	additionalTypes []string // the provider's additional_event_types
	reenableAction  bool     // declares action.contio_webhook_reenable.deliver (Terraform 1.14+)
}

func (c config) String() string {
	provider := "provider \"contio\" {}"
	if len(c.additionalTypes) > 0 {
		provider = fmt.Sprintf("provider \"contio\" {\n  additional_event_types = %s\n}", hclList(c.additionalTypes))
	}
	disp := ""
	if c.disposition != "" {
		disp = fmt.Sprintf("\n  pending_disposition = %q", c.disposition)
	}
	deliveries := ""
	if c.deliveries {
		deliveries = `
# Troubleshooting: review the newest delivery failures before re-enabling.
# The check warns on every plan while delivery is disabled, and falls silent
# once it is enabled again.
data "contio_webhook_deliveries" "abandoned" {
  status        = "abandoned"
  limit         = 10
  fail_on_error = false # read only to warn: a failed read warns, never fails the plan
}

check "delivery_health" {
  assert {
    condition     = data.contio_app.this.webhook_enabled
    error_message = "Webhook delivery is disabled. ${data.contio_webhook_deliveries.abandoned.complete ? "" : "at least "}${data.contio_webhook_deliveries.abandoned.matching_count} abandoned deliveries; the newest took ${try(data.contio_webhook_deliveries.abandoned.deliveries[0].attempts, 0)} attempts, the last failing with ${try(coalesce(data.contio_webhook_deliveries.abandoned.deliveries[0].last_error, "no recorded error"), "?")}."
  }
}
`
	}
	if c.reenableAction {
		deliveries += `
# After an auto-disable, a person re-enables deliberately:
#   terraform apply -invoke=action.contio_webhook_reenable.deliver
action "contio_webhook_reenable" "deliver" {
  config {
    pending_disposition = "deliver"
  }
}
`
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

# Credentials come from CONTIO_BASE_URL, CONTIO_CLIENT_ID and CONTIO_API_KEY.
%s

resource "contio_webhook_status" "this" {
  enabled = true%s
}

resource "contio_webhook_filter" "meetings" {
  type   = "include"
  events = %s
}

data "contio_app" "this" {
  depends_on = [contio_webhook_status.this, contio_webhook_filter.meetings]
}

output "app" {
  value = {
    name            = data.contio_app.this.name
    webhook_enabled = data.contio_app.this.webhook_enabled
    webhook_filter  = data.contio_app.this.webhook_filter
  }
}
%s`, provider, disp, hclList(c.events), deliveries)
}

// adoptFiles is the fresh directory of the adoption step. Query needs a .tf
// file beside the .tfquery.hcl one ("No configuration files" otherwise),
// naming the provider's source: a terraform block is not allowed in
// .tfquery.hcl. With dev_overrides it needs no init and no lock file.
var adoptFiles = map[string]string{
	"main.tf": `terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}
`,
	"adopt.tfquery.hcl": `# Credentials and CONTIO_ADDITIONAL_EVENT_TYPES come from the environment.
provider "contio" {}

list "contio_webhook_status" "all" {
  provider = contio
}

list "contio_webhook_filter" "all" {
  provider = contio
}
`,
}

// hclList is an HCL list of strings.
func hclList(ss []string) string {
	quoted, _ := json.Marshal(ss) // a []string always marshals
	return strings.ReplaceAll(string(quoted), ",", ", ")
}
