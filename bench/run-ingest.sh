#!/usr/bin/env bash
# Ingest benchmark against a running product (./observatory up): OTLP/HTTP load, then the binary-COPY baseline.
# Usage: bench/run-ingest.sh [LoadGen options…]   e.g.  bench/run-ingest.sh --rate 0 --concurrency 32 --duration 20
# Environment: OBSERVATORY_OTLP_HTTP (default http://127.0.0.1:4318; OBSERVATORY_OTLP_GRPC, default :4317, with --protocol grpc), OBSERVATORY_API (default http://127.0.0.1:8080),
#              OBSERVATORY_PG_PORT (default 5432), OBSERVATORY_PG (a full Npgsql connection string, overrides the port),
#              RESULTS_DIR (default bench/results).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
require_product
dll="$root/bench/LoadGen/bin/Release/net10.0/Observatory.LoadGen.dll"
build_tool LoadGen "$root/bench/LoadGen/LoadGen.csproj" "$dll"
json="$results/ingest-$stamp.json"

# Sensible defaults for every option the caller did not pass (LoadGen rejects an option given twice).
args=("$@")
defaults=()
# --protocol grpc sends to the OTLP/gRPC port (LoadGen takes "--protocol grpc" as two words).
grpc=false
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == "--protocol=grpc" || ( "${args[i]}" == "--protocol" && "${args[i+1]:-}" == "grpc" ) ]] && grpc=true
done
if $grpc; then
  has --endpoint || defaults+=(--endpoint "${OBSERVATORY_OTLP_GRPC:-http://127.0.0.1:4317}")
else
  has --endpoint || defaults+=(--endpoint "$otlp")
fi
has --rate        || defaults+=(--rate 5000)
has --duration    || defaults+=(--duration 30)
# 40 s: the product spends its first ~25 s after start-up JIT-compiling (tiered compilation and PGO re-JIT up to
# 0.9 of a core); a shorter warm-up measures the compiler, not the steady state (bench/README "Issue 13, ingest, 2026-12-04").
has --warmup      || defaults+=(--warmup 40)
has --concurrency || defaults+=(--concurrency 16)
has --postgres    || defaults+=(--postgres "$pg")
has --json        || defaults+=(--json "$json")

exec dotnet "$dll" "${defaults[@]}" "${args[@]}"
