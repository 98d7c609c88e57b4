#!/usr/bin/env bash
# The man pages: clean under mandoc's lint, and ebb(1) documents every command, option,
# config key and environment variable the sources have. Then `cmake --install` into a
# prefix puts the binary, pages and completions where the shells and man look for them.
. "$(dirname "$0")/lib.sh"

SRC=${EBB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${EBB_BUILD_DIR:-$(dirname "$EBB")}
PAGE=$SRC/man/ebb.1

# --- lint -----------------------------------------------------------------------------------

# Whether a page another page refers to is installed on this machine is not the page's
# fault; every other message (style included) is.
PAGES=()
for page in "$SRC"/man/*.[157]; do
  [ -e "$page" ] && PAGES+=("$page")
done
expect_contains "${PAGES[*]}" "/ebb.1" "ebb.1 exists"
for page in "${PAGES[@]}"; do
  LINT=$(mandoc -T lint "$page" 2>&1)
  RC=$?
  CHECKS=$((CHECKS + 1))
  REST=$(printf '%s\n' "$LINT" | grep -v -e 'referenced manual not found' -e 'mandoc\.db' -e '^$')
  [ "$RC" -le 1 ] && [ -z "$REST" ] || fail "mandoc -T lint $(basename "$page") (exit $RC): $REST"
  # The ebb pages it refers to are ones that exist or are on their way.
  # .Xr ebb-time 7 (mdoc) or .BR ebb-time (7) (man), as ebb-time.7.
  for ref in $(sed -nE 's/^\.(Xr|BR) (ebb[a-z-]*) \(?([157])\)?.*/\2.\3/p' "$page"); do
    case $ref in
      ebb.1 | ebb-plan.5 | ebb-time.7) ;;
      *) [ -e "$SRC/man/$ref" ] || fail "$(basename "$page") refers to $ref, which does not exist" ;;
    esac
  done
done

# --- ebb(1) against the CLI -----------------------------------------------------------------

# section NAME: the source of `.Sh NAME` up to the next `.Sh`.
section() { awk -v want=".Sh $1" '/^\.Sh / { on = ($0 == want); next } on' "$PAGE"; }
# subsection CMD: the source of `.Ss ebb CMD ...` up to the next `.Ss` or `.Sh`.
subsection() {
  awk -v cmd="$1" '/^\.S[sh] / { split($0, w, " "); on = (w[1] == ".Ss" && w[2] == "ebb" && w[3] == cmd); next } on' "$PAGE"
}
# documents TEXT OPTION: whether TEXT has `Fl -option` (mdoc) for OPTION (--option).
documents() { printf '%s\n' "$1" | grep -qE "(^|[ .])Fl ${2#-}( |$)"; }

GLOBAL=$(section "GLOBAL OPTIONS")
run_ok __complete ''
COMMANDS=$(printf '%s\n' "$OUT" | cut -f1)
expect_contains "$COMMANDS" "substances" "commands from the CLI"
for cmd in $COMMANDS; do
  TEXT=$(subsection "$cmd")
  CHECKS=$((CHECKS + 1))
  [ -n "$TEXT" ] || { fail "ebb.1 has no subsection '.Ss ebb $cmd'"; continue; }
  expect_contains "$(section SYNOPSIS)" ".Cm $cmd" "ebb.1 SYNOPSIS lists $cmd"
  run_ok __complete "$cmd" --
  expect_contains "$OUT" "--help" "options of $cmd"
  for opt in $(printf '%s\n' "$OUT" | cut -f1); do
    CHECKS=$((CHECKS + 1))
    documents "$TEXT" "$opt" || documents "$GLOBAL" "$opt" ||
      fail "ebb.1 does not document $opt under 'ebb $cmd' or GLOBAL OPTIONS"
  done
done
run_ok __complete --
for opt in $(printf '%s\n' "$OUT" | cut -f1); do
  CHECKS=$((CHECKS + 1))
  documents "$GLOBAL" "$opt" || fail "ebb.1 GLOBAL OPTIONS does not document $opt"
done

# Every key the config reader accepts, and every variable the sources read.
CONFIG=$(section CONFIGURATION)
KEYS=$(grep -ohE '\b(key|rkey) == "[a-z_]+"' "$SRC/src/core/config.cpp" | sed -E 's/.*"(.*)"/\1/' | sort -u)
expect_contains "$KEYS" "day_starts_at" "config keys found in the sources"
for key in $KEYS; do
  CHECKS=$((CHECKS + 1))
  printf '%s\n' "$CONFIG" | grep -qE "^\.It Cm \[?$key\]?( |$)" ||
    fail "ebb.1 CONFIGURATION does not document $key"
done
ENVIRONMENT=$(section ENVIRONMENT)
VARS=$(grep -ohE '(getenv|var)\("[A-Z_]+"\)' "$SRC"/src/*/*.cpp "$SRC"/src/*/*/*.cpp | sed -E 's/.*"(.*)".*/\1/' | sort -u)
expect_contains "$VARS" "EBB_DB" "variables found in the sources"
for var in $VARS; do
  CHECKS=$((CHECKS + 1))
  printf '%s\n' "$ENVIRONMENT" | grep -qE "^\.It Ev (.* )?$var( |,|$)" ||
    fail "ebb.1 ENVIRONMENT does not document $var"
done
# The exit statuses of include/ebb/util/exit_codes.hpp.
STATUS=$(section "EXIT STATUS")
for code in $(grep -oE 'kExit[A-Za-z]+ = [0-9]+' "$SRC/include/ebb/util/exit_codes.hpp" | awk '{print $3}'); do
  CHECKS=$((CHECKS + 1))
  printf '%s\n' "$STATUS" | grep -qx ".It $code" || fail "ebb.1 EXIT STATUS does not document $code"
done

# --- install --------------------------------------------------------------------------------

PREFIX=$WORK/prefix
OUT=$(cmake --install "$BUILD" --prefix "$PREFIX" 2>&1)
RC=$?
expect_rc 0 "cmake --install"
for f in bin/ebb share/man/man1/ebb.1 share/bash-completion/completions/ebb \
         share/zsh/site-functions/_ebb share/fish/vendor_completions.d/ebb.fish; do
  CHECKS=$((CHECKS + 1))
  [ -f "$PREFIX/$f" ] || fail "cmake --install did not install $f"
done
[ -x "$PREFIX/bin/ebb" ] || fail "bin/ebb is not executable"
cmp -s "$SRC/completions/ebb.bash" "$PREFIX/share/bash-completion/completions/ebb" ||
  fail "installed bash completion differs from completions/ebb.bash"
# Pages from other work arrive when their source does.
for page in ebb-plan.5 ebb-time.7; do
  [ -e "$SRC/man/$page" ] || continue
  CHECKS=$((CHECKS + 1))
  cmp -s "$SRC/man/$page" "$PREFIX/share/man/man${page##*.}/$page" ||
    fail "cmake --install did not install $page"
done
OUT=$("$PREFIX/bin/ebb" --version 2>&1)
expect_contains "$OUT" "ebb " "installed ebb runs"
# man-db is in packages-test.txt: the page is checked the way a person opens it.
CHECKS=$((CHECKS + 1))
if command -v man >/dev/null; then
  for page in ebb.1 ebb-plan.5 ebb-time.7; do
    OUT=$(MANPATH=$PREFIX/share/man man -w "${page%.*}" 2>&1)
    expect_eq "$OUT" "$PREFIX/share/man/man${page##*.}/$page" "man finds the installed $page"
  done
  OUT=$(MANPATH=$PREFIX/share/man MANPAGER=cat MANWIDTH=80 man ebb 2>&1)
  expect_contains "$OUT" "a private, local log of use, urges and moods" "man renders the installed page"
else
  fail "man is not installed (man-db, from packages-test.txt)"
fi

# The installed bash completion, found the way bash-completion finds it (XDG_DATA_DIRS) and
# calling the installed ebb, with nothing from the build tree on PATH.
OUT=$(env -i HOME="$HOME" TERM=dumb PATH="$PREFIX/bin:/usr/bin:/bin" XDG_DATA_DIRS="$PREFIX/share" \
  bash --norc --noprofile -c '
    . /usr/share/bash-completion/bash_completion
    __load_completion ebb || exit 7
    COMP_WORDS=(ebb subs) COMP_CWORD=1 COMP_LINE="ebb subs" COMP_POINT=8
    _ebb ebb subs ebb
    printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
RC=$?
expect_rc 0 "bash-completion loads the installed completion"
expect_eq "$OUT" "substances" "installed bash completion completes"

finish
