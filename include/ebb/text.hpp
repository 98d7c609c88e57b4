#pragma once
/// Small text helpers shared by the parsers: ASCII case folding and trimming.

#include <string>
#include <string_view>

namespace ebb {

/// ASCII lower case (names, units and keywords are ASCII; other bytes pass through).
std::string lower(std::string_view s);

/// `s` without leading and trailing white space.
std::string_view trim(std::string_view s);

/// Trimmed, lower-cased, inner runs of white space folded to one space: how typed names are
/// compared ("Magic   Mushrooms" matches "magic mushrooms").
std::string fold_name(std::string_view s);

}  // namespace ebb
