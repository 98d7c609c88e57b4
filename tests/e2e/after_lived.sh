#!/usr/bin/env bash
# Four weeks of a life, lived with a fixed clock, for what use does (issue 14): evening drinks
# with Sam or alone, weed at weekends to sleep, moods before and after, a risky night, urges
# ridden out with `ebb surf` (through a pseudo-terminal), one change of plan (days off Mon and
# Tue), and a week filled in afterwards with `ebb backfill`. Then trends by set and setting,
# mood before and after, and the measures under each plan version, read as the person and as
# their therapist.
. "$(dirname "$0")/lib.sh"

PTY="python3 $(dirname "$0")/pty_drive.py"
at() { EBB_NOW="$1" run "${@:2}"; }
# drive NOW STEP... -- ARGS...: an interactive command in a pseudo-terminal at time NOW.
drive() {
  local now=$1
  shift
  OUT=$(EBB_NOW=$now NO_COLOR=1 $PTY "$@" 2>&1)
  RC=$?
}
dow() { date -d "2026-11-$1" +%u; }  # 1 = Monday

at 2026-11-01T20:00:00+01:00 mood 5 --feel restless
expect_rc 0
cat >"$WORK/plan1.toml" <<'PLAN'
why = "I want mornings that feel like mine."
when_urge = "Text Sam, make tea, wait 20 minutes."
[alcohol]
max_per_day = 4
PLAN
at 2026-11-01T21:00:00+01:00 plan set "$WORK/plan1.toml"
expect_rc 0 "plan v1"

# --- Two weeks under v1 -------------------------------------------------------------------
for d in 02 03 04 05 06 07 08 09 10 11 12 13 14 15; do
  case $(dow "$d") in
    1 | 3)  # with Sam: two beers, feeling a little better after
      at 2026-11-${d}T19:00:00+01:00 use beer 2 --with Sam --mood-before 5 --felt 6 ;;
    2 | 4)  # alone, to switch off: five beers, a low mood later
      at 2026-11-${d}T21:00:00+01:00 use beer 5 --alone --reason "to switch off" --mood-before 4
      expect_rc 0
      at 2026-11-${d}T23:30:00+01:00 mood 3 --feel flat ;;
    5)  # Friday at Jo's with Sam and Jo, weed to sleep
      at 2026-11-${d}T20:00:00+01:00 use beer 3 --with "Sam, Jo" --where "Jo's place" --mood-before 6 --felt 7
      expect_rc 0
      at 2026-11-${d}T23:45:00+01:00 use weed 0.5 g --reason "to sleep" ;;
    6)  # Saturday at the pub
      at 2026-11-${d}T20:00:00+01:00 use beer 4 --with Jo --where pub --mood-before 6 --felt 6 ;;
    7) at 2026-11-${d}T11:00:00+01:00 mood 7 --feel rested ;;
  esac
  expect_rc 0 "day $d"
done
# Mornings after: low after an evening alone, better after a day off.
for d in 04 06 11 13; do at 2026-11-${d}T09:00:00+01:00 mood 4 --feel foggy; expect_rc 0; done
for d in 09 16; do at 2026-11-${d}T09:00:00+01:00 mood 7; expect_rc 0; done
at 2026-11-12T09:00:00+01:00 mood 6
expect_rc 0

# The risky night: after the pub, heroin alone and untested, the first in weeks.
at 2026-11-14T23:50:00+01:00 use heroin 20 mg --alone --untested --reason "to come down"
expect_rc 0 "risky night"
expect_contains "$OUT" "slow breathing" "the mix is named plainly"

# --- Urges ridden out with surf ------------------------------------------------------------
export EBB_SURF_INTERVAL=0
drive 2026-11-10T21:00:00+01:00 "expect:Your plan for urges: \"Text Sam, make tea, wait 20 minutes.\"" \
  "expect:How strong is the urge now, 0-10? " "send:8" \
  "expect:What happened just before it came? (Enter to skip) " "send:long day, empty flat" \
  "expect:How strong now, 0-10? " "send:eleven" \
  "expect:A whole number from 0 to 10" "send:6" \
  "expect:What does it want for you? " "send:to switch off" \
  "expect:How strong now, 0-10? " "send:3" \
  "expect:If it could speak, what would it say? " "send:" \
  "expect:How strong now, 0-10? " "send:0" \
  "expect:the wave has passed" \
  "expect:What did you do with it?" "send:made tea and called Sam" \
  -- "$EBB" surf --substance beer --minutes 5
expect_rc 0 "surf through a terminal"
expect_contains "$OUT" "   0 min  ████████░░  8" "the wave, as it goes"
expect_contains "$OUT" "You met an urge another way: it went from 8 to 0." "credit, in numbers"
at 2026-11-10T21:30:00+01:00 log --kind urge --json
expect_eq "$(jqv '.[0].intensity')" "8" "surf: intensity before"
expect_eq "$(jqv '.[0].intensity_after')" "0" "surf: intensity after"
expect_eq "$(jqv '.[0].outcome')" "other" "surf: what the person did"
expect_eq "$(jqv '.[0].outcome_note')" "made tea and called Sam" "surf: in their words"
expect_eq "$(jqv '.[0].trigger')" "long day, empty flat" "surf: what came just before"
expect_eq "$(jqv '.[0].wanted')" "to switch off" "surf: what it wanted"
expect_eq "$(jqv '.[0].substance')" "alcohol" "surf: the substance"
expect_eq "$(jqv '.[0].tags[0]')" "surf" "surf: tagged"

# Cut short with Ctrl-C after one rating: what there is is saved.
drive 2026-11-12T21:00:00+01:00 "expect:How strong is the urge now, 0-10? " "send:7" \
  "expect:What happened just before it came?" "ctrlc" \
  -- "$EBB" surf --minutes 10
expect_rc 0 "surf: Ctrl-C saves"
expect_contains "$OUT" "You noticed an urge at 7/10." "surf: Ctrl-C, no verdict"
expect_contains "$OUT" "Logged urge 7/10" "surf: Ctrl-C, saved"
# Ctrl-C before any rating: nothing to save, and it says so.
drive 2026-11-12T22:00:00+01:00 "expect:How strong is the urge now, 0-10? " "ctrlc" \
  -- "$EBB" surf
expect_rc 1 "surf: nothing rated"
expect_contains "$OUT" "Nothing was saved: there was no rating yet." "surf: nothing rated"
# Without a terminal it says what to do instead, and saves nothing.
at 2026-11-12T22:00:00+01:00 surf </dev/null
expect_rc 2 "surf without a terminal"
expect_contains "$ERR" "needs a terminal" "surf without a terminal"
expect_contains "$ERR" "ebb urge 6 --rode-out --minutes 20" "surf: the form that works"
EBB_SURF_INTERVAL=abc at 2026-11-12T22:00:00+01:00 surf
expect_rc 2 "a bad EBB_SURF_INTERVAL"
at 2026-11-12T22:00:00+01:00 surf --minutes 0
expect_rc 2 "surf --minutes 0"

# --- The plan changes once: days off Monday and Tuesday, up to 3 ---------------------------
cat >"$WORK/plan2.toml" <<'PLAN'
why = "I want mornings that feel like mine."
when_urge = "Text Sam, make tea, wait 20 minutes."
[alcohol]
max_per_day = 3
days_off = ["mon", "tue"]
PLAN
at 2026-11-16T10:00:00+01:00 plan set "$WORK/plan2.toml"
expect_rc 0 "plan v2"
for d in 16 17 18 19 20 21 22; do
  case $(dow "$d") in
    1 | 2) at 2026-11-${d}T22:00:00+01:00 none ;;
    3) at 2026-11-${d}T19:00:00+01:00 use beer 2 --with Sam --mood-before 5 --felt 7 ;;
    4) at 2026-11-${d}T21:00:00+01:00 use beer 3 --alone --reason "to switch off" --mood-before 4 --felt 5 ;;
    5) at 2026-11-${d}T20:00:00+01:00 use beer 2 --with Sam --mood-before 6 --felt 7
       expect_rc 0
       at 2026-11-${d}T23:45:00+01:00 use weed 0.5 g --reason "to sleep" ;;
    6) at 2026-11-${d}T20:00:00+01:00 use beer 3 --with Jo --where pub ;;
    7) at 2026-11-${d}T11:00:00+01:00 mood 7 ;;
  esac
  expect_rc 0 "day $d"
done
for d in 17 18 20 21; do at 2026-11-${d}T09:00:00+01:00 mood 6; expect_rc 0; done
for d in 24 25; do at 2026-11-${d}T09:00:00+01:00 mood 7 --feel rested; expect_rc 0; done
at 2026-11-20T09:00:00+01:00 mood 5
expect_rc 0
# One evening of the last week logged that night; the rest is filled in later.
at 2026-11-28T21:00:00+01:00 use beer 3 --with Sam
expect_rc 0
at 2026-11-26T18:00:00+01:00 mood 5

# --- A week filled in afterwards ------------------------------------------------------------
drive 2026-11-30T10:00:00+01:00 "expect:Looking back over 7 days" \
  "expect:mon 2026-11-23: " "send:0" \
  "expect:tue 2026-11-24: " "send:none" \
  "expect:wed 2026-11-25: " "send:3 beers" \
  "expect:needs a name first" "send:beer 2" \
  "expect:thu 2026-11-26: " "send:" \
  "expect:fri 2026-11-27: " "send:beer 3, weed 0.5 g" \
  "expect:sat 2026-11-28 (weekend): logged already: " \
  "expect:sun 2026-11-29 (weekend): " "send:0" \
  "expect:Filled in" \
  -- "$EBB" backfill 7d
expect_rc 0 "backfill through a terminal"
expect_contains "$OUT" "Filled in 2 days with use and 3 days without; 1 day left open." \
  "backfill: what was filled in"
at 2026-11-30T10:05:00+01:00 log --since 2026-11-23 --until 2026-11-29 --json
expect_eq "$(jqv '[.[] | select(.kind == "none")] | length')" "3" "backfill: days without use"
expect_eq "$(jqv '[.[] | select(.tags == ["backfill"])] | length')" "3" "backfill: uses, tagged"
# A second walk over the same days asks about the day left open only.
drive 2026-11-30T10:10:00+01:00 "expect:thu 2026-11-26: " "send:q" \
  -- "$EBB" backfill 7d
expect_rc 0 "backfill again"
expect_contains "$OUT" "mon 2026-11-23: logged already: a day with nothing used" "backfill: anchors"
expect_contains "$OUT" "Nothing new was saved." "backfill: q stops"
at 2026-11-30T10:00:00+01:00 backfill 7d </dev/null
expect_rc 2 "backfill without a terminal"
expect_contains "$ERR" "needs a terminal" "backfill without a terminal"
at 2026-11-30T10:00:00+01:00 backfill lots
expect_rc 2 "backfill lots"
expect_contains "$ERR" "try 7d, 30d or 2w" "backfill: the form that works"

# --- What the person reads -----------------------------------------------------------------
export EBB_NOW=2026-11-30T12:00:00+01:00
run trends 30d
expect_rc 0 "trends 30d"
expect_contains "$OUT" "Before and after a use" "trends: mood around use"
expect_contains "$OUT" "Mood before a use " "trends: a mean once there are enough pairs"
expect_contains "$OUT" "Mood the day after a use day " "trends: the day after"
printf '%s\n' "$OUT" >"$WORK/trends.txt"

run trends 30d --json
expect_rc 0
PAIRS=$(jqv .after_use.pairs)
[ "$PAIRS" -ge 5 ] || fail "after_use.pairs is $PAIRS"
expect_eq "$(jqv .after_use.min_pairs)" "5" "trends json: the fewest pairs"
expect_eq "$(jqv '.after_use.mean_before < .after_use.mean_after')" "true" \
  "this person feels a little better right after"
expect_eq "$(jqv '.after_use.day_after_use_day.mean < .after_use.day_after_day_off.mean')" \
  "true" "and lower the morning after"

run trends 30d --by with --substance alcohol
expect_rc 0 "trends --by with"
expect_contains "$OUT" "By who you were with" "set and setting: heading"
expect_contains "$OUT" "with Sam" "set and setting: Sam"
expect_contains "$OUT" "alone" "set and setting: alone"
expect_contains "$OUT" "Per use day: " "set and setting: the line to read"
printf '%s\n' "$OUT" >"$WORK/by-with.txt"
run trends 30d --by with --substance alcohol --json
expect_rc 0
SAM=$(jqv '.setting.substances[0].values[] | select(.value == "Sam") | .amount_per_use_day')
ALONE=$(jqv '.setting.substances[0].values[] | select(.value == "alone") | .amount_per_use_day')
expect_eq "$(awk -v s="$SAM" -v a="$ALONE" 'BEGIN { print (s < a) ? "yes" : "no" }')" "yes" \
  "less a use day with Sam ($SAM) than alone ($ALONE)"
for by in where alone tested reason hour; do
  run trends 30d --by $by
  expect_rc 0 "trends --by $by"
  printf '%s\n' "$OUT" >>"$WORK/by-all.txt"
done
run trends 30d --by reason
expect_rc 0
expect_contains "$OUT" "to switch off" "by reason: their words"
run trends 30d --by hour
expect_rc 0
expect_contains "$OUT" "started 21:00 or later" "by hour: the late starts"
run trends 30d --by weekday
expect_rc 2 "trends --by weekday"

run review month --by-plan
expect_rc 0 "review --by-plan"
expect_contains "$OUT" "By plan version" "by plan: heading"
expect_contains "$OUT" "From one version to the next:" "by plan: the change"
expect_contains "$OUT" "v2 (alcohol: " "by plan: what v2 said"
printf '%s\n' "$OUT" >"$WORK/by-plan.txt"
run review month --by-plan --json
expect_rc 0
expect_eq "$(jqv '.by_plan | length')" "2" "by plan: two versions"
V1=$(jqv '.by_plan[0].substances[] | select(.substance == "alcohol") | .amount_per_use_day')
V2=$(jqv '.by_plan[1].substances[] | select(.substance == "alcohol") | .amount_per_use_day')
expect_eq "$(awk -v a="$V1" -v b="$V2" 'BEGIN { print (b < a) ? "yes" : "no" }')" "yes" \
  "less per use day under v2 ($V1 -> $V2)"

run trends --plan 2
expect_rc 0 "trends --plan 2"
expect_contains "$OUT" "Under plan version 2: 2026-11-16 to 2026-11-30" "trends --plan: its days"
run trends --plan 7
expect_rc 2 "trends --plan 7"
expect_contains "$ERR" "There's no version 7 of your plan" "trends --plan: no such version"
run trends --plan 1 30d
expect_rc 2 "trends --plan with a period"

# --felt is checked like the other scales, and edit can clear it.
run use beer 1 --felt 11
expect_rc 2 "--felt 11"
expect_contains "$ERR" "--felt" "names the option"

# Every message a person reads here, in ebb's voice.
for f in trends.txt by-with.txt by-all.txt by-plan.txt; do
  for w in addict abuse binge clean dirty relapse slip failure failed should must willpower \
    "bad day" streak honest; do
    if grep -qiw -- "$w" "$WORK/$f"; then fail "$f says \"$w\""; fi
  done
done
finish
