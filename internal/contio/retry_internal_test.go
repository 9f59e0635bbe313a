package contio

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{"0", 0, true},
		{"-4", 0, true},
		{"99999999999999", 365 * 24 * time.Hour, true}, // would overflow time.Duration
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	ms := time.Millisecond
	for attempt, base := range []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, 1000 * ms, 1000 * ms} {
		for range 50 {
			got := backoff(lo, hi, attempt, nil)
			if got < base/2 || got > base {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, got, base/2, base)
			}
		}
	}
	if got := backoff(lo, hi, 200, nil); got < hi/2 || got > hi {
		t.Errorf("a huge attempt number overflowed: %s", got)
	}

	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"7"}}}
	if got := backoff(lo, hi, 0, resp); got != 7*time.Second {
		t.Errorf("Retry-After 7: wait %s, want 7s (beyond the max backoff, as the server asked)", got)
	}
	resp.Header.Set("Retry-After", "86400")
	if got := backoff(lo, hi, 0, resp); got != maxRetryAfter {
		t.Errorf("Retry-After of a day: wait %s, want the %s cap", got, maxRetryAfter)
	}
}

// TestBackoffRetryAfterNow: "retry now" still waits the minimum, with jitter,
// so clients told "now" together do not all come back at once.
func TestBackoffRetryAfterNow(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	for _, v := range []string{"0", "-3", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)} {
		resp := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {v}}}
		seen := map[time.Duration]bool{}
		for range 50 {
			got := backoff(lo, hi, 3, resp)
			if got < lo || got > lo+lo/2 {
				t.Fatalf("Retry-After %q: wait %s outside [%s, %s]", v, got, lo, lo+lo/2)
			}
			seen[got] = true
		}
		if len(seen) < 2 {
			t.Errorf("Retry-After %q: every wait was the same, no jitter", v)
		}
	}
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter time.Duration // -1: no header
		want       bool
	}{
		{429, -1, true},
		{429, 0, true},
		{429, maxRetryAfter, true},
		{429, maxRetryAfter + time.Second, false}, // fail fast
		{503, 10 * time.Minute, false},
		{500, -1, true},
		{502, time.Second, true},
		{501, -1, false},
		{400, time.Second, false},
		{401, -1, false},
		{403, -1, false},
		{404, -1, false},
		{422, -1, false},
		{302, -1, false},
		{200, -1, false},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
		if tt.retryAfter >= 0 {
			resp.Header.Set("Retry-After", strconv.Itoa(int(tt.retryAfter/time.Second)))
		}
		got, err := retryPolicy(t.Context(), resp, nil)
		if got != tt.want || err != nil {
			t.Errorf("HTTP %d, Retry-After %s: retry = %v, %v; want %v", tt.status, tt.retryAfter, got, err, tt.want)
		}
	}
}
