package contio

import "regexp"

// eventTypeName is the shape of every Contio event type: dot-separated, lower
// case segments such as "meeting.created" or "automation.assignment.created".
// Types newer than the built-in catalog are accepted on this shape alone, so it
// lives beside the catalog and every check of a new type uses it.
var eventTypeName = regexp.MustCompile(EventTypeNamePattern)

// EventTypeNamePattern is eventTypeName's source, for messages and docs.
const EventTypeNamePattern = `^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`

// IsWellFormedEventType reports whether s has the shape of a Contio event type,
// whether or not the built-in catalog knows it.
func IsWellFormedEventType(s string) bool { return eventTypeName.MatchString(s) }
