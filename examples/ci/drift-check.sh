#!/usr/bin/env bash
# drift-check.sh: has anything managed by this Terraform working directory been
# changed outside Terraform? Run it in an initialised working directory:
#
#   drift-check.sh [--outputs] [--summary FILE]    # TF_BIN=tofu for OpenTofu
#
# It prints one line per drifted attribute on stdout, for example
#
#   contio_webhook_status.this: enabled true -> false (disabled outside Terraform (Contio's auto-disable, or a person))
#   contio_webhook_filter.this: events ["meeting.created"] -> ["meeting.completed"] (changed outside Terraform)
#   contio_webhook_filter.this: removed outside Terraform (no filter: every event is delivered)
#
# and exits 0 (no drift), 2 (drift) or 1 (error: the CLI's error diagnostics
# go to stderr; also when the state holds no managed resource, as when the
# backend points at the wrong state). It changes nothing: the plan it makes is
# thrown away.
#
#   --outputs       also list changed root outputs after the drift, as
#                   "output.NAME: BEFORE -> AFTER (...)". They are not drift and
#                   do not change the exit code; without it they are not mentioned.
#   --summary FILE  append a Markdown report to FILE (a CI job summary such as
#                   $GITHUB_STEP_SUMMARY): the drift, and what to do about it with
#                   commands that work in the state it reports.
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
outputs=
summary=

usage() {
	sed -n 's/^#   drift-check.sh /usage: drift-check.sh /p' "$0" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case $1 in
	--outputs) outputs=1 ;;
	--summary)
		[ $# -ge 2 ] || usage
		summary=$2
		shift
		;;
	--summary=*) summary=${1#--summary=} ;;
	*) usage ;;
	esac
	shift
done

# The working directory's name, for the summary's headings.
name=$(basename "$PWD")

# report TEXT: append Markdown to the summary file, if there is one.
report() {
	[ -z "$summary" ] || printf '%s\n' "$@" >>"$summary"
}

# fail MESSAGE [DETAILS]: stop with exit code 1, the message and the details
# on stderr and in the summary.
fail() {
	printf 'drift-check: %s\n' "$1" >&2
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" >&2; fi
	report "### Drift check failed in \`$name\`" "" "$1" ""
	if [ -n "${2:-}" ]; then report '```text' "$2" '```' ""; fi
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
	details=$(
		[ -n "$errors" ] && printf '%s\n' "$errors"
		# What the CLI printed outside the JSON stream (flag errors, crashes).
		"$jq" -R -r 'select((fromjson? // null) == null)' "$tmp/plan.jsonl"
		cat "$tmp/plan.stderr"
	)
	fail "'$tf plan -refresh-only' failed (exit code $rc):" "$details"
fi

# Which CLI this is, from the stream's version line (its "terraform" or
# "tofu" field, or a message such as "OpenTofu 1.12.6"), else from TF_BIN's
# name: the advice names its command, and its actions only where it has them.
read -r cli version < <(stream | "$jq" -r 'select(.type == "version")
	| if has("tofu") or ((."@message" // "") | startswith("OpenTofu")) then "tofu \(.tofu // (."@message" | split(" ")[1]))"
	  else "terraform \(.terraform // "")" end' | head -n1)
if [ -z "${cli:-}" ]; then
	case $(basename "$tf") in tofu*) cli=tofu ;; *) cli=terraform ;; esac
fi
IFS=. read -r major minor _ <<<"${version:-0.0.0}"
actions=
if [ "$cli" = terraform ] && { [ "${major:-0}" -gt 1 ] || { [ "${major:-0}" -eq 1 ] && [ "${minor:-0}" -ge 14 ]; }; }; then
	actions=1
fi

# Resources the stream reports drifted. "move" (a moved block, nothing changed
# outside Terraform) and "noop" are not drift.
stream | "$jq" -s -c '[.[] | select(.type == "resource_drift")
	| select(.change.action != "move" and .change.action != "noop")
	| {addr: .change.resource.addr, action: .change.action}]' >"$tmp/stream-drift.json" ||
	fail "cannot read the CLI's JSON output with $jq"

"$tf" show -json "$plan" >"$tmp/plan.json" 2>"$tmp/show.stderr" ||
	fail "'$tf show -json' of the refresh-only plan failed:" "$(cat "$tmp/show.stderr")"

# Without a managed resource in the state there is nothing to compare: a
# backend pointing at the wrong state, or none. That is no "no drift".
# prior_state is the state after refresh, so a resource deleted outside
# Terraform is missing from it: it counts through its drift.
managed=$("$jq" --slurpfile stream "$tmp/stream-drift.json" '([.prior_state.values.root_module // empty | recurse(.child_modules[]?) | .resources[]? | select(.mode == "managed")] | length)
	+ ([(.resource_drift // [])[] | select(.mode == "managed")] | length) + ($stream[0] | length)' "$tmp/plan.json") ||
	fail "cannot read '$tf show -json' output with $jq"
if [ "$managed" = 0 ]; then
	fail "the state holds no managed resource, so there is nothing to compare: is the backend configured, and does it point at the state of the last apply?"
fi

# One entry per drifted attribute: the resource, whether it is delivery being
# disabled, and the line. Values are printed as JSON; sensitive ones are never
# printed. The reason says what the change means for Contio.
# shellcheck disable=SC2016 # $names in the program are jq's, not the shell's
"$jq" -c --slurpfile stream "$tmp/stream-drift.json" '
	def anytrue: if type == "boolean" then . elif type == "object" or type == "array" then any(.[]; anytrue) else false end;
	def sens($s; $k): ($s == true) or (($s | type) == "object" and (($s[$k] // false) | anytrue));
	def disabled($type; $k; $b; $a): $type == "contio_webhook_status" and $k == "enabled" and $b == true and $a == false;
	def reason($type; $k; $b; $a):
		if disabled($type; $k; $b; $a)
		then "disabled outside Terraform (Contio'"'"'s auto-disable, or a person)"
		elif $type == "contio_webhook_status" and $k == "enabled" and $b == false and $a == true
		then "re-enabled outside Terraform, e.g. by the contio_webhook_reenable action; if that is what you want, apply -refresh-only records it"
		else "changed outside Terraform" end;
	[(.resource_drift // [])[] | select(.mode == "managed")] as $drift
	| [($drift[]
	  | .address as $addr | .type as $type | .change as $c
	  | if ($c.actions | index("delete")) != null and $c.after == null then
	      {addr: $addr, line: ("\($addr): removed outside Terraform"
	        + (if $type == "contio_webhook_filter" then " (no filter: every event is delivered)" else "" end))}
	    elif $c.actions == ["no-op"] then empty
	    else
	      ($c.before // {}) as $before | ($c.after // {}) as $after
	      | ([$before, $after] | map(keys[]) | unique[]) as $k
	      | select($before[$k] != $after[$k])
	      | if sens($c.before_sensitive; $k) or sens($c.after_sensitive; $k)
	        then {addr: $addr, line: "\($addr): \($k) (sensitive value) changed outside Terraform"}
	        else {addr: $addr, disabled: disabled($type; $k; $before[$k]; $after[$k]),
	              line: "\($addr): \($k) \($before[$k] | tojson) -> \($after[$k] | tojson) (\(reason($type; $k; $before[$k]; $after[$k])))"}
	        end
	    end),
	  # Drift the stream reported but the saved plan does not detail.
	  ($stream[0][] | select(.addr as $a | $drift | map(.address) | index($a) | not)
	   | {addr: .addr, line: "\(.addr): changed outside Terraform (\(.action); the saved plan has no details)"})]
	' "$tmp/plan.json" >"$tmp/drift.json" || fail "cannot read '$tf show -json' output with $jq"
lines=$("$jq" -r '.[].line' "$tmp/drift.json")

# Changed root outputs, only when asked: a refresh-only plan reports an output
# that reads a data source as changed whenever the data changed, which is not
# drift (the CLI's exit code 2 for it is what this script does not trust).
output_lines=
if [ -n "$outputs" ]; then
	# shellcheck disable=SC2016
	output_lines=$("$jq" -r '
		(.output_changes // {}) | to_entries[] | select(.value.actions != ["no-op"]) | .key as $n | .value as $c
		| if ($c.before_sensitive == true) or ($c.after_sensitive == true)
		  then "output.\($n): (sensitive value) changed (an output, not drift)"
		  else "output.\($n): \($c.before | tojson) -> \(if $c.after_unknown == true then "(known after apply)" else ($c.after | tojson) end) (an output, not drift)"
		  end' "$tmp/plan.json") || fail "cannot read '$tf show -json' output with $jq"
fi

# target_flags: -target=ADDR for each resource that drifted in another way
# than delivery being disabled, quoted for a shell where needed.
target_flags() {
	"$jq" -r '[.[] | select(.disabled != true) | .addr] - [.[] | select(.disabled == true) | .addr] | unique[]
		| if test("^[A-Za-z0-9_.-]+$") then "-target=\(.)" else "'"'"'-target=\(.)'"'"'" end' "$tmp/drift.json" | paste -sd' ' -
}

if [ -z "$lines" ]; then
	[ -z "$output_lines" ] || printf '%s\n' "$output_lines"
	report "### No drift in \`$name\`" ""
	if [ -n "$output_lines" ]; then report "Outputs changed (not drift):" "" '```text' "$output_lines" '```' ""; fi
	exit 0
fi
if [ "$rc" -eq 0 ]; then
	echo "drift-check: the CLI exited 0 although it reported drift; reporting the drift" >&2
fi
printf '%s\n' "$lines"
[ -z "$output_lines" ] || printf '%s\n' "$output_lines"

if [ -n "$summary" ]; then
	report "### Drift in \`$name\`: changed outside Terraform since the last apply" "" '```text' "$lines" '```' ""
	targets=$(target_flags)
	if "$jq" -e 'any(.[]; .disabled == true)' "$tmp/drift.json" >/dev/null; then
		report "**Webhook delivery was disabled outside Terraform** (Contio's auto-disable, or a person). While it is," \
			"\`$cli apply\` is refused (*Re-enabling webhooks requires pending_disposition*): a person decides what happens" \
			"to the events Contio queued meanwhile. The runbook (the provider's troubleshooting guide):" "" \
			"1. Check the endpoint: reachable, and answering \`2xx\` quickly." \
			"2. Review the failures: the \`contio_webhook_deliveries\` data source." \
			"3. Fix it, then re-enable deliberately:"
		if [ -n "$actions" ]; then
			report "   \`terraform apply -invoke=action.contio_webhook_reenable.deliver\` (the action declared as in" \
				"   \`reenable.tf\`), or one \`terraform apply\` with \`pending_disposition\` set on \`contio_webhook_status\`, then remove it."
		else
			report "   one \`$cli apply\` with \`pending_disposition\` set on \`contio_webhook_status\`, then remove it."
		fi
		report "" "If it was disabled on purpose, set \`enabled = false\` in the configuration and record it with" \
			"\`$cli apply -refresh-only\`. Otherwise do not: this check would then report the re-enable as drift." ""
		if [ -n "$targets" ]; then
			report "The other changes: while delivery is disabled, only a targeted apply runs. To undo them," \
				"\`$cli apply $targets\`; to keep them, \`$cli apply -refresh-only $targets\`, then edit the" \
				"configuration to match." ""
		fi
	else
		report "To undo these changes, \`$cli apply\`; to keep them, \`$cli apply -refresh-only\`, then edit the" \
			"configuration to match." ""
	fi
	if [ -n "$output_lines" ]; then report "Outputs changed (not drift):" "" '```text' "$output_lines" '```' ""; fi
fi
exit 2
