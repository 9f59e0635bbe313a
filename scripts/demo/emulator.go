package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// startEmulator builds cmd/contio-emulator into binDir and serves one app
// with the given credentials on a free loopback port, printing what it
// prints; it returns the emulator's URL and how to stop it. It runs in the
// demo's process group, so Ctrl-C stops it with the demo.
func startEmulator(ctx context.Context, binDir, clientID, apiKey string) (url string, stop func(), err error) {
	bin := filepath.Join(binDir, "contio-emulator")
	if err := tfcli.Go(ctx, "", nil, "build", "-o", bin, "./cmd/contio-emulator"); err != nil {
		return "", nil, err
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return "", nil, err
	}
	emu := exec.CommandContext(ctx, bin, "--addr", addr, "--client-id", clientID, "--api-key", apiKey)
	emu.Stdout, emu.Stderr = os.Stdout, os.Stderr
	if err := emu.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { _ = emu.Process.Signal(os.Interrupt); _ = emu.Wait() }
	url = "http://" + addr
	if err := waitHTTP(url + emulator.ControlPrefix + "/clock"); err != nil {
		stop()
		return "", nil, err
	}
	return url, stop, nil
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitHTTP(url string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil { //nolint:noctx // a start-up probe
			_ = resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the emulator did not answer at %s", url)
}

// The emulator's control API, as the steps use it to play Contio's part.

// setEndpoint points the app's webhook at one of the emulator's sinks
// (emulator.SinkFailPath, emulator.SinkOKPath).
func (d *demo) setEndpoint(sink string) error {
	return d.control("PATCH", "/apps/"+clientID, map[string]any{"webhook_url": d.emuURL + sink}, nil)
}

// emit has Contio record count events of type eventType for the app.
func (d *demo) emit(eventType string, count int) (emulator.EmitReport, error) {
	var emitted emulator.EmitReport
	err := d.control("POST", "/apps/"+clientID+"/events", map[string]any{"types": []string{eventType}, "count": count}, &emitted)
	return emitted, err
}

// deliver runs one delivery cycle.
func (d *demo) deliver() (emulator.CycleReport, error) {
	var cycle emulator.CycleReport
	return cycle, d.control("POST", "/deliver", nil, &cycle)
}

// deliverUntilAutoDisabled advances the clock three hours at a time and runs
// a delivery cycle, through the retry schedule or until Contio auto-disables
// the app.
func (d *demo) deliverUntilAutoDisabled() error {
	for range emulator.DefaultRetrySchedule {
		if err := d.control("POST", "/clock/advance", map[string]any{"seconds": 3 * 3600}, nil); err != nil {
			return err
		}
		cycle, err := d.deliver()
		if err != nil || len(cycle.AutoDisabled) > 0 {
			return err
		}
	}
	return nil
}

// addEventType has Contio start offering eventType, which the provider's
// built-in catalog does not know.
func (d *demo) addEventType(eventType string) error {
	var learned emulator.EventTypesAnswer
	if err := d.control("POST", "/event-types", map[string]any{"event_types": []string{eventType}}, &learned); err != nil {
		return err
	}
	if !slices.Contains(learned.Added, eventType) {
		return fmt.Errorf("the emulator did not learn %s: %+v", eventType, learned)
	}
	return nil
}
