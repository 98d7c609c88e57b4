#!/usr/bin/env bash
# Crash safety: `ebb import` of a large file killed with SIGKILL at random moments, and in
# the middle of writing it. Every time the database opens, passes integrity_check, and holds
# none or all of that import; and kills are shown to have landed mid-import, not only before
# the process started or after it was done.
. "$(dirname "$0")/lib.sh"

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
for s in alcohol cannabis nicotine; do run_ok use "$s" 1; done
BASE=3
INPUT_BYTES=$(stat -c %s "$WORK/big.json")

count_entries() { sqlite3 "$1" 'SELECT count(*) FROM entries'; }

# io PID: "READ WRITTEN", the bytes the process has read and written so far (/proc/PID/io),
# or nothing once it is gone.
io() {
  local k v r="" w=""
  { while read -r k v; do
    case $k in rchar:) r=$v ;; wchar:) w=$v ;; esac
  done <"/proc/$1/io"; } 2>/dev/null
  [ -n "$r" ] && echo "$r $w"
}

# One full import, to know how long it takes, how much it writes, and that it imports all.
cp "$WORK/base.db" "$WORK/full.db"
START=$(date +%s%N)
"$EBB" --db "$WORK/full.db" import "$WORK/big.json" >/dev/null 2>"$WORK/import-err" &
PID=$!
# How much it writes before it commits: the WAL holds the whole transaction at the commit.
WRITTEN=0
while io "$PID" >/dev/null; do
  wal=$(stat -c %s "$WORK/full.db-wal" 2>/dev/null || echo 0)
  [ "$wal" -gt "$WRITTEN" ] && WRITTEN=$wal
  sleep 0.01
done
wait "$PID"
RC=$?
ELAPSED_MS=$((($(date +%s%N) - START) / 1000000))
expect_rc 0 "a full import ($(cat "$WORK/import-err"))"
expect_eq "$(count_entries "$WORK/full.db")" "$((BASE + N))" "full import"
echo "a full import of $N entries takes ${ELAPSED_MS} ms and writes at least $WRITTEN bytes" \
  "before it commits"
[ "$ELAPSED_MS" -ge 20 ] || ELAPSED_MS=20
CHECKS=$((CHECKS + 1))
[ "$WRITTEN" -gt 65536 ] || fail "the full import was seen writing only $WRITTEN bytes"

# Odd rounds kill at a random moment from the start to a little past the end of a normal
# import; even ones inside its transaction, once it has written a random share of what a
# full import writes before it commits (past the first 64 KiB: the import's own pages, not
# the opening of the database).
# An aimed kill that came too late (the import had committed: a loaded machine can let it run
# on between the sample and the kill) is tried again, aiming at half the share, up to three
# times: the rounds are there to show that a kill inside the transaction loses nothing.
NONE=0 ALL=0 BEFORE=0 READING=0 WRITING=0 AFTER=0 INSIDE=0 RETRIES=0
round=0 again=0 SHARE=0
while [ "$round" -lt "$ROUNDS" ]; do
  if [ "$again" -eq 0 ]; then round=$((round + 1)) SHARE=$((RANDOM * 9 / 10)) tries=0; fi
  DB=$WORK/crash-$round.db
  # Rounds 1, 2, 5, 6, ... import into an existing database, the others into a new file.
  if [ $(((round - 1) % 4)) -lt 2 ]; then cp "$WORK/base.db" "$DB"; before=$BASE; else before=0; fi
  "$EBB" --db "$DB" import "$WORK/big.json" >/dev/null 2>&1 &
  PID=$!
  if [ $((round % 2)) -eq 1 ]; then
    DELAY_MS=$((RANDOM * (ELAPSED_MS * 12 / 10) / 32768))
    sleep "$(printf '%d.%03d' $((DELAY_MS / 1000)) $((DELAY_MS % 1000)))"
    how="after ${DELAY_MS} ms"
  else
    # SHARE/32768 of what a full import writes past the first 64 KiB.
    TARGET=$((65536 + SHARE * ((WRITTEN - 65536) / 32768)))
    while sample=$(io "$PID") && [ "${sample#* }" -lt "$TARGET" ]; do sleep 0.002; done
    kill -STOP "$PID" 2>/dev/null
    how="after writing $TARGET bytes"
  fi
  sample=$(io "$PID")
  writing=0
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  status=$?
  # Where the kill landed: only a process still there (killed: 137) was interrupted.
  if [ "$status" -ne 137 ] || [ -z "$sample" ]; then AFTER=$((AFTER + 1))
  elif [ "${sample#* }" -gt 65536 ]; then WRITING=$((WRITING + 1)) writing=1
  elif [ "${sample% *}" -ge "$INPUT_BYTES" ]; then READING=$((READING + 1))
  else BEFORE=$((BEFORE + 1))
  fi

  run --db "$DB" log --limit 1
  # 1 is an empty log: it opened, there was nothing to show.
  expect_rc_in "0 1" "round $round: the database opens after a kill $how"
  expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "round $round: integrity"
  got=$(count_entries "$DB")
  if [ "$got" -eq "$before" ]; then
    NONE=$((NONE + 1))
    [ "$writing" -eq 1 ] && INSIDE=$((INSIDE + 1))
  elif [ "$got" -eq $((before + N)) ]; then ALL=$((ALL + 1))
  else fail "round $round: $got entries after a kill $how (want $before or $((before + N)))"
  fi
  CHECKS=$((CHECKS + 1))
  rm -f "$DB" "$DB-wal" "$DB-shm"
  again=0
  if [ $((round % 2)) -eq 0 ] && { [ "$writing" -eq 0 ] || [ "$got" -ne "$before" ]; } &&
    [ "$tries" -lt 3 ]; then
    # Aimed, and not inside the transaction: the same round again, aiming at half the share.
    RETRIES=$((RETRIES + 1)) tries=$((tries + 1)) SHARE=$((SHARE / 2)) again=1
    echo "round $round: the kill aimed $how landed outside the transaction; again, earlier"
  fi
done
echo "$ROUNDS rounds and $RETRIES retries: $NONE kills left the import out, $ALL kept all of it"
echo "landed: $BEFORE before the input was read, $READING while reading it, $WRITING while" \
  "writing the database ($INSIDE of them inside the transaction: rolled back), $AFTER after" \
  "the import was done"
# The rounds that wait for the import to write are there to land inside its transaction, and
# the database must come back without any of it: at least half of them must. (That needs a
# transaction larger than SQLite's page cache, which then writes while it runs: 10000
# entries or more.)
CHECKS=$((CHECKS + 1))
[ "$INSIDE" -ge $(((ROUNDS / 2 + 1) / 2)) ] ||
  fail "only $INSIDE of the $((ROUNDS / 2)) kills aimed at the import's transaction landed there"

finish
