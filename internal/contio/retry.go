package contio

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxRetryAfter is the longest Retry-After the client waits for. A longer
// one (a misconfigured proxy, or Contio asking for a long pause) fails the
// call at once with an error saying when to come back, rather than stalling a
// terraform plan for that long.
const maxRetryAfter = 2 * time.Minute

// retryableStatus reports whether an answer may be retried: 429 and 5xx other
// than 501. Any other 4xx would fail the same way again.
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code != http.StatusNotImplemented)
}

// retryPolicy retries retryable statuses, whatever their body, and
// connection errors; never a 4xx, a redirect, a request the client refused
// to send, or an answer asking to wait longer than maxRetryAfter. Every call
// this client makes is a GET, or a PUT or DELETE that the API treats as
// idempotent, so a retry cannot apply a change twice.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		// retryablehttp's policy would retry this as a connection error.
		var refused *insecureURLError
		if errors.As(err, &refused) {
			return false, err
		}
		// retryablehttp's own policy knows which transport errors are permanent
		// (bad scheme, TLS verification).
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	if !retryableStatus(resp.StatusCode) {
		return false, nil
	}
	if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && wait > maxRetryAfter {
		return false, nil // fail fast: the answer becomes an error saying when to retry
	}
	return true, nil
}

type noRetriesKey struct{}

// oneAttemptWhenAsked wraps the whole retry policy, so that a call marked
// WithoutRetries makes one request whatever the answer, a cut one included.
func oneAttemptWhenAsked(policy retryablehttp.CheckRetry) retryablehttp.CheckRetry {
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if ctx.Value(noRetriesKey{}) != nil {
			return false, ctx.Err() // the first answer is the call's answer
		}
		return policy(ctx, resp, err)
	}
}

// WithoutRetries marks calls made with the returned context as worth one
// attempt only: no retry, so no backoff and no Retry-After wait. It is for
// reads made only to inform (a plan-time warning, a progress message), which
// must not hold up what the user asked for; bound them with a deadline too,
// since one attempt may take the whole request timeout.
func WithoutRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRetriesKey{}, true)
}

// backoff waits as long as Retry-After asks when the server says, and
// otherwise backs off exponentially from lo to hi with "equal jitter" (half
// fixed, half random), so that many clients retrying at once spread out.
// Retry-After: 0, or a date already past, still waits at least lo (plus
// jitter): an overloaded server saying "now" to every client would otherwise
// get them all back at the same instant.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if d < lo {
				return lo + rand.N(lo/2+1)
			}
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

// retryAfter parses a Retry-After value: delay-seconds or an HTTP date. The
// result is never negative.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		// Beyond a year is as good as never; the cap also keeps the
		// multiplication below from overflowing.
		const maxSecs = int64(365 * 24 * time.Hour / time.Second)
		return time.Duration(min(max(secs, 0), maxSecs)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// askedWait is the Retry-After of a retryable answer, rounded to the second,
// and the time it points to; zero for any other answer.
func askedWait(resp *http.Response, now time.Time) (time.Duration, time.Time) {
	if !retryableStatus(resp.StatusCode) {
		return 0, time.Time{}
	}
	d, ok := retryAfter(resp.Header.Get("Retry-After"), now)
	if !ok || d <= 0 {
		return 0, time.Time{}
	}
	d = d.Round(time.Second)
	return d, now.Add(d)
}

// retryLaterAdvice is the sentence an error ends with when Contio asked for a
// wait longer than the client is willing to sleep; "" otherwise.
func retryLaterAdvice(wait time.Duration, at time.Time) string {
	if wait <= maxRetryAfter {
		return ""
	}
	until := ""
	if !at.IsZero() {
		layout := "15:04:05 UTC"
		if wait >= 24*time.Hour {
			layout = "2006-01-02 15:04:05 UTC"
		}
		until = " (until " + at.UTC().Format(layout) + ")"
	}
	return fmt.Sprintf("Contio asked to wait %s before retrying%s, longer than the provider waits (%s); run Terraform again after that.",
		wait, until, maxRetryAfter)
}
