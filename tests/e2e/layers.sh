#!/usr/bin/env bash
# The layer check (cmake/layers.cmake) passes on the tree as it is and fails, naming the file
# and the header, on a tree where a core file includes a command-line header or a store
# header reaches a private exchange header.
. "$(dirname "$0")/lib.sh"
SRC=${EBB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CHECK=$SRC/cmake/layers.cmake

out=$(cmake -DSOURCE_DIR="$SRC" -P "$CHECK" 2>&1)
RC=$?
expect_rc 0 "the tree itself: $out"

T=$WORK/tree
mkdir -p "$T/src/core" "$T/src/store" "$T/src/exchange" "$T/include/ebb/cli" "$T/include/ebb/util"
printf '#include "ebb/util/text.hpp"\n#include "ebb/data/tables.hpp"\n#include "when_words.hpp"\n' \
  >"$T/src/core/ok.cpp"
out=$(cmake -DSOURCE_DIR="$T" -P "$CHECK" 2>&1)
RC=$?
expect_rc 0 "includes down, beside and of the generated tables: $out"

printf '#include "ebb/cli/cli.hpp"\n' >"$T/src/core/bad.cpp"
printf '#include "../exchange/x.hpp"\n' >"$T/src/store/bad2.cpp"
out=$(cmake -DSOURCE_DIR="$T" -P "$CHECK" 2>&1)
RC=$?
expect_rc_nonzero() { CHECKS=$((CHECKS + 1)); [ "$RC" -ne 0 ] || fail "$1: exit 0"; }
expect_rc_nonzero "a core file including a cli header"
expect_contains "$out" "src/core/bad.cpp (core) includes ebb/cli/cli.hpp" "names the file"
expect_contains "$out" "src/store/bad2.cpp (store) includes ../exchange/x.hpp" "private header"
finish
