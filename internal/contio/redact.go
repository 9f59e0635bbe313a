package contio

import (
	"cmp"
	"encoding/json"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redacted replaces the API key wherever an answer or a transport error
// echoes it back (a debugging proxy, a server quoting the request).
const redacted = "[redacted]"

// Bounds on what an answer may put into an error's text, so that a hostile or
// broken server cannot make an error span a screen or several lines.
const (
	maxExcerpt    = 200
	maxMessage    = 500
	maxShortField = 100
	maxListLen    = 100
)

// oneLine makes text from a server safe for an error or a log: secret
// removed, invalid UTF-8 and control characters replaced, whitespace runs
// collapsed to one space, and at most maxBytes bytes, cut on a rune boundary
// and marked with "…".
func oneLine(s, secret string, maxBytes int) string {
	s = redact(s, secret)
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' ' // control, format and other invisible characters
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	// Collapsing may have joined what a first pass could not see as the key.
	s = redact(s, secret)
	return clip(s, maxBytes)
}

// oneLineList applies oneLine to every element and keeps at most maxListLen.
func oneLineList(list []string, secret string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, 0, min(len(list), maxListLen))
	for _, s := range list[:min(len(list), maxListLen)] {
		out = append(out, oneLine(s, secret, maxShortField))
	}
	return out
}

// redact removes secret from s, as it is and as a server may have escaped it
// when echoing it back (see secretForms).
func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	for _, form := range secretForms(secret) {
		s = strings.ReplaceAll(s, form, redacted)
	}
	return s
}

// secretForms lists the forms in which a server can plausibly echo the key,
// longest first: one form may hold another (the key "a&amp;" is in its own
// HTML form), and replacing the shorter first would leave the rest behind.
// A form earns its place only by a server that writes it.
func secretForms(secret string) []string {
	forms := []string{
		secret,                    // quoted as sent: a debugging proxy, a plain-text page, a header
		html.EscapeString(secret), // an HTML error page quoting the request
		url.QueryEscape(secret),   // a URL quoting it, such as a redirect's Location or a logged request line
		jsonString(secret, true),  // a JSON body written by Go's encoding/json, which escapes &, < and >
		jsonString(secret, false), // a JSON body written by JavaScript, Python or Ruby, which escape only quotes, \ and controls
		strings.ReplaceAll(jsonString(secret, false), "/", `\/`), // a JSON body written by PHP, which also escapes "/"
	}
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// jsonString is s as the inside of a JSON string, with &, < and > escaped
// when escapeHTML is true.
func jsonString(s string, escapeHTML bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s) // a string always encodes
	js := strings.TrimSuffix(b.String(), "\n")
	return js[1 : len(js)-1]
}

// clip cuts s to at most maxBytes bytes (the "…" included) on a rune boundary.
func clip(s string, maxBytes int) string {
	if len(s) <= maxBytes {
		return s
	}
	const ellipsis = "…"
	cut := max(maxBytes-len(ellipsis), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
