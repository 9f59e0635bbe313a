package contio

import "testing"

// A key may be part of its own escaped form ("k&amp;" is in "k&amp;amp;"):
// the longer form goes first, or its tail is left behind.
func TestRedactLongestFormFirst(t *testing.T) {
	for _, key := range []string{"k&amp;", "k%2F/", `k\u0026&`} {
		for _, form := range secretForms(key) {
			if got := redact("<"+form+">", key); got != "<"+redacted+">" {
				t.Errorf("key %q escaped as %q: redacted to %q", key, form, got)
			}
		}
	}
}
