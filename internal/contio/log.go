package contio

import (
	"context"
	"net/http"

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

// logRequest runs before every attempt; attempt counts from 0.
func (c *Client) logRequest(_ retryablehttp.Logger, req *http.Request, attempt int) {
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
