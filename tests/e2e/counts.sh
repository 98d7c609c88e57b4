#!/usr/bin/env bash
# Counts a person can trust (issue 12), with a fixed clock: drinks by the container count
# against the plan, days before the first entry are not days off, review and report give the
# same numbers, near-miss names are asked about and nothing is saved.
. "$(dirname "$0")/lib.sh"

count() { sqlite3 "$DB" "SELECT count(*) FROM entries"; }

# --- 6 pints against a 4-drink plan -------------------------------------------------------
mkdir -p "$HOME/.config/ebb"
CONFIG=$HOME/.config/ebb/config.toml
printf 'country = "uk"\n' > "$CONFIG"
printf '[alcohol]\nmax_per_day = 4\n' > "$WORK/plan.toml"
EBB_NOW=2026-11-01T12:00:00+01:00 run plan set "$WORK/plan.toml"
expect_rc 0 "plan"
run use beer 6 pints --at "20:00"
expect_rc 0 "six pints"
expect_contains "$OUT" "Logged beer, 6 pints at 5% (UK pint 568 ml: 16.8 drinks)" \
  "what was assumed, and what it counts as"
run review today --json
expect_eq "$(jqv '.days[0].within_plan')" "false" "6 pints is outside a 4-drink plan"
expect_eq "$(jqv '.days[0].findings[0].rule')" "max_per_day"
expect_eq "$(jqv '.days[0].findings[0].actual')" "16.81 drinks"
run check --all
expect_contains "$OUT" "Today went past your plan for alcohol" "check says so too"
run log --json
expect_eq "$(jqv '.[0].beverage')" "beer" "the beverage is kept"
expect_eq "$(jqv '.[0].substance')" "alcohol"
run log
expect_contains "$OUT" "beer, 6 pints at 5%" "the log shows the beverage"

# Alcohol with a container and no strength can't be counted: said, never silently within.
run use alcohol 2 pints --at "21:00" --note "no idea how strong"
expect_contains "$OUT" "no strength known" "the confirmation says it"
run review today
expect_contains "$OUT" "alcohol: 1 use couldn't be counted in drinks" "review names it"
run calendar --json
expect_eq "$(jqv '.days[19].uses')" "2"
run report today
expect_contains "$OUT" "alcohol: 1 use couldn't be counted in drinks" "report names it"
# --abv makes it count (ml amounts with --abv too: presets will rely on it).
run use alcohol 568 ml --abv 4.5 --at "21:10"
expect_contains "$OUT" "(2.5 drinks)" "568 ml at 4.5%, in UK standard drinks"

# --- typos are asked about, nothing is saved ---------------------------------------------
BEFORE=$(count)
for pair in "heroine:heroin" "alchohol:alcohol" "cocain:cocaine" "oxycodon:oxycodone" \
            "ketamin:ketamine" "bier:beer"; do
  typed=${pair%%:*} meant=${pair##*:}
  run use "$typed" 10mg
  expect_rc 2 "$typed refused"
  expect_contains "$ERR" "Did you mean $meant?" "$typed"
  expect_contains "$ERR" "--new" "$typed: the way to keep it"
done
run urge 6 --substance heroine
expect_rc 2 "urge with a typo"
expect_eq "$(count)" "$BEFORE" "nothing saved"
run use heroine 10mg --new
expect_rc 0 "--new keeps it"
run use "blue lotus" 2 cups
expect_rc 0 "far-off names are kept as before"
run substances --unknown --json
expect_eq "$(jqv '[.[].name] | join(",")')" "blue lotus,heroine" "unknown names listed"
run edit "$(sqlite3 "$DB" "SELECT id FROM entries WHERE substance = 'heroine'")" --substance heroin
expect_rc 0 "renamed"
run substances --unknown
expect_not_contains "$OUT" "heroine"

# A substance of the person's own gets every note.
printf 'country = "uk"\n[substances.moonrocks]\nclass = "cannabinoid"\naliases = ["rocks"]\nunit = "g"\n' \
  > "$CONFIG"
run use rocks 0.5
expect_rc 0 "own alias"
expect_contains "$OUT" "moonrocks, 0.5 g"
run substances --json
expect_eq "$(jqv '.[] | select(.name == "moonrocks") | .own')" "true"
run __complete use moon
expect_contains "$OUT" "moonrocks" "your own substances complete"
printf '[substances.weed]\nclass = "cannabinoid"\n' > "$CONFIG"
run log
expect_rc 2 "a clash with the catalog is a config error"
expect_contains "$ERR" "already names cannabis"
printf 'country = "uk"\n' > "$CONFIG"

# --- implausible amounts and dates -------------------------------------------------------
BEFORE=$(count)
run use beer 100000000000
expect_rc 2 "a slipped key"
expect_contains "$ERR" "--insist"
run use beer 2 --at "0001-01-01 12:00"
expect_rc 2 "year 1"
expect_contains "$ERR" "before 1900"
run use beer 2 --at "tomorrow 12:00"
expect_rc 2 "tomorrow"
expect_contains "$ERR" "ebb logs what already happened"
expect_eq "$(count)" "$BEFORE" "nothing saved"
run use ketamine 200000 mg --insist
expect_rc 0 "--insist keeps it"

# --- the morning after -------------------------------------------------------------------
run use wine 2 glasses --at "last night 23:30" --json
expect_eq "$(jqv '.at')" "2026-11-19T23:30:00+01:00" "last night 23:30"
run use beer 1 pint --at "last night 01:30" --json
expect_eq "$(jqv '.at')" "2026-11-20T01:30:00+01:00" "last night 01:30 is this morning's date"
run use beer 1 --at "2 days ago 21:00" --json
expect_eq "$(jqv '.at')" "2026-11-18T21:00:00+01:00" "2 days ago 21:00"

# --- help ----------------------------------------------------------------------------------
run help
expect_rc 0 "ebb help"
expect_contains "$OUT" "none "
run help none
expect_rc 0 "ebb help none"
expect_contains "$OUT" "--substance"
run help nonsense
expect_rc 2 "ebb help nonsense"
expect_contains "$ERR" "no command called"
EBB_CONFIG=$WORK/missing.toml run help use
expect_rc 0 "help reads no config"

# --- a first entry yesterday -------------------------------------------------------------
export HOME=$WORK/second
mkdir -p "$HOME"
DB=$HOME/.local/share/ebb/ebb.db
run use beer 3 --at "yesterday 20:00"
run trends 30d --json
expect_eq "$(jqv '.current.counted_days')" "1" "only yesterday is counted; today is going on"
expect_eq "$(jqv '.current.percent_days_abstinent')" "0" "not 97% days off"
expect_eq "$(jqv '.previous.percent_days_abstinent')" "null" "no previous period"
expect_eq "$(jqv '.changes | length')" "0" "nothing compared"
run trends 30d
expect_contains "$OUT" "Logged on 1 of 30 days. Your log starts on 2026-11-19" "coverage"
expect_contains "$OUT" "shown as –, not as days off"
# A chosen day off today counts from the moment it is noted.
run none
expect_rc 0 "ebb none"
expect_contains "$OUT" "Noted a day with nothing used on 2026-11-20."
run none
expect_contains "$OUT" "noted already"
run trends 30d --json
expect_eq "$(jqv '.current.days_off')" "1" "today noted as a day off"
run none --at yesterday
expect_rc 2 "a day with a use isn't a day without"
expect_contains "$ERR" "isn't a day without use"
run log --kind none --json
expect_eq "$(jqv 'length')" "1"

# --- review and report agree on a month with a plan saved on day 2 -----------------------
export HOME=$WORK/third
mkdir -p "$HOME"
DB=$HOME/.local/share/ebb/ebb.db
export EBB_NOW=2026-12-01T10:00:00+01:00
run use beer 6 --at "2026-11-01 20:00"
EBB_NOW=2026-11-02T09:00:00+01:00 run plan set "$WORK/plan.toml"
run use beer 5 --at "2026-11-05 20:00"
run use wine 2 --at "2026-11-07 20:00"
run use alcohol 7 drinks --at "2026-11-12 20:00"
run mood 6 --at "2026-11-14 10:00"
run review 2026-11 --json
REVIEW_DAYS=$(jqv '.totals.days')
REVIEW_WITHIN=$(jqv '.totals.days_within_plan')
expect_eq "$REVIEW_DAYS" "29" "day 1 had no plan: not compared"
expect_eq "$REVIEW_WITHIN" "27"
run review 2026-11
expect_contains "$OUT" "27 of the 29 days matched your plan."
run report 2026-11
expect_contains "$OUT" "Within your plan: 27 of 29 days (93%)." "the report counts the same days"
expect_contains "$OUT" "Logged on 5 of 30 days."
run report 2026-11 --json
expect_rc 0 "report --json"
expect_eq "$(jqv '.review.totals.days')" "$REVIEW_DAYS" "report --json is JSON, same count"
expect_eq "$(jqv '.review.totals.days_within_plan')" "$REVIEW_WITHIN"
expect_eq "$(jqv '.trends.current.use_days')" "4"
expect_eq "$(jqv '.trends.current.days_off')" "26"
run trends 2026-11 --json
expect_eq "$(jqv '.current.use_days')" "4" "trends: the same use days"
expect_eq "$(jqv '.current.days_off')" "26"

# --- importers take the same path as ebb use ---------------------------------------------
printf 'id,kind,at,zone,substance,amount,unit\n01JD0000000000000000000009,use,2026-11-20T20:00:00+01:00,Europe/Berlin,Beer,2,Drinks\n' \
  > "$WORK/hand.csv"
run import "$WORK/hand.csv"
expect_rc 0 "import"
run log --substance alcohol --since 2026-11-20 --json
expect_eq "$(jqv '.[0].substance')" "alcohol" "an imported beer is alcohol"
expect_eq "$(jqv '.[0].beverage')" "beer"
expect_eq "$(jqv '.[0].unit')" "drink"

# --- the country follows the locale until the config names one -----------------------------
rm -f "$HOME/.config/ebb/config.toml"
export EBB_DB=$WORK/locale.db
run use beer 1 pint --at "yesterday 20:00"
expect_rc 0 "a pint in C.UTF-8"
expect_contains "$OUT" "US pint 473 ml" "no territory: US sizes"
LANG=en_GB.UTF-8 run use beer 1 pint --at "yesterday 20:05"
expect_contains "$OUT" "UK pint 568 ml" "en_GB: UK sizes"
LC_MEASUREMENT=de_DE.UTF-8 run use beer 1 pint --at "yesterday 20:10"
expect_contains "$OUT" "500 ml" "de_DE measurements: a European half litre"
mkdir -p "$HOME/.config/ebb"
printf 'country = "au"\n' >"$HOME/.config/ebb/config.toml"
LANG=en_GB.UTF-8 run use beer 1 pint --at "yesterday 20:15"
expect_contains "$OUT" "570 ml" "the config's country wins over the locale"
unset EBB_DB

finish
