#!/usr/bin/env bash
# Generates the tiny corpus (1 issue, 3 pages) and ingests it: the archive the e2e tests read.
set -euo pipefail
corpus_bin=$1 gazette_bin=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
"$corpus_bin" --out "$out/corpus" --preset tiny --seed 7
"$gazette_bin" --archive "$out/archive" ingest "$out/corpus/scans" --jobs 2 > "$out/ingest.out"
cat "$out/ingest.out"
