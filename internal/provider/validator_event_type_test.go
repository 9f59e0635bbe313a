package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// A filter's events are refused at validate time only for what no event type
// can be. A likely typo of a built-in type is a warning, so that validate,
// pre-commit hooks and mock_provider tests report it offline; anything else
// passes, and the plan decides against the catalog that additional_event_types
// extends.
func TestEventTypeValidator(t *testing.T) {
	tests := []struct {
		name     string
		value    types.String
		wantErr  string
		wantWarn string // the suggestion the warning names
	}{
		{"filterable", types.StringValue("meeting.created"), "", ""},
		{"every catalog entry", types.StringValue(contio.FilterableEventTypes()[14]), "", ""},
		{"null passes", types.StringNull(), "", ""},
		{"unknown passes", types.StringUnknown(), "", ""},
		{"always delivered", types.StringValue(contio.AlwaysDeliveredEventType), "Event type cannot be filtered", ""},
		// Likely typos: two letters swapped, case, the separator.
		{"swapped letters", types.StringValue("meeting.craeted"), "", "meeting.created"},
		{"swapped letters later on", types.StringValue("meeting.compelted"), "", "meeting.completed"},
		{"upper case", types.StringValue("meeting.Created"), "", "meeting.created"},
		{"all upper case", types.StringValue("MEETING.CREATED"), "", "meeting.created"},
		{"underscore for the dot", types.StringValue("meeting_created"), "", "meeting.created"},
		{"dot for the underscore", types.StringValue("action.item.created"), "", "action_item.created"},
		{"a hyphen for the dot", types.StringValue("participant-added"), "", "participant.added"},
		// Names Contio may add, far from every built-in one: the plan decides.
		{"a new type near none passes", types.StringValue("meeting.transcribed"), "", ""},
		{"a new type beside a built-in one passes", types.StringValue("meeting.deleted"), "", ""},
		{"a hyphen passes", types.StringValue("meeting.transcript-ready"), "", ""},
		{"no dot passes", types.StringValue("meeting"), "", ""},
		{"blank", types.StringValue(""), "Malformed Contio event type", ""},
		{"whitespace", types.StringValue("meeting created"), "Malformed Contio event type", ""},
		{"a trailing newline", types.StringValue("meeting.created\n"), "Malformed Contio event type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &validator.StringResponse{}
			eventTypeValidator{}.ValidateString(t.Context(), validator.StringRequest{
				Path: path.Root("events"), ConfigValue: tt.value,
			}, resp)
			got := ""
			if resp.Diagnostics.HasError() {
				got = resp.Diagnostics.Errors()[0].Summary()
			}
			if got != tt.wantErr {
				t.Errorf("error %q, want %q (%v)", got, tt.wantErr, resp.Diagnostics)
			}
			ws := resp.Diagnostics.Warnings()
			if tt.wantWarn == "" {
				if len(ws) != 0 {
					t.Errorf("unexpected warning: %v", ws)
				}
				return
			}
			if len(ws) != 1 {
				t.Fatalf("warnings = %v, want one suggesting %q", ws, tt.wantWarn)
			}
			d := ws[0].Detail()
			for _, want := range []string{
				fmt.Sprintf("%q is not one of this provider's Contio event types. Did you mean %q?", tt.value.ValueString(), tt.wantWarn),
				"additional_event_types", envAdditionalEventTypes, "the plan refuses it",
			} {
				if !strings.Contains(d, want) {
					t.Errorf("warning lacks %q:\n%s", want, d)
				}
			}
			if ws[0].Summary() != "Likely typo in a Contio event type" {
				t.Errorf("summary %q", ws[0].Summary())
			}
		})
	}
	resp := &validator.StringResponse{}
	eventTypeValidator{}.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("events"), ConfigValue: types.StringValue("meeting created")}, resp)
	if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, `Did you mean "meeting.created"?`) || !strings.Contains(d, "whitespace") {
		t.Errorf("detail lacks the suggestion or the reason:\n%s", d)
	}
}

// additional_event_types accepts any name without whitespace: an odd shape is
// a warning (with a suggestion when it looks like a typo), never an error.
func TestCheckAdditionalEventType(t *testing.T) {
	tests := []struct {
		name, typ   string
		wantError   bool
		wantWarning []string
	}{
		{"a usual name", "meeting.transcribed", false, nil},
		{"a hyphen", "meeting.transcript-ready", false, []string{"Unusual Contio event type", `"meeting.transcript-ready"`, "used as written"}},
		{"one segment", "transcribed", false, []string{"Unusual Contio event type"}},
		{"upper case, a likely typo", "Meeting.Created", false, []string{`Did you mean "meeting.created"?`}},
		{"whitespace", "meeting transcribed", true, nil},
		{"a tab", "meeting.\ttranscribed", true, nil},
		{"empty", "", true, nil},
		{"the always-delivered type", contio.AlwaysDeliveredEventType, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := checkAdditionalEventType(tt.typ, path.Root("additional_event_types"), envAdditionalEventTypes)
			if diags.HasError() != tt.wantError {
				t.Fatalf("error = %t, want %t: %v", diags.HasError(), tt.wantError, diags)
			}
			if tt.wantError {
				if s := diags.Errors()[0].Summary(); s != "Invalid "+envAdditionalEventTypes {
					t.Errorf("summary %q does not name the source", s)
				}
				return
			}
			if len(tt.wantWarning) == 0 && diags.WarningsCount() != 0 {
				t.Errorf("unexpected warning: %v", diags)
			}
			for _, w := range tt.wantWarning {
				if ws := diags.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Summary()+": "+ws[0].Detail(), w) {
					t.Errorf("warnings %v lack %q", ws, w)
				}
			}
		})
	}
}

// CONTIO_ADDITIONAL_EVENT_TYPES follows the attribute's rules: an odd shape
// is used with a warning, a name with whitespace is refused and left out.
func TestResolveCatalogFromEnv(t *testing.T) {
	env := map[string]string{envAdditionalEventTypes: "meeting.transcript-ready, not a type ,meeting.transcribed"}
	p := &contioProvider{getenv: func(k string) string { return env[k] }}
	var diags diag.Diagnostics
	cat := p.resolveCatalog(t.Context(), providerModel{AdditionalEventTypes: types.SetNull(types.StringType)}, &diags)
	if !cat.contains("meeting.transcript-ready") || !cat.contains("meeting.transcribed") || cat.contains("not a type") {
		t.Errorf("catalog = %v", cat.filterable())
	}
	if len(diags.Errors()) != 1 || !strings.Contains(diags.Errors()[0].Detail(), `"not a type"`) {
		t.Errorf("errors = %v, want one naming \"not a type\"", diags.Errors())
	}
	if len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Detail(), `"meeting.transcript-ready"`) {
		t.Errorf("warnings = %v, want one naming the odd type", diags.Warnings())
	}
}
