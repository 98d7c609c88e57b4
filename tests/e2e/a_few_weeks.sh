#!/usr/bin/env bash
# Three weeks of one person's life, logged as it happens (each command at its own moment):
# beers after work and at the weekend, a joint now and then, a party with MDMA and cocaine,
# urges ridden out and one that wasn't, a typo fixed, a double entry removed, a quiet week,
# and a risky night with wine and a Xanax. Checks what they are told at each step (by kind,
# severity and id, not wording) and what review, trends and the report say afterwards.
. "$(dirname "$0")/lib.sh"

cat >"$WORK/plan.toml" <<'PLAN'
why = "I want to be clear-headed at work and there for my sister."
when_urge = "text Mia, go for a walk, wait 20 minutes"
[alcohol]
goal = "reduce"
max_per_day = "4 drinks"
max_per_week = "12 drinks"
days_off = ["mon", "tue", "wed"]
[cannabis]
max_per_day = "0.5 g"
not_before = "19:00"
[safety]
avoid = [["alcohol", "benzodiazepine"]]
test_first = ["stimulant", "empathogen"]
PLAN
# at TIME ARGS...: ebb ARGS at that moment (exit 0 expected); the output in $OUT.
at() {
  local when=$1
  shift
  EBB_NOW=$when run_ok "$@"
}
# notes: the reminders that came with an entry (--json), as kind/severity pairs.
notes() { jqv '[.reminders[] | .kind + "/" + .severity] | join(",")'; }
id_of() { jqv .id; }

at 2026-11-01T18:00:00+01:00 plan set "$WORK/plan.toml"

# Week 1, 2-8 Nov. An urge ridden out on a Monday; a joint; beers; a Saturday party.
at 2026-11-02T19:40:00+01:00 urge 6 --substance alcohol --trigger "long day" --rode-out \
  --after 3 --minutes 30 --json
expect_eq "$(notes)" "encouragement/good" "an urge ridden out is noticed"
at 2026-11-02T22:00:00+01:00 mood 5 --feel tired
at 2026-11-03T21:10:00+01:00 use weed 0.3 g --route smoked --json
expect_eq "$(notes)" "" "a joint within the plan: nothing to say"
at 2026-11-05T20:30:00+01:00 use beer 2 --with Sam --json
expect_eq "$(notes)" "" "two beers within the plan: no note"
at 2026-11-06T21:00:00+01:00 use beer 3 --json
expect_eq "$(jqv '[.reminders[].id] | join(",")')" "approaching:day:2026-11-06:alcohol" \
  "3 of 4 drinks: the day's limit is near"
at 2026-11-06T23:00:00+01:00 use weed 0.3 g
at 2026-11-07T22:05:00+01:00 use beer 2 --with Sam --where "Lea's party" --json
BEER=$(id_of)
at 2026-11-07T23:30:00+01:00 use mdma 100mg --tested --with Sam --json
MDMA=$(id_of)
expect_eq "$(notes)" "safety/caution" "MDMA after beer: a caution"
expect_eq "$(jqv '.reminders[0].id')" "combination:$BEER,$MDMA"
at 2026-11-08T00:05:00+01:00 use mdma 60mg --with Sam --json
expect_contains "$(notes)" "redose/caution" "a second dose inside the onset window"
at 2026-11-08T01:30:00+01:00 use cocaine 50mg --untested --route snorted --json
expect_eq "$(jqv '[.reminders[].severity] | join(",")')" "unsafe,caution" \
  "cocaine after beer (unsafe) and MDMA (caution), most important first, at most two"
at 2026-11-08T15:00:00+01:00 mood 4 --feel "flat, anxious"
at 2026-11-08T20:00:00+01:00 urge 7 --substance cocaine --trigger comedown --rode-out --after 2

# Week 2, 9-15 Nov. A day off kept in mind, then not; an urge acted on; an early joint.
at 2026-11-09T09:00:00+01:00 check --json
expect_contains "$(jqv '[.reminders[].id] | join(",")')" "day_off:2026-11-09:alcohol" \
  "the morning of a planned day off"
at 2026-11-09T20:15:00+01:00 use beer 1 --json
expect_contains "$(jqv '[.reminders[].id] | join(",")')" "plan:day_off:2026-11-09"
at 2026-11-11T20:50:00+01:00 urge 8 --substance alcohol --trigger argument --used
at 2026-11-11T21:00:00+01:00 use beer 4
at 2026-11-12T18:00:00+01:00 use weed 0.3 g --json
expect_contains "$(jqv '[.reminders[].id] | join(",")')" "plan:not_before:2026-11-12"
at 2026-11-13T21:00:00+01:00 use beer 3
# A typo (50 for 5), fixed by the end of its id as `ebb log` shows it.
at 2026-11-14T22:30:00+01:00 use beer 50 --json
TYPO=$(id_of)
at 2026-11-14T22:33:00+01:00 edit "${TYPO: -7}" --amount 5 --with Sam --note birthday --json
expect_eq "$(jqv '[.amount, .with_whom, .note] | map(tostring) | join(",")')" "5,Sam,birthday"
# The same mood logged twice; both removed by mistake, one undo brings both back, then one
# goes.
at 2026-11-15T13:00:00+01:00 mood 6 --feel "tired, ok" --json
M1=$(id_of)
at 2026-11-15T13:00:30+01:00 mood 6 --feel "tired, ok" --json
M2=$(id_of)
at 2026-11-15T13:01:00+01:00 rm "${M1: -6}" "${M2: -6}"
at 2026-11-15T13:01:00+01:00 undo --json
expect_eq "$(jqv '[.undone, (.entries | length)] | map(tostring) | join(",")')" "rm,2" \
  "one undo for one rm of two"
at 2026-11-15T13:01:00+01:00 rm "${M2: -6}"
at 2026-11-15T13:01:00+01:00 log --json --since today
expect_eq "$(jqv '[.[].id] | join(",")')" "$M1" "one of the two moods left"

# Week 3, 16-22 Nov: nothing logged until Friday, then a risky Saturday night.
at 2026-11-20T18:00:00+01:00 check --json
expect_eq "$(jqv '[.reminders[] | select(.kind == "quiet")] | length')" "1" "a quiet spell"
at 2026-11-20T20:00:00+01:00 use beer 2 --json
expect_eq "$(notes)" "encouragement/good" "an entry after a quiet spell is welcomed"
at 2026-11-21T22:00:00+01:00 use wine 4 --with Mia --json
WINE=$(id_of)
at 2026-11-22T01:30:00+01:00 use xanax 1mg --reason "couldn't sleep" --json
XANAX=$(id_of)
expect_eq "$(jqv '.reminders[0] | [.kind, .severity, .id] | join(",")')" \
  "safety,dangerous,combination:$WINE,$XANAX" "wine and Xanax: dangerous, said first"
expect_contains "$(jqv '[.reminders[].id] | join(",")')" "plan:avoid_combination:2026-11-21" \
  "a pair the plan keeps apart"
at 2026-11-22T11:00:00+01:00 mood 3 --feel "foggy, ashamed" --note "don't remember getting home"

# Sunday: the week, the week before, three weeks, the report.
export EBB_NOW=2026-11-22T12:00:00+01:00
run_ok review --json
day() { jqv ".days[] | select(.date == \"$1\") | [.findings[].rule] | join(\",\")"; }
expect_eq "$(day 2026-11-21)" "avoid_combination" "the night belongs to Saturday (day starts 04:00)"
expect_eq "$(day 2026-11-20)" "" "two beers on Friday: within the plan"
run_ok review last-week --json
expect_eq "$(day 2026-11-09)" "day_off"
expect_eq "$(day 2026-11-11)" "day_off"
expect_eq "$(day 2026-11-12)" "not_before"
expect_eq "$(day 2026-11-13)" "" "3 drinks on Friday"
expect_eq "$(day 2026-11-14)" "max_per_day,max_per_week" "the fixed 5, not the typo's 50"
expect_eq "$(jqv '.substances[] | select(.name == "alcohol") | [.total, .use_days] | join(",")')" "13,4"
run_ok trends 3w --json
alcohol() { jqv ".current.substances[] | select(.substance == \"alcohol\") | .$1"; }
expect_eq "$(alcohol total)" "26" "26 drinks in three weeks"
expect_eq "$(alcohol use_days)" "9"
expect_eq "$(alcohol max_in_a_day)" "5"
expect_eq "$(alcohol heavy_days)" "3" "days with 4 drinks or more"
expect_eq "$(jqv '[.current.urges.count, .current.urges.ridden_out] | join(",")')" "3,2"
run_ok report -o "$WORK/report.md"
expect_eq "$(stat -c %a "$WORK/report.md")" "600" "the report is private"
REPORT=$(cat "$WORK/report.md")
expect_contains "$REPORT" "I want to be clear-headed at work and there for my sister."
expect_contains "$REPORT" "alprazolam"
for word in relapse clean dirty addict abuse binge failure; do
  expect_not_contains "$(printf '%s' "$REPORT" | tr 'A-Z' 'a-z')" "$word" "the report"
done

finish
