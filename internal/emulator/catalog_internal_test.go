package emulator

import (
	"regexp"
	"testing"
)

// isWellFormedEventType is EventTypePattern written out; the two must agree.
func TestEventTypeShapeMatchesThePattern(t *testing.T) {
	pattern := regexp.MustCompile(EventTypePattern)
	for _, s := range []string{
		"meeting.created", "automation.assignment.created", "a.b", "a1_.b_2", "x.y.z.w",
		"", ".", "a", "a.", ".a", "a..b", "A.b", "a.B", "1.a", "a.1", "_a.b", "a._b", "a.b-c", "a.b ", " a.b", "a.b\n", "é.a",
	} {
		if got, want := isWellFormedEventType(s), pattern.MatchString(s); got != want {
			t.Errorf("isWellFormedEventType(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

func FuzzEventTypeShape(f *testing.F) {
	pattern := regexp.MustCompile(EventTypePattern)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isWellFormedEventType(s), pattern.MatchString(s); got != want {
			t.Errorf("isWellFormedEventType(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
