#!/usr/bin/env bash
# Eight weeks of a life with a fixed clock: someone who has pints at the weekend and a joint
# some evenings, logs them with presets, has one risky night (pints and MDMA), rides out an
# urge, and cuts down in November. Presets, again, now, breaks and money against their own
# first four weeks, read as the person would read them.
. "$(dirname "$0")/lib.sh"

mkdir -p "$HOME/.config/ebb"
CONF=$HOME/.config/ebb/config.toml
cat >"$CONF" <<'TOML'
currency = "EUR"
country = "uk"

[presets]
pint = "beer 568ml --abv 4.5 --cost 5.50"
joint = "cannabis 0.3g --route smoked"
TOML

# at TIME ARGS...: ebb at that moment; a failure is a failed check.
at() {
  local t=$1
  shift
  EBB_NOW=$t "$EBB" "$@" >"$WORK/at.out" 2>&1 || fail "at $t: ebb $* ($(cat "$WORK/at.out"))"
}
pints() {  # pints DAY N: N pints from 20:00, half an hour apart
  local i
  for ((i = 0; i < $2; i++)); do at "$1T2$i:00:00+01:00" use pint; done
}

# October: tracking starts on Thursday 1st; the weeks from Monday 5th are the baseline.
at 2026-10-01T20:00:00+02:00 mood 6
for monday in 2026-10-05 2026-10-12 2026-10-19 2026-10-26; do
  d=$(date -d "$monday" +%s)
  day() { date -d "@$((d + $1 * 86400))" +%Y-%m-%d; }
  at "$(day 1)T21:00:00+01:00" use joint --cost 10
  at "$(day 3)T21:00:00+01:00" use joint --cost 10
  pints "$(day 4)" 3
  pints "$(day 5)" 3
done

# November: fewer pints, a risky Saturday, two weeks without a drink.
for monday in 2026-11-02 2026-11-09; do
  d=$(date -d "$monday" +%s)
  at "$(day 2)T21:00:00+01:00" use joint --cost 10
  pints "$(day 4)" 2
  pints "$(day 5)" 2
done
at 2026-11-14T23:30:00+01:00 use mdma 100mg --cost 10 --with "Jo"
# Two hours later, out with friends: where things are, and the pint they'd have next.
EBB_NOW=2026-11-15T01:30:00+01:00 run now
expect_rc 0
expect_contains "$OUT" "mdma: 2 hours ago" "now, two hours after MDMA"
expect_contains "$OUT" "Likely in effect"
expect_contains "$OUT" "Open mix: alcohol + mdma (caution)"
EBB_NOW=2026-11-15T01:30:00+01:00 run check --with pint
expect_rc 0
expect_contains "$OUT" "If you used it now (beer, 568 ml at 4.5%):"
expect_contains "$OUT" "mixing mdma and alcohol" "the what-if of a preset names the mix"
at 2026-11-17T21:00:00+01:00 use joint --cost 10
at 2026-11-20T22:00:00+01:00 urge 7 --substance alcohol --trigger "friday" --rode-out --after 3
at 2026-11-24T21:00:00+01:00 use joint --cost 10
# Saturday 28th: a pint, and `again` for the second one.
at 2026-11-28T20:00:00+01:00 use pint
at 2026-11-28T21:00:00+01:00 again

export EBB_NOW=2026-11-30T20:00:00+01:00
# Presets: what was typed after the name wins; a bare number is that many.
run use joint --route vaped
expect_rc 0
expect_contains "$OUT" "Logged cannabis, 0.3 g at 20:00 today."
run log --json --limit 1
expect_rc 0
expect_eq "$(jqv '.[0].route')" "vaped" "the command line's route wins over the preset's"
run undo
expect_rc 0
run use pint 2 --cost 11 --at "19:00"
expect_rc 0
run log --json --limit 1
expect_rc 0
expect_eq "$(jqv '.[0].amount')" "1136" "pint 2: two pints"
expect_eq "$(jqv '.[0].unit')" "ml"
expect_eq "$(jqv '.[0].abv')" "4.5"
expect_eq "$(jqv '.[0].cost')" "11"
run undo
expect_rc 0

# now: nothing in the last 36 hours but Saturday's pints; breaks over 30 days.
run now
expect_rc 1
expect_contains "$OUT" "Breaks, over the last 30 days:"
expect_contains "$OUT" "alcohol: 2 days since the last use; longest break 13 days (2026-11-15 to 2026-11-27)."
expect_contains "$OUT" "cannabis: 6 days since the last use, the longest break in this period."
expect_contains "$OUT" "mdma: 16 days since the last use"
expect_not_contains "$OUT" "streak"
run now --json
expect_rc 1
expect_eq "$(jqv '.breaks[] | select(.substance == "alcohol") | .longest_break.days')" "13"
expect_eq "$(jqv '.breaks[] | select(.substance == "alcohol") | .days_since_last_use')" "2"

# trends for November: breaks per substance, and money beside the first four weeks.
run trends month
expect_rc 0
expect_contains "$OUT" "2 days since the last use; longest break 13 days (2026-11-15 to 2026-11-27)"
expect_contains "$OUT" "money by week (EUR)"
expect_contains "$OUT" "a week in your first four weeks (from 2026-10-05): 53.00"
expect_contains "$OUT" "week of 2026-11-16: 10.00"
expect_contains "$OUT" "week of 2026-11-30: nothing logged (so far)"
expect_contains "$OUT" "About 107.00 EUR less than the pace of your first four weeks over 4 weeks."
run trends month --json
expect_rc 0
expect_eq "$(jqv '.money.baseline_per_week')" "53"
expect_eq "$(jqv '.money.weeks_compared')" "4"
expect_eq "$(jqv '.money.saved')" "107"
expect_eq "$(jqv '.current.substances[] | select(.substance == "alcohol") | .longest_break.from')" "2026-11-15"

# October, seen from its end: the baseline weeks themselves save nothing.
run trends 2026-10 --json
expect_rc 0
expect_eq "$(jqv '.money.saved')" "null" "no saving claimed inside the baseline weeks"
expect_eq "$(jqv '.current.substances[0].days_since_last_use')" "null" "a past period: no days since"

# A baseline the person sets in the plan wins over the first weeks.
printf '[spending]\ncurrency = "EUR"\nbaseline_per_week = 70\n' >"$WORK/plan.toml"
run plan set "$WORK/plan.toml"
expect_rc 0
run trends month
expect_rc 0
expect_contains "$OUT" "a week before, by your own count: 70.00"
expect_contains "$OUT" "About 175.00 EUR less than your own count of before over 4 weeks."

# A preset that doesn't parse names its line in the config, and nothing is written.
n=$("$EBB" log --json --all | jq length)
cat >>"$CONF" <<'TOML'
shot = "vodka 25ml --abv"
TOML
run use shot
expect_rc 2 "a preset that doesn't parse"
expect_contains "$ERR" "config.toml:7:1: the preset shot = \"vodka 25ml --abv\""
expect_eq "$("$EBB" log --json --all | jq length)" "$n" "nothing written"
printf 'currency = "EUR"\n[presets]\nbad = "--abv 4 beer"\n' >"$CONF"
run log
expect_rc 2 "a preset that starts with an option"
expect_contains "$ERR" "config.toml:3:7"
expect_contains "$ERR" "starts with what was used"
printf 'currency = "EUR"\n[presets]\nopen = "beer \\"pint"\n' >"$CONF"
run log
expect_rc 2 "an open quote"
expect_contains "$ERR" "never closed"

finish
