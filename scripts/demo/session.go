package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// The emulator's one app, whose credentials the provider reads from CONTIO_*.
const clientID, apiKey = "app_7f3c", "ck_demo_emulator_key"

// demo holds what the steps share.
type demo struct {
	ctx         context.Context
	tmp         string        // throw-away directory for everything the demo writes
	driftScript string        // examples/ci/drift-check.sh
	wd          tfcli.Workdir // the walkthrough's throw-away working directory
	emuURL      string
	cfg         config // the configuration in wd
}

// setUp finds the CLI, builds the provider and the emulator, starts the
// emulator, and makes a working directory whose CLI configuration runs the
// build through dev_overrides. cleanUp stops and removes all of it.
func setUp(ctx context.Context) (d *demo, cleanUp func(), err error) {
	cli, err := machineFinder().find(ctx)
	if err != nil {
		return nil, nil, err
	}
	driftScript, err := filepath.Abs(filepath.Join("examples", "ci", "drift-check.sh"))
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(driftScript); err != nil {
		return nil, nil, fmt.Errorf("run the demo from the repository's root: %v", err)
	}
	tmp, err := os.MkdirTemp("", "contio-demo-")
	if err != nil {
		return nil, nil, err
	}
	var stops []func()
	cleanUp = func() {
		for _, stop := range slices.Backward(stops) {
			stop()
		}
	}
	stops = append(stops, func() { _ = os.RemoveAll(tmp) })
	defer func() {
		if err != nil {
			cleanUp()
		}
	}()

	caption("Building the provider and the emulator")
	bin := filepath.Join(tmp, "bin")
	if _, err := tfcli.BuildProvider(ctx, ".", bin, ""); err != nil {
		return nil, nil, err
	}
	emuURL, stopEmu, err := startEmulator(ctx, bin, clientID, apiKey)
	if err != nil {
		return nil, nil, err
	}
	stops = append(stops, stopEmu)

	rc := filepath.Join(tmp, "terraformrc")
	if err := tfcli.WriteConfig(rc, tfcli.DevOverrides(bin)); err != nil {
		return nil, nil, err
	}
	work := filepath.Join(tmp, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, nil, err
	}
	return &demo{
		ctx: ctx, tmp: tmp, driftScript: driftScript, emuURL: emuURL,
		wd: tfcli.Workdir{CLI: cli, Dir: work, Env: tfcli.Environ(os.Environ(), rc,
			"CONTIO_BASE_URL="+emuURL, "CONTIO_CLIENT_ID="+clientID, "CONTIO_API_KEY="+apiKey)},
	}, cleanUp, nil
}

// configure changes the working directory's configuration.
func (d *demo) configure(change func(*config)) error {
	change(&d.cfg)
	return os.WriteFile(filepath.Join(d.wd.Dir, "main.tf"), []byte(d.cfg.String()), 0o600)
}

// tf runs the CLI in the working directory and fails when it does.
func (d *demo) tf(args ...string) (string, error) {
	return d.tfIn(d.wd, args...)
}

// tfIn runs the CLI in wd and fails when it does.
func (d *demo) tfIn(wd tfcli.Workdir, args ...string) (string, error) {
	out, r := d.runCLI(wd, args)
	if r.Err != nil {
		return out, fmt.Errorf("%s %s: %v\n%s", wd.CLI.Name(), strings.Join(args, " "), r.Err, out)
	}
	return out, nil
}

// tfFails runs the CLI in the working directory and fails unless the CLI
// refuses (exits non-zero, rather than not running at all).
func (d *demo) tfFails(args ...string) (string, error) {
	out, r := d.runCLI(d.wd, args)
	switch {
	case r.ExitCode == 0:
		return out, fmt.Errorf("%s %s succeeded, but it should have been refused:\n%s", d.wd.CLI.Name(), strings.Join(args, " "), out)
	case r.ExitCode < 0:
		return out, fmt.Errorf("%s %s: %v\n%s", d.wd.CLI.Name(), strings.Join(args, " "), r.Err, out)
	}
	return out, nil
}

// runCLI shows the command as a user types it, runs it without colours, and
// returns its stdout followed by its stderr (where the CLI writes errors).
func (d *demo) runCLI(wd tfcli.Workdir, args []string) (string, tfcli.Result) {
	fmt.Printf("   $ %s %s\n", wd.CLI.Name(), strings.Join(args, " "))
	r := wd.Run(d.ctx, append(args, "-no-color")...)
	return r.Stdout + r.Stderr, r
}

// driftCheck runs examples/ci/drift-check.sh in the working directory with the
// demo's CLI, shows what it prints, and returns its drift lines and exit code.
func (d *demo) driftCheck() (lines []string, code int, err error) {
	fmt.Printf("   $ TF_BIN=%s examples/ci/drift-check.sh\n", d.wd.CLI.Name())
	r := tfcli.Command{Path: "bash", Args: []string{d.driftScript}, Dir: d.wd.Dir,
		Env: append(slices.Clone(d.wd.Env), "TF_BIN="+d.wd.CLI.Path)}.Run(d.ctx)
	if r.ExitCode < 0 {
		return nil, 0, fmt.Errorf("drift-check.sh: %v", r.Err)
	}
	lines = nonEmptyLines(r.Stdout)
	show(lines)
	for _, l := range nonEmptyLines(r.Stderr) {
		fmt.Printf("   | (stderr) %s\n", l)
	}
	if r.ExitCode == 0 && len(lines) == 0 {
		fmt.Println("   exit code 0: no drift")
	} else {
		fmt.Printf("   exit code %d\n", r.ExitCode)
	}
	return lines, r.ExitCode, nil
}

// control calls the emulator's control API.
func (d *demo) control(method, path string, body, out any) error {
	var rdr bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&rdr).Encode(body); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(d.ctx, method, d.emuURL+emulator.ControlPrefix+path, &rdr)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// state is the emulator's full view of the app.
func (d *demo) state() (emulator.AppState, error) {
	var st emulator.AppState
	return st, d.control("GET", "/apps/"+clientID, nil, &st)
}

// writeFiles makes dir and writes files (name to text) into it.
func writeFiles(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return err
		}
	}
	return nil
}
