#!/usr/bin/env bash
# Moving between PsychonautWiki Journal and ebb: an export from the app (every field, custom
# units), the same export after edits in the app (updated, never doubled), an edit made in ebb
# (kept), ebb's own file for the app (with the warning) coming back, and the files for other
# tools (TLFB, iCalendar).
. "$(dirname "$0")/lib.sh"
FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)

# The app's file is told apart by its content: no --from needed.
run import "$FIXTURES/psychonautwiki_android.json"
expect_rc 0 "import without --from"
expect_eq "$(printf '%s' "$OUT" | head -1)" "Added 4 entries, 0 already here."
expect_contains "$OUT" "Left out 1 ingestion logged for other people."
expect_contains "$OUT" "1 experience with notes but no ingestion of yours was not imported."
expect_contains "$OUT" "\"Ketamin\" isn't in ebb's catalog; if you meant ketamine"

# Custom units: 1.5 +-0.5 "Blue Punisher" pills of 120 +-20 mg are 190 mg in ebb, pills kept.
run log --json --substance mdma
expect_rc 0
expect_eq "$(jqv 'length')" "1" "Sam's MDMA left out"
expect_eq "$(jqv '.[0].amount')" "190"
expect_eq "$(jqv '.[0].unit')" "mg"
expect_contains "$(jqv '.[0].note')" "Dose: ~1.5 pills of Blue Punisher at 120±20 mg each"
expect_eq "$(jqv '.[0].tags | join(",")')" "psychonautwiki,estimate,favourite"
run log --json --substance cannabis
expect_rc 0
expect_eq "$(jqv '.[0].minutes')" "45" "endTime as minutes"
run log --json --substance alcohol
expect_rc 0
expect_contains "$(jqv '.[0].note')" "Rating ++ at 2025-11-15 22:00"
expect_contains "$(jqv '.[0].note')" "Note at 2025-11-15 23:00: Jaw tight, had some gum"
# Review counts the 190 mg, not "1.5".
run review --since 2025-11-15 --until 2025-11-16 --json
expect_rc 0
expect_eq "$(jqv '[.substances[] | select(.name == "mdma")][0].total')" "190"

# The same journal written with ISO 8601 times: the same entries, nothing added.
run import "$FIXTURES/psychonautwiki_iso.json"
expect_rc 0
expect_eq "$(printf '%s' "$OUT" | head -1)" "Added 0 entries, 4 already here."

# Edited in the app: the MDMA dose and time changed, a note added to the ketamine. Imported
# again: updated, not doubled, and undo brings the version before back.
sed -e 's/"dose": 1.5,/"dose": 1,/' -e 's/"notes": "small bump"/"notes": "small bump, then sleep"/' \
  "$FIXTURES/psychonautwiki_android.json" > "$WORK/edited.json"
python3 - "$WORK/edited.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["experiences"][0]["ingestions"][0]["time"] += 30 * 60 * 1000  # 30 minutes later
json.dump(d, open(p, "w"))
PY
run import "$WORK/edited.json"
expect_rc 0 "re-import after an edit"
expect_eq "$(printf '%s' "$OUT" | head -1)" "Added 0 entries, updated 2, 2 already here."
expect_contains "$OUT" "ebb undo"
run log --json --substance mdma
expect_rc 0
expect_eq "$(jqv 'length')" "1" "no duplicate after the edit"
# 1 +-0.5 pills of 120 +-20 mg, as the app counts it: (0.5 x 100 + 1.5 x 140) / 2.
expect_eq "$(jqv '.[0].amount')" "130"
expect_eq "$(jqv '.[0].at')" "2025-11-15T20:30:00+01:00"
run log --json --substance Ketamin
expect_rc 0
expect_eq "$(jqv 'length')" "1"
expect_contains "$(jqv '.[0].note')" "small bump, then sleep"
run import "$WORK/edited.json"
expect_rc 0
expect_eq "$(printf '%s' "$OUT" | head -1)" "Added 0 entries, 4 already here." "twice is idempotent"

# An edit made in ebb after the import is the person's: a later import keeps it.
run log --json --substance Ketamin
expect_rc 0
KID=$(jqv '.[0].id')
run edit "$KID" --substance ketamine
expect_rc 0
run import "$FIXTURES/psychonautwiki_android.json"
expect_rc 0
expect_contains "$OUT" "Kept 1 entry as you changed it in ebb since."
run log --json --substance ketamine
expect_rc 0
expect_eq "$(jqv 'length')" "1"
run log --json --kind use
expect_rc 0
expect_eq "$(jqv 'length')" "4" "still four uses"

# A damaged file changes nothing, and says where.
printf '{"experiences": [{"title": "x", "ingestions": [\n{"substanceName": "LSD", "time": 1, "customUnitId": 4}]}]}' > "$WORK/bad.json"
run import "$WORK/bad.json"
expect_rc 3
expect_contains "$ERR" "ingestion 1 (line 2): \"customUnitId\" 4 isn't in the file's \"customUnits\". Nothing was added."

# ebb's own log for the app: the warning first, uses only, and back into ebb adds nothing.
export EBB_DB=$WORK/mine.db
run use beer 2 --at "2 days ago 20:00" --where Kneipe
expect_rc 0
run use mdma 100mg --route oral --at "3 days ago 23:00" --note "half a pill"
expect_rc 0
run use ketamine 30mg --route snorted --at "yesterday 23:00"
expect_rc 0
run urge 6 --substance alcohol --rode-out
expect_rc 0
printf 'why = "sleep better"\nreview_on = 2026-12-20\n[alcohol]\nmax_per_day = 3\ndays_off = ["mon", "tue"]\n' > "$WORK/plan.toml"
run plan set "$WORK/plan.toml"
expect_rc 0
run export --format psychonautwiki -o "$WORK/for-app.json"
expect_rc 0
expect_contains "$ERR" "PsychonautWiki Journal deletes everything it holds when it imports a file"
expect_contains "$ERR" "Left out 1 entry that isn't a use"
expect_eq "$(stat -c %a "$WORK/for-app.json")" "600"
OUT=$(cat "$WORK/for-app.json")
expect_eq "$(jqv '[.experiences[].ingestions[]] | length')" "3"
expect_eq "$(jqv '.experiences[0].ingestions[0].substanceName')" "MDMA"
run import "$WORK/for-app.json"
expect_rc 0
expect_eq "$(printf '%s' "$OUT" | head -1)" "Added 0 entries, 3 already here." "back from the app: no doubles"
run --db "$WORK/fresh.db" import "$WORK/for-app.json"
expect_rc 0
expect_eq "$(printf '%s' "$OUT" | head -1)" "Added 3 entries, 0 already here."
run --db "$WORK/fresh.db" log --json --substance mdma
expect_rc 0
expect_eq "$(jqv '.[0].note')" "half a pill"

# TLFB: a row per counted day and substance, alcohol in drinks, the figure review uses.
run export --format tlfb
expect_rc 0
expect_eq "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" "date,substance,amount,unit,uses,uses_without_amount"
expect_contains "$OUT" "2026-11-18,alcohol,2,drink,1,0"
expect_contains "$OUT" "2026-11-19,ketamine,30,mg,1,0"
expect_contains "$OUT" "2026-11-19,alcohol,0,drink,0,0"
expect_not_contains "$OUT" "2026-11-20" "today is still going"

# iCalendar: CRLF, the days off as a weekly all-day event, the review date; the same UIDs again.
run export --format ics -o "$WORK/plan.ics"
expect_rc 0
ICS=$(cat "$WORK/plan.ics")
expect_contains "$ICS" $'BEGIN:VCALENDAR\r\n'
expect_contains "$ICS" $'RRULE:FREQ=WEEKLY;BYDAY=MO,TU\r\n'
expect_contains "$ICS" $'SUMMARY:Day off: alcohol\r\n'
expect_contains "$ICS" $'DTSTART;VALUE=DATE:20261220\r\n'
run export --format ics
expect_rc 0
expect_eq "$(printf '%s' "$OUT" | grep UID | tr -d '\r')" "$(grep UID "$WORK/plan.ics" | tr -d '\r')" "stable UIDs"
# Track & Graph: moods out and back, nothing doubled; the app's own file told apart by content.
run mood 6 --feel calm,tired --energy 4 --at "yesterday 20:00"
expect_rc 0
run mood 3 --note "=SUM(A1)" --at "2h ago"
expect_rc 0
run export --format trackandgraph -o "$WORK/moods.csv"
expect_rc 0
expect_contains "$ERR" "Exported 2 moods to $WORK/moods.csv."
expect_contains "$(cat "$WORK/moods.csv")" $'Mood,2026-11-19T20:00:00+01:00,6.0,"calm, tired",\r\n'
expect_contains "$(cat "$WORK/moods.csv")" $'Energy,2026-11-19T20:00:00+01:00,4.0,,\r\n'
expect_contains "$(cat "$WORK/moods.csv")" "'=SUM(A1)" "formula guarded"
run import "$WORK/moods.csv"
expect_rc 0
expect_eq "$OUT" "Added 0 entries, 2 already here." "moods back from Track & Graph: no doubles"
run --db "$WORK/tg.db" import "$FIXTURES/trackandgraph.csv"
expect_rc 0
expect_contains "$OUT" "Added 2 entries, 0 already here."
expect_contains "$OUT" "Left out 2 rows of trackers other than Mood and Energy."
run --db "$WORK/tg.db" import "$FIXTURES/trackandgraph.csv"
expect_rc 0
expect_contains "$OUT" "Added 0 entries, 2 already here."
run --db "$WORK/tg.db" log --json --kind mood
expect_rc 0
expect_eq "$(jqv '.[1].energy')" "4"
expect_eq "$(jqv '.[1].feelings | join(",")')" "calm,tired"

# Stages: the weekly days off end the day before a stage that changes them; the stage's
# first day is an event of its own with the rules that change then.
printf 'why = "sleep better"\nreview_on = 2027-03-01\n[alcohol]\nmax_per_day = 4\ndays_off = ["mon", "tue"]\n\n[[alcohol.stage]]\nfrom = 2027-01-04\nmax_per_day = 3\ndays_off = ["mon", "tue", "wed"]\n' > "$WORK/staged.toml"
run plan set "$WORK/staged.toml"
expect_rc 0
run export --format ics
expect_rc 0
expect_contains "$OUT" $'RRULE:FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20270103\r\n' "first stretch ends before the stage"
expect_contains "$OUT" $'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE\r\n' "the stage's days off"
expect_contains "$OUT" $'SUMMARY:Plan stage begins: alcohol\r\n'
expect_contains "$OUT" $'DTSTART;VALUE=DATE:20270104\r\n'
expect_contains "$OUT" "up to 3 drinks a day"
expect_not_contains "$OUT" 'wed\n' "no stray line break at the end of the stage's text"

run --db "$WORK/empty.db" export --format ics
expect_rc 1 "no plan, no calendar"
expect_contains "$ERR" "There is no plan to put in a calendar yet"
finish
