// Command demo is `make demo`: it builds the provider and the emulator,
// starts the emulator on loopback, and walks the mission through real
// Terraform runs, checking that every step behaves as described. It exits
// non-zero at the first step that does not, and leaves nothing behind.
//
// The CLI is $TF_BIN when set (Terraform or OpenTofu: make demo CLI=...),
// else a terraform on PATH that has every step, else the newest pinned
// Terraform, installed alone (cli.go). Steps a CLI cannot run (terraform
// query before Terraform 1.14, or on OpenTofu) are skipped with a note.
//
// This file is the walkthrough, one function per step, in order: each says
// what it shows, runs it and checks it. The CLI work is internal/tfcli's;
// session.go runs it for the steps, emulator.go plays Contio's part,
// config.go holds the configurations and output.go prints and matches.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

func main() {
	start := time.Now()
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "\nDEMO FAILED: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("\nDemo complete: every step behaved as described (%.1fs).\n", time.Since(start).Seconds())
}

func run() error {
	d, cleanUp, err := setUp(context.Background())
	if err != nil {
		return err
	}
	defer cleanUp()
	for _, step := range []func() error{
		d.applyFirst, d.changeFilter, d.driftCheckClean, d.autoDisable, d.reviewFailures, d.reEnable,
		d.misspeltEvent, d.newerEventType, d.adopt, d.destroy,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

var (
	firstEvents  = []string{"meeting.created", "meeting.completed", "action_item.created"}
	secondEvents = []string{"meeting.created", "meeting.completed", "action_item.created", "participant.added"}
)

func (d *demo) applyFirst() error {
	caption("1. Apply webhook status, an include filter and the contio_app data source")
	if err := d.configure(func(c *config) { c.events = firstEvents }); err != nil {
		return err
	}
	out, err := d.tf("apply", "-auto-approve")
	if err != nil {
		return err
	}
	show(lastLines(out, 14))
	st, err := d.state()
	if err != nil {
		return err
	}
	if !st.App.WebhookEnabled || st.App.WebhookFilter == nil || st.App.WebhookFilter.Type != contio.FilterInclude || len(st.App.WebhookFilter.Events) != 3 {
		return fmt.Errorf("after the first apply Contio shows %+v, want enabled with a 3-event include filter", st.App)
	}
	// The CLI names itself: TF_BIN really is the CLI that ran.
	return expect(out, string(d.wd.CLI.Product)+" will perform the following actions", "Apply complete! Resources: 2 added", `"webhook_enabled" = true`)
}

func (d *demo) changeFilter() error {
	caption("2. Add participant.added to the filter: the plan is an in-place update")
	if err := d.configure(func(c *config) { c.events = secondEvents }); err != nil {
		return err
	}
	out, err := d.tf("plan")
	if err != nil {
		return err
	}
	show(grep(out, "will be updated in-place", "+ \"participant.added\"", "Plan:"))
	if err := expect(out, "contio_webhook_filter.meetings will be updated in-place", "Plan: 0 to add, 1 to change, 0 to destroy"); err != nil {
		return err
	}
	out, err = d.tf("apply", "-auto-approve")
	if err != nil {
		return err
	}
	show(grep(out, "Apply complete!"))
	return expect(out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed")
}

func (d *demo) driftCheckClean() error {
	caption("3. The CI drift check (examples/ci/drift-check.sh) finds no drift")
	lines, code, err := d.driftCheck()
	if err != nil {
		return err
	}
	if code != 0 || len(lines) != 0 {
		return fmt.Errorf("drift-check.sh exited %d with %q, want 0 and no drift lines", code, lines)
	}
	return nil
}

func (d *demo) autoDisable() error {
	caption("4. The endpoint fails until Contio auto-disables the app; a refresh-only plan and the drift check show it")
	if err := d.setEndpoint(emulator.SinkFailPath); err != nil {
		return err
	}
	emitted, err := d.emit("meeting.created", emulator.AutoDisableAbandonedThreshold)
	if err != nil {
		return err
	}
	fmt.Printf("   emitted %d meeting.created events; every delivery to the failing endpoint fails\n", len(emitted.Recorded))
	if err := d.deliverUntilAutoDisabled(); err != nil {
		return err
	}
	st, err := d.state()
	if err != nil {
		return err
	}
	if st.App.WebhookEnabled || len(st.Notifications) == 0 {
		return fmt.Errorf("the emulator did not auto-disable the app: %+v", st)
	}
	fmt.Printf("   Contio: %d deliveries abandoned -> webhooks disabled; notified %s (%q)\n",
		st.DeliveryCounts[contio.DeliveryAbandoned], st.Notifications[0].To, st.Notifications[0].Reason)
	if _, err := d.emit("meeting.completed", 5); err != nil {
		return err
	}
	fmt.Println("   5 meeting.completed events arrive while disabled: Contio records them as pending")

	out, err := d.tf("plan", "-refresh-only")
	if err != nil {
		return err
	}
	show(grep(out, "has changed", "~ enabled", "Webhook delivery was disabled outside Terraform"))
	if err := expect(out, "contio_webhook_status.this has changed", "~ enabled = true -> false", "Webhook delivery was disabled outside Terraform"); err != nil {
		return err
	}

	lines, code, err := d.driftCheck()
	if err != nil {
		return err
	}
	const want = "contio_webhook_status.this: enabled true -> false (disabled outside Terraform (Contio's auto-disable, or a person))"
	if code != 2 || len(lines) != 1 || lines[0] != want {
		return fmt.Errorf("drift-check.sh exited %d with %q, want 2 and the one line %q", code, lines, want)
	}
	return nil
}

func (d *demo) reviewFailures() error {
	caption(`5. Review recent delivery failures: data "contio_webhook_deliveries" with status = "abandoned"`)
	if err := d.configure(func(c *config) { c.deliveries = true }); err != nil {
		return err
	}
	fmt.Println("   the configuration now reads the newest abandoned deliveries, with a check that speaks while delivery is off")
	// Refresh-only: the configuration still says enabled = true without
	// pending_disposition, so a normal plan is refused until step 6.
	out, err := d.tf("plan", "-refresh-only")
	if err != nil {
		return err
	}
	show(paragraphs(out, "Webhook delivery is disabled."))
	st, err := d.state()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(st.Deliveries, func(dl contio.Delivery) bool { return dl.Status == contio.DeliveryAbandoned })
	if i < 0 {
		return fmt.Errorf("the emulator lists no abandoned delivery: %+v", st.DeliveryCounts)
	}
	newest := st.Deliveries[i] // every abandoned delivery here failed alike
	return expect(out, fmt.Sprintf("Webhook delivery is disabled. %d abandoned deliveries; the newest took %d attempts, the last failing with %s.",
		st.DeliveryCounts[contio.DeliveryAbandoned], newest.Attempts, newest.LastError))
}

func (d *demo) reEnable() error {
	caption("6. Re-enabling without pending_disposition is refused at plan time; a person decides, and the backlog goes out")
	out, err := d.tfFails("plan")
	if err != nil {
		return err
	}
	// The refusal offers the action only where the CLI has actions; the
	// configuration path everywhere.
	withActions := d.wd.CLI.AtLeast(tfcli.Terraform, "1.14")
	wayOut := "to re-enable: set pending_disposition as above and apply"
	if withActions {
		wayOut = "terraform apply -invoke=action.contio_webhook_reenable.deliver"
	}
	show(grep(out, "Error:", `"deliver":`, `"abandon":`, wayOut))
	if err := expect(out, "Error: Re-enabling webhooks requires pending_disposition", wayOut); err != nil {
		return err
	}
	fmt.Println("   the endpoint is fixed")
	if err := d.setEndpoint(emulator.SinkOKPath); err != nil {
		return err
	}
	if withActions {
		err = d.reEnableWithAction()
	} else {
		err = d.reEnableWithConfiguration()
	}
	if err != nil {
		return err
	}
	st, err := d.state()
	if err != nil {
		return err
	}
	fmt.Printf("   now: webhook_enabled=%t, pending=%d (queued for the next cycle)\n", st.App.WebhookEnabled, st.DeliveryCounts[contio.DeliveryPending])
	if !st.App.WebhookEnabled || st.DeliveryCounts[contio.DeliveryPending] != 5 {
		return fmt.Errorf("want enabled with 5 pending deliveries, got %+v", st.DeliveryCounts)
	}
	cycle, err := d.deliver()
	if err != nil {
		return err
	}
	if st, err = d.state(); err != nil {
		return err
	}
	fmt.Printf("   next delivery cycle: delivered=%d, pending=%d\n", cycle.Delivered, st.DeliveryCounts[contio.DeliveryPending])
	if cycle.Delivered != 5 || st.DeliveryCounts[contio.DeliveryPending] != 0 {
		return fmt.Errorf("the backlog was not delivered: %+v", cycle)
	}
	return nil
}

// reEnableWithAction is the runbook on Terraform 1.14 and later: the
// configuration keeps no standing disposition; the action re-enables once,
// and the next plan is empty without any other command.
func (d *demo) reEnableWithAction() error {
	fmt.Println("   the configuration declares the contio_webhook_reenable action; a person invokes it")
	if err := d.configure(func(c *config) { c.reenableAction = true }); err != nil {
		return err
	}
	out, err := d.tf("apply", "-auto-approve", "-invoke=action.contio_webhook_reenable.deliver")
	if err != nil {
		return err
	}
	show(grep(out, "Delivery failures Contio lists", "Backlog:", "Confirmed:", "Apply complete!"))
	if err := expect(out, "Delivery failures Contio lists", "5 pending deliveries", "Confirmed: Contio reports webhook_enabled = true",
		"Actions: 1 invoked"); err != nil {
		return err
	}
	out, err = d.tf("plan", "-detailed-exitcode")
	if err != nil {
		return fmt.Errorf("the plan after the action is not empty: %w", err)
	}
	show(grep(out, "No changes."))
	return expect(out, "No changes.")
}

// reEnableWithConfiguration is the path for OpenTofu and Terraform before
// 1.14, which have no actions: pending_disposition for one apply.
func (d *demo) reEnableWithConfiguration() error {
	fmt.Println("   the config now says pending_disposition = \"deliver\" (this CLI has no actions)")
	if err := d.configure(func(c *config) { c.disposition = "deliver" }); err != nil {
		return err
	}
	out, err := d.tf("apply", "-auto-approve")
	if err != nil {
		return err
	}
	show(paragraphs(out, "Warning: Re-enabling", "pending deliveries", "Apply complete!"))
	return expect(out, "Warning: Re-enabling webhooks will deliver the backlog", "5 pending deliveries", "Apply complete! Resources: 0 added, 1 changed")
}

func (d *demo) misspeltEvent() error {
	caption("7. A misspelt event type is refused at plan time, with a suggestion and the valid list")
	if err := d.configure(func(c *config) { c.events = slices.Concat(secondEvents, []string{"participant.remove"}) }); err != nil {
		return err
	}
	out, err := d.tfFails("plan")
	if err != nil {
		return err
	}
	show(paragraphs(out, "Error:", "is not a Contio event type", "Valid event types:"))
	if err := expect(out, "Error: Unknown Contio event type", `"participant.remove" is not a Contio event type`,
		`Did you mean "participant.removed"?`, "Valid event types: meeting.created,"); err != nil {
		return err
	}
	return d.configure(func(c *config) { c.events = secondEvents })
}

func (d *demo) newerEventType() error {
	const newType = "meeting.transcribed"
	caption("8. Contio adds " + newType + ": a filter may list it once the provider's additional_event_types does")
	if err := d.addEventType(newType); err != nil {
		return err
	}
	fmt.Printf("   Contio now offers %s; this provider's built-in catalog predates it\n", newType)
	if err := d.configure(func(c *config) { c.events = slices.Concat(secondEvents, []string{newType}) }); err != nil {
		return err
	}
	out, err := d.tfFails("plan")
	if err != nil {
		return err
	}
	show(paragraphs(out, "Error:", "is not a Contio event type", "If Contio added"))
	if err := expect(out, "Error: Unknown Contio event type", fmt.Sprintf("%q is not a Contio event type", newType),
		fmt.Sprintf("If Contio added %q after this provider version was released, add it to the provider's additional_event_types", newType)); err != nil {
		return err
	}

	fmt.Printf("   the provider block now says additional_event_types = [%q]\n", newType)
	if err := d.configure(func(c *config) { c.additionalTypes = []string{newType} }); err != nil {
		return err
	}
	out, err = d.tf("apply", "-auto-approve")
	if err != nil {
		return err
	}
	show(grep(out, "will be updated in-place", fmt.Sprintf("+ %q", newType), "Apply complete!"))
	if err := expect(out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed"); err != nil {
		return err
	}
	st, err := d.state()
	if err != nil {
		return err
	}
	if st.App.WebhookFilter == nil || !slices.Contains(st.App.WebhookFilter.Events, newType) {
		return fmt.Errorf("after the apply Contio's filter lacks %s: %+v", newType, st.App.WebhookFilter)
	}
	fmt.Printf("   Contio's filter now: %s %v\n", st.App.WebhookFilter.Type, st.App.WebhookFilter.Events)
	return nil
}

// adopt brings the app's current settings under management from a fresh
// directory: terraform query lists them and writes the resource and import
// blocks, and a plan of those blocks only imports.
func (d *demo) adopt() error {
	caption("9. Adoption: terraform query -generate-config-out writes resource and import blocks for the app")
	if !d.wd.CLI.AtLeast(tfcli.Terraform, "1.14") {
		fmt.Printf("   skipped: list blocks and terraform query need Terraform 1.14 or later; this is %s\n", d.wd.CLI)
		return nil
	}
	// The filter lists meeting.transcribed, which the plan below checks
	// against the provider's catalog: the environment variable reaches both
	// the query's provider block and the plan's default one.
	adopt := d.wd
	adopt.Dir = filepath.Join(d.tmp, "adopt")
	adopt.Env = append(slices.Clone(d.wd.Env), "CONTIO_ADDITIONAL_EVENT_TYPES=meeting.transcribed")
	if err := writeFiles(adopt.Dir, adoptFiles); err != nil {
		return err
	}
	fmt.Println("   a fresh directory: main.tf names contio/contio; adopt.tfquery.hcl has the provider block and two list blocks")
	out, err := d.tfIn(adopt, "query", "-generate-config-out=generated.tf")
	if err != nil {
		return err
	}
	show(grep(out, "list.contio_"))
	if err := expect(out, "list.contio_webhook_status.all", "list.contio_webhook_filter.all"); err != nil {
		return err
	}
	generated, err := os.ReadFile(filepath.Join(adopt.Dir, "generated.tf"))
	if err != nil {
		return err
	}
	fmt.Println("   generated.tf:")
	show(slices.DeleteFunc(nonEmptyLines(string(generated)), func(l string) bool { return strings.HasPrefix(l, "#") }))
	if err := expect(string(generated), `resource "contio_webhook_status" "all_0"`, `resource "contio_webhook_filter" "all_0"`,
		"to = contio_webhook_status.all_0", "to = contio_webhook_filter.all_0", `"meeting.transcribed"`); err != nil {
		return err
	}
	if n := strings.Count(strings.Join(strings.Fields(string(generated)), " "), fmt.Sprintf("client_id = %q", clientID)); n != 2 {
		return fmt.Errorf("generated.tf names client_id = %q %d times, want 2 (one import block per resource)", clientID, n)
	}

	out, err = d.tfIn(adopt, "plan")
	if err != nil {
		return err
	}
	show(grep(out, "will be imported", "Plan:"))
	return expect(out, "contio_webhook_status.all_0 will be imported", "contio_webhook_filter.all_0 will be imported",
		"Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.")
}

func (d *demo) destroy() error {
	caption("10. Destroy: the filter is removed; the webhook status stays as it is in Contio")
	out, err := d.tf("destroy", "-auto-approve")
	if err != nil {
		return err
	}
	show(grep(out, "Destroy complete!"))
	if err := expect(out, "Destroy complete! Resources: 2 destroyed"); err != nil {
		return err
	}
	st, err := d.state()
	if err != nil {
		return err
	}
	fmt.Printf("   emulator after destroy: webhook_enabled=%t, webhook_filter=%v, deliveries=%v\n",
		st.App.WebhookEnabled, st.App.WebhookFilter, st.DeliveryCounts)
	if st.App.WebhookFilter != nil || !st.App.WebhookEnabled {
		return fmt.Errorf("after destroy want no filter and webhooks still enabled, got %+v", st.App)
	}
	return nil
}
