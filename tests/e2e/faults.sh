#!/usr/bin/env bash
# Faults that must lose nothing and say what happened: output that can't be written, and
# the other cases of issue 17 that need no special file system (see faults_disk.sh for those).
. "$(dirname "$0")/lib.sh"

run use alcohol 2 drinks --note "with Sam"
expect_rc 0

# Output that doesn't arrive is a failure, named, never exit 0 (the cron backup case).
if [ -w /dev/full ]; then
  "$EBB" export >/dev/full 2>"$WORK/err"
  RC=$? ERR=$(cat "$WORK/err") OUT=
  expect_rc 4 "export > /dev/full"
  expect_contains "$ERR" "Couldn't write to standard output: No space left on device"
  "$EBB" export --format csv >/dev/full 2>"$WORK/err"
  RC=$? ERR=$(cat "$WORK/err")
  expect_rc 4 "export --format csv > /dev/full"
  "$EBB" log --json >/dev/full 2>"$WORK/err"
  RC=$? ERR=$(cat "$WORK/err")
  expect_rc 4 "log --json > /dev/full"
  expect_contains "$ERR" "incomplete"
fi

# Text from a Latin-1 terminal is refused on the way in, so every export imports again.
BEFORE=$("$EBB" export --format csv)
for args in "use alcohol 1 --note caf\xe9" "use caf\xe9 1" "use alcohol 1 caf\xe9" \
  "use alcohol 1 --where K\xf6ln" "urge 5 --trigger \xc2\x9b" "mood 5 --feel ok,\x7f" \
  "use alcohol 1 --tag \xff"; do
  # shellcheck disable=SC2046
  run $(printf "$args")
  expect_rc 2 "refused: $args"
  case "$args" in
    *9b* | *7f*) expect_contains "$ERR" "can't hold control characters" ;;
    *) expect_contains "$ERR" "isn't UTF-8 text" ;;
  esac
  expect_contains "$ERR" "Nothing was saved."
done
expect_eq "$("$EBB" export --format csv)" "$BEFORE" "nothing saved by the refused commands"
run use alcohol 1 --note "café in Köln, 🍺" --where "‮Bidi"
expect_rc 0 "UTF-8 text, even with a bidi override, is kept"
"$EBB" export -o "$WORK/round.json" 2>/dev/null
run --db "$WORK/round.db" import "$WORK/round.json"
expect_rc 0 "an export of what the CLI accepted imports again"
expect_contains "$OUT" "Added 2 entries"

# CSV export: a cell a spreadsheet would run is guarded, and import takes the guard off.
run use alcohol 1 --note '=HYPERLINK("http://example.com","open")' --where '@home' --tag=-late
expect_rc 0
"$EBB" export --format csv -o "$WORK/a.csv" 2>/dev/null
expect_contains "$(cat "$WORK/a.csv")" "\"'=HYPERLINK(\"\"http://example.com\"\",\"\"open\"\")\"" "formula guarded"
expect_contains "$(cat "$WORK/a.csv")" ",'@home," "at-sign guarded"
run --db "$WORK/csv.db" import "$WORK/a.csv"
expect_rc 0
"$EBB" --db "$WORK/csv.db" export --format csv -o "$WORK/b.csv" 2>/dev/null
expect_eq "$(sha256sum <"$WORK/b.csv")" "$(sha256sum <"$WORK/a.csv")" "CSV round trip byte for byte"
run --db "$WORK/csv.db" log --json --limit 1
expect_rc 0
expect_eq "$(jqv '.[0].note')" '=HYPERLINK("http://example.com","open")' "the note comes back as written"

# PsychonautWiki: two doses at the same moment are two entries, not "1 already here".
cat > "$WORK/pw.json" <<'EOF2'
{"experiences": [{"title": "Saturday", "ingestions": [
 {"substanceName": "MDMA", "time": 1763233200000, "administrationRoute": "ORAL", "dose": 80, "units": "mg"},
 {"substanceName": "MDMA", "time": 1763233200000, "administrationRoute": "ORAL", "dose": 40, "units": "mg"}]}]}
EOF2
run --db "$WORK/pw.db" import --from psychonautwiki "$WORK/pw.json"
expect_rc 0
expect_eq "$OUT" "Added 2 entries, 0 already here." "both doses kept"
run --db "$WORK/pw.db" import --from psychonautwiki "$WORK/pw.json"
expect_eq "$OUT" "Added 0 entries, 2 already here." "the same file again adds nothing"

# Without HOME, or with a relative XDG_DATA_HOME, there is no right place: refused, and no
# database made under / or in the current folder.
mkdir -p "$WORK/cwd"
(cd "$WORK/cwd" && env -u HOME "$EBB" use alcohol 1 >/dev/null 2>"$WORK/err")
RC=$? ERR=$(cat "$WORK/err")
expect_rc 2 "HOME unset"
expect_contains "$ERR" "HOME isn't set, so ebb can't tell where your files go."
(cd "$WORK/cwd" && XDG_DATA_HOME=data "$EBB" use alcohol 1 >/dev/null 2>"$WORK/err")
RC=$? ERR=$(cat "$WORK/err")
expect_rc 2 "relative XDG_DATA_HOME"
expect_contains "$ERR" 'XDG_DATA_HOME is "data", a relative path'
expect_eq "$(find "$WORK/cwd" -mindepth 1 | wc -l)" "0" "nothing made in the current folder"
(cd "$WORK/cwd" && env -u HOME "$EBB" --db "$WORK/nohome.db" use alcohol 1 >/dev/null 2>&1)
RC=$?
expect_rc 0 "HOME unset, the database named"

# -o/--output: never over ebb's own files, by any name; an existing file only with --force.
run export -o "$DB"
expect_rc 2 "export over the database"
expect_contains "$ERR" "is ebb's database; writing there would destroy it. Nothing was written"
for side in -wal -shm .lock; do
  run export -o "$DB$side"
  expect_rc 2 "export over $side"
  expect_contains "$ERR" "of ebb's database"
done
ln -s "$DB" "$WORK/alias.json"
ln "$DB" "$WORK/hard.json"
for other in "$WORK/alias.json" "$WORK/hard.json" "$(dirname "$DB")/../ebb/ebb.db"; do
  run export -o "$other" --force
  expect_rc 2 "export over the database as $other, even with --force"
done
run report -o "$DB" --force
expect_rc 2 "report over the database"
run backup "$DB-wal"
expect_rc 2 "a backup into the name of the WAL"
[ ! -e "$DB-wal" ] || [ ! -s "$DB-wal" ] || fail "the backup wrote a WAL"
head -c 32 /dev/urandom >"$WORK/key"
chmod 600 "$WORK/key"
run --key-file "$WORK/key" export -o "$WORK/key" --force
expect_rc 2 "export over the key file"
expect_contains "$ERR" "the key file of ebb's database"
expect_eq "$(stat -c %s "$WORK/key")" "32" "the key file is untouched"
printf 'mine\n' >"$WORK/notes.txt"
run export -o "$WORK/notes.txt"
expect_rc 2 "export over an existing file"
expect_contains "$ERR" "There is already a file at $WORK/notes.txt; ebb leaves it as it is. Add --force"
expect_eq "$(cat "$WORK/notes.txt")" "mine" "the existing file is untouched"
run report -o "$WORK/notes.txt"
expect_rc 2 "report over an existing file"
run export -o "$WORK/notes.txt" --force
expect_rc 0 "--force replaces it"
expect_eq "$(jq -r .ebb_export "$WORK/notes.txt")" "1"
ln -s "$WORK/notes.txt" "$WORK/notes-link.json"
run export -o "$WORK/notes-link.json" --force
expect_rc 0
CHECKS=$((CHECKS + 1))
[ -L "$WORK/notes-link.json" ] || fail "--force through a link replaces the file, not the link"
run export -o "$WORK"
expect_rc 2 "a folder as --output"
run export -o "$WORK/no/such/folder/x.json"
expect_rc 2 "a folder that isn't there"
expect_contains "$ERR" "There is no folder $WORK/no/such/folder, so ebb can't write $WORK/no/such/folder/x.json. Nothing was written"

# --- messages ---------------------------------------------------------------------------------

run use alcohol 0x10 drinks
expect_rc 2 "a hexadecimal amount"
expect_contains "$ERR" '"0x10" isn'"'"'t a number ebb can read'
expect_not_contains "$ERR" "given twice"
run log --limit "$(printf '9%.0s' $(seq 1 309))"
expect_rc 2 "a 309-digit --limit"
expect_eq "$ERR" "ebb: --limit goes up to 999999999; for every entry, use --all." "a short message"
run log --limit ten
expect_rc 2
expect_contains "$ERR" '"ten" isn'"'"'t one'
run log --limit 1
expect_rc 0 "--limit 1"
# "Nothing was saved." only where something could have been.
for cmd in "log --bogus" "review --bogus" "export --bogus" "plan show --bogus" "diagnose --bogus"; do
  # shellcheck disable=SC2086
  run $cmd
  expect_rc 2 "$cmd"
  expect_not_contains "$ERR" "Nothing was saved" "a read-only command: $cmd"
done
TZ=Mars/Base run log
expect_rc 2
expect_eq "$ERR" "ebb: In TZ, \"Mars/Base\" is not a time zone ebb knows (no file in /usr/share/zoneinfo). Use an IANA name such as Europe/Berlin." "an unknown TZ, named once"
expect_not_contains "$ERR" "Nothing was saved" "a bad TZ for a read-only command"
run forget --before soon --yes
expect_rc 2 "forget with a time it can't read"
expect_contains "$ERR" "Nothing was forgotten." "forget says what it didn't do"
for cmd in "use --bogus" "plan set" "forget --bogus"; do
  # shellcheck disable=SC2086
  run $cmd
  expect_rc 2 "$cmd"
  expect_contains "$ERR" "Nothing was saved" "a command that saves: $cmd"
done
TZ=Mars/Base run use alcohol 1
expect_rc 2
expect_contains "$ERR" "Nothing was saved" "a bad TZ when logging"

# --- the plan draft -------------------------------------------------------------------------

PDB=$WORK/plan/ebb.db
DRAFT=$PDB.plan-draft.toml
"$EBB" --db "$PDB" use alcohol 1 >/dev/null 2>&1
# An editor that writes the plan, and meanwhile another program replaces the database file
# (as `ebb encrypt` or a sync would): the save fails, and the text written is kept.
cat > "$WORK/editor-then-replace" <<'SH'
#!/bin/sh
printf 'why = "sleep well, be there for Sam"\n[alcohol]\nmax_per_day = 2\n' > "$1"
cp "$PLAN_DB" "$PLAN_DB.new" && mv "$PLAN_DB.new" "$PLAN_DB"
SH
chmod +x "$WORK/editor-then-replace"
PLAN_DB=$PDB VISUAL=$WORK/editor-then-replace run --db "$PDB" plan edit </dev/null
expect_rc 3 "a plan edit whose save fails"
expect_contains "$ERR" "nothing was saved"
expect_contains "$ERR" "Your text is kept in $DRAFT; ebb plan edit picks it up again."
expect_contains "$(cat "$DRAFT" 2>/dev/null)" "be there for Sam" "the draft holds what was written"
run --db "$PDB" plan history --json
expect_rc 1
expect_eq "$(jqv length)" "0" "nothing saved"
VISUAL=true run --db "$PDB" plan edit </dev/null
expect_rc 0 "the next edit saves the draft"
expect_contains "$ERR" "Starting from your unsaved draft"
expect_contains "$OUT" "Saved your plan (version 1)"
[ ! -e "$DRAFT" ] || fail "the draft stays after a save that committed"

# A draft belongs to one database: another database in the same folder has its own.
VISUAL=true run --db "$WORK/plan/other.db" plan show
expect_rc 1
[ ! -e "$WORK/plan/plan-draft.toml" ] || fail "a draft shared by the folder"

# A draft that isn't a private file of this account is not used, and nothing is saved.
printf 'why = "planted"\n' > "$DRAFT"
chmod 644 "$DRAFT"
VISUAL=true run --db "$PDB" plan edit </dev/null
expect_rc 2 "a draft others can read"
expect_contains "$ERR" "can be read or changed by others (mode 0644), so ebb won't use it"
rm "$DRAFT"
ln -s "$WORK/notes.txt" "$DRAFT"
VISUAL=true run --db "$PDB" plan edit </dev/null
expect_rc 2 "a draft that is a link"
expect_contains "$ERR" "isn't a regular file"
rm "$DRAFT"
if [ "$(id -u)" = 0 ]; then
  printf 'why = "planted"\n' > "$DRAFT"
  chmod 600 "$DRAFT"
  chown 65534 "$DRAFT"
  VISUAL=true run --db "$PDB" plan edit </dev/null
  expect_rc 2 "a draft of another account"
  expect_contains "$ERR" "belongs to another account"
  rm "$DRAFT"
fi
run --db "$PDB" plan history --json
expect_rc 0
expect_eq "$(jqv length)" "1" "no planted draft was saved"

# An empty plan can be saved: the person clears their plan.
printf '' | run --db "$PDB" plan check -
expect_rc 0 "an empty plan reads well"
run --db "$PDB" plan set - </dev/null
expect_rc 0 "an empty plan is saved"
expect_contains "$OUT" "Cleared your plan (version 2 is empty)"
run --db "$PDB" review
expect_rc 0
expect_contains "$OUT" "no plan yet"
expect_not_contains "$OUT" "within your plan"
cat > "$WORK/emptying-editor" <<'SH'
#!/bin/sh
: > "$1"
SH
chmod +x "$WORK/emptying-editor"
printf 'why = "x"\n' | "$EBB" --db "$PDB" plan set - >/dev/null 2>&1
VISUAL=$WORK/emptying-editor run --db "$PDB" plan edit </dev/null
expect_rc 0 "plan edit to an empty text"
expect_contains "$OUT" "Cleared your plan (version 4 is empty)"
run --db "$PDB" plan history
expect_rc 0
expect_contains "$OUT" "empty (cleared)"
"$EBB" --db "$PDB" plan set - <<<'why = "again"' >/dev/null 2>&1
printf 'why = "unsaved"\n' > "$DRAFT"
chmod 600 "$DRAFT"
run --db "$PDB" forget --all --yes
expect_rc 0
expect_contains "$OUT" "your unsaved plan draft"
[ ! -e "$DRAFT" ] || fail "forget --all leaves the plan draft"

# --- the database file --------------------------------------------------------------------

# Reached through a link (a synced folder): every write, the WAL and the backups are beside
# the real file, and the link stays a link.
mkdir -p "$WORK/sync" "$WORK/data"
ln -s "$WORK/sync/ebb.db" "$WORK/data/ebb.db"
run --db "$WORK/data/ebb.db" use alcohol 1
expect_rc 0 "a new database through a link"
run --db "$WORK/data/ebb.db" mood 6
expect_rc 0
CHECKS=$((CHECKS + 1))
[ -L "$WORK/data/ebb.db" ] || fail "the link was replaced"
[ -f "$WORK/sync/ebb.db" ] || fail "the database isn't at the end of the link"
[ ! -e "$WORK/data/ebb.db-wal" ] && [ ! -e "$WORK/data/ebb.db.lock" ] || fail "files beside the link"
expect_eq "$(sqlite3 "$WORK/sync/ebb.db" 'SELECT count(*) FROM entries')" "2" "both entries in the real file"
run --db "$WORK/data/ebb.db" backup
expect_rc 0
expect_contains "$OUT" "$WORK/sync/ebb-backup-" "the backup is beside the real file"
run --db "$WORK/data/ebb.db" diagnose
expect_rc 0
expect_contains "$OUT" "a link to $WORK/sync/ebb.db"
run --db "$WORK/data/ebb.db" forget --all --yes
expect_rc 0
expect_contains "$ERR" "$WORK/sync/ebb-backup-" "forget names the copy beside the real file"
ln -s "$WORK/nowhere/ebb.db" "$WORK/data/dangling.db"
run --db "$WORK/data/dangling.db" use alcohol 1
expect_rc 3 "a link into a folder that isn't there"
expect_contains "$ERR" "is a link to $WORK/nowhere/ebb.db, whose folder isn't there"

# What isn't a regular file is refused at once, never opened: a FIFO would hang.
mkfifo "$WORK/fifo"
RC=0
timeout 20 "$EBB" --db "$WORK/fifo" use alcohol 1 >/dev/null 2>"$WORK/err" || RC=$?
ERR=$(cat "$WORK/err")
expect_rc 3 "a FIFO as --db"
expect_contains "$ERR" "is a named pipe, so ebb can't keep its log there"
RC=0
timeout 20 "$EBB" --db "$WORK/fifo" diagnose >"$WORK/out" 2>&1 || RC=$?
expect_rc 0 "diagnose of a FIFO doesn't hang"
expect_contains "$(cat "$WORK/out")" "is a named pipe"
run --db /dev/null log
expect_rc 3 "/dev/null as --db"
expect_contains "$ERR" "/dev/null is a device, so ebb can't keep its log there"
expect_not_contains "$ERR" "disk I/O error"
"$EBB" --db "$WORK/k.db" use alcohol 1 >/dev/null 2>&1
"$EBB" --db "$WORK/k.db" encrypt --new-key-file "$WORK/k.key" >/dev/null 2>&1
RC=0
EBB_KEY_FILE=$WORK/fifo timeout 20 "$EBB" --db "$WORK/k.db" log >/dev/null 2>"$WORK/err" || RC=$?
ERR=$(cat "$WORK/err")
expect_rc 3 "a FIFO as the key file"
expect_contains "$ERR" "isn't a regular file"
RC=0
EBB_KEY_FILE=$WORK/k.key timeout 20 "$EBB" --db "$WORK/k.db" encrypt --key-file "$WORK/fifo" \
  >/dev/null 2>"$WORK/err" || RC=$?
ERR=$(cat "$WORK/err")
expect_rc 3 "a FIFO as --key-file"

# A foreign SQLite file (schema version 0, tables of its own) is refused, not converted.
sqlite3 "$WORK/other.db" 'CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ("soup");'
SUM=$(sha256sum <"$WORK/other.db")
run --db "$WORK/other.db" use alcohol 1
expect_rc 3 "a foreign SQLite file"
expect_contains "$ERR" "is an SQLite database, but not one of ebb's (it holds recipes)"
expect_eq "$(sha256sum <"$WORK/other.db")" "$SUM" "the foreign file is untouched"
expect_eq "$(sqlite3 "$WORK/other.db" 'PRAGMA journal_mode')" "delete" "not switched to WAL"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/other.db.lock" ] || fail "a lock file left beside someone else's database"
printf 'shopping list\n' >"$WORK/list.db"
run --db "$WORK/list.db" use alcohol 1
expect_rc 3 "a file that isn't SQLite"
expect_contains "$ERR" "isn't an ebb database (it isn't SQLite). It was left as it is."
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/list.db.lock" ] || fail "a lock file left beside a file that isn't SQLite"
run --db "$WORK/other.db" log
expect_rc 3
run --db "$WORK/other.db" diagnose
expect_contains "$OUT" "not one of ebb's (it holds recipes)"

# A read of a read-only database leaves a read-only -shm; later writes mend it. Permissions
# mean nothing to root, so as root this runs as nobody (setpriv), else as the user running it.
as_user() { "$@"; }
SHM=$WORK/shm
mkdir -p "$SHM"
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    chown 65534:65534 "$SHM"
    chmod 755 "$WORK"
  else
    SHM=
  fi
fi
if [ -n "$SHM" ]; then
  as_user "$EBB" --db "$SHM/e.db" use alcohol 1 >/dev/null 2>&1
  as_user chmod 400 "$SHM/e.db"
  OUT=$(as_user "$EBB" --db "$SHM/e.db" use alcohol 2 2>&1)
  RC=$?
  expect_rc 3 "a write to a read-only database"
  expect_contains "$OUT" "it is read-only, mode 0400; 'chmod 600 $SHM/e.db' lets ebb write to it). Nothing was saved."
  as_user "$EBB" --db "$SHM/e.db" log >/dev/null 2>&1
  as_user chmod 600 "$SHM/e.db"
  as_user chmod 400 "$SHM/e.db-shm"
  OUT=$(as_user "$EBB" --db "$SHM/e.db" diagnose 2>&1)
  expect_contains "$OUT" "its -shm file is read-only (mode 0400)"
  OUT=$(as_user "$EBB" --db "$SHM/e.db" use alcohol 2 2>&1)
  RC=$?
  expect_rc 0 "a write after a read-only -shm was left ($OUT)"
  CHECKS=$((CHECKS + 1))
  [ ! -e "$SHM/e.db-shm" ] || [ "$(stat -c %a "$SHM/e.db-shm")" = 600 ] ||
    fail "the -shm takes the database's mode"
fi

# forget leaves no note of reminders naming what it forgot (ids, substances, days).
RDB=$WORK/reminders.db
"$EBB" --db "$RDB" use alcohol 4 --at "2h ago" >/dev/null 2>&1
"$EBB" --db "$RDB" use heroin 10mg --at "1h ago" >/dev/null 2>&1
"$EBB" --db "$RDB" check --all >/dev/null 2>&1
KEYS=$(sqlite3 "$RDB" 'SELECT group_concat(key) FROM reminders_shown')
expect_contains "$KEYS" "combination:" "a combination reminder was shown"
IDS=$(sqlite3 "$RDB" "SELECT group_concat(id) FROM entries WHERE substance = 'heroin'")
run --db "$RDB" forget --substance heroin --yes
expect_rc 0
expect_eq "$(sqlite3 "$RDB" 'SELECT count(*) FROM reminders_shown')" "0" "no reminder rows left"
CHECKS=$((CHECKS + 1))
LC_ALL=C grep -qa "$IDS" "$RDB" && fail "the forgotten id is still in the file"

# --- an encrypted database: check never asks, the passphrase fd is for ebb alone ------------

EDB=$WORK/enc/ebb.db
"$EBB" --db "$EDB" use alcohol 4 --at "2h ago" >/dev/null 2>&1
"$EBB" --db "$EDB" use heroin 10mg --at "1h ago" >/dev/null 2>&1
EBB_PASSPHRASE_FD=3 "$EBB" --db "$EDB" encrypt >/dev/null 2>&1 3<<<"correct horse"
# At a terminal, check -q (a prompt line) never asks for the passphrase: it stays quiet and
# exits 5, which a prompt testing for 1 reads as nothing to say.
if command -v script >/dev/null; then
  TTY_OUT=$(timeout 30 script -qec "$EBB --db $EDB check -q; echo rc=\$?" /dev/null </dev/null)
  expect_contains "$TTY_OUT" "rc=5" "check -q at a terminal without a key"
  expect_not_contains "$TTY_OUT" "Passphrase" "check -q never prompts"
  TTY_OUT=$(timeout 30 script -qec "$EBB --db $EDB check; echo rc=\$?" /dev/null </dev/null)
  expect_contains "$TTY_OUT" "rc=5" "check at a terminal without a key"
  expect_contains "$TTY_OUT" "ebb check never asks for it"
fi
run --db "$EDB" check -q
expect_rc 5 "check -q without a key, no terminal"
expect_eq "$ERR" "" "and quiet"
run --db "$EDB" log
expect_rc 3 "other commands without a key keep exit 3"
OUT=$(EBB_PASSPHRASE_FD=3 "$EBB" --db "$EDB" check --all 2>&1 3<<<"correct horse")
expect_contains "$OUT" "opioids together" "check with the passphrase on an fd"
# The fd is closed for every program ebb starts: the editor and notify-send.
cat > "$WORK/fd-probe" <<'SH'
#!/bin/sh
ls /proc/$$/fd > "$PROBE_OUT"
[ -n "$1" ] && [ "${1#-}" = "$1" ] && printf 'why = "x"\n' > "$1"
exit 0
SH
chmod +x "$WORK/fd-probe"
mkdir -p "$WORK/probe-bin"
cp "$WORK/fd-probe" "$WORK/probe-bin/notify-send"
PROBE_OUT=$WORK/editor-fds VISUAL=$WORK/fd-probe EBB_PASSPHRASE_FD=3 \
  "$EBB" --db "$EDB" plan edit >/dev/null 2>&1 3<<<"correct horse" </dev/null
expect_eq "$(grep -c '^3$' "$WORK/editor-fds")" "0" "the editor doesn't inherit the passphrase fd"
PROBE_OUT=$WORK/notify-fds PATH=$WORK/probe-bin:$PATH EBB_PASSPHRASE_FD=3 \
  "$EBB" --db "$EDB" check --notify --all >/dev/null 2>&1 3<<<"correct horse"
CHECKS=$((CHECKS + 1))
[ -s "$WORK/notify-fds" ] || fail "notify-send wasn't run"
expect_eq "$(grep -c '^3$' "$WORK/notify-fds")" "0" "notify-send doesn't inherit the passphrase fd"
run --db "$EDB" log
expect_rc 3
EBB_PASSPHRASE_FD=9 run --db "$EDB" log
expect_rc 2 "a passphrase fd that isn't open"
expect_contains "$ERR" "EBB_PASSPHRASE_FD is 9, but nothing is open on that file descriptor."

# --- waiting for another ebb ----------------------------------------------------------------

FDB=$WORK/forget.db
for i in 1 2 3 4 5 6; do "$EBB" --db "$FDB" use alcohol "$i" --at "$i days ago" >/dev/null 2>&1; done
"$EBB" --db "$FDB" mood 7 >/dev/null 2>&1

# A reader holding an old version while forget runs: forget waits for it (passively), and an
# `ebb use` meanwhile goes through at once instead of waiting a minute behind the forget.
sqlite3 "$FDB" 'BEGIN;' 'SELECT count(*) FROM entries;' '.shell sleep 6' 'COMMIT;' >/dev/null &
READER=$!
sleep 1
"$EBB" --db "$FDB" forget --substance alcohol --yes >"$WORK/forget.out" 2>"$WORK/forget.err" &
FORGET=$!
sleep 1
START=$(date +%s)
run --db "$FDB" use cannabis 1
ELAPSED=$(($(date +%s) - START))
expect_rc 0 "a use while forget waits for a reader"
CHECKS=$((CHECKS + 1))
[ "$ELAPSED" -le 3 ] || fail "the use waited ${ELAPSED}s behind forget"
wait "$FORGET"
RC=$? OUT=$(cat "$WORK/forget.out") ERR=$(cat "$WORK/forget.err")
wait "$READER"
expect_rc 0 "forget that waited for a reader"
expect_contains "$OUT" "Forgot 6 entries. They are gone from the database file."
CHECKS=$((CHECKS + 1))
LC_ALL=C grep -qa '"substance": *"alcohol"\|alcohol' "$FDB" && fail "alcohol still in the file after forget"

# A reader that stays longer than forget waits: forget is done, and says honestly where the
# old text still is.
"$EBB" --db "$FDB" use alcohol 2 --at "1 day ago" >/dev/null 2>&1
sqlite3 "$FDB" 'BEGIN;' 'SELECT count(*) FROM entries;' '.shell sleep 30' 'COMMIT;' >/dev/null &
READER=$!
sleep 1
run --db "$FDB" forget --substance alcohol --yes
expect_rc 0 "forget with a reader that stays"
expect_contains "$OUT" "Forgot 1 entry. It is gone from your log."
expect_not_contains "$OUT" "gone from the database file"
expect_contains "$ERR" "stays on disk, in the database file and its -wal file, until that ebb is done"
# Nor can the file be rewritten while that program has it open; no claim of zeros either.
expect_contains "$ERR" "couldn't be compacted just now (another program has the database open)"
expect_not_contains "$ERR" "overwritten with zeros"
kill "$READER" 2>/dev/null
wait "$READER" 2>/dev/null

# Someone at a terminal waiting behind another writer is told what is going on.
if command -v script >/dev/null; then
  sqlite3 "$FDB" 'BEGIN IMMEDIATE;' '.shell sleep 3' 'COMMIT;' >/dev/null &
  HOLDER=$!
  sleep 0.5
  TTY_OUT=$(script -qec "$EBB --db $FDB mood 5" /dev/null </dev/null)
  wait "$HOLDER"
  expect_contains "$TTY_OUT" "Another ebb is busy with the database" "the wait is explained"
  expect_contains "$TTY_OUT" "Logged mood 5" "and the entry is saved after it"

  # encrypt waits for every other ebb to close the database (a plan being edited, here, for
  # three seconds); at a terminal it says so instead of hanging silently, then does its work.
  printf '#!/bin/sh\nsleep 3\n' >"$WORK/slow-editor.sh"
  chmod +x "$WORK/slow-editor.sh"
  (umask 077 && head -c 32 /dev/urandom >"$WORK/wait.key")
  VISUAL=$WORK/slow-editor.sh "$EBB" --db "$FDB" plan edit >/dev/null 2>&1 &
  EDITING=$!
  sleep 0.7
  TTY_OUT=$(script -qec "$EBB --db $FDB encrypt --key-file $WORK/wait.key" /dev/null </dev/null)
  wait "$EDITING"
  expect_contains "$TTY_OUT" "Another ebb is busy with the database" "encrypt says why it waits"
  expect_contains "$TTY_OUT" "a plan being edited" "and names the likely reason"
  run --db "$FDB" --key-file "$WORK/wait.key" log --limit 1
  expect_rc 0 "encrypted after the wait"
  expect_contains "$OUT" "mood"
fi

# forget's compaction waits for another ebb to close the database (a plan being edited for
# three seconds), then puts the compacted file in place of the old one.
GDB=$WORK/forget-wait.db
for i in 1 2 3; do
  "$EBB" --db "$GDB" use alcohol "$i" --at "$i days ago" --note "wait-note-$i" >/dev/null 2>&1
done
"$EBB" --db "$GDB" use cannabis 1 --note "stays-note" >/dev/null 2>&1
printf '#!/bin/sh\nsleep 3\n' >"$WORK/slow-editor-2.sh"
chmod +x "$WORK/slow-editor-2.sh"
INODE=$(stat -c %i "$GDB")
VISUAL=$WORK/slow-editor-2.sh "$EBB" --db "$GDB" plan edit >/dev/null 2>&1 &
EDITING=$!
sleep 0.7
run --db "$GDB" --json forget --substance alcohol --yes
wait "$EDITING"
expect_rc 0 "forget while a plan is being edited"
expect_eq "$(jqv .forgotten)" "3"
expect_eq "$(jqv .compacted)" "true" "compacted once the other ebb closed the database"
expect_eq "$(jqv .wal_cleared)" "true"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %i "$GDB")" != "$INODE" ] || fail "the compacted file didn't take the old one's place"
CHECKS=$((CHECKS + 1))
LC_ALL=C grep -qa "wait-note" "$GDB" "$GDB-wal" 2>/dev/null && fail "a forgotten note is on disk"
run --db "$GDB" log --json
expect_rc 0
expect_eq "$(jqv '[.[].note] | join(",")')" "stays-note" "the rest is kept"

# --- times ----------------------------------------------------------------------------------

# What ebb keeps it can export and import again in any zone: years 0001 to 9998 in UTC.
TDB=$WORK/times.db
run --db "$TDB" use alcohol 1 --at 2026-11-20T20:00:00+01:00
expect_rc 0
EBB_NOW=9999-12-31T23:30:00-05:00 run --db "$TDB" use alcohol 1
expect_rc 2 "now past the year 9998 in UTC"
expect_contains "$ERR" "outside the years 0001 to 9998 (UTC)"
cat > "$WORK/y10k.json" <<'EOF2'
{"ebb_export": 1, "entries": [
 {"id": "01KA0000000000000000000001", "kind": "use", "at": "2026-11-01T20:00:00+01:00", "zone": "Europe/Berlin", "substance": "alcohol", "amount": 1, "unit": "drink"},
 {"id": "01KA0000000000000000000002", "kind": "use", "at": "9999-12-31T23:00:00-05:00", "zone": "America/New_York", "substance": "alcohol", "amount": 1, "unit": "drink"}]}
EOF2
run --db "$TDB" import "$WORK/y10k.json"
expect_rc 3 "an entry whose UTC time is in the year 10000"
expect_contains "$ERR" "outside the years 0001 to 9998 (UTC)"
expect_contains "$ERR" "Nothing was added."
# The same rule as logging: an import dated later than now is refused, named, with the fix.
sed 's/9999-12-31T23:00:00-05:00/2026-11-25T20:00:00+01:00/' "$WORK/y10k.json" >"$WORK/future.json"
run --db "$TDB" import "$WORK/future.json"
expect_rc 3 "an entry still to come"
expect_contains "$ERR" "entry 2 is dated 2026-11-25T20:00:00+01:00, which is still to come"
expect_contains "$ERR" "Nothing was added."
run --db "$TDB" log --json
expect_rc 0
expect_eq "$(jqv length)" "1" "nothing imported by the refused files"
"$EBB" --db "$TDB" export -o "$WORK/times.json" 2>/dev/null
run --db "$WORK/times2.db" import "$WORK/times.json"
expect_rc 0 "what ebb keeps imports again"

finish
