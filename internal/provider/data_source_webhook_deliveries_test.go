package provider

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
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
			name: "unreadable times (the client's zero time) are null",
			in: func(d *contio.Delivery) {
				d.Status, d.Attempts, d.LastAttemptAt, d.CreatedAt = contio.DeliveryFailed, 1, &time.Time{}, time.Time{}
			},
			want: deliveryModel{
				Status: str("failed"), Attempts: types.Int64Value(1),
				LastAttemptAt: types.StringNull(), LastError: types.StringNull(), CreatedAt: types.StringNull(),
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
			want.ID, want.EventID, want.EventType = str("whd_01"), str("evt_01"), str("meeting.created")
			if !d.CreatedAt.IsZero() { // the base's created_at, unless the case made it unreadable
				want.CreatedAt = str("2026-11-26T09:58:00Z")
			}
			if got := deliveryFrom(d); got != want {
				t.Errorf("deliveryFrom() =\n  %+v\nwant\n  %+v", got, want)
			}
		})
	}
}

func TestWebhookDeliveriesModelFromRecent(t *testing.T) {
	var m webhookDeliveriesModel
	m.fromRecent("app_1", contio.RecentDeliveries{Complete: true, Pages: 1})
	if m.Deliveries == nil || len(m.Deliveries) != 0 {
		t.Errorf("no deliveries mapped to %#v, want an empty, non-nil list (null would break length() and for expressions)", m.Deliveries)
	}
	if m.Count != types.Int64Value(0) || m.ID != types.StringValue("app_1") || m.Complete != types.BoolValue(true) {
		t.Errorf("count %v, id %v, complete %v; want 0, app_1 and true", m.Count, m.ID, m.Complete)
	}

	m.fromRecent("app_1", contio.RecentDeliveries{
		Deliveries: []contio.Delivery{{ID: "whd_2"}, {ID: "whd_1"}}, Matched: 250, Scanned: 300, Pages: 3,
	})
	want := webhookDeliveriesModel{
		ID: types.StringValue("app_1"), Complete: types.BoolValue(false), Count: types.Int64Value(2),
		Matching: types.Int64Value(250), Scanned: types.Int64Value(300), PagesRead: types.Int64Value(3),
	}
	got := m
	got.Deliveries = nil
	if !reflect.DeepEqual(got, want) || len(m.Deliveries) != 2 || m.Deliveries[0].ID != types.StringValue("whd_2") {
		t.Errorf("mapped to %+v and %+v, want %+v and whd_2 first", got, m.Deliveries, want)
	}
}

func TestAddRecentDeliveriesWarnings(t *testing.T) {
	m := webhookDeliveriesModel{MaxPages: types.Int64Value(2)}
	tests := []struct {
		name string
		r    contio.RecentDeliveries
		want []string // one regexp per warning, in order
	}{
		{"complete and readable: no warning", contio.RecentDeliveries{Complete: true, Pages: 1}, nil},
		{
			"stopped early", contio.RecentDeliveries{Pages: 2, Scanned: 200},
			[]string{`(?s)newest may be missing: .*after reading 2 pages .*max_pages = 2.*newest of the 200 deliveries it read.*Raise max_pages`},
		},
		{
			"unreadable times, and stopped early", contio.RecentDeliveries{Pages: 2, Scanned: 200, UnreadableTimes: 3},
			[]string{`newest may be missing`, `(?s)unreadable timestamps: Contio listed 3 deliveries .*sorts as the oldest`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.Diagnostics
			addRecentDeliveriesWarnings(&diags, m, tt.r)
			if diags.HasError() || len(diags) != len(tt.want) {
				t.Fatalf("diagnostics %v, want %d warnings", diags, len(tt.want))
			}
			for i, d := range diags {
				if text := d.Summary() + ": " + d.Detail(); !regexp.MustCompile(tt.want[i]).MatchString(text) {
					t.Errorf("warning %d = %q, want it to match %s", i, text, tt.want[i])
				}
			}
		})
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
// once their retries run out, newest first (created at the same instant, by
// id); the other status is an empty list, not null.
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
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("matching_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("complete"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("deliveries"), knownvalue.ListExact([]knownvalue.Check{
						deliveryIs(recorded[1], contio.DeliveryFailed, 1, now, http503),
						deliveryIs(recorded[0], contio.DeliveryFailed, 1, now, http503),
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
						deliveryIs(recorded[1], contio.DeliveryAbandoned, 5, now, http503),
						deliveryIs(recorded[0], contio.DeliveryAbandoned, 5, now, http503),
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
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("matching_count"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("pages_read"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("complete"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), emptyList),
			},
		}},
	})
}

// The provider reads every page, whatever limit says, up to max_pages, and
// says when it stopped early. Terraform reads the data source the same number
// of times in each step, so the requests per read show as a ratio to the
// first step's (three pages of 100).
func TestAccWebhookDeliveriesDataSource_paging(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
	ids := env.Emit(t, env.creds.ClientID, 250, "meeting.created").Recorded
	slices.Reverse(ids) // newest first: created at the same instant, so by id
	const addr = "data.contio_webhook_deliveries.all"
	cfg := func(args string) string {
		return env.config(fmt.Sprintf("data \"contio_webhook_deliveries\" \"all\" {\n%s\n}\n", args))
	}
	idAt := func(i int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries").AtSliceIndex(i).AtMapKey("id"), knownvalue.StringExact(ids[i]))
	}
	counts := func(complete bool, deliveries, matching, pages int64) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("complete"), knownvalue.Bool(complete)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(deliveries)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), knownvalue.ListSizeExact(int(deliveries))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("matching_count"), knownvalue.Int64Exact(matching)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("scanned_count"), knownvalue.Int64Exact(matching)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("pages_read"), knownvalue.Int64Exact(pages)),
		}
	}
	reset := func() { env.ResetRequestCounts() }
	listCalls := func() int { return env.RequestCounts()["GET "+emulator.PathDeliveries] }
	var reads int
	countReads := func(*terraform.State) error {
		if calls := listCalls(); calls == 0 || calls%3 != 0 {
			return fmt.Errorf("%d list requests, want 3 per read", calls)
		}
		reads = listCalls() / 3
		return nil
	}
	wantPages := func(pages int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := listCalls(); got != pages*reads {
				return fmt.Errorf("%d list requests, want %d: %d per read, and the first step (3 per read) made %d", got, pages*reads, pages, 3*reads)
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
				ConfigStateChecks: append(counts(true, 100, 250, 3),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("limit"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_pages"), knownvalue.Int64Exact(20)),
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
				),
				Check: countReads,
			},
			{
				PreConfig:         reset,
				Config:            cfg("  limit = 3"),
				ConfigStateChecks: append(counts(true, 3, 250, 3), idAt(0), idAt(2)),
				// A smaller limit reads the same pages: the newest may be on the last.
				Check: wantPages(3),
			},
			{
				PreConfig:         reset,
				Config:            cfg("  limit  = 1000\n  status = \"pending\""),
				ConfigStateChecks: append(counts(true, 250, 250, 3), idAt(0), idAt(249)),
				Check:             wantPages(3),
			},
			{
				PreConfig: reset,
				Config:    cfg("  max_pages = 2"),
				// Stopped early: the newest of the 200 oldest, and a lower bound.
				ConfigStateChecks: append(counts(false, 100, 200, 2),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(ids[50]))),
				Check: wantPages(2),
			},
		},
	})
}

// More than 1,000 deliveries, created a minute apart in batches, failing and
// delivered in turn: the newest come back, newest first, whatever order
// Contio lists them in and whether or not it honours status.
func TestAccWebhookDeliveriesDataSource_newestOfMany(t *testing.T) {
	const batches, perBatch = 120, 10 // 1,200 deliveries: 600 failed, 600 delivered
	tests := []struct {
		name  string
		opts  emulator.Options
		pages int64 // of the failed list
	}{
		{"oldest first", emulator.Options{}, 6},
		{"newest first", emulator.Options{DeliveryOrder: emulator.NewestFirst}, 6},
		{"shuffled, status ignored", emulator.Options{DeliveryOrder: emulator.Shuffled, Seed: 7, IgnoreDeliveryStatus: true}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := emulatortest.Start(t, tt.opts)
			env := &accEnv{Server: srv, creds: srv.NewApp(t, emulator.AppSpec{AutoDisable: ptr(false)})}
			var failed [][]string // ids per failing batch
			var newestFailedAt time.Time
			for i := range batches {
				url, failing := env.SinkOK(), i%2 == 0
				if failing {
					url = env.SinkFail()
				}
				if err := env.PatchApp(env.creds.ClientID, emulator.AppPatch{WebhookURL: &url}); err != nil {
					t.Fatal(err)
				}
				env.Clock().Advance(time.Minute)
				ids := env.Emit(t, env.creds.ClientID, perBatch, "meeting.created").Recorded
				if failing {
					failed, newestFailedAt = append(failed, ids), env.Clock().Now()
				}
			}
			last := slices.Clone(failed[len(failed)-1])
			slices.Reverse(last)
			lastAll := env.state(t).Deliveries[batches*perBatch-1]

			newest := func(id string, at time.Time) knownvalue.Check {
				return knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":         knownvalue.StringExact(id),
					"status":     knownvalue.StringExact("failed"),
					"last_error": knownvalue.StringExact("HTTP 503"),
					"created_at": knownvalue.StringExact(at.Format(time.RFC3339)),
				})
			}
			const f, all = "data.contio_webhook_deliveries.failed", "data.contio_webhook_deliveries.all"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps: []resource.TestStep{{
					Config: env.config(`
data "contio_webhook_deliveries" "failed" {
  status = "failed"
  limit  = 12
}

data "contio_webhook_deliveries" "all" {
  limit = 1
}
`),
					ConfigStateChecks: []statecheck.StateCheck{
						// The newest failing batch, newest id first, then the next newest batch.
						statecheck.ExpectKnownValue(f, tfjsonpath.New("deliveries"), knownvalue.ListExact(append(
							func() (out []knownvalue.Check) {
								for _, id := range last {
									out = append(out, newest(id, newestFailedAt))
								}
								return out
							}(),
							newest(failed[len(failed)-2][perBatch-1], newestFailedAt.Add(-2*time.Minute)),
							newest(failed[len(failed)-2][perBatch-2], newestFailedAt.Add(-2*time.Minute)),
						))),
						statecheck.ExpectKnownValue(f, tfjsonpath.New("complete"), knownvalue.Bool(true)),
						statecheck.ExpectKnownValue(f, tfjsonpath.New("matching_count"), knownvalue.Int64Exact(batches*perBatch/2)),
						statecheck.ExpectKnownValue(f, tfjsonpath.New("pages_read"), knownvalue.Int64Exact(tt.pages)),
						statecheck.ExpectKnownValue(all, tfjsonpath.New("deliveries").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(lastAll.ID)),
						statecheck.ExpectKnownValue(all, tfjsonpath.New("deliveries").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("delivered")),
						statecheck.ExpectKnownValue(all, tfjsonpath.New("matching_count"), knownvalue.Int64Exact(batches*perBatch)),
						statecheck.ExpectKnownValue(all, tfjsonpath.New("pages_read"), knownvalue.Int64Exact(12)),
					},
				}},
			})
		})
	}
}

// A failing deliveries endpoint fails the read, and with it the plan, unless
// fail_on_error is false: then the plan goes on (with a warning) and the data
// source reads as empty and incomplete.
func TestAccWebhookDeliveriesDataSource_failOnError(t *testing.T) {
	for _, status := range []int{404, 503} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			env := newAccEnv(t, emulator.AppSpec{})
			env.Emit(t, env.creds.ClientID, 2, "meeting.created")
			env.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, Status: status, Times: 1000})
			const addr = "data.contio_webhook_deliveries.this"
			cfg := func(args string) string {
				return env.configWith("  max_retries = 0\n", fmt.Sprintf("data \"contio_webhook_deliveries\" \"this\" {\n%s\n}\n", args))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps: []resource.TestStep{
					{
						Config:      cfg(""),
						ExpectError: regexp.MustCompile(fmt.Sprintf(`Unable to read Contio webhook deliveries(?s).*%d`, status)),
					},
					{
						Config:      cfg("  fail_on_error = true"),
						ExpectError: regexp.MustCompile(`Unable to read Contio webhook deliveries`),
					},
					{
						Config: cfg("  fail_on_error = false"),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(env.creds.ClientID)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("complete"), knownvalue.Bool(false)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("delivery_count"), knownvalue.Int64Exact(0)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("matching_count"), knownvalue.Int64Exact(0)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("scanned_count"), knownvalue.Int64Exact(0)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("pages_read"), knownvalue.Int64Exact(0)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), emptyList),
						},
					},
				},
			})
		})
	}
}

// The acceptance test cannot see warnings, which Terraform only prints: read
// directly, a soft failure is one warning naming Contio's answer, no error.
func TestWebhookDeliveriesRead_softFailWarns(t *testing.T) {
	ctx := t.Context()
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{})
	srv.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, Status: 503, Times: 1000})
	d := &webhookDeliveriesDataSource{data: &providerData{client: srv.Client(t, creds)}}
	var sr datasource.SchemaResponse
	d.Schema(ctx, datasource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	attrs := map[string]tftypes.Value{}
	for name, a := range sr.Schema.Attributes {
		attrs[name] = tftypes.NewValue(a.GetType().TerraformType(ctx), nil)
	}
	for _, failOnError := range []bool{true, false} {
		attrs["fail_on_error"] = tftypes.NewValue(tftypes.Bool, failOnError)
		cfg := tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, attrs)}
		resp := &datasource.ReadResponse{State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}}
		d.Read(ctx, datasource.ReadRequest{Config: cfg}, resp)
		errs, warns := resp.Diagnostics.Errors(), resp.Diagnostics.Warnings()
		if failOnError {
			if len(errs) != 1 || len(warns) != 0 {
				t.Errorf("fail_on_error = true: %d errors and %d warnings, want the one error: %v", len(errs), len(warns), resp.Diagnostics)
			}
			continue
		}
		if len(errs) != 0 || len(warns) != 1 {
			t.Fatalf("fail_on_error = false: %d errors and %d warnings, want one warning: %v", len(errs), len(warns), resp.Diagnostics)
		}
		if w := warns[0]; w.Summary() != "Unable to read Contio webhook deliveries" || !strings.Contains(w.Detail(), "503") ||
			!strings.Contains(w.Detail(), "fail_on_error is false") || strings.Contains(w.Detail(), creds.APIKey) {
			t.Errorf("warning %q: %s", w.Summary(), w.Detail())
		}
	}
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
			{Config: cfg(`max_pages = 0`), ExpectError: regexp.MustCompile(`(?s)max_pages value must be between 1 and 1000, got: 0`)},
			{Config: cfg(`max_pages = 1001`), ExpectError: regexp.MustCompile(`(?s)max_pages value must be between 1 and 1000, got: 1001`)},
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
// provider blocks.
func healthCheckConfig(t *testing.T, env *accEnv) string {
	t.Helper()
	b, err := os.ReadFile(healthScenario)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	// terraform fmt puts top-level blocks' closing braces in column 0.
	src = regexp.MustCompile(`(?ms)^terraform \{\n.*?^\}\n`).ReplaceAllString(src, "")
	if !strings.Contains(src, "provider \"contio\" {}\n") {
		t.Fatalf("%s: no empty provider block to replace", healthScenario)
	}
	return env.config(strings.Replace(src, "provider \"contio\" {}\n", "", 1))
}

// checkBlock checks the result that Terraform recorded in the state for the
// check block named name: passed, or failed with one problem matching each of
// problems, in order.
type checkBlock struct {
	name     string
	problems []*regexp.Regexp
}

func (c checkBlock) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	want := "pass"
	if len(c.problems) > 0 {
		want = "fail"
	}
	status, msgs, found := checkResult(req.State.Checks, c.name)
	if !found {
		resp.Error = fmt.Errorf("the state records no result for check %q", c.name)
		return
	}
	ok := status == want && len(msgs) == len(c.problems)
	for i := 0; ok && i < len(msgs); i++ {
		ok = c.problems[i].MatchString(msgs[i])
	}
	if !ok {
		resp.Error = fmt.Errorf("check %q: %s with problems %q; want %s with problems matching %v", c.name, status, msgs, want, c.problems)
	}
}

// The delivery-health scenario's check passes for a healthy app, warns while
// deliveries fail and while Contio has auto-disabled the app, and is silent
// again after the runbook's recovery, although the abandoned deliveries stay
// in Contio's list.
func TestAccWebhookDeliveriesDataSource_healthCheckScenario(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	id := env.creds.ClientID
	cfg := healthCheckConfig(t, env)
	setURL := func(url string) {
		if err := env.PatchApp(id, emulator.AppPatch{WebhookURL: &url}); err != nil {
			t.Fatal(err)
		}
	}
	failing := regexp.MustCompile(`^Contio is retrying (\d+) webhook deliveries whose last attempt failed; the newest, meeting\.created \(whd_\d+\), failed with "HTTP 503"\.`)
	retrying := func(n int) *regexp.Regexp {
		return regexp.MustCompile(strings.Replace(failing.String(), `(\d+)`, strconv.Itoa(n), 1))
	}
	disabled := regexp.MustCompile(`^Contio is not delivering webhooks for .*This warning stops once webhook_enabled is true again\.$`)
	const check = "webhook_delivery_health"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				PreConfig:         func() { env.Emit(t, id, 3, "meeting.created") },
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{checkBlock{name: check}},
			},
			{
				// The endpoint fails; Contio has not disabled webhooks yet.
				PreConfig: func() {
					setURL(env.SinkFail())
					env.Emit(t, id, 2, "meeting.created")
				},
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{checkBlock{check, []*regexp.Regexp{retrying(2)}}},
			},
			{
				// Contio gives up on 52 deliveries and auto-disables the app;
				// the events meanwhile wait as pending.
				PreConfig: func() {
					env.Emit(t, id, emulator.AutoDisableAbandonedThreshold, "meeting.created")
					env.ExhaustRetries(t)
					env.Emit(t, id, 4, "meeting.created")
				},
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{checkBlock{check, []*regexp.Regexp{disabled}}},
				Check:             env.checkEmulator(t, wantEnabled(false)),
			},
			{
				// The runbook: fix the endpoint, re-enable delivering the
				// backlog, and Contio's next cycle sends it.
				PreConfig: func() {
					setURL(env.SinkOK())
					if _, err := env.Client(t, env.creds).UpdateWebhookStatus(t.Context(), true, contio.DispositionDeliver); err != nil {
						t.Fatal(err)
					}
					env.RunDeliveryCycle(t.Context())
					if st := env.state(t); st.DeliveryCounts[contio.DeliveryAbandoned] != emulator.AutoDisableAbandonedThreshold+2 {
						t.Fatalf("abandoned = %d, want the 52 still listed", st.DeliveryCounts[contio.DeliveryAbandoned])
					}
				},
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{checkBlock{name: check}},
			},
			{
				// The deliveries endpoint fails: with fail_on_error = false
				// the plan and apply go on, and the check stays silent.
				PreConfig: func() {
					env.AddFault(t, emulator.Fault{Method: "GET", Path: emulator.PathDeliveries, Status: 404, Times: 1000})
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					checkBlock{name: check},
					statecheck.ExpectKnownValue("data.contio_webhook_deliveries.failing", tfjsonpath.New("complete"), knownvalue.Bool(false)),
				},
			},
		},
	})
}
