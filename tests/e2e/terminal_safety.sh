#!/usr/bin/env bash
# Text from a log, a plan or an import file never reaches the terminal as something the
# terminal obeys: escape sequences, C1 controls, DEL, a lone carriage return and bidi
# overrides are shown as \uXXXX, one way for every path (the sink), and line breaks in a note
# never start a table row of their own.
. "$(dirname "$0")/lib.sh"

# raw_controls TEXT: succeeds when TEXT holds something a terminal would act on.
raw_controls() {
  printf '%s' "$1" | LC_ALL=C grep -qP \
    '[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]|\x1b(?!\[[0-9;]*m)|\r(?!\n)|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
}
expect_safe() {
  CHECKS=$((CHECKS + 1))
  if raw_controls "$1"; then
    fail "$2: raw control characters reach the terminal: $(printf '%s' "$1" | od -c | head -20)"
  fi
}

# An export from somewhere else, with every kind of hostile text the import lets through
# (import refuses C0 controls in entries, but not C1, DEL, bidi or line breaks).
cat > "$WORK/hostile.json" <<'EOF'
{"ebb_export": 1, "exported_at": "2026-11-20T20:00:00Z", "entries": [
 {"id": "01KAH0000000000000000000A1", "kind": "use", "at": "2026-11-20T19:00:00+01:00",
  "zone": "Europe/Berlin", "substance": "alcohol", "amount": 2, "unit": "drink",
  "note": "line one\r\n00000A9  19:00 today  FAKE ROW \u009b2J \u007f \u202egnp.exe",
  "where": "home\u202e", "tags": ["\u2066x\u2069"]},
 {"id": "01KAH0000000000000000000A2", "kind": "urge", "at": "2026-11-20T18:00:00+01:00",
  "zone": "Europe/Berlin", "intensity": 6, "trigger": "pay\u0085day", "outcome": "other",
  "outcome_note": "went out\rOVERWRITTEN"}
], "plans": [{"version": 1, "saved_at": "2026-11-19T10:00:00Z",
  "text": "why = \"for me\\u001b]0;owned\\u0007\\u001b[2J\"\nwhen_urge = \"tea\\u009b1m\"\n"}]}
EOF
run import "$WORK/hostile.json"
expect_rc 0 "hostile import"

# ebb log: every line is a row of its own, nothing raw.
run log
expect_rc 0
expect_safe "$OUT" "ebb log"
expect_contains "$OUT" 'line one / 00000A9' "a line break in a note stays in its cell"
expect_contains "$OUT" '\u009b2J \u007f \u202egnp.exe' "C1, DEL and RLO shown"
expect_contains "$OUT" 'went out / OVERWRITTEN' "a lone carriage return can't overwrite the row"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "3" "header and two rows, no forged row"
run log --json
expect_safe "$OUT" "ebb log --json"
expect_eq "$(jqv '.[0].note')" "$(printf 'line one\r\n00000A9  19:00 today  FAKE ROW \xc2\x9b2J \x7f \xe2\x80\xaegnp.exe')" \
  "JSON stays lossless: the escapes decode to the same text"
run trends
expect_safe "$OUT" "ebb trends"
run urge 3 --trigger $'cafe\xe2\x80\xae' --other $'tea'
expect_rc 0
expect_safe "$OUT" "the confirmation of an urge with a bidi override"

# The plan's own words, decoded from TOML escapes: plan show, review, report, check.
for cmd in "plan show" "review" "report" "report --format html" "check --all"; do
  # shellcheck disable=SC2086
  run $cmd
  expect_safe "$OUT$ERR" "ebb $cmd"
done
run plan show
expect_contains "$OUT" 'for me\u001b]0;owned\u0007\u001b[2J' "plan show shows the escape"
run review
expect_contains "$OUT" 'for me\u001b]0;owned' "review quotes the reasons safely"
run report -o "$WORK/report.md"
expect_rc 0
expect_safe "$(cat "$WORK/report.md")" "report written to a file"
# Markdown escapes the brackets in the person's words, so they can't become a link.
expect_contains "$(cat "$WORK/report.md")" 'for me\u001b\]0;owned' "report file"
# plan show --raw is the text as written: TOML escapes, no raw bytes.
run plan show --raw
expect_safe "$OUT" "plan show --raw"

# Error messages that echo what a file holds.
printf 'id,kind,at,zone,\x1b]0;owned\x07\n' > "$WORK/bad.csv"
run import "$WORK/bad.csv"
expect_rc 3 "a CSV header ebb doesn't know"
expect_safe "$ERR" "import error from a CSV header"
expect_contains "$ERR" '\u001b]0;owned\u0007' "the column is named, visibly"
printf '{"ebb_export": 1, "entries": [{"\\u009b31m": 1}]}' > "$WORK/bad.json"
run import "$WORK/bad.json"
expect_rc 3
expect_safe "$ERR" "import error from a JSON key"
printf '{"experiences": [{"title": "x\\u001b[2J", "ingestions": [{"substanceName": "MDMA"}]}]}' \
  > "$WORK/bad-pw.json"
run import --from psychonautwiki "$WORK/bad-pw.json"
expect_rc 3
expect_safe "$ERR" "import error naming a PsychonautWiki experience"
expect_contains "$ERR" 'x\u001b[2J' "the title is shown, visibly"
# A command line echoed back in a usage error.
run log --since $'\x1b[2Jtoday'
expect_rc 2
expect_safe "$ERR" "usage error echoing the command line"
run $'\x1b]0;owned\x07'
expect_safe "$ERR" "unknown command echoed"

# Through a real terminal (a pty): the same, and ebb's own colours still work.
# at_terminal CMD: runs CMD in a pty; the line ends the pty adds (CR before LF) are dropped.
at_terminal() { script -qec "$1" /dev/null </dev/null | sed 's/\r*$//'; }
if command -v script >/dev/null; then
  TTY_OUT=$(at_terminal "$EBB --color=always log")
  expect_safe "$TTY_OUT" "ebb log at a terminal"
  expect_contains "$TTY_OUT" $'\x1b[1mid' "ebb's own bold header stays"
  TTY_OUT=$(at_terminal "$EBB export --format csv")
  expect_safe "$TTY_OUT" "an export shown at a terminal"
  # Into a file, the export is data: byte for byte, so it imports back.
  "$EBB" export --format csv > "$WORK/out.csv" 2>/dev/null
  CHECKS=$((CHECKS + 1))
  LC_ALL=C grep -q $'\xc2\x9b' "$WORK/out.csv" || fail "an export to a file keeps the text as it is"
fi

finish
