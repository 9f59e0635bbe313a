package contio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// This file holds every error a call can end with, as the package doc lists
// them, and how each is made from what came back.

// Error codes the contract names. Codes the API adds later still reach callers
// through APIError.Code.
const (
	CodeUnauthorized               = "unauthorized"
	CodeInvalidRequest             = "invalid_request"
	CodeInvalidEventTypes          = "invalid_event_types"
	CodePendingDispositionRequired = "pending_disposition_required"
	CodeNotFound                   = "not_found"
	CodeRateLimited                = "rate_limited"
)

// RequestIDHeader is the response header carrying the API's request id.
const RequestIDHeader = "X-Request-Id"

// maxListedInError bounds how many invalid event types Error names.
const maxListedInError = 20

// APIError is a non-2xx answer whose body is the contract's JSON error shape
// ({"error": code, "message": text, ...}). Any other answer the client cannot
// use is an *UnexpectedResponseError. Every text field comes from the server
// and is reduced to one bounded line with the API key removed, so neither the
// fields nor Error() can leak it.
type APIError struct {
	Method, Path      string // the call, e.g. GET /v1/partner/admin/app
	StatusCode        int
	Code              string
	Message           string
	ValidEventTypes   []string
	InvalidEventTypes []string
	RequestID         string // the X-Request-Id header, "" when absent
	// Attempts is how many times the call was sent: 1 when it was not
	// retried (a status that is never retried, max_retries 0, or a
	// Retry-After longer than the client waits).
	Attempts int
	// RetryAfter is how long Contio asked to wait before trying again (the
	// Retry-After header of a 429 or retryable 5xx), 0 when it did not say.
	// When it is longer than the client waits (2 minutes), the client gives
	// up at once instead of retrying, and Error says when to come back.
	RetryAfter time.Duration
	retryAt    time.Time
}

// errorAnswer is the contract's error body as it travels.
type errorAnswer struct {
	Code              string   `json:"error"`
	Message           string   `json:"message"`
	ValidEventTypes   []string `json:"valid_event_types"`
	InvalidEventTypes []string `json:"invalid_event_types"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contio API: %s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if n := len(e.InvalidEventTypes); n > 0 {
		listed := e.InvalidEventTypes[:min(n, maxListedInError)]
		fmt.Fprintf(&b, " (invalid: %s", strings.Join(listed, ", "))
		if n > len(listed) {
			fmt.Fprintf(&b, " and %d more", n-len(listed))
		}
		b.WriteString(")")
	}
	writeAnswerTail(&b, e.RequestID, e.Attempts, e.RetryAfter, e.retryAt)
	return b.String()
}

// LongRetryAfter reports whether Contio asked for a wait longer than the
// client makes, so the call failed at once: retrying sooner, or retrying
// more often, cannot help.
func (e *APIError) LongRetryAfter() bool { return e.RetryAfter > maxRetryAfter }

// UnexpectedResponseError is an answer the client cannot use that is not the
// contract's error body: not JSON at all (an HTML page from a proxy or load
// balancer, plain text, an empty or truncated body), or JSON in a shape this
// client does not know (an error body of another shape, or a 2xx answer that
// is not what the call returns). JSON tells the two apart. It is returned for
// any status, so callers never mistake a proxy's page for Contio's word. Its
// fields come from the answer, reduced to one bounded line without the API
// key.
type UnexpectedResponseError struct {
	Method, Path string // the call, e.g. GET /v1/partner/admin/app
	StatusCode   int
	ContentType  string // the Content-Type header as received, "" when absent
	Excerpt      string // the body's first ~200 bytes on one line, "" when empty
	RequestID    string // the X-Request-Id header, "" when absent (likely not Contio)
	// JSON is true when the body is whole JSON: the server speaks JSON, in a
	// shape this client version does not understand.
	JSON bool
	// Cut is true when the body starts as JSON and ends before it does: the
	// network or a proxy lost its end, on every attempt.
	Cut bool
	// TooLarge is true when the body is longer than the client reads
	// (MaxAnswerBytes); Excerpt is its start. It is never retried.
	TooLarge bool
	// ClientVersion is the version the client was built for (WithVersion),
	// for a report about an answer it does not understand.
	ClientVersion string
	// Attempts and RetryAfter are as in APIError.
	Attempts   int
	RetryAfter time.Duration
	retryAt    time.Time
}

func (e *UnexpectedResponseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contio API: %s %s: HTTP %d answered with ", e.Method, e.Path, e.StatusCode)
	switch {
	case e.TooLarge:
		fmt.Fprintf(&b, "a body larger than the %.1f MiB this provider reads of one answer, so it stopped reading there: \"%s\"", float64(MaxAnswerBytes)/(1<<20), e.Excerpt)
	case e.JSON:
		fmt.Fprintf(&b, "JSON in a shape this provider version does not understand: \"%s\"", e.Excerpt)
	case e.Cut:
		fmt.Fprintf(&b, "JSON cut short before its end: \"%s\"", e.Excerpt)
	case e.Excerpt == "":
		fmt.Fprintf(&b, "an empty body (%s), not the API's JSON", mediaType(e.ContentType))
	default:
		fmt.Fprintf(&b, "%s, not the API's JSON: \"%s\"", mediaType(e.ContentType), e.Excerpt)
	}
	writeAnswerTail(&b, e.RequestID, e.Attempts, e.RetryAfter, e.retryAt)
	return b.String()
}

// LongRetryAfter is as in APIError.
func (e *UnexpectedResponseError) LongRetryAfter() bool { return e.RetryAfter > maxRetryAfter }

// writeAnswerTail ends an answer's error text with what every answer shares:
// the request id to quote to Contio, how often the call was sent, and when
// Contio asked for a wait longer than the client makes, when to come back.
func writeAnswerTail(b *strings.Builder, requestID string, attempts int, wait time.Duration, at time.Time) {
	if requestID != "" {
		fmt.Fprintf(b, " [request id %s]", requestID)
	}
	if attempts > 1 {
		fmt.Fprintf(b, " (after %d attempts)", attempts)
	}
	if advice := retryLaterAdvice(wait, at); advice != "" {
		b.WriteString(". " + advice)
	}
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

// answer is what came back for one call: enough to build its error.
type answer struct {
	method, path string
	resp         *http.Response
	body         []byte
	tooLarge     bool // body is the first MaxAnswerBytes of a longer one
	attempts     int
	secret       string // the API key, kept out of every field
	version      string
	now          time.Time
}

// apiError turns a non-2xx answer into the caller's error: an *APIError
// when the body is the contract's JSON error shape, otherwise an
// *UnexpectedResponseError.
func (a answer) apiError() error {
	var body errorAnswer
	if err := json.Unmarshal(a.body, &body); err != nil || (body.Code == "" && body.Message == "") {
		return a.unexpected()
	}
	e := &APIError{
		Method:            a.method,
		Path:              a.path,
		StatusCode:        a.resp.StatusCode,
		Code:              oneLine(body.Code, a.secret, maxShortField),
		Message:           oneLine(body.Message, a.secret, maxMessage),
		ValidEventTypes:   oneLineList(body.ValidEventTypes, a.secret),
		InvalidEventTypes: oneLineList(body.InvalidEventTypes, a.secret),
		RequestID:         requestID(a.resp, a.secret),
		Attempts:          max(a.attempts, 1),
	}
	e.RetryAfter, e.retryAt = askedWait(a.resp, a.now)
	if e.Message == "" {
		e.Message = http.StatusText(a.resp.StatusCode)
	}
	if e.Message == "" { // a blank code and a status Go has no text for
		e.Message = fmt.Sprintf("HTTP %d without an explanation", a.resp.StatusCode)
	}
	return e
}

// unexpected is the error of an answer that is not what the call expects.
func (a answer) unexpected() *UnexpectedResponseError {
	e := &UnexpectedResponseError{
		Method:        a.method,
		Path:          a.path,
		StatusCode:    a.resp.StatusCode,
		ContentType:   oneLine(a.resp.Header.Get("Content-Type"), a.secret, maxShortField),
		Excerpt:       oneLine(string(a.body), a.secret, maxExcerpt),
		RequestID:     requestID(a.resp, a.secret),
		JSON:          !a.tooLarge && json.Valid(a.body),
		Cut:           !a.tooLarge && isCutJSON(a.body),
		TooLarge:      a.tooLarge,
		ClientVersion: a.version,
		Attempts:      max(a.attempts, 1),
	}
	e.RetryAfter, e.retryAt = askedWait(a.resp, a.now)
	return e
}

// requestID is the answer's request id, made safe for an error or a log.
func requestID(resp *http.Response, secret string) string {
	return oneLine(resp.Header.Get(RequestIDHeader), secret, maxShortField)
}

// AsAPIError returns the *APIError in err's chain, if there is one. An answer
// that is not the API's JSON is an *UnexpectedResponseError instead (use
// errors.As); a cancelled or timed-out call wraps context.Canceled or
// context.DeadlineExceeded (use errors.Is).
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}

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

// callError describes a call that got no usable answer: cancelled, timed
// out, refused by the client, or failed in transport. The result wraps err,
// so errors.Is(err, context.Canceled) and errors.Is(err,
// context.DeadlineExceeded) tell a cancellation and a timeout apart.
func (c *Client) callError(ctx context.Context, method, path string, err error) error {
	err = unwrapURLError(err)
	var what string
	switch {
	case errors.Is(err, context.Canceled):
		what = "the operation was cancelled before Contio answered"
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		what = "the operation timed out: its deadline passed before Contio answered"
	case errors.Is(err, context.DeadlineExceeded):
		what = "timed out waiting for Contio (every attempt is bounded by the request timeout)"
	}
	msg := fmt.Sprintf("contio API: %s %s: %v", method, path, err)
	if what != "" {
		msg = fmt.Sprintf("contio API: %s %s: %s: %v", method, path, what, err)
	}
	return &safeError{msg: redact(msg, c.apiKey), err: err}
}

// safeError carries an error's text with the API key taken out, however a
// lower layer worded it; Unwrap keeps the chain for errors.Is and errors.As.
type safeError struct {
	msg string
	err error
}

func (e *safeError) Error() string { return e.msg }
func (e *safeError) Unwrap() error { return e.err }

// unwrapURLError drops net/url's "Get \"https://…\":" prefix: the method and
// path already say which call failed, and a URL's query is no error's business.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
