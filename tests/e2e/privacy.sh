#!/usr/bin/env bash
# Files: a 0700 folder, 0600 database, WAL and copies whatever the umask; a gentle warning
# (never a silent chmod) when an existing file is open to others; no network code at all.
. "$(dirname "$0")/lib.sh"

umask 022
run use alcohol 1
expect_rc 0
expect_eq "$(stat -c %a "$(dirname "$DB")")" "700" "folder mode"
expect_eq "$(stat -c %a "$DB")" "600" "database mode"
expect_eq "$ERR" "" "no warning for private files"
run backup "$WORK/copy.db"
expect_rc 0
expect_eq "$(stat -c %a "$WORK/copy.db")" "600" "backup mode"

# Open to others: one line naming the chmod; the mode is left as the person set it.
chmod 644 "$DB"
run log
expect_rc 0 "a readable database still works"
expect_contains "$ERR" "chmod 600 $DB"
expect_eq "$(printf '%s\n' "$ERR" | wc -l)" "1" "one line"
expect_eq "$(stat -c %a "$DB")" "644" "mode left alone"
chmod 755 "$(dirname "$DB")"
run_ok log
expect_contains "$ERR" "chmod 700 $(dirname "$DB")"
expect_contains "$ERR" "chmod 600 $DB"
chmod 700 "$(dirname "$DB")"
chmod 600 "$DB"
run_ok log
expect_eq "$ERR" "" "quiet again once private"
# --help and --version never open the database, so never warn.
chmod 644 "$DB"
run_ok --help
expect_eq "$ERR" "" "--help"
# Completions print words only.
run_ok __complete log --substance ""
expect_eq "$ERR" "" "completion"
expect_contains "$OUT" "alcohol"
chmod 600 "$DB"

# No network code: no networking calls in the sources, none linked into the binary.
SRC=${EBB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
HITS=$(grep -rnE '\b(socket|connect|getaddrinfo|gethostbyname|sendto|recvfrom)\s*\(|::(bind|listen|accept)\s*\(|curl|https?://' \
  "$SRC/src" "$SRC/include" || true)
expect_eq "$HITS" "" "network calls in the sources"
LINKED=$(nm -D --undefined-only "$EBB" 2>/dev/null |
  grep -wE 'socket|connect|getaddrinfo|gethostbyname|sendto|recvfrom|accept|listen' || true)
expect_eq "$LINKED" "" "network symbols the binary needs"
LIBS=$(ldd "$EBB" 2>/dev/null | grep -iE 'curl|ssl|gnutls|nghttp' || true)
expect_eq "$LIBS" "" "network libraries linked"

finish
