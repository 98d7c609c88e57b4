#!/usr/bin/env bash
# ebb backup (online copy, private, checked) and ebb forget (asks first, then erases for real:
# the text is gone from the database file and its WAL, undo journal included).
. "$(dirname "$0")/lib.sh"

# Raw bytes on disk: the database and its WAL, if any.
on_disk() { cat "$DB" "$DB-wal" 2>/dev/null | grep -c -a -F "$1"; }

run_ok use alcohol 2 --note "forget-me-alpha-3141"
run_ok use alcohol 1 --at "yesterday 20:00" --note "forget-me-beta-2718"
ID_BETA=$(sqlite3 "$DB" "SELECT id FROM entries WHERE note = 'forget-me-beta-2718'")
run_ok edit "$ID_BETA" --note "edited-beta-1618"
run_ok use cannabis 1 --note "keep-me-gamma-1414"
run_ok use alcohol 1 --at "2026-11-01 20:00" --note "old-delta-1732"
run rm "$(sqlite3 "$DB" "SELECT id FROM entries WHERE note = 'old-delta-1732'")"
expect_rc 0 "setup"

# backup: default name beside the database, private, opens, passes integrity_check.
run backup
expect_rc 0 "backup"
COPY=$(dirname "$DB")/ebb-backup-20261120-213000.db
expect_contains "$OUT" "$COPY"
expect_contains "$OUT" "(3 entries)"
expect_eq "$(stat -c %a "$COPY")" "600" "backup mode"
expect_eq "$(sqlite3 "$COPY" 'PRAGMA integrity_check')" "ok" "backup integrity"
expect_eq "$(sqlite3 "$COPY" 'SELECT count(*) FROM entries')" "3" "backup entries"
run_ok --db "$COPY" log --json
expect_eq "$(jqv length)" "3" "ebb reads the copy"
run backup
expect_rc 2 "never overwrites"
expect_contains "$ERR" "already a file"
run --json backup "$WORK/named.db"
expect_rc 0
expect_eq "$(jqv .backup)" "$WORK/named.db"
expect_eq "$(jqv .entries)" "3"
run backup "$WORK/no/such/folder/x.db"
expect_rc 2 "a folder that isn't there"
expect_contains "$ERR" "There is no folder $WORK/no/such/folder"
CHECKS=$((CHECKS + 1))
[ ! -e "$WORK/no/such/folder/x.db" ] || fail "left a file"

# forget without a terminal and without --yes: nothing happens, exit 2, --yes named.
run forget --substance alcohol </dev/null
expect_rc 2 "no --yes"
expect_contains "$ERR" "--yes"
expect_contains "$ERR" "2 entries"
expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM entries')" "3" "nothing forgotten"
run forget
expect_rc 2 "nothing to say what"
expect_contains "$ERR" "--before"
run forget --all --substance alcohol --yes
expect_rc 2 "--all with a filter"
run forget --substance opium --yes
expect_rc 1 "nothing matches"
run forget --before "not a date" --yes
expect_rc 2 "bad date"

# On a terminal it asks; anything but y keeps everything.
if script -qec true /dev/null >/dev/null 2>&1; then
  printf 'n\n' | script -qec "'$EBB' forget --substance alcohol" /dev/null >"$WORK/tty-out" 2>&1
  expect_contains "$(cat "$WORK/tty-out")" "Forget 2 entries for good? This can't be undone. [y/N]"
  expect_contains "$(cat "$WORK/tty-out")" "Nothing was forgotten."
  expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM entries')" "3" "answered no"
fi

# Forgetting for real: entries, their old versions in the undo journal, gone from the bytes.
CHECKS=$((CHECKS + 1))
[ "$(on_disk forget-me-beta-2718)" -ge 1 ] || fail "the edited-away note should be in the journal before forget"
INODE=$(stat -c %i "$DB")
run forget --substance alcohol --yes
expect_rc 0 "forget alcohol"
# The file is rewritten without its free pages: a new, private file in the old one's place,
# and no copy left beside it.
CHECKS=$((CHECKS + 1))
[ "$(stat -c %i "$DB")" != "$INODE" ] || fail "forget left the old file in place"
expect_eq "$(stat -c %a "$DB")" "600" "the new file's mode"
expect_eq "$(sqlite3 "$DB" 'PRAGMA freelist_count')" "0" "no free pages"
expect_eq "$(find "$(dirname "$DB")" -name '*ebb-tmp*' | wc -l)" "0" "no copy left behind"
expect_contains "$OUT" "Forgot 2 entries"
expect_contains "$OUT" "earlier versions"
expect_contains "$ERR" "$COPY" "copies named"
for t in forget-me-alpha-3141 forget-me-beta-2718 edited-beta-1618 old-delta-1732; do
  expect_eq "$(on_disk "$t")" "0" "$t gone from the file and WAL"
done
CHECKS=$((CHECKS + 1))
[ "$(on_disk keep-me-gamma-1414)" -ge 1 ] || fail "the kept entry is on disk"
expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok"
run_ok log --json
expect_eq "$(jqv '[.[].note] | join(",")')" "keep-me-gamma-1414"
# Forgetting is final: undo says so, and doesn't reach past it to older, unrelated changes.
run undo
expect_rc 1 "nothing forgotten comes back through undo"
expect_contains "$ERR" "The change before this is an ebb forget, and forgetting is final"
run log --json
expect_rc 0
expect_eq "$(jqv '[.[].note] | join(",")')" "keep-me-gamma-1414" "undo changed nothing"
run use tea 1 --note "after the forget"
expect_rc 0
run undo
expect_rc 0 "a change after the forget undoes"
run undo
expect_rc 1 "then the forget stops undo again"

# --before, then --all wipes plans too.
run_ok use nicotine 1 --at "2026-11-05 10:00" --note "before-day-577"
run_ok use nicotine 1 --note "after-day-662"
run forget --before 2026-11-10 --yes
expect_rc 0
expect_contains "$OUT" "Forgot 1 entry"
expect_eq "$(on_disk before-day-577)" "0"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM entries WHERE note = 'after-day-662'")" "1"
printf 'why = "plan-words-9931"\n' >"$WORK/plan.toml"
run_ok plan set "$WORK/plan.toml"
run --json forget --all --yes
expect_rc 0 "forget all"
expect_eq "$(jqv .forgotten)" "2"
expect_eq "$(jqv .plans)" "1"
expect_eq "$(jqv .wal_cleared)" "true"
for t in after-day-662 keep-me-gamma-1414 plan-words-9931; do
  expect_eq "$(on_disk "$t")" "0" "$t gone"
done
expect_eq "$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM plans) + (SELECT count(*) FROM journal) + (SELECT count(*) FROM journal_before)')" "0"
run use alcohol 1
expect_rc 0 "the database keeps working"

finish
