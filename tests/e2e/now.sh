#!/usr/bin/env bash
# ebb now: a status two hours after MDMA, the short and --format lines for prompts and bars,
# JSON, discreet, and that polling it never counts a note as shown.
. "$(dirname "$0")/lib.sh"

run now
expect_rc 1 "nothing logged"
expect_contains "$OUT" "Nothing logged in the last 36 hours."
run now --short
expect_rc 1
expect_eq "$OUT" "" "--short prints nothing when there is nothing"

mkdir -p "$HOME/.config/ebb"
printf '[medications]\nsertraline = "50 mg daily"\n' >"$HOME/.config/ebb/config.toml"
printf '[mdma]\nmin_hours_between = 3\n' >"$WORK/plan.toml"
EBB_NOW=2026-11-16T09:00:00+01:00 run plan set "$WORK/plan.toml"
expect_rc 0
export EBB_NOW=2026-11-21T00:00:00+01:00
run use beer 2 --at "21:00"
expect_rc 0
run use mdma 100mg --at "22:00"
expect_rc 0

# Two hours after MDMA: in effect, wearing off from 01:00 (TripSit: 3 to 5 hours in all).
run now
expect_rc 0
expect_contains "$OUT" "mdma: 2 hours ago (22:00 today)."
expect_contains "$OUT" "Likely in effect; wearing off from about 01:00 today."
expect_contains "$OUT" "Your plan's time between uses is met at 01:00 today."
expect_contains "$OUT" "alcohol: 3 hours ago"
expect_contains "$OUT" "Open mix: mdma + sertraline, your medication (caution)"
expect_contains "$OUT" "Open mix: alcohol + mdma (caution)"

run now --short
expect_rc 0
expect_eq "$OUT" "mdma 2h in effect · alcohol 3h"
run now --format '{substance}={since}'
expect_rc 0
expect_eq "$OUT" "mdma=2h alcohol=3h"
run now --discreet --short
expect_rc 0
expect_eq "$OUT" "2h in effect · 3h"
run now --format '{nope}'
expect_rc 2 "an unknown placeholder"
expect_contains "$ERR" "{substance}, {since}, {phase}, {uses} and {last}"

run now --json
expect_rc 0
expect_eq "$(jqv '.substances[0].substance')" "mdma"
expect_eq "$(jqv '.substances[0].phase')" "in effect"
expect_eq "$(jqv '.substances[0].minutes_since')" "120"
expect_eq "$(jqv '.substances[0].plan_after')" "2026-11-21T01:00:00+01:00"
expect_eq "$(jqv '.substances[1].phase')" "null" "alcohol: no durations in the catalog"
expect_eq "$(jqv '.open_mixes | length')" "3"

# 30 minutes after: coming up, with when the first one has fully kicked in.
EBB_NOW=2026-11-20T22:30:00+01:00 run now
expect_rc 0
expect_contains "$OUT" "Likely still coming up: it can take until 23:10 today to kick in fully."

# Polling now (and check --json) counts nothing as shown: the person's check still has it.
printf '[medications]\nsertraline = "50 mg daily"\n[reminders]\nrepeat_hours = 1\n' \
  >"$HOME/.config/ebb/config.toml"
export EBB_NOW=2026-11-21T02:00:00+01:00
run check --quiet
expect_rc 1 "due again an hour after the use"
for i in 1 2 3; do
  run now --short
  expect_rc 0
  run check --json
  expect_rc 0
done
run check --quiet
expect_rc 1 "still due after polling"
run check
expect_rc 0
expect_contains "$OUT" "Sertraline is one of your medications." "the person's check has the note"
run check --quiet
expect_rc 0 "shown now"

finish
