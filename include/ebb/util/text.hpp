#pragma once
/// Small text helpers shared by the parsers: ASCII case folding, trimming, UTF-8 checks.

#include <cstddef>
#include <string>
#include <string_view>

namespace ebb {

/// ASCII lower case (names, units and keywords are ASCII; other bytes pass through).
std::string lower(std::string_view s);

/// `s` without leading and trailing white space.
std::string_view trim(std::string_view s);

/// Trimmed, with line breaks and tabs inside made spaces: a person's words on one line.
std::string one_line(std::string_view s);

/// Trimmed, lower-cased, inner runs of white space folded to one space: how typed names are
/// compared ("Magic   Mushrooms" matches "magic mushrooms").
std::string fold_name(std::string_view s);

/// One character of UTF-8 text: its code point and how many bytes it takes.
struct Utf8Char {
  char32_t code = 0;
  std::size_t length = 0;  ///< 1-4; 0 when the bytes at that place are not UTF-8
};

/// The well-formed UTF-8 sequence starting at s[i], or length 0 when there is none there: a
/// stray continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, or a
/// sequence cut short. The one reading of UTF-8 every way into ebb checks text with.
Utf8Char utf8_char_at(std::string_view s, std::size_t i);

/// True when all of `s` is well-formed UTF-8 (the empty text is).
bool valid_utf8(std::string_view s);

/// Optimal string alignment distance between `a` and `b` (insert, delete, substitute, swap two
/// neighbours), given up past `limit` (then `limit + 1`): how near a typo is to a known word.
int edit_distance(std::string_view a, std::string_view b, int limit);

/// "1 day", "3 days": a count with the word that fits it.
std::string count_text(long long n, std::string_view one, std::string_view many);

}  // namespace ebb
