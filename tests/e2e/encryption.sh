#!/usr/bin/env bash
# Encryption at rest: encrypt, use every command on the encrypted file, wrong keys leave it
# untouched, concurrent writers lose nothing, passphrases from a file descriptor, decrypt.
. "$(dirname "$0")/lib.sh"

NOTE=zebra-quartz-7741
KEY=$WORK/private/ebb.key  # a folder that does not exist yet
mkdir -p "$WORK/keys"

# run_pass PASS CMD...: like run, with PASS on fd 3 and EBB_PASSPHRASE_FD=3.
run_pass() {
  local pass=$1
  shift
  OUT=$(EBB_PASSPHRASE_FD=3 "$EBB" "$@" 2>"$WORK/stderr" 3<<<"$pass")
  RC=$?
  ERR=$(cat "$WORK/stderr")
}
mode_of() { stat -c %a "$1"; }
holds_note() { grep -aqF "$NOTE" "$1"; }

# A plain database with a few entries.
run use alcohol 2 --note "$NOTE" --at 20:00
expect_rc 0 "first use"
run urge 6 --rode-out --at 20:30
run mood 7 --at 21:00
holds_note "$DB" || holds_note "$DB-wal" || fail "the plain database should hold the note"

# Without a terminal or EBB_PASSPHRASE_FD, encrypt asks for nothing and changes nothing.
SUM=$(sha256sum "$DB")
run encrypt </dev/null
expect_rc 2 "encrypt without a terminal"
expect_contains "$ERR" "EBB_PASSPHRASE_FD"
expect_eq "$(head -c 15 "$DB")" "SQLite format 3" "still plain"

# Encrypt with a new key file.
run encrypt --new-key-file "$KEY"
expect_rc 0 "encrypt --new-key-file"
expect_contains "$OUT" "Encrypted $DB with the key file $KEY"
expect_contains "$ERR" "Copies made before now stay readable"
expect_eq "$(head -c 8 "$DB")" "EBBCRYPT" "magic"
expect_eq "$(mode_of "$KEY")" "600" "key file mode"
expect_eq "$(mode_of "$WORK/private")" "700" "key folder made private"
expect_eq "$(mode_of "$DB")" "600" "database mode"
expect_eq "$(stat -c %s "$KEY")" "32" "key size"
CHECKS=$((CHECKS + 1))
holds_note "$DB" && fail "the encrypted file still holds the note text"
CHECKS=$((CHECKS + 1))
[ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ] || fail "WAL or SHM left beside the encrypted file"
CHECKS=$((CHECKS + 1))
if grep -aq "SQLite format 3" "$DB"; then fail "an SQLite header is visible in the encrypted file"; fi

# A second --new-key-file onto an existing file is refused.
run encrypt --new-key-file "$KEY" --key-file "$KEY"
expect_rc 2 "--key-file and --new-key-file together"

# No key: a clear message, exit 3, file untouched.
SUM=$(sha256sum "$DB")
run log </dev/null
expect_rc 3 "no key"
expect_contains "$ERR" "encrypted with a key file"
expect_eq "$(sha256sum "$DB")" "$SUM" "untouched without a key"

# A wrong key file, one readable by others, one of the wrong size: exit 3, untouched.
head -c 32 /dev/urandom >"$WORK/keys/other.key"
chmod 600 "$WORK/keys/other.key"
run --key-file "$WORK/keys/other.key" use alcohol 1
expect_rc 3 "wrong key file"
expect_contains "$ERR" "doesn't open the database"
cp "$KEY" "$WORK/keys/open.key"
chmod 644 "$WORK/keys/open.key"
run --key-file "$WORK/keys/open.key" log
expect_rc 3 "key file readable by others"
expect_contains "$ERR" "chmod 600"
head -c 31 "$KEY" >"$WORK/keys/short.key"
chmod 600 "$WORK/keys/short.key"
run --key-file "$WORK/keys/short.key" log
expect_rc 3 "short key file"
expect_eq "$(sha256sum "$DB")" "$SUM" "untouched after wrong keys"

# Damaged copies: a flipped byte in the header or in a page, a file cut short; all refused
# and left as they are.
flip_copy() {  # flip_copy OFFSET: a copy of the database with one byte changed there
  cp "$DB" "$WORK/flipped.db"
  BYTE=$(od -An -tu1 -j"$1" -N1 "$DB" | tr -d ' ')
  printf "\\x$(printf %02x $((BYTE ^ 1)))" | dd of="$WORK/flipped.db" bs=1 seek="$1" conv=notrunc 2>/dev/null
  CHECKS=$((CHECKS + 1))
  cmp -s "$DB" "$WORK/flipped.db" && fail "the copy should differ in one byte"
}
flip_copy 500
FSUM=$(sha256sum "$WORK/flipped.db")
run --db "$WORK/flipped.db" --key-file "$KEY" log
expect_rc 3 "flipped byte in the header"
expect_contains "$ERR" "header of the encrypted database"
expect_contains "$ERR" "failed its authentication check"
expect_eq "$(sha256sum "$WORK/flipped.db")" "$FSUM" "damaged copy untouched"
flip_copy $((4096 + 500))
run --db "$WORK/flipped.db" --key-file "$KEY" log
expect_rc 3 "flipped byte in page 1"
expect_contains "$ERR" "page 1 of $WORK/flipped.db failed its authentication check"
head -c 5000 "$DB" >"$WORK/cut.db"
run --db "$WORK/cut.db" --key-file "$KEY" use alcohol 1
expect_rc 3 "truncated file"
expect_contains "$ERR" "cut short"

# With the key (flag, environment, config) every command works.
run --key-file "$KEY" log --json
expect_rc 0 "log with --key-file"
expect_eq "$(jqv length)" "3" "three entries"
expect_eq "$(jqv '.[] | select(.kind == "use") | .note')" "$NOTE" "note decrypted"

export EBB_KEY_FILE=$KEY
run use cannabis 0.5 g --at 21:10
expect_rc 0 "use on the encrypted file"
ID=$(printf '%s' "$("$EBB" log --json)" | jq -r '.[] | select(.substance == "cannabis") | .id')
run edit "$ID" --note "edited-note-5521"
expect_rc 0 "edit"
run rm "$ID"
expect_rc 0 "rm"
run undo
expect_rc 0 "undo"
run log --json
expect_eq "$(jqv '.[] | select(.substance == "cannabis") | .note')" "edited-note-5521" "undo brought it back"
printf '[alcohol]\nmax_per_day = 3\n' >"$WORK/plan.toml"
run plan set "$WORK/plan.toml"
expect_rc 0 "plan set"
run plan history --json
expect_eq "$(jqv length)" "1" "plan saved in the encrypted file"
run review
expect_rc 0 "review"
run trends
expect_rc 0 "trends"
run calendar
expect_rc 0 "calendar"
CHECKS=$((CHECKS + 1))
holds_note "$DB" && fail "the note showed up in the file after more writes"
CHECKS=$((CHECKS + 1))
grep -aqF "edited-note-5521" "$DB" && fail "an edited note is readable in the file"
# A backup of an encrypted database is the sealed file, never the decrypted image.
run backup "$WORK/enc-backup.db"
expect_rc 0 "backup of an encrypted database"
CHECKS=$((CHECKS + 1))
holds_note "$WORK/enc-backup.db" && fail "the backup holds the note in plain text"
expect_eq "$(stat -c %a "$WORK/enc-backup.db")" "600" "backup mode"
run --db "$WORK/enc-backup.db" log --all --json
expect_rc 0 "the backup opens with the same key"
expect_eq "$(jqv '.[] | select(.kind == "use" and .substance == "alcohol") | .note')" "$NOTE" \
  "the backup holds the entries"
unset EBB_KEY_FILE

mkdir -p "$HOME/.config/ebb"
cp "$KEY" "$HOME/ebb.key"
printf 'key_file = "~/ebb.key"\n' >"$HOME/.config/ebb/config.toml"
run log --json
expect_rc 0 "key_file from the config"
expect_eq "$(jqv length)" "4"
rm "$HOME/.config/ebb/config.toml"

# Two processes writing at once, 50 entries each: all stored.
export EBB_KEY_FILE=$KEY
unset EBB_NOW
writer() {
  local i
  for i in $(seq 1 50); do
    "$EBB" use "$1" 1 >/dev/null 2>>"$WORK/errors-$1" || echo "exit $? at $i" >>"$WORK/errors-$1"
  done
}
writer ketamine &
writer mdma &
wait
CHECKS=$((CHECKS + 1))
if [ -s "$WORK/errors-ketamine" ] || [ -s "$WORK/errors-mdma" ]; then
  fail "errors while writing concurrently: $(cat "$WORK"/errors-*)"
fi
run log --all --json
expect_eq "$(jqv length)" "104" "all concurrent entries stored"
expect_eq "$(jqv '[.[] | .id] | unique | length')" "104" "ids distinct"
expect_eq "$(jqv '[.[] | select(.substance == "ketamine")] | length')" "50"
expect_eq "$(jqv '[.[] | select(.substance == "mdma")] | length')" "50"
export EBB_NOW=2026-11-20T21:30:00+01:00

# Re-key: from the key file to a passphrase on fd 3 (the old key still comes from the file).
run_pass "tide pool 19" encrypt --json
expect_rc 0 "re-encrypt with a passphrase"
expect_eq "$(jqv .key)" "passphrase"
unset EBB_KEY_FILE
run log --key-file "$KEY" </dev/null
expect_rc 3 "the old key file no longer opens it"
run log </dev/null
expect_rc 3 "passphrase needed, no terminal"
expect_contains "$ERR" "EBB_PASSPHRASE_FD"
SUM=$(sha256sum "$DB")
run_pass "tide pool 18" log
expect_rc 3 "wrong passphrase"
expect_contains "$ERR" "That passphrase doesn't open"
expect_eq "$(sha256sum "$DB")" "$SUM" "untouched after a wrong passphrase"
run_pass "tide pool 19" mood 4 --note "passphrase-note-3309"
expect_rc 0 "write with the passphrase"
CHECKS=$((CHECKS + 1))
grep -aqF "passphrase-note-3309" "$DB" && fail "note readable in the passphrase-encrypted file"
run_pass "" log
expect_rc 3 "empty passphrase doesn't open it"

# Decrypt back to plain SQLite: every entry there, WAL mode, integrity ok.
run_pass "tide pool 19" decrypt
expect_rc 0 "decrypt"
expect_contains "$OUT" "plain SQLite file again"
expect_eq "$(head -c 15 "$DB")" "SQLite format 3" "plain again"
expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok" "integrity"
expect_eq "$(sqlite3 "$DB" 'PRAGMA journal_mode')" "wal" "WAL mode again"
expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM entries')" "105" "entries after decrypt"
expect_eq "$(sqlite3 "$DB" "SELECT note FROM entries WHERE kind = 'mood' AND note IS NOT NULL ORDER BY at DESC LIMIT 1")" "passphrase-note-3309"
expect_eq "$(mode_of "$DB")" "600" "plain file mode"
run log --all --json
expect_rc 0 "plain log without a key"
expect_eq "$(jqv length)" "105"
run decrypt
expect_rc 1 "decrypt a plain file"
expect_contains "$ERR" "isn't encrypted"

# Encrypt with an existing key file, straight from plain; then a passphrase from fd 3 for a
# plain file.
run encrypt --key-file "$WORK/keys/other.key"
expect_rc 0 "encrypt --key-file"
run --key-file "$WORK/keys/other.key" log --all --json
expect_eq "$(jqv length)" "105" "entries after encrypting again"
run --key-file "$WORK/keys/other.key" decrypt
expect_rc 0
run_pass "" encrypt
expect_rc 2 "empty new passphrase"
expect_eq "$(head -c 15 "$DB")" "SQLite format 3" "still plain after an empty passphrase"

finish
