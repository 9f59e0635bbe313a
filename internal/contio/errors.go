package contio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

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

// APIError is a non-2xx answer whose body is the contract's JSON error shape
// ({"error": code, "message": text, ...}). Any other answer the client cannot
// use is an *UnexpectedResponseError. Every text field comes from the server
// and is reduced to one bounded line with the API key removed, so neither the
// fields nor Error() can leak it.
type APIError struct {
	StatusCode        int      `json:"-"`
	Code              string   `json:"error"`
	Message           string   `json:"message"`
	ValidEventTypes   []string `json:"valid_event_types,omitempty"`
	InvalidEventTypes []string `json:"invalid_event_types,omitempty"`
	RequestID         string   `json:"-"`
	// RetryAfter is how long Contio asked to wait before trying again (the
	// Retry-After header of a 429 or retryable 5xx), 0 when it did not say.
	// When it is longer than the client waits (2 minutes), the client gives
	// up at once instead of retrying, and Error says when to come back.
	RetryAfter time.Duration `json:"-"`
	retryAt    time.Time
}

// maxListedInError bounds how many invalid event types Error names.
const maxListedInError = 20

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contio API: HTTP %d", e.StatusCode)
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
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", e.RequestID)
	}
	if advice := retryLaterAdvice(e.RetryAfter, e.retryAt); advice != "" {
		b.WriteString(". " + advice)
	}
	return b.String()
}

// RequestIDHeader is the response header carrying the API's request id.
const RequestIDHeader = "X-Request-Id"

// maxAnswerBody bounds how much of any answer is read: far more than any
// legitimate answer (a page of 100 deliveries is a few tens of KiB), small
// enough that a misbehaving proxy cannot exhaust memory. A longer body is
// cut, fails to decode, and is reported as an UnexpectedResponseError.
const maxAnswerBody = 1 << 20

// answerError turns a non-2xx answer into the caller's error: an *APIError
// when the body is the contract's JSON error shape, otherwise an
// *UnexpectedResponseError. secret is the API key, kept out of every field.
func answerError(method, path string, resp *http.Response, body []byte, secret string, now time.Time) error {
	var e APIError
	if err := json.Unmarshal(body, &e); err != nil || (e.Code == "" && e.Message == "") {
		return newUnexpectedResponseError(method, path, resp, body, secret, now)
	}
	e = APIError{
		StatusCode:        resp.StatusCode,
		Code:              oneLine(e.Code, secret, maxShortField),
		Message:           oneLine(e.Message, secret, maxMessage),
		ValidEventTypes:   oneLineList(e.ValidEventTypes, secret),
		InvalidEventTypes: oneLineList(e.InvalidEventTypes, secret),
		RequestID:         requestID(resp, secret),
	}
	e.RetryAfter, e.retryAt = askedWait(resp, now)
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	if e.Message == "" { // a blank code and a status Go has no text for
		e.Message = fmt.Sprintf("HTTP %d without an explanation", resp.StatusCode)
	}
	return &e
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
