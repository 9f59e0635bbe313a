package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

var _ function.Function = deliversFunction{}

// NewDeliversFunction is provider::contio::delivers.
func NewDeliversFunction() function.Function { return deliversFunction{} }

// deliversFunction answers "Events are not being received" offline: whether
// Contio delivers an event type under a filter, by contio.WebhookFilter.Passes.
// Functions never see the provider configuration, so it knows only the
// built-in catalog; for any other type it errs rather than guess (see
// deliversEventType).
type deliversFunction struct{}

func (deliversFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "delivers"
}

func (deliversFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether Contio delivers an event type under a webhook filter",
		MarkdownDescription: "Returns whether Contio delivers events of `event_type` to the app's endpoint under `filter`, " +
			"as the filter table of Contio's Webhook Management page says: with no filter (`null`) every supported event; " +
			"with `include` only the listed ones; with `exclude` all but the listed ones. " +
			"`" + contio.AlwaysDeliveredEventType + "` is always delivered, whatever the filter. " +
			"It answers from its arguments alone, without calling Contio. " +
			"An `event_type` outside this provider version's catalog is an error unless the filter lists it.",
		Parameters: []function.Parameter{
			function.ObjectParameter{
				Name:           "filter",
				AttributeTypes: filterAttrTypes,
				AllowNullValue: true,
				// A filter whose events are not known yet still answers for
				// the always-delivered type.
				AllowUnknownValues: true,
				MarkdownDescription: "An app's webhook filter, as `data.contio_app.this.webhook_filter` exposes it (`type` and `events`), " +
					"or `null` for none. A `contio_webhook_filter` resource, or an object such as `{ type = \"exclude\", events = [\"calendar_event.updated\"] }`, works too.",
			},
			function.StringParameter{
				Name:                "event_type",
				MarkdownDescription: "The event type to ask about, such as `meeting.created`.",
			},
		},
		Return: function.BoolReturn{},
	}
}

func (deliversFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var filter types.Object
	var eventType string
	resp.Error = req.Arguments.Get(ctx, &filter, &eventType)
	if resp.Error != nil {
		return
	}
	answer, ferr := delivers(ctx, filter, eventType)
	resp.Error = function.ConcatFuncErrors(ferr, resp.Result.Set(ctx, answer))
}

// delivers is the function's answer: unknown while the filter is.
func delivers(ctx context.Context, filter types.Object, eventType string) (types.Bool, *function.FuncError) {
	if !contio.IsPlausibleEventType(eventType) {
		// Terraform ends an argument's error with a period: none here.
		msg := fmt.Sprintf("%q cannot be a Contio event type: event type names are not empty and contain no whitespace", eventType)
		if s, ok := newEventCatalog(nil).closest(eventType); ok {
			msg += fmt.Sprintf(". Did you mean %q?", s)
		}
		return types.BoolUnknown(), function.NewArgumentFuncError(1, msg)
	}
	if eventType == contio.AlwaysDeliveredEventType {
		return types.BoolValue(true), nil
	}
	f, known, ferr := deliversFilter(ctx, filter)
	if ferr != nil || !known {
		return types.BoolUnknown(), ferr
	}
	if ferr := deliversEventType(f, eventType); ferr != nil {
		return types.BoolUnknown(), ferr
	}
	return types.BoolValue(f.Passes(eventType)), nil
}

// deliversFilter reads the filter argument: nil for null, known false while
// any part of it is unknown.
func deliversFilter(ctx context.Context, filter types.Object) (*contio.WebhookFilter, bool, *function.FuncError) {
	if filter.IsNull() {
		return nil, true, nil
	}
	if filter.IsUnknown() {
		return nil, false, nil
	}
	var m struct {
		Type   types.String `tfsdk:"type"`
		Events types.Set    `tfsdk:"events"`
	}
	if diags := filter.As(ctx, &m, basetypes.ObjectAsOptions{}); diags.HasError() {
		return nil, false, function.NewArgumentFuncError(0, function.FuncErrorFromDiags(ctx, diags).Text)
	}
	if m.Type.IsUnknown() || m.Events.IsUnknown() {
		return nil, false, nil
	}
	if !slices.Contains(contio.FilterTypes(), m.Type.ValueString()) {
		return nil, false, function.NewArgumentFuncError(0,
			fmt.Sprintf("filter.type is %s: it must be \"include\" or \"exclude\"; pass null for no filter", m.Type))
	}
	if m.Events.IsNull() {
		return nil, false, function.NewArgumentFuncError(0, "filter.events is null: a filter lists at least one event type; pass null as the filter for no filter")
	}
	f := &contio.WebhookFilter{Type: contio.FilterType(m.Type.ValueString())}
	for _, e := range m.Events.Elements() {
		s, ok := e.(types.String)
		switch {
		case !ok || s.IsNull():
			return nil, false, function.NewArgumentFuncError(0, "filter.events lists a null event type")
		case s.IsUnknown():
			return nil, false, nil
		}
		f.Events = append(f.Events, s.ValueString())
	}
	return f, true, nil
}

// deliversEventType refuses a type that neither the built-in catalog nor the
// filter knows: answering by the table would make a misspelt type "delivered"
// under every exclude filter, so a check block could never catch the typo.
func deliversEventType(f *contio.WebhookFilter, eventType string) *function.FuncError {
	cat := newEventCatalog(nil)
	if cat.contains(eventType) || (f != nil && slices.Contains(f.Events, eventType)) {
		return nil
	}
	return function.NewArgumentFuncError(1, fmt.Sprintf(
		"%q is not one of this provider version's Contio event types.%s The function knows only the built-in catalog "+
			"(it cannot see the provider's additional_event_types), so it answers for another type only when the filter lists it. "+
			"For an event type Contio added after this provider version, use a provider version that knows it",
		eventType, cat.suggestion(eventType)))
}
