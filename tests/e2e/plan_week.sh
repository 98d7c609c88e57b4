#!/usr/bin/env bash
# Plans that fit a week: a Friday and Saturday of their own, and a rolling 7-day limit
# crossed mid-week, through plan, review, check and a what-if.
. "$(dirname "$0")/lib.sh"

cat >"$WORK/plan.toml" <<'PLAN'
why = "Weekends with friends, weekdays clear."
[alcohol]
max_per_day = 2
max_per_day_by_weekday = { fri = 5, sat = 5, sun = 0 }
max_per_7_days = 12
max_use_days_per_7_days = 3
PLAN
EBB_NOW=2026-11-01T09:00:00+01:00 run plan set "$WORK/plan.toml"
expect_rc 0 "plan set"
run plan
expect_rc 0
expect_contains "$OUT" "in any 7 days"
expect_contains "$OUT" "a day on fri 5 drinks, sat 5 drinks, sun 0 drinks"

# A broken weekday: error with line and column, nothing saved.
printf '[alcohol]\nmax_per_day_by_weekday = { fri = 5, fryday = 2 }\n' >"$WORK/bad.toml"
run plan check "$WORK/bad.toml"
expect_rc 2 "a weekday that isn't one"
expect_contains "$ERR" "bad.toml:2:"
expect_contains "$ERR" "has \"fryday\", which isn't a weekday"

# Friday 13th and Saturday 14th: 5 each, inside their own limits. Monday 16th: 2, inside the
# plain 2 a day, inside the calendar week (a new one) but 12 in the 7 days from Tuesday 10th
# is the limit, not past it. Wednesday 18th: 1 more, past the rolling 12 (and a 4th use day).
run use beer 5 --at "2026-11-13 21:00"
expect_rc 0
run use beer 5 --at "2026-11-14 21:00"
expect_rc 0
run use beer 2 --at "2026-11-16 20:00"
expect_rc 0
export EBB_NOW=2026-11-18T19:00:00+01:00
run check --with beer 1
expect_rc 0
expect_contains "$OUT" "The last 7 days went past your plan for alcohol (13 drinks, plan says 12 drinks)." "what-if: rolling limit"
expect_contains "$OUT" "Alcohol on 4 days of the last 7; your plan says 3 days."
run use beer 1 --at "2026-11-18 18:30"
expect_rc 0
expect_contains "$OUT" "The last 7 days went past your plan for alcohol"
run review week --json
expect_rc 0
expect_eq "$(jqv '[.days[] | select(.date == "2026-11-16") | .findings[].rule] | join(",")')" "" "Monday within plan"
expect_eq "$(jqv '[.days[] | select(.date == "2026-11-18") | .findings[].rule] | join(",")')" "max_per_7_days,max_use_days_per_7_days"
run review last-week --json
expect_rc 0
expect_eq "$(jqv '[.days[] | select(.date == "2026-11-13") | .findings[].rule] | join(",")')" "" "Friday: its own 5"
run review week
expect_rc 0
expect_contains "$OUT" "13 drinks in the last 7 days, plan says up to 12 drinks in any 7"

# Sunday's own limit is 0: a drink on Sunday is over the plan for that day.
export EBB_NOW=2026-11-22T20:00:00+01:00
run check --with beer 1
expect_rc 0
expect_contains "$OUT" "Today went past your plan for alcohol (1 drink, plan says 0 drinks)."

# A stage that starts mid-week: 3 a day until Wednesday 25th, 2 from then on.
cat >"$WORK/staged.toml" <<'PLAN'
[alcohol]
max_per_day = 3

[[alcohol.stage]]
from = 2026-11-25
max_per_day = 2
PLAN
EBB_NOW=2026-11-23T09:00:00+01:00 run plan set "$WORK/staged.toml"
expect_rc 0 "a plan with a stage"
run plan
expect_rc 0
expect_contains "$OUT" "from 2026-11-25: up to 2 drinks a day"
export EBB_NOW=2026-11-29T22:00:00+01:00
run use beer 3 --at "2026-11-24 20:00"
expect_rc 0
run use beer 3 --at "2026-11-26 20:00"
expect_rc 0
run review week --json
expect_rc 0
expect_eq "$(jqv '[.days[] | select(.date == "2026-11-24") | .findings[].rule] | join(",")')" "" "Tuesday: 3 of 3"
expect_eq "$(jqv '[.days[] | select(.date == "2026-11-26") | .findings[0].expected] | join(",")')" "2 drinks" "Thursday: the stage's 2"
printf '[alcohol]\n[[alcohol.stage]]\nmax_per_day = 2\n' >"$WORK/nofrom.toml"
run plan check "$WORK/nofrom.toml"
expect_rc 2 "a stage without its day"
expect_contains "$ERR" "nofrom.toml:2:"

finish
