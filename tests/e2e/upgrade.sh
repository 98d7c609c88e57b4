#!/usr/bin/env bash
# Upgrades: an older database is copied beside itself (0600) and migrated forward; one from a
# newer ebb is refused with a clear message and not one byte of it changes.
. "$(dirname "$0")/lib.sh"

umask 022  # the copy is private because ebb makes it so, not because of the umask
export EBB_DB=$WORK/data/ebb.db
"$EBB" use alcohol 2 --note "logged with schema one" >/dev/null || fail "first use"
"$EBB" mood 6 >/dev/null || fail "mood"
LATEST=$(sqlite3 "$EBB_DB" 'PRAGMA user_version')
expect_eq "$LATEST" "5" "latest schema"

# Schema 2 added one index, schema 3 put the id into the three time indexes (schema 4 rebuilds
# the entries table whatever it finds) and schema 5 added the undo barrier table; undone, and
# with user_version 1, the file is a version 1 file.
sqlite3 "$EBB_DB" 'DROP INDEX journal_entry; DROP TABLE undo_barrier;
  DROP INDEX entries_at_id; CREATE INDEX entries_at ON entries (at);
  DROP INDEX entries_kind_at_id; CREATE INDEX entries_kind_at ON entries (kind, at);
  DROP INDEX entries_substance_at_id; CREATE INDEX entries_substance_at ON entries (substance, at);
  PRAGMA user_version = 1;'
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
expect_eq "$(sqlite3 "$EBB_DB" 'PRAGMA user_version')" "$LATEST" "migrated"
expect_eq "$(sqlite3 "$EBB_DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'journal_entry'")" "1"
expect_eq "$(sqlite3 "$EBB_DB" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema
  WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL ORDER BY name)")" \
  "entries_at_id entries_kind_at_id entries_substance_at_id" "time indexes carry the id"
expect_eq "$(sqlite3 "$EBB_DB" 'PRAGMA integrity_check')" "ok" "migrated file integrity"
expect_eq "$(sqlite3 "$EBB_DB" 'SELECT count(*) FROM entries')" "2" "entries kept"
# Schema 4 rebuilt the entries with a beverage column and room for `ebb none`.
expect_eq "$(sqlite3 "$EBB_DB" "SELECT count(*) FROM pragma_table_info('entries') WHERE name = 'beverage'")" \
  "1" "beverage column"
run none --at 2000-01-01
expect_rc 0 "a none entry after the upgrade"
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
