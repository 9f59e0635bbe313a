package contio

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The seed corpora live in testdata/fuzz/<FuzzName>/ and run with every go
// test; to fuzz one target for a while:
//
//	go test -run '^$' -fuzz '^FuzzDecodeApp$' -fuzztime 10s ./internal/contio/
//
// Fuzzing writes any failing input next to the seeds; commit it with the fix.

const fuzzClientID = "app_fuzz"

// FuzzDecodeApp: whatever an App answer holds, decoding it never panics, and
// an accepted answer is normalised: a non-empty id (the answer's, else the
// client id) and the answer's events once each, in first-occurrence order.
func FuzzDecodeApp(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		app, err := decodeApp(body, fuzzClientID)
		if err != nil {
			if app != nil {
				t.Fatalf("an error (%v) with an app", err)
			}
			return
		}
		var raw App
		if err := json.Unmarshal(body, &raw); err != nil {
			t.Fatalf("decodeApp accepted what encoding/json rejects (%v): %q", err, body)
		}
		wantID := raw.ID
		if wantID == "" {
			wantID = fuzzClientID
		}
		if app.ID != wantID {
			t.Fatalf("id %q, want %q", app.ID, wantID)
		}
		if (app.WebhookFilter == nil) != (raw.WebhookFilter == nil) {
			t.Fatalf("filter %v, answer's filter %v", app.WebhookFilter, raw.WebhookFilter)
		}
		if app.WebhookFilter == nil {
			return
		}
		var want []string
		for _, ev := range raw.WebhookFilter.Events {
			if !slices.Contains(want, ev) && ev != AlwaysDeliveredEventType {
				want = append(want, ev)
			}
		}
		if got := app.WebhookFilter.Events; len(got) != len(want) || !slices.Equal(got, want) {
			t.Fatalf("events %q, want %q (answer's %q)", got, want, raw.WebhookFilter.Events)
		}
	})
}

const fuzzSecret = "ck_live_FUZZ_s3cr3t_7f3c9a"

// FuzzErrorAnswer: whatever a non-2xx answer holds (status, headers, body),
// it becomes an *APIError or an *UnexpectedResponseError without panicking,
// and its text is one bounded line without the API key.
func FuzzErrorAnswer(f *testing.F) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, contentType, requestID, retryAfterHeader string, body []byte) {
		status = 300 + abs(status%700) // any non-2xx status line a server could send
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		resp.Header.Set("Content-Type", contentType)
		resp.Header.Set(RequestIDHeader, requestID)
		resp.Header.Set("Retry-After", retryAfterHeader)

		err := answer{method: http.MethodGet, path: "/v1/partner/admin/app", resp: resp, body: body, secret: fuzzSecret, now: now}.apiError()
		var apiErr *APIError
		var unexpected *UnexpectedResponseError
		switch {
		case errors.As(err, &apiErr):
			if apiErr.StatusCode != status || (apiErr.Code == "" && apiErr.Message == "") {
				t.Fatalf("APIError %+v for HTTP %d", apiErr, status)
			}
			if apiErr.RetryAfter < 0 {
				t.Fatalf("negative RetryAfter %s", apiErr.RetryAfter)
			}
		case errors.As(err, &unexpected):
			if unexpected.StatusCode != status || len(unexpected.Excerpt) > maxExcerpt {
				t.Fatalf("UnexpectedResponseError %+v for HTTP %d", unexpected, status)
			}
			if unexpected.RetryAfter < 0 {
				t.Fatalf("negative RetryAfter %s", unexpected.RetryAfter)
			}
		default:
			t.Fatalf("error %v (%T), want an *APIError or an *UnexpectedResponseError", err, err)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "contio API: ") || len(msg) > 4096 || strings.ContainsAny(msg, "\r\n\t\x00") {
			t.Fatalf("error text is not one bounded line (%d bytes): %q", len(msg), msg)
		}
		if strings.Contains(msg, fuzzSecret) {
			t.Fatalf("error text carries the API key: %q", msg)
		}
	})
}

func abs(n int) int { return max(n, -n) }

// FuzzRetryAfter: no Retry-After value makes the client wait a negative or an
// unbounded time, and "retry now" still waits the minimum.
func FuzzRetryAfter(f *testing.F) {
	const lo, hi = 100 * time.Millisecond, 2 * time.Second
	f.Fuzz(func(t *testing.T, value string, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<40), 0).UTC() // about ±35,000 years: any clock
		d, ok := retryAfter(value, now)
		if d < 0 {
			t.Fatalf("retryAfter(%q) = %s, negative", value, d)
		}
		if !ok && d != 0 {
			t.Fatalf("retryAfter(%q) = %s for a value it does not understand", value, d)
		}
		if secs, err := strconv.Atoi(value); err == nil && ok && secs >= 0 && secs < 1e6 && d != time.Duration(secs)*time.Second {
			t.Fatalf("retryAfter(%q) = %s", value, d)
		}

		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {value}}}
		wait := backoff(lo, hi, 1, resp)
		if wait < 0 || wait > maxRetryAfter {
			t.Fatalf("Retry-After %q: backoff %s outside [0, %s]", value, wait, maxRetryAfter)
		}
		if ok && wait < lo {
			t.Fatalf("Retry-After %q: backoff %s below the minimum %s", value, wait, lo)
		}
	})
}
