#!/usr/bin/env bash
# Export, import (ebb and PsychonautWiki Journal files) and diagnose.
. "$(dirname "$0")/lib.sh"
FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)

# diagnose before anything is logged: says where the database would be, creates nothing.
run diagnose
expect_rc 0 "diagnose without a database"
expect_contains "$OUT" "$DB"
expect_contains "$OUT" "not there yet"
expect_contains "$OUT" "Europe/Berlin"
expect_contains "$OUT" "SQLite"
expect_contains "$OUT" "not there; the defaults apply"
run --json diagnose
expect_rc 0
expect_eq "$(jqv .database.exists)" "false"
expect_eq "$(jqv .time.zone)" "Europe/Berlin"
expect_eq "$(jqv .time.now_pinned)" "true"
expect_eq "$(jqv .config.found)" "false"
[ ! -e "$DB" ] || fail "diagnose created the database"
[ ! -e "$(dirname "$DB")" ] || fail "diagnose created the database folder"

# Exporting from nothing gives an empty export and creates nothing either.
run export
expect_rc 0 "export without a database"
expect_eq "$(jqv '.entries | length')" "0"
[ ! -e "$DB" ] || fail "export created the database"

# A log with awkward text and doubles, in two zones, and two plan versions.
run use beer 2 --note 'said "hi", then left; twice' --tag party --tag "late night" --at "yesterday 23:00"
expect_rc 0
run use alcohol 0.30000000000000004 drinks --cost 1.15 --at "2h ago"
expect_rc 0
run use ketamine 150mg --route snorted --with Sam --tested --mood-before 6 --at "3 days ago"
expect_rc 0
TZ=America/New_York run urge 7 --substance alcohol --trigger payday --rode-out --minutes 20 --after 2
expect_rc 0
run mood 6 --feel calm,tired --energy 4
expect_rc 0
printf 'why = "sleep better"\n[alcohol]\nmax_per_day = 4\n' > "$WORK/plan1.toml"
printf 'why = "sleep better, feel present"\n[alcohol]\nmax_per_day = 3\n' > "$WORK/plan2.toml"
run plan set "$WORK/plan1.toml"
expect_rc 0
EBB_NOW=2026-11-20T21:40:00+01:00 run plan set "$WORK/plan2.toml"
expect_rc 0

# JSON export to a file: private, and the document's shape.
run export --output "$WORK/a.json"
expect_rc 0 "export json"
expect_contains "$ERR" "Exported 5 entries and 2 plan versions to $WORK/a.json."
expect_eq "$(stat -c %a "$WORK/a.json")" "600" "export file mode"
OUT=$(cat "$WORK/a.json")
expect_eq "$(jqv .ebb_export)" "1"
expect_eq "$(jqv .exported_at)" "2026-11-20T21:30:00+01:00"
expect_eq "$(jqv '.entries | length')" "5"
expect_eq "$(jqv '.plans | length')" "2"
expect_eq "$(jqv '.plans[1].text')" "$(cat "$WORK/plan2.toml")"
expect_eq "$(jqv '[.entries[] | select(.kind == "urge")][0].zone')" "America/New_York"
expect_eq "$(jqv '[.entries[] | select(.kind == "urge")][0].at')" "2026-11-20T15:30:00-05:00"
expect_contains "$OUT" '"amount": 0.30000000000000004'
# An existing file is replaced (with --force) whole and made private.
echo old > "$WORK/b.json"
chmod 644 "$WORK/b.json"
run export -o "$WORK/b.json" --force
expect_rc 0
expect_eq "$(stat -c %a "$WORK/b.json")" "600" "replaced export file mode"
cmp -s "$WORK/a.json" "$WORK/b.json" || fail "second export differs"

# Round trip: import into an empty database, export again: the same bytes.
export EBB_DB=$WORK/copy.db
run import "$WORK/a.json"
expect_rc 0 "import json"
expect_eq "$OUT" "Added 5 entries, 0 already here; 2 plan versions."
run export -o "$WORK/a2.json"
expect_rc 0
cmp "$WORK/a.json" "$WORK/a2.json" || fail "JSON round trip changed the export"
# Importing twice adds nothing.
run import "$WORK/a.json"
expect_rc 0
expect_eq "$OUT" "Added 0 entries, 5 already here; 0 plan versions (2 already here)."
run --json import "$WORK/a.json"
expect_eq "$(jqv .entries_added)" "0"
expect_eq "$(jqv .entries_already_here)" "5"
run plan history --json
expect_eq "$(jqv 'length')" "2" "plan versions after importing twice"
run log --json
expect_eq "$(jqv 'length')" "5" "entries after importing twice"
unset EBB_DB

# CSV: the same round trip, entries only.
run export --format csv -o "$WORK/a.csv"
expect_rc 0 "export csv"
expect_contains "$ERR" "Your plans aren't in CSV"
expect_eq "$(head -c 34 "$WORK/a.csv")" "id,kind,at,zone,created_at,updated"
expect_eq "$(wc -l < "$WORK/a.csv")" "6"
export EBB_DB=$WORK/copy-csv.db
run import "$WORK/a.csv"
expect_rc 0 "import csv"
expect_eq "$OUT" "Added 5 entries, 0 already here."
run export --format csv -o "$WORK/a2.csv"
cmp "$WORK/a.csv" "$WORK/a2.csv" || fail "CSV round trip changed the export"
# ... and CSV and JSON carry the same entries.
run export
expect_eq "$(jqv '.entries')" "$(jq '.entries' "$WORK/a.json")" "entries from CSV equal entries from JSON"
unset EBB_DB

# Standard input works too.
export EBB_DB=$WORK/stdin.db
OUT=$("$EBB" import - < "$WORK/a.json" 2>"$WORK/stderr"); RC=$?
expect_rc 0 "import from stdin"
expect_eq "$OUT" "Added 5 entries, 0 already here; 2 plan versions."
unset EBB_DB

# One bad row in the middle: nothing is imported and the row is named.
awk -F, 'NR == 4 { sub(/,mood,|,use,|,urge,/, ",nap,") } { print }' "$WORK/a.csv" > "$WORK/bad.csv"
export EBB_DB=$WORK/bad.db
run import "$WORK/bad.csv"
expect_rc 3 "import with a bad row"
expect_contains "$ERR" "row 3 (line 4): the kind \"nap\" isn't use, urge or mood. Nothing was added."
[ ! -e "$EBB_DB" ] || fail "a failed import created the database"
jq '.entries[2].intensity = 12 | .entries[2].kind = "urge"' "$WORK/a.json" > "$WORK/bad.json"
run import "$WORK/bad.json"
expect_rc 3 "json import with a bad entry"
expect_contains "$ERR" "entry 3 (line"
expect_contains "$ERR" "the intensity goes from 0 to 10; it is 12"
# A database that already holds entries keeps exactly what it had.
run mood 5
run import "$WORK/bad.json"
expect_rc 3
run log --json
expect_eq "$(jqv 'length')" "1" "nothing added by a failed import"
printf 'date,what\n2026-01-01,beer\n' > "$WORK/other.csv"
run import "$WORK/other.csv"
expect_rc 3 "not an ebb file"
expect_contains "$ERR" "isn't an ebb export"
run import "$WORK/missing.json"
expect_rc 2 "missing file"
unset EBB_DB

# export --since
run export --since yesterday
expect_rc 0
expect_eq "$(jqv '.entries | length')" "4" "entries since yesterday"

# PsychonautWiki Journal.
export EBB_DB=$WORK/pw.db
run import --from psychonautwiki "$FIXTURES/psychonautwiki.json"
expect_rc 0 "psychonautwiki import"
expect_contains "$OUT" "Added 5 entries, 0 already here."
expect_contains "$OUT" "Left out 1 ingestion logged for other people."
run import --from psychonautwiki "$FIXTURES/psychonautwiki.json"
expect_contains "$OUT" "Added 0 entries, 5 already here."
run log --json --substance mdma
expect_eq "$(jqv 'length')" "2"
expect_eq "$(jqv '.[1].at')" "2025-11-15T20:00:00+01:00"
expect_eq "$(jqv '.[1].amount')" "80"
expect_eq "$(jqv '.[1].unit')" "mg"
expect_eq "$(jqv '.[1].route')" "oral"
expect_eq "$(jqv '.[1].where')" "Club Äther"
expect_eq "$(jqv '.[0].tags | join(",")')" "psychonautwiki,estimate"
run log --json --substance ketamine
expect_eq "$(jqv '.[0].route')" "snorted"
run import --from psychonautwiki "$WORK/a.json"
expect_rc 3 "an ebb file read as psychonautwiki"
expect_contains "$ERR" "isn't a PsychonautWiki Journal export"
unset EBB_DB

# diagnose with a database: counts, schema, journal mode; a gentle word when others can read it.
run diagnose
expect_rc 0
expect_contains "$OUT" "3 uses, 1 urge, 1 mood"
expect_contains "$OUT" "plan versions   2"
expect_contains "$OUT" "journal mode    wal"
expect_contains "$OUT" "(mode 0600)"
expect_eq "$ERR" ""
run --json diagnose
expect_eq "$(jqv .database.entries.use)" "3"
expect_eq "$(jqv .database.schema_version)" "$(jqv .schema_version_supported)"
expect_eq "$(jqv .database.readable_by_others)" "false"
chmod 644 "$DB"
run diagnose
expect_rc 0
expect_contains "$ERR" "Other people on this machine can read your database. If you want it private: chmod 600 $DB"
chmod 600 "$DB"

finish
