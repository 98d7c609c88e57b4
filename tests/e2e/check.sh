#!/usr/bin/env bash
# ebb check: exit codes, JSON, the repeat interval, --all, --notify, --discreet, and the notes
# printed right after ebb use / ebb urge.
. "$(dirname "$0")/lib.sh"

# Nothing logged: nothing to say.
run check --quiet
expect_rc 0 "check --quiet on an empty log"
expect_eq "$OUT" "" "--quiet prints nothing"
run check
expect_rc 0 "check on an empty log"
expect_eq "$OUT" "" "nothing to say"

# One entry, then nine quiet days: the invitation.
export EBB_NOW=2026-11-11T21:00:00+01:00
run use beer 1
expect_rc 0
export EBB_NOW=2026-11-20T10:00:00+01:00
run check --quiet
expect_rc 1 "check --quiet with something to say"
expect_eq "$OUT" "" "--quiet prints nothing"
run check --quiet
expect_rc 1 "--quiet leaves the reminder for the next check"
run check --json
expect_rc 0 "check --json"
expect_eq "$(jqv '.reminders | length')" "1"
expect_eq "$(jqv '.reminders[0].kind')" "quiet"
expect_eq "$(jqv '.reminders[0].id')" "quiet:2026-11-11"
expect_eq "$(jqv '.reminders[0].severity')" "info"
expect_contains "$(jqv '.reminders[0].text')" "Nothing logged for 8 days."
# A status bar polls --json: that is not showing, so the person's own check still has it.
run check --json
expect_rc 0
expect_eq "$(jqv '.reminders | length')" "1" "--json polled twice: still there"
run check --peek
expect_rc 0
expect_contains "$OUT" "Nothing logged for 8 days." "--peek shows"
run check --quiet
expect_rc 1 "--peek did not count as shown"
# A bar that shows the notes itself says so with --mark-shown.
run check --json --mark-shown
expect_rc 0
expect_eq "$(jqv '.reminders | length')" "1" "--mark-shown prints the same"

# Shown at 10:00; quiet at 15:00; shown again at 23:00 (repeat_hours 12).
export EBB_NOW=2026-11-20T15:00:00+01:00
run check
expect_rc 0
expect_eq "$OUT" "" "already shown 5 hours ago"
run check --quiet
expect_rc 0 "--quiet: nothing new"
export EBB_NOW=2026-11-20T23:00:00+01:00
run_ok check
expect_contains "$OUT" "Nothing logged for 9 days." "shown again after 12 hours"
run_ok check
expect_eq "$OUT" "" "and marked again"
run_ok check --all
expect_contains "$OUT" "Nothing logged for 9 days." "--all shows what was shown"

# repeat_hours from the config.
mkdir -p "$HOME/.config/ebb"
printf '[reminders]\nrepeat_hours = 1\n' >"$HOME/.config/ebb/config.toml"
export EBB_NOW=2026-11-21T00:30:00+01:00
run check --quiet
expect_rc 1 "repeat_hours = 1: due again after 90 minutes"
export EBB_NOW=2026-11-20T23:30:00+01:00
run check --quiet
expect_rc 0 "repeat_hours = 1: not yet after 30 minutes"
export EBB_NOW=2026-11-21T00:30:00+01:00

# --notify: a fake notify-send on PATH gets the text as one argument, never through a shell.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/notify-send" <<'SH'
#!/bin/sh
for a in "$@"; do printf '[%s]' "$a"; done >>"$NOTIFY_LOG"
echo >>"$NOTIFY_LOG"
SH
chmod +x "$WORK/bin/notify-send"
export NOTIFY_LOG=$WORK/notify.log
OUT=$(PATH="$WORK/bin:$PATH" "$EBB" check --notify --all 2>"$WORK/stderr"); RC=$?
expect_rc 0 "check --notify"
expect_eq "$OUT" "" "--notify prints nothing when notify-send is there"
expect_contains "$(cat "$NOTIFY_LOG")" "[--app-name=ebb][--][ebb][Nothing logged for 9 days." "notify-send args"
OUT=$(PATH="/nonexistent" "$EBB" check --notify --all 2>"$WORK/stderr"); RC=$?
expect_rc 0 "check --notify without notify-send"
expect_contains "$OUT" "Nothing logged for 9 days." "falls back to printing"

# Alcohol then an opioid within 12 hours: the dangerous combination note after the use.
rm -f "$HOME/.config/ebb/config.toml"
export EBB_NOW=2026-11-21T22:00:00+01:00
run use beer 2
expect_rc 0
expect_contains "$OUT" "Logged beer, 2 drinks" "confirmation: the beverage named"
expect_contains "$OUT" "Good to see you back after 10 days." "an entry after a gap"
run use heroin
expect_rc 0 "use heroin"
expect_contains "$OUT" "Logged heroin" "confirmation first"
expect_contains "$OUT" "Safety: You're mixing alcohol and heroin: alcohol and opioids together can slow breathing a lot. Keep naloxone within reach."
expect_eq "$(printf '%s\n' "$OUT" | head -1 | cut -c1-13)" "Logged heroin" "the confirmation comes first"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "2" "one note"
# Already shown after the use: check has nothing new; --all has it.
run check --quiet
expect_rc 0 "the note after use counts as shown"
run_ok check --all --json
expect_eq "$(jqv '.reminders[0].severity')" "dangerous"
expect_eq "$(jqv '.reminders[0].kind')" "safety"
expect_eq "$(jqv '.reminders[0].substance')" "alcohol + heroin"

# A dangerous note goes to notify-send as critical, with its lead word.
: >"$NOTIFY_LOG"
OUT=$(PATH="$WORK/bin:$PATH" "$EBB" check --notify --all 2>"$WORK/stderr"); RC=$?
expect_rc 0 "check --notify, a dangerous note"
expect_contains "$(cat "$NOTIFY_LOG")" "[--app-name=ebb][--urgency=critical][--][ebb][Safety: You're mixing alcohol and heroin"

# --json after use: one object on stdout, with the notes in "reminders".
run use xanax 1 --json
expect_rc 0 "use --json"
expect_eq "$(jqv .substance)" "alprazolam"
expect_eq "$(jqv '.reminders | length')" "2" "at most two notes"
expect_eq "$(jqv '.reminders[0].severity')" "dangerous"
expect_eq "$(jqv '[.reminders[].id] | map(startswith("combination:")) | all')" "true"

# Discreet: no substance named, in text or JSON fields; help lines when configured.
printf 'discreet = true\n[help_lines]\n"Overdose line" = "0800 000 000"\n' >"$HOME/.config/ebb/config.toml"
run check --all
expect_rc 0
expect_contains "$OUT" "Safety: You're mixing two things that together can slow breathing."
expect_eq "$(printf '%s\n' "$OUT" | grep -c "You're mixing two things")" "1" "the same discreet note once"
expect_contains "$OUT" "Help: Overdose line: 0800 000 000"
for word in alcohol heroin alprazolam opioid benzo naloxone; do
  expect_not_contains "$OUT" "$word" "discreet"
done
rm -f "$HOME/.config/ebb/config.toml"
run_ok check --all --discreet --json
expect_eq "$(jqv '[.reminders[].substance] | map(. == null) | all')" "true" "no substance in JSON"
run_ok check --all
expect_not_contains "$OUT" "Help:" "no help lines unless configured"

# An urge ridden out.
run urge 8 --rode-out --after 3
expect_rc 0
expect_contains "$OUT" "You rode out an urge at 8/10; it went down to 3/10."

# A weekly limit at three quarters or more, but not past it: one plain note, the week's total
# beside the plan (ebb(1), CHECK). 2026-11-16 is a Monday.
export EBB_DB=$WORK/week.db
printf '[alcohol]\nmax_per_week = 8\n' >"$WORK/week.toml"
EBB_NOW=2026-11-01T12:00:00+01:00 run_ok plan set "$WORK/week.toml"
export EBB_NOW=2026-11-18T21:30:00+01:00
run_ok use beer 3 --at "2026-11-16 20:00"
run_ok use beer 2 --at "2026-11-17 20:00" --json
expect_eq "$(jqv '[.reminders[] | select(.id | startswith("approaching:"))] | length')" "0" \
  "5 of 8: not close yet"
run_ok use beer 1 --at 20:00 --json
expect_eq "$(jqv '[.reminders[].id] | join(",")')" "approaching:week:2026-11-16:alcohol" \
  "6 of 8: the note comes with the entry that reached it"
run_ok check --all --json
expect_eq "$(jqv '[.reminders[] | select(.id == "approaching:week:2026-11-16:alcohol")] | .[0] |
  [.kind, .severity, .substance] | join(",")')" "plan,info,alcohol" "check has it too"
run_ok check --all
expect_contains "$OUT" "So far this week: 6 drinks"
expect_contains "$OUT" "8 drinks for the week"
run_ok check --all --discreet --json
expect_eq "$(jqv '[.reminders[] | select(.id | startswith("approaching:week:"))] | .[0] |
  (.substance == null and (.text | test("alcohol|drink") | not))')" "true" "discreet"
# Past the limit it is no longer approaching: the plan note says so instead.
run_ok use beer 3 --at 21:00 --json
expect_eq "$(jqv '[.reminders[] | select(.id | startswith("approaching:"))] | length')" "0" \
  "9 of 8: past it"
expect_contains "$(jqv '[.reminders[].id] | join(",")')" "plan:max_per_week:2026-11-18"
# A new week starts from nothing.
EBB_NOW=2026-11-23T21:30:00+01:00 run_ok check --all --json
expect_eq "$(jqv '[.reminders[] | select(.id | startswith("approaching:week"))] | length')" "0" \
  "a new week"

# check never needs a terminal or stdin.
OUT=$("$EBB" check --all </dev/null 2>&1); RC=$?
expect_rc 0 "check without stdin"

finish
