#!/usr/bin/env bash
# tests/readme/generate.sh EBB [README]: runs the commands shown in README.md with the real
# binary, a fixed clock and zone and an empty HOME, and prints README.md with each command's
# output as ebb printed it. tests/readme/check.sh diffs the result against README.md, so the
# README never shows output ebb no longer prints; `tests/readme/generate.sh build/ebb --write`
# rewrites README.md in place after a change to what ebb says.
#
# README.md marks what is generated:
#   <!-- readme: NAME -->     a fenced block of `$ ebb ...` lines: each is run (through bash,
#   ```                        with `ebb` the binary under test) and followed by its output
#   $ ebb use beer 2           (stdout and stderr, as a terminal shows them). Whatever stood
#   ...                        between the commands is replaced. A command ending in <<'EOF'
#   ```                        takes the lines up to EOF as its input, kept as written.
#   <!-- /readme -->
#   <!-- readme-file: NAME --> a fenced block kept as written and saved as $FILES/NAME, for
#                              the steps below (the plan the "editor" writes, the config).
# Before a block NAME runs, `before_NAME` (below) sets the clock and any history it assumes;
# the README's text says what that history is.
set -euo pipefail
EBB=${1:?usage: $0 path/to/ebb [README.md] [--write]}
EBB=$(cd "$(dirname "$EBB")" && pwd)/$(basename "$EBB")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
README=$SRC/README.md
WRITE=false
for a in "${@:2}"; do
  case "$a" in
    --write) WRITE=true ;;
    *) README=$a ;;
  esac
done

WORK=$(mktemp -d /tmp/ebb-readme.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home FILES=$WORK/files
mkdir -p "$HOME/.config/ebb" "$FILES"
unset EBB_DB EBB_CONFIG EBB_KEY_FILE XDG_DATA_HOME XDG_CONFIG_HOME NO_COLOR VISUAL
export TZ=Europe/London LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=dumb COLUMNS=90
export EBB_NOW=2026-11-20T21:30:00Z

ebb() { "$EBB" "$@"; }
export -f ebb
export EBB

# The editor `ebb plan edit` opens: it writes the plan shown in the README.
cat >"$WORK/editor" <<'EOF'
#!/bin/sh
cp "$FILES/plan.toml" "$1"
EOF
chmod +x "$WORK/editor"
export EDITOR=$WORK/editor

# A quiet `ebb` at a given time, for the history a block assumes.
at() {
  local now=$1
  shift
  EBB_NOW=$now "$EBB" "$@" >/dev/null 2>&1 || {
    echo "readme: setup step failed: ebb $*" >&2
    exit 1
  }
}

before_first() { export EBB_NOW=2026-11-20T21:30:00Z; }
before_plan() { export EBB_NOW=2026-11-20T21:40:00Z; }
# The week after the first evening, as the README tells it: a planned day off on Monday with
# an urge met by a run, a glass of wine on Wednesday (a planned day off), moods, the pub on
# Friday and a Saturday that went past the plan. Reviewed on Monday morning.
before_review() {
  at 2026-11-23T12:00:00Z none --substance alcohol
  at 2026-11-23T18:30:00Z urge 6 --trigger "after work" --other "went for a run" --after 2
  at 2026-11-24T21:00:00Z mood 6 --feel ok
  at 2026-11-25T20:00:00Z use wine 1 --with partner
  at 2026-11-26T22:00:00Z mood 8 --feel proud,calm
  at 2026-11-27T21:00:00Z use beer 3 --with friends --where pub
  at 2026-11-28T20:00:00Z use beer 3 --with friends
  at 2026-11-28T23:30:00Z use beer 2 --with friends
  at 2026-11-29T11:00:00Z mood 7 --feel rested
  export EBB_NOW=2026-11-30T09:00:00Z
}
before_check() { export EBB_NOW=2026-12-01T19:00:00Z; }
before_config() {
  cp "$FILES/config.toml" "$HOME/.config/ebb/config.toml"
  export EBB_NOW=2026-12-04T20:30:00Z
}
# Someone else's evening, in a log of their own: heroin 13 days ago, beer earlier tonight,
# the same config (their help lines).
before_safety() {
  export EBB_DB=$WORK/other.db
  at 2026-11-21T23:00:00Z use heroin 20mg
  at 2026-12-04T20:00:00Z use beer 2
  export EBB_NOW=2026-12-04T23:50:00Z
}

# Runs one command line (with its heredoc, if any) and prints its output.
run_one() {
  bash -c "$1" 2>&1 || true
}

out=$WORK/README.md
: >"$out"
block="" kind="" infence=false cmd="" heredoc=""
emit() { printf '%s\n' "$1" >>"$out"; }
flush_cmd() {
  [ -n "$cmd" ] || return 0
  run_one "$cmd" >>"$out"
  cmd=""
}
while IFS= read -r line || [ -n "$line" ]; do
  if [ -z "$block" ]; then
    emit "$line"
    case "$line" in
      "<!-- readme: "*" -->")
        block=${line#<!-- readme: }; block=${block% -->}; kind=run
        ! declare -F "before_$block" >/dev/null || "before_$block" ;;
      "<!-- readme-file: "*" -->")
        block=${line#<!-- readme-file: }; block=${block% -->}; kind=file
        : >"$FILES/$block" ;;
    esac
    continue
  fi
  if [ "$line" = "<!-- /readme -->" ]; then
    [ "$kind" = run ] && { flush_cmd; emit '```'; }
    emit "$line"
    block="" infence=false
    continue
  fi
  if [ "$kind" = file ]; then
    emit "$line"
    if [ "$line" = '```' ] || [[ "$line" == '```'* && $infence == false ]]; then
      if $infence; then infence=false; else infence=true; fi
    elif $infence; then
      printf '%s\n' "$line" >>"$FILES/$block"
    fi
    continue
  fi
  # A run block: the fence opens, commands are kept, outputs regenerated.
  if ! $infence; then
    [[ "$line" == '```'* ]] && { emit "$line"; infence=true; }
    continue
  fi
  if [ -n "$heredoc" ]; then
    emit "$line"
    cmd+=$'\n'"$line"
    [ "$line" = "$heredoc" ] && heredoc=""
    continue
  fi
  case "$line" in
    '$ '*)
      flush_cmd
      emit "$line"
      cmd=${line#\$ }
      if [[ "$cmd" =~ \<\<\'?([A-Z]+)\'?$ ]]; then heredoc=${BASH_REMATCH[1]}; fi ;;
    '```') ;;  # the closing fence is written after the last output
    *) ;;      # an old output line: regenerated
  esac
done <"$README"
[ -z "$block" ] || { echo "readme: block $block has no <!-- /readme -->" >&2; exit 1; }

if $WRITE; then
  cp "$out" "$README"
else
  cat "$out"
fi
