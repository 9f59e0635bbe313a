#!/usr/bin/env bash
# Runs the curl examples of Contio's Webhook Management page, as written there, against a running
# contio-emulator, and checks that each answers as the page says.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

go build -o "$tmp/contio-emulator" "$root/cmd/contio-emulator"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18085)
API_KEY=ck_seed_examples
CLIENT_ID=app_7f3c
"$tmp/contio-emulator" --addr "127.0.0.1:$port" --client-id "$CLIENT_ID" --api-key "$API_KEY" >"$tmp/emulator.log" 2>&1 &
emu_pid=$!
BASE="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$BASE/_emulator/v1/clock" >/dev/null && break; sleep 0.05; done

pass=0
fail=0
# check NAME WANT_STATUS WANT_BODY_FRAGMENT CURL_ARGS...: curl as the seed writes it,
# with https://api.contio.ai replaced by the emulator's address.
check() {
	local name=$1 want_status=$2 want=$3
	shift 3
	local args=("${@//https:\/\/api.contio.ai/$BASE}")
	local out status body
	out=$(curl -s -w '\n%{http_code}' "${args[@]}")
	status=${out##*$'\n'}
	body=${out%$'\n'*}
	if [ "$status" = "$want_status" ] && [[ "$body" == *"$want"* ]]; then
		printf 'ok    %s (HTTP %s)\n' "$name" "$status"
		pass=$((pass + 1))
	else
		printf 'FAIL  %s: HTTP %s, want %s with %s\n      %s\n' "$name" "$status" "$want_status" "$want" "$body"
		fail=$((fail + 1))
	fi
}

check "Checking Webhook Status" 200 '"webhook_enabled":true' \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	https://api.contio.ai/v1/partner/admin/app

check "Disabling Webhooks" 200 '"webhook_enabled":false' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"enabled": false}' \
	https://api.contio.ai/v1/partner/admin/webhook-status

check "Pending Disposition Required" 400 '"error":"pending_disposition_required"' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"enabled": true}' \
	https://api.contio.ai/v1/partner/admin/webhook-status

check "Re-Enabling Webhooks (deliver)" 200 '"webhook_enabled":true' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"enabled": true, "pending_disposition": "deliver"}' \
	https://api.contio.ai/v1/partner/admin/webhook-status

check "Disabling Webhooks (again)" 200 '"webhook_enabled":false' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"enabled": false}' \
	https://api.contio.ai/v1/partner/admin/webhook-status

check "Re-Enabling Webhooks (abandon)" 200 '"webhook_enabled":true' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"enabled": true, "pending_disposition": "abandon"}' \
	https://api.contio.ai/v1/partner/admin/webhook-status

check "Setting a Filter" 200 '"webhook_filter":{"type":"include","events":["meeting.created","meeting.completed"]}' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"type": "include", "events": ["meeting.created", "meeting.completed"]}' \
	https://api.contio.ai/v1/partner/admin/webhook-filter

check "Removing a Filter" 200 '"webhook_filter":null' \
	-X DELETE \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	https://api.contio.ai/v1/partner/admin/webhook-filter

check "Invalid event types in a filter request" 400 '"valid_event_types":["meeting.created"' \
	-X PUT \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	-H "Content-Type: application/json" \
	-d '{"type": "include", "events": ["meeting.exploded"]}' \
	https://api.contio.ai/v1/partner/admin/webhook-filter

check "Review recent delivery failures" 200 '"data":[' \
	-H "X-API-Key: $API_KEY" \
	-H "X-Client-ID: $CLIENT_ID" \
	https://api.contio.ai/v1/partner/admin/webhook-deliveries

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
