package contio

import (
	"errors"
	"fmt"
	"net/http"
)

// refuseRedirects is the underlying http.Client's CheckRedirect. The Partner
// Admin API never redirects, and following one would be harmful: net/http
// forwards custom headers such as X-API-Key to the new location, and turns a
// PUT into a GET on 301, 302 and 303. Handing back the redirect itself, before
// anything is sent to its target, lets the call turn it into a redirectError;
// retryPolicy never retries a 3xx.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// redirectError is a 3xx answer. It names the target's host only: a
// Location's path and query may carry tokens.
type redirectError struct {
	method, path string
	status       int
	host         string // "" when the answer had no usable Location
}

func newRedirectError(method, path string, resp *http.Response, secret string) *redirectError {
	e := &redirectError{method: method, path: path, status: resp.StatusCode}
	switch loc, err := resp.Location(); {
	case err == nil:
		e.host = oneLine(loc.Host, secret, maxShortField)
	case !errors.Is(err, http.ErrNoLocation):
		e.host = "an unparsable Location"
	}
	return e
}

func (e *redirectError) Error() string {
	to := "without a Location"
	if e.host != "" {
		to = "redirecting to " + e.host
	}
	return fmt.Sprintf("contio API: %s %s: HTTP %d %s %s; the Partner API never redirects, so base_url may be wrong or a proxy is in the way "+
		"(the redirect was not followed, so the API key was not sent there)",
		e.method, e.path, e.status, http.StatusText(e.status), to)
}
