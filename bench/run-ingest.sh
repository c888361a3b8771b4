#!/usr/bin/env bash
# Ingest benchmark against a running product (./observatory up): OTLP/HTTP load, then the binary-COPY baseline.
# Usage: bench/run-ingest.sh [LoadGen options…]   e.g.  bench/run-ingest.sh --rate 0 --concurrency 32 --duration 20
# Environment: OBSERVATORY_OTLP_HTTP (default http://127.0.0.1:4318), OBSERVATORY_API (default http://127.0.0.1:8080),
#              OBSERVATORY_PG_PORT (default 5432), OBSERVATORY_PG (a full Npgsql connection string, overrides the port),
#              RESULTS_DIR (default bench/results).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
api="${OBSERVATORY_API:-http://127.0.0.1:8080}"
otlp="${OBSERVATORY_OTLP_HTTP:-http://127.0.0.1:4318}"
pg="${OBSERVATORY_PG:-Host=127.0.0.1;Port=${OBSERVATORY_PG_PORT:-5432};Username=observatory;Database=observatory}"
results="${RESULTS_DIR:-$root/bench/results}"

if ! curl -sf --max-time 5 "$api/health" > /dev/null; then
  echo "The product is not answering on $api/health." >&2
  echo "Start it first:  ./observatory up   (or set OBSERVATORY_API / OBSERVATORY_OTLP_HTTP to where it runs)" >&2
  exit 1
fi

dll="$root/bench/LoadGen/bin/Release/net10.0/Observatory.LoadGen.dll"
echo "building LoadGen (Release) …" >&2
if ! build_log="$(dotnet build "$root/bench/LoadGen/LoadGen.csproj" -c Release -nologo -v quiet 2>&1)"; then
  if [[ -f "$dll" ]]; then
    echo "warning: the build failed; running the previous LoadGen build ($dll). Build output:" >&2
    echo "$build_log" | grep -E 'error' | sort -u | head -5 >&2
  else
    echo "$build_log" >&2
    exit 1
  fi
fi

mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$results/ingest-$stamp.json"

# Sensible defaults for every option the caller did not pass (LoadGen rejects an option given twice).
args=("$@")
has() { local a; for a in "${args[@]}"; do [[ "$a" == "$1" || "$a" == "$1="* ]] && return 0; done; return 1; }
defaults=()
has --endpoint    || defaults+=(--endpoint "$otlp")
has --rate        || defaults+=(--rate 5000)
has --duration    || defaults+=(--duration 30)
has --warmup      || defaults+=(--warmup 5)
has --concurrency || defaults+=(--concurrency 16)
has --postgres    || defaults+=(--postgres "$pg")
has --json        || defaults+=(--json "$json")

exec dotnet "$dll" "${defaults[@]}" "${args[@]}"
