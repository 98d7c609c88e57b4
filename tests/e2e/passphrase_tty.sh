#!/usr/bin/env bash
# A passphrase at a terminal (through a pseudo-terminal, tests/e2e/pty_run.py): ebb encrypt
# asks twice with echo off, every command asks when it opens the file, a wrong or mismatched
# passphrase changes nothing and no passphrase ever shows on the screen; decrypt --json.
. "$(dirname "$0")/lib.sh"

PTY=$(dirname "$0")/pty_run.py
PASS="lantern 42 moss"
NOTE=heron-quill-5150
# at_terminal [--answer PROMPT TEXT]... -- ARGS...: ebb ARGS at a terminal; the screen in
# $OUT, the status in $RC.
at_terminal() {
  local answers=()
  while [ "$1" != "--" ]; do answers+=("$1"); shift; done
  shift
  OUT=$(python3 "$PTY" "${answers[@]}" -- "$EBB" "$@")
  RC=$(printf '%s\n' "$OUT" | sed -n 's/^exit: //p' | tail -1)
  [ -n "$RC" ] || RC=99  # pty_run.py could not finish: a prompt never came
  UNCHECKED="$* (at a terminal)"
  ERR=""
}

run_ok use alcohol 2 --note "$NOTE"
SUM=$(sha256sum "$DB")

# Two different answers, or an empty one: nothing changes.
at_terminal --answer "New passphrase: " "$PASS" --answer "Once more" "lantern 42 mass" -- encrypt
expect_rc 2 "encrypt with two different passphrases"
expect_contains "$OUT" "The two passphrases differ; nothing was changed."
expect_eq "$(head -c 15 "$DB")" "SQLite format 3" "still plain"
at_terminal --answer "New passphrase: " "" -- encrypt
expect_rc 2 "encrypt with an empty passphrase"
expect_eq "$(head -c 15 "$DB")" "SQLite format 3" "still plain"

# Asked twice with echo off (pty_run.py types only then), never shown.
at_terminal --answer "New passphrase: " "$PASS" --answer "Once more" "$PASS" -- encrypt
expect_rc 0 "encrypt at a terminal"
expect_contains "$OUT" "with your passphrase"
expect_not_contains "$OUT" "$PASS" "the passphrase is not shown"
expect_eq "$(head -c 8 "$DB")" "EBBCRYPT" "encrypted"
CHECKS=$((CHECKS + 1))
grep -aqF "$NOTE" "$DB" && fail "the note is readable in the encrypted file"

# Each command asks for it when it opens the file.
at_terminal --answer "Passphrase for $DB: " "$PASS" -- log
expect_rc 0 "log at a terminal"
expect_contains "$OUT" "$NOTE" "the log after the passphrase"
expect_not_contains "$OUT" "$PASS" "the passphrase is not shown"
at_terminal --answer "Passphrase for" "$PASS" -- mood 6 --note typed-at-a-terminal
expect_rc 0 "a new entry at a terminal"
SUM=$(sha256sum "$DB")
at_terminal --answer "Passphrase for" "lantern 42 mass" -- log
expect_rc 3 "a wrong passphrase"
expect_contains "$OUT" "That passphrase doesn't open"
expect_eq "$(sha256sum "$DB")" "$SUM" "untouched after a wrong passphrase"
# Without a terminal it asks nothing and says how to give it.
run log </dev/null
expect_rc 3 "no terminal, no EBB_PASSPHRASE_FD"
expect_contains "$ERR" "EBB_PASSPHRASE_FD"

# decrypt --json, with the passphrase on a file descriptor.
OUT=$(EBB_PASSPHRASE_FD=3 "$EBB" decrypt --json 2>"$WORK/stderr" 3<<<"$PASS")
RC=$?
ERR=$(cat "$WORK/stderr")
expect_rc 0 "decrypt --json"
expect_eq "$(jqv '[.path, .encrypted] | map(tostring) | join(" ")')" "$DB false" "decrypt --json"
expect_eq "$(head -c 15 "$DB")" "SQLite format 3" "plain again"
run_ok log --json
expect_eq "$(jqv '[.[].note] | sort | join(",")')" "$NOTE,typed-at-a-terminal" "both entries"
run decrypt --json
expect_rc 1 "decrypt of a plain file"

finish
