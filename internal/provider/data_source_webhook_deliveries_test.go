package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestDeliveryFrom(t *testing.T) {
	created := time.Date(2026, 11, 26, 9, 58, 0, 0, time.UTC)
	attempted := time.Date(2026, 11, 26, 10, 0, 0, 250_000_000, time.FixedZone("CET", 3600))
	base := contio.Delivery{ID: "whd_01", EventID: "evt_01", EventType: "meeting.created", CreatedAt: created}
	str := types.StringValue

	tests := []struct {
		name string
		in   func(d *contio.Delivery)
		want deliveryModel
	}{
		{
			name: "never attempted: last_attempt_at and last_error are null",
			in:   func(d *contio.Delivery) { d.Status = contio.DeliveryPending },
			want: deliveryModel{
				Status: str("pending"), Attempts: types.Int64Value(0),
				LastAttemptAt: types.StringNull(), LastError: types.StringNull(),
			},
		},
		{
			name: "failed: the attempt's time, offset and fraction kept, and its error",
			in: func(d *contio.Delivery) {
				d.Status, d.Attempts, d.LastAttemptAt, d.LastError = contio.DeliveryFailed, 3, &attempted, "HTTP 503"
			},
			want: deliveryModel{
				Status: str("failed"), Attempts: types.Int64Value(3),
				LastAttemptAt: str("2026-11-26T10:00:00.25+01:00"), LastError: str("HTTP 503"),
			},
		},
		{
			name: "delivered: an empty last_error is null",
			in: func(d *contio.Delivery) {
				d.Status, d.Attempts, d.LastAttemptAt = contio.DeliveryDelivered, 1, &created
			},
			want: deliveryModel{
				Status: str("delivered"), Attempts: types.Int64Value(1),
				LastAttemptAt: str("2026-11-26T09:58:00Z"), LastError: types.StringNull(),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base
			tt.in(&d)
			want := tt.want
			want.ID, want.EventID, want.EventType, want.CreatedAt = str("whd_01"), str("evt_01"), str("meeting.created"), str("2026-11-26T09:58:00Z")
			if got := deliveryFrom(d); got != want {
				t.Errorf("deliveryFrom() =\n  %+v\nwant\n  %+v", got, want)
			}
		})
	}
}

func TestWebhookDeliveriesModelFromDeliveries(t *testing.T) {
	var m webhookDeliveriesModel
	m.fromDeliveries("app_1", nil)
	if m.Deliveries == nil || len(m.Deliveries) != 0 {
		t.Errorf("no deliveries mapped to %#v, want an empty, non-nil list (null would break length() and for expressions)", m.Deliveries)
	}
	if m.Count != types.Int64Value(0) || m.ID != types.StringValue("app_1") {
		t.Errorf("count %v, id %v; want 0 and app_1", m.Count, m.ID)
	}

	m.fromDeliveries("app_1", []contio.Delivery{{ID: "whd_1"}, {ID: "whd_2"}})
	if m.Count != types.Int64Value(2) || len(m.Deliveries) != 2 || m.Deliveries[1].ID != types.StringValue("whd_2") {
		t.Errorf("two deliveries mapped to count %v and %+v", m.Count, m.Deliveries)
	}
}

// deliveryIs is one element of deliveries: d as the emulator recorded it, with
// the status, attempts and last attempt it has when the check runs.
func deliveryIs(d contio.Delivery, status contio.DeliveryStatus, attempts int64, lastAttemptAt, lastError knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":              knownvalue.StringExact(d.ID),
		"event_id":        knownvalue.StringExact(d.EventID),
		"event_type":      knownvalue.StringExact(d.EventType),
		"status":          knownvalue.StringExact(string(status)),
		"attempts":        knownvalue.Int64Exact(attempts),
		"last_attempt_at": lastAttemptAt,
		"last_error":      lastError,
		"created_at":      knownvalue.StringExact(d.CreatedAt.Format(time.RFC3339)),
	})
}

// clockNow checks an RFC 3339 timestamp against the emulator's clock when the
// check runs. The clock stands still unless a test advances it, so this is the
// time of the emulator's last delivery cycle (or emission).
type clockNow struct{ clock *emulator.Clock }

func (c clockNow) CheckValue(v any) error {
	got, ok := v.(string)
	if want := c.String(); !ok || got != want {
		return fmt.Errorf("expected %s (the emulator's clock), got %v", want, v)
	}
	return nil
}

func (c clockNow) String() string { return c.clock.Now().Format(time.RFC3339) }

var emptyList = knownvalue.ListExact([]knownvalue.Check{})

// Deliveries to a failing endpoint are listed as failed, then as abandoned
// once their retries run out; the other status is an empty list, not null.
func TestAccWebhookDeliveriesDataSource_failingEndpoint(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	if err := env.PatchApp(env.creds.ClientID, emulator.AppPatch{WebhookURL: ptr(env.SinkFail())}); err != nil {
		t.Fatal(err)
	}
	env.Emit(t, env.creds.ClientID, 1, "meeting.created", "participant.added")
	recorded := env.state(t).Deliveries
	if len(recorded) != 2 {
		t.Fatalf("emulator recorded %d deliveries, want 2", len(recorded))
	}
	const failed, abandoned = "data.contio_webhook_deliveries.failed", "data.contio_webhook_deliveries.abandoned"
	cfg := env.config(`
data "contio_webhook_deliveries" "failed" {
  status = "failed"
}

data "contio_webhook_deliveries" "abandoned" {
  status = "abandoned"
}
`)
	now, http503 := clockNow{env.Clock()}, knownvalue.StringExact("HTTP 503")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("id"), knownvalue.StringExact(env.creds.ClientID)),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("limit"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("deliveries"), knownvalue.ListExact([]knownvalue.Check{
						deliveryIs(recorded[0], contio.DeliveryFailed, 1, now, http503),
						deliveryIs(recorded[1], contio.DeliveryFailed, 1, now, http503),
					})),
					statecheck.ExpectKnownValue(abandoned, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(abandoned, tfjsonpath.New("deliveries"), emptyList),
				},
			},
			{
				PreConfig: func() { env.ExhaustRetries(t) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("deliveries"), emptyList),
					statecheck.ExpectKnownValue(abandoned, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(abandoned, tfjsonpath.New("deliveries"), knownvalue.ListExact([]knownvalue.Check{
						deliveryIs(recorded[0], contio.DeliveryAbandoned, 5, now, http503),
						deliveryIs(recorded[1], contio.DeliveryAbandoned, 5, now, http503),
					})),
				},
			},
		},
	})
}

// An app without deliveries reads as an empty list and a count of 0.
func TestAccWebhookDeliveriesDataSource_empty(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	const addr = "data.contio_webhook_deliveries.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: env.config(`data "contio_webhook_deliveries" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), emptyList),
			},
		}},
	})
}

// The provider follows pages up to limit, oldest first, and reads no page it
// does not need. Terraform reads the data source the same number of times in
// each step, so the requests per read show as a ratio to the first step's
// (one page of 100).
func TestAccWebhookDeliveriesDataSource_paging(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
	ids := env.Emit(t, env.creds.ClientID, 250, "meeting.created").Recorded
	const addr = "data.contio_webhook_deliveries.all"
	cfg := func(limit string) string {
		return env.config(fmt.Sprintf("data \"contio_webhook_deliveries\" \"all\" {\n%s\n}\n", limit))
	}
	idAt := func(i int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries").AtSliceIndex(i).AtMapKey("id"), knownvalue.StringExact(ids[i]))
	}
	reset := func() { env.ResetRequestCounts() }
	listCalls := func() int { return env.RequestCounts()["GET "+emulator.PathDeliveries] }
	var reads int // the first step's list requests: one page per read
	countReads := func(*terraform.State) error {
		if reads = listCalls(); reads == 0 {
			return fmt.Errorf("no request listed the deliveries")
		}
		return nil
	}
	wantPages := func(pages int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := listCalls(); got != pages*reads {
				return fmt.Errorf("%d list requests, want %d: %d per read, and the first step (one per read) made %d", got, pages*reads, pages, reads)
			}
			return nil
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				PreConfig: reset,
				Config:    cfg(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("limit"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), knownvalue.ListSizeExact(100)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":              knownvalue.StringExact(ids[0]),
						"event_id":        knownvalue.StringRegexp(regexp.MustCompile(`^evt_`)),
						"event_type":      knownvalue.StringExact("meeting.created"),
						"status":          knownvalue.StringExact("pending"),
						"attempts":        knownvalue.Int64Exact(0),
						"last_attempt_at": knownvalue.Null(),
						"last_error":      knownvalue.Null(),
						"created_at":      clockNow{env.Clock()},
					})),
					idAt(99),
				},
				Check: countReads,
			},
			{
				PreConfig: reset,
				Config:    cfg("  limit = 120"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(120)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), knownvalue.ListSizeExact(120)),
					idAt(0), idAt(100), idAt(119),
				},
				// 100 + 20, not the third page of the 250.
				Check: wantPages(2),
			},
			{
				PreConfig: reset,
				Config:    cfg("  limit  = 1000\n  status = \"pending\""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(250)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), knownvalue.ListSizeExact(250)),
					idAt(0), idAt(249),
				},
				Check: wantPages(3),
			},
		},
	})
}

func TestAccWebhookDeliveriesDataSource_invalidArguments(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := func(args string) string {
		return env.config(fmt.Sprintf("data \"contio_webhook_deliveries\" \"this\" {\n  %s\n}\n", args))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:      cfg(`status = "lost"`),
				ExpectError: regexp.MustCompile(`(?s)status value must be one of:.*"pending".*"delivered".*"failed".*"abandoned".*got:\s+"lost"`),
			},
			{Config: cfg(`limit = 0`), ExpectError: regexp.MustCompile(`(?s)limit value must be between 1 and 1000, got: 0`)},
			{Config: cfg(`limit = 1001`), ExpectError: regexp.MustCompile(`(?s)limit value must be between 1 and 1000, got: 1001`)},
		},
	})
	// Refused before any read: Contio was never asked.
	if n := env.RequestCounts()["GET "+emulator.PathDeliveries]; n != 0 {
		t.Errorf("invalid arguments made %d list requests, want 0", n)
	}
}

// A data source is read at plan time; with credentials only known at apply,
// it fails with what to do instead of calling Contio without them.
func TestAccWebhookDeliveriesDataSource_unknownProviderConfig(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: env.unknownCredentialsConfig(`
data "contio_webhook_deliveries" "this" {}
`),
			ExpectError: regexp.MustCompile(`Contio provider not configured`),
		}},
	})
}

const healthScenario = "../../examples/scenarios/delivery-health/main.tf"

// healthCheckConfig is the delivery-health scenario as the test runs it: the
// provider block for the emulator instead of the scenario's terraform and
// provider blocks, and outputs that evaluate the check's conditions. A
// check's scoped data source cannot be referenced outside the check, so the
// outputs read a copy of it under another name.
func healthCheckConfig(t *testing.T, env *accEnv) string {
	t.Helper()
	b, err := os.ReadFile(healthScenario)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	// terraform fmt puts top-level blocks' closing braces in column 0.
	src = regexp.MustCompile(`(?ms)^terraform \{\n.*?^\}\n`).ReplaceAllString(src, "")
	src = strings.Replace(src, "provider \"contio\" {}\n", "", 1)

	scoped := regexp.MustCompile(`(?ms)^  data "([a-z_]+)" "([a-z_]+)" \{\n(.*?)^  \}\n`).FindStringSubmatch(src)
	conditions := regexp.MustCompile(`(?m)^    condition\s*=\s*(.+)$`).FindAllStringSubmatch(src, -1)
	if scoped == nil || len(conditions) != 2 {
		t.Fatalf("%s: want a check block with a scoped data source and 2 assertions (webhooks enabled, none abandoned); found data %q and %d conditions",
			healthScenario, scoped, len(conditions))
	}
	typ, name, body := scoped[1], scoped[2], scoped[3]
	copyName := name + "_outside_check"
	ref := strings.NewReplacer(fmt.Sprintf("data.%s.%s.", typ, name), fmt.Sprintf("data.%s.%s.", typ, copyName))

	var hcl strings.Builder
	hcl.WriteString(src)
	fmt.Fprintf(&hcl, "\ndata %q %q {\n%s}\n", typ, copyName, body)
	for i, c := range conditions {
		fmt.Fprintf(&hcl, "\noutput \"condition_%d\" {\n  value = %s\n}\n", i, ref.Replace(c[1]))
	}
	fmt.Fprintf(&hcl, "\noutput \"abandoned_count\" {\n  value = data.%s.%s.delivery_count\n}\n", typ, copyName)
	return env.config(hcl.String())
}

// The delivery-health scenario's check passes for a healthy app and fails
// both assertions once Contio auto-disables the app after 50 abandoned
// deliveries. A failed assertion is only a warning, so the outputs show what
// the conditions evaluate to.
func TestAccWebhookDeliveriesDataSource_healthCheckScenario(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := healthCheckConfig(t, env)
	outputs := func(webhooksEnabled, noneAbandoned bool, abandoned int64) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("condition_0", knownvalue.Bool(webhooksEnabled)),
			statecheck.ExpectKnownOutputValue("condition_1", knownvalue.Bool(noneAbandoned)),
			statecheck.ExpectKnownOutputValue("abandoned_count", knownvalue.Int64Exact(abandoned)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				PreConfig:         func() { env.Emit(t, env.creds.ClientID, 3, "meeting.created") },
				Config:            cfg,
				ConfigStateChecks: outputs(true, true, 0),
				// Terraform plans a check's scoped data source to be read
				// during every apply, so the plan after apply is never empty.
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					if err := env.PatchApp(env.creds.ClientID, emulator.AppPatch{WebhookURL: ptr(env.SinkFail())}); err != nil {
						t.Fatal(err)
					}
					env.Emit(t, env.creds.ClientID, emulator.AutoDisableAbandonedThreshold, "meeting.created")
					env.ExhaustRetries(t)
				},
				Config:             cfg,
				ConfigStateChecks:  outputs(false, false, emulator.AutoDisableAbandonedThreshold),
				Check:              env.checkEmulator(t, wantEnabled(false)),
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
