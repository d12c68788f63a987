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
# (VmHWM) at the end. Environment: DURATION (warm seconds, 10), COLD (seconds, 5),
# CONNECTIONS (8), THREADS (wrk threads, 2), DOCUMENTS (10000), GAZETTE (the binary to serve
# with, to compare builds).
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
rm -rf "$work/archive/derived/iiif"

"${GAZETTE:-$build/cli/gazette}" --archive "$work/archive" serve --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/static/style.css" && break
  sleep 0.1
done

rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$server/status"; }

# run NAME FILE LIMIT SECONDS → one table row
run() {
  local name=$1 file=$2 limit=$3 secs=$4 line
  line=$(wrk -t"$wthreads" -c"$conns" -d"${secs}s" --latency -s "$here/paths.lua" \
    "http://127.0.0.1:$port" -- "$file" "$limit" "$wthreads" | grep '^RESULT')
  read -r _ requests seconds rps p50 p99 non2xx errors <<< "$line"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$requests" "$rps" "$p50" "$p99" \
    "$non2xx" "$errors" "$(rss VmRSS)"
}

echo "/static/style.css" > "$work/urls/static.txt"
echo "archive: $(sqlite3 "$work/archive/catalog.sqlite" 'select count(*) from documents' 2> /dev/null || echo '?') documents;" \
  "wrk -t$wthreads -c$conns; cold ${cold}s, warm ${duration}s; $(nproc) cores; load average before: $(cut -d" " -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| phase | requests | req/s | p50 ms | p99 ms | non-2xx | socket errors/timeouts | RSS MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
echo "| server started | | | | | | | $(rss VmRSS) |"
run "cold: document pages" "$work/urls/documents.txt" 0 "$cold"
run "cold: search pages" "$work/urls/searches.txt" 0 "$cold"
run "cold: IIIF tiles (rendered)" "$work/urls/tiles.txt" 0 "$cold"
# Warm-up: every path of the warm sets once, in order.
for f in documents:100 searches:50 tiles:100; do
  head -n "${f##*:}" "$work/urls/${f%%:*}.txt" | while read -r path; do
    curl -s -o /dev/null "http://127.0.0.1:$port$path"
  done
done
run "baseline: /static/style.css" "$work/urls/static.txt" 1 "$duration"
run "warm: document pages" "$work/urls/documents.txt" 100 "$duration"
run "warm: search pages" "$work/urls/searches.txt" 50 "$duration"
run "warm: IIIF tiles (disk cache)" "$work/urls/tiles.txt" 100 "$duration"
echo
echo "server peak RSS (VmHWM): $(rss VmHWM) MB; load average after: $(cut -d" " -f1-3 /proc/loadavg)"
