#!/usr/bin/env bash
# Shell completion: the `ebb __complete` engine, then the bash, zsh and fish scripts run in
# the real shells, with the built ebb first on PATH (the scripts call `ebb` from PATH).
. "$(dirname "$0")/lib.sh"

SRC=${EBB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
COMP=$SRC/completions
mkdir -p "$WORK/bin"
ln -s "$EBB" "$WORK/bin/ebb"
export PATH=$WORK/bin:$PATH
TAB=$'\t'

# One entry to complete ids from, and a second database with another.
run use beer 2 --json
expect_rc 0 "log an entry"
ID=$(jqv .id)
SHORT=${ID: -7}
run_ok --db "$HOME/other.db" mood 6 --json
OTHER_ID=$(jqv .id)

# Presets from the config complete after `ebb use`, beside the substances.
mkdir -p "$HOME/.config/ebb"
printf '[presets]\npint = "beer 568ml --abv 4.5"\njoint = "cannabis 0.3g --route smoked"\n' \
  >"$HOME/.config/ebb/config.toml"

# sorted TEXT: the lines of TEXT, sorted, on one line, for comparisons.
sorted() { printf '%s\n' "$1" | LC_ALL=C sort | paste -sd' ' -; }

# words TEXT: the candidates of `ebb __complete` output, without descriptions.
words() { printf '%s\n' "$1" | cut -f1; }

# --- the engine ---------------------------------------------------------------------------

run __complete ''
expect_rc 0 "__complete ''"
for cmd in use urge mood none log edit rm undo substances help; do
  expect_contains "$(words "$OUT")" "$cmd" "command $cmd listed"
done
expect_contains "$OUT" "use${TAB}Log a use" "commands carry their description"
expect_not_contains "$OUT" "__complete" "the engine itself stays hidden"

run_ok __complete us
expect_eq "$(words "$OUT")" "use" "ebb us"
run_ok __complete use --r
expect_eq "$(sorted "$(words "$OUT")")" "--reason --route" "ebb use --r"
expect_contains "$OUT" "--route${TAB}How: oral" "option descriptions"
run_ok __complete use --
expect_contains "$(words "$OUT")" "--db" "global options after a command"
expect_not_contains "$(words "$OUT")" "--trigger" "urge options are not use options"
run_ok __complete use be
expect_contains "$(words "$OUT")" "beer" "alias beer"
expect_contains "$OUT" "beer${TAB}alcohol" "an alias names its substance"
expect_not_contains "$(words "$OUT")" "wine" "only names starting with be"
run_ok __complete log --kind ''
expect_eq "$(sorted "$OUT")" "mood none urge use" "log --kind values"
run_ok __complete log --kind=u
expect_eq "$(sorted "$OUT")" "--kind=urge --kind=use" "log --kind=u"
run_ok __complete --color ''
expect_eq "$(sorted "$OUT")" "always auto never" "--color values before a command"
run_ok __complete use beer --at ''
expect_contains "$OUT" "1h ago" "--at offers times with spaces"
run_ok __complete use beer --json --r
expect_eq "$(sorted "$(words "$OUT")")" "--reason --route" "a flag takes no value"
run_ok __complete use beer --route ''
expect_contains "$OUT" "snorted" "--route values after positionals"
run_ok __complete check --with xa
expect_contains "$(words "$OUT")" "xanax" "check --with offers substances"
run_ok __complete use beer --with ''
expect_not_contains "$(words "$OUT")" "beer" "use --with is a person, not a substance"
run_ok __complete check --pe
expect_eq "$(words "$OUT")" "--peek" "check --peek"
run_ok __complete ag
expect_eq "$(words "$OUT")" "again" "ebb again listed"
run_ok __complete again --ro
expect_eq "$(words "$OUT")" "--route" "again takes the options of use"
run_ok __complete now --
expect_contains "$(words "$OUT")" "--short" "now --short"
expect_contains "$(words "$OUT")" "--format" "now --format"
run_ok __complete substances --m
expect_eq "$(words "$OUT")" "--medications" "substances --medications"
run_ok __complete rm ''
expect_contains "$(words "$OUT")" "$SHORT" "rm offers the short id"
expect_contains "$OUT" "$SHORT${TAB}beer, 2 drinks" "ids carry a summary"
expect_contains "$(words "$OUT")" "$ID" "rm offers the full id"
run_ok __complete rm "$SHORT" ''
expect_contains "$(words "$OUT")" "$SHORT" "rm takes several ids"
run_ok __complete edit "$ID" --clear ''
expect_contains "$(words "$OUT")" "mood-before" "edit --clear fields"
# --db and --config typed on the line point completion at that database, in any spelling.
run_ok __complete --db "$HOME/other.db" rm ''
expect_contains "$OUT" "$OTHER_ID" "--db PATH"
expect_not_contains "$OUT" "$ID" "--db PATH leaves the default database alone"
run_ok __complete "--db=$HOME/other.db" rm ''
expect_contains "$OUT" "$OTHER_ID" "--db=PATH"
run_ok __complete rm --db "$HOME/other.db" ''
expect_contains "$OUT" "$OTHER_ID" "--db after the command"
EBB_DB=$HOME/other.db run_ok __complete rm ''
expect_contains "$OUT" "$OTHER_ID" "EBB_DB"
# Completing never creates a database.
run __complete --db "$WORK/none.db" rm ''
expect_rc 0 "ids from a missing database"
expect_eq "$OUT" "" "nothing to offer"
[ ! -e "$WORK/none.db" ] || fail "completion created a database"
run __complete nosuchcommand ''
expect_rc 0 "unknown words complete to nothing, quietly"
# The words reach the engine as typed, never parsed as ebb's own options.
run_ok __complete --h
expect_eq "$(sorted "$(words "$OUT")")" "--help --help-all" "--h is completed, not run"
# One candidate a line: a name with a tab or a newline in it could break the format, so ebb
# refuses such names when they are logged.
run --db "$WORK/odd.db" use $'two\tparts' 1
expect_rc 2 "a tab in a substance name"
run --db "$WORK/odd.db" use $'two\nlines' 1
expect_rc 2 "a newline in a substance name"
"$EBB" --db "$WORK/odd.db" use alcohol 1 >/dev/null 2>&1 || fail "use alcohol in odd.db"
"$EBB" --db "$WORK/odd.db" use cannabis 1 >/dev/null 2>&1 || fail "use cannabis in odd.db"
run_ok __complete --db "$WORK/odd.db" rm ''
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "4" "two ids, each short and full"
expect_eq "$(printf '%s\n' "$OUT" | awk -F'\t' 'NF != 2' )" "" "each line is id<TAB>summary"
run_ok __complete --db "$WORK/odd.db" use two
expect_eq "$OUT" "" "names with control characters are not offered"

# --- bash ---------------------------------------------------------------------------------

# bash_complete MODE LINE: completes LINE, cursor at the end, in a fresh bash with the
# script sourced (MODE full: after bash-completion; bare: on its own). COMP_WORDS is split
# as readline splits it: at blanks outside quotes, with `=` and `:` as words of their own.
# Sets $OUT to COMPREPLY, one per line.
bash_complete() {
  OUT=$(bash --norc --noprofile -c '
    mode=$1 line=$2 script=$3 squote=$4
    if [ "$mode" = full ]; then . /usr/share/bash-completion/bash_completion || exit 9; fi
    . "$script" || exit 9
    COMP_WORDS=() word= quote= open=0
    for ((i = 0; i < ${#line}; i++)); do
      c=${line:i:1}
      if [[ -n $quote ]]; then word+=$c; [[ $c == "$quote" ]] && quote=; continue; fi
      case $c in
        \" | "$squote") quote=$c word+=$c open=1 ;;
        \\) word+=$c${line:i+1:1} open=1; ((i++)) ;;
        " ") ((open)) && COMP_WORDS+=("$word"); word= open=0 ;;
        [=:]) ((open)) && COMP_WORDS+=("$word"); COMP_WORDS+=("$c"); word= open=0 ;;
        *) word+=$c open=1 ;;
      esac
    done
    if ((open)) || [[ $line == *" " ]]; then COMP_WORDS+=("$word"); fi
    COMP_LINE=$line COMP_POINT=${#line} COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    [[ $(complete -p ebb) == *"-F _ebb"* ]] || exit 8
    _ebb ebb "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"
  ' _ "$1" "$2" "$COMP/ebb.bash" "'")
  RC=$?
}

for mode in full bare; do
  bash_complete $mode "ebb us"
  expect_rc 0 "bash $mode runs"
  expect_eq "$OUT" "use" "bash $mode: ebb us"
  bash_complete $mode "ebb "
  expect_contains "$OUT" "substances" "bash $mode: every command"
  expect_not_contains "$OUT" "$TAB" "bash $mode: descriptions stripped"
  bash_complete $mode "ebb use --r"
  expect_eq "$(sorted "$OUT")" "--reason --route" "bash $mode: ebb use --r"
  bash_complete $mode "ebb use be"
  expect_contains "$OUT" "beer" "bash $mode: ebb use be"
  expect_not_contains "$OUT" "wine" "bash $mode: ebb use be"
  bash_complete $mode "ebb help rev"
  expect_eq "$OUT" "review" "bash $mode: ebb help rev"
  bash_complete $mode "ebb none --s"
  expect_eq "$OUT" "--substance" "bash $mode: ebb none --s"
  bash_complete $mode "ebb ag"
  expect_eq "$OUT" "again" "bash $mode: ebb again"
  bash_complete $mode "ebb now --sh"
  expect_eq "$OUT" "--short" "bash $mode: ebb now --sh"
  bash_complete $mode "ebb check --with xa"
  expect_contains "$OUT" "xanax" "bash $mode: ebb check --with xa"
  bash_complete $mode "ebb substances --u"
  expect_eq "$OUT" "--unknown" "bash $mode: ebb substances --u"
  bash_complete $mode "ebb use pi"
  expect_contains "$OUT" "pint" "bash $mode: a preset"
  bash_complete $mode "ebb use beer 6 pi"
  expect_contains "$OUT" "pints" "bash $mode: containers as units"
  bash_complete $mode "ebb log --kind "
  expect_eq "$(sorted "$OUT")" "mood none urge use" "bash $mode: ebb log --kind"
  # Readline replaces only what follows `=`: candidates are the values alone.
  bash_complete $mode "ebb log --kind=u"
  expect_eq "$(sorted "$OUT")" "urge use" "bash $mode: ebb log --kind=u"
  bash_complete $mode "ebb log --kind="
  expect_eq "$(sorted "$OUT")" "mood none urge use" "bash $mode: ebb log --kind="
  bash_complete $mode "ebb log --kind=use --su"
  expect_eq "$OUT" "--substance" "bash $mode: after --kind=use"
  bash_complete $mode "ebb log --kind=use --since "
  expect_contains "$OUT" "yesterday" "bash $mode: a value after --opt=value"
  bash_complete $mode "ebb rm "
  expect_contains "$OUT" "$SHORT" "bash $mode: ebb rm"
  bash_complete $mode "ebb --db $HOME/other.db rm "
  expect_contains "$OUT" "$OTHER_ID" "bash $mode: ebb --db PATH rm"
  bash_complete $mode "ebb --db '$HOME/other.db' rm "
  expect_contains "$OUT" "$OTHER_ID" "bash $mode: a quoted --db PATH"
  # Values with spaces: escaped when bare, as they are inside quotes.
  bash_complete $mode "ebb --db ~/other.db rm "
  expect_contains "$OUT" "$OTHER_ID" "bash $mode: --db ~/PATH"
  bash_complete $mode "ebb use beer --at 1h"
  expect_eq "$OUT" '1h\ ago' "bash $mode: a value with a space, unquoted"
  bash_complete $mode "ebb use beer --at \"1h"
  expect_eq "$OUT" "1h ago" "bash $mode: a value with a space, in quotes"
  bash_complete $mode "ebb use beer --at 1h\\ a"
  expect_eq "$OUT" '1h\ ago' "bash $mode: a value with an escaped space"
  # plan show takes a version of the plan: its --version, not the global one.
  bash_complete $mode "ebb plan show --v"
  expect_eq "$OUT" "--version" "bash $mode: ebb plan show --v"
  # Options added for issue 17.
  bash_complete $mode "ebb export --fo"
  expect_eq "$(sorted "$OUT")" "--force --format" "bash $mode: ebb export --fo"
  bash_complete $mode "ebb report --fo"
  expect_eq "$(sorted "$OUT")" "--force --format" "bash $mode: ebb report --fo"
  # Options and commands added for issue 14 (after a use, set and setting, surf, backfill).
  bash_complete $mode "ebb trends --by w"
  expect_eq "$(sorted "$OUT")" "week where with" "bash $mode: ebb trends --by w"
  bash_complete $mode "ebb review --by"
  expect_eq "$OUT" "--by-plan" "bash $mode: ebb review --by"
  bash_complete $mode "ebb use beer --fe"
  expect_eq "$OUT" "--felt" "bash $mode: ebb use --felt"
  bash_complete $mode "ebb su"
  expect_eq "$(sorted "$OUT")" "substances surf" "bash $mode: ebb su"
  bash_complete $mode "ebb backf"
  expect_eq "$OUT" "backfill" "bash $mode: ebb backf"
  # Issue 14: meanings, replay, plan history --diff.
  bash_complete $mode "ebb mea"
  expect_eq "$OUT" "meanings" "bash $mode: ebb mea"
  bash_complete $mode "ebb replay ye"
  expect_eq "$OUT" "yesterday" "bash $mode: ebb replay ye"
  bash_complete $mode "ebb replay --occasion "
  expect_contains "$OUT" "$SHORT" "bash $mode: ebb replay --occasion ID"
  bash_complete $mode "ebb plan history --di"
  expect_eq "$OUT" "--diff" "bash $mode: ebb plan history --di"
  # Issue 16: the formats of export, not report's.
  bash_complete $mode "ebb export --format "
  expect_eq "$(sorted "$OUT")" "csv ics json psychonautwiki tlfb trackandgraph" "bash $mode: export formats"
  bash_complete $mode "ebb report --format "
  expect_eq "$(sorted "$OUT")" "html markdown" "bash $mode: report formats"
done

# --- zsh ----------------------------------------------------------------------------------

# A real interactive zsh in a pseudo-terminal (zpty) with compinit finding _ebb through
# fpath. TAB runs complete-word; compadd is wrapped to write the candidates it would add (as
# compadd itself matched them against the word) and their display lines to a file.
cat > "$WORK/zsh-setup.zsh" <<'EOF'
fpath=("$EBB_COMPLETIONS" $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
  local -a hits shown
  local i=${@[(i)-d]}
  # -O/-A/-D only compute matches for the caller; they add nothing.
  if (( ${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi
  (( i < $# )) && shown=("${(@P)${@[i+1]}}")
  builtin compadd -A hits -D shown "$@"
  for i in {1..$#hits}; do print -r -- "$hits[i]"$'\t'"$shown[i]"; done >> "$ZCAP.tmp"
  (( $#hits ))
}
_capture() {
  : >| "$ZCAP.tmp"
  zle complete-word
  mv -f "$ZCAP.tmp" "$ZCAP"
}
zle -N _capture
bindkey '^I' _capture
print READY
EOF
cat > "$WORK/zsh-driver.zsh" <<'EOF'
# Types each argument followed by TAB, prints "= LINE" then what was captured.
zmodload zsh/zpty
zpty shell zsh -f -i
zpty -w shell "source ${(q)ZSETUP}"
zpty -r shell line '*READY*' || { print "no zsh"; exit 1; }
for typed in "$@"; do
  rm -f "$ZCAP"
  zpty -w -n shell "$typed"$'\t'
  for i in {1..300}; do [[ -e $ZCAP ]] && break; sleep 0.1; done
  print -r -- "= $typed"
  [[ -e $ZCAP ]] && cat "$ZCAP" || print "TIMEOUT"
  zpty -w -n shell $'\C-u'
  while zpty -r -t shell junk; do :; done
done
zpty -d shell
EOF

# zsh_complete LINE: the candidates (with display text) zsh offers after typing LINE.
ZSH_CASES=("ebb us" "ebb " "ebb use --r" "ebb use be" "ebb log --kind " "ebb log --kind=u"
           "ebb rm " "ebb use beer --at 1h" "ebb --db $WORK/ab" "ebb --db ~/other.db rm "
           "ebb plan show --v" "ebb export --fo" "ebb report --fo" "ebb help rev"
           "ebb use heroine --n" "ebb trends --by w" "ebb surf --m"
           "ebb check --with xa" "ebb now --sh" "ebb use pi"
           "ebb mea" "ebb replay sa" "ebb meanings --su"
           "ebb plan history --di" "ebb export --format ")
touch "$WORK/abc.txt"
ZSH_OUT=$(EBB_COMPLETIONS=$COMP ZSETUP=$WORK/zsh-setup.zsh ZCAP=$WORK/zsh-captured \
  timeout 300 zsh -f "$WORK/zsh-driver.zsh" "${ZSH_CASES[@]}" 2>&1)
zsh_complete() { printf '%s\n' "$ZSH_OUT" | awk -v want="= $1" '
  /^= / { on = ($0 == want); next } on'; }
zsh_words() { zsh_complete "$1" | cut -f1; }

expect_eq "$(zsh_words "ebb us")" "use" "zsh: ebb us"
expect_contains "$(zsh_complete "ebb us")" "Log a use" "zsh: descriptions shown"
expect_contains "$(zsh_words "ebb ")" "substances" "zsh: every command"
expect_eq "$(sorted "$(zsh_words "ebb use --r")")" "--reason --route" "zsh: ebb use --r"
expect_contains "$(zsh_words "ebb use be")" "beer" "zsh: ebb use be"
expect_not_contains "$(zsh_words "ebb use be")" "wine" "zsh: ebb use be"
expect_eq "$(sorted "$(zsh_words "ebb log --kind ")")" "mood none urge use" "zsh: ebb log --kind"
expect_eq "$(sorted "$(zsh_words "ebb log --kind=u")")" "urge use" "zsh: --kind=u, values alone"
expect_contains "$(zsh_words "ebb rm ")" "$SHORT" "zsh: ebb rm"
expect_eq "$(zsh_words "ebb help rev")" "review" "zsh: ebb help rev"
expect_contains "$(zsh_words "ebb use heroine --n")" "--new" "zsh: ebb use --new"
expect_eq "$(zsh_words "ebb use beer --at 1h")" '1h\ ago' "zsh: a value with a space, quoted"
expect_contains "$(zsh_words "ebb --db $WORK/ab")" "abc.txt" "zsh: file names when ebb has none"
expect_contains "$(zsh_words "ebb --db ~/other.db rm ")" "$OTHER_ID" "zsh: --db ~/PATH"
expect_contains "$(zsh_words "ebb check --with xa")" "xanax" "zsh: ebb check --with"
expect_eq "$(zsh_words "ebb now --sh")" "--short" "zsh: ebb now --short"
expect_contains "$(zsh_words "ebb use pi")" "pint" "zsh: a preset"
expect_eq "$(zsh_words "ebb plan show --v")" "--version" "zsh: ebb plan show --v"
expect_contains "$(zsh_complete "ebb plan show --v")" "saved version" "zsh: the plan's version"
expect_eq "$(sorted "$(zsh_words "ebb export --fo")")" "--force --format" "zsh: ebb export --fo"
expect_eq "$(sorted "$(zsh_words "ebb report --fo")")" "--force --format" "zsh: ebb report --fo"
expect_eq "$(sorted "$(zsh_words "ebb trends --by w")")" "week where with" "zsh: trends --by w"
expect_eq "$(zsh_words "ebb surf --m")" "--minutes" "zsh: ebb surf --m"
expect_eq "$(zsh_words "ebb mea")" "meanings" "zsh: ebb mea"
expect_contains "$(zsh_complete "ebb mea")" "What use did for you" "zsh: meanings described"
expect_eq "$(zsh_words "ebb replay sa")" "sat" "zsh: ebb replay sa"
expect_eq "$(zsh_words "ebb meanings --su")" "--substance" "zsh: ebb meanings --su"
expect_eq "$(zsh_words "ebb plan history --di")" "--diff" "zsh: ebb plan history --di"
expect_eq "$(sorted "$(zsh_words "ebb export --format ")")" "csv ics json psychonautwiki tlfb trackandgraph" \
  "zsh: export formats"
expect_not_contains "$ZSH_OUT" "TIMEOUT" "zsh answered every time"

# --- fish ---------------------------------------------------------------------------------

# fish_complete LINE: what `complete -C` gives for LINE, candidate<TAB>description a line.
fish_complete() {
  OUT=$(fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$COMP/ebb.fish" "$1" 2>&1)
  RC=$?
}
fish_words() { words "$OUT"; }

fish_complete "ebb us"
expect_rc 0 "fish runs"
expect_eq "$(fish_words)" "use" "fish: ebb us"
expect_contains "$OUT" "use${TAB}Log a use" "fish: descriptions"
fish_complete "ebb use --r"
expect_eq "$(sorted "$(fish_words)")" "--reason --route" "fish: ebb use --r"
fish_complete "ebb use be"
expect_contains "$(fish_words)" "beer" "fish: ebb use be"
expect_not_contains "$(fish_words)" "wine" "fish: ebb use be"
fish_complete "ebb help rev"
expect_eq "$(fish_words)" "review" "fish: ebb help rev"
fish_complete "ebb use beer 2 --ins"
expect_eq "$(fish_words)" "--insist" "fish: ebb use --insist"
fish_complete "ebb trends --by w"
expect_eq "$(sorted "$(fish_words)")" "week where with" "fish: ebb trends --by w"
fish_complete "ebb review --by"
expect_eq "$(fish_words)" "--by-plan" "fish: ebb review --by"
fish_complete "ebb backf"
expect_eq "$(fish_words)" "backfill" "fish: ebb backf"
fish_complete "ebb use jo"
expect_contains "$OUT" "joint${TAB}preset: cannabis 0.3g --route smoked" "fish: a preset"
fish_complete "ebb ag"
expect_eq "$(fish_words)" "again" "fish: ebb again"
fish_complete "ebb now --sh"
expect_eq "$(fish_words)" "--short" "fish: ebb now --short"
fish_complete "ebb substances --me"
expect_eq "$(fish_words)" "--medications" "fish: ebb substances --medications"
fish_complete "ebb check --with xa"
expect_contains "$(fish_words)" "xanax" "fish: ebb check --with"
fish_complete "ebb log --kind "
expect_eq "$(sorted "$(fish_words)")" "mood none urge use" "fish: ebb log --kind"
fish_complete "ebb log --kind=u"
expect_eq "$(sorted "$(fish_words)")" "--kind=urge --kind=use" "fish: --kind=u"
fish_complete "ebb rm "
expect_contains "$(fish_words)" "$SHORT" "fish: ebb rm"
fish_complete "ebb --db '$HOME/other.db' rm "
expect_contains "$(fish_words)" "$OTHER_ID" "fish: a quoted --db PATH"
fish_complete "ebb --db ~/other.db rm "
expect_contains "$(fish_words)" "$OTHER_ID" "fish: --db ~/PATH"
fish_complete "ebb use beer --at 1h"
expect_eq "$(fish_words)" "1h ago" "fish: a value with a space"
fish_complete "ebb use beer --at '1h"
expect_eq "$(fish_words)" "1h ago" "fish: in quotes"
fish_complete "ebb --db $WORK/ab"
expect_contains "$(fish_words)" "abc.txt" "fish: file names when ebb has none"
fish_complete "ebb plan show --v"
expect_eq "$OUT" "--version${TAB}Show this saved version (ebb plan history)" "fish: plan show --v"
fish_complete "ebb export --fo"
expect_eq "$(sorted "$(fish_words)")" "--force --format" "fish: ebb export --fo"
expect_contains "$OUT" "--force${TAB}Replace the --output file" "fish: --force described"
fish_complete "ebb report --fo"
expect_eq "$(sorted "$(fish_words)")" "--force --format" "fish: ebb report --fo"
fish_complete "ebb rep"
expect_eq "$(sorted "$(fish_words)")" "replay report" "fish: ebb rep"
fish_complete "ebb replay --o"
expect_eq "$(fish_words)" "--occasion" "fish: ebb replay --o"
fish_complete "ebb meanings 30"
expect_eq "$(fish_words)" "30d" "fish: ebb meanings 30"
fish_complete "ebb plan history --di"
expect_contains "$OUT" "--diff${TAB}Show what moved" "fish: plan history --diff described"
fish_complete "ebb export --format "
expect_eq "$(sorted "$(fish_words)")" "csv ics json psychonautwiki tlfb trackandgraph" "fish: export formats"

finish
