#!/usr/bin/env bash
# Generates the tiny corpus (1 issue, 3 pages) at 72 dpi, so that OCR is cheap, and ingests it
# uninterrupted: the reference archive that the integrity tests copy and compare against.
set -euo pipefail
corpus_bin=$1 gazette_bin=$2 out=$3
if [ -d "$out" ]; then chmod -R u+w "$out"; rm -rf "$out"; fi
mkdir -p "$out"
"$corpus_bin" --out "$out/corpus" --preset tiny --seed 11 --dpi 72
"$gazette_bin" --archive "$out/reference" ingest "$out/corpus/scans" --jobs 1 --lang chi_sim \
  > "$out/ingest.out"
cat "$out/ingest.out"
