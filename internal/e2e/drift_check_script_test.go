package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeCLI is a stand-in for terraform that replays a canned refresh-only
// plan: the JSON stream and exit code of `plan`, and the `show -json` output.
const fakeCLI = `#!/usr/bin/env bash
case "$1" in
plan)
	for a in "$@"; do
		case $a in -out=*) echo plan >"${a#-out=}" ;; esac
	done
	cat "$FAKE_DIR/plan.jsonl"
	exit "$(cat "$FAKE_DIR/plan.rc")"
	;;
show) cat "$FAKE_DIR/show.json" ;;
*) echo "fake terraform: unexpected $*" >&2; exit 1 ;;
esac
`

// Canned pieces of the CLI's JSON.
const (
	streamStart   = `{"@level":"info","@message":"Terraform 1.14.9","type":"version","terraform":"1.14.9","ui":"1.2"}`
	streamDrift   = `{"@level":"info","@message":"%[1]s: Drift detected (%[2]s)","type":"resource_drift","change":{"resource":{"addr":"%[1]s","resource_type":"%[3]s"},"action":"%[2]s"}}`
	streamSummary = `{"@level":"info","@message":"Plan: 0 to add, 0 to change, 0 to destroy.","type":"change_summary","changes":{"add":0,"change":0,"import":0,"remove":0,"operation":"plan"}}`
	tofuStart     = `{"@level":"info","@message":"OpenTofu 1.12.6","type":"version","tofu":"1.12.6","ui":"1.2"}`
	oldStart      = `{"@level":"info","@message":"Terraform 1.5.7","type":"version","terraform":"1.5.7","ui":"1.1"}`
	statusDrift   = `{"address":"contio_webhook_status.this","mode":"managed","type":"contio_webhook_status","name":"this","change":{"actions":["update"],"before":{"enabled":true,"id":"app_1","pending_disposition":null},"after":{"enabled":false,"id":"app_1","pending_disposition":null},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}`
	filterDrift   = `{"address":"contio_webhook_filter.this","mode":"managed","type":"contio_webhook_filter","name":"this","change":{"actions":["update"],"before":{"events":["a","b"],"id":"app_1","type":"include"},"after":{"events":["a"],"id":"app_1","type":"include"},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}`
	priorState    = `{"values":{"root_module":{"resources":[{"address":"contio_webhook_status.this","mode":"managed","type":"contio_webhook_status","name":"this","values":{"enabled":true,"id":"app_1"}}]}}}`
)

func stream(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func drift(addr, action, typ string) string {
	return strings.NewReplacer("%[1]s", addr, "%[2]s", action, "%[3]s", typ).Replace(streamDrift)
}

func show(resourceDrift ...string) string {
	return `{"format_version":"1.2","prior_state":` + priorState + `,"resource_drift":[` + strings.Join(resourceDrift, ",") + `]}`
}

// Lines and summary paragraphs the cases below expect.
const (
	disabledLine  = "contio_webhook_status.this: enabled true -> false (disabled outside Terraform (Contio's auto-disable, or a person))"
	filterLine    = `contio_webhook_filter.this: events ["a","b"] -> ["a"] (changed outside Terraform)`
	refusedAdvice = " apply` is refused (*Re-enabling webhooks requires pending_disposition*)"
	plainUndo     = "To undo these changes, `terraform apply`"
)

// TestDriftCheckScript covers what a real CLI cannot be made to do on demand:
// exit codes that disagree with the reported drift, moves, sensitive values,
// output that is not JSON, and the advice of the summary for each CLI. It
// needs bash and a jq (gojq, built), no CLI.
func TestDriftCheckScript(t *testing.T) {
	dir := t.TempDir()
	cli := filepath.Join(dir, "terraform")
	if err := os.WriteFile(cli, []byte(fakeCLI), 0o700); err != nil {
		t.Fatal(err)
	}
	outputChange := `{"format_version":"1.2","prior_state":` + priorState + `,"output_changes":{"x":{"actions":["update"],"before":1,"after":2},"same":{"actions":["no-op"],"before":1,"after":1}}}`
	for _, tc := range []struct {
		name        string
		args        []string
		plan        string
		rc          string
		show        string
		wantCode    int
		wantLines   []string
		wantStderr  string
		noStderr    bool     // stderr must be empty
		wantSummary []string // in the --summary file, in this order
		notSummary  []string
	}{
		{
			name:        "exit 0 although resources drifted (opentofu/opentofu#3107)",
			plan:        stream(streamStart, drift("contio_webhook_status.this", "update", "contio_webhook_status"), streamSummary),
			rc:          "0",
			show:        show(statusDrift),
			wantCode:    2,
			wantLines:   []string{disabledLine},
			wantStderr:  "exited 0 although it reported drift",
			wantSummary: []string{"### Drift in", disabledLine, "terraform" + refusedAdvice, "1. Check the endpoint", "-invoke=action.contio_webhook_reenable.deliver"},
			notSummary:  []string{"-target", plainUndo},
		},
		{
			name:        "exit 2 for an output change alone (hashicorp/terraform#37406) says nothing of outputs",
			plan:        stream(streamStart, `{"@level":"info","@message":"Outputs: 1","type":"outputs","outputs":{"x":{"action":"update"}}}`, streamSummary),
			rc:          "2",
			show:        outputChange,
			wantCode:    0,
			noStderr:    true,
			wantSummary: []string{"### No drift in"},
			notSummary:  []string{"output"},
		},
		{
			name:        "--outputs lists changed outputs, not as drift",
			args:        []string{"--outputs"},
			plan:        stream(streamStart, `{"@level":"info","@message":"Outputs: 1","type":"outputs","outputs":{"x":{"action":"update"}}}`, streamSummary),
			rc:          "2",
			show:        outputChange,
			wantCode:    0,
			wantLines:   []string{"output.x: 1 -> 2 (an output, not drift)"},
			noStderr:    true,
			wantSummary: []string{"### No drift in", "Outputs changed (not drift):", "output.x: 1 -> 2"},
		},
		{
			name: "a moved block is not drift",
			plan: stream(streamStart, drift("contio_webhook_status.new", "move", "contio_webhook_status"), streamSummary),
			rc:   "2",
			show: show(`{"address":"contio_webhook_status.new","previous_address":"contio_webhook_status.this","mode":"managed","type":"contio_webhook_status","name":"new",` +
				`"change":{"actions":["no-op"],"before":{"enabled":true},"after":{"enabled":true},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}`),
			wantCode: 0,
		},
		{
			name: "sensitive values are never printed",
			plan: stream(streamStart, drift("other_thing.x", "update", "other_thing"), streamSummary),
			rc:   "2",
			show: show(`{"address":"other_thing.x","mode":"managed","type":"other_thing","name":"x",` +
				`"change":{"actions":["update"],"before":{"token":"s3cret-1","tags":["a"]},"after":{"token":"s3cret-2","tags":["a","b"]},"after_unknown":{},"before_sensitive":{"token":true},"after_sensitive":{"token":true}}}`),
			wantCode: 2,
			wantLines: []string{
				`other_thing.x: tags ["a"] -> ["a","b"] (changed outside Terraform)`,
				"other_thing.x: token (sensitive value) changed outside Terraform",
			},
		},
		{
			name:      "drift in the stream that the saved plan does not detail",
			plan:      stream(streamStart, drift("contio_webhook_status.this", "update", "contio_webhook_status"), streamSummary),
			rc:        "2",
			show:      show(),
			wantCode:  2,
			wantLines: []string{"contio_webhook_status.this: changed outside Terraform (update; the saved plan has no details)"},
		},
		{
			name:        "a failure outside the JSON stream",
			plan:        "flag provided but not defined: -bogus\n",
			rc:          "1",
			wantCode:    1,
			wantStderr:  "flag provided but not defined",
			wantSummary: []string{"### Drift check failed in", "failed (exit code 1)", "flag provided but not defined"},
		},
		{
			name:        "an empty state fails: nothing to compare",
			plan:        stream(streamStart, streamSummary),
			rc:          "0",
			show:        `{"format_version":"1.2","prior_state":{"format_version":"1.0"}}`,
			wantCode:    1,
			wantStderr:  "the state holds no managed resource",
			wantSummary: []string{"### Drift check failed in", "the state holds no managed resource", "does it point at the state of the last apply?"},
			notSummary:  []string{"No drift"},
		},
		{
			name: "a resource attribute named resources (an IAM policy document's) is no module's resources",
			plan: stream(streamStart, streamSummary),
			rc:   "0",
			show: `{"format_version":"1.2","prior_state":{"values":{"root_module":{"resources":[` +
				`{"address":"data.aws_iam_policy_document.p","mode":"data","type":"aws_iam_policy_document","name":"p","values":{"statement":[{"resources":["arn:aws:s3:::b/*"]}]}}],` +
				`"child_modules":[{"address":"module.contio","resources":[{"address":"module.contio.contio_webhook_status.this","mode":"managed","type":"contio_webhook_status","name":"this","values":{"enabled":true}}]}]}}}}`,
			wantCode:    0,
			noStderr:    true,
			wantSummary: []string{"### No drift in"},
		},
		{
			name:      "only other drift: a plain apply undoes it",
			plan:      stream(streamStart, drift("contio_webhook_filter.this", "update", "contio_webhook_filter"), streamSummary),
			rc:        "2",
			show:      show(filterDrift),
			wantCode:  2,
			wantLines: []string{filterLine},
			wantSummary: []string{"### Drift in", filterLine,
				plainUndo + "; to keep them, `terraform apply -refresh-only`"},
			notSummary: []string{"disabled", "-target"},
		},
		{
			name: "disabled and other drift on Terraform 1.14: the runbook, and -target for the rest",
			plan: stream(streamStart, drift("contio_webhook_status.this", "update", "contio_webhook_status"),
				drift("contio_webhook_filter.this", "update", "contio_webhook_filter"), streamSummary),
			rc:        "2",
			show:      show(filterDrift, statusDrift),
			wantCode:  2,
			wantLines: []string{filterLine, disabledLine},
			wantSummary: []string{"terraform" + refusedAdvice, "-invoke=action.contio_webhook_reenable.deliver",
				"To undo them,\n`terraform apply -target=contio_webhook_filter.this`",
				"`terraform apply -refresh-only -target=contio_webhook_filter.this`"},
			notSummary: []string{plainUndo, "-target=contio_webhook_status"},
		},
		{
			name: "disabled and other drift on OpenTofu: tofu commands, no action",
			plan: stream(tofuStart, drift("contio_webhook_status.this", "update", "contio_webhook_status"),
				drift("contio_webhook_filter.this", "update", "contio_webhook_filter"), streamSummary),
			rc:       "2",
			show:     show(filterDrift, statusDrift),
			wantCode: 2,
			wantSummary: []string{"tofu" + refusedAdvice, "one `tofu apply` with `pending_disposition` set",
				"`tofu apply -target=contio_webhook_filter.this`"},
			wantLines:  []string{filterLine, disabledLine},
			notSummary: []string{"-invoke", "terraform apply"},
		},
		{
			name:        "disabled on Terraform 1.5: no action",
			plan:        stream(oldStart, drift("contio_webhook_status.this", "update", "contio_webhook_status"), streamSummary),
			rc:          "2",
			show:        show(statusDrift),
			wantCode:    2,
			wantLines:   []string{disabledLine},
			wantSummary: []string{"terraform" + refusedAdvice, "one `terraform apply` with `pending_disposition` set"},
			notSummary:  []string{"-invoke", "-target"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := t.TempDir()
			for name, content := range map[string]string{"plan.jsonl": tc.plan, "plan.rc": tc.rc, "show.json": tc.show} {
				if err := os.WriteFile(filepath.Join(fake, name), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			summary := filepath.Join(fake, "summary.md")
			e := &tfEnv{cli: cli, dir: t.TempDir(), env: append(cleanEnv(), "FAKE_DIR="+fake)}
			out, errOut := expectDriftCheckArgs(t, e, append(tc.args, "--summary", summary), tc.wantCode, tc.wantLines...)
			if !strings.Contains(errOut, tc.wantStderr) {
				t.Errorf("stderr lacks %q", tc.wantStderr)
			}
			if tc.noStderr && errOut != "" {
				t.Errorf("stderr is not empty")
			}
			b, err := os.ReadFile(summary)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("summary:\n%s", b)
			expectInOrder(t, "the summary", string(b), tc.wantSummary...)
			for _, s := range tc.notSummary {
				if strings.Contains(string(b), s) {
					t.Errorf("the summary has %q", s)
				}
			}
			for _, secret := range []string{"s3cret-1", "s3cret-2"} {
				if strings.Contains(out+errOut+string(b), secret) {
					t.Errorf("a sensitive value was printed")
				}
			}
		})
	}
}

// expectInOrder wants each of want in text, each after the one before.
func expectInOrder(t *testing.T, what, text string, want ...string) {
	t.Helper()
	rest := text
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%s lacks %q (after the ones before it)", what, w)
			continue
		}
		rest = rest[i+len(w):]
	}
}
