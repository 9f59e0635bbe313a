// Command contio-emulator serves the Contio Partner Admin API emulator, so
// that people and scripts can point the Terraform provider at it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// version is set at release with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		log.Fatalf("contio-emulator: %v", err)
	}
}

// config is the command line, parsed.
type config struct {
	addr, clientID, apiKey, webhookURL, statePath string
	deliverEvery                                  time.Duration
	seed                                          uint64
	eventTypes                                    []string
	anyShape, ignoreDeliveryStatus, version       bool
	deliveryOrder                                 emulator.DeliveryOrder
	// deliveryOrderSet says --delivery-order was given, so it wins over the state file's.
	deliveryOrderSet bool
}

func parseFlags(args []string, out io.Writer) (config, error) {
	var c config
	var eventTypes string
	fs := flag.NewFlagSet("contio-emulator", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8085", "address to listen on; the control API has no authentication, so keep it on loopback")
	fs.StringVar(&c.statePath, "state", "", "start in the state this JSON file describes (see the README)")
	fs.StringVar(&c.clientID, "client-id", "", "create an app with this client id at start-up")
	fs.StringVar(&c.apiKey, "api-key", "", "the API key of the start-up app (generated when empty)")
	fs.StringVar(&c.webhookURL, "webhook-url", "", "the start-up app's webhook_url (default: the emulator's own 200 sink)")
	fs.DurationVar(&c.deliverEvery, "deliver-every", 0, "run a delivery cycle this often (0: only when POST /_emulator/v1/deliver asks)")
	fs.Uint64Var(&c.seed, "seed", 0, "seed of the draws of faults injected with a rate, and of the shuffled order; the same seed replays the same faults")
	fs.StringVar(&eventTypes, "event-types", "", "comma-separated filterable event types to add to the built-in catalog, as Contio adds new ones")
	fs.BoolVar(&c.anyShape, "any-shape", false, "learn --event-types outside the assumed event-type shape, such as meeting.transcript-ready (a test-only deviation)")
	fs.TextVar(&c.deliveryOrder, "delivery-order", emulator.OldestFirst, "the deliveries list's order: oldest_first (the contract's), newest_first or shuffled")
	fs.BoolVar(&c.ignoreDeliveryStatus, "ignore-delivery-status", false, "list every delivery whatever the status query asks, to prove a client filters by itself")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	fs.Visit(func(f *flag.Flag) { c.deliveryOrderSet = c.deliveryOrderSet || f.Name == "delivery-order" })
	for t := range strings.SplitSeq(eventTypes, ",") {
		if t = strings.TrimSpace(t); t != "" {
			c.eventTypes = append(c.eventTypes, t)
		}
	}
	return c, nil
}

// newEmulator returns the emulator the command line and the state file
// describe, before any app: a flag given wins over the file.
func newEmulator(c config, state emulator.StateFile) (*emulator.Emulator, error) {
	opts := state.Options(emulator.Options{Seed: c.seed, Version: version})
	if c.deliveryOrderSet {
		opts.DeliveryOrder = c.deliveryOrder
	}
	opts.IgnoreDeliveryStatus = opts.IgnoreDeliveryStatus || c.ignoreDeliveryStatus
	emu := emulator.New(opts)
	learn := emu.AddEventTypes
	if c.anyShape {
		learn = emu.AddEventTypesAnyShape
	}
	if err := learn(c.eventTypes...); err != nil {
		return nil, fmt.Errorf("--event-types: %w", err)
	}
	return emu, nil
}

// run serves the emulator until ctx is done.
func run(ctx context.Context, args []string, out io.Writer) error {
	cfg, err := parseFlags(args, out)
	if err != nil {
		return err
	}
	if cfg.version {
		_, err := fmt.Fprintf(out, "contio-emulator %s\n", version)
		return err
	}
	var state emulator.StateFile
	if cfg.statePath != "" {
		if state, err = emulator.ReadStateFile(cfg.statePath); err != nil {
			return err
		}
	}
	emu, err := newEmulator(cfg, state)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	base := "http://" + ln.Addr().String()
	if err := startApps(emu, cfg, state, base, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "contio-emulator listening on %s\n", base)

	if cfg.deliverEvery > 0 {
		go deliverLoop(ctx, emu, cfg.deliverEvery)
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(out, "contio-emulator stopped")
	return nil
}

// startApps creates the state file's apps and the --client-id app, and says
// how to use them.
func startApps(emu *emulator.Emulator, cfg config, state emulator.StateFile, base string, out io.Writer) error {
	loaded, err := emu.LoadState(state, base)
	if err != nil {
		return fmt.Errorf("state file %s: %w", cfg.statePath, err)
	}
	for _, c := range loaded {
		fmt.Fprintf(out, "app ready: client_id=%s (from the state file)\n", c.ClientID)
	}
	if cfg.clientID == "" && cfg.apiKey == "" {
		if len(loaded) == 0 {
			fmt.Fprintf(out, "create an app: curl -s -X POST %s%s/apps -d '{\"webhook_url\":\"%s%s\"}'\n",
				base, emulator.ControlPrefix, base, emulator.SinkOKPath)
		}
		return nil
	}
	url := cfg.webhookURL
	if url == "" {
		url = base + emulator.SinkOKPath
	}
	creds, err := emu.CreateApp(emulator.AppSpec{
		ClientID: cfg.clientID, APIKey: cfg.apiKey, WebhookURL: url,
		Name: "Emulated app", PrimaryContactEmail: "ops@example.com",
	})
	if err != nil {
		return err
	}
	key := "<the --api-key value>"
	if cfg.apiKey == "" {
		key = creds.APIKey // generated: the user has no other way to learn it
	}
	fmt.Fprintf(out, "app ready: client_id=%s\n", creds.ClientID)
	fmt.Fprintf(out, "point the provider at it:\n  export CONTIO_BASE_URL=%s CONTIO_CLIENT_ID=%s CONTIO_API_KEY=%s\n",
		base, creds.ClientID, key)
	return nil
}

func deliverLoop(ctx context.Context, emu *emulator.Emulator, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			emu.RunDeliveryCycle(ctx)
		}
	}
}
