#!/usr/bin/env bash
# Crash safety: `ebb import` of a large file killed with SIGKILL at random moments. Every time
# the database opens, passes integrity_check, and holds none or all of that import.
. "$(dirname "$0")/lib.sh"

# (An unknown command's --help prints the general help, so look for the command's own.)
if ! "$EBB" import --help 2>/dev/null | grep -q "ebb import"; then
  echo "SKIP: this ebb has no import command yet"
  exit 77
fi

N=${EBB_CRASH_ENTRIES:-20000}
ROUNDS=${EBB_CRASH_ROUNDS:-20}

# An export file in the documented shape, N entries with distinct ULID-shaped ids.
jq -n --argjson n "$N" '{
  ebb_export: 1,
  entries: [range(0; $n) | {
    id: ("01JAAAAAAA" + ("0000000000000000" + tostring)[-16:]),
    kind: "use",
    at: ("2026-10-" + ("0" + (. % 28 + 1 | tostring))[-2:] + "T20:00:00+02:00"),
    zone: "Europe/Berlin",
    created_at: "2026-10-30T20:00:00Z",
    updated_at: "2026-10-30T20:00:00Z",
    substance: "alcohol", class: "alcohol", amount: 1, unit: "drink",
    note: ("imported note " + tostring), tags: ["imported"]
  }],
  plans: []
}' >"$WORK/big.json" || fail "writing the export file"

# The database before each import: three entries of its own.
export EBB_DB=$WORK/base.db
for s in alcohol cannabis nicotine; do "$EBB" use "$s" 1 >/dev/null; done
BASE=3

count_entries() { sqlite3 "$1" 'SELECT count(*) FROM entries'; }

# One full import, to know how long it takes and that it imports everything.
cp "$WORK/base.db" "$WORK/full.db"
START=$(date +%s%N)
"$EBB" --db "$WORK/full.db" import "$WORK/big.json" >/dev/null 2>"$WORK/import-err"
RC=$?
ELAPSED_MS=$((($(date +%s%N) - START) / 1000000))
expect_rc 0 "a full import ($(cat "$WORK/import-err"))"
expect_eq "$(count_entries "$WORK/full.db")" "$((BASE + N))" "full import"
echo "a full import of $N entries takes ${ELAPSED_MS} ms"
[ "$ELAPSED_MS" -ge 20 ] || ELAPSED_MS=20

NONE=0 ALL=0
for round in $(seq 1 "$ROUNDS"); do
  DB=$WORK/crash-$round.db
  # Odd rounds import into an existing database, even ones into a new file.
  if [ $((round % 2)) -eq 1 ]; then cp "$WORK/base.db" "$DB"; before=$BASE; else before=0; fi
  "$EBB" --db "$DB" import "$WORK/big.json" >/dev/null 2>&1 &
  PID=$!
  # A moment anywhere from the start to a little past the end of a normal import.
  DELAY_MS=$((RANDOM * (ELAPSED_MS * 12 / 10) / 32768))
  sleep "$(printf '%d.%03d' $((DELAY_MS / 1000)) $((DELAY_MS % 1000)))"
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null

  run --db "$DB" log --limit 1
  CHECKS=$((CHECKS + 1))  # 1 is an empty log: it opened, there was nothing to show
  [ "$RC" -le 1 ] || fail "round $round: the database doesn't open after a kill at ${DELAY_MS} ms: $ERR"
  expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "round $round: integrity"
  got=$(count_entries "$DB")
  if [ "$got" -eq "$before" ]; then NONE=$((NONE + 1))
  elif [ "$got" -eq $((before + N)) ]; then ALL=$((ALL + 1))
  else fail "round $round: $got entries after a kill at ${DELAY_MS} ms (want $before or $((before + N)))"
  fi
  CHECKS=$((CHECKS + 1))
  rm -f "$DB" "$DB-wal" "$DB-shm"
done
echo "$ROUNDS kills: $NONE left the import out, $ALL kept all of it"

finish
