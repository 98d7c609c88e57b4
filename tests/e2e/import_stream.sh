#!/usr/bin/env bash
# A long import is read as it is written, a few thousand entries at a time inside one
# transaction: it still adds all or nothing, names the entry that is wrong wherever it is in
# the file, adds nothing twice, and leaves no database behind when it refuses a file.
. "$(dirname "$0")/lib.sh"

# Three years of someone's evenings: a drink most nights, an urge now and then, a mood.
python3 - "$WORK/long.json" <<'EOF'
import json, sys
alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def ulid(n):
    s = ""
    for _ in range(26):
        s = alphabet[n % 32] + s
        n //= 32
    return "01" + s[2:]
entries = []
base = 1700000000  # 2023-11-14
for day in range(3 * 365):
    t = base + day * 86400 + 19 * 3600
    entries.append({"id": ulid(3 * day), "kind": "use", "at": "", "zone": "Europe/Berlin",
                    "substance": "alcohol", "amount": 2, "unit": "drink", "_t": t})
    entries.append({"id": ulid(3 * day + 1), "kind": "urge", "at": "", "zone": "Europe/Berlin",
                    "intensity": 5, "trigger": "after work", "outcome": "rode_out", "_t": t + 3600})
    entries.append({"id": ulid(3 * day + 2), "kind": "mood", "at": "", "zone": "Europe/Berlin",
                    "score": 6, "_t": t + 7200})
import datetime
for e in entries:
    t = e.pop("_t")
    e["at"] = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
doc = {"ebb_export": 1, "exported_at": "2026-11-20T12:00:00Z", "entries": entries,
       "plans": [{"version": 1, "saved_at": "2023-11-01T10:00:00Z",
                  "text": "why = \"to sleep well\"\n[alcohol]\nmax_per_day = \"3 drinks\"\n"}]}
with open(sys.argv[1], "w") as f:
    json.dump(doc, f, indent=1)
EOF
N=$((3 * 365 * 3))

# A fault near the end of a long file: nothing added, no database made, the entry named.
python3 - "$WORK/long.json" "$WORK/late_bad.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["entries"][-2]["intensity"] = 12
json.dump(doc, open(sys.argv[2], "w"), indent=1)
EOF
export EBB_DB=$WORK/fresh.db
run import "$WORK/late_bad.json"
expect_rc 3 "a bad entry near the end"
expect_contains "$ERR" "entry $((N - 1)) (line"
expect_contains "$ERR" "the intensity goes from 0 to 10; it is 12. Nothing was added."
[ ! -e "$EBB_DB" ] || fail "a refused import made a database"

# The whole file goes in; again, nothing is added twice.
run import "$WORK/long.json"
expect_rc 0 "a long import"
expect_eq "$OUT" "Added $N entries, 0 already here; 1 plan version."
run import "$WORK/long.json"
expect_rc 0
expect_eq "$OUT" "Added 0 entries, $N already here; 0 plan versions (1 already here)."

# Into a database that holds entries: a fault late in the file takes back the thousands of
# entries written before it, and the log is as it was.
run mood 4
expect_rc 0
"$EBB" export -o "$WORK/before.json" >/dev/null 2>&1
python3 - "$WORK/long.json" "$WORK/new_bad.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for i, e in enumerate(doc["entries"]):
    e["id"] = "02" + e["id"][2:]  # all new
doc["entries"][-1]["id"] = doc["entries"][0]["id"]  # the last one repeats the first
json.dump(doc, open(sys.argv[2], "w"), indent=1)
EOF
run import "$WORK/new_bad.json"
expect_rc 3 "the same id twice, first and last"
expect_contains "$ERR" "entry $N (line"
expect_contains "$ERR" "has the same id as entry 1 (line"
expect_contains "$ERR" "Nothing was added."
"$EBB" export -o "$WORK/after.json" >/dev/null 2>&1
expect_eq "$(jq -c '.entries' "$WORK/after.json")" "$(jq -c '.entries' "$WORK/before.json")" \
  "the log after a refused import"

# CSV streams the same way.
"$EBB" export --format csv -o "$WORK/all.csv" >/dev/null 2>&1
export EBB_DB=$WORK/csv.db
run import "$WORK/all.csv"
expect_rc 0 "a long CSV import"
expect_eq "$OUT" "Added $((N + 1)) entries, 0 already here."

# Standard input: redirected from a file it is read as the file is; from a pipe it is kept
# in an unnamed file beside the database while it is read (never in memory whole), which
# leaves nothing behind however the import ends.
mkdir -m 700 "$WORK/in"
export EBB_DB=$WORK/in/stdin.db
listing() { (cd "$WORK/in" && ls -A); }
OUT=$(cat "$WORK/late_bad.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 3 "a bad entry near the end, from a pipe"
expect_contains "$(cat "$WORK/stderr")" "standard input: entry $((N - 1)) (line"
expect_contains "$(cat "$WORK/stderr")" "Nothing was added."
expect_eq "$(listing)" "" "the folder after a refused import from a pipe"
# Cut off while it reads: a pipe that doesn't end, the process killed as it waits on it.
mkfifo "$WORK/fifo"
"$EBB" import - <"$WORK/fifo" >/dev/null 2>&1 &
PID=$!
exec 7>"$WORK/fifo"
cat "$WORK/long.json" >&7
spool=""
for _ in $(seq 1 100); do
  spool=$(ls -l "/proc/$PID/fd" 2>/dev/null | grep -F "$WORK/in/" || true)
  [ -n "$spool" ] && break
  sleep 0.05
done
expect_contains "$spool" "(deleted)" "standard input kept in an unnamed file beside the database"
kill -KILL "$PID"
wait "$PID" 2>/dev/null
exec 7>&-
expect_eq "$(listing)" "" "the folder after an import from a pipe was killed"
OUT=$(cat "$WORK/long.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 0 "a long import from a pipe"
expect_eq "$OUT" "Added $N entries, 0 already here; 1 plan version."
expect_eq "$(listing | grep -v -e '^stdin.db' || true)" "" "the folder after an import from a pipe"
# Into a database that holds them, a late fault from a pipe changes nothing.
"$EBB" export -o "$WORK/stdin-before.json" >/dev/null 2>&1
OUT=$(cat "$WORK/new_bad.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 3 "the same id twice, from a pipe"
"$EBB" export -o "$WORK/stdin-after.json" >/dev/null 2>&1
expect_eq "$(jq -c '.entries' "$WORK/stdin-after.json")" \
  "$(jq -c '.entries' "$WORK/stdin-before.json")" "the log after a refused import from a pipe"
export EBB_DB=$WORK/stdin-file.db
OUT=$("$EBB" import - <"$WORK/long.json" 2>"$WORK/stderr"); RC=$?
expect_rc 0 "a long import from standard input redirected from a file"
expect_eq "$OUT" "Added $N entries, 0 already here; 1 plan version."
run review --since 30d
expect_rc 0 "review after a long import"
expect_contains "$OUT" "What set urges off: \"after work\""

# Beside an encrypted database a pipe is neither kept in a file (it would be in the clear)
# nor held whole: it is read as it is imported, a window at a time. The same entries, the
# same refusals (a JSON error far into the file keeps its line and column), nothing left in
# the folder, and the log as it was after a refusal.
mkdir -m 700 "$WORK/enc"
export EBB_DB=$WORK/enc/enc.db
run_ok mood 5
"$EBB" encrypt --new-key-file "$WORK/enc.key" >/dev/null 2>&1 || fail "encrypting the log"
export EBB_KEY_FILE=$WORK/enc.key
expect_eq "$(head -c 8 "$EBB_DB")" "EBBCRYPT" "the log is encrypted"
enc_listing() { (cd "$WORK/enc" && ls -A | grep -v -x -e enc.db -e enc.db.lock || true); }
python3 - "$WORK/long.json" "$WORK/syntax_bad.json" <<'EOF2'
import sys
text = open(sys.argv[1]).read()
at = text.rindex('"score": 6')
open(sys.argv[2], "w").write(text[:at] + '"score": 6 "x"' + text[at + len('"score": 6'):])
EOF2
run import "$WORK/syntax_bad.json"
expect_rc 3 "a JSON error late in the file"
from_file=${ERR#"ebb: $WORK/syntax_bad.json: "}
expect_contains "$from_file" "line 27378, column 15: expected ',' or '}', found"
OUT=$(cat "$WORK/syntax_bad.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 3 "a JSON error late in the file, from a pipe"
expect_eq "$(cat "$WORK/stderr")" "ebb: standard input: $from_file" "the error from a pipe"
OUT=$(cat "$WORK/late_bad.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 3 "a bad entry near the end, from a pipe into an encrypted log"
expect_contains "$(cat "$WORK/stderr")" "standard input: entry $((N - 1)) (line"
expect_eq "$(enc_listing)" "" "the folder after a refused import from a pipe"
OUT=$(cat "$WORK/long.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 0 "a long import from a pipe into an encrypted log"
expect_eq "$OUT" "Added $N entries, 0 already here; 1 plan version."
expect_eq "$(enc_listing)" "" "the folder after an import from a pipe"
OUT=$(cat "$WORK/all.csv" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 0 "a long CSV import from a pipe into an encrypted log"
expect_eq "$OUT" "Added 1 entry, $N already here."
"$EBB" export -o "$WORK/enc-before.json" >/dev/null 2>&1
OUT=$(cat "$WORK/new_bad.json" | "$EBB" import - 2>"$WORK/stderr"); RC=$?
expect_rc 3 "the same id twice, from a pipe into an encrypted log"
"$EBB" export -o "$WORK/enc-after.json" >/dev/null 2>&1
expect_eq "$(jq -c '.entries' "$WORK/enc-after.json")" \
  "$(jq -c '.entries' "$WORK/enc-before.json")" "the encrypted log after a refused import"
expect_eq "$(jq '.entries | length' "$WORK/enc-after.json")" "$((N + 2))" "every entry there"
unset EBB_KEY_FILE

finish
