#!/usr/bin/env bash
# bench/http: wrk on 127.0.0.1 against `gazette serve` over an archive of 10,000 documents.
#
#   bench/http/run.sh [BUILD_DIR] [WORK_DIR]      (defaults: build, /tmp/gazette-http-bench)
#
# Fills WORK_DIR/archive with http-bench-fill once (reused afterwards), then, against one
# server process:
#   cold  a freshly started server, an empty image cache, and every request a path not asked
#         before (documents, searches, IIIF tiles each rendered from the original);
#   warm  the same server afterwards, cycling over a small set of paths already served
#         (100 documents, 50 searches, 100 tiles from the disk cache).
# The baseline in the same run is /static/style.css (compiled in: no catalogue, no index), so
# the route costs read as ratios of it. RSS is the server's VmRSS after each phase and its peak
# (VmHWM) at the end. With BASELINE=/path/to/an/older/gazette the same phases run first on
# that binary, and a table of req/s ratios follows. Environment: DURATION (warm seconds, 10),
# COLD (seconds, 5), CONNECTIONS (8), THREADS (wrk threads, 2), DOCUMENTS (10000), GAZETTE
# (the binary to measure, default BUILD_DIR/cli/gazette).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
work=${2:-/tmp/gazette-http-bench}
duration=${DURATION:-10}
cold=${COLD:-5}
conns=${CONNECTIONS:-8}
wthreads=${THREADS:-2}
port=${PORT:-18089}
repo=$(cd "$here/../.." && pwd)
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

if [[ ! -f $work/archive/catalog.sqlite ]]; then
  rm -rf "$work"
  mkdir -p "$work"
  "$build/bench/http/http-bench-fill" --sample "$repo/corpora/sample" --archive "$work/archive" \
    --urls "$work/urls" --documents "${DOCUMENTS:-10000}"
fi
echo "/static/style.css" > "$work/urls/static.txt"
declare -A rps_of

# run LABEL NAME FILE LIMIT SECONDS → one table row; remembers req/s by LABEL/NAME
run() {
  local label=$1 name=$2 file=$3 limit=$4 secs=$5 line
  line=$(wrk -t"$wthreads" -c"$conns" -d"${secs}s" --latency -s "$here/paths.lua" \
    "http://127.0.0.1:$port" -- "$file" "$limit" "$wthreads" | grep '^RESULT')
  read -r _ requests seconds rps p50 p99 non2xx errors <<< "$line"
  rps_of["$label/$name"]=$rps
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$requests" "$rps" "$p50" "$p99" \
    "$non2xx" "$errors" "$(rss VmRSS)"
}

rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$server/status"; }

phases=("cold: document pages" "cold: search pages" "cold: IIIF tiles (rendered)"
  "baseline: /static/style.css" "warm: document pages" "warm: search pages"
  "warm: IIIF tiles (disk cache)")

# bench LABEL BINARY: a fresh server and an empty image cache, then every phase.
bench() {
  local label=$1 bin=$2
  rm -rf "$work/archive/derived/iiif"
  "$bin" --archive "$work/archive" serve --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/static/style.css" && break
    sleep 0.1
  done
  echo "### $label: $bin"
  echo
  echo "load average before: $(cut -d" " -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| phase | requests | req/s | p50 ms | p99 ms | non-2xx | socket errors/timeouts | RSS MB |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  echo "| server started | | | | | | | $(rss VmRSS) |"
  run "$label" "${phases[0]}" "$work/urls/documents.txt" 0 "$cold"
  run "$label" "${phases[1]}" "$work/urls/searches.txt" 0 "$cold"
  run "$label" "${phases[2]}" "$work/urls/tiles.txt" 0 "$cold"
  # Warm-up: every path of the warm sets once, in order.
  for f in documents:100 searches:50 tiles:100; do
    head -n "${f##*:}" "$work/urls/${f%%:*}.txt" | while read -r path; do
      curl -s -o /dev/null "http://127.0.0.1:$port$path"
    done
  done
  run "$label" "${phases[3]}" "$work/urls/static.txt" 1 "$duration"
  run "$label" "${phases[4]}" "$work/urls/documents.txt" 100 "$duration"
  run "$label" "${phases[5]}" "$work/urls/searches.txt" 50 "$duration"
  run "$label" "${phases[6]}" "$work/urls/tiles.txt" 100 "$duration"
  echo
  echo "server peak RSS (VmHWM): $(rss VmHWM) MB; load average after: $(cut -d" " -f1-3 /proc/loadavg)"
  echo
  kill "$server"
  wait "$server" 2> /dev/null || true
}

trap 'kill $server 2> /dev/null || true' EXIT
echo "archive: $(wc -l < "$work/urls/documents.txt") documents; wrk -t$wthreads -c$conns;" \
  "cold ${cold}s, warm ${duration}s; $(nproc) cores"
echo
if [[ -n ${BASELINE:-} ]]; then bench before "$BASELINE"; fi
bench now "${GAZETTE:-$build/cli/gazette}"
if [[ -n ${BASELINE:-} ]]; then
  echo "### now / before (req/s), same run"
  echo
  echo "| phase | before | now | ratio |"
  echo "| --- | --- | --- | --- |"
  for name in "${phases[@]}"; do
    b=${rps_of["before/$name"]} n=${rps_of["now/$name"]}
    printf '| %s | %s | %s | %s |\n' "$name" "$b" "$n" "$(awk -v b="$b" -v n="$n" 'BEGIN { printf (b > 0 ? "%.2f×" : "—"), n / b }')"
  done
fi
