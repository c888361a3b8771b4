#!/usr/bin/env bash
# Query benchmark against a running product (./observatory up): seeds the database with generated spans when it holds
# fewer than requested (binary COPY straight into PostgreSQL), then times the read API (p50/p95 per query).
# Usage: bench/run-query.sh [--spans N] [--days D] [QueryBench run options…]   e.g.  bench/run-query.sh --iterations 100
# Environment: OBSERVATORY_API (default http://127.0.0.1:8080), OBSERVATORY_OTLP_HTTP (default http://127.0.0.1:4318),
#              OBSERVATORY_PG_PORT (default 5432), OBSERVATORY_PG (a full Npgsql connection string, overrides the port),
#              OBSERVATORY_PROJECT (default "default"), OBSERVATORY_API_KEY (query + ingest key with Auth:Mode=keys),
#              RESULTS_DIR (default bench/results).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
project="${OBSERVATORY_PROJECT:-default}"

spans=10000000
days=30
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --spans) spans="$2"; shift 2 ;;
    --spans=*) spans="${1#*=}"; shift ;;
    --days) days="$2"; shift 2 ;;
    --days=*) days="${1#*=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

require_product
dll="$root/bench/QueryBench/bin/Release/net10.0/Observatory.QueryBench.dll"
build_tool QueryBench "$root/bench/QueryBench/QueryBench.csproj" "$dll"
key_args=()
[[ -n "${OBSERVATORY_API_KEY:-}" ]] && key_args=(--api-key "$OBSERVATORY_API_KEY")

have="$(dotnet "$dll" count --postgres "$pg" --project "$project")"
if (( have < spans )); then
  echo "the database holds $have spans of project '$project'; seeding $((spans - have)) more over the last $days days …" >&2
  dotnet "$dll" seed --postgres "$pg" --spans "$((spans - have))" --days "$days" --project "$project" --no-register \
    --json "$results/query-seed-$stamp.json"
  dotnet "$dll" register --otlp "$otlp" "${key_args[@]}" || echo "warning: models not registered; /api/v1/models may list fewer models" >&2
else
  echo "the database holds $have spans of project '$project' (≥ $spans): no seeding" >&2
fi

# Sensible defaults for every option the caller did not pass (an option given twice is rejected).
defaults=()
has --api        || defaults+=(--api "$api")
has --iterations || defaults+=(--iterations 30)
has --warmup     || defaults+=(--warmup 3)
has --postgres   || defaults+=(--postgres "$pg")
has --project    || defaults+=(--project "$project")
has --days       || defaults+=(--days "$days")
has --json       || defaults+=(--json "$results/query-$stamp.json")
[[ -n "${OBSERVATORY_API_KEY:-}" ]] && ! has --api-key && defaults+=(--api-key "$OBSERVATORY_API_KEY")

exec dotnet "$dll" run "${defaults[@]}" "${args[@]}"
