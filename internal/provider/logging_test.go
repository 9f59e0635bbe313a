package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// The client's logs reach tflog, and the API key reaches no log line, even if
// a message or field were ever to carry it.
func TestLogsNeverCarryTheAPIKey(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)

	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	logger := tflogLogger{secret: creds.APIKey}
	c := srv.Client(t, creds, contio.WithLogger(logger))
	if _, err := c.GetApp(ctx); err != nil {
		t.Fatal(err)
	}
	logger.Debug(ctx, "careless "+creds.APIKey, map[string]any{"api_key": creds.APIKey, "detail": "key=" + creds.APIKey})

	out := buf.String()
	if !strings.Contains(out, "Contio API request") || !strings.Contains(out, "Contio API response") {
		t.Fatalf("client logs did not reach tflog:\n%s", out)
	}
	if strings.Contains(out, creds.APIKey) {
		t.Errorf("the API key reached the logs:\n%s", out)
	}
}
