package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogLogger routes the Contio client's logs to tflog. The client never logs
// headers; masking the key anyway keeps it out of the logs should a future
// field carry it.
type tflogLogger struct {
	secret string
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	if l.secret != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, l.secret)
		ctx = tflog.MaskMessageStrings(ctx, l.secret)
	}
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "api_key")
	tflog.Debug(ctx, msg, fields)
}
