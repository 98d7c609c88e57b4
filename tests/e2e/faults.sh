#!/usr/bin/env bash
# Faults that must lose nothing and say what happened: output that can't be written, and
# the other cases of issue 17 that need no special file system (see faults_disk.sh for those).
. "$(dirname "$0")/lib.sh"

run use alcohol 2 drinks --note "with Sam"
expect_rc 0

# Output that doesn't arrive is a failure, named, never exit 0 (the cron backup case).
if [ -w /dev/full ]; then
  "$EBB" export >/dev/full 2>"$WORK/err"
  RC=$? ERR=$(cat "$WORK/err") OUT=
  expect_rc 4 "export > /dev/full"
  expect_contains "$ERR" "Couldn't write to standard output: No space left on device"
  "$EBB" export --format csv >/dev/full 2>"$WORK/err"
  RC=$? ERR=$(cat "$WORK/err")
  expect_rc 4 "export --format csv > /dev/full"
  "$EBB" log --json >/dev/full 2>"$WORK/err"
  RC=$? ERR=$(cat "$WORK/err")
  expect_rc 4 "log --json > /dev/full"
  expect_contains "$ERR" "incomplete"
fi

finish
