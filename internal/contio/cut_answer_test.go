package contio_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

const (
	fullApp  = `{"id":"app_test","name":"Acme","webhook_enabled":true,"webhook_filter":{"type":"include","events":["meeting.created"]}}`
	fullPage = `{"data":[],"next_cursor":null}`
)

// A 2xx answer whose JSON was cut short (a proxy or the network lost its end,
// although the call was handled) is retried like a 5xx: every call the client
// makes is idempotent, so sending it again is safe, and the retry's answer
// is whole. Retries stay bounded by max retries, after which the cut answer
// is the caller's *UnexpectedResponseError as before.
func TestCutJSONAnswersAreRetried(t *testing.T) {
	calls := []struct {
		name, method, body string
		call               func(context.Context, *contio.Client) error
	}{
		{"GET app", http.MethodGet, fullApp, getApp},
		{"PUT webhook-status", http.MethodPut, fullApp, func(ctx context.Context, c *contio.Client) error {
			_, err := c.UpdateWebhookStatus(ctx, true, contio.DispositionDeliver)
			return err
		}},
		{"PUT webhook-filter", http.MethodPut, fullApp, func(ctx context.Context, c *contio.Client) error {
			_, err := c.SetWebhookFilter(ctx, contio.FilterInclude, []string{"meeting.created"})
			return err
		}},
		{"DELETE webhook-filter", http.MethodDelete, fullApp, func(ctx context.Context, c *contio.Client) error {
			_, err := c.RemoveWebhookFilter(ctx)
			return err
		}},
		{"GET webhook-deliveries", http.MethodGet, fullPage, listDeliveries},
	}
	for _, call := range calls {
		t.Run(call.name, func(t *testing.T) {
			t.Run("recovers", func(t *testing.T) {
				var n atomic.Int64
				url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method != call.method {
						t.Errorf("%s, want %s", r.Method, call.method)
					}
					body := call.body
					if n.Add(1) <= 2 {
						body = body[:len(body)/2]
					}
					answer{status: 200, contentType: "application/json", body: body}.serve(w)
				}))
				if err := call.call(t.Context(), newTestClient(t, url, contio.WithMaxRetries(2))); err != nil {
					t.Fatalf("call failed: %v", err)
				}
				if n.Load() != 3 {
					t.Errorf("%d requests, want 3 (two cut answers, then a whole one)", n.Load())
				}
			})
			t.Run("bounded by max retries", func(t *testing.T) {
				var n atomic.Int64
				cut := call.body[:len(call.body)/2]
				url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					n.Add(1)
					answer{status: 200, contentType: "application/json", body: cut}.serve(w)
				}))
				err := call.call(t.Context(), newTestClient(t, url, contio.WithMaxRetries(2)))
				var unexpected *contio.UnexpectedResponseError
				if !errors.As(err, &unexpected) || unexpected.StatusCode != 200 || unexpected.Excerpt != cut {
					t.Fatalf("error = %v (%T), want the cut answer as an *UnexpectedResponseError", err, err)
				}
				if n.Load() != 3 {
					t.Errorf("%d requests, want 3 (max retries 2)", n.Load())
				}
			})
		})
	}
}

// Answers that are whole but not the API's JSON fail at once, as before: an
// HTML page (a captive portal, a login wall), an empty body, JSON of another
// shape. Sending the call again would get the same page.
func TestWholeNonJSONAnswersAreNotRetried(t *testing.T) {
	for _, a := range []answer{
		{status: 200, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Sign in</title>"},
		{status: 200, contentType: "text/html", body: "<html><body><p>unclosed"},
		{status: 200, contentType: "application/json"},
		{status: 200, contentType: "application/json", body: `{"status":"ok"}`},
		{status: 200, contentType: "application/json", body: `null`},
		{status: 200, contentType: "application/json", body: `{"id":"app_test"} trailing`},
		{status: 200, contentType: "application/json", body: `{"id":"app_test",}`},
	} {
		t.Run(a.contentType+" "+strconv.Quote(a.body), func(t *testing.T) {
			var n atomic.Int64
			url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				a.serve(w)
			}))
			err := getApp(t.Context(), newTestClient(t, url, contio.WithMaxRetries(3)))
			var unexpected *contio.UnexpectedResponseError
			if !errors.As(err, &unexpected) {
				t.Fatalf("error = %v (%T), want an *UnexpectedResponseError", err, err)
			}
			if n.Load() != 1 {
				t.Errorf("%d requests, want 1: a whole answer is not retried", n.Load())
			}
		})
	}
}

// A 2xx whose body the connection cuts before its announced length is the
// same lost end, seen by the transport: retried too.
func TestAnswersCutInTransitAreRetried(t *testing.T) {
	var n atomic.Int64
	url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(fullApp)))
			w.WriteHeader(200)
			_, _ = w.Write([]byte(fullApp[:10]))
			http.NewResponseController(w).Flush() // the client has the headers and the start of the body
			panic(http.ErrAbortHandler)           // the connection closes mid-body
		}
		answer{status: 200, contentType: "application/json", body: fullApp}.serve(w)
	}))
	if err := getApp(t.Context(), newTestClient(t, url, contio.WithMaxRetries(1))); err != nil {
		t.Fatalf("call failed: %v", err)
	}
	if n.Load() != 2 {
		t.Errorf("%d requests, want 2", n.Load())
	}
}

// Through the emulator: a write applied whose answer comes back cut is sent
// again and answered whole, with Contio's state as the write left it.
func TestEmulatorTruncatedWriteIsRetried(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, emulator.Fault{Method: http.MethodPut, Path: emulator.PathWebhookFilter, Kind: emulator.FaultTruncated})
	app, err := srv.Client(t, creds).SetWebhookFilter(t.Context(), contio.FilterExclude, []string{"meeting.updated"})
	if err != nil {
		t.Fatalf("SetWebhookFilter: %v", err)
	}
	if app.WebhookFilter == nil || app.WebhookFilter.Type != contio.FilterExclude {
		t.Errorf("answer's filter %+v, want exclude", app.WebhookFilter)
	}
	if n := srv.RequestCounts()["PUT "+emulator.PathWebhookFilter]; n != 2 {
		t.Errorf("%d PUTs, want 2 (the cut answer's, then the retry)", n)
	}
}

// A call marked WithoutRetries makes one request whatever the answer, a cut
// one included: a plan-time warning read must not become max_retries + 1
// requests because a proxy cut its answer.
func TestWithoutRetriesSendsOnceWhenTheAnswerIsCut(t *testing.T) {
	for _, cut := range []struct {
		name  string
		serve func(w http.ResponseWriter)
	}{
		{"cut JSON", func(w http.ResponseWriter) {
			answer{status: 200, contentType: "application/json", body: fullApp[:len(fullApp)/2]}.serve(w)
		}},
		{"cut in transit", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(fullApp)))
			w.WriteHeader(200)
			_, _ = w.Write([]byte(fullApp[:10]))
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}},
	} {
		t.Run(cut.name, func(t *testing.T) {
			var n atomic.Int64
			url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				cut.serve(w)
			}))
			err := getApp(contio.WithoutRetries(t.Context()), newTestClient(t, url, contio.WithMaxRetries(3)))
			if err == nil {
				t.Fatal("a cut answer succeeded")
			}
			if n.Load() != 1 {
				t.Errorf("%d requests, want 1: WithoutRetries means one attempt, whatever the answer", n.Load())
			}
		})
	}
}
