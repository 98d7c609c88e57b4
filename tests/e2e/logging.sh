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
run use weed 0.3 g --json --at "fri 20:00"
expect_eq "$(jqv .substance)" "cannabis" "alias weed"
expect_eq "$(jqv .amount)" "0.3"
expect_eq "$(jqv .unit)" "g"
run use alcohol 3 drinks --json --at "1h30m ago"
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
run urge 4 --other "went for a walk" --json
expect_eq "$(jqv .outcome)" "other"
expect_eq "$(jqv .outcome_note)" "went for a walk"
run urge 0
expect_rc 0 "urge 0"
run mood 6 --feel "calm, tired" --energy 4 --json
expect_rc 0 "mood"
expect_eq "$(jqv .score)" "6"
expect_eq "$(jqv '.feelings | join("|")')" "calm|tired"
expect_eq "$(jqv .energy)" "4"
run mood 7
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
expect_contains "$ERR" "0 to 10"
expect_contains "$ERR" "Nothing was saved"
run use alcohol 2 --at "23:00"
expect_rc 2 "future time"
expect_eq "$(count)" "$N" "nothing written by bad input"

# The log: newest first, filters, limit.
run log
expect_rc 0 "log"
expect_contains "$OUT" "id"
expect_contains "$OUT" "alcohol, 3 drinks"
run log --json --kind urge
expect_eq "$(jqv length)" "3" "urges"
run log --json --substance beer
expect_eq "$(jqv length)" "3" "alcohol via alias (2 uses, 1 urge)"
run log --json --limit 2
expect_eq "$(jqv length)" "2"
expect_eq "$(jqv '.[0].at')" "2026-11-20T21:30:00+01:00" "newest first"
run log --json --since today
expect_eq "$(jqv '[.[] | select(.kind == "use")] | length')" "5" "uses since today (fri 20:00 is today)"
run log --json --until yesterday
expect_eq "$(jqv length)" "1" "until yesterday"
expect_eq "$(jqv '.[0].substance')" "ketamine"
run log --kind urge --since 2026-12-01
expect_rc 1 "nothing matched"

# Edit, remove, undo.
run log --json --substance ketamine
ID=$(jqv '.[0].id')
SHORT=${ID: -7}
run edit "$SHORT" --amount 100mg --note "half" --json
expect_rc 0 "edit"
expect_eq "$(jqv .amount)" "100"
expect_eq "$(jqv .note)" "half"
expect_eq "$(jqv .route)" "snorted" "other fields kept"
run edit "$SHORT" --score 5
expect_rc 2 "score on a use"
run edit "$SHORT" --clear note --json
expect_eq "$(jqv .note)" "null"
run undo
expect_rc 0 "undo clear"
run log --json --substance ketamine
expect_eq "$(jqv '.[0].note')" "half" "undo restored the note"
run rm "$ID"
expect_rc 0 "rm"
expect_contains "$OUT" "Removed ketamine"
expect_eq "$(count)" "$((N - 1))"
run undo
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
A=$(jqv .id)
run use beer 2 --json
B=$(jqv .id)
run rm "$A" "$B"
expect_rc 0 "rm two"
expect_contains "$ERR" "'ebb undo' brings them all back."
expect_eq "$(count)" "$N"
run undo
expect_contains "$OUT" "and 1 more removed with it."
expect_eq "$(count)" "$((N + 2))" "one undo, both back"
run undo
expect_contains "$OUT" "Undid adding beer, 2 drinks"
run undo
expect_contains "$OUT" "Undid adding beer, 1 drink"
expect_eq "$(count)" "$N"
run use mdma 100mg
run undo
expect_contains "$OUT" "Undid adding mdma"
expect_eq "$(count)" "$N"

# Paths: --db, then EBB_DB.
run --db "$WORK/other.db" use alcohol 1
expect_rc 0
[ -e "$WORK/other.db" ] || fail "--db not used"
EBB_DB=$WORK/env.db run mood 5
[ -e "$WORK/env.db" ] || fail "EBB_DB not used"
XDG_DATA_HOME=$WORK/xdg run mood 5
[ -e "$WORK/xdg/ebb/ebb.db" ] || fail "XDG_DATA_HOME not used"

finish
