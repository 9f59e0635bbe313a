package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

func wantCounts(status contio.DeliveryStatus, want int) func(emulator.AppState) error {
	return func(st emulator.AppState) error {
		if got := st.DeliveryCounts[status]; got != want {
			return fmt.Errorf("%s deliveries = %d, want %d (all counts: %v)", status, got, want, st.DeliveryCounts)
		}
		return nil
	}
}

func TestAccWebhookStatus_lifecycle(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	putCalls := func() int { return env.RequestCounts()["PUT "+emulator.PathWebhookStatus] }
	var putsBefore int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		// Destroy leaves Contio's setting as the last apply left it.
		CheckDestroy: env.checkEmulator(t, wantEnabled(true)),
		Steps: []resource.TestStep{
			{
				Config: env.config(statusConfig(false, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(statusAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.creds.ClientID)),
					statecheck.ExpectKnownValue(statusAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(statusAddr, tfjsonpath.New("pending_disposition"), knownvalue.Null()),
				},
				Check: env.checkEmulator(t, wantEnabled(false)),
			},
			{
				ResourceName:                         statusAddr,
				ImportState:                          true,
				ImportStateId:                        env.creds.ClientID,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
			},
			{
				Config: env.config(statusConfig(true, "abandon")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(statusAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(statusAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(statusAddr, tfjsonpath.New("pending_disposition"), knownvalue.StringExact("abandon")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.checkEmulator(t, wantEnabled(true)),
					func(*terraform.State) error { putsBefore = putCalls(); return nil },
				),
			},
			{
				// Only the disposition changes: an in-place update that calls nothing.
				Config: env.config(statusConfig(true, "deliver")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(statusAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if n := putCalls(); n != putsBefore {
						return fmt.Errorf("changing only pending_disposition made %d webhook-status calls", n-putsBefore)
					}
					return nil
				},
			},
		},
	})
}

func TestAccWebhookStatus_reEnableNeedsDisposition(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: env.config(statusConfig(false, ""))},
			{
				PreConfig:   func() { env.Emit(t, env.creds.ClientID, 2, "meeting.created") },
				Config:      env.config(statusConfig(true, "")),
				ExpectError: regexp.MustCompile(`(?s)Re-enabling webhooks requires pending_disposition.*"deliver".*next delivery.*"abandon".*discard`),
			},
			{
				Config:      env.config(statusConfig(true, "later")),
				ExpectError: regexp.MustCompile(`(?s)pending_disposition.*value must be one of.*"deliver".*"abandon"`),
			},
			{
				// Nothing was lost to the refused plans: still disabled, backlog intact.
				Config: env.config(statusConfig(false, "")),
				Check: resource.ComposeTestCheckFunc(
					env.checkEmulator(t, wantEnabled(false)),
					env.checkEmulator(t, wantCounts(contio.DeliveryPending, 2)),
				),
			},
			{
				Config: env.config(statusConfig(true, "abandon")),
				Check: resource.ComposeTestCheckFunc(
					env.checkEmulator(t, wantEnabled(true)),
					env.checkEmulator(t, wantCounts(contio.DeliveryAbandoned, 2)),
					env.checkEmulator(t, wantCounts(contio.DeliveryPending, 0)),
				),
			},
		},
	})
}

// autoDisable drives a real auto-disable: 50 deliveries to a failing endpoint
// exhaust their retries, then backlog events arrive while disabled.
func (e *accEnv) autoDisable(t *testing.T, backlog int) {
	t.Helper()
	fail := e.SinkFail()
	if err := e.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &fail}); err != nil {
		t.Fatal(err)
	}
	e.Emit(t, e.creds.ClientID, emulator.AutoDisableAbandonedThreshold, "meeting.created")
	e.ExhaustRetries(t)
	if e.state(t).App.WebhookEnabled {
		t.Fatal("the emulator did not auto-disable the app")
	}
	ok := e.SinkOK() // the endpoint is fixed; the backlog can go out once re-enabled
	if err := e.PatchApp(e.creds.ClientID, emulator.AppPatch{WebhookURL: &ok}); err != nil {
		t.Fatal(err)
	}
	e.Emit(t, e.creds.ClientID, backlog, "action_item.created")
}

// The refusal leads with the contio_webhook_reenable action only on a CLI
// that has actions (Terraform 1.14 and later); on OpenTofu and older
// Terraform, whose parsers reject an action block, it offers the
// configuration path alone.
func TestAccWebhookStatus_refusalFitsCLI(t *testing.T) {
	// Terraform prints the detail's lines after "│ ".
	const line = `\n[│ ]*`
	tests := []struct {
		name    string
		actions bool
		want    string
	}{
		{"with actions", true, `How to proceed:` + line +
			`- to re-enable now without changing the configuration, invoke the contio_webhook_reenable action:` + line +
			`terraform apply -invoke=action\.contio_webhook_reenable\.deliver` + line +
			`.*If the configuration declares none, add one, then invoke it:` + line +
			`action "contio_webhook_reenable" "deliver" \{` +
			`(?s).*- to re-enable through the configuration instead: set pending_disposition as above and apply`},
		{"without actions", false, `How to proceed:` + line +
			`- to re-enable: set pending_disposition as above and apply, then remove it again[^\n]*` + line +
			`- to keep delivery off for now: set enabled = false;` + line +
			`- to apply other changes meanwhile: terraform apply -target=<each other resource> ` +
			`\(tofu apply -target=<each other resource> on OpenTofu\)\.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newAccEnv(t, emulator.AppSpec{WebhookEnabled: ptr(false)})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliWithActions(tt.actions)},
				Steps: []resource.TestStep{{
					Config:      env.config(statusConfig(true, "")),
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
		})
	}
}

// cliWithActions skips a test unless the CLI's having actions is as wanted.
// A CLI has them from Terraform 1.14. OpenTofu has none whatever its
// version: it tells the provider the Terraform version it matches (1.13.0
// from OpenTofu 1.12), which is what the provider goes by, and the tests run
// on it with TF_ACC_PROVIDER_HOST=registry.opentofu.org.
type cliWithActions bool

func (want cliWithActions) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	has := req.TerraformVersion.Core().GreaterThanOrEqual(tfversion.Version1_14_0) &&
		os.Getenv("TF_ACC_PROVIDER_HOST") != tfcli.HostOpenTofu
	if has != bool(want) {
		resp.Skip = fmt.Sprintf("the CLI (version %s) has actions: %t; the test wants %t", req.TerraformVersion, has, bool(want))
	}
}

func TestAccWebhookStatus_autoDisableDriftAndDeliver(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: env.config(statusConfig(true, ""))},
			{
				// Contio disables the app; the plan must say so and refuse to
				// re-enable without a disposition.
				PreConfig:   func() { env.autoDisable(t, 3) },
				Config:      env.config(statusConfig(true, "")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Re-enabling webhooks requires pending_disposition`),
			},
			{
				// With a disposition, the plan shows enabled going back to true.
				Config:             env.config(statusConfig(true, "deliver")),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(statusAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(statusAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				}},
			},
			{
				Config: env.config(statusConfig(true, "deliver")),
				// deliver leaves the backlog queued: nothing is sent until the next cycle.
				Check: resource.ComposeTestCheckFunc(
					env.checkEmulator(t, wantEnabled(true)),
					env.checkEmulator(t, wantCounts(contio.DeliveryPending, 3)),
				),
			},
			{
				PreConfig: func() { env.RunDeliveryCycle(t.Context()) },
				Config:    env.config(statusConfig(true, "deliver")),
				Check: resource.ComposeTestCheckFunc(
					env.checkEmulator(t, wantCounts(contio.DeliveryPending, 0)),
					env.checkEmulator(t, wantCounts(contio.DeliveryDelivered, 3)),
					func(*terraform.State) error {
						if hits := env.SinkHits()["ok"]; hits != 3 {
							return fmt.Errorf("the endpoint received %d webhooks, want the backlog of 3", hits)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccWebhookStatus_createOnAutoDisabledApp(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	env.autoDisable(t, 4)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:      env.config(statusConfig(true, "")),
				ExpectError: regexp.MustCompile(`Re-enabling webhooks requires pending_disposition`),
			},
			{
				Config: env.config(statusConfig(true, "abandon")),
				Check: resource.ComposeTestCheckFunc(
					env.checkEmulator(t, wantEnabled(true)),
					env.checkEmulator(t, wantCounts(contio.DeliveryPending, 0)),
					// 50 abandoned by retries, 4 discarded by the disposition.
					env.checkEmulator(t, wantCounts(contio.DeliveryAbandoned, 54)),
				),
			},
		},
	})
}

func TestAccWebhookStatus_importOtherAppIsRefused(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config:        env.config(statusConfig(true, "")),
				ResourceName:  statusAddr,
				ImportState:   true,
				ImportStateId: "app_someone_else",
				ExpectError:   regexp.MustCompile(`(?s)Cannot import contio_webhook_status.*not the app of the configured\s+credentials`),
			},
		},
	})
}
