#!/usr/bin/env bash
# On the repeal fixture (each issue in its own shard): 浙江省人民政府令第37号 (1988) is in one
# shard only, and the repeal by 令第235号 (2010, another shard) has rewritten it in place there,
# so the index's own status filter finds it as repealed, in its shard and over all shards.
set -euo pipefail
gazette_bin=$1 archive=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
search() { "$gazette_bin" --archive "$archive" search "$@" --json; }
ids_with_number() { { grep -F "\"number\":\"$1\"" || true; } | sed 's/^{"id":"\([^"]*\)".*/\1/' | sort -u; }

shards=$(ls "$archive/shards")
[ "$(echo "$shards" | wc -l)" -eq 2 ] || fail "expected 2 shards, got: $shards"
[ ! -e "$archive/index" ] || fail "nothing should have gone to the main shard"
holders=""
for s in $shards; do
  if [ -n "$(search 浙江省人民政府令第37号 --shards "$s" | ids_with_number 浙江省人民政府令第37号)" ]; then
    holders="$holders $s"
  fi
done
[ "$(echo $holders | wc -w)" -eq 1 ] || fail "令第37号 should be in exactly one shard, found in:$holders"
for where in "--shards $holders" ""; do
  got=$(search 浙江省人民政府令第37号 --status repealed --as-of 2026-01-01 $where | ids_with_number 浙江省人民政府令第37号)
  [ -n "$got" ] || fail "the status filter ($where) does not see 令第37号 as repealed"
  before=$(search 浙江省人民政府令第37号 --status repealed --as-of 2000-01-01 $where | ids_with_number 浙江省人民政府令第37号)
  [ -z "$before" ] || fail "令第37号 was not repealed in 2000 ($where)"
done
echo "ok: 令第37号 in shard$holders, repealed in place by an act of the other shard"
