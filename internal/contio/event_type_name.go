package contio

import (
	"regexp"
	"strings"
	"unicode"
)

// eventTypeName is the shape of every Contio event type: dot-separated, lower
// case segments such as "meeting.created" or "automation.assignment.created".
// The shape is an assumption of the contract, not Contio's documentation, so
// it only advises: a name outside it draws a warning, and Contio's own answer
// decides. It lives beside the catalog so that every check uses the same one.
var eventTypeName = regexp.MustCompile(EventTypeNamePattern)

// EventTypeNamePattern is eventTypeName's source, for messages and docs.
const EventTypeNamePattern = `^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`

// IsWellFormedEventType reports whether s has the shape of a Contio event type,
// whether or not the built-in catalog knows it.
func IsWellFormedEventType(s string) bool { return eventTypeName.MatchString(s) }

// IsPlausibleEventType reports whether s could be the name of an event type
// that Contio adds, whatever its shape: not empty, and without whitespace,
// which no name in a JSON list of types would carry on purpose. It is the
// only rule an escape hatch for types newer than the provider may enforce:
// should Contio name one "meeting.transcript-ready", users must be able to
// list it before this project learns of it.
func IsPlausibleEventType(s string) bool {
	return s != "" && !strings.ContainsFunc(s, unicode.IsSpace)
}
