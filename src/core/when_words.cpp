#include "when_words.hpp"

#include "ebb/util/text.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace ebb::when_words {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::vector<Token> split_words(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) {
      std::string word(text.substr(start, i - start));
      out.push_back({word, lower(word)});
    }
  }
  return out;
}

std::string join(const std::vector<Token>& toks) {
  std::string r;
  for (const Token& t : toks) {
    if (!r.empty()) r += ' ';
    r += t.text;
  }
  return r;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

std::optional<date::weekday> weekday_named(std::string_view w) {
  static const std::pair<const char*, unsigned> names[] = {
      {"sun", 0},     {"sunday", 0},   {"mon", 1},  {"monday", 1},    {"tue", 2}, {"tues", 2},
      {"tuesday", 2}, {"wed", 3},      {"weds", 3}, {"wednesday", 3}, {"thu", 4}, {"thur", 4},
      {"thurs", 4},   {"thursday", 4}, {"fri", 5},  {"friday", 5},    {"sat", 6}, {"saturday", 6}};
  for (const auto& [name, n] : names)
    if (w == name) return date::weekday{n};
  return std::nullopt;
}

std::optional<long long> unit_named(std::string_view u) {
  // clang-format off
  static const std::pair<const char*, long long> units[] = {
      {"s", 1},    {"sec", 1},   {"secs", 1},   {"second", 1}, {"seconds", 1},
      {"m", 60},   {"min", 60},  {"mins", 60},  {"minute", 60}, {"minutes", 60},
      {"h", 3600}, {"hr", 3600}, {"hrs", 3600}, {"hour", 3600}, {"hours", 3600},
      {"d", -1},   {"day", -1},  {"days", -1},
      {"w", -7},   {"wk", -7},   {"wks", -7},   {"week", -7},   {"weeks", -7}};
  // clang-format on
  for (const auto& [name, n] : units)
    if (u == name) return n;
  return std::nullopt;
}

Shape read_date(std::string_view s, LocalDay* day, std::string* err) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !is_digits(s.substr(0, 4)) ||
      !is_digits(s.substr(5, 2)) || !is_digits(s.substr(8, 2)))
    return Shape::no;
  auto y = date::year{to_int(s.substr(0, 4))};
  auto m = date::month{unsigned(to_int(s.substr(5, 2)))};
  auto d = date::day{unsigned(to_int(s.substr(8, 2)))};
  if (!m.ok()) {
    *err = fmt::format("\"{}\" isn't a date: months go from 01 to 12.", s);
    return Shape::bad;
  }
  if (!(y / m / d).ok()) {
    *err = fmt::format("\"{}\" isn't a date: {} has {} days.", s, format_month(y / m),
                       unsigned((y / m / date::last).day()));
    return Shape::bad;
  }
  *day = LocalDay{y / m / d};
  return Shape::ok;
}

bool read_offset(std::string_view s, seconds* off) {
  if (s == "z") {
    *off = seconds{0};
    return true;
  }
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return false;
  std::string_view rest = s.substr(1);
  std::string_view hh = rest.substr(0, 2), mm = "00";
  if (rest.size() == 5 && rest[2] == ':')
    mm = rest.substr(3);
  else if (rest.size() == 4)
    mm = rest.substr(2);
  else if (rest.size() != 2)
    return false;
  if (!is_digits(hh) || !is_digits(mm) || to_int(hh) > 23 || to_int(mm) > 59) return false;
  *off = (hours{to_int(hh)} + minutes{to_int(mm)}) * (s[0] == '-' ? -1 : 1);
  return true;
}

Shape read_clock24(std::string_view s, Clock* out, std::string* err) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || !is_digits(s.substr(0, colon)))
    return Shape::no;
  if (s.size() < colon + 3 || !is_digits(s.substr(colon + 1, 2))) return Shape::no;
  int h = to_int(s.substr(0, colon)), m = to_int(s.substr(colon + 1, 2)), sec = 0;
  size_t pos = colon + 3;
  if (pos < s.size() && s[pos] == ':') {
    if (!is_digits(s.substr(pos + 1, 2)) || s.size() < pos + 3) return Shape::no;
    sec = to_int(s.substr(pos + 1, 2));
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {  // fractions are dropped: ebb keeps whole seconds
      size_t start = ++pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
      if (pos == start) return Shape::no;
    }
  }
  Clock c;
  if (pos < s.size()) {
    seconds off{};
    if (!read_offset(s.substr(pos), &off)) return Shape::no;
    c.offset = off;
  }
  const char* why = h > 23     ? "hours go up to 23"
                    : m > 59   ? "minutes go up to 59"
                    : sec > 59 ? "seconds go up to 59"
                               : nullptr;
  if (why) {
    *err = fmt::format("\"{}\" isn't a time of day: {}.", s, why);
    return Shape::bad;
  }
  c.tod = hours{h} + minutes{m} + seconds{sec};
  *out = c;
  return Shape::ok;
}

Shape read_clock12(std::string_view s, Clock* out, std::string* err) {
  size_t suffix = 0;
  for (std::string_view end : {"am", "pm", "a.m.", "p.m."})
    if (s.size() > end.size() && s.substr(s.size() - end.size()) == end) suffix = end.size();
  if (suffix == 0) return Shape::no;
  std::string_view num = s.substr(0, s.size() - suffix);
  bool pm = s[num.size()] == 'p';
  std::string_view hh = num, mm = "00";
  if (size_t colon = num.find(':'); colon != std::string_view::npos) {
    hh = num.substr(0, colon);
    mm = num.substr(colon + 1);
  }
  if (!is_digits(hh) || hh.size() > 2 || !is_digits(mm) || mm.size() != 2) return Shape::no;
  int h = to_int(hh), m = to_int(mm);
  if (h < 1 || h > 12 || m > 59) {
    *err = fmt::format("\"{}\" isn't a time of day: {}.", s,
                       m > 59 ? "minutes go up to 59" : "with am or pm, hours go from 1 to 12");
    return Shape::bad;
  }
  out->tod = hours{h % 12 + (pm ? 12 : 0)} + minutes{m};
  out->offset.reset();
  return Shape::ok;
}

Shape read_clock(std::string_view s, Clock* out, std::string* err) {
  Shape r = read_clock12(s, out, err);
  return r == Shape::no ? read_clock24(s, out, err) : r;
}

bool is_duration_word(std::string_view s) {
  if (s.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(s[0])))
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  return unit_named(s).has_value();
}

bool read_duration(const std::vector<Token>& toks, size_t from, size_t to, SpokenDuration* out,
                   size_t* bad, std::string* err) {
  long long pending = -1;
  size_t pending_at = from;
  auto fail = [&](size_t at) {
    *bad = at;
    return false;
  };
  for (size_t i = from; i < to; ++i) {
    std::string_view w = toks[i].low;
    size_t pos = 0;
    while (pos < w.size()) {
      size_t start = pos;
      if (std::isdigit(static_cast<unsigned char>(w[pos]))) {
        while (pos < w.size() && std::isdigit(static_cast<unsigned char>(w[pos]))) ++pos;
        if (pending >= 0) return fail(i);
        if (pos - start > 6 || to_int(w.substr(start, pos - start)) > kMaxCount) {
          *err = fmt::format("\"{}\" reaches further back than ebb counts.", toks[i].text);
          return fail(i);
        }
        pending = to_int(w.substr(start, pos - start));
        pending_at = i;
      } else {
        while (pos < w.size() && std::isalpha(static_cast<unsigned char>(w[pos]))) ++pos;
        auto unit = pos > start ? unit_named(w.substr(start, pos - start)) : std::nullopt;
        if (!unit || pending < 0) return fail(i);
        if (*unit < 0)
          out->days += pending * -*unit;
        else
          out->secs += pending * *unit;
        ++out->pairs;
        pending = -1;
      }
    }
  }
  if (pending >= 0) return fail(pending_at);
  return true;
}

}  // namespace ebb::when_words
