# bash completion for ebb                                   -*- shell-script -*-
#
# Every candidate comes from the installed binary: `ebb __complete WORD...` gets the words
# typed after `ebb` (the last one is the word being completed) and prints one candidate a
# line as `candidate<TAB>description`. New commands and options complete without changes
# here. Works with the bash-completion package (_get_comp_words_by_ref) and without it.
# Bash shows no descriptions, so they are dropped. When ebb has nothing to offer (a file
# name, free text), readline offers file names (-o default).

# Removes the quoting a word has on the command line: 'a b', "a b", a\ b -> a b.
__ebb_unquote() {
  local w=$1
  case $w in
    \'*) w=${w#\'}; w=${w%\'} ;;
    \"*) w=${w#\"}; w=${w%\"}; w=${w//\\\"/\"} ;;
    *\\*) w=$(printf '%s' "$w" | sed 's/\\\(.\)/\1/g') ;;
  esac
  [[ $w == '~/'* ]] && w=$HOME/${w#'~/'}
  printf '%s' "$w"
}

# Without bash-completion, COMP_WORDS splits `--kind=use` into `--kind` `=` `use` (and
# likewise at `:`). Joins back the pieces no space separates, up to the cursor.
__ebb_words() {
  local line=${COMP_LINE:0:COMP_POINT} i w
  words=()
  for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    if ((i > 0)) && [[ $line != [[:space:]]* ]]; then
      ((i == COMP_CWORD)) && w=$line
      words[-1]+=$w
    else
      line=${line#"${line%%[![:space:]]*}"}
      ((i == COMP_CWORD)) && w=$line
      words+=("$w")
    fi
    line=${line#"$w"}
  done
  cword=$((${#words[@]} - 1))
  cur=${words[cword]}
}

_ebb() {
  local cur words cword
  if declare -F _get_comp_words_by_ref >/dev/null; then
    _get_comp_words_by_ref -n =: cur words cword
  else
    __ebb_words
  fi

  local -a args=()
  local i
  for ((i = 1; i < cword; i++)); do
    args+=("$(__ebb_unquote "${words[i]}")")
  done
  local typed
  typed=$(__ebb_unquote "$cur")

  local -a found=()
  local line
  while IFS= read -r line; do
    [[ -n $line ]] && found+=("${line%%$'\t'*}")
  done < <(command ebb __complete "${args[@]}" "$typed" 2>/dev/null)

  # Readline replaces only the text after the last `=` or `:` in the word (they break words
  # in COMP_WORDBREAKS), so candidates lose that part of what was typed.
  local lead=
  [[ $cur != [\'\"]* ]] && lead=${typed%"${typed##*[=:]}"}
  local c
  COMPREPLY=()
  for c in "${found[@]}"; do
    c=${c#"$lead"}
    # Inside quotes readline closes the quote itself; bare words with spaces need escaping.
    if [[ $cur != [\'\"]* && $c == *[[:space:]\'\"\\\$\`]* ]]; then
      printf -v c '%q' "$c"
    fi
    COMPREPLY+=("$c")
  done
}

complete -o default -F _ebb ebb
