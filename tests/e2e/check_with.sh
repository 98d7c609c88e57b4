#!/usr/bin/env bash
# ebb check --with SUBSTANCE [AMOUNT [UNIT]]: the notes logging it now would give (combination,
# tolerance, redose, plan), with nothing written: no entry, nothing marked as shown.
. "$(dirname "$0")/lib.sh"

# count: how many entries the log holds.
count() { "$EBB" log --json --all 2>/dev/null | jq length; }

# An empty log: nothing to note, exit 0; --quiet exits 0 too.
run check --with weed
expect_rc 0 "what-if on an empty log"
expect_contains "$OUT" "Nothing in your log or plan to note if you used it now (cannabis)."
run check --with weed --quiet
expect_rc 0 "--quiet: nothing to say"
expect_eq "$(count)" "0" "nothing written"

# A plan: 3 drinks a day. Friday evening: 2 beers at 20:00.
printf 'why = "I want my Saturdays back."\n[alcohol]\nmax_per_day = 3\n' >"$WORK/plan.toml"
EBB_NOW=2026-11-16T09:00:00+01:00 run plan set "$WORK/plan.toml"
expect_rc 0 "plan set"
export EBB_NOW=2026-11-20T20:00:00+01:00
run use beer 2
export EBB_NOW=2026-11-20T21:30:00+01:00

# A benzo now: the dangerous combination, and the exit code of check.
run check --with xanax 1 mg
expect_rc 0
expect_contains "$OUT" "If you used it now (alprazolam, 1 mg):" "names what it is about"
expect_contains "$OUT" "Alcohol and benzos together can slow breathing and cause blackouts."
run check --with xanax 1mg --quiet
expect_rc 1 "--quiet with something to say"
expect_eq "$OUT" "" "--quiet prints nothing"
run check --with xanax --json
expect_eq "$(jqv '.with.substance')" "alprazolam"
expect_eq "$(jqv '.reminders[0].severity')" "dangerous"
expect_eq "$(jqv '.reminders[0].entry_ids[1]')" "what-if" "the entry that would be"
expect_eq "$(count)" "1" "nothing written"
# Nothing was marked as shown either: using it for real gives the note.
run use xanax 1 mg
expect_contains "$OUT" "Alcohol and benzos together" "the note comes with the real use"
run undo
expect_rc 0 "undo the real use"

# Two more beers would go past the plan; the person's words come with it, once.
run check --with beer 2
expect_contains "$OUT" "Today went past your plan for alcohol (4 drinks, plan says 3 drinks)."
expect_contains "$OUT" "In your words: \"I want my Saturdays back.\""
run check --with beer 1
expect_not_contains "$OUT" "went past" "3 of 3 is not past the plan"
expect_eq "$(count)" "1" "nothing written"

# Discreet: names nothing, in the header either.
run check --with xanax --discreet
expect_contains "$OUT" "If you used it now:"
expect_not_contains "$OUT" "alprazolam"
expect_not_contains "$OUT" "benzo"

# Redosing: MDMA an hour ago, more now would come before the first has kicked in.
export EBB_NOW=2026-11-22T23:00:00+01:00
run use mdma 100mg --at "2026-11-22 22:40"
run check --with mdma 50mg
expect_contains "$OUT" "Your last mdma was 20 minutes ago"

# Tolerance: heroin ten days after the last opioid.
export EBB_NOW=2026-11-10T20:00:00+01:00
run use heroin --at "2026-11-10 20:00"
export EBB_NOW=2026-11-22T23:30:00+01:00
run check --with heroin
expect_contains "$OUT" "It's been 12 days since you last logged opioids."
expect_contains "$OUT" "Don't use alone, and keep naloxone near."

# Bad input: exit 2, named, nothing written.
run check --with heroine
expect_rc 2 "a near miss"
expect_contains "$ERR" "Did you mean heroin?"
run check --with heroine --new
expect_rc 0 "--new takes it as a new name"
run check --with beer lots
expect_rc 2 "an amount that isn't one"
run check --with beer --mark-shown
expect_rc 2 "--mark-shown with --with"
expect_eq "$(count)" "3" "nothing written by any what-if"

finish
