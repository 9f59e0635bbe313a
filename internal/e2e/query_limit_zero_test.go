package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// TestAccQueryLimitZero: Terraform cancels a ListResource stream alone once
// it has limit results (grpc_provider.go's ListResource: context.WithCancel,
// break at the limit, deferred cancel), so with limit = 0 at once, while the
// provider's List may still be reading the app. Another list block sharing
// that read keeps going and must get the app, not the other's cancellation.
// A latency fault on the first GET keeps the shared read in flight.
func TestAccQueryLimitZero(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	if !e.version.AtLeast(tfcli.Terraform, "1.14") {
		t.Skipf("terraform query needs Terraform 1.14 or later; this is %s", e.version)
	}
	e.writeConfig(t, e.config(""))
	query := ""
	for _, name := range []string{"a", "b", "c"} {
		query += "list \"contio_webhook_status\" \"none_" + name + "\" {\n  provider = contio\n  limit    = 0\n}\n\n"
	}
	query += "list \"contio_webhook_status\" \"all\" {\n  provider = contio\n}\n"
	if err := os.WriteFile(filepath.Join(e.dir, "q.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		e.emu.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathApp, LatencyMS: 1500})
		if out, errOut, code := e.runTF("query", "-no-color"); code != 0 {
			t.Fatalf("run %d: terraform query failed (exit %d):\n%s\n%s", i, code, out, errOut)
		}
	}
}
