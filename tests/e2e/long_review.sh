#!/usr/bin/env bash
# A review of half a year: its safety notes are made a stretch of weeks at a time while the
# entries stream from the store (docs/speed.md), and must be what the whole period at once
# gives: a break whose only entry in between lies weeks before the stretch of its use, a mix
# across the edge of two stretches, a break with nothing logged in between.
. "$(dirname "$0")/lib.sh"

log() {  # log WHEN ARGS...: logs at that time
  EBB_NOW=$1 run "${@:2}"
  expect_rc 0 "ebb ${*:2} at $1"
}

log 2026-05-02T21:00:00+02:00 use heroin 10 mg
log 2026-05-03T10:00:00+02:00 mood 5
log 2026-05-20T10:00:00+02:00 mood 4 --note "flat week"
# Nothing logged from May 21 to August 9: the mood of May 20 is the only entry between the
# two uses, seven weeks before the stretch (from June 26) the second use falls in.
log 2026-08-10T21:00:00+02:00 use heroin 10 mg --reason "to sleep"
# Beer at 02:00 is the evening of August 20 (the day starts at 04:00), the last day of a
# stretch; alprazolam at 06:00 is August 21, the first day of the next.
log 2026-08-21T02:00:00+02:00 use beer 3
log 2026-08-21T06:00:00+02:00 use xanax 1 mg
log 2026-09-01T21:00:00+02:00 use heroin 10 mg
# Nothing logged between these two: ebb says when the person last logged, not "a break".
log 2026-10-15T21:00:00+02:00 use heroin 10 mg

run review --since 2026-05-01 --until 2026-11-20 --json
expect_rc 0
expect_eq "$(jqv '[.safety[].summary] | join("; ")')" \
  "heroin after 100 days without opioids; alcohol and alprazolam within 4 hours; heroin after 22 days without opioids; heroin, 44 days after the last opioids you logged" \
  "the safety notes of the half year"
expect_eq "$(jqv '[.safety[].entry_ids | length] | join(",")')" "1,2,1,1"
expect_eq "$(jqv '.in_your_words.reasons[0].reasons[0].text')" "to sleep"
expect_eq "$(jqv '.in_your_words.notes[0].text')" "flat week"
run review --since 2026-05-01 --until 2026-11-20
expect_rc 0
expect_contains "$OUT" "Worth a look: fri 2026-08-21, alcohol and alprazolam within 4 hours."

# The report of the same days says the same.
run report --since 2026-05-01 --until 2026-11-20 --json
expect_rc 0
expect_eq "$(jqv '[.review.safety[].summary] | join("; ")')" \
  "heroin after 100 days without opioids; alcohol and alprazolam within 4 hours; heroin after 22 days without opioids; heroin, 44 days after the last opioids you logged" \
  "the report's safety notes"

finish
