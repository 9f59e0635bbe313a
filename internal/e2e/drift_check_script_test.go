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
	statusDrift   = `{"address":"contio_webhook_status.this","mode":"managed","type":"contio_webhook_status","name":"this","change":{"actions":["update"],"before":{"enabled":true,"id":"app_1","pending_disposition":null},"after":{"enabled":false,"id":"app_1","pending_disposition":null},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}`
	priorState    = `{"values":{"root_module":{"resources":[{"address":"contio_webhook_status.this","mode":"managed","type":"contio_webhook_status","name":"this","values":{"enabled":true,"id":"app_1"}}]}}}`
)

func stream(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func drift(addr, action, typ string) string {
	return strings.NewReplacer("%[1]s", addr, "%[2]s", action, "%[3]s", typ).Replace(streamDrift)
}

func show(resourceDrift ...string) string {
	return `{"format_version":"1.2","prior_state":` + priorState + `,"resource_drift":[` + strings.Join(resourceDrift, ",") + `]}`
}

// TestDriftCheckScript covers what a real CLI cannot be made to do on demand:
// exit codes that disagree with the reported drift, moves, sensitive values,
// and output that is not JSON. It needs bash and a jq (gojq, built), no CLI.
func TestDriftCheckScript(t *testing.T) {
	dir := t.TempDir()
	cli := filepath.Join(dir, "terraform")
	if err := os.WriteFile(cli, []byte(fakeCLI), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		plan       string
		rc         string
		show       string
		wantCode   int
		wantLines  []string
		wantStderr string
	}{
		{
			name:       "exit 0 although resources drifted (opentofu/opentofu#3107)",
			plan:       stream(streamStart, drift("contio_webhook_status.this", "update", "contio_webhook_status"), streamSummary),
			rc:         "0",
			show:       show(statusDrift),
			wantCode:   2,
			wantLines:  []string{"contio_webhook_status.this: enabled true -> false (Contio auto-disabled delivery)"},
			wantStderr: "exited 0 although it reported drift",
		},
		{
			name:       "exit 2 for an output change alone (hashicorp/terraform#37406)",
			plan:       stream(streamStart, `{"@level":"info","@message":"Outputs: 1","type":"outputs","outputs":{"x":{"action":"update"}}}`, streamSummary),
			rc:         "2",
			show:       `{"format_version":"1.2","prior_state":` + priorState + `,"output_changes":{"x":{"actions":["update"],"before":1,"after":2}}}`,
			wantCode:   0,
			wantStderr: "exited 2 but reported no resource drift",
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
			name:       "a failure outside the JSON stream",
			plan:       "flag provided but not defined: -bogus\n",
			rc:         "1",
			wantCode:   1,
			wantStderr: "flag provided but not defined",
		},
		{
			name:       "an empty state has nothing to compare",
			plan:       stream(streamStart, streamSummary),
			rc:         "0",
			show:       `{"format_version":"1.2","prior_state":{"format_version":"1.0"}}`,
			wantCode:   0,
			wantStderr: "the state holds no managed resources",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := t.TempDir()
			for name, content := range map[string]string{"plan.jsonl": tc.plan, "plan.rc": tc.rc, "show.json": tc.show} {
				if err := os.WriteFile(filepath.Join(fake, name), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			e := &tfEnv{cli: cli, dir: t.TempDir(), env: append(cleanEnv(), "FAKE_DIR="+fake)}
			out, errOut := expectDriftCheck(t, e, tc.wantCode, tc.wantLines...)
			if !strings.Contains(errOut, tc.wantStderr) {
				t.Errorf("stderr lacks %q", tc.wantStderr)
			}
			for _, secret := range []string{"s3cret-1", "s3cret-2"} {
				if strings.Contains(out+errOut, secret) {
					t.Errorf("a sensitive value was printed")
				}
			}
		})
	}
}
