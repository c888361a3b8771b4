#!/usr/bin/env bash
# Budget check latency against a running product (./observatory up): GET /api/v1/budgets/{id}/check and the bulk
# GET /api/v1/budgets/check at a fixed rate (default 1,000 checks/s, half bulk, for 30 s after a 5 s warm-up), while
# OTLP/JSON model calls (default 1,000 spans/s) feed the same budgets. Creates three budgets and deletes them at the end.
# Usage: bench/run-budget-check.sh [BudgetCheck options…]   e.g.  bench/run-budget-check.sh --rate 2000 --bulk-share 0
# Environment: OBSERVATORY_API (default http://127.0.0.1:8080), OBSERVATORY_OTLP_HTTP (default http://127.0.0.1:4318),
#              OBSERVATORY_API_KEY (for Auth:Mode=keys: an admin key with ingest and query rights), RESULTS_DIR (default bench/results).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
require_product
dll="$root/bench/BudgetCheck/bin/Release/net10.0/Observatory.BudgetCheck.dll"
build_tool BudgetCheck "$root/bench/BudgetCheck/BudgetCheck.csproj" "$dll"

args=("$@")
defaults=()
has --api  || defaults+=(--api "$api")
has --otlp || defaults+=(--otlp "$otlp")
has --json || defaults+=(--json "$results/budget-check-$stamp.json")
if [[ -n "${OBSERVATORY_API_KEY:-}" ]] && ! has --key; then defaults+=(--key "$OBSERVATORY_API_KEY"); fi

exec dotnet "$dll" "${defaults[@]}" "${args[@]}"
