#!/usr/bin/env bash
# Several processes making the first entries of a brand-new database at the same moment: every
# one exits 0 and every entry is kept. The switch to WAL on creation used to answer "database
# is locked" (exit 4) without waiting, in about one round in four with two writers started one
# after the other (the gap of one process start is what the race needs), less often with more.
. "$(dirname "$0")/lib.sh"

ROUNDS=${EBB_FIRST_OPEN_ROUNDS:-30}
unset EBB_NOW
failed=0
for round in $(seq 1 "$ROUNDS"); do
  writers=2
  [ $((round % 5)) -eq 0 ] && writers=4
  mkdir -p "$WORK/round-$round"
  db=$WORK/round-$round/ebb.db
  pids=()
  for w in $(seq 1 "$writers"); do
    "$EBB" --db "$db" use alcohol "$w" >/dev/null 2>"$WORK/err-$round-$w" &
    pids+=($!)
  done
  # With more writers, a reader too; it may come first and find nothing yet (exit 1).
  if [ "$writers" -gt 2 ]; then
    "$EBB" --db "$db" log >/dev/null 2>"$WORK/err-$round-reader" &
    pids+=($!)
  fi
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
    rc=$?
    who=$((i + 1))
    if [ "$i" -eq "$writers" ]; then
      who=reader
      [ "$rc" -eq 1 ] && rc=0
    fi
    CHECKS=$((CHECKS + 1))
    if [ "$rc" -ne 0 ]; then
      fail "round $round process $who exited $rc: $(cat "$WORK/err-$round-$who")"
      failed=$((failed + 1))
    fi
  done
  run --db "$db" log --all --json
  expect_rc 0 "round $round log"
  expect_eq "$(jqv '[.[].amount] | sort | map(tostring) | join(",")')" \
    "$(seq -s, 1 "$writers")" "round $round: every writer's first entry kept"
done
[ "$failed" -eq 0 ] || echo "$failed processes failed in $ROUNDS rounds" >&2
finish
