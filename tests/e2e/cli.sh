#!/usr/bin/env bash
# The command line around the commands: bare ebb, substances, where the config comes from,
# a bad TZ or EBB_NOW, colour and the locale, every field of use, urge and mood set and
# cleared again with edit --clear, and every standard_drink size counted end to end.
. "$(dirname "$0")/lib.sh"

# --- bare ebb and substances: no database needed, none created --------------------------------

run_ok
expect_contains "$OUT" "Commands:" "bare ebb shows the commands"
for cmd in use urge mood none log edit rm undo plan review trends check report export import \
  substances help; do
  expect_contains "$OUT" "  $cmd " "bare ebb lists $cmd"
done
expect_contains "$OUT" "ebb help COMMAND shows what a command takes" "bare ebb says where to go next"
run_ok substances
expect_contains "$OUT" "also known as" "substances: a table"
expect_contains "$(printf '%s\n' "$OUT" | grep '^alcohol ')" "beer" "beer is a name for alcohol"
expect_contains "$OUT" "Any other name works too"
run_ok substances --json
expect_eq "$(jqv '.[] | select(.name == "alcohol") | .usual_unit')" "drink"
expect_eq "$(jqv '[.[] | select(.aliases | index("weed"))] | .[0].name')" "cannabis" "weed"
expect_eq "$(jqv '.[] | select(.name == "tramadol") | [.class, (.groups | join(","))] | join(" ")')" \
  "opioid tramadol" "tramadol: an opioid with a group of its own"
expect_eq "$(jqv '[.[] | .name] | length == (unique | length)')" "true" "each name once"
CHECKS=$((CHECKS + 1))
[ ! -e "$DB" ] || fail "bare ebb or substances created the database"

# --- fields: every flag of use, urge and mood, and --clear for each field ----------------------

run_ok use alcohol 500ml --abv 5.5 --where "Sam's flat" --untested --route oral --cost 4.5 \
  --reason "the game" --mood-before 6 --with Sam --note n --tag t1,t2 --json
expect_eq "$(jqv '[.amount, .unit, .abv, .where, .tested, .route, .cost, .reason,
  .mood_before, .with_whom, .alone, .note, (.tags | join("+"))] | map(tostring) | join("|")')" \
  "500|ml|5.5|Sam's flat|false|oral|4.5|the game|6|Sam|false|n|t1+t2" "use with --where, --abv, --untested"
USE=$(jqv .id)
run_ok use beer 500ml --abv 7.2 --json
expect_eq "$(jqv .abv)" "7.2" "--abv wins over the usual strength"
for bad in "--abv 0.0.1" "--abv -1" "--abv 101" "--tested --untested"; do
  # shellcheck disable=SC2086
  run use beer 1 $bad
  expect_rc 2 "use beer 1 $bad"
done

run_ok urge 7 --substance alcohol --used --trigger payday --feeling restless --wanted fun \
  --minutes 15 --after 4 --note u --tag tu --json
expect_eq "$(jqv '[.intensity, .outcome, .substance, .trigger, .feeling, .wanted, .minutes,
  .intensity_after, .note] | map(tostring) | join("|")')" "7|used|alcohol|payday|restless|fun|15|4|u" \
  "urge --used"
URGE=$(jqv .id)
run urge 7 --used --rode-out
expect_rc 2 "--used and --rode-out together"
run_ok mood 6 --feel "calm, tired" --energy 3 --note m --tag tm --json
MOOD=$(jqv .id)

# clear ID FIELD JQ WANT: edit --clear FIELD empties the field (JQ reads it back as WANT).
clear() {
  run_ok edit "$1" --clear "$2" --json
  expect_eq "$(jqv "$3")" "$4" "edit --clear $2"
}
clear "$USE" amount '[.amount, .unit] | map(tostring) | join(",")' "null,null"
clear "$USE" abv .abv null
clear "$USE" route .route null
clear "$USE" where .where null
clear "$USE" with '[.with_whom, .alone] | map(tostring) | join(",")' "null,null"
run_ok edit "$USE" --alone
clear "$USE" alone .alone null
clear "$USE" cost .cost null
clear "$USE" reason .reason null
clear "$USE" tested .tested null
clear "$USE" mood-before .mood_before null
clear "$USE" note .note null
clear "$USE" tags '.tags | length' 0
expect_eq "$(jqv '[.substance, .kind, .at] | join(",")')" "alcohol,use,2026-11-20T21:30:00+01:00" \
  "clearing the details keeps what, kind and when"
clear "$URGE" substance .substance null
clear "$URGE" trigger .trigger null
clear "$URGE" feeling .feeling null
clear "$URGE" wanted .wanted null
clear "$URGE" outcome '[.outcome, .outcome_note] | map(tostring) | join(",")' "null,null"
run_ok edit "$URGE" --other "went for a run"
clear "$URGE" outcome '[.outcome, .outcome_note] | map(tostring) | join(",")' "null,null"
clear "$URGE" minutes .minutes null
clear "$URGE" after .intensity_after null
clear "$URGE" note .note null
clear "$URGE" tags '.tags | length' 0
expect_eq "$(jqv .intensity)" "7" "the intensity stays"
clear "$MOOD" feel '.feelings | length' 0
clear "$MOOD" energy .energy null
clear "$MOOD" note .note null
clear "$MOOD" tags '.tags | length' 0
expect_eq "$(jqv .score)" "6" "the score stays"
# Several at once, and a field the entry's kind doesn't have: refused, nothing changes.
run_ok edit "$MOOD" --feel ok --energy 5
run_ok edit "$MOOD" --clear feel energy --json
expect_eq "$(jqv '[(.feelings | length), .energy] | map(tostring) | join(",")')" "0,null" "two fields"
run_ok edit "$MOOD" --energy 5
for wrong in "$MOOD route" "$MOOD trigger" "$URGE abv" "$URGE feel" "$USE outcome" "$USE energy"; do
  set -- $wrong
  run edit "$1" --clear "$2"
  expect_rc 2 "--clear $2 on the wrong kind"
  expect_contains "$ERR" "Nothing was changed"
done
run edit "$MOOD" --clear nonsense
expect_rc 2 "--clear of a field that doesn't exist"
run_ok log --json --kind mood
expect_eq "$(jqv '.[0].energy')" "5" "refused edits changed nothing"

# --- where the config comes from: --config, then EBB_CONFIG, then XDG_CONFIG_HOME -------------

# A setting that is not a setting names the file it is in, so it shows which file was read.
mkdir -p "$WORK/xdg/ebb" "$HOME/.config/ebb"
for f in "$WORK/flag.toml" "$WORK/env.toml" "$WORK/xdg/ebb/config.toml" "$HOME/.config/ebb/config.toml"; do
  printf 'marker = 1\n' >"$f"
done
run --config "$WORK/flag.toml" log
expect_rc 2 "a config with an unknown setting"
expect_contains "$ERR" "$WORK/flag.toml:1:" "--config"
EBB_CONFIG=$WORK/env.toml run --config "$WORK/flag.toml" log
expect_rc 2
expect_contains "$ERR" "$WORK/flag.toml:1:" "--config wins over EBB_CONFIG"
EBB_CONFIG=$WORK/env.toml XDG_CONFIG_HOME=$WORK/xdg run log
expect_rc 2
expect_contains "$ERR" "$WORK/env.toml:1:" "EBB_CONFIG wins over XDG_CONFIG_HOME"
XDG_CONFIG_HOME=$WORK/xdg run log
expect_rc 2
expect_contains "$ERR" "$WORK/xdg/ebb/config.toml:1:" "XDG_CONFIG_HOME"
run log
expect_rc 2
expect_contains "$ERR" "$HOME/.config/ebb/config.toml:1:" "~/.config without XDG_CONFIG_HOME"
rm "$HOME/.config/ebb/config.toml"
run_ok log --limit 1
XDG_CONFIG_HOME=$WORK/nowhere run_ok log --limit 1  # the default file may be missing
run --config "$WORK/missing.toml" log
expect_rc 2 "--config names a file that must exist"
expect_contains "$ERR" "$WORK/missing.toml"
EBB_CONFIG=$WORK/missing.toml run log
expect_rc 2 "EBB_CONFIG names a file that must exist"
# And a setting from it takes effect: quiet_days = 1 invites after a day without entries.
printf '[reminders]\nquiet_days = 1\n' >"$WORK/quiet.toml"
EBB_NOW=2026-11-22T21:30:00+01:00 run_ok check --json
expect_eq "$(jqv '[.reminders[] | select(.kind == "quiet")] | length')" "0" "default quiet_days 4"
EBB_NOW=2026-11-22T21:30:00+01:00 EBB_CONFIG=$WORK/quiet.toml run_ok check --json
expect_eq "$(jqv '[.reminders[] | select(.kind == "quiet")] | length')" "1" "quiet_days from the config"

# --- TZ and EBB_NOW ----------------------------------------------------------------------------

SUM=$(sha256sum "$DB")
TZ=Mars/Olympus run use alcohol 1
expect_rc 2 "an unknown TZ"
expect_contains "$ERR" "Mars/Olympus"
expect_contains "$ERR" "Europe/Berlin"
EBB_NOW="yesterday" run use alcohol 1
expect_rc 2 "EBB_NOW that is not RFC 3339"
expect_contains "$ERR" "EBB_NOW"
EBB_NOW="2026-11-20T21:30:00" run log
expect_rc 2 "EBB_NOW without an offset"
expect_eq "$(sha256sum "$DB")" "$SUM" "nothing written with a bad TZ or EBB_NOW"
TZ=:Europe/Berlin run_ok log --limit 1  # POSIX's leading colon
TZ=America/New_York run_ok use alcohol 1 --at 15:00 --json
expect_eq "$(jqv '[.zone, .at] | join(" ")')" "America/New_York 2026-11-20T15:00:00-05:00" \
  "TZ is the zone of a new entry"
TZ=America/New_York run_ok undo

# --- colour and the locale ---------------------------------------------------------------------

ESC=$'\e['
run_ok --color always substances
expect_contains "$OUT" "$ESC" "--color always"
NO_COLOR=1 run_ok --color always substances
expect_contains "$OUT" "$ESC" "--color always wins over NO_COLOR"
run_ok --color never substances
expect_not_contains "$OUT" "$ESC" "--color never"
run_ok substances
expect_not_contains "$OUT" "$ESC" "auto: no colour when output is not a terminal"
run --color sometimes substances
expect_rc 2 "--color takes auto, always or never"
# At a terminal: colour, unless NO_COLOR, TERM=dumb or --color never.
PTY=$(dirname "$0")/pty_run.py
at_terminal() { OUT=$(env "$@" python3 "$PTY" -- "$EBB" substances); }
at_terminal TERM=xterm
expect_contains "$OUT" "exit: 0"
expect_contains "$OUT" "$ESC" "auto: colour at a terminal"
at_terminal TERM=xterm NO_COLOR=1
expect_not_contains "$OUT" "$ESC" "NO_COLOR at a terminal"
at_terminal TERM=dumb
expect_not_contains "$OUT" "$ESC" "TERM=dumb at a terminal"
OUT=$(TERM=xterm python3 "$PTY" -- "$EBB" --color never substances)
expect_not_contains "$OUT" "$ESC" "--color never at a terminal"

for d in 10 12 14 16 18; do run_ok use beer 2 --at "2026-11-$d 20:00"; done
non_ascii() { printf '%s' "$1" | LC_ALL=C grep -c $'[\x80-\xff]'; }
run_ok trends 14d
CHECKS=$((CHECKS + 1))
[ "$(non_ascii "$OUT")" -gt 0 ] || fail "charts in a UTF-8 locale use block characters"
LANG=C run_ok trends 14d
expect_eq "$(non_ascii "$OUT")" "0" "LANG=C: charts in plain ASCII"
LC_ALL=C run_ok trends 14d
expect_eq "$(non_ascii "$OUT")" "0" "LC_ALL=C wins over LANG"
LANG=C LC_CTYPE=C.UTF-8 run_ok trends 14d
CHECKS=$((CHECKS + 1))
[ "$(non_ascii "$OUT")" -gt 0 ] || fail "LC_CTYPE=UTF-8 wins over LANG=C"
run_ok trends 14d --ascii
expect_eq "$(non_ascii "$OUT")" "0" "--ascii"

# --- every standard_drink size, counted end to end ----------------------------------------------

# 500 ml of wine at 12% holds 500 x 0.12 x 0.789 = 47.34 g of ethanol.
export EBB_DB=$WORK/drinks.db
run_ok use wine 500ml --abv 12 --at 20:00
for size in us:3.38 uk:5.92 who:4.73 ie:4.73 ireland:4.73 australia:4.73 au:4.73 canada:3.52 ca:3.52 \
  12:3.95; do
  name=${size%%:*}
  case $name in [0-9]*) value=$name ;; *) value="\"$name\"" ;; esac
  printf 'standard_drink = %s\n' "$value" >"$WORK/drink.toml"
  run_ok --config "$WORK/drink.toml" review today --json
  expect_eq "$(jqv '.substances[] | select(.name == "alcohol") | .total * 100 | round / 100')" \
    "${size#*:}" "standard_drink = $value"
done

# An option the command doesn't have: named, with the one it most likely meant.
export EBB_DB=$WORK/typo.db
run mood 5 --feeling tired
expect_rc 2 "a mistyped option"
expect_contains "$ERR" "ebb mood has no option --feeling; did you mean --feel?"
expect_contains "$ERR" "Nothing was saved."
run use beer 1 --amout=2
expect_rc 2
expect_contains "$ERR" "ebb use has no option --amout."
run use beer 1 --zzzzzzzz
expect_rc 2
expect_contains "$ERR" "ebb use has no option --zzzzzzzz."
run review --josn
expect_rc 2
expect_contains "$ERR" "did you mean --json?" "a global option is suggested too"
[ ! -e "$EBB_DB" ] || fail "nothing was written for a mistyped option"

finish
