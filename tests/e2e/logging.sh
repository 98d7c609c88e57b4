#!/usr/bin/env bash
# Logging uses, urges and moods; listing, editing, removing and undoing.
. "$(dirname "$0")/lib.sh"

# --help and --version never touch the database.
run --help
expect_rc 0 "--help"
expect_contains "$OUT" "use"
run --version
expect_rc 0 "--version"
expect_contains "$OUT" "ebb "
run use --help
expect_rc 0 "use --help"
[ ! -e "$DB" ] || fail "--help created the database"

# A use with an amount in several spellings.
run use beer 2 --json
expect_rc 0 "use beer 2"
expect_eq "$(jqv .substance)" "alcohol" "alias beer"
expect_eq "$(jqv .class)" "alcohol"
expect_eq "$(jqv .amount)" "2"
expect_eq "$(jqv .unit)" "drink" "usual unit"
expect_eq "$(jqv .kind)" "use"
expect_eq "$(jqv .zone)" "Europe/Berlin"
expect_eq "$(jqv .at)" "2026-11-20T21:30:00+01:00"
expect_eq "$(jqv '.id | length')" "26"
[ -e "$DB" ] || fail "database not created at the XDG default"
expect_eq "$(stat -c %a "$DB")" "600" "db mode"
expect_eq "$(stat -c %a "$(dirname "$DB")")" "700" "db dir mode"

run use ketamine 150mg --at "yesterday 23:00" --route snorted --with Sam --cost 20 \
  --reason "dancing" --tested --mood-before 6 --note "festival" --tag party --tag friends --json
expect_rc 0 "use with every flag"
expect_eq "$(jqv .amount)" "150"
expect_eq "$(jqv .unit)" "mg"
expect_eq "$(jqv .at)" "2026-11-19T23:00:00+01:00"
expect_eq "$(jqv .route)" "snorted"
expect_eq "$(jqv .with_whom)" "Sam"
expect_eq "$(jqv .alone)" "false"
expect_eq "$(jqv .cost)" "20"
expect_eq "$(jqv .reason)" "dancing"
expect_eq "$(jqv .tested)" "true"
expect_eq "$(jqv .mood_before)" "6"
expect_eq "$(jqv .note)" "festival"
expect_eq "$(jqv '.tags | join(",")')" "party,friends"
expect_eq "$(jqv .class)" "dissociative"

run use cannabis "0.5 g" --alone --at "2h ago"
expect_rc 0 "use 0.5 g"
expect_contains "$OUT" "Logged cannabis, 0.5 g at 19:30 today."
run_ok use weed 0.3 g --json --at "fri 20:00"
expect_eq "$(jqv .substance)" "cannabis" "alias weed"
expect_eq "$(jqv .amount)" "0.3"
expect_eq "$(jqv .unit)" "g"
run_ok use alcohol 3 drinks --json --at "1h30m ago"
expect_eq "$(jqv .unit)" "drink"
expect_eq "$(jqv .at)" "2026-11-20T20:00:00+01:00"

# Amount is optional; unknown names are kept as written, with a hint.
run use "Blue Lotus" --json
expect_rc 0 "unknown substance"
expect_eq "$(jqv .substance)" "Blue Lotus"
expect_eq "$(jqv .class)" "unknown"
expect_eq "$(jqv .amount)" "null"
expect_contains "$ERR" "ebb substances"

# Urges and moods.
run urge 8 --substance alcohol --trigger "work stress" --feeling tense --wanted relief \
  --rode-out --minutes 20 --after 3 --json
expect_rc 0 "urge"
expect_eq "$(jqv .kind)" "urge"
expect_eq "$(jqv .intensity)" "8"
expect_eq "$(jqv .outcome)" "rode_out"
expect_eq "$(jqv .intensity_after)" "3"
expect_eq "$(jqv .trigger)" "work stress"
expect_eq "$(jqv .wanted)" "relief"
expect_eq "$(jqv .minutes)" "20"
run_ok urge 4 --other "went for a walk" --json
expect_eq "$(jqv .outcome)" "other"
expect_eq "$(jqv .outcome_note)" "went for a walk"
run urge 0
expect_rc 0 "urge 0"
run mood 6 --feel "calm, tired" --energy 4 --json
expect_rc 0 "mood"
expect_eq "$(jqv .score)" "6"
expect_eq "$(jqv '.feelings | join("|")')" "calm|tired"
expect_eq "$(jqv .energy)" "4"
run_ok mood 7
expect_contains "$OUT" "Logged mood 7/10 at 21:30 today."

count() { "$EBB" log --all --json | jq length; }
N=$(count)
expect_eq "$N" "11" "entries so far"

# Bad input: exit 2, nothing written.
for args in "use alcohol -- -2" "urge 11" "urge -1" "mood 0" "mood 11" "mood seven" \
  "use alcohol --bogus" "use alcohol 2 --at fry 22:00" "use alcohol --at tomorrow" \
  "use alcohol 2 --mood-before 12" "urge 5 --rode-out --used" "use alcohol --with Sam --alone" \
  "use alcohol 2 --cost -3" "use alcohol abc"; do
  # shellcheck disable=SC2086
  run $args
  expect_rc 2 "bad input: $args"
done
run use alcohol 2 --at "fry 22:00"
expect_rc 2
expect_contains "$ERR" "fry"
run urge 11
expect_rc 2 "urge 11"
expect_contains "$ERR" "0 to 10"
expect_contains "$ERR" "Nothing was saved"
run use alcohol 2 --at "23:00"
expect_rc 2 "future time"
# A unit one typo from a known one would keep the use out of every total in that unit.
run use beer 2 pintz
expect_rc 2 "a typo of a unit"
expect_contains "$ERR" '"pintz" isn'"'"'t a unit ebb knows: did you mean 2 pints?'
expect_contains "$ERR" "add --new"
run use cannabis 0.5 grms
expect_rc 2 "grms"
expect_contains "$ERR" "did you mean 0.5 g?"
expect_eq "$(count)" "$N" "nothing written by bad input"
# The person's own units, and one kept with --new, which the log then knows.
UDB=$WORK/units.db
run_ok --db "$UDB" use cannabis 1 dab
run_ok --db "$UDB" use beer 1 pintz --new
run_ok --db "$UDB" use beer 1 pintz
expect_eq "$("$EBB" --db "$UDB" log --json | jq -r 'map(.unit) | join(",")')" "pintz,pintz,dab" "own units kept"
LAST=$("$EBB" --db "$UDB" log --json --limit 1 | jq -r '.[0].id')
run --db "$UDB" edit "$LAST" --unit drinkz
expect_rc 2 "edit to a typo of a unit"
expect_contains "$ERR" "did you mean 1 drink?"
run_ok --db "$UDB" edit "$LAST" --unit pints

# The log: newest first, filters, limit.
run log
expect_rc 0 "log"
expect_contains "$OUT" "id"
expect_contains "$OUT" "alcohol, 3 drinks"
run_ok log --json --kind urge
expect_eq "$(jqv length)" "3" "urges"
run_ok log --json --substance beer
expect_eq "$(jqv length)" "3" "alcohol via alias (2 uses, 1 urge)"
run_ok log --json --limit 2
expect_eq "$(jqv length)" "2"
expect_eq "$(jqv '.[0].at')" "2026-11-20T21:30:00+01:00" "newest first"
run_ok log --json --since today
expect_eq "$(jqv '[.[] | select(.kind == "use")] | length')" "5" "uses since today (fri 20:00 is today)"
run_ok log --json --until yesterday
expect_eq "$(jqv length)" "1" "until yesterday"
expect_eq "$(jqv '.[0].substance')" "ketamine"
run log --kind urge --since 2026-12-01
expect_rc 1 "nothing matched"

# Edit, remove, undo.
run_ok log --json --substance ketamine
ID=$(jqv '.[0].id')
SHORT=${ID: -7}
run edit "$SHORT" --amount 100mg --note "half" --json
expect_rc 0 "edit"
expect_eq "$(jqv .amount)" "100"
expect_eq "$(jqv .note)" "half"
expect_eq "$(jqv .route)" "snorted" "other fields kept"
run edit "$SHORT" --score 5
expect_rc 2 "score on a use"
run_ok edit "$SHORT" --clear note --json
expect_eq "$(jqv .note)" "null"
run undo
expect_rc 0 "undo clear"
run_ok log --json --substance ketamine
expect_eq "$(jqv '.[0].note')" "half" "undo restored the note"
run rm "$ID"
expect_rc 0 "rm"
expect_contains "$OUT" "Removed ketamine"
expect_eq "$(count)" "$((N - 1))"
run_ok undo
expect_contains "$OUT" "Brought back ketamine"
expect_eq "$(count)" "$N"
run rm NOSUCHID
expect_rc 1 "rm unknown id"
run rm abc
expect_rc 2 "an id too short is bad input"
expect_contains "$ERR" "give at least 4 characters"
run edit abc --note x
expect_rc 2 "edit: an id too short is bad input"
run edit "$ID"
expect_rc 2 "edit with nothing to change"
expect_contains "$ERR" "Give what to change"
expect_not_contains "$OUT" "Updated"
expect_eq "$(count)" "$N" "nothing removed"
# rm A B: one command, one undo brings both back.
run use beer 1 --json
expect_rc 0
A=$(jqv .id)
run use beer 2 --json
expect_rc 0
B=$(jqv .id)
run rm "$A" "$B"
expect_rc 0 "rm two"
expect_contains "$ERR" "'ebb undo' brings them all back."
expect_eq "$(count)" "$N"
run undo
expect_rc 0
expect_contains "$OUT" "Brought back beer, 1 drink"
expect_contains "$OUT" "Brought back beer, 2 drinks"
expect_eq "$(count)" "$((N + 2))" "one undo, both back"
run undo
expect_rc 0
expect_contains "$OUT" "Undid adding beer, 2 drinks"
run undo
expect_rc 0
expect_contains "$OUT" "Undid adding beer, 1 drink"
expect_eq "$(count)" "$N"
run use mdma 100mg
expect_rc 0
run undo
expect_rc 0
expect_contains "$OUT" "Undid adding mdma"
expect_eq "$(count)" "$N"

# rm of several: every id is looked up first, so one not found removes nothing (ebb(1));
# removed together, they come back with one undo.
ids_of() { "$EBB" log --all --json --substance "$1" | jq -r '.[].id'; }
run_ok use nicotine 1 --at 20:00
run_ok use nicotine 2 --at 20:10
run_ok use nicotine 3 --at 20:20
mapfile -t NIC < <(ids_of nicotine)
expect_eq "${#NIC[@]}" "3" "three nicotine entries"
N=$(count)
run rm "${NIC[0]}" "${NIC[1]}" 01ZZZZZZZZZZZZZZZZZZZZZZZZ
expect_rc 1 "rm with one id not found"
expect_contains "$ERR" "Nothing was removed"
expect_eq "$(count)" "$N" "rm A B C with C missing removes neither A nor B"
run rm "${NIC[0]}" "${NIC[1]: -6}" "${NIC[2]:0:3}"
expect_rc 2 "rm with an id too short to look up"
expect_contains "$ERR" "at least 4 characters"
expect_eq "$(count)" "$N" "nothing removed for a short id"
# Two entries whose ids share their start, imported with ids of their own.
cat >"$WORK/twins.json" <<'JSON'
{"ebb_export": 1, "entries": [
  {"id": "01JD0000000000000000000001", "kind": "mood", "at": "2026-11-01T12:00:00+01:00",
   "zone": "Europe/Berlin", "score": 5},
  {"id": "01JD0000000000000000000002", "kind": "mood", "at": "2026-11-01T13:00:00+01:00",
   "zone": "Europe/Berlin", "score": 6}], "plans": []}
JSON
run_ok import "$WORK/twins.json"
N=$(count)
COMMON=01JD0000
run rm "$COMMON"
expect_rc 2 "an id that starts more than one entry"
expect_contains "$ERR" "More than one entry"
expect_eq "$(count)" "$N" "nothing removed for an ambiguous id"
run rm "${NIC[0]}" "${NIC[2]: -5}" --json
expect_rc 0 "rm of two, one by the end of its id"
expect_eq "$(jqv 'map(.amount) | sort | join(",")')" "1,3" "rm --json lists what was removed"
expect_eq "$(count)" "$((N - 2))"
run rm "${NIC[1]}" "${NIC[1]}"
expect_rc 0 "the same id twice"
expect_eq "$(count)" "$((N - 3))" "removed once"
run_ok undo --json
expect_eq "$(jqv .undone)" "rm" "undo --json names what it undid"
expect_eq "$(jqv '.entries | length')" "1"
expect_eq "$(jqv '.entries[0].amount')" "2"
run_ok undo
expect_contains "$OUT" "Brought back nicotine, 1"
expect_contains "$OUT" "Brought back nicotine, 3"
expect_eq "$(count)" "$N" "one undo brings back both entries of one rm"
run_ok undo --json
expect_eq "$(jqv .undone)" "add" "the undo after that takes back the last add"
expect_eq "$(jqv '.entries | map(.amount) | join(",")')" "3"
expect_eq "$(count)" "$((N - 1))"

# edit: by the start or end of an id, nothing without a field, exit 2 for short ids.
run_ok edit "${NIC[1]:0:12}" --note "by the start" --json
expect_eq "$(jqv .note)" "by the start" "edit by the start of an id"
run edit "${NIC[1]: -7}"
expect_rc 2 "edit without a field"
expect_not_contains "$OUT$ERR" "Updated"
expect_contains "$ERR" "Nothing was changed"
expect_contains "$ERR" "--note"
run_ok undo --json
expect_eq "$(jqv .undone)" "edit" "the edit without a field made no undo step"
expect_eq "$(jqv '.entries[0].note')" "null" "undo of the edit: back to no note"
run edit abc --note x
expect_rc 2 "edit with a 3-character id"
run edit 01ZZZZZZZZZZZZZZZZZZZZZZZZ --note x
expect_rc 1 "edit of an id not found"
run edit "$COMMON" --note x
expect_rc 2 "edit of an id that starts more than one entry"
expect_contains "$ERR" "Nothing was changed"

# Paths: --db, then EBB_DB.
run --db "$WORK/other.db" use alcohol 1
expect_rc 0
[ -e "$WORK/other.db" ] || fail "--db not used"
EBB_DB=$WORK/env.db run_ok mood 5
[ -e "$WORK/env.db" ] || fail "EBB_DB not used"
XDG_DATA_HOME=$WORK/xdg run_ok mood 5
[ -e "$WORK/xdg/ebb/ebb.db" ] || fail "XDG_DATA_HOME not used"

finish
