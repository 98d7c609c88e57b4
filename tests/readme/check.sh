#!/usr/bin/env bash
# The README's first ten minutes run as a test: tests/readme/generate.sh runs every command
# README.md shows, and the README must show exactly what ebb printed. After a change to what
# ebb says: tests/readme/generate.sh build/ebb --write, and read the diff.
set -euo pipefail
EBB=${1:?usage: $0 path/to/ebb}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
got=$(mktemp /tmp/ebb-readme-check.XXXXXX)
trap 'rm -f "$got"' EXIT
bash "$SRC/tests/readme/generate.sh" "$EBB" "$SRC/README.md" >"$got"
# Each marked block must have run something: a README without markers would pass trivially.
blocks=$(grep -c '^<!-- readme: ' "$SRC/README.md" || true)
[ "$blocks" -ge 5 ] || { echo "FAIL: README.md has $blocks generated blocks, expected 5 or more" >&2; exit 1; }
# Entry ids are random (80 bits each run), so the diff reads the start of a listed row as "an id".
mask() { sed -E 's/^[0-9A-Z]{7}  /<id>     /' "$1"; }
if ! diff -u <(mask "$SRC/README.md") <(mask "$got"); then
  echo "FAIL: README.md shows output ebb no longer prints (the diff above: - README, + ebb)." >&2
  echo "Run tests/readme/generate.sh build/ebb --write and read the change." >&2
  exit 1
fi
echo "README.md: $blocks blocks, as ebb prints them"
