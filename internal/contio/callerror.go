package contio

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

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
