#!/usr/bin/env bash
# Live-stream latency against a running product (./observatory up): export acknowledgement → SSE event on
# GET /api/v1/live/traces, under a fixed OTLP/HTTP load (default 5,000 spans/s for 30 s after a 5 s warm-up).
# Usage: bench/run-live.sh [LiveLatency options…]   e.g.  bench/run-live.sh --rate 10000 --duration 60
# Environment: OBSERVATORY_API (default http://127.0.0.1:8080), OBSERVATORY_OTLP_HTTP (default http://127.0.0.1:4318),
#              OBSERVATORY_API_KEY (for Auth:Mode=keys: a key with ingest and query rights), RESULTS_DIR (default bench/results).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
require_product
dll="$root/bench/LiveLatency/bin/Release/net10.0/Observatory.LiveLatency.dll"
build_tool LiveLatency "$root/bench/LiveLatency/LiveLatency.csproj" "$dll"

args=("$@")
defaults=()
has --api  || defaults+=(--api "$api")
has --otlp || defaults+=(--otlp "$otlp")
has --json || defaults+=(--json "$results/live-$stamp.json")
if [[ -n "${OBSERVATORY_API_KEY:-}" ]] && ! has --key; then defaults+=(--key "$OBSERVATORY_API_KEY"); fi

exec dotnet "$dll" "${defaults[@]}" "${args[@]}"
