#!/usr/bin/env bash
# Many processes at once: 4 writers x 250 `ebb use` while a reader keeps reading, on a plain
# database and on an encrypted one. Every entry is stored, nothing prints an error, every
# process exits 0.
. "$(dirname "$0")/lib.sh"

PER_WRITER=${EBB_CONCURRENCY_PER_WRITER:-250}
SUBSTANCES=(alcohol cannabis nicotine edibles)
printf 'why = "to see how it goes"\n' >"$WORK/plan.toml"

# Readers: the log and the review, and `ebb check` once this ebb has it.
READ_CMDS=("log --limit 5" "review")
# (An unknown command's --help prints the general help, so look for the command's own.)
"$EBB" check --help 2>/dev/null | grep -q "ebb check" && READ_CMDS+=("check")

writer() {
  local i
  for i in $(seq 1 "$PER_WRITER"); do
    "$EBB" use "$1" 1 --note "w$1-$i" >/dev/null 2>>"$WORK/err-$1" ||
      echo "exit $? at $i" >>"$WORK/err-$1"
  done
}

reader() {
  local cmd rounds=0
  while [ ! -e "$WORK/writers-done" ]; do
    for cmd in "${READ_CMDS[@]}"; do
      # shellcheck disable=SC2086
      "$EBB" $cmd >/dev/null 2>>"$WORK/err-reader" || echo "exit $? from $cmd" >>"$WORK/err-reader"
    done
    rounds=$((rounds + 1))
  done
  echo "$rounds" >"$WORK/reader-rounds"
}

for MODE in plain encrypted; do
  export EBB_DB=$WORK/$MODE/busy.db
  mkdir -p "$WORK/$MODE"
  rm -f "$WORK"/err-* "$WORK/writers-done"
  # A plan, so the review has nothing to say on stderr.
  "$EBB" plan set "$WORK/plan.toml" >/dev/null 2>&1 || fail "setting up the plan"
  "$EBB" mood 6 >/dev/null 2>&1 || fail "a first entry, so the log is never empty"
  if [ "$MODE" = encrypted ]; then
    "$EBB" encrypt --new-key-file "$WORK/$MODE/key" >/dev/null 2>&1 || fail "encrypting"
    export EBB_KEY_FILE=$WORK/$MODE/key
  fi

  reader &
  READER=$!
  PIDS=()
  for s in "${SUBSTANCES[@]}"; do
    writer "$s" &
    PIDS+=($!)
  done
  for p in "${PIDS[@]}"; do wait "$p"; done
  touch "$WORK/writers-done"
  wait "$READER"

  for f in "${SUBSTANCES[@]}" reader; do
    CHECKS=$((CHECKS + 1))
    [ -s "$WORK/err-$f" ] && fail "$MODE: $f printed errors: $(head -5 "$WORK/err-$f")"
  done
  CHECKS=$((CHECKS + 1))
  [ "$(cat "$WORK/reader-rounds")" -ge 1 ] || fail "the reader never finished a round"

  run log --all --json --kind use
  expect_rc 0
  expect_eq "$(jqv length)" "$((4 * PER_WRITER))" "$MODE: every entry stored"
  expect_eq "$(jqv '[.[].id] | unique | length')" "$((4 * PER_WRITER))" "ids distinct"
  expect_eq "$(jqv '[.[].note] | unique | length')" "$((4 * PER_WRITER))" "every note once"
  for s in "${SUBSTANCES[@]}"; do
    expect_eq "$(jqv "[.[] | select(.substance == \"$s\")] | length")" "$PER_WRITER" "$s entries"
  done
  if [ "$MODE" = encrypted ]; then
    # Back to plain SQLite to look inside (decrypt checks its copy the same way).
    "$EBB" decrypt >/dev/null 2>&1 || fail "decrypting"
    unset EBB_KEY_FILE
  fi
  expect_eq "$(sqlite3 "$EBB_DB" 'PRAGMA integrity_check')" "ok" "$MODE: integrity"
  echo "$MODE: reader rounds: $(cat "$WORK/reader-rounds") (${READ_CMDS[*]})"
done

finish
