#!/usr/bin/env bash
# bench/run --smoke on a tiny history with the ebb under test: the benchmark keeps working.
# Its timings are not checked (machines are noisy); skipped without python3, sqlite3 or
# /usr/bin/time (skip.sh).
set -euo pipefail
. "$(dirname "$0")/skip.sh"
for tool in python3 sqlite3; do
  command -v "$tool" >/dev/null || skip "$tool not installed"
done
[ -x /usr/bin/time ] || skip "/usr/bin/time not installed"
EBB=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=${EBB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
out=$(EBB_BIN=$EBB EBB_BENCH_DATA=$WORK "$SRC/bench/run" --smoke 2>&1) || {
  echo "$out"; echo "FAIL: bench/run --smoke exited $?"; exit 1; }
echo "$out"
for cmd in "use" "log --limit 20" "review week" "review --since 365d" \
  "trends --since 365d --json" "check --quiet" "now --short" "export --format json"; do
  # Each row has a median for ebb and for the floor.
  grep -Eq "^\| $cmd +\| +[0-9.]+ \| +[0-9.]+ \|" <<<"$out" || { echo "FAIL: no row for $cmd"; exit 1; }
done
grep -q "^## smoke: 50[0-9] entries" <<<"$out" || { echo "FAIL: smoke history not imported"; exit 1; }
# And the encrypted copy, beside the plain one.
grep -q "^## smoke encrypted: 50[0-9] entries" <<<"$out" || { echo "FAIL: no encrypted table"; exit 1; }
for cmd in "use" "check --quiet" "now --short" "review --since 365d"; do
  grep -Eq "^\| $cmd +\| +[0-9.]+ \| +[0-9.]+ \| +[0-9.]+ \| 2x" <<<"$out" ||
    { echo "FAIL: no encrypted row for $cmd"; exit 1; }
done
# The figures name the machine they were taken on.
grep -Eq "^Machine: [0-9]+ cores .*ebb [0-9]" <<<"$out" || { echo "FAIL: no machine line"; exit 1; }
echo "ok"
