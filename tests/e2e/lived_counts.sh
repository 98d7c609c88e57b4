#!/usr/bin/env bash
# Three weeks of a life, as a person would log it (London, UK measures): weekend pints and
# shots, a risky night (a Xanax after drinking), a joint, urges ridden out or met another
# way, days off noted and not noted, a drink of unknown strength. Every view counts the same
# days, says what it can't count and never calls the days before the log days off.
. "$(dirname "$0")/lib.sh"

export TZ=Europe/London
mkdir -p "$HOME/.config/ebb"
printf 'country = "uk"\ncurrency = "GBP"\n' > "$HOME/.config/ebb/config.toml"
printf '%s\n' 'why = "I want to feel rested on Mondays"' 'when_urge = "text Sam, walk"' \
  '[alcohol]' 'max_per_day = 6' 'days_off = ["mon", "tue", "wed"]' \
  '[benzodiazepine]' 'goal = "stop"' '[safety]' 'avoid = [["alcohol", "benzodiazepine"]]' \
  > "$WORK/plan.toml"
at() {
  EBB_NOW=$1 run "${@:2}"
  expect_rc 0 "$*"
}
at 2026-11-03T19:00:00Z mood 5 --feel tired
at 2026-11-03T21:00:00Z use cider 2 cans --with Sam
at 2026-11-04T09:00:00Z plan set "$WORK/plan.toml"
at 2026-11-05T22:00:00Z urge 7 --substance alcohol --trigger "work stress" --rode-out --after 3
at 2026-11-06T22:30:00Z use beer 5 pints --with friends --cost 30
at 2026-11-07T23:00:00Z use lager 6 pints --with friends --cost 36
at 2026-11-08T01:30:00Z use xanax 1mg --alone
at 2026-11-08T12:00:00Z mood 3 --feel anxious,hungover
at 2026-11-09T20:00:00Z none
at 2026-11-10T20:00:00Z use weed 0.3 g --route smoked
at 2026-11-11T21:00:00Z use wine 2 glasses
at 2026-11-13T22:00:00Z use beer 4 pints --cost 24
at 2026-11-14T22:00:00Z use vodka 6 shots
at 2026-11-15T11:00:00Z mood 4
at 2026-11-16T20:00:00Z none --substance alcohol
at 2026-11-17T21:00:00Z urge 8 --substance alcohol --trigger argument --other "went for a run"
at 2026-11-20T22:00:00Z use beer 3 pints --cost 18
at 2026-11-21T22:00:00Z use alcohol 2 pints --note "don't know what it was"
expect_contains "$OUT" "no strength known" "the drink of unknown strength is said at once"

export EBB_NOW=2026-11-22T11:00:00Z
run review 3w
expect_contains "$OUT" "2026-11-02 mon  ·  before your log starts, not counted"
expect_contains "$OUT" "2026-11-03 tue  ·  no plan yet"
expect_contains "$OUT" "2026-11-06 fri  ○  alcohol: 14 drinks, plan says up to 6 drinks a day" \
  "5 UK pints at 5% is 14 units"
expect_contains "$OUT" "alcohol + alprazolam within 2 hours 30 minutes" "the risky night"
expect_contains "$OUT" "2026-11-14 sat  ✓  within your plan" "6 UK shots are 5.9 units"
expect_contains "$OUT" "alcohol: 1 use couldn't be counted in drinks"
expect_contains "$OUT" "2026-11-22 sun  ·  today, still going"
expect_contains "$OUT" "13 of the 18 days matched your plan."
expect_contains "$OUT" "Logged on 15 of 21 days. Your log starts on 2026-11-03"
expect_contains "$OUT" "2026-11-09 mon  ✓  within your plan, a day off you noted"
expect_not_contains "$OUT" "relapse"
run report 3w
expect_contains "$OUT" "Within your plan: 13 of 18 days (72%)." "report and review agree"
expect_contains "$OUT" "| 2026-11-02 mon | 0 | before your log starts, not counted |"
run trends 3w --json
expect_eq "$(jqv '.current.counted_days')" "19" "Nov 3 to 21; today still going"
expect_eq "$(jqv '.previous.percent_days_abstinent')" "null" "no days off before the log"
expect_eq "$(jqv '.current.substances[] | select(.substance == "alcohol") | .heavy_day_threshold')" \
  "7" "NIAAA's 4 US drinks in UK units"
expect_eq "$(jqv '.current.substances[] | select(.substance == "alcohol") | .other_amounts[0].unit')" \
  "pint" "the pints of unknown strength kept apart"
run trends 3w
expect_contains "$OUT" "also logged, not in drinks: 2 pints"
run calendar 2026-11 --json
expect_eq "$(jqv '.untracked_days')" "2" "Nov 1 and 2 are before the log"
expect_eq "$(jqv '.days[0].state')" "untracked"
expect_eq "$(jqv '.days[8].state')" "off" "the day noted with ebb none"
run log --limit 3
expect_contains "$OUT" "beer, 3 pints at 5%"
finish
