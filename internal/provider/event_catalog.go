package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agext/levenshtein"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// eventCatalog is what a filter may list under one provider configuration: the
// built-in catalog plus the provider's additional_event_types, which let users
// name event types Contio added after this provider was released without
// waiting for a new release.
//
// Membership is checked in the filter's ModifyPlan, not in a schema
// validator: validators cannot see the provider configuration. They see only
// the built-in catalog, so `terraform validate` can refuse what no event type
// can be and warn about a likely typo of a built-in type, but never refuse a
// type for being unknown.
type eventCatalog struct {
	types      []string // built-in catalog order, then the additional types sorted
	additional []string
}

func newEventCatalog(additional []string) *eventCatalog {
	builtIn := contio.FilterableEventTypes()
	var extra []string
	for _, t := range additional {
		if !slices.Contains(builtIn, t) && !slices.Contains(extra, t) {
			extra = append(extra, t)
		}
	}
	slices.Sort(extra)
	return &eventCatalog{types: append(builtIn, extra...), additional: extra}
}

// filterable lists every type a filter may list, in catalog order. A copy.
func (c *eventCatalog) filterable() []string { return slices.Clone(c.types) }

func (c *eventCatalog) contains(eventType string) bool { return slices.Contains(c.types, eventType) }

// closest is the catalog entry nearest to eventType, if one is near enough to
// be the likely intent of a typo: at most typoEdits edits apart, case and
// separators aside. It is the one did-you-mean rule: the plan's error,
// validation's warning and the delivers function all suggest by it.
func (c *eventCatalog) closest(eventType string) (string, bool) {
	best, bestDist := "", -1
	typed := typoForm(eventType)
	for _, t := range c.types {
		d := levenshtein.Distance(typed, typoForm(t), nil)
		if bestDist < 0 || d < bestDist {
			best, bestDist = t, d
		}
	}
	return best, bestDist >= 0 && bestDist <= typoEdits
}

// typoEdits is how far a typo strays: a slipped, lost or doubled letter, or
// two letters swapped (meeting.craeted). Further apart are names Contio may
// well add, such as meeting.deleted beside meeting.created, which validation
// would otherwise flag on every run for users of additional_event_types.
const typoEdits = 2

// typoForm folds the slips a typist makes without meaning another name, case
// and the separator, so that Meeting.Created, meeting_created and
// MEETING-CREATED are as near to meeting.created as can be.
func typoForm(s string) string {
	return strings.ToLower(typoSeparators.Replace(s))
}

var typoSeparators = strings.NewReplacer("_", ".", "-", ".")

// likelyTypo is the entry eventType is a likely typo of: eventType is not in
// the catalog, and closest finds an entry near it.
func (c *eventCatalog) likelyTypo(eventType string) (string, bool) {
	if c.contains(eventType) {
		return "", false
	}
	return c.closest(eventType)
}

// suggestion is " Did you mean ...?" when closest finds the likely intent of
// eventType, else empty.
func (c *eventCatalog) suggestion(eventType string) string {
	if s, ok := c.closest(eventType); ok {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

// unknownTypeDetail explains why eventType is refused and what to do: the
// likely intended entry, the whole catalog, and the way to use a type newer
// than this provider.
func (c *eventCatalog) unknownTypeDetail(eventType string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q is not a Contio event type that a filter can list.%s", eventType, c.suggestion(eventType))
	fmt.Fprintf(&b, "\n\nValid event types: %s.", strings.Join(c.types, ", "))
	fmt.Fprintf(&b, "\n\nIf Contio added %q after this provider version was released, add it to the provider's "+
		"additional_event_types (or the %s environment variable, comma-separated) to use it now.", eventType, envAdditionalEventTypes)
	return b.String()
}
