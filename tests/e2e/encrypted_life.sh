#!/usr/bin/env bash
# Four weeks of Maya's life with an encrypted log. She drinks with friends, smokes weed most
# evenings, goes to a party where she mixes alcohol and ketamine, rides out urges. After a week
# she encrypts the log with a passphrase (her flatmate borrows the laptop); later she moves to
# a key file so a timer can run `ebb check`, backs up to a USB stick, the laptop crashes while
# she logs, and she prints a report for her therapist. Every command works on the encrypted
# log as on a plain one; nothing she wrote is readable in any file.
. "$(dirname "$0")/lib.sh"

PASS="the sea at Sète in June"
DBDIR=$(dirname "$DB")
SECRETS=(-e "flatmate" -e "Jonas" -e "ketamine" -e "cannabis" -e "couldn't sleep")

# on TIME CMD...: runs ebb at TIME (Berlin, CET), with the passphrase on fd 3 while the log is
# locked with one.
on() {
  local when=$1
  shift
  if [ -n "${WITH_PASS:-}" ]; then
    OUT=$(EBB_NOW=$when EBB_PASSPHRASE_FD=3 "$EBB" "$@" 2>"$WORK/stderr" 3<<<"$PASS")
  else
    OUT=$(EBB_NOW=$when "$EBB" "$@" 2>"$WORK/stderr")
  fi
  RC=$?
  ERR=$(cat "$WORK/stderr")
}
nothing_readable() {
  CHECKS=$((CHECKS + 1))
  local found
  found=$(grep -rlaF "${SECRETS[@]}" "$DBDIR" 2>/dev/null | grep -v 'plan-draft\.toml$')
  [ -z "$found" ] || fail "$1: readable in $found"
}

# ---- Week 1 (26 Oct - 1 Nov), a plain log ----
on 2026-10-26T22:10:00+01:00 use beer 2 --with "Jonas" --note "after work, the usual bar"
expect_rc 0 "first beer"
on 2026-10-26T23:30:00+01:00 use cannabis 0.3 g --route smoked --alone --reason "to sleep"
on 2026-10-27T21:00:00+01:00 urge 6 --substance cannabis --trigger "couldn't sleep" --rode-out \
  --minutes 20 --after 2 --note "tea and a podcast"
expect_rc 0 "urge ridden out"
on 2026-10-28T22:45:00+01:00 use cannabis 0.4 g --route smoked
on 2026-10-29T20:00:00+01:00 mood 4 --note "flatmate borrowed the laptop again"
on 2026-10-30T23:50:00+01:00 use beer 4 --with "Jonas"
on 2026-10-31T01:30:00+01:00 use cannabis 0.5 g --route smoked
printf 'why = "I want to sleep without weed some nights"\n[cannabis]\nmax_use_days_per_week = 4\n' \
  >"$WORK/plan.toml"
on 2026-11-01T11:00:00+01:00 plan set "$WORK/plan.toml"
expect_rc 0 "her plan"
on 2026-11-01T11:05:00+01:00 review
expect_rc 0 "first review"
expect_contains "$OUT" "cannabis"

# Her flatmate uses the laptop: she locks the log with a passphrase (typed twice at a terminal;
# here, two lines on fd 3 would be the same passphrase: EBB_PASSPHRASE_FD reads one line).
OUT=$(EBB_NOW=2026-11-01T11:10:00+01:00 EBB_PASSPHRASE_FD=3 "$EBB" encrypt 2>"$WORK/stderr" 3<<<"$PASS")
RC=$?
ERR=$(cat "$WORK/stderr")
expect_rc 0 "encrypt with a passphrase"
expect_contains "$OUT" "Encrypted $DB with your passphrase"
expect_contains "$OUT" "nobody can open the log"
nothing_readable "right after encrypting"
WITH_PASS=1

# Without the passphrase (her flatmate at the terminal, say): nothing shows, exit 3.
OUT=$(EBB_NOW=2026-11-01T12:00:00+01:00 "$EBB" log </dev/null 2>"$WORK/stderr")
RC=$?
expect_rc 3 "the log without the passphrase"
expect_not_contains "$OUT" "Jonas"

# ---- Week 2: the party ----
on 2026-11-03T22:00:00+01:00 use cannabis 0.3 g --route smoked
expect_rc 0 "logging with the passphrase"
on 2026-11-05T21:40:00+01:00 urge 7 --substance cannabis --trigger "couldn't sleep" --rode-out --minutes 30
on 2026-11-06T23:00:00+01:00 use beer 3 --with "Jonas" --where "Lena's party"
on 2026-11-07T01:20:00+01:00 use ketamine 40 mg --route snorted --untested --with "Jonas" \
  --note "more than I meant to"
expect_rc 0 "ketamine after beer"
expect_contains "$OUT" "Logged ketamine, 40 mg"
on 2026-11-07T14:00:00+01:00 mood 3 --note "wrecked, scared of how the night went"
on 2026-11-08T12:00:00+01:00 review week
expect_rc 0 "review of the party week"
expect_contains "$OUT" "ketamine"
nothing_readable "after the party week"

# ---- Week 3: a key file for the timer, a backup to the stick ----
mkdir -p "$WORK/keys" "$WORK/usb"
on 2026-11-10T09:00:00+01:00 encrypt --new-key-file "$WORK/keys/ebb.key"
expect_rc 0 "re-key to a key file"
expect_contains "$OUT" "Re-encrypted $DB with the key file $WORK/keys/ebb.key"
expect_contains "$ERR" "still locked with the old key"
unset WITH_PASS
export EBB_KEY_FILE=$WORK/keys/ebb.key
on 2026-11-10T09:01:00+01:00 check --quiet
CHECKS=$((CHECKS + 1))
[ "$RC" -le 1 ] || fail "check --quiet from a timer: exit $RC ($ERR)"
on 2026-11-11T23:10:00+01:00 use cannabis 0.3 g --route smoked
on 2026-11-12T22:00:00+01:00 urge 5 --substance cannabis --rode-out --note "went for a walk"
on 2026-11-14T20:00:00+01:00 use beer 2 --with "Jonas"
on 2026-11-15T10:00:00+01:00 backup "$WORK/usb/ebb-2026-11-15.db"
expect_rc 0 "backup to the stick"
expect_contains "$OUT" "opens with the same key"
expect_eq "$(head -c 8 "$WORK/usb/ebb-2026-11-15.db")" "EBBCRYPT" "the stick holds an encrypted copy"
CHECKS=$((CHECKS + 1))
grep -qaF "Jonas" "$WORK/usb/ebb-2026-11-15.db" && fail "the backup is readable"

# ---- Week 4: the laptop dies while she logs ----
EBB_NOW=2026-11-17T22:30:00+01:00 "$EBB" use cannabis 0.3 g --route smoked >/dev/null 2>&1 &
PID=$!
sleep 0.03
kill -KILL "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
on 2026-11-17T22:31:00+01:00 log --limit 3
expect_rc 0 "the log opens after the crash"
on 2026-11-18T22:00:00+01:00 urge 4 --substance cannabis --rode-out
on 2026-11-20T19:00:00+01:00 mood 7 --note "four nights without, sleeping better"
on 2026-11-20T19:05:00+01:00 review --since 2026-10-26
expect_rc 0 "the month in review"
expect_contains "$OUT" "ketamine: used on 1 of 26 days"
on 2026-11-20T19:10:00+01:00 report month -o "$WORK/for-therapist.md"
expect_rc 0 "a report for her therapist"
expect_eq "$(stat -c %a "$WORK/for-therapist.md")" "600" "the report is private"
expect_contains "$(cat "$WORK/for-therapist.md")" "cannabis"
nothing_readable "at the end of the month"

# The backup opens with the key file, and holds the log as it was that day.
on 2026-11-20T19:20:00+01:00 --db "$WORK/usb/ebb-2026-11-15.db" log --all --json
expect_rc 0 "the backup opens with the key file"
COUNT_BACKUP=$(jqv length)
on 2026-11-20T19:21:00+01:00 log --all --json
expect_rc 0
CHECKS=$((CHECKS + 1))
[ "$(jqv length)" -gt "$COUNT_BACKUP" ] || fail "the log should have grown since the backup"
expect_eq "$(jqv '[.[] | select(.substance == "ketamine")] | length')" "1" "the party night is there"

# She gets full-disk encryption and goes back to a plain file: all of it there.
on 2026-11-22T10:00:00+01:00 decrypt
expect_rc 0 "decrypt"
expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok"
on 2026-11-22T10:01:00+01:00 log --all --json
expect_eq "$(jqv length)" "$(sqlite3 "$DB" 'SELECT count(*) FROM entries')"
unset EBB_KEY_FILE
on 2026-11-22T10:02:00+01:00 review week
expect_rc 0 "a plain log again"

finish
