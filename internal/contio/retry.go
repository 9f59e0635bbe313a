package contio

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxRetryAfter caps a server's Retry-After, so a misconfigured proxy cannot
// stall a terraform plan for an hour; the caller's context still bounds it all.
const maxRetryAfter = 2 * time.Minute

// retryPolicy retries 429, 5xx other than 501, and connection errors; never a
// 4xx answer, which would fail the same way again. Every call this client makes
// is a GET, or a PUT or DELETE that the API treats as idempotent, so a retry
// cannot apply a change twice.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		// retryablehttp's own policy knows which transport errors are permanent
		// (bad scheme, TLS verification, too many redirects).
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode == http.StatusNotImplemented:
		return false, nil
	case resp.StatusCode >= 500:
		return true, nil
	}
	return false, nil
}

// backoff waits as long as Retry-After asks when the server says, and
// otherwise backs off exponentially from lo to hi with "equal jitter" (half
// fixed, half random), so that many clients retrying at once spread out.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, maxRetryAfter)
		}
	}
	wait := hi
	if attempt < 32 {
		if d := lo << attempt; d > 0 && d < hi {
			wait = d
		}
	}
	half := wait / 2
	return half + rand.N(half+1)
}

// retryAfter parses a Retry-After value: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(secs, 0)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
