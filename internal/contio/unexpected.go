package contio

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
)

// UnexpectedResponseError is an answer that is not the API's JSON: an HTML
// page from a proxy or load balancer, an empty or truncated body, JSON of
// another shape. It is returned for 2xx answers the client cannot decode as
// well as for error statuses without the contract's error body, so callers
// never mistake a proxy's page for Contio's word. Its fields come from the
// answer, reduced to one bounded line without the API key.
type UnexpectedResponseError struct {
	Method, Path string // the call, e.g. GET /v1/partner/admin/app
	StatusCode   int
	ContentType  string // the Content-Type header as received, "" when absent
	Excerpt      string // the body's first ~200 bytes on one line, "" when empty
	RequestID    string // the X-Request-Id header, "" when absent (likely not Contio)
	// RetryAfter is as in APIError: a 429 or retryable 5xx page asking for a
	// wait longer than the client waits makes the client give up at once.
	RetryAfter time.Duration
	retryAt    time.Time
}

func (e *UnexpectedResponseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contio API: %s %s: HTTP %d answered with ", e.Method, e.Path, e.StatusCode)
	ct := mediaType(e.ContentType)
	if e.Excerpt == "" {
		fmt.Fprintf(&b, "an empty body (%s), not the API's JSON", ct)
	} else {
		fmt.Fprintf(&b, "%s, not the API's JSON: \"%s\"", ct, e.Excerpt)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", e.RequestID)
	}
	if advice := retryLaterAdvice(e.RetryAfter, e.retryAt); advice != "" {
		b.WriteString(". " + advice)
	}
	return b.String()
}

// mediaType is the Content-Type without its parameters, for a short message.
func mediaType(ct string) string {
	if ct == "" {
		return "no Content-Type"
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return ct
}

func newUnexpectedResponseError(method, path string, resp *http.Response, body []byte, secret string, now time.Time) *UnexpectedResponseError {
	e := &UnexpectedResponseError{
		Method:      method,
		Path:        path,
		StatusCode:  resp.StatusCode,
		ContentType: oneLine(resp.Header.Get("Content-Type"), secret, maxShortField),
		Excerpt:     oneLine(string(body), secret, maxExcerpt),
		RequestID:   requestID(resp, secret),
	}
	e.RetryAfter, e.retryAt = askedWait(resp, now)
	return e
}
