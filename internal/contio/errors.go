package contio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
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

// APIError is every non-2xx answer of the Contio API. Its text never carries
// request headers, so the API key cannot leak through it.
type APIError struct {
	StatusCode        int      `json:"-"`
	Code              string   `json:"error"`
	Message           string   `json:"message"`
	ValidEventTypes   []string `json:"valid_event_types,omitempty"`
	InvalidEventTypes []string `json:"invalid_event_types,omitempty"`
	RequestID         string   `json:"-"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contio API: HTTP %d", e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if len(e.InvalidEventTypes) > 0 {
		fmt.Fprintf(&b, " (invalid: %s)", strings.Join(e.InvalidEventTypes, ", "))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", e.RequestID)
	}
	return b.String()
}

// RequestIDHeader is the response header carrying the API's request id.
const RequestIDHeader = "X-Request-Id"

// maxErrorBody bounds how much of an error body is read: enough for any
// catalog, small enough that a misbehaving proxy cannot exhaust memory.
const maxErrorBody = 1 << 20

// newAPIError builds an APIError from a non-2xx response. A body that is not
// the contract's JSON shape still yields an error with the HTTP status, and a
// short, single-line excerpt of the body as the message.
func newAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{}
	if err := json.Unmarshal(body, e); err != nil || (e.Code == "" && e.Message == "") {
		e = &APIError{Message: excerpt(body)}
	}
	e.StatusCode = resp.StatusCode
	e.RequestID = resp.Header.Get(RequestIDHeader)
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	const maxLen = 200
	if len(s) > maxLen {
		s = s[:maxLen] + "…"
	}
	return s
}

// AsAPIError returns the *APIError in err's chain, if there is one.
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}

func hasStatus(err error, status int) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.StatusCode == status
}

// IsNotFound reports whether err is a 404 from the API.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether err is a 401 (bad or missing credentials).
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports whether err is a 403.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// HasCode reports whether err is an APIError with the given error code.
func HasCode(err error, code string) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.Code == code
}
