# shellcheck shell=bash disable=SC2034,SC2154  # variables shared with the scripts that source this file (root, args)
# Shared by bench/run-*.sh (sourced, not run): where the product is, and the steps every benchmark script takes.
# Expects $root (the repository) to be set by the sourcing script.

api="${OBSERVATORY_API:-http://127.0.0.1:8080}"
otlp="${OBSERVATORY_OTLP_HTTP:-http://127.0.0.1:4318}"
pg="${OBSERVATORY_PG:-Host=127.0.0.1;Port=${OBSERVATORY_PG_PORT:-5432};Username=observatory;Database=observatory}"
results="${RESULTS_DIR:-$root/bench/results}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

# Exits with a hint unless the product answers on $api/health.
require_product() {
  if ! curl -sf --max-time 5 "$api/health" > /dev/null; then
    echo "The product is not answering on $api/health." >&2
    echo "Start it first:  ./observatory up   (or set OBSERVATORY_API / OBSERVATORY_OTLP_HTTP to where it runs)" >&2
    exit 1
  fi
}

# build_tool NAME PROJECT DLL: builds the tool in Release; when the build fails, runs the previous build if there is one.
build_tool() {
  local name="$1" project="$2" dll="$3" build_log
  echo "building $name (Release) …" >&2
  if ! build_log="$(dotnet build "$project" -c Release -nologo -v quiet 2>&1)"; then
    if [[ -f "$dll" ]]; then
      echo "warning: the build failed; running the previous $name build ($dll). Build output:" >&2
      echo "$build_log" | grep -E 'error' | sort -u | head -5 >&2
    else
      echo "$build_log" >&2
      exit 1
    fi
  fi
  mkdir -p "$results"
}

# has OPTION: whether the caller passed OPTION (as "--x v" or "--x=v") in the array `args`.
has() { local a; for a in "${args[@]}"; do [[ "$a" == "$1" || "$a" == "$1="* ]] && return 0; done; return 1; }
