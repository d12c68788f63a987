#!/usr/bin/env bash
# A small archive where one act repeals another: the 1988 and 2010 issues of the corpus
# generator's structure-bench preset (浙江省人民政府令第235号 repeals 令第37号), at 200 dpi.
# The 1953 vertical issue is left out to keep OCR short.
set -euo pipefail
corpus_bin=$1 gazette_bin=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
"$corpus_bin" --out "$out/corpus" --preset structure-bench --issues 3 --dpi 200 > /dev/null
rm -rf "$out/corpus/scans/zhejiang/1953-05"
"$gazette_bin" --archive "$out/archive" ingest "$out/corpus/scans" --jobs 2 > "$out/ingest.out"
cat "$out/ingest.out"
