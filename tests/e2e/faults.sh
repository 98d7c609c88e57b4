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

finish
