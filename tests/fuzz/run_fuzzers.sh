#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build folder and runs each one for a
# while on its seed corpus. Exit status non-zero if a target cannot be built or finds a crash
# (the crashing input is left in BUILD/artifacts/). Used by ctest (fuzz_smoke, 10 s a target)
# and by hand for longer runs (README, "Fuzzing"):
#   tests/fuzz/run_fuzzers.sh . build/fuzz 600 [TARGET...]
set -euo pipefail
src=$(cd "$1" && pwd) build=$2 seconds=$3
shift 3
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_bundle fuzz_image_probe fuzz_docnumber fuzz_dates fuzz_query)

command -v clang++ > /dev/null || { echo "run_fuzzers: clang++ is missing (scripts/debian-packages.txt: clang)" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -DGAZETTE_FUZZ=ON -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ > "$build.configure.log" 2>&1 ||
    { cat "$build.configure.log" >&2; exit 1; }
fi
cmake --build "$build" -j "${JOBS:-2}" --target "${targets[@]}" > "$build/build.log" 2>&1 ||
  { tail -50 "$build/build.log" >&2; exit 1; }

python3 "$src/tests/fuzz/make_seeds.py" "$build/seeds"
mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  echo "== $t: ${seconds}s"
  # ASan's leak checker is off: the query target keeps its searcher for the whole run.
  if ASAN_OPTIONS=detect_leaks=0 "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=20 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" "$build/corpus/$t" "$build/seeds/$t" \
      > "$build/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done' "$build/$t.log" || true
  else
    echo "$t FAILED:" >&2
    grep -A30 -E 'ERROR|==[0-9]+==|deadly signal|Test unit written' "$build/$t.log" | head -60 >&2
    status=1
  fi
done
exit $status
