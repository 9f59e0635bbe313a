package contio_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

func TestClientCalls(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name  string
		setup emulator.AppSpec
		call  func(c *contio.Client) (*contio.App, error)
		check func(t *testing.T, app *contio.App)
	}{
		{
			name: "GetApp",
			setup: emulator.AppSpec{Name: "Acme Notes Sync", WebhookFilter: &contio.WebhookFilter{
				Type: contio.FilterInclude, Events: []string{"meeting.created"},
			}},
			call: func(c *contio.Client) (*contio.App, error) { return c.GetApp(ctx) },
			check: func(t *testing.T, app *contio.App) {
				if app.Name != "Acme Notes Sync" || !app.WebhookEnabled || app.PrimaryContactEmail != "ops@example.com" {
					t.Errorf("unexpected app %+v", app)
				}
				if app.WebhookFilter == nil || app.WebhookFilter.Type != contio.FilterInclude {
					t.Errorf("filter = %+v, want include", app.WebhookFilter)
				}
			},
		},
		{
			name: "UpdateWebhookStatus disables",
			call: func(c *contio.Client) (*contio.App, error) { return c.UpdateWebhookStatus(ctx, false, "") },
			check: func(t *testing.T, app *contio.App) {
				if app.WebhookEnabled {
					t.Error("webhook_enabled = true after disabling")
				}
			},
		},
		{
			name:  "UpdateWebhookStatus re-enables with a disposition",
			setup: emulator.AppSpec{WebhookEnabled: ptr(false)},
			call: func(c *contio.Client) (*contio.App, error) {
				return c.UpdateWebhookStatus(ctx, true, contio.DispositionDeliver)
			},
			check: func(t *testing.T, app *contio.App) {
				if !app.WebhookEnabled {
					t.Error("webhook_enabled = false after re-enabling")
				}
			},
		},
		{
			name: "SetWebhookFilter",
			call: func(c *contio.Client) (*contio.App, error) {
				return c.SetWebhookFilter(ctx, contio.FilterExclude, []string{"calendar_event.created", "calendar_event.deleted"})
			},
			check: func(t *testing.T, app *contio.App) {
				want := &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"calendar_event.created", "calendar_event.deleted"}}
				if app.WebhookFilter == nil || app.WebhookFilter.Type != want.Type || !slices.Equal(app.WebhookFilter.Events, want.Events) {
					t.Errorf("filter = %+v, want %+v", app.WebhookFilter, want)
				}
			},
		},
		{
			name: "RemoveWebhookFilter",
			setup: emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{
				Type: contio.FilterInclude, Events: []string{"meeting.created"},
			}},
			call: func(c *contio.Client) (*contio.App, error) { return c.RemoveWebhookFilter(ctx) },
			check: func(t *testing.T, app *contio.App) {
				if app.WebhookFilter != nil {
					t.Errorf("filter = %+v after removal, want nil", app.WebhookFilter)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, tt.setup)
			app, err := tt.call(srv.Client(t, creds))
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if app.ID != creds.ClientID {
				t.Errorf("app id = %q, want %q", app.ID, creds.ClientID)
			}
			tt.check(t, app)
		})
	}
}

func TestClientErrorClasses(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name   string
		fault  *emulator.Fault
		badKey bool
		call   func(c *contio.Client) error
		status int
		code   string
		check  func(t *testing.T, e *contio.APIError)
	}{
		{
			name: "unauthorized", badKey: true,
			call:   func(c *contio.Client) error { _, err := c.GetApp(ctx); return err },
			status: 401, code: contio.CodeUnauthorized,
		},
		{
			name:   "not found",
			fault:  &emulator.Fault{Path: emulator.PathApp, Status: 404},
			call:   func(c *contio.Client) error { _, err := c.GetApp(ctx); return err },
			status: 404,
		},
		{
			name:   "forbidden",
			fault:  &emulator.Fault{Path: emulator.PathApp, Status: 403},
			call:   func(c *contio.Client) error { _, err := c.GetApp(ctx); return err },
			status: 403,
		},
		{
			name: "invalid event types carry the valid list",
			call: func(c *contio.Client) error {
				_, err := c.SetWebhookFilter(ctx, contio.FilterInclude, []string{"meeting.created", "meeting.exploded"})
				return err
			},
			status: 400, code: contio.CodeInvalidEventTypes,
			check: func(t *testing.T, e *contio.APIError) {
				if !slices.Equal(e.ValidEventTypes, contio.FilterableEventTypes()) {
					t.Errorf("valid_event_types = %v, want the catalog", e.ValidEventTypes)
				}
				if !slices.Equal(e.InvalidEventTypes, []string{"meeting.exploded"}) {
					t.Errorf("invalid_event_types = %v", e.InvalidEventTypes)
				}
				if !strings.Contains(e.Error(), "meeting.exploded") {
					t.Errorf("error text %q does not name the invalid type", e.Error())
				}
			},
		},
		{
			name: "re-enable without a disposition",
			call: func(c *contio.Client) error {
				if _, err := c.UpdateWebhookStatus(ctx, false, ""); err != nil {
					return err
				}
				_, err := c.UpdateWebhookStatus(ctx, true, "")
				return err
			},
			status: 400, code: contio.CodePendingDispositionRequired,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			if tt.badKey {
				creds.APIKey = "ck_wrong_but_secret_value"
			}
			if tt.fault != nil {
				srv.AddFault(t, *tt.fault)
			}
			err := tt.call(srv.Client(t, creds))
			apiErr, ok := contio.AsAPIError(err)
			if !ok {
				t.Fatalf("error = %v, want an *APIError", err)
			}
			if apiErr.StatusCode != tt.status || (tt.code != "" && apiErr.Code != tt.code) {
				t.Errorf("got HTTP %d %q, want HTTP %d %q", apiErr.StatusCode, apiErr.Code, tt.status, tt.code)
			}
			if apiErr, ok := contio.AsAPIError(err); tt.code != "" && (!ok || apiErr.Code != tt.code) {
				t.Errorf("error code is not %q: %v", tt.code, err)
			}
			if apiErr.RequestID == "" {
				t.Error("request id not captured")
			}
			if strings.Contains(err.Error(), creds.APIKey) {
				t.Errorf("error text leaks the API key: %q", err.Error())
			}
			if tt.check != nil {
				tt.check(t, apiErr)
			}
		})
	}
}

type retryCase struct {
	name      string
	faults    []emulator.Fault
	call      func(ctx context.Context, c *contio.Client) error
	path      string
	wantCalls int
	wantErr   int // HTTP status of the final error; 0 for success
	minWait   time.Duration
}

func TestClientRetries(t *testing.T) {
	tests := []retryCase{
		{
			name:   "429 honours Retry-After",
			faults: []emulator.Fault{{Path: emulator.PathApp, Status: 429, RetryAfter: 1}},
			call:   func(ctx context.Context, c *contio.Client) error { _, err := c.GetApp(ctx); return err },
			path:   "GET " + emulator.PathApp, wantCalls: 2, minWait: time.Second,
		},
		{
			name:   "503 is retried until it clears",
			faults: []emulator.Fault{{Path: emulator.PathWebhookStatus, Status: 503, Times: 2}},
			call: func(ctx context.Context, c *contio.Client) error {
				_, err := c.UpdateWebhookStatus(ctx, false, "")
				return err
			},
			path: "PUT " + emulator.PathWebhookStatus, wantCalls: 3,
		},
		{
			name:   "retries run out with the last answer as the error",
			faults: []emulator.Fault{{Path: emulator.PathWebhookFilter, Status: 502, Times: 10}},
			call:   func(ctx context.Context, c *contio.Client) error { _, err := c.RemoveWebhookFilter(ctx); return err },
			path:   "DELETE " + emulator.PathWebhookFilter, wantCalls: 3, wantErr: 502,
		},
		{
			name: "a real 400 from the API is never retried",
			call: func(ctx context.Context, c *contio.Client) error {
				_, err := c.SetWebhookFilter(ctx, contio.FilterInclude, []string{"nope"})
				return err
			},
			path: "PUT " + emulator.PathWebhookFilter, wantCalls: 1, wantErr: 400,
		},
	}
	// Client errors, and 501, would fail the same way again: one attempt only.
	for _, status := range []int{400, 401, 403, 404, 409, 422, 501} {
		tests = append(tests, retryCase{
			name:   fmt.Sprintf("%d is never retried", status),
			faults: []emulator.Fault{{Path: emulator.PathApp, Status: status, Times: 5}},
			call:   func(ctx context.Context, c *contio.Client) error { _, err := c.GetApp(ctx); return err },
			path:   "GET " + emulator.PathApp, wantCalls: 1, wantErr: status,
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, emulator.Options{})
			creds := srv.NewApp(t, emulator.AppSpec{})
			for _, f := range tt.faults {
				srv.AddFault(t, f)
			}
			c := srv.Client(t, creds, contio.WithMaxRetries(2))
			start := time.Now()
			err := tt.call(t.Context(), c)
			elapsed := time.Since(start)
			if tt.wantErr == 0 && err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if tt.wantErr != 0 {
				apiErr, ok := contio.AsAPIError(err)
				if !ok || apiErr.StatusCode != tt.wantErr {
					t.Fatalf("error = %v, want HTTP %d", err, tt.wantErr)
				}
			}
			if got := srv.RequestCounts()[tt.path]; got != tt.wantCalls {
				t.Errorf("%s called %d times, want %d", tt.path, got, tt.wantCalls)
			}
			if elapsed < tt.minWait {
				t.Errorf("returned after %s, want at least %s (Retry-After)", elapsed, tt.minWait)
			}
		})
	}
}

func TestClientContextBoundsRetries(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, emulator.Fault{Path: emulator.PathApp, Status: 429, RetryAfter: 30, Times: 10})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := srv.Client(t, creds).GetApp(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the context deadline", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %s: the deadline did not cut the Retry-After wait short", elapsed)
	}
}

func TestClientConnectionErrorsAreRetried(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	// A port nothing listens on: every attempt is refused.
	c, err := contio.New("http://127.0.0.1:1", creds.ClientID, creds.APIKey,
		contio.WithMaxRetries(2), contio.WithRetryWait(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	logs := &recordingLogger{}
	contio.WithLogger(logs)(c)
	_, err = c.GetApp(t.Context())
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("error = %v, want connection refused", err)
	}
	if n := logs.count("Contio API request"); n != 3 {
		t.Errorf("%d attempts logged, want 3 (1 + 2 retries)", n)
	}
}

func TestClientHeadersAndLogs(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	creds, err := emu.CreateApp(emulator.AppSpec{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen http.Header
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = r.Header.Clone()
		mu.Unlock()
		emu.ServeHTTP(w, r)
	})
	ts := newServer(t, handler)
	logs := &recordingLogger{}
	c, err := contio.New(ts, creds.ClientID, creds.APIKey,
		contio.WithUserAgent("terraform-provider-contio/1.2.3 terraform/1.5.7"), contio.WithLogger(logs))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.created"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for h, want := range map[string]string{
		"X-Api-Key":    creds.APIKey,
		"X-Client-Id":  creds.ClientID,
		"User-Agent":   "terraform-provider-contio/1.2.3 terraform/1.5.7",
		"Content-Type": "application/json",
		"Accept":       "application/json",
	} {
		if got := seen.Get(h); got != want {
			t.Errorf("header %s = %q, want %q", h, got, want)
		}
	}
	if logs.count("Contio API request") != 1 || logs.count("Contio API response") != 1 {
		t.Errorf("logs = %v, want one request and one response entry", logs.msgs())
	}
	if logs.contains(creds.APIKey) {
		t.Error("a log entry carries the API key")
	}
}

func TestWebhookDeliveriesWalkEveryPage(t *testing.T) {
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
	srv.Emit(t, creds.ClientID, 130, "meeting.created")
	srv.Emit(t, creds.ClientID, 1, "participant.added")
	c := srv.Client(t, creds)

	page, err := c.ListWebhookDeliveries(t.Context(), contio.ListDeliveriesParams{Status: contio.DeliveryPending, Limit: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 7 || page.NextCursor == nil {
		t.Fatalf("first page: %d deliveries, cursor %v; want 7 and a cursor", len(page.Data), page.NextCursor)
	}

	recent, err := c.RecentWebhookDeliveries(t.Context(), contio.RecentQuery{Status: contio.DeliveryPending, Limit: 1000, MaxPages: 10})
	if err != nil || !recent.Complete {
		t.Fatalf("%+v, %v; want a complete walk", recent, err)
	}
	seen := map[string]bool{}
	for _, d := range recent.Deliveries {
		if seen[d.ID] {
			t.Fatalf("delivery %s seen twice", d.ID)
		}
		seen[d.ID] = true
	}
	if len(seen) != 131 {
		t.Errorf("walked %d deliveries, want 131", len(seen))
	}
	n, err := c.CountWebhookDeliveries(t.Context(), contio.CountQuery{Status: contio.DeliveryDelivered, MaxPages: contio.BacklogCountPages})
	if err != nil || n != (contio.DeliveryCount{N: 0, Exact: true}) {
		t.Errorf("delivered count = %+v, %v; want exactly 0", n, err)
	}
	if calls := srv.RequestCounts()["GET "+emulator.PathDeliveries]; calls != 1+2+1 {
		t.Errorf("deliveries endpoint called %d times, want 4 (1 page of 7, 2 pages of 100, 1 count)", calls)
	}
}

func TestAppDecodingTolerance(t *testing.T) {
	var app contio.App
	body := `{"id":"app_1","webhook_enabled":false,"brand_new_field":{"x":1},"webhook_filter":null}`
	if err := json.Unmarshal([]byte(body), &app); err != nil {
		t.Fatalf("unknown or missing fields broke decoding: %v", err)
	}
	if app.ID != "app_1" || app.WebhookEnabled || app.WebhookFilter != nil || app.Name != "" {
		t.Errorf("decoded %+v", app)
	}
}

func TestNewRejectsRelativeBaseURL(t *testing.T) {
	for _, u := range []string{"", "api.contio.ai", "/v1", "://x"} {
		if _, err := contio.New(u, "app", "key"); err == nil {
			t.Errorf("New(%q) accepted a base URL that is not absolute", u)
		}
	}
}
