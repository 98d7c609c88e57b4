# Shared helpers for the end-to-end tests: each test runs the real binary with a temporary
# HOME, a fixed clock (EBB_NOW) and a fixed zone, and checks output, JSON and exit codes.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/skip.sh"
EBB=${1:?usage: $0 path/to/ebb}
EBB=$(cd "$(dirname "$EBB")" && pwd)/$(basename "$EBB")
WORK=$(mktemp -d /tmp/ebb-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home
mkdir -p "$HOME"
unset EBB_DB EBB_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME NO_COLOR
export TZ=Europe/Berlin
export EBB_NOW=2026-11-20T21:30:00+01:00
export LANG=C.UTF-8
DB=$HOME/.local/share/ebb/ebb.db
FAILS=0
CHECKS=0

fail() {
  echo "FAIL: $*" >&2
  FAILS=$((FAILS + 1))
}

# Every run's exit status is checked (expect_rc, expect_rc_in) before the next run and
# before finish: a status nobody looks at is how a crash, or a sanitizer finding, goes unseen.
UNCHECKED=""
check_checked() {
  if [ -n "$UNCHECKED" ]; then
    fail "the exit status of 'ebb $UNCHECKED' ($UNCHECKED_AT, exit $UNCHECKED_RC) was never checked (expect_rc)"
    [ -z "${EBB_E2E_UNCHECKED_LOG:-}" ] || echo "$UNCHECKED_AT $UNCHECKED_RC" >>"$EBB_E2E_UNCHECKED_LOG"
  fi
  UNCHECKED=""
}

# run CMD...: runs ebb, capturing stdout in $OUT, stderr in $ERR and the status in $RC.
run() {
  check_checked
  OUT=$("$EBB" "$@" 2>"$WORK/stderr")
  RC=$?
  ERR=$(cat "$WORK/stderr")
  UNCHECKED="$*"
  local top=$((${#BASH_LINENO[@]} - 2))  # the test's own line, through any helper of its
  UNCHECKED_AT="${BASH_SOURCE[top + 1]##*/}:${BASH_LINENO[top]}"
  UNCHECKED_RC=$RC
}

# run_ok CMD...: run, and the command must exit 0.
run_ok() {
  run "$@"
  expect_rc 0 "ebb $*"
}

expect_rc() {
  UNCHECKED=""
  CHECKS=$((CHECKS + 1))
  [ "$RC" -eq "$1" ] || fail "${2:-} expected exit $1, got $RC (stdout: $OUT) (stderr: $ERR)"
}

# expect_rc_in "0 1" [MESSAGE]: the status is one of those listed.
expect_rc_in() {
  UNCHECKED=""
  CHECKS=$((CHECKS + 1))
  case " $1 " in
    *" $RC "*) ;;
    *) fail "${2:-} expected exit in [$1], got $RC (stdout: $OUT) (stderr: $ERR)" ;;
  esac
}

expect_eq() {
  CHECKS=$((CHECKS + 1))
  [ "$1" == "$2" ] || fail "${3:-} expected [$2], got [$1]"
}

expect_contains() {
  CHECKS=$((CHECKS + 1))
  case "$1" in
    *"$2"*) ;;
    *) fail "${3:-} expected to contain [$2]: [$1]" ;;
  esac
}

expect_not_contains() {
  CHECKS=$((CHECKS + 1))
  case "$1" in
    *"$2"*) fail "${3:-} expected not to contain [$2]: [$1]" ;;
    *) ;;
  esac
}

# jqv FILTER: applies jq to $OUT.
jqv() { printf '%s' "$OUT" | jq -r "$1"; }

finish() {
  check_checked
  if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS of $CHECKS checks failed" >&2
    exit 1
  fi
  echo "$CHECKS checks passed"
  exit 0
}
