#!/usr/bin/env bash
# Encryption at rest under faults: no plain text in any file ebb writes (database, WAL, shared
# memory, temp files), no core dumps, SIGKILL during writes, checkpoints and conversions
# (encrypt, re-key, decrypt, backup) leaves the old or the new state and nothing readable,
# two encrypts at once lose neither entries nor keys, a database behind a symbolic link
# stays where it is, leftovers are reported and removed. (Many writers at once on an
# encrypted database: concurrency.sh.)
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null || skip "needs jq"
command -v sqlite3 >/dev/null || skip "needs sqlite3"

export TMPDIR=$WORK/tmp  # where SQLite would put temp files: none may hold plain text
mkdir -p "$TMPDIR" "$WORK/keys"
DBDIR=$(dirname "$DB")
NOTE=quokka-tincture-5521    # in notes
SUBST=kratomleaf             # a substance name
PLAN_WORD=wombat-lantern-88  # in the plan
ROUNDS=${EBB_CRASH_ROUNDS:-12}

# Files holding one of the secrets, in the database's folder and TMPDIR (the plan draft, which
# is the person's own text while they edit it, aside).
plain_text_in() {
  grep -rlaF -e "$NOTE" -e "$SUBST" -e "$PLAN_WORD" "$@" 2>/dev/null | grep -v 'plan-draft\.toml$'
}
expect_no_plain_text() {
  CHECKS=$((CHECKS + 1))
  local found
  found=$(plain_text_in "$DBDIR" "$TMPDIR")
  [ -z "$found" ] || fail "$1: plain text in $(echo $found)"
}
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
count() { "$EBB" log --all --json "$@" 2>/dev/null | jq length; }
# entries_json N ID_PREFIX AT SUBSTANCE UNIT NOTE: an ebb export of N uses, ids made of
# ID_PREFIX (10 characters) and the number, notes of NOTE and the number; AT is a jq
# expression of the number (.).
entries_json() {
  jq -n --argjson n "$1" --arg id "$2" --arg sub "$4" --arg unit "$5" --arg note "$6" '
    {ebb_export: 1, plans: [], entries: [range(0; $n) | {
      id: ($id + ("0000000000000000" + tostring)[-16:]), kind: "use", at: ('"$3"'),
      zone: "Europe/Berlin", created_at: "2026-10-30T20:00:00Z",
      updated_at: "2026-10-30T20:00:00Z", substance: $sub, amount: 1, unit: $unit,
      note: ($note + " " + tostring)}]}'
}

# ---- A log with the secrets in it, encrypted with a key file ----
KEY=$WORK/keys/main.key
run use "$SUBST" 2 g --note "$NOTE first" --at 20:00
expect_rc 0 "first use"
run_ok mood 6 --note "$NOTE mood"
printf 'why = "%s"\n' "$PLAN_WORD" >"$WORK/plan.toml"
run plan set "$WORK/plan.toml"
expect_rc 0 "plan set"
run encrypt --new-key-file "$KEY"
expect_rc 0 "encrypt"
export EBB_KEY_FILE=$KEY
expect_no_plain_text "after encrypt"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -A "$TMPDIR")" ] || fail "files left in TMPDIR: $(ls -A "$TMPDIR")"

# ---- While an ebb holds the database open: the WAL of another's write, and no core dumps ----
# `plan edit` keeps the database open while the editor runs; the editor logs with a second ebb
# (its change stays in the WAL, since the first ebb still has the file open) and looks at
# every file, and at the core size limit of the ebb that started it.
cat >"$WORK/editor.sh" <<EOF
#!/usr/bin/env bash
"$EBB" use "$SUBST" 1 g --note "$NOTE in the wal" >/dev/null 2>"$WORK/editor-use.err" || echo "use failed" >"$WORK/editor.out"
ls -A "$DBDIR" >"$WORK/editor.files"
grep -rlaF -e "$NOTE" -e "$SUBST" "$DBDIR" "$TMPDIR" 2>/dev/null | grep -v 'plan-draft\.toml$' >>"$WORK/editor.out"
p=\$PPID
while [ "\$p" -gt 1 ] && [ "\$(cat /proc/\$p/comm)" != ebb ]; do p=\$(awk '{print \$4}' /proc/\$p/stat); done
awk '/Max core file size/ {print "ebb core limit", \$5, \$6}' /proc/\$p/limits >"$WORK/editor.core"
echo "editor core limit \$(ulimit -c)" >>"$WORK/editor.core"
EOF
chmod +x "$WORK/editor.sh"
: >"$WORK/editor.out"
VISUAL=$WORK/editor.sh run plan edit
expect_rc 0 "plan edit with an editor that changes nothing"
expect_eq "$(cat "$WORK/editor.out")" "" "no plain text while the database is open, WAL included"
expect_contains "$(cat "$WORK/editor.files")" "ebb.db-wal" "the second ebb's change was in the WAL"
expect_eq "$(cat "$WORK/editor.core")" "ebb core limit 0 0
editor core limit 0" "no core dumps while an encrypted database is open"
expect_eq "$(count --substance "$SUBST")" "2" "the change made meanwhile is kept"
expect_no_plain_text "after the WAL was folded in"

# ---- SIGKILL during writes and checkpoints ----
# Each round: a writer logs one entry after another and notes each one ebb confirmed; it is
# killed at a random moment. Every confirmed entry must be there, the database must open.
: >"$WORK/confirmed"
for round in $(seq 1 "$ROUNDS"); do
  setsid bash -c '
    i=0
    while true; do
      i=$((i + 1))
      "$0" use alcohol 1 --note "kill-'"$round"'-$i" >/dev/null 2>&1 && echo "kill-'"$round"'-$i" >>"$1"
    done' "$EBB" "$WORK/confirmed" &
  LOOP=$!
  sleep_ms $((50 + RANDOM % 400))
  kill -KILL -- -"$LOOP" 2>/dev/null
  wait "$LOOP" 2>/dev/null
  run log --all --json
  expect_rc 0 "round $round: the database opens after a kill"
  [ "$RC" -eq 0 ] || continue
  printf '%s' "$OUT" | jq -r '.[].note // empty' | sort >"$WORK/notes"
  missing=$(sort "$WORK/confirmed" | comm -23 - "$WORK/notes")
  CHECKS=$((CHECKS + 1))
  [ -z "$missing" ] || fail "round $round: confirmed entries missing: $missing"
done
echo "$(wc -l <"$WORK/confirmed") confirmed writes across $ROUNDS kills"

# An import big enough for SQLite to fold the WAL into the file while it commits, killed at
# random: none of it or all of it.
entries_json 3000 01JBBBBBBB '"2026-10-10T20:00:00+02:00"' alcohol drink imported \
  >"$WORK/big.json"
for round in $(seq 1 $((ROUNDS / 2))); do
  before=$(count)
  "$EBB" import "$WORK/big.json" >/dev/null 2>&1 &
  PID=$!
  sleep_ms $((RANDOM % 1500))
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  after=$(count)
  CHECKS=$((CHECKS + 1))
  if [ -z "$after" ]; then fail "import round $round: the database doesn't open"; continue; fi
  [ "$after" -eq "$before" ] || [ "$after" -eq $((before + 3000)) ] ||
    fail "import round $round: $after entries (want $before or $((before + 3000)))"
  # Back to the state before, for the next round (forget erases for real).
  "$EBB" forget --before 2026-10-11 --substance alcohol --yes >/dev/null 2>&1
done
expect_no_plain_text "after the kills"

# ---- forget on the encrypted database: smaller file, no WAL left ----
entries_json 2000 01JDDDDDDD '"2026-09-10T20:00:00+02:00"' edibles mg \
  "an evening I want gone" >"$WORK/edibles.json"
run import "$WORK/edibles.json"
expect_rc 0 "importing entries to forget"
SIZE_BEFORE=$(stat -c %s "$DB")
COUNT_BEFORE=$(count)
run forget --substance edibles --yes
expect_rc 0 "forget on the encrypted database"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %s "$DB")" -lt "$SIZE_BEFORE" ] || fail "forget left the encrypted file as big as before"
CHECKS=$((CHECKS + 1))
[ ! -s "$DB-wal" ] || fail "forget left a WAL"
# The compacted file is encrypted with the same key, private, and holds the rest.
expect_eq "$(head -c 8 "$DB")" "EBBCRYPT" "still encrypted"
expect_eq "$(stat -c %a "$DB")" "600" "the compacted file's mode"
expect_eq "$(count)" "$((COUNT_BEFORE - 2000))" "the same key opens it, the rest all there"
expect_eq "$(count --substance edibles)" "0" "the edibles are gone"
expect_eq "$(find "$DBDIR" -name '*ebb-tmp*' | wc -l)" "0" "no copy left beside it"
expect_no_plain_text "after forget"

# ---- SIGKILL during conversions: old or new state, never both or neither, nothing left ----
# A longer history, so that a conversion takes long enough to be cut in the middle.
entries_json 20000 01JCCCCCCC '"2025-" + ("0" + (. % 12 + 1 | tostring))[-2:] + "-10T20:00:00+02:00"' \
  "$SUBST" g "$NOTE history" >"$WORK/history.json"
run import "$WORK/history.json"
expect_rc 0 "importing a longer history"
rm -f "$WORK/history.json" "$WORK/big.json"
N=$(count)
START=$(date +%s%N)
"$EBB" encrypt --new-key-file "$WORK/keys/timing.key" >/dev/null 2>&1
ELAPSED_MS=$((($(date +%s%N) - START) / 1000000))
KEY=$WORK/keys/timing.key
export EBB_KEY_FILE=$KEY
echo "a re-key of $N entries takes ${ELAPSED_MS} ms"
[ "$ELAPSED_MS" -ge 50 ] || ELAPSED_MS=50
state() {  # which key opens the database: "old", "new" or "plain" (or "none")
  local old=$1 new=$2
  if [ "$(head -c 6 "$DB")" = "SQLite" ]; then echo plain
  elif EBB_KEY_FILE=$old "$EBB" log --limit 1 >/dev/null 2>&1; then echo old
  elif EBB_KEY_FILE=$new "$EBB" log --limit 1 >/dev/null 2>&1; then echo new
  else echo none; fi
}
CUR=$KEY
OUTCOMES=
for round in $(seq 1 "$ROUNDS"); do
  NEW=$WORK/keys/round-$round.key
  case $((round % 3)) in
    1) op=re-key; cmd=(encrypt --new-key-file "$NEW") ;;
    2) op=decrypt; cmd=(decrypt) ;;
    0) op=encrypt; cmd=(encrypt --new-key-file "$NEW") ;;
  esac
  # encrypt starts from a plain file, re-key and decrypt from an encrypted one: make it so
  # when the round before was cut off first.
  if [ "$op" = encrypt ] && [ "$(state "$CUR" "$CUR")" != plain ]; then
    EBB_KEY_FILE=$CUR "$EBB" decrypt >/dev/null 2>&1
  fi
  if [ "$op" != encrypt ] && [ "$(state "$CUR" "$CUR")" = plain ]; then
    "$EBB" encrypt --new-key-file "$NEW.pre" >/dev/null 2>&1
    CUR=$NEW.pre
  fi
  EBB_KEY_FILE=$CUR "$EBB" "${cmd[@]}" >/dev/null 2>&1 &
  PID=$!
  sleep_ms $((RANDOM * (ELAPSED_MS * 12 / 10) / 32768))
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  # Right after the kill, before any ebb tidies up: no readable copy anywhere.
  st=$(state "$CUR" "$NEW")
  if [ "$st" != plain ]; then expect_no_plain_text "$op round $round, killed"; fi
  CHECKS=$((CHECKS + 1))
  stray=$(ls -A "$DBDIR" | grep -v -x -e ebb.db -e ebb.db.lock -e ebb.db-wal -e ebb.db-shm)
  [ -z "$stray" ] || echo "  $op round $round left (for the next ebb to remove): $stray"
  case $st in
    none) fail "$op round $round: neither key opens the database"; continue ;;
    new) CUR=$NEW ;;
  esac
  OUTCOMES="$OUTCOMES $op:$st"
  got=$(EBB_KEY_FILE=$CUR count)
  expect_eq "$got" "$N" "$op round $round ($st state): every entry"
  CHECKS=$((CHECKS + 1))
  [ -z "$(ls -A "$DBDIR" | grep ebb-tmp)" ] || fail "$op round $round: leftovers after the next open"
done
echo "conversions killed at random, state after:$OUTCOMES"
export EBB_KEY_FILE=$CUR
if [ "$(state "$CUR" "$CUR")" = plain ]; then
  run_ok encrypt --new-key-file "$WORK/keys/final.key"
  export EBB_KEY_FILE=$WORK/keys/final.key
fi

# An interrupted backup leaves no file at all.
for round in 1 2 3; do
  "$EBB" backup "$WORK/cut-backup.db" >/dev/null 2>&1 &
  PID=$!
  sleep_ms $((RANDOM % 200))
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  if [ -e "$WORK/cut-backup.db" ]; then
    run_ok --db "$WORK/cut-backup.db" log --all --json
    expect_eq "$(jqv length)" "$N" "a backup that got its name is whole"
    rm -f "$WORK/cut-backup.db"
  fi
  CHECKS=$((CHECKS + 1))
  [ -z "$(ls -A "$WORK" | grep ebb-tmp)" ] || fail "an interrupted backup left a file"
done

# ---- Leftovers of a cut-off conversion: diagnose names them, the next ebb removes them ----
printf 'SQLite format 3\0leftover' >"$DBDIR/.ebb.db.ebb-tmp-Zz9Yy8"
run_ok diagnose
expect_contains "$OUT" ".ebb.db.ebb-tmp-Zz9Yy8"
expect_contains "$OUT" "encrypted"
run_ok diagnose --json
expect_eq "$(jqv '.database.leftovers | length')" "1"
expect_eq "$(jqv '.database.encryption.format')" "page by page"
run log --limit 1
expect_rc 0
expect_contains "$ERR" "left by an encrypt or decrypt that was cut off"
CHECKS=$((CHECKS + 1))
[ ! -e "$DBDIR/.ebb.db.ebb-tmp-Zz9Yy8" ] || fail "the leftover is still there"

# ---- Two encrypts at once: one goes ahead, the other changes nothing ----
# Both open the plain file, then spend a second on their passphrase (Argon2id) before they
# convert it: the slower one must notice the file is no longer the one it opened.
export EBB_DB=$WORK/twice/ebb.db
mkdir -p "$WORK/twice"
unset EBB_KEY_FILE
for i in 1 2 3; do "$EBB" use alcohol 1 --note "twice-$i" >/dev/null; done
EBB_PASSPHRASE_FD=3 "$EBB" encrypt >"$WORK/twice/out1" 2>&1 3<<<"first passphrase" &
P1=$!
EBB_PASSPHRASE_FD=3 "$EBB" encrypt >"$WORK/twice/out2" 2>&1 3<<<"second passphrase" &
P2=$!
wait $P1; R1=$?
wait $P2; R2=$?
CHECKS=$((CHECKS + 1))
if [ "$R1" -eq 0 ] && [ "$R2" -ne 0 ]; then WIN=1 LOSE=2 RL=$R2
elif [ "$R2" -eq 0 ] && [ "$R1" -ne 0 ]; then WIN=2 LOSE=1 RL=$R1
else fail "two encrypts at once: exits $R1 and $R2 (one should go ahead, one refuse)"; WIN=1 LOSE=2 RL=3
fi
expect_eq "$RL" "3" "the second encrypt's exit"
expect_contains "$(cat "$WORK/twice/out$LOSE")" "changed by another ebb"
PASS=("" "first passphrase" "second passphrase")
expect_eq "$(EBB_PASSPHRASE_FD=3 "$EBB" log --all --json 3<<<"${PASS[$WIN]}" | jq length)" "3" \
  "every entry, with the passphrase that was used"
OUT=$(EBB_PASSPHRASE_FD=3 "$EBB" log --all 2>"$WORK/stderr" 3<<<"${PASS[$LOSE]}")
RC=$?
expect_rc 3 "the refused encrypt's passphrase doesn't open it"

# ---- Behind a symbolic link (a synced folder): the real file is encrypted, the link stays ----
mkdir -p "$WORK/synced" "$WORK/linked"
export EBB_DB=$WORK/linked/ebb.db
ln -s "$WORK/synced/ebb.db" "$EBB_DB"
run use alcohol 1 --note "$NOTE linked"
expect_rc 0
run encrypt --new-key-file "$WORK/keys/linked.key"
expect_rc 0 "encrypt through a link"
CHECKS=$((CHECKS + 1))
[ -L "$EBB_DB" ] || fail "encrypt replaced the link"
expect_eq "$(head -c 8 "$WORK/synced/ebb.db")" "EBBCRYPT" "the real file is encrypted"
CHECKS=$((CHECKS + 1))
grep -rlaF "$NOTE" "$WORK/synced" "$WORK/linked" && fail "plain text left beside the link or the file"
export EBB_KEY_FILE=$WORK/keys/linked.key
run_ok use cannabis 1
expect_eq "$("$EBB" --db "$WORK/synced/ebb.db" log --all --json | jq length)" "2" \
  "writes through the link and the real path land in one file"

finish
