#!/usr/bin/env bash
# Crash test, long form: kill -9 under steady OTLP load, restart, let the exporters' retries land, then compare every
# trace summary and minute/hour/day rollup with a recomputation from the stored spans (0 differences expected) and check
# every acknowledged span is stored. The same test runs in ./observatory test in a short form (Category=Crash).
# Usage: bench/run-crash.sh [--seconds N] [--kills N] [--rate SPANS_PER_S] [--silo path/to/Observatory.Silo.dll]
#        (defaults 60 s, 5 kills, 1500 spans/s, the silo built from this checkout; --silo runs the test against
#        another build, e.g. an older commit, to see what it loses)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=60 kills=5 rate=1500 silo=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --silo) silo="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

export OBSERVATORY_CRASH_SECONDS="$seconds" OBSERVATORY_CRASH_KILLS="$kills" OBSERVATORY_CRASH_RATE="$rate" OBSERVATORY_CRASH_SILO="$silo"
rc=0
"$root/observatory" test --filter "Category=Crash" || rc=$?
# The tests' own report (kills, spans acknowledged, audit) is in the newest results folder's trx files.
latest="$(ls -td "$root"/.observatory/test-results/*/ 2>/dev/null | head -1)"
if [[ -n "$latest" ]]; then
  grep -ho -E '(kill [0-9]+: [^<&]*|[0-9]+ spans acknowledged[^<&]*|audit: [^<&]*)' "$latest"*.trx || true
fi
exit "$rc"
