#!/usr/bin/env bash
# Four weeks of a life in Berlin (issue 14): someone who drinks to sleep, smokes with friends
# at weekends, has one risky night (drinks, untested coke, then a Xanax alone to sleep), rides
# out urges and meets them another way, writes their own alternatives and a decisional balance,
# and changes the plan once. Then they look back: what use did for them (meanings), how the
# balance moved (plan history --diff), the risky night in order (replay), and a review that
# quotes one good thing about changing once a day.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/plan1.toml" <<'PLAN'
why = "I want to wake up rested and climb on Sundays."
when_urge = "Wait 20 minutes, make tea."
[alcohol]
max_per_day = 3
days_off = ["mon", "tue"]
[alternatives]
sleep = ["podcast", "magnesium tea"]
"wind down" = "a bath"
[balance]
good_about_using = ["I fall asleep fast", "fun with the crew"]
not_so_good_about_using = ["foggy mornings", "the money"]
good_about_changing = ["more energy for climbing"]
costs_of_changing = ["lying awake", "missing nights out"]
PLAN
at() {
  EBB_NOW=$1 run "${@:2}"
  expect_rc 0 "$*"
}

at 2026-11-02T23:00:00+01:00 use wine 2 glasses --reason "to sleep"
at 2026-11-03T09:00:00+01:00 plan set "$WORK/plan1.toml"
at 2026-11-03T23:10:00+01:00 urge 6 --substance alcohol --wanted "sleep" --trigger "lying awake" \
  --feeling restless
expect_contains "$OUT" 'Your own ideas for "sleep": "podcast", "magnesium tea".' \
  "an open urge that wants sleep gets the person's own ideas"
expect_contains "$OUT" 'Your plan for urges' "their when_urge comes too"
at 2026-11-03T23:40:00+01:00 urge 5 --substance alcohol --wanted "to sleep"
expect_not_contains "$OUT" "Your own ideas" "offered once, not again the same night"
at 2026-11-04T23:00:00+01:00 use beer 2 --reason "help me sleep"
at 2026-11-05T23:00:00+01:00 urge 7 --substance alcohol --wanted "sleep" --other "podcast" --after 3
expect_not_contains "$OUT" "Your own ideas" "not after an urge already met another way"
at 2026-11-06T21:00:00+01:00 use weed 0.3 g --route smoked --with "Jo and Kim" --reason "with friends"
# The risky night: Saturday 7 November into Sunday morning.
at 2026-11-07T20:00:00+01:00 mood 7 --feel excited
at 2026-11-07T21:00:00+01:00 use beer 3 --with Jo --where "Kim's place" --reason "fun"
at 2026-11-07T23:30:00+01:00 use cocaine 0.2 g --untested --with Jo --reason "to keep going" --json
COKE=$(jqv .id)
at 2026-11-08T01:00:00+01:00 use vodka 3 shots --with Jo
at 2026-11-08T03:00:00+01:00 use xanax 1 mg --alone --reason "to sleep" --note "couldn't come down"
expect_contains "$OUT" "Safety:" "the dangerous mix is said at once"
at 2026-11-08T13:00:00+01:00 mood 3 --feel anxious,tired --note "don't remember getting home"
at 2026-11-09T20:00:00+01:00 none
at 2026-11-10T22:30:00+01:00 urge 8 --substance alcohol --wanted "to wind down" --trigger work \
  --rode-out --after 2
at 2026-11-11T23:00:00+01:00 use wine 2 glasses --reason "sleep"
at 2026-11-13T21:00:00+01:00 use weed 0.3 g --with friends --reason "friends"

# The plan changes once: the balance moves, an idea is added, the day limit goes down.
sed -e 's/^max_per_day = 3/max_per_day = 2/' \
  -e 's/^good_about_changing = .*/good_about_changing = ["more energy for climbing", "remembering my weekends"]/' \
  -e 's/^costs_of_changing = .*/costs_of_changing = ["lying awake"]/' \
  -e 's/^"wind down" = .*/"wind down" = "a bath"\ncompany = ["call Mia"]/' \
  "$WORK/plan1.toml" > "$WORK/plan2.toml"
at 2026-11-14T10:00:00+01:00 plan set "$WORK/plan2.toml"
at 2026-11-16T23:30:00+01:00 urge 6 --substance alcohol --wanted "can't sleep" --feeling restless
expect_contains "$OUT" 'Your own ideas for "sleep"' "a day later the ideas come again"
at 2026-11-17T23:00:00+01:00 use beer 1 --reason "to sleep"
at 2026-11-20T21:00:00+01:00 use weed 0.3 g --with "Jo and Kim" --reason "with friends"
at 2026-11-21T22:00:00+01:00 use beer 2 --with Jo --reason "fun"
at 2026-11-22T20:00:00+01:00 urge 5 --wanted company --trigger "quiet flat"
expect_contains "$OUT" 'Your own ideas for "company": "call Mia".' "an urge for no substance too"
at 2026-11-24T23:00:00+01:00 urge 6 --substance alcohol --wanted sleep --other "magnesium tea" --after 2
at 2026-11-27T22:00:00+01:00 mood 6 --feel calm

export EBB_NOW=2026-11-29T11:00:00+01:00

# --- what use did for them ------------------------------------------------------------------
run meanings
expect_rc 0 "meanings"
printf '%s\n' "$OUT" > "$WORK/meanings.txt"
expect_contains "$OUT" "What use did for you, last 30 days, 2026-10-31 to 2026-11-29"
expect_contains "$OUT" "alcohol: 7 uses (6 with a reason), 6 urges"
expect_contains "$OUT" '  sleep (4 uses, 5 urges): "sleep" ×4, "to sleep" ×3, "help me sleep", "can'"'"'t sleep"'
expect_contains "$OUT" 'the urges: 2 met another way ("podcast", "magnesium tea")'
expect_contains "$OUT" 'your ideas for instead: "podcast", "magnesium tea"'
expect_contains "$OUT" '  wind down (1 urge): "to wind down"'
expect_contains "$OUT" 'What set urges off: "lying awake"; "work"'
expect_contains "$OUT" 'cannabis: 3 uses'
expect_contains "$OUT" '  friends (3 uses): "with friends" ×2, "friends"'
expect_contains "$OUT" 'alprazolam: 1 use
  sleep (1 use): "to sleep"'
expect_contains "$OUT" 'Urges for no substance named: 1 urge'
expect_contains "$OUT" 'your ideas for instead: "call Mia"'
expect_contains "$OUT" "Phrases count together when their words match"
run meanings --substance cannabis
expect_rc 0
expect_not_contains "$OUT" "alcohol:" "--substance keeps to one"
expect_contains "$OUT" "cannabis: 3 uses"
expect_contains "$OUT" 'Your other ideas for instead: sleep: "podcast", "magnesium tea"'
run meanings --json
expect_rc 0 "meanings --json"
expect_eq "$(jqv '.map.substances[0].substance')" "alcohol"
expect_eq "$(jqv '.map.substances[0].meanings[0].key')" "sleep"
expect_eq "$(jqv '.map.substances[0].meanings[0].other')" "2"
expect_eq "$(jqv '.map.substances[0].meanings[0].alternatives | join(",")')" "podcast,magnesium tea"
expect_eq "$(jqv '.map.substances[-1].substance')" "null" "the urge for no substance comes last"
run meanings blursday
expect_rc 2 "a period ebb can't read"

# --- how the balance moved ------------------------------------------------------------------
run plan history --diff
expect_rc 0 "plan history --diff"
printf '%s\n' "$OUT" > "$WORK/history.txt"
expect_contains "$OUT" "Version 2 (saved 2026-11-14T10:00:00+01:00), beside version 1:"
expect_contains "$OUT" '  Good things about changing:
    + "remembering my weekends"'
expect_contains "$OUT" '  What changing would cost:
    - "missing nights out"'
expect_contains "$OUT" '    + "company: call Mia"'
expect_contains "$OUT" '    - alcohol: up to 3 drinks a day'
expect_not_contains "$OUT" "Good things about using as now:" "what didn't move isn't listed"
run plan history --diff --json
expect_rc 0
expect_eq "$(jqv '.[1].from')" "1"
expect_eq "$(jqv '.[1].changes[0].part')" "good_about_changing"
expect_eq "$(jqv '.[0].changes | length')" "0" "the first version has nothing before it"
run plan
expect_rc 0
expect_contains "$OUT" 'Good things about changing: "more energy for climbing", "remembering my weekends"'
printf 'why = "x"\n[balance]\ngood_about_changin = ["y"]\n' > "$WORK/bad.toml"
run plan set "$WORK/bad.toml"
expect_rc 2 "a misspelt balance key"
expect_contains "$ERR" ':3:1: ebb doesn'"'"'t know the key "good_about_changin" in [balance]. Did you mean "good_about_changing"?'
run plan history
expect_rc 0
expect_contains "$OUT" "2        2026-11-14" "nothing saved by the bad plan"
expect_not_contains "$OUT" "3        2026" "no third version"

# --- the risky night, in order --------------------------------------------------------------
run replay 2026-11-07
expect_rc 0 "replay a date"
printf '%s\n' "$OUT" > "$WORK/replay.txt"
expect_contains "$OUT" "Replay: Saturday 2026-11-07 (your day runs from 04:00 to 04:00 the next morning)"
expect_contains "$OUT" "20:00  mood 7/10: excited"
expect_contains "$OUT" "21:00  beer, 3 drinks"
expect_contains "$OUT" '│ at "Kim'"'"'s place", with "Jo"'
expect_contains "$OUT" '│ for "fun"'
expect_contains "$OUT" "03:00 (Sun)  alprazolam, 1 mg"
expect_contains "$OUT" '│ note: "couldn'"'"'t come down"'
expect_not_contains "$OUT" "13:00" "Sunday afternoon is Sunday's"
run replay sat --json
expect_rc 0
expect_eq "$(jqv '.day')" "2026-11-28" "sat is the most recent Saturday"
run replay 2026-11-07 --json
expect_rc 0
expect_eq "$(jqv '.entries | length')" "5"
SAFETY=$(jqv '[.safety[] | select(.severity == "dangerous")] | length')
[ "$SAFETY" -ge 1 ] || fail "replay names the dangerous mix as review does"
# One computation: review lists the same safety notes for that day.
REPLAY_IDS=$(jqv '[.safety[].id] | sort | join(" ")')
run review 2026-11-07 --json
expect_rc 0
expect_eq "$(jqv '[.safety[].id] | sort | join(" ")')" "$REPLAY_IDS" "review and replay agree"
run replay --occasion "${COKE: -7}"
expect_rc 0 "replay an occasion"
expect_contains "$OUT" "Replay of an occasion: Saturday 2026-11-07 18:00 to 2026-11-08 06:00"
expect_contains "$OUT" "23:30  cocaine, 0.2 g"
expect_contains "$OUT" "│ with \"Jo\", not tested"
expect_not_contains "$OUT" "13:00" "the afternoon after is not part of the occasion"
run replay week
expect_rc 2 "a week is not one day"
expect_contains "$ERR" "Replay looks at one day"
run replay 2026-12-05
expect_rc 2 "a day still ahead"
run replay 2026-11-25
expect_rc 0
expect_contains "$OUT" "Nothing logged on this day."
run replay sat --occasion "${COKE: -7}"
expect_rc 2 "a day and an occasion"

# --- review quotes one good thing about changing, once a day ---------------------------------
run review
expect_rc 0
printf '%s\n' "$OUT" > "$WORK/review.txt"
expect_contains "$OUT" "  A good thing about changing, as you wrote it:"
run review
expect_rc 0
expect_not_contains "$OUT" "A good thing about changing" "once a day"
EBB_NOW=2026-11-30T10:00:00+01:00 run review
expect_rc 0
expect_contains "$OUT" "A good thing about changing" "the next day again"

# Every line a person reads here follows VOICE.md.
for f in meanings history replay review; do
  if grep -niwE "addict|abuse|relapse|clean|dirty|failure|should|must|binge|wasted|streak" \
    "$WORK/$f.txt"; then
    fail "avoided words in $f"
  fi
done
[ -n "${KEEP_OUT:-}" ] && cp "$WORK"/*.txt "$KEEP_OUT"/
finish
