package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ validator.String = eventTypeValidator{}

// eventTypeValidator checks what can be checked of a filter's event type
// without the provider configuration, so `terraform validate` reports it: the
// type's shape, and the always-delivered type, which Contio would drop so that
// the plan never settled. Whether the catalog knows the type depends on the
// provider's additional_event_types, which a schema validator cannot see: the
// filter's ModifyPlan checks that, still at plan time.
type eventTypeValidator struct{}

func (eventTypeValidator) Description(context.Context) string {
	return "must be an event type such as meeting.created (lower-case words separated by dots), other than " + contio.AlwaysDeliveredEventType
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
	case ev == contio.AlwaysDeliveredEventType:
		resp.Diagnostics.AddAttributeError(req.Path, "Event type cannot be filtered",
			fmt.Sprintf("%q is always delivered, whatever the filter says: Contio ignores it in filter requests, so listing it would never match what Contio stores. Remove it from events.", ev))
	case !contio.IsWellFormedEventType(ev):
		resp.Diagnostics.AddAttributeError(req.Path, "Malformed Contio event type", newEventCatalog(nil).unknownTypeDetail(ev))
	}
}
