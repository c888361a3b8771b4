#!/usr/bin/env bash
# Storage size per span: seeds a database with generated spans (QueryBench seed: binary COPY of spans, traces and
# rollups) when it holds fewer than requested, then reports the bytes per span of `spans` (heap, TOAST and indexes).
# On TimescaleDB it then compresses every chunk of spans and reports the bytes per span again (and how long it took).
# Usage: bench/run-storage-size.sh [--spans N] [--days D]
# Environment: OBSERVATORY_PG (a full Npgsql connection string) or OBSERVATORY_PG_PORT (default 5432, database
#              observatory on 127.0.0.1); OBSERVATORY_PROJECT (default "default"); RESULTS_DIR (default bench/results).
# Compressing changes the database (chunks stay compressed): point it at a benchmark database, not one you use.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
project="${OBSERVATORY_PROJECT:-default}"
spans=1000000
days=30
while [[ $# -gt 0 ]]; do
  case "$1" in
    --spans) spans="$2"; shift 2 ;;
    --spans=*) spans="${1#*=}"; shift ;;
    --days) days="$2"; shift 2 ;;
    --days=*) days="${1#*=}"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

dll="$root/bench/QueryBench/bin/Release/net10.0/Observatory.QueryBench.dll"
build_tool QueryBench "$root/bench/QueryBench/QueryBench.csproj" "$dll"
have="$(dotnet "$dll" count --postgres "$pg" --project "$project")"
if (( have < spans )); then
  echo "the database holds $have spans of project '$project'; seeding $((spans - have)) more over the last $days days …" >&2
  dotnet "$dll" seed --postgres "$pg" --spans "$((spans - have))" --days "$days" --project "$project" --no-register
fi

# psql from the Npgsql connection string's host, port, user and database.
field() { tr ';' '\n' <<<"$pg" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { print $2 }'; }
sql() {
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$(field Host)" -p "$(field Port || true)" -U "$(field Username)" -d "$(field Database)" -c "$1"
}

count="$(sql "SELECT count(*) FROM spans")"
timescale="$(sql "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
                 AND EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'spans')" 2>/dev/null || echo f)"
if [[ "$timescale" == "t" ]]; then
  size_sql="SELECT hypertable_size('spans')"
else
  size_sql="SELECT pg_total_relation_size('spans')"
fi
before="$(sql "$size_sql")"
printf 'server: %s\n' "$(sql "SELECT version()" | cut -d' ' -f1-2)$([[ "$timescale" == "t" ]] && echo " + TimescaleDB $(sql "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")")"
printf 'spans: %s rows, %s bytes = %s bytes/span (heap, TOAST and indexes)\n' "$count" "$before" "$((before / count))"
json="{\"spans\": $count, \"timescaledb\": $([[ "$timescale" == "t" ]] && echo true || echo false), \"bytes\": $before, \"bytesPerSpan\": $((before / count))"

if [[ "$timescale" == "t" ]]; then
  start=$(date +%s.%N)
  chunks="$(sql "SELECT count(compress_chunk(c, if_not_compressed => true)) FROM show_chunks('spans') c")"
  seconds="$(echo "$(date +%s.%N) - $start" | bc)"
  after="$(sql "$size_sql")"
  printf 'compressed %s chunks in %.1f s: %s bytes = %s bytes/span (%.1fx smaller)\n' \
    "$chunks" "$seconds" "$after" "$((after / count))" "$(echo "$before / $after" | bc -l)"
  json="$json, \"compressedChunks\": $chunks, \"compressSeconds\": $seconds, \"compressedBytes\": $after, \"compressedBytesPerSpan\": $((after / count))"
fi
mkdir -p "$results"
printf '%s}\n' "$json" > "$results/storage-size-$stamp.json"
echo "results written to $results/storage-size-$stamp.json"
