// Command contio-emulator serves the Contio Partner Admin API emulator, so
// that people and scripts can point the Terraform provider at it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
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

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.Fatalf("contio-emulator: %v", err)
	}
}

// config is the command line, parsed.
type config struct {
	addr, clientID, apiKey, webhookURL string
	deliverEvery                       time.Duration
	seed                               uint64
	eventTypes                         []string
}

func parseFlags(args []string) (config, error) {
	var c config
	var eventTypes string
	fs := flag.NewFlagSet("contio-emulator", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8085", "address to listen on; the control API has no authentication, so keep it on loopback")
	fs.StringVar(&c.clientID, "client-id", "", "create an app with this client id at start-up")
	fs.StringVar(&c.apiKey, "api-key", "", "the API key of the start-up app (generated when empty)")
	fs.StringVar(&c.webhookURL, "webhook-url", "", "the start-up app's webhook_url (default: the emulator's own 200 sink)")
	fs.DurationVar(&c.deliverEvery, "deliver-every", 0, "run a delivery cycle this often (0: only when POST /_emulator/v1/deliver asks)")
	fs.Uint64Var(&c.seed, "seed", 0, "seed of the draws of faults injected with a rate; the same seed replays the same faults")
	fs.StringVar(&eventTypes, "event-types", "", "comma-separated filterable event types to add to the built-in catalog, as Contio adds new ones")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	for t := range strings.SplitSeq(eventTypes, ",") {
		if t = strings.TrimSpace(t); t != "" {
			c.eventTypes = append(c.eventTypes, t)
		}
	}
	return c, nil
}

// newEmulator returns the emulator the command line describes, before any app.
func newEmulator(c config) (*emulator.Emulator, error) {
	emu := emulator.New(emulator.Options{Seed: c.seed})
	if err := emu.AddEventTypes(c.eventTypes...); err != nil {
		return nil, fmt.Errorf("--event-types: %w", err)
	}
	return emu, nil
}

func run(args []string) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	emu, err := newEmulator(cfg)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()

	if cfg.clientID != "" || cfg.apiKey != "" {
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
		fmt.Printf("app ready: client_id=%s\n", creds.ClientID)
		fmt.Printf("point the provider at it:\n  export CONTIO_BASE_URL=%s CONTIO_CLIENT_ID=%s CONTIO_API_KEY=%s\n",
			base, creds.ClientID, key)
	} else {
		fmt.Printf("create an app: curl -s -X POST %s%s/apps -d '{\"webhook_url\":\"%s%s\"}'\n",
			base, emulator.ControlPrefix, base, emulator.SinkOKPath)
	}
	fmt.Printf("contio-emulator listening on %s\n", base)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
	fmt.Println("contio-emulator stopped")
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
