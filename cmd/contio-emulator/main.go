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
	"syscall"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.Fatalf("contio-emulator: %v", err)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("contio-emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8085", "address to listen on; the control API has no authentication, so keep it on loopback")
	clientID := fs.String("client-id", "", "create an app with this client id at start-up")
	apiKey := fs.String("api-key", "", "the API key of the start-up app (generated when empty)")
	webhookURL := fs.String("webhook-url", "", "the start-up app's webhook_url (default: the emulator's own 200 sink)")
	deliverEvery := fs.Duration("deliver-every", 0, "run a delivery cycle this often (0: only when POST /_emulator/v1/deliver asks)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	emu := emulator.New(emulator.Options{})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()

	if *clientID != "" || *apiKey != "" {
		url := *webhookURL
		if url == "" {
			url = base + emulator.SinkOKPath
		}
		creds, err := emu.CreateApp(emulator.AppSpec{
			ClientID: *clientID, APIKey: *apiKey, WebhookURL: url,
			Name: "Emulated app", PrimaryContactEmail: "ops@example.com",
		})
		if err != nil {
			return err
		}
		key := "<the --api-key value>"
		if *apiKey == "" {
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
	if *deliverEvery > 0 {
		go deliverLoop(ctx, emu, *deliverEvery)
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
