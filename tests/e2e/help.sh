#!/usr/bin/env bash
# --help reads like the man page: every command's help (as `ebb COMMAND --help` and as
# `ebb help COMMAND`) has its options in named groups, an example of the command itself, and
# none of CLI11's "Excludes:", "Needs:" or "REQUIRED" marks; --help touches no database.
source "$(dirname "$0")/lib.sh"

run --help
expect_rc 0 "ebb --help"
commands=$(printf '%s\n' "$OUT" | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
expect_contains "$commands" "use" "the command list"
count=0
for c in $commands plan:show plan:edit plan:set plan:check plan:history; do
  words=(${c/:/ })
  for form in flag help; do
    if [ "$form" = flag ]; then
      run "${words[@]}" --help
    else
      [ ${#words[@]} -eq 1 ] || continue
      run help "${words[0]}"
    fi
    expect_rc 0 "ebb ${words[*]} ($form)"
    for clutter in "Excludes" "Needs:" "REQUIRED" ":{"; do
      expect_not_contains "$OUT" "$clutter" "ebb ${words[*]} --help"
    done
    expect_contains "$OUT" "Usage: ebb ${words[*]}" "ebb ${words[*]} ($form) usage"
    example=$(printf '%s\n' "$OUT" | sed -n '/^Example:$/{n;p}')
    case "$example" in
      "  ebb ${words[*]}"* | "  EDITOR="*" ebb ${words[*]}"* | "  "*"ebb ${words[*]} "*) ;;
      *) fail "ebb ${words[*]} ($form): no example of the command itself: [$example]" ;;
    esac
    CHECKS=$((CHECKS + 1))
  done
  count=$((count + 1))
done
[ "$count" -ge 25 ] || fail "only $count commands had their help checked"

# Options land in the groups the man page reads in.
run use --help
expect_rc 0
for group in "Arguments:" "What happened:" "Around it:"; do
  expect_contains "$OUT" "$group" "use --help"
done
before_with=${OUT%%--with*}
expect_contains "$before_with" "Around it:" "--with is around it"
run log --help
expect_rc 0
expect_contains "$OUT" "Which entries:" "log --help"
expect_contains "$OUT" "Output:" "log --help"

# An option the table doesn't name still shows, in the last group.
run check --help
expect_rc 0
expect_contains "$OUT" "--help-all" "check --help"

[ ! -e "$DB" ] || fail "--help created a database"
finish
