package contio

import (
	"net/http"
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
