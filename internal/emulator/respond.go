package emulator

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// errorBody is the contract's error shape: {"error": code, "message": text, ...extra}.
type errorBody struct {
	Code              string   `json:"error"`
	Message           string   `json:"message"`
	InvalidEventTypes []string `json:"invalid_event_types,omitempty"`
	ValidEventTypes   []string `json:"valid_event_types,omitempty"`
}

// apiError is an error the emulator answers with a status and the contract's body.
type apiError struct {
	status int
	body   errorBody
}

func (e *apiError) Error() string { return e.body.Code + ": " + e.body.Message }

func newAPIError(status int, code, message string) *apiError {
	return &apiError{status: status, body: errorBody{Code: code, Message: message}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers err: an *apiError as itself, anything else as a 500.
func writeError(w http.ResponseWriter, err error) {
	status, body := errorAnswer(err)
	writeJSON(w, status, body)
}

// errorAnswer is the status and body that answer err.
func errorAnswer(err error) (int, errorBody) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = newAPIError(http.StatusInternalServerError, "internal_error", err.Error())
	}
	return ae.status, ae.body
}

// maxBody bounds request bodies; the largest legitimate one is a filter with
// the whole catalog.
const maxBody = 1 << 20

// decodeBody strictly decodes a JSON request body into v.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	if err := dec.Decode(v); err != nil {
		return newAPIError(http.StatusBadRequest, "invalid_request", "the request body is not valid JSON: "+err.Error())
	}
	return nil
}
