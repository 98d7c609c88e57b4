#!/usr/bin/env bash
# Three weeks of a life, with a fixed clock: beer most evenings, weed at weekends, urges
# ridden out and met another way, and one risky night (heroin alone, untested, after beer
# and 13 days without opioids). Safety comes first at the riskiest moment, every urge not
# acted on is credited, and the person's own words come back in review and report.
. "$(dirname "$0")/lib.sh"

mkdir -p "$HOME/.config/ebb"
printf '[help_lines]\n"Never Use Alone" = "800-484-3731"\n' >"$HOME/.config/ebb/config.toml"
at() { EBB_NOW="$1" run "${@:2}"; }

at 2026-11-01T22:00:00+01:00 use heroin 20 mg --with Jo
expect_rc 0
cat >"$WORK/plan.toml" <<'PLAN'
why = "I want to be there for Mia and keep my job."
when_urge = "Text Sam, make tea, wait 20 minutes."
review_on = 2026-11-10
[alcohol]
max_per_day = 3
days_off = ["mon", "tue"]
[spending]
max_per_week = 40
currency = "EUR"
PLAN
at 2026-11-02T10:00:00+01:00 plan set "$WORK/plan.toml"
expect_rc 0
for d in 03 05 07 09 11 13; do
  at 2026-11-${d}T20:00:00+01:00 use beer 2 --reason "to unwind" --cost 8
  expect_rc 0
done
at 2026-11-07T23:00:00+01:00 use weed 0.5 g --reason "to sleep"
expect_rc 0
at 2026-11-08T23:00:00+01:00 use weed 0.5 g --reason "to sleep"
expect_rc 0

# --- An urge met another way: credit, and not the plan for urges ---------------------------
at 2026-11-08T20:00:00+01:00 urge 8 --other "went climbing" --after 3 --substance heroin \
  --trigger "payday, boredom" --wanted relief
expect_rc 0 "urge --other"
expect_contains "$OUT" 'You met an urge at 8/10 another way ("went climbing"), and it went down to 3/10.'
expect_not_contains "$OUT" "Your plan for urges" "no urge plan once the person coped"
# An urge with no outcome yet: their own plan, quoted once, without doubled punctuation.
at 2026-11-09T21:00:00+01:00 urge 6 --trigger "payday, boredom"
expect_rc 0
expect_contains "$OUT" 'Your plan for urges: "Text Sam, make tea, wait 20 minutes."'
expect_not_contains "$OUT" '.".' "no doubled punctuation"

# --- review_on: on and after the day, until the plan is saved again ------------------------
at 2026-11-09T22:00:00+01:00 check --all
expect_rc 0
expect_not_contains "$OUT" "look at your plan" "not before review_on"
at 2026-11-10T09:00:00+01:00 check --all
expect_rc 0
expect_contains "$OUT" "Today is the day you planned to look at your plan again."
at 2026-11-12T09:00:00+01:00 check --all --json
expect_rc 0
expect_contains "$(jqv '[.reminders[].text] | join("\n")')" \
  "You planned to look at your plan again on 2026-11-10."
expect_eq "$(jqv '[.reminders[] | select(.id | startswith("review_on:"))][0].kind')" "plan"

# --- The risky night ----------------------------------------------------------------------
at 2026-11-14T21:00:00+01:00 use beer 4 --cost 30
expect_rc 0
expect_contains "$OUT" 'In your words: "I want to be there for Mia and keep my job."'
# The next drink doesn't hear about the plan again: repeated after each use, a rebuke.
at 2026-11-14T21:30:00+01:00 use beer 1
expect_rc 0
expect_eq "$OUT" "Logged beer, 1 drink at 21:30 today." "no plan note twice"
at 2026-11-14T23:50:00+01:00 use heroin 20 mg --alone --untested --cost 20 \
  --reason "to come down" --note "couldn't sleep, first time in ages"
expect_rc 0 "use heroin"
AFTER=$OUT
expect_eq "$(printf '%s\n' "$AFTER" | sed -n 1p)" "Logged heroin, 20 mg at 23:50 today."
# The first note is the step for someone alone right now, with the help line once.
expect_eq "$(printf '%s\n' "$AFTER" | sed -n 2p)" \
  "Safety: On your own, no one is there to help if your breathing slows. Ask someone to check in on you now, and keep naloxone within reach."
expect_eq "$(printf '%s\n' "$AFTER" | sed -n 3p)" "Help: Never Use Alone: 800-484-3731"
expect_eq "$(printf '%s\n' "$AFTER" | grep -c '^Help:')" "1" "help lines once"
# Both uses are in the log: it says so; its naloxone step was said above.
expect_eq "$(printf '%s\n' "$AFTER" | sed -n 4p)" \
  "Safety: You're mixing alcohol and heroin: alcohol and opioids together can slow breathing a lot."
# Beer was logged during the 13 days: a break, and dangerous.
expect_eq "$(printf '%s\n' "$AFTER" | sed -n 5p)" \
  "Safety: It's been 13 days without opioids, and tolerance drops fast in a break. A much smaller amount than before is safer."
expect_contains "$AFTER" "1 more note; ebb check shows it." "the rest waits for check"
expect_not_contains "$AFTER" "In your words" "why at most once a day"

# A second dose half an hour later: the step for someone alone again, first.
at 2026-11-15T00:20:00+01:00 use heroin 10 mg --alone --untested
expect_rc 0
expect_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" \
  "Safety: On your own, no one is there to help if your breathing slows. Ask someone to check in on you now, and keep naloxone within reach."

# Plain check at 03:45: what the use left for it (the notes shown then wait, repeat_hours),
# the untested note with its full step now that no note above gave a smaller amount.
at 2026-11-15T03:45:00+01:00 check
expect_rc 0
expect_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" \
  "Take care: Heroin and opioid pills can hold fentanyl or nitazenes, which are far stronger. Test what's left with fentanyl and nitazene strips, and start with a small amount."
expect_contains "$OUT" "You planned to look at your plan again on 2026-11-10."
expect_not_contains "$OUT" "more note" "nothing left out"

# `check --all`: the same notes in the same order in text and JSON, safety first.
at 2026-11-15T03:45:00+01:00 check --all --json
expect_rc 0
expect_eq "$(jqv '.reminders[0].severity')" "dangerous" "first reminder dangerous"
expect_eq "$(jqv '.reminders[0].id | startswith("alone:")')" "true" "the alone step first"
expect_eq "$(jqv '.reminders[0].help_lines[0].number')" "800-484-3731" "help lines in JSON"
expect_eq "$(jqv '[.reminders[] | select(.kind == "tolerance")][0].severity')" "dangerous" \
  "tolerance dangerous"
expect_eq "$(jqv '[.reminders[] | select(.kind == "tolerance")][0].help_lines | length')" "1"
expect_eq "$(jqv '[.reminders[] | select(.id | startswith("untested:"))][0].severity')" "unsafe"
expect_eq "$(jqv '[.reminders[].kind] | index("plan") > index("tolerance")')" "true" \
  "plan after tolerance"
expect_eq "$(jqv '[.reminders[].kind] | index("spending") > index("plan")')" "true" \
  "spending after plan"
JSON_TEXTS=$(jqv '.reminders[].text')
at 2026-11-15T03:45:00+01:00 check --all
expect_rc 0
TEXT_LINES=$(printf '%s\n' "$OUT" | grep -v '^Help:' | sed -E 's/^(Safety|Take care): //')
expect_eq "$TEXT_LINES" "$JSON_TEXTS" "the same order in text and JSON"

# Colour where colour is on, the lead word either way.
at 2026-11-15T03:45:00+01:00 check --all --color always
expect_rc 0
expect_contains "$OUT" $'\e[1;31mSafety:\e[0m On your own'
expect_contains "$OUT" $'\e[33mTake care:\e[0m Heroin'

# --- Trends: urges not acted on, in your words --------------------------------------------
at 2026-11-15T12:00:00+01:00 use beer 1 --note "rough night, called Sam after"
expect_rc 0
at 2026-11-15T14:00:00+01:00 trends 14d --json
expect_rc 0
expect_eq "$(jqv '.current.urges.met_another_way')" "1"
expect_eq "$(jqv '.current.urges.not_acted_on')" "1"
expect_eq "$(jqv '.current.urges.top_triggers[0].text')" "payday, boredom" "a trigger whole"
expect_eq "$(jqv '.currency')" "EUR" "the plan's currency"
expect_eq "$(jqv '.in_your_words.instead[0].text')" "went climbing"
at 2026-11-15T14:00:00+01:00 trends 14d
expect_rc 0
expect_contains "$OUT" "not acted on"
expect_contains "$OUT" "met another way"
expect_contains "$OUT" 'What set urges off: "payday, boredom" ×2'
expect_contains "$OUT" "spent (EUR)"

# --- Review: what went well first, your words, the most serious last ----------------------
at 2026-11-15T14:00:00+01:00 review 14d
expect_rc 0 "review"
expect_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" "11 of the 14 days matched your plan."
expect_contains "$OUT" "You met 1 urge another way."
expect_contains "$OUT" "In your words"
expect_contains "$OUT" '  Your reasons: "I want to be there for Mia and keep my job."'
expect_contains "$OUT" '  alcohol was for: "to unwind" ×6'
expect_contains "$OUT" '  heroin was for: "to come down"'
expect_contains "$OUT" '  What you did instead of acting on an urge: "went climbing"'
expect_contains "$OUT" "couldn't sleep, first time in ages"
expect_eq "$(printf '%s\n' "$OUT" | tail -1)" \
  "Worth a look: sat 2026-11-14, alcohol and heroin within 3 hours. Alcohol and opioids together can slow breathing a lot."
expect_not_contains "$OUT" "Full weeks"
expect_not_contains "$ERR" "no plan" "no second message on stderr"
at 2026-11-15T14:00:00+01:00 review 14d --json
expect_rc 0
expect_eq "$(jqv '.safety[0].severity')" "dangerous"
expect_eq "$(jqv '[.safety[].summary] | index("heroin after 13 days without opioids") != null')" "true"
expect_eq "$(jqv '.in_your_words.notes | length')" "2"
expect_eq "$(jqv '.urges.not_acted_on')" "1"

# --- Report: safety, your words, the plan once, by date -----------------------------------
at 2026-11-15T14:00:00+01:00 report 14d
expect_rc 0 "report"
expect_contains "$OUT" "## What went well"
expect_contains "$OUT" "Version 1, saved 2026-11-02: on all 14 days."
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'I want to be there for Mia')" "1" "the plan once"
expect_contains "$OUT" "## Safety"
expect_contains "$OUT" "- 2026-11-14 sat: heroin, on your own: 2 times (dangerous)." \
  "two doses alone, one line"
expect_contains "$OUT" "- 2026-11-14 sat: alcohol and heroin within 3 hours (dangerous)."
expect_contains "$OUT" "- 2026-11-14 sat: heroin after 13 days without opioids (dangerous)."
expect_contains "$OUT" "- 2026-11-14 sat: heroin, not tested: 2 times (unsafe)."
expect_contains "$OUT" "## In your words"
expect_contains "$OUT" "- 2026-11-14 sat 23:50, heroin: couldn't sleep, first time in ages"
expect_contains "$OUT" "- 2026-11-15 sun 12:00, alcohol: rough night, called Sam after"
expect_contains "$OUT" "Not acted on: 1 of 1 (1 met another way)."
expect_contains "$OUT" "Daily, 2026-11-02 to 2026-11-15"
expect_contains "$OUT" "Spent (EUR)"
expect_not_contains "$OUT" "Full weeks"

# --- Saving the plan again ends the review_on note ----------------------------------------
at 2026-11-15T15:00:00+01:00 plan set "$WORK/plan.toml"
expect_rc 0
at 2026-11-15T15:01:00+01:00 check --all
expect_rc 0
expect_not_contains "$OUT" "look at your plan" "saved again"

# --- Nothing logged in between: not called a break ----------------------------------------
export HOME=$WORK/home2
mkdir -p "$HOME/.config/ebb"
printf '[reminders]\nrepeat_hours = 1\n' >"$HOME/.config/ebb/config.toml"
at 2026-11-01T22:00:00+01:00 use oxycodone 10 mg
expect_rc 0
at 2026-11-12T22:00:00+01:00 use oxycodone 10 mg
expect_rc 0
expect_contains "$OUT" "Safety: You last logged opioids 11 days ago; if you haven't used since, tolerance drops fast in that time."
# A second drink soon after the first is no alarm.
at 2026-11-12T22:10:00+01:00 use beer 1
expect_rc 0
at 2026-11-12T22:20:00+01:00 use beer 1
expect_rc 0
expect_not_contains "$OUT" "You've had two" "no note on a second beer"
at 2026-11-12T22:30:00+01:00 use xanax 1 mg --alone --untested
expect_rc 0
# Plain check, once all of it is due again: every dangerous note, then how many more.
at 2026-11-13T00:00:00+01:00 check
expect_rc 0
DANGEROUS=$(printf '%s\n' "$OUT" | grep -c '^Safety:')
CHECKS=$((CHECKS + 1))
[ "$DANGEROUS" -ge 3 ] || fail "every dangerous note in plain check: $OUT"
expect_eq "$(printf '%s\n' "$OUT" | grep -vc '^Safety:\|^Help:\|more notes\?;')" "0" \
  "only the dangerous ones when there are three or more"
expect_contains "$OUT" "ebb check --all shows them."
at 2026-11-13T00:00:00+01:00 check --json
expect_rc 0
expect_eq "$(jqv '[.reminders[] | select(.severity == "dangerous")] | length')" "0" \
  "what plain check showed counts as shown"
CHECKS=$((CHECKS + 1))
[ "$(jqv '.reminders | length')" -ge 1 ] || fail "the rest still due: $OUT"

# --- A break longer than the days reminders read, with a mood logged during it -------------
# Heroin on 1 Sep, a mood on 1 Oct, heroin again on 25 Oct: the mood is before the days a
# `use` reads, and still shows that the log was kept during the break, and that the person is
# back after 24 days, not 54.
export HOME=$WORK/home3
mkdir -p "$HOME/.config/ebb"
at 2026-09-01T22:00:00+02:00 use heroin
expect_rc 0
at 2026-10-01T09:00:00+02:00 mood 6
expect_rc 0
at 2026-10-25T21:00:00+01:00 use heroin
expect_rc 0
expect_contains "$OUT" "Safety: It's been 54 days without opioids, and tolerance drops fast in a break."
expect_contains "$OUT" "Good to see you back after 24 days."

finish
