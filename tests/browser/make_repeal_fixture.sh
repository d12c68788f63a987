#!/usr/bin/env bash
# A small archive where one act repeals another: the 1988 and 2010 issues of the corpus
# generator's structure-bench preset (浙江省人民政府令第235号 repeals 令第37号), at 200 dpi.
# The 1953 vertical issue is left out to keep OCR short. Each issue is ingested on its own
# into its own index shard (s<folder>), oldest first, so that the repeal crosses shards.
set -euo pipefail
corpus_bin=$1 gazette_bin=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
"$corpus_bin" --out "$out/corpus" --preset structure-bench --issues 3 --dpi 200 > /dev/null
rm -rf "$out/corpus/scans/zhejiang/1953-05"
: > "$out/ingest.out"
for issue in $(ls -d "$out/corpus/scans/zhejiang"/* | sort); do
  "$gazette_bin" --archive "$out/archive" ingest "$issue" --jobs 2 --shard "s$(basename "$issue")" >> "$out/ingest.out"
done
cat "$out/ingest.out"
