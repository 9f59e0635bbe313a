package contio

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// CheckBaseURL allows https anywhere and plain http only on a loopback host
// (localhost, 127.0.0.0/8, ::1), where the emulator runs: every request
// carries the API key, which must never cross a network in clear text. New
// refuses a base URL that fails it, and the client applies the same rule to
// every request it sends.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("base_url %s is not an absolute URL; use the default %s or, for the emulator, http://127.0.0.1:8085", shownURL(raw, nil), DefaultBaseURL)
	}
	switch {
	case strings.Contains(raw, "@"):
		// The API takes its credentials in headers, never in the URL; and
		// an @ that a / or # in a token moved out of the user info makes
		// the host something else than it looks (user:1234 of
		// https://user:1234/s3cret@api.contio.ai), which would get the key.
		return fmt.Errorf("base_url %s holds an @: Contio's base URL takes no user info (the provider sends client_id and api_key in headers), "+
			"and an @ can make the host another than it looks; use the default %s or the URL of your proxy without credentials", shownURL(raw, u), DefaultBaseURL)
	case secureEnough(u):
		return nil
	case u.Scheme == "http":
		return fmt.Errorf("base_url %s uses http:// on a non-loopback host, which would send the API key in clear text; use https://", shownURL(raw, u))
	}
	return fmt.Errorf("base_url %s must use https:// (or http:// on a loopback host)", shownURL(raw, u))
}

// shownURL is raw as an error may quote it: user info, a query or a
// fragment in a URL may be a credential, and error text reaches CI logs. A
// user name alone may be one (https://TOKEN@host), so all of the user info is
// masked, not only a password as url.URL.Redacted does. u is raw parsed, or
// nil when it does not parse to an absolute URL.
func shownURL(raw string, u *url.URL) string {
	// An @ that url.Parse did not take for the end of user info: a / or #
	// in a password or token ended the authority early, so the host (user:1234
	// of user:1234/s3cret@host) and the path may hold the credential.
	if u != nil && u.User == nil && strings.Contains(raw, "@") {
		u = nil
	}
	if u == nil {
		if MayHoldCredential(raw) {
			return "(not shown: it holds an @, a ? or a #, which may carry a credential)"
		}
		return fmt.Sprintf("%q", raw)
	}
	cp := *u
	if cp.User != nil {
		cp.User = url.User("xxxxx")
	}
	var hidden []string
	if cp.RawQuery != "" || cp.ForceQuery {
		cp.RawQuery, cp.ForceQuery = "", false
		hidden = append(hidden, "query")
	}
	if cp.Fragment != "" || cp.RawFragment != "" {
		cp.Fragment, cp.RawFragment = "", ""
		hidden = append(hidden, "fragment")
	}
	if len(hidden) > 0 {
		return fmt.Sprintf("%q (%s not shown)", cp.String(), strings.Join(hidden, " and "))
	}
	return fmt.Sprintf("%q", cp.String())
}

// MayHoldCredential reports whether raw has user info, a query or a
// fragment, the parts of a URL that may carry a credential.
func MayHoldCredential(raw string) bool { return strings.ContainsAny(raw, "@?#") }

// secureEnough is CheckBaseURL's rule for one URL.
func secureEnough(u *url.URL) bool {
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return isLoopback(u.Hostname())
	}
	return false
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// insecureURLError is a request the client refused to send because its URL
// fails CheckBaseURL's rule.
type insecureURLError struct {
	scheme, host string
}

func (e *insecureURLError) Error() string {
	return fmt.Sprintf("refused to send a request to %s://%s: it carries the API key, and only https:// (or http:// on a loopback host) keeps it out of clear text",
		e.scheme, e.host)
}

// secureTransport checks every outgoing request, not only the base URL New
// was given: whatever builds a request later (a new call, a changed URL, a
// redirect if one were ever followed) cannot send the key in clear text.
type secureTransport struct {
	next http.RoundTripper
}

func (t secureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !secureEnough(req.URL) {
		// A RoundTripper must close the body, even when it does not send it.
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, &insecureURLError{scheme: req.URL.Scheme, host: req.URL.Host}
	}
	return t.next.RoundTrip(req)
}
