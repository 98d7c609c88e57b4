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
expect_rc 0
export EBB_NOW=2026-11-20T21:30:00+01:00

# A benzo now: the dangerous combination, and the exit code of check.
run check --with xanax 1 mg
expect_rc 0
expect_contains "$OUT" "If you used it now (alprazolam, 1 mg):" "names what it is about"
expect_contains "$OUT" "You're mixing alcohol and alprazolam: alcohol and benzos together can slow breathing and cause blackouts."
run check --with xanax 1mg --quiet
expect_rc 1 "--quiet with something to say"
expect_eq "$OUT" "" "--quiet prints nothing"
run check --with xanax --json
expect_rc 0
expect_eq "$(jqv '.with.substance')" "alprazolam"
expect_eq "$(jqv '.reminders[0].severity')" "dangerous"
expect_eq "$(jqv '.reminders[0].entry_ids[1]')" "what-if" "the entry that would be"
expect_eq "$(count)" "1" "nothing written"
# Nothing was marked as shown either: using it for real gives the note.
run use xanax 1 mg
expect_rc 0
expect_contains "$OUT" "alcohol and benzos together" "the note comes with the real use"
run undo
expect_rc 0 "undo the real use"

# Two more beers would go past the plan; the person's words come with it, once.
run check --with beer 2
expect_rc 0
expect_contains "$OUT" "Today went past your plan for alcohol (4 drinks, plan says 3 drinks)."
expect_contains "$OUT" "In your words: \"I want my Saturdays back.\""
run check --with beer 1
expect_rc 0
expect_not_contains "$OUT" "went past" "3 of 3 is not past the plan"
expect_eq "$(count)" "1" "nothing written"

# Discreet: names nothing, in the header either.
run check --with xanax --discreet
expect_rc 0
expect_contains "$OUT" "If you used it now:"
expect_not_contains "$OUT" "alprazolam"
expect_not_contains "$OUT" "benzo"

# Redosing: MDMA an hour ago, more now would come before the first has kicked in.
export EBB_NOW=2026-11-22T23:00:00+01:00
run use mdma 100mg --at "2026-11-22 22:40"
expect_rc 0
run check --with mdma 50mg
expect_rc 0
expect_contains "$OUT" "You've had two doses of mdma within 20 minutes; the first may not have peaked yet."

# Tolerance: heroin ten days after the last opioid.
export EBB_NOW=2026-11-10T20:00:00+01:00
run use heroin --at "2026-11-10 20:00"
expect_rc 0
export EBB_NOW=2026-11-22T23:30:00+01:00
run check --with heroin
expect_rc 0
expect_contains "$OUT" "It's been 12 days without opioids, and tolerance drops fast in a break."
expect_contains "$OUT" "A much smaller amount than before is safer."

# Standing medications: sertraline in the config, tramadol asked about, nothing logged today.
mkdir -p "$HOME/.config/ebb"
printf '[medications]\nsertraline = "50 mg daily"\n' >"$HOME/.config/ebb/config.toml"
export EBB_NOW=2026-11-24T12:00:00+01:00
run check --with tramadol 50 mg
expect_rc 0
expect_contains "$OUT" "Sertraline is one of your medications. Tramadol with an SSRI can cause serotonin syndrome or a seizure."
run check --with tramadol --json
expect_rc 0
expect_eq "$(jqv '.reminders[0].id')" "medication:sertraline:what-if"
expect_eq "$(jqv '.reminders[0].severity')" "dangerous"
# A medication is never a use: nothing logged, no use days, nothing in the log.
run check --quiet
expect_rc 0 "the medication alone says nothing"
run review --json
expect_rc 0
expect_eq "$(jqv '[.days[] | select(.uses > 0)] | length')" "0" "no use days from a medication"
run substances --medications
expect_rc 0
expect_contains "$OUT" "sertraline"
expect_contains "$OUT" "50 mg daily"
expect_contains "$OUT" "tramadol"
run substances --medications --json
expect_rc 0
expect_eq "$(jqv '.[0].class')" "ssri"
# After the real use, the note comes with the confirmation.
run use tramadol 50 mg
expect_rc 0
expect_contains "$OUT" "Tramadol with an SSRI"
run undo
expect_rc 0
# A medication ebb doesn't know is an error with its place, not a silent gap.
printf '[medications]\nsetraline = "50 mg"\n' >"$HOME/.config/ebb/config.toml"
run check --with tramadol
expect_rc 2 "an unknown medication"
expect_contains "$ERR" "config.toml:2:1: ebb doesn't know the medication \"setraline\" (did you mean sertraline?)"
rm "$HOME/.config/ebb/config.toml"
run substances --medications
expect_rc 1 "no medications configured"
expect_contains "$ERR" "[medications]"

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
