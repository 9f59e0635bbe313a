package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ validator.String = eventTypeValidator{}

// eventTypeValidator checks a filter's event type against the catalog.
// stringvalidator.OneOf could reject unknown types, but not explain that the
// always-delivered type is refused for a different reason: Contio would drop
// it, and the plan would never settle.
type eventTypeValidator struct{}

func (eventTypeValidator) Description(context.Context) string {
	return "must be a filterable Contio event type: " + strings.Join(contio.FilterableEventTypes(), ", ")
}

func (v eventTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (eventTypeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return // Terraform validates again once the value is known
	}
	ev := req.ConfigValue.ValueString()
	switch {
	case contio.IsFilterable(ev):
		return
	case ev == contio.AlwaysDeliveredEventType:
		resp.Diagnostics.AddAttributeError(req.Path, "Event type cannot be filtered",
			fmt.Sprintf("%q is always delivered, whatever the filter says: Contio ignores it in filter requests, so listing it would never match what Contio stores. Remove it from events.", ev))
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown Contio event type",
			fmt.Sprintf("%q is not a Contio event type that a filter can list. Valid event types: %s.", ev, strings.Join(contio.FilterableEventTypes(), ", ")))
	}
}
