// Command demo is `make demo`: it builds the provider and the emulator,
// starts the emulator on loopback, and walks the mission through real
// Terraform runs, checking that every step behaves as described. It exits
// non-zero at the first step that does not, and leaves nothing behind.
//
// The CLI is $TF_BIN when set (Terraform or OpenTofu), else
// .tools/bin/terraform. Steps a CLI cannot run (terraform query before
// Terraform 1.14, or on OpenTofu) are skipped with a note.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func main() {
	start := time.Now()
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "\nDEMO FAILED: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("\nDemo complete: every step behaved as described (%.1fs).\n", time.Since(start).Seconds())
}

// demo holds what the steps share.
type demo struct {
	ctx         context.Context
	tmp         string // throw-away directory for everything the demo writes
	driftScript string // examples/ci/drift-check.sh
	work        string // throw-away Terraform working directory
	cli         cli
	env         []string
	emuURL      string
	clientID    string
	cfg         config // the configuration in work
}

// cli is the Terraform or OpenTofu CLI the demo drives.
type cli struct {
	path         string // absolute
	name         string // "terraform" or "tofu", as the demo prints commands
	product      string // "Terraform" or "OpenTofu", as its version line says
	major, minor int
	version      string // the version line, such as "Terraform v1.14.9 on linux_amd64"
}

func run() error {
	ctx := context.Background()
	c, err := findCLI(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("Using %s (%s)\n", c.version, c.path)
	driftScript, err := filepath.Abs(filepath.Join("examples", "ci", "drift-check.sh"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(driftScript); err != nil {
		return fmt.Errorf("run the demo from the repository's root: %v", err)
	}
	tmp, err := os.MkdirTemp("", "contio-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	caption("Building the provider and the emulator")
	bin := filepath.Join(tmp, "bin")
	for _, b := range [][2]string{{"terraform-provider-contio", "."}, {"contio-emulator", "./cmd/contio-emulator"}} {
		if out, err := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(bin, b[0]), b[1]).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
	}

	addr, err := freeLoopbackAddr()
	if err != nil {
		return err
	}
	const clientID, apiKey = "app_7f3c", "ck_demo_emulator_key"
	emu := exec.CommandContext(ctx, filepath.Join(bin, "contio-emulator"), "--addr", addr, "--client-id", clientID, "--api-key", apiKey)
	emu.Stdout, emu.Stderr = os.Stdout, os.Stderr
	if err := emu.Start(); err != nil {
		return err
	}
	defer func() { _ = emu.Process.Signal(os.Interrupt); _ = emu.Wait() }()
	emuURL := "http://" + addr
	if err := waitHTTP(emuURL + emulator.ControlPrefix + "/clock"); err != nil {
		return err
	}

	// OpenTofu resolves source = "contio/contio" on its own registry, so
	// the override names both hosts; Terraform ignores the other one.
	rc := filepath.Join(tmp, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/contio/contio" = %[1]q
    "registry.opentofu.org/contio/contio" = %[1]q
  }
  direct {}
}
`, bin), 0o600); err != nil {
		return err
	}
	work := filepath.Join(tmp, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	d := &demo{
		ctx: ctx, tmp: tmp, driftScript: driftScript, work: work, cli: c, emuURL: emuURL, clientID: clientID,
		env: append(environWithout("CONTIO_"), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
			"CONTIO_BASE_URL="+emuURL, "CONTIO_CLIENT_ID="+clientID, "CONTIO_API_KEY="+apiKey),
	}
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

// config is the walkthrough's Terraform configuration; its fields are the
// parts the steps change.
type config struct {
	events          []string
	disposition     string   // pending_disposition; none when empty
	deliveries      bool     // reads the abandoned deliveries into an output
	additionalTypes []string // the provider's additional_event_types
}

func (c config) String() string {
	provider := "provider \"contio\" {}"
	if len(c.additionalTypes) > 0 {
		provider = fmt.Sprintf("provider \"contio\" {\n  additional_event_types = %s\n}", hclList(c.additionalTypes))
	}
	disp := ""
	if c.disposition != "" {
		disp = fmt.Sprintf("\n  pending_disposition = %q", c.disposition)
	}
	deliveries := ""
	if c.deliveries {
		deliveries = `
# Troubleshooting: review recent delivery failures before re-enabling.
data "contio_webhook_deliveries" "abandoned" {
  status = "abandoned"
  limit  = 100
}

output "abandoned_deliveries" {
  value = {
    count            = data.contio_webhook_deliveries.abandoned.delivery_count
    first_attempts   = try(data.contio_webhook_deliveries.abandoned.deliveries[0].attempts, null)
    first_last_error = try(data.contio_webhook_deliveries.abandoned.deliveries[0].last_error, null)
  }
}
`
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}

# Credentials come from CONTIO_BASE_URL, CONTIO_CLIENT_ID and CONTIO_API_KEY.
%s

resource "contio_webhook_status" "this" {
  enabled = true%s
}

resource "contio_webhook_filter" "meetings" {
  type   = "include"
  events = %s
}

data "contio_app" "this" {
  depends_on = [contio_webhook_status.this, contio_webhook_filter.meetings]
}

output "app" {
  value = {
    name            = data.contio_app.this.name
    webhook_enabled = data.contio_app.this.webhook_enabled
    webhook_filter  = data.contio_app.this.webhook_filter
  }
}
%s`, provider, disp, hclList(c.events), deliveries)
}

// hclList is an HCL list of strings.
func hclList(ss []string) string {
	quoted, _ := json.Marshal(ss) // a []string always marshals
	return strings.ReplaceAll(string(quoted), ",", ", ")
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
	return expect(out, d.cli.product+" will perform the following actions", "Apply complete! Resources: 2 added", `"webhook_enabled" = true`)
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

// driftCheckClean is the step before the auto-disable: the CI drift check finds
// nothing to report.
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
	if err := d.control("PATCH", "/apps/"+d.clientID, map[string]any{"webhook_url": d.emuURL + emulator.SinkFailPath}, nil); err != nil {
		return err
	}
	var emitted emulator.EmitReport
	if err := d.control("POST", "/apps/"+d.clientID+"/events", map[string]any{"types": []string{"meeting.created"}, "count": emulator.AutoDisableAbandonedThreshold}, &emitted); err != nil {
		return err
	}
	fmt.Printf("   emitted %d meeting.created events; every delivery to the failing endpoint fails\n", len(emitted.Recorded))
	var cycle emulator.CycleReport
	for i := 0; i < len(emulator.DefaultRetrySchedule) && len(cycle.AutoDisabled) == 0; i++ {
		if err := d.control("POST", "/clock/advance", map[string]any{"seconds": 3 * 3600}, nil); err != nil {
			return err
		}
		if err := d.control("POST", "/deliver", nil, &cycle); err != nil {
			return err
		}
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
	if err := d.control("POST", "/apps/"+d.clientID+"/events", map[string]any{"types": []string{"meeting.completed"}, "count": 5}, nil); err != nil {
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
	const want = "contio_webhook_status.this: enabled true -> false (Contio auto-disabled delivery)"
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
	fmt.Println("   the configuration now reads the abandoned deliveries into an output")
	// Refresh-only: the configuration still says enabled = true without
	// pending_disposition, so a normal plan is refused until step 6.
	out, err := d.tf("plan", "-refresh-only")
	if err != nil {
		return err
	}
	show(paragraphs(out, "abandoned_deliveries"))
	st, err := d.state()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(st.Deliveries, func(dl contio.Delivery) bool { return dl.Status == contio.DeliveryAbandoned })
	if i < 0 {
		return fmt.Errorf("the emulator lists no abandoned delivery: %+v", st.DeliveryCounts)
	}
	first := st.Deliveries[i]
	return expect(out, "abandoned_deliveries",
		fmt.Sprintf("count = %d", st.DeliveryCounts[contio.DeliveryAbandoned]),
		fmt.Sprintf("first_attempts = %d", first.Attempts),
		fmt.Sprintf("first_last_error = %q", first.LastError))
}

func (d *demo) reEnable() error {
	caption("6. Re-enabling without pending_disposition is refused at plan time; with deliver, the backlog goes out")
	out, err := d.tfFails("plan")
	if err != nil {
		return err
	}
	show(grep(out, "Error:", `"deliver":`, `"abandon":`))
	if err := expect(out, "Error: Re-enabling webhooks requires pending_disposition"); err != nil {
		return err
	}

	fmt.Println("   the endpoint is fixed; the config now says pending_disposition = \"deliver\"")
	if err := d.control("PATCH", "/apps/"+d.clientID, map[string]any{"webhook_url": d.emuURL + emulator.SinkOKPath}, nil); err != nil {
		return err
	}
	if err := d.configure(func(c *config) { c.disposition = "deliver" }); err != nil {
		return err
	}
	out, err = d.tf("apply", "-auto-approve")
	if err != nil {
		return err
	}
	show(paragraphs(out, "Warning: Re-enabling", "pending deliveries", "Apply complete!"))
	if err := expect(out, "Warning: Re-enabling webhooks will deliver the backlog", "5 pending deliveries", "Apply complete! Resources: 0 added, 1 changed"); err != nil {
		return err
	}
	st, err := d.state()
	if err != nil {
		return err
	}
	fmt.Printf("   after apply: webhook_enabled=%t, pending=%d (queued for the next cycle)\n", st.App.WebhookEnabled, st.DeliveryCounts[contio.DeliveryPending])
	if !st.App.WebhookEnabled || st.DeliveryCounts[contio.DeliveryPending] != 5 {
		return fmt.Errorf("want enabled with 5 pending deliveries, got %+v", st.DeliveryCounts)
	}
	var cycle emulator.CycleReport
	if err := d.control("POST", "/deliver", nil, &cycle); err != nil {
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
	var learned emulator.EventTypesAnswer
	if err := d.control("POST", "/event-types", map[string]any{"event_types": []string{newType}}, &learned); err != nil {
		return err
	}
	if !slices.Contains(learned.Added, newType) {
		return fmt.Errorf("the emulator did not learn %s: %+v", newType, learned)
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
	fmt.Printf("   Contio's filter now: %s %v\n", st.App.WebhookFilter.Type, st.App.WebhookFilter.Events)
	if st.App.WebhookFilter == nil || !slices.Contains(st.App.WebhookFilter.Events, newType) {
		return fmt.Errorf("after the apply Contio's filter lacks %s: %+v", newType, st.App.WebhookFilter)
	}
	return nil
}

// adopt brings the app's current settings under management from a fresh
// directory: terraform query lists them and writes the resource and import
// blocks, and a plan of those blocks only imports.
func (d *demo) adopt() error {
	caption("9. Adoption: terraform query -generate-config-out writes resource and import blocks for the app")
	if d.cli.product != "Terraform" || d.cli.major < 1 || (d.cli.major == 1 && d.cli.minor < 14) {
		fmt.Printf("   skipped: list blocks and terraform query need Terraform 1.14 or later; this is %s\n", d.cli.version)
		return nil
	}
	dir := filepath.Join(d.tmp, "adopt")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Query needs a .tf file beside the .tfquery.hcl one ("No configuration
	// files" otherwise), naming the provider's source: a terraform block is
	// not allowed in .tfquery.hcl. With dev_overrides it needs no init and
	// no lock file.
	files := map[string]string{
		"main.tf": `terraform {
  required_providers {
    contio = {
      source = "contio/contio"
    }
  }
}
`,
		"adopt.tfquery.hcl": `# Credentials and CONTIO_ADDITIONAL_EVENT_TYPES come from the environment.
provider "contio" {}

list "contio_webhook_status" "all" {
  provider = contio
}

list "contio_webhook_filter" "all" {
  provider = contio
}
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return err
		}
	}
	fmt.Println("   a fresh directory: main.tf names contio/contio; adopt.tfquery.hcl has the provider block and two list blocks")
	// The filter lists meeting.transcribed, which the plan below checks
	// against the provider's catalog: the environment variable reaches both
	// the query's provider block and the plan's default one.
	env := append(slices.Clone(d.env), "CONTIO_ADDITIONAL_EVENT_TYPES=meeting.transcribed")
	out, err := d.tfIn(dir, env, "query", "-generate-config-out=generated.tf")
	if err != nil {
		return err
	}
	show(grep(out, "list.contio_"))
	if err := expect(out, "list.contio_webhook_status.all", "list.contio_webhook_filter.all"); err != nil {
		return err
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		return err
	}
	fmt.Println("   generated.tf:")
	var body []string
	for _, l := range strings.Split(string(generated), "\n") {
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "#") {
			body = append(body, l)
		}
	}
	show(body)
	if err := expect(string(generated), `resource "contio_webhook_status" "all_0"`, `resource "contio_webhook_filter" "all_0"`,
		"to = contio_webhook_status.all_0", "to = contio_webhook_filter.all_0", `"meeting.transcribed"`); err != nil {
		return err
	}
	if n := strings.Count(strings.Join(strings.Fields(string(generated)), " "), fmt.Sprintf("client_id = %q", d.clientID)); n != 2 {
		return fmt.Errorf("generated.tf names client_id = %q %d times, want 2 (one import block per resource)", d.clientID, n)
	}

	out, err = d.tfIn(dir, env, "plan")
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

// configure changes the working directory's configuration.
func (d *demo) configure(change func(*config)) error {
	change(&d.cfg)
	return os.WriteFile(filepath.Join(d.work, "main.tf"), []byte(d.cfg.String()), 0o600)
}

// tf runs the CLI in the working directory and fails when it does.
func (d *demo) tf(args ...string) (string, error) {
	return d.tfIn(d.work, d.env, args...)
}

// tfIn runs the CLI in dir with env and fails when it does.
func (d *demo) tfIn(dir string, env []string, args ...string) (string, error) {
	out, err := d.exec(dir, env, args...)
	if err != nil {
		return out, fmt.Errorf("%s %s: %v\n%s", d.cli.name, strings.Join(args, " "), err, out)
	}
	return out, nil
}

// tfFails runs the CLI in the working directory and fails when it does not.
func (d *demo) tfFails(args ...string) (string, error) {
	out, err := d.exec(d.work, d.env, args...)
	if err == nil {
		return out, fmt.Errorf("%s %s succeeded, but it should have been refused:\n%s", d.cli.name, strings.Join(args, " "), out)
	}
	return out, nil
}

func (d *demo) exec(dir string, env []string, args ...string) (string, error) {
	fmt.Printf("   $ %s %s\n", d.cli.name, strings.Join(args, " "))
	cmd := exec.CommandContext(d.ctx, d.cli.path, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// driftCheck runs examples/ci/drift-check.sh in the working directory with the
// demo's CLI, shows what it prints, and returns its drift lines and exit code.
func (d *demo) driftCheck() (lines []string, code int, err error) {
	fmt.Printf("   $ TF_BIN=%s examples/ci/drift-check.sh\n", d.cli.name)
	cmd := exec.CommandContext(d.ctx, "bash", d.driftScript)
	cmd.Dir, cmd.Env = d.work, append(slices.Clone(d.env), "TF_BIN="+d.cli.path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return nil, 0, fmt.Errorf("drift-check.sh: %v", err)
		}
		code = exit.ExitCode()
	}
	lines = nonEmptyLines(stdout.String())
	show(lines)
	for _, l := range nonEmptyLines(stderr.String()) {
		fmt.Printf("   | (stderr) %s\n", l)
	}
	if code == 0 && len(lines) == 0 {
		fmt.Println("   exit code 0: no drift")
	} else {
		fmt.Printf("   exit code %d\n", code)
	}
	return lines, code, nil
}

// control calls the emulator's control API.
func (d *demo) control(method, path string, body, out any) error {
	var rdr bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&rdr).Encode(body); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(d.ctx, method, d.emuURL+emulator.ControlPrefix+path, &rdr)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func (d *demo) state() (emulator.AppState, error) {
	var st emulator.AppState
	return st, d.control("GET", "/apps/"+d.clientID, nil, &st)
}

// findCLI is $TF_BIN when set (Terraform or OpenTofu), else the terraform
// scripts/install-tools.sh put in .tools/bin, else terraform on PATH; and
// what its version line says it is.
func findCLI(ctx context.Context) (cli, error) {
	path, err := cliPath()
	if err != nil {
		return cli{}, err
	}
	// Only the version line matters: the CLI may print warnings about the
	// environment's CLI configuration before it.
	cmd := exec.CommandContext(ctx, path, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return cli{}, fmt.Errorf("%s version: %v\n%s", path, err, out)
	}
	m := versionLine.FindStringSubmatch(string(out))
	if m == nil {
		return cli{}, fmt.Errorf("%s version printed no Terraform or OpenTofu version line:\n%s", path, out)
	}
	c := cli{path: path, name: "terraform", product: m[1], version: strings.Join(strings.Fields(m[0]), " ")}
	if c.product == "OpenTofu" {
		c.name = "tofu"
	}
	c.major, _ = strconv.Atoi(m[2]) // the pattern matched digits
	c.minor, _ = strconv.Atoi(m[3])
	return c, nil
}

// versionLine is the first line of `terraform version` or `tofu version`,
// with the platform line after it when there is one.
var versionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\d+)\.(\d+)\.\d+\S*(\non \S+)?`)

func cliPath() (string, error) {
	if p := os.Getenv("TF_BIN"); p != "" {
		if !filepath.IsAbs(p) { // lenient: a name on PATH or a relative path
			lp, err := exec.LookPath(p)
			if err != nil {
				return "", fmt.Errorf("TF_BIN=%s: %v", p, err)
			}
			if p, err = filepath.Abs(lp); err != nil {
				return "", err
			}
		}
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("TF_BIN: %v", err)
		}
		return p, nil
	}
	if abs, err := filepath.Abs(".tools/bin/terraform"); err == nil {
		if _, err := os.Stat(abs); err == nil {
			return abs, nil
		}
	}
	if p, err := exec.LookPath("terraform"); err == nil {
		return filepath.Abs(p)
	}
	return "", errors.New("no terraform CLI: set TF_BIN, or run scripts/install-tools.sh (make tools) first")
}

// environWithout is the environment without the variables whose names start
// with prefix: the provider's settings come from the demo alone.
func environWithout(prefix string) []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, prefix) })
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

func caption(s string) { fmt.Printf("\n== %s\n", s) }

func show(lines []string) {
	for _, l := range lines {
		fmt.Println(strings.TrimRight("   | "+l, " "))
	}
}

// expect fails unless out contains every want. Runs of white space match any
// run of white space, since the CLI wraps diagnostics to its width.
func expect(out string, wants ...string) error {
	flat := strings.Join(strings.Fields(out), " ")
	for _, w := range wants {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
			return fmt.Errorf("the output lacks %q:\n%s", w, out)
		}
	}
	return nil
}

// grep returns the lines of out containing any of the needles.
func grep(out string, needles ...string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		for _, n := range needles {
			if strings.Contains(l, n) {
				lines = append(lines, strings.TrimRight(l, " "))
				break
			}
		}
	}
	return lines
}

// paragraphs returns the paragraphs of out (runs of lines between blank
// lines) containing any of the needles, whole, so that the CLI's wrapping of
// a diagnostic does not cut a sentence; a blank line separates them.
func paragraphs(out string, needles ...string) []string {
	var lines []string
	for _, p := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n\n") {
		p = strings.Trim(p, "\n")
		flat := strings.Join(strings.Fields(p), " ")
		for _, n := range needles {
			if strings.Contains(flat, n) {
				if len(lines) > 0 {
					lines = append(lines, "")
				}
				lines = append(lines, nonEmptyLines(p)...)
				break
			}
		}
	}
	return lines
}

func nonEmptyLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func lastLines(out string, n int) []string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[max(len(lines)-n, 0):]
}
