#!/usr/bin/env bash
# ebb again: the last use once more, now, with its reminders; nothing to repeat is exit 2.
. "$(dirname "$0")/lib.sh"

run again
expect_rc 2 "nothing to repeat"
expect_contains "$ERR" "There's no use in your log to repeat yet."

export EBB_NOW=2026-11-20T20:00:00+01:00
run use beer 568ml --abv 4.5 --with Sam --cost 5 --reason "Friday" --note "the usual"
expect_rc 0
run mood 6
expect_rc 0
export EBB_NOW=2026-11-20T20:40:00+01:00
run again --json
expect_rc 0 "again"
expect_eq "$(jqv .substance)" "alcohol"
expect_eq "$(jqv .beverage)" "beer"
expect_eq "$(jqv .amount)" "568"
expect_eq "$(jqv .abv)" "4.5"
expect_eq "$(jqv .with_whom)" "Sam"
expect_eq "$(jqv .cost)" "5"
expect_eq "$(jqv .reason)" "null" "the reason was the first one's own"
expect_eq "$(jqv .note)" "null"
expect_eq "$(jqv .at)" "2026-11-20T20:40:00+01:00"
run log --json
expect_rc 0
expect_eq "$(jqv 'length')" "3" "a new entry"

# Options change the copy; reminders come as after use.
export EBB_NOW=2026-11-20T21:00:00+01:00
run use heroin
expect_rc 0
export EBB_NOW=2026-11-20T21:20:00+01:00
run again --at "21:15" --route smoked
expect_rc 0
expect_contains "$OUT" "Logged heroin"
run log --json
expect_rc 0
expect_eq "$(jqv '.[0].route')" "smoked"
expect_eq "$(jqv '.[0].at')" "2026-11-20T21:15:00+01:00"

finish
