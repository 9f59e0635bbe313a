package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// The event-type pattern (contio.EventTypeNamePattern) is an assumption of the
// contract, not Contio's documentation, so no check here may refuse a name
// for its shape alone: a type Contio adds as "meeting.transcript-ready" must
// be usable through additional_event_types, importable and listable before
// this provider learns of it. What is refused is what no event type can be:
// an empty name, one with whitespace, the always-delivered type.

var (
	_ validator.String = eventTypeValidator{}
	_ validator.String = additionalEventTypeValidator{}
)

// eventTypeValidator checks what can be checked of a filter's event type
// without the provider configuration, so that `terraform validate`, pre-commit
// hooks and mock_provider tests report it offline: an error for a name no
// event type can have and for the always-delivered type (Contio would drop it,
// so the plan would never settle); a warning for a likely typo of a built-in
// type. Unknown types are refused only by the filter's ModifyPlan, which sees
// the provider's additional_event_types: a warning here cannot be silenced by
// that setting, so it is kept to names near a built-in one.
type eventTypeValidator struct{}

func (eventTypeValidator) Description(context.Context) string {
	return "must be an event type such as meeting.created, without whitespace, other than " + contio.AlwaysDeliveredEventType +
		"; a name near a built-in event type that is not one draws a warning"
}

func (v eventTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (eventTypeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return // Terraform validates again once the value is known
	}
	ev := req.ConfigValue.ValueString()
	cat := newEventCatalog(nil)
	switch {
	case ev == contio.AlwaysDeliveredEventType:
		resp.Diagnostics.AddAttributeError(req.Path, "Event type cannot be filtered",
			fmt.Sprintf("%q is always delivered, whatever the filter says: Contio ignores it in filter requests, so listing it would never match what Contio stores. Remove it from events.", ev))
	case !contio.IsPlausibleEventType(ev):
		resp.Diagnostics.AddAttributeError(req.Path, "Malformed Contio event type",
			fmt.Sprintf("%q cannot be a Contio event type: event type names are not empty and contain no whitespace.%s\n\nValid event types: %s.",
				ev, cat.suggestion(ev), strings.Join(cat.filterable(), ", ")))
	default:
		if typo, ok := cat.likelyTypo(ev); ok {
			resp.Diagnostics.AddAttributeWarning(req.Path, "Likely typo in a Contio event type",
				fmt.Sprintf("%q is not one of this provider's Contio event types. Did you mean %q?\n\n"+
					"If %q is an event type Contio added after this provider version, list it in the provider's additional_event_types "+
					"(or the %s environment variable) and the plan accepts it; this check cannot see that setting, so the warning stays until a provider version knows the type. "+
					"Otherwise the plan refuses it.", ev, typo, ev, envAdditionalEventTypes))
		}
	}
}

// additionalEventTypeValidator checks the provider's additional_event_types:
// an error for what cannot be an event type, a warning for a name unlike
// Contio's (checkAdditionalEventType).
type additionalEventTypeValidator struct{}

func (additionalEventTypeValidator) Description(context.Context) string {
	return "must be an event type name without whitespace, other than " + contio.AlwaysDeliveredEventType +
		"; a name unlike Contio's usual shape (lower-case words separated by dots) draws a warning"
}

func (v additionalEventTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (additionalEventTypeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(checkAdditionalEventType(req.ConfigValue.ValueString(), req.Path, "additional_event_types")...)
}

// checkAdditionalEventType judges one additional event type, from source (the
// attribute or the environment variable): an error when no event type can
// have the name, a warning when only its shape is unlike Contio's, since the
// shape is assumed and Contio's answer to the filter has the last word.
func checkAdditionalEventType(t string, at path.Path, source string) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case t == contio.AlwaysDeliveredEventType:
		diags.AddAttributeError(at, "Invalid "+source,
			fmt.Sprintf("%s lists %q, which is always delivered whatever the filter says, so no filter can list it. Remove it.", source, t))
	case !contio.IsPlausibleEventType(t):
		diags.AddAttributeError(at, "Invalid "+source,
			fmt.Sprintf("%s lists %q, which cannot be an event type name: it is empty or contains whitespace. "+
				"List names such as meeting.transcribed, exactly as Contio's webhook events reference spells them.", source, t))
	case !contio.IsWellFormedEventType(t):
		diags.AddAttributeWarning(at, "Unusual Contio event type",
			fmt.Sprintf("%s lists %q, which is unlike the names Contio has used so far (lower-case words separated by dots, such as meeting.transcribed).%s "+
				"It is used as written: if Contio does not know it, Contio refuses the filter that lists it at apply time.",
				source, t, newEventCatalog(nil).suggestion(t)))
	}
	return diags
}
