#!/usr/bin/env bash
# drift-check.sh: has anything managed by this Terraform working directory been
# changed outside Terraform? Run it in an initialised working directory:
#
#   examples/ci/drift-check.sh        # or TF_BIN=tofu examples/ci/drift-check.sh
#
# It prints one line per drifted attribute on stdout, for example
#
#   contio_webhook_status.this: enabled true -> false (Contio auto-disabled delivery)
#   contio_webhook_filter.this: events ["meeting.created"] -> ["meeting.completed"] (changed outside Terraform)
#   contio_webhook_filter.this: removed outside Terraform (no filter: every event is delivered)
#
# and exits 0 (no drift), 2 (drift) or 1 (error: the CLI's error diagnostics
# go to stderr). It changes nothing: the plan it makes is thrown away.
#
# Environment: TF_BIN (default: terraform on PATH; OpenTofu's tofu works too),
# JQ (default: jq; gojq works too). Needs bash, the CLI and jq, nothing else.
#
# Why the exit code of `plan -refresh-only -detailed-exitcode` is not trusted
# on its own: in refresh-only mode it does not mean "resources drifted".
#   - It says 2 when no managed resource drifted but a root output changed,
#     e.g. one that reads a data source (hashicorp/terraform#37406: the
#     maintainers consider that expected). Terraform 1.5.7, 1.11, 1.14 and
#     OpenTofu 1.12 all do; users have also reported 2 for plans that print
#     "No changes" (hashicorp/terraform#35117).
#   - It has said 0 although resources drifted: OpenTofu ignored drift for the
#     detailed exit code in refresh-only mode (opentofu/opentofu#3107, reported
#     on 1.10), and a drift check must work with the CLI it is given.
# So drift is decided from what the CLI reports, not from its exit code: the
# `resource_drift` messages of the -json stream say which resources drifted,
# and `show -json` of the saved plan (its resource_drift entries carry before
# and after) says which attributes. The exit code is still used to notice a
# failed run, along with the error diagnostics of the stream.
set -uo pipefail

tf=${TF_BIN:-terraform}
jq=${JQ:-jq}

fail() {
	printf 'drift-check: %s\n' "$*" >&2
	exit 1
}

command -v "$tf" >/dev/null 2>&1 || fail "no Terraform CLI: '$tf' is not on PATH (set TF_BIN)"
command -v "$jq" >/dev/null 2>&1 || fail "no jq: '$jq' is not on PATH (set JQ, or install jq or gojq)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drift-check.XXXXXX") || fail "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT
plan=$tmp/drift.tfplan

"$tf" plan -refresh-only -detailed-exitcode -json -input=false -out="$plan" \
	>"$tmp/plan.jsonl" 2>"$tmp/plan.stderr"
rc=$?

# Every JSON line of the stream; anything else the CLI printed is skipped here
# and shown with the errors below.
stream() { "$jq" -R -c 'fromjson? // empty | select(type == "object")' "$tmp/plan.jsonl"; }

# Error diagnostics, formatted like the CLI's own output.
errors=$(stream | "$jq" -r '
	select(.type == "diagnostic" and .diagnostic.severity == "error") | .diagnostic
	| "Error: \(.summary)"
	  + (if .address then "\n  with \(.address)" else "" end)
	  + (if .range then "\n  on \(.range.filename) line \(.range.start.line)" else "" end)
	  + (if (.detail // "") != "" then "\n\n" + (.detail | split("\n") | map(if . == "" then . else "  " + . end) | join("\n")) else "" end)
	  + "\n"') || fail "cannot read the CLI's JSON output with $jq"

if [ -n "$errors" ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; }; then
	{
		echo "drift-check: '$tf plan -refresh-only' failed (exit code $rc):"
		[ -n "$errors" ] && printf '%s\n' "$errors"
		# What the CLI printed outside the JSON stream (flag errors, crashes).
		"$jq" -R -r 'select((fromjson? // null) == null)' "$tmp/plan.jsonl"
		cat "$tmp/plan.stderr"
	} >&2
	exit 1
fi

# Resources the stream reports drifted. "move" (a moved block, nothing changed
# outside Terraform) and "noop" are not drift.
stream | "$jq" -s -c '[.[] | select(.type == "resource_drift")
	| select(.change.action != "move" and .change.action != "noop")
	| {addr: .change.resource.addr, action: .change.action}]' >"$tmp/stream-drift.json" ||
	fail "cannot read the CLI's JSON output with $jq"

"$tf" show -json "$plan" >"$tmp/plan.json" 2>"$tmp/show.stderr" || {
	cat "$tmp/show.stderr" >&2
	fail "'$tf show -json' of the refresh-only plan failed"
}

# One line per drifted attribute. Values are printed as JSON; sensitive ones
# are never printed. The reason says what the change means for Contio.
# shellcheck disable=SC2016 # $names in the program are jq's, not the shell's
lines=$("$jq" -r --slurpfile stream "$tmp/stream-drift.json" '
	def anytrue: if type == "boolean" then . elif type == "object" or type == "array" then any(.[]; anytrue) else false end;
	def sens($s; $k): ($s == true) or (($s | type) == "object" and (($s[$k] // false) | anytrue));
	def reason($type; $k; $b; $a):
		if $type == "contio_webhook_status" and $k == "enabled" and $b == true and $a == false
		then "Contio auto-disabled delivery"
		elif $type == "contio_webhook_status" and $k == "enabled" and $b == false and $a == true
		then "re-enabled outside Terraform, e.g. by the contio_webhook_reenable action; if that is what you want, terraform apply -refresh-only records it"
		else "changed outside Terraform" end;
	[(.resource_drift // [])[] | select(.mode == "managed")] as $drift
	| ($drift[]
	  | .address as $addr | .type as $type | .change as $c
	  | if ($c.actions | index("delete")) != null and $c.after == null then
	      "\($addr): removed outside Terraform"
	      + (if $type == "contio_webhook_filter" then " (no filter: every event is delivered)" else "" end)
	    elif $c.actions == ["no-op"] then empty
	    else
	      ($c.before // {}) as $before | ($c.after // {}) as $after
	      | ([$before, $after] | map(keys[]) | unique[]) as $k
	      | select($before[$k] != $after[$k])
	      | if sens($c.before_sensitive; $k) or sens($c.after_sensitive; $k)
	        then "\($addr): \($k) (sensitive value) changed outside Terraform"
	        else "\($addr): \($k) \($before[$k] | tojson) -> \($after[$k] | tojson) (\(reason($type; $k; $before[$k]; $after[$k])))"
	        end
	    end),
	  # Drift the stream reported but the saved plan does not detail.
	  ($stream[0][] | select(.addr as $a | $drift | map(.address) | index($a) | not)
	   | "\(.addr): changed outside Terraform (\(.action); the saved plan has no details)")
	' "$tmp/plan.json") || fail "cannot read '$tf show -json' output with $jq"

if [ -z "$lines" ]; then
	if [ "$rc" -eq 2 ]; then
		echo "drift-check: the CLI exited 2 but reported no resource drift (changed outputs, data sources or moved blocks alone are not drift); no drift" >&2
	fi
	if [ "$("$jq" '[.prior_state.values.root_module | .. | objects | .resources? // empty | .[] | select(.mode == "managed")] | length' "$tmp/plan.json")" = 0 ]; then
		echo "drift-check: the state holds no managed resources, so there is nothing to compare (is the backend configured?)" >&2
	fi
	exit 0
fi
if [ "$rc" -eq 0 ]; then
	echo "drift-check: the CLI exited 0 although it reported drift; reporting the drift" >&2
fi
printf '%s\n' "$lines"
exit 2
