#!/usr/bin/env bash
# Upgrades: an older database is copied beside itself (0600) and migrated forward; one from a
# newer ebb is refused with a clear message and not one byte of it changes.
. "$(dirname "$0")/lib.sh"

umask 022  # the copy is private because ebb makes it so, not because of the umask
export EBB_DB=$WORK/data/ebb.db
"$EBB" use alcohol 2 --note "logged with schema one" >/dev/null || fail "first use"
"$EBB" mood 6 >/dev/null || fail "mood"
LATEST=$(sqlite3 "$EBB_DB" 'PRAGMA user_version')
expect_eq "$LATEST" "2" "latest schema"

# Schema 2 added one index; without it and with user_version 1 the file is a version 1 file.
sqlite3 "$EBB_DB" 'DROP INDEX journal_entry; PRAGMA user_version = 1;'
run log
expect_rc 0 "opening a version 1 database"
expect_contains "$OUT" "logged with schema one"
BAK=$EBB_DB.bak-1
CHECKS=$((CHECKS + 1))
[ -f "$BAK" ] || fail "no backup copy $BAK"
expect_eq "$(stat -c %a "$BAK")" "600" "backup mode"
expect_eq "$(sqlite3 "$BAK" 'PRAGMA user_version')" "1" "backup keeps the old version"
expect_eq "$(sqlite3 "$BAK" 'SELECT note FROM entries WHERE kind = "use"')" "logged with schema one"
expect_eq "$(sqlite3 "$BAK" 'PRAGMA integrity_check')" "ok" "backup integrity"
expect_eq "$(sqlite3 "$EBB_DB" 'PRAGMA user_version')" "2" "migrated"
expect_eq "$(sqlite3 "$EBB_DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'journal_entry'")" "1"
expect_eq "$(sqlite3 "$EBB_DB" 'SELECT count(*) FROM entries')" "2" "entries kept"
BAKSUM=$(sha256sum "$BAK")
run log
expect_eq "$(sha256sum "$BAK")" "$BAKSUM" "the copy is made once"

# A newer database: refused, exit 3, untouched, no copy.
sqlite3 "$EBB_DB" 'PRAGMA user_version = 42'
SUM=$(sha256sum "$EBB_DB")
for args in "log" "use alcohol 1" "forget --all --yes" "backup $WORK/b.db"; do
  # shellcheck disable=SC2086
  run $args
  expect_rc 3 "newer database with: $args"
  expect_contains "$ERR" "newer ebb" "$args"
  expect_contains "$ERR" "left as it is" "$args"
  expect_eq "$(sha256sum "$EBB_DB")" "$SUM" "newer database untouched by $args"
done
CHECKS=$((CHECKS + 1))
[ ! -e "$EBB_DB.bak-42" ] && [ ! -e "$WORK/b.db" ] || fail "files written for a newer database"

finish
