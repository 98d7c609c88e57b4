#!/usr/bin/env bash
# The database: refusing files that are not ebb's, and no lost writes under concurrency.
. "$(dirname "$0")/lib.sh"

# A file that is not SQLite: clear error, data-error status, file untouched.
printf 'my private notes\n' > "$WORK/notes.db"
SUM=$(sha256sum "$WORK/notes.db")
run --db "$WORK/notes.db" use alcohol 1
expect_rc 3 "non-SQLite file"
expect_contains "$ERR" "isn't an ebb database"
expect_eq "$(sha256sum "$WORK/notes.db")" "$SUM" "file untouched"
[ ! -e "$WORK/notes.db-wal" ] || fail "WAL created next to a foreign file"

# An SQLite file with a damaged page: error, untouched.
run_ok --db "$WORK/broken.db" use alcohol 1
head -c 4096 "$WORK/broken.db" > "$WORK/trunc.db"
printf 'garbage%.0s' $(seq 1 200) | dd of="$WORK/trunc.db" bs=1 seek=100 conv=notrunc 2>/dev/null
SUM=$(sha256sum "$WORK/trunc.db")
run --db "$WORK/trunc.db" log
expect_rc 3 "damaged database"
expect_eq "$(sha256sum "$WORK/trunc.db")" "$SUM" "damaged file untouched"

# Config: a broken config names the line.
mkdir -p "$HOME/.config/ebb"
printf 'day_starts_at = "04:00"\nweek_start = "sun"\n' > "$HOME/.config/ebb/config.toml"
run mood 5
expect_rc 2 "bad config"
expect_contains "$ERR" "config.toml:2:"
rm "$HOME/.config/ebb/config.toml"

# Two processes logging at once, 200 entries each: all stored, no errors.
export EBB_DB=$WORK/concurrent.db
writer() {
  local i
  for i in $(seq 1 200); do
    "$EBB" use "$1" 1 >/dev/null 2>>"$WORK/errors-$1" || echo "exit $? at $i" >>"$WORK/errors-$1"
  done
}
unset EBB_NOW
writer alcohol &
writer cannabis &
wait
CHECKS=$((CHECKS + 1))
if [ -s "$WORK/errors-alcohol" ] || [ -s "$WORK/errors-cannabis" ]; then
  fail "errors while writing concurrently: $(cat "$WORK"/errors-*)"
fi
run_ok log --all --json
expect_eq "$(jqv length)" "400" "all concurrent entries stored"
expect_eq "$(jqv '[.[] | .id] | unique | length')" "400" "ids distinct"
expect_eq "$(jqv '[.[] | select(.substance == "alcohol")] | length')" "200"

finish
