package contio

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/hashicorp/go-retryablehttp"
)

// Logger receives the client's request and response logs. The provider routes
// them to tflog. Fields never include request headers, so the API key cannot
// reach a log through the client.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

// attemptCounterKey is the context key of a call's attempt counter.
type attemptCounterKey struct{}

// withAttemptCounter makes logRequest, which runs before every attempt,
// record the attempts of one call in n, so its error can say how often it
// was sent.
func withAttemptCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, attemptCounterKey{}, n)
}

// logRequest runs before every attempt; attempt counts from 0.
func (c *Client) logRequest(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if n, ok := req.Context().Value(attemptCounterKey{}).(*atomic.Int64); ok {
		n.Store(int64(attempt) + 1)
	}
	c.logger.Debug(req.Context(), "Contio API request", map[string]any{
		"http_method": req.Method,
		"http_path":   req.URL.Path,
		"attempt":     attempt + 1,
	})
}

func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	c.logger.Debug(resp.Request.Context(), "Contio API response", map[string]any{
		"http_method": resp.Request.Method,
		"http_path":   resp.Request.URL.Path,
		"http_status": resp.StatusCode,
		"request_id":  requestID(resp, c.apiKey),
	})
}
