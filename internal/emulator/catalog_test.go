package emulator_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// A new emulator's catalog is the built-in one.
func TestCatalogStartsBuiltIn(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	if got := emu.EventTypes(); !slices.Equal(got, contio.FilterableEventTypes()) {
		t.Errorf("EventTypes() = %v, want the built-in catalog", got)
	}
}

func TestAddEventTypesWellFormedness(t *testing.T) {
	tests := []struct {
		name  string
		types []string
		ok    bool
	}{
		{"two segments", []string{"meeting.transcribed"}, true},
		{"three segments, digits and underscores", []string{"automation.run_2.finished"}, true},
		{"several at once", []string{"meeting.transcribed", "note.shared"}, true},
		{"no dot", []string{"meeting"}, false},
		{"upper case", []string{"Meeting.transcribed"}, false},
		{"empty segment", []string{"meeting..transcribed"}, false},
		{"trailing dot", []string{"meeting."}, false},
		{"segment starts with a digit", []string{"meeting.2nd"}, false},
		{"hyphen", []string{"meeting.re-scheduled"}, false},
		{"empty", []string{""}, false},
		{"the always-delivered type", []string{contio.AlwaysDeliveredEventType}, false},
		{"one bad among good ones", []string{"meeting.transcribed", "BAD", "note.shared"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu := emulator.New(emulator.Options{})
			err := emu.AddEventTypes(tt.types...)
			got := emu.EventTypes()
			if tt.ok {
				if err != nil {
					t.Fatalf("AddEventTypes(%q) = %v", tt.types, err)
				}
				if want := append(contio.FilterableEventTypes(), tt.types...); !slices.Equal(got, want) {
					t.Errorf("EventTypes() = %v, want the built-in catalog then %v", got, tt.types)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), contio.CodeInvalidEventTypes+":") {
				t.Errorf("AddEventTypes(%q) = %v, want invalid_event_types", tt.types, err)
			}
			if !slices.Equal(got, contio.FilterableEventTypes()) {
				t.Errorf("a refused call changed the catalog: %v", got)
			}
		})
	}
}

// Learning a type twice, or a built-in one, changes nothing.
func TestAddEventTypesIsIdempotent(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	for _, types := range [][]string{{"meeting.transcribed"}, {"meeting.transcribed", "meeting.created"}, {"meeting.transcribed"}} {
		if err := emu.AddEventTypes(types...); err != nil {
			t.Fatal(err)
		}
	}
	if want := append(contio.FilterableEventTypes(), "meeting.transcribed"); !slices.Equal(emu.EventTypes(), want) {
		t.Errorf("EventTypes() = %v, want %v", emu.EventTypes(), want)
	}
}

// Each emulator has its own catalog: what one learns, another does not know.
func TestCatalogIsPerEmulator(t *testing.T) {
	learner, other := emulator.New(emulator.Options{}), emulator.New(emulator.Options{})
	if err := learner.AddEventTypes("meeting.transcribed"); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(other.EventTypes(), "meeting.transcribed") {
		t.Error("a type learned by one emulator is known to another")
	}
	if slices.Contains(contio.FilterableEventTypes(), "meeting.transcribed") {
		t.Error("a learned type leaked into the built-in catalog")
	}
}

// Everything that reads the catalog reads the emulator's own: Partner API
// filters and their 400 answers, CreateApp filters and event emission.
func TestLearnedTypesAreUsedEverywhere(t *testing.T) {
	const learned = "meeting.transcribed"
	include := &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{learned}}
	tests := []struct {
		name string
		// check runs against an emulator that knows learned when knows is true.
		check func(t *testing.T, srv *emulatortest.Server, knows bool)
	}{
		{"PUT webhook-filter", func(t *testing.T, srv *emulatortest.Server, knows bool) {
			c := srv.Client(t, srv.NewApp(t, emulator.AppSpec{}))
			_, err := c.SetWebhookFilter(t.Context(), contio.FilterExclude, []string{learned, "meeting.created"})
			if knows != (err == nil) {
				t.Errorf("filter listing %s: %v", learned, err)
			}
		}},
		{"valid_event_types", func(t *testing.T, srv *emulatortest.Server, knows bool) {
			c := srv.Client(t, srv.NewApp(t, emulator.AppSpec{}))
			_, err := c.SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.exploded"})
			apiErr, ok := contio.AsAPIError(err)
			if !ok || apiErr.StatusCode != http.StatusBadRequest {
				t.Fatalf("error = %v, want a 400", err)
			}
			if knows != slices.Contains(apiErr.ValidEventTypes, learned) {
				t.Errorf("valid_event_types = %v", apiErr.ValidEventTypes)
			}
		}},
		{"CreateApp filter", func(t *testing.T, srv *emulatortest.Server, knows bool) {
			_, err := srv.CreateApp(emulator.AppSpec{WebhookFilter: include})
			if knows != (err == nil) {
				t.Errorf("CreateApp with a filter listing %s: %v", learned, err)
			}
		}},
		{"emission", func(t *testing.T, srv *emulatortest.Server, knows bool) {
			creds := srv.NewApp(t, emulator.AppSpec{})
			rep, err := srv.EmitEvents(t.Context(), creds.ClientID, []string{learned}, 1)
			if knows != (err == nil && rep.Attempt.Delivered == 1) {
				t.Errorf("emitting %s: %+v, %v", learned, rep, err)
			}
		}},
	}
	for _, tt := range tests {
		for _, knows := range []bool{false, true} {
			name := tt.name + "/built-in only"
			if knows {
				name = tt.name + "/learned"
			}
			t.Run(name, func(t *testing.T) {
				srv := emulatortest.Start(t, emulator.Options{})
				if knows {
					srv.LearnEventTypes(t, learned)
				}
				tt.check(t, srv, knows)
			})
		}
	}
}

// A learned type obeys filters like a built-in one: an include filter that
// lists it delivers it, an exclude filter that lists it drops it.
func TestLearnedTypesAreFiltered(t *testing.T) {
	const learned = "meeting.transcribed"
	for _, tt := range []struct {
		filterType    contio.FilterType
		wantDelivered int
	}{
		{contio.FilterInclude, 1},
		{contio.FilterExclude, 0},
	} {
		t.Run(string(tt.filterType), func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			srv.LearnEventTypes(t, learned)
			creds := srv.NewApp(t, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{Type: tt.filterType, Events: []string{learned}}})
			if rep := srv.Emit(t, creds.ClientID, 1, learned); rep.Attempt.Delivered != tt.wantDelivered {
				t.Errorf("delivered %d, want %d", rep.Attempt.Delivered, tt.wantDelivered)
			}
		})
	}
}

func TestControlAPIEventTypes(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	ctl := srv.URL + emulator.ControlPrefix + "/event-types"

	var got emulator.EventTypesAnswer
	call(t, "GET", ctl, nil, http.StatusOK, &got)
	if !slices.Equal(got.EventTypes, contio.FilterableEventTypes()) || got.AlwaysDelivered != contio.AlwaysDeliveredEventType || got.Added != nil {
		t.Errorf("GET = %+v, want the built-in catalog", got)
	}

	call(t, "POST", ctl, map[string]any{"event_types": []string{"meeting.transcribed", "meeting.created"}}, http.StatusOK, &got)
	if !slices.Equal(got.Added, []string{"meeting.transcribed"}) || !slices.Contains(got.EventTypes, "meeting.transcribed") {
		t.Errorf("POST = %+v, want meeting.transcribed added", got)
	}
	call(t, "POST", ctl, map[string]any{"event_types": []string{"meeting.transcribed"}}, http.StatusOK, &got)
	if got.Added == nil || len(got.Added) != 0 {
		t.Errorf("POST of a known type: added = %#v, want []", got.Added)
	}

	var refused struct {
		Code              string   `json:"error"`
		InvalidEventTypes []string `json:"invalid_event_types"`
	}
	call(t, "POST", ctl, map[string]any{"event_types": []string{"note.shared", "Bad Type"}}, http.StatusBadRequest, &refused)
	if refused.Code != contio.CodeInvalidEventTypes || !slices.Equal(refused.InvalidEventTypes, []string{"Bad Type"}) {
		t.Errorf("malformed type: %+v", refused)
	}
	call(t, "POST", ctl, map[string]any{"types": []string{"note.shared"}}, http.StatusBadRequest, &refused)
	if refused.Code != contio.CodeInvalidRequest {
		t.Errorf("empty list: %+v", refused)
	}

	call(t, "GET", ctl, nil, http.StatusOK, &got)
	if want := append(contio.FilterableEventTypes(), "meeting.transcribed"); !slices.Equal(got.EventTypes, want) {
		t.Errorf("GET after the POSTs = %v, want %v (refused calls add nothing)", got.EventTypes, want)
	}
}

// The test-only deviation: a Contio whose catalog breaks the assumed shape.
// Any non-empty name without whitespace is learned, and then a filter may list
// it like any other type; the plain AddEventTypes still refuses it.
func TestAddEventTypesAnyShape(t *testing.T) {
	const odd = "meeting.transcript-ready"
	srv := emulatortest.Start(t, emulator.Options{})
	if err := srv.AddEventTypes(odd); err == nil {
		t.Fatalf("AddEventTypes(%q) accepted a type outside the pattern", odd)
	}
	for _, bad := range [][]string{{""}, {"meeting transcribed"}, {"meeting.\ttab"}, {contio.AlwaysDeliveredEventType}, {"ok.type", " "}} {
		if err := srv.AddEventTypesAnyShape(bad...); err == nil || !strings.HasPrefix(err.Error(), contio.CodeInvalidEventTypes+":") {
			t.Errorf("AddEventTypesAnyShape(%q) = %v, want invalid_event_types", bad, err)
		}
	}
	if !slices.Equal(srv.EventTypes(), contio.FilterableEventTypes()) {
		t.Fatalf("refused calls changed the catalog: %v", srv.EventTypes())
	}
	srv.LearnEventTypesAnyShape(t, odd, "Meeting.Archived")
	if want := append(contio.FilterableEventTypes(), odd, "Meeting.Archived"); !slices.Equal(srv.EventTypes(), want) {
		t.Errorf("EventTypes() = %v, want %v", srv.EventTypes(), want)
	}
	app, err := srv.Client(t, srv.NewApp(t, emulator.AppSpec{})).SetWebhookFilter(t.Context(), contio.FilterInclude, []string{odd})
	if err != nil || !slices.Equal(app.WebhookFilter.Events, []string{odd}) {
		t.Errorf("filter listing %s: %+v, %v", odd, app, err)
	}
}

// The control API learns a type of any shape only when asked to.
func TestControlAPIEventTypesAnyShape(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	ctl := srv.URL + emulator.ControlPrefix + "/event-types"
	const odd = "meeting.transcript-ready"
	var refused struct {
		InvalidEventTypes []string `json:"invalid_event_types"`
	}
	call(t, "POST", ctl, map[string]any{"event_types": []string{odd}}, http.StatusBadRequest, &refused)
	if !slices.Equal(refused.InvalidEventTypes, []string{odd}) {
		t.Errorf("without any_shape: %+v", refused)
	}
	call(t, "POST", ctl, map[string]any{"event_types": []string{"bad type"}, "any_shape": true}, http.StatusBadRequest, &refused)
	if !slices.Equal(refused.InvalidEventTypes, []string{"bad type"}) {
		t.Errorf("whitespace with any_shape: %+v", refused)
	}
	var got emulator.EventTypesAnswer
	call(t, "POST", ctl, map[string]any{"event_types": []string{odd}, "any_shape": true}, http.StatusOK, &got)
	if !slices.Equal(got.Added, []string{odd}) {
		t.Errorf("with any_shape: %+v, want %s added", got, odd)
	}
}
