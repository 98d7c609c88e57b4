#!/usr/bin/env bash
# The plan (edit with a scripted editor, set, check, history) and reviews against it.
. "$(dirname "$0")/lib.sh"

# No plan yet.
run plan
expect_rc 1 "no plan yet"
expect_contains "$ERR" "ebb plan edit"

# Quitting the editor on the untouched template saves nothing: it is no plan.
EDITOR=true run plan edit
expect_rc 0 "untouched template"
expect_contains "$OUT" "Nothing saved"
run plan history --json
expect_eq "$OUT" "[]" "no version from an untouched template"
[ ! -e "$(dirname "$DB")/plan-draft.toml" ] || fail "draft left after an untouched template"

# plan edit with an editor that writes a valid plan: the first version is saved.
cat > "$WORK/good-editor" <<'SH'
#!/bin/sh
# The template comes first: check it, then replace it with a plan.
grep -q "why" "$1" || exit 9
cat > "$1" <<'PLAN'
why = "I want to sleep well and be there for Lea."
when_urge = "text Sam, make tea"
[alcohol]
goal = "reduce"
max_per_day = "3 drinks"
max_per_week = "8 drinks"
days_off = ["tue", "wed"]
PLAN
SH
chmod +x "$WORK/good-editor"
EBB_NOW=2026-11-09T08:00:00+01:00 EDITOR=$WORK/good-editor run plan edit
expect_rc 0 "plan edit"
expect_contains "$OUT" "Saved your plan (version 1)"
run plan show --raw
expect_contains "$OUT" 'max_per_day = "3 drinks"'
run plan
expect_rc 0
expect_contains "$OUT" "alcohol: reduce"
expect_contains "$OUT" "I want to sleep well"

# An editor that saves a broken plan: error with line and column, stored plan unchanged,
# the person's text kept in a file ebb names, and picked up by the next edit.
cat > "$WORK/bad-editor" <<'SH'
#!/bin/sh
printf 'why = "my own words that must not be lost"\n[alcohol]\nmax_per_dya = 3\n' > "$1"
SH
chmod +x "$WORK/bad-editor"
EDITOR=$WORK/bad-editor run plan edit </dev/null
expect_rc 2 "invalid plan edit"
expect_contains "$ERR" "line 3, column 1"
expect_contains "$ERR" "max_per_dya"
expect_contains "$ERR" "Nothing was lost"
DRAFT=$DB.plan-draft.toml
[ -f "$DRAFT" ] || fail "draft not kept"
expect_contains "$(cat "$DRAFT")" "my own words that must not be lost" "draft holds the text"
expect_eq "$(stat -c %a "$DRAFT")" "600" "draft mode"
run plan history --json
expect_eq "$(jqv length)" "1" "stored plan unchanged"

# The next edit starts from the draft; an editor that fixes the typo saves version 2.
cat > "$WORK/fix-editor" <<'SH'
#!/bin/sh
grep -q "my own words" "$1" || exit 9
sed -i 's/max_per_dya/max_per_day/' "$1"
SH
chmod +x "$WORK/fix-editor"
EBB_NOW=2026-11-18T12:00:00+01:00 VISUAL=$WORK/fix-editor run plan edit
expect_rc 0 "edit from draft"
expect_contains "$ERR" "unsaved draft"
expect_contains "$OUT" "version 2"
[ ! -e "$DRAFT" ] || fail "draft left after a good save"

# plan show --version N shows that version, not ebb's version.
run plan show --version 1 --raw
expect_rc 0 "plan show --version 1"
expect_contains "$OUT" "when_urge"
expect_not_contains "$OUT" "ebb 0." "not ebb's own version"
run plan show --version 9
expect_rc 1 "no such version"
expect_contains "$ERR" "no version 9"
run plan show --version 1 --json
expect_eq "$(jqv .version)" "1"

# plan check and plan set for scripts.
printf '[alcohol]\nmax_per_day = -1\n' > "$WORK/impossible.toml"
run plan check "$WORK/impossible.toml"
expect_rc 2 "impossible limit"
expect_contains "$ERR" "impossible.toml:2:"
run plan set "$WORK/impossible.toml"
expect_rc 2
run plan history --json
expect_eq "$(jqv length)" "2" "set of a bad plan stores nothing"
printf 'why = "from a script"\n[cannabis]\nmax_use_days_per_week = 3\n' | run plan check -
expect_rc 0 "check from stdin"
run plan history
expect_contains "$OUT" "version"

# Version 1 (saved on the 9th) is in force up to the 17th; version 2 (saved on the 18th)
# has only the person's words and alcohol max_per_day = 3 (no weekly limit, no days off).
# Uses: Monday 16th 3 drinks (within), Tuesday 17th 2 drinks (a planned day off under v1),
# Thursday 19th 5 drinks (over 3 a day under v2; v1's weekly limit no longer applies).
run use beer 3 --at "2026-11-16 20:00"
run use wine 2 --at "2026-11-17 20:00"
run use alcohol 5 drinks --at "2026-11-19 21:00"
run urge 7 --substance alcohol --rode-out --after 2 --at "2026-11-18 19:00"
run review --json
expect_rc 0 "review"
expect_eq "$(jqv '.period.first')" "2026-11-16"
expect_eq "$(jqv '.days | length')" "5" "Mon to Fri"
expect_eq "$(jqv '.days[0].within_plan')" "true" "Monday within"
expect_eq "$(jqv '.days[1].within_plan')" "false" "Tuesday day off used"
expect_eq "$(jqv '[.days[1].findings[].rule] | join(",")')" "day_off"
expect_eq "$(jqv '.days[3].within_plan')" "false" "Thursday over"
expect_eq "$(jqv '[.days[3].findings[].rule] | join(",")')" "max_per_day" "scored against v2"
expect_eq "$(jqv '.days[1].plan_version')" "1"
expect_eq "$(jqv '.days[3].plan_version')" "2"
expect_eq "$(jqv '.days[3].findings[] | select(.rule == "max_per_day") | .actual')" "5 drinks"
# Friday is today, with nothing logged yet: still going, so not counted either way.
expect_eq "$(jqv '.days[4].state')" "open" "today is still going"
expect_eq "$(jqv '.days[2].within_plan')" "true" "a day without uses is within plan"
expect_eq "$(jqv '.totals.days')" "4"
expect_eq "$(jqv '.totals.days_within_plan')" "2"
expect_eq "$(jqv '.totals.percent_days_within_plan')" "50"
expect_eq "$(jqv '.totals.today_open')" "true"
run review
expect_contains "$OUT" "my own words that must not be lost" "the person's why, from the plan in force"
expect_not_contains "$OUT" "relapse"
# The week before the first entry is not tracked: no day of it counts, none meets the plan.
run review last-week --json
expect_eq "$(jqv '.totals.days')" "0"
expect_eq "$(jqv '.totals.untracked_days')" "7" "days before the log aren't days off"
expect_eq "$(jqv '.totals.weeks_meeting_plan')" "0"
run review --since 2026-11-17 --until 2026-11-17 --json
expect_eq "$(jqv '.totals.days')" "1"
run review nonsense
expect_rc 2 "bad period"

# Trends and calendar.
run trends --json
expect_rc 0 "trends"
expect_eq "$(jqv '.current.substances[0].substance')" "alcohol"
expect_eq "$(jqv '.current.substances[0].use_days')" "3"
expect_eq "$(jqv '.current.substances[0].total')" "10"
expect_eq "$(jqv '.current.substances[0].max_in_a_day')" "5"
expect_eq "$(jqv '.current.urges.count')" "1"
run trends 30d --ascii
expect_rc 0
expect_contains "$OUT" "alcohol"
expect_not_contains "$OUT" "▁" "ascii has no blocks"
run calendar 2026-11 --json
expect_rc 0 "calendar"
expect_eq "$(jqv '.use_days')" "3"
run calendar --ascii
expect_contains "$OUT" "November 2026"
run calendar 2026-13
expect_rc 2 "bad month"

finish
