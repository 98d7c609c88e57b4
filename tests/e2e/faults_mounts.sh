#!/usr/bin/env bash
# Faults that need a private mount namespace. A full disk, on a small tmpfs of our own: a
# write that doesn't fit saves nothing and says so; a forget that can't compact the file is
# still reported as done; its compaction never spills a copy of the database into the temporary
# folder. A broken /etc/localtime or no time zone database at all: a message that says so.
# The namespace comes from `unshare -m` as root, or `unshare -rm` where unprivileged user
# namespaces are allowed; the script is skipped (77) where neither is.
if [ -z "${EBB_IN_MOUNT_NS:-}" ]; then
  for flags in "-m" "-rm"; do
    # shellcheck disable=SC2086
    if unshare $flags --propagation private mount -t tmpfs -o size=64k tmpfs /tmp 2>/dev/null; then
      # shellcheck disable=SC2086
      exec env EBB_IN_MOUNT_NS=1 unshare $flags --propagation private bash "$0" "$@"
    fi
  done
  echo "skipped: this machine allows no private mount namespace (unshare -m or -rm)" >&2
  exit 77
fi
. "$(dirname "$0")/lib.sh"
MOUNTS=()
trap 'for m in "${MOUNTS[@]}"; do umount "$m"; done; rm -rf "$WORK"' EXIT

# tmpfs DIR SIZE: a fresh tmpfs of SIZE at DIR.
tmpfs() { mkdir -p "$1" && mount -t tmpfs -o "size=$2" tmpfs "$1" && MOUNTS+=("$1"); }
# fill DIR KEEP: fills the file system of DIR until KEEP blocks of 4 KiB are left.
fill() {
  local free
  free=$(stat -f -c %a "$1")
  dd if=/dev/zero of="$1/filler" bs=4k count=$((free > $2 ? free - $2 : 0)) 2>/dev/null
}
# entries N: an ebb export of N uses with some text, for a database of some size.
entries() {
  local i
  printf '{"ebb_export": 1, "entries": [\n'
  for ((i = 1; i <= $1; i++)); do
    [ "$i" -gt 1 ] && printf ',\n'
    printf '{"id": "01KA%022d", "kind": "use", "at": "2026-10-%02dT20:00:00+01:00", "zone": "Europe/Berlin", "substance": "alcohol", "amount": 1, "unit": "drink", "note": "an evening out, number %d, with a long note to take some room"}' \
      "$i" $((1 + i % 28)) "$i"
  done
  printf ']}\n'
}
entries 2000 >"$WORK/mid.json"
entries 30000 >"$WORK/big.json"

# A write into a full disk: nothing saved, and it says so.
tmpfs "$WORK/small" 1m
D=$WORK/small/ebb.db
for n in 1 2 3; do "$EBB" --db "$D" use alcohol "$n" >/dev/null 2>&1; done
fill "$WORK/small" 0
run --db "$D" use alcohol 9 --note "after the party"
expect_rc 4 "a write into a full disk"
expect_contains "$ERR" "The disk holding $D is full"
expect_contains "$ERR" "Nothing was saved; free some space and try again."
expect_not_contains "$ERR" "disk I/O error"
rm "$WORK/small/filler"
run --db "$D" log --json
expect_rc 0
expect_eq "$(jqv length)" "3" "the three entries from before, and only those"

# A forget that fits but whose compaction doesn't: done, and the compaction reported as not.
tmpfs "$WORK/mid" 2m
D=$WORK/mid/ebb.db
"$EBB" --db "$D" import "$WORK/mid.json" >/dev/null 2>&1
"$EBB" --db "$D" use cannabis 1 --note "the one to forget" >/dev/null 2>&1
fill "$WORK/mid" 30
run --db "$D" forget --substance cannabis --yes
expect_rc 0 "a forget whose compaction didn't fit"
expect_contains "$OUT" "Forgot 1 entry."
expect_contains "$ERR" "couldn't be compacted just now (the disk is full)"
expect_contains "$ERR" "overwritten with zeros all the same"
expect_eq "$(find "$WORK/mid" -name '*ebb-tmp*' | wc -l)" "0" "no part of the copy left behind"
rm "$WORK/mid/filler"
run --db "$D" log --all --json
expect_rc 0
expect_eq "$(jqv '[.[] | select(.substance == "cannabis")] | length')" "0" "the forget holds"
expect_eq "$(jqv length)" "2000"
CHECKS=$((CHECKS + 1))
LC_ALL=C grep -qa "the one to forget" "$D" && fail "the forgotten note is still in the file"
run --db "$D" --json forget --before 2026-10-02 --yes
expect_rc 0
expect_eq "$(jqv .compacted)" "true" "with room again, the next forget compacts"

# The compacted copy goes beside the database: a temporary folder with no room in it changes
# nothing.
tmpfs "$WORK/tmpdir" 64k
D=$WORK/big.db
"$EBB" --db "$D" import "$WORK/big.json" >/dev/null 2>&1
SQLITE_TMPDIR=$WORK/tmpdir TMPDIR=$WORK/tmpdir run --db "$D" --json forget --before 2026-10-15 --yes
expect_rc 0 "forget of a large database with a tiny temporary folder"
expect_eq "$(jqv .compacted)" "true" "no copy spilled into the temporary folder"

# --- the time zone --------------------------------------------------------------------------

# A broken /etc/localtime (a link to no zone, a file that is none): a clear message naming it,
# not a silent UTC; no /etc/localtime at all is UTC, as for the C library. A small /etc of our
# own stands in for the real one.
mkdir -p "$WORK/etc"
mount -t tmpfs -o size=64k tmpfs /etc && MOUNTS=(/etc "${MOUNTS[@]}")
ln -s /usr/share/zoneinfo/Nowhere/Else /etc/localtime
TZ= run use alcohol 1
expect_rc 2 "a link to no zone"
expect_contains "$ERR" "This machine's time zone can't be told: /etc/localtime points to /usr/share/zoneinfo/Nowhere/Else"
expect_contains "$ERR" "Set TZ to yours, like TZ=Europe/Berlin"
expect_contains "$ERR" "Nothing was saved."
expect_not_contains "$ERR" "basic_ios"
rm /etc/localtime
printf 'not a zone' >/etc/localtime
TZ= run log
expect_rc 2 "a file that is no zone"
expect_contains "$ERR" "/etc/localtime isn't a time zone ebb can read"
rm /etc/localtime
TZ= run diagnose
expect_rc 0 "no /etc/localtime at all"
expect_contains "$OUT" "UTC (from the system)"
umount /etc && MOUNTS=("${MOUNTS[@]:1}")

# No time zone database at all (tzdata not installed): said so, with TZ set or not.
mkdir -p "$WORK/nozones"
mount --bind "$WORK/nozones" /usr/share/zoneinfo && MOUNTS=(/usr/share/zoneinfo "${MOUNTS[@]}")
for tz in "" Europe/Berlin; do
  TZ=$tz run use alcohol 1
  expect_rc 2 "no tzdata, TZ=$tz"
  expect_contains "$ERR" "The time zone database can't be read, and ebb needs it to tell your days apart."
  expect_contains "$ERR" "apt install tzdata"
  expect_not_contains "$ERR" "isn't a time zone ebb knows"
done
TZ= run log
expect_rc 2
expect_not_contains "$ERR" "Nothing was saved" "a read-only command"

finish
