#pragma once
// Private to when.cpp and period.cpp: the words times are made of (dates, clock times,
// offsets, weekday and unit names, amounts like "1h30m"), each read strictly.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/util/text.hpp"
#include "ebb/core/time.hpp"

namespace ebb::when_words {

// Counts above this are refused: they reach back past any useful date, and keeping them
// small keeps every sum far from overflow.
constexpr long long kMaxCount = 100000;

struct Token {
  std::string text;  // as typed, for messages
  std::string low;   // for matching
};

using ebb::lower;
// Whitespace-separated words; runs of spaces count as one.
std::vector<Token> split_words(std::string_view text);
std::string join(const std::vector<Token>& toks);
bool is_digits(std::string_view s);
int to_int(std::string_view digits);  // digits only, at most 9 of them

std::optional<date::weekday> weekday_named(std::string_view w);
// Seconds per unit for s/m/h, or minus the number of calendar days for d/w.
std::optional<long long> unit_named(std::string_view u);

enum class Shape { no, ok, bad };  // not this form / this form / this form but impossible

// "2026-11-20". Shape::bad sets *err naming the text and what is wrong with it.
Shape read_date(std::string_view s, LocalDay* day, std::string* err);
// "z", "+01:00", "+0100", "+01".
bool read_offset(std::string_view s, std::chrono::seconds* off);

struct Clock {
  std::chrono::seconds tod{};
  std::optional<std::chrono::seconds> offset;
};

// "21:00", "9:05", "21:00:30", "21:00:30.25", optionally followed by an offset.
Shape read_clock24(std::string_view s, Clock* out, std::string* err);
// "9pm", "9:30pm", "12am", "9:30a.m.".
Shape read_clock12(std::string_view s, Clock* out, std::string* err);
Shape read_clock(std::string_view s, Clock* out, std::string* err);

// A word that can be part of an amount: "2h", "1h30m", "45", "min".
bool is_duration_word(std::string_view s);

struct SpokenDuration {
  long long days = 0;  // calendar days
  long long secs = 0;  // exact seconds
  int pairs = 0;       // number-unit pairs read
};

// Reads "2h", "1h30m", "45 min", "2 hours 10 minutes" from toks[from, to). On failure *bad
// is the index of the word at fault and *err says why when there is more to say.
bool read_duration(const std::vector<Token>& toks, size_t from, size_t to, SpokenDuration* out,
                   size_t* bad, std::string* err);

}  // namespace ebb::when_words
