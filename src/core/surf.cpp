// Urge surfing and back-fill: the pure parts (surf.hpp).
#include "ebb/core/surf.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "ebb/core/entry_format.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

constexpr std::array<std::string_view, 3> kQuestions = {
    "What happened just before it came?",
    "What does it want for you?",
    "If it could speak, what would it say?",
};

bool is_number(std::string_view t) {
  if (t.empty()) return false;
  bool digit = false;
  for (char c : t) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c != '.' && c != ',') return false;
  }
  return digit;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

}  // namespace

std::span<const std::string_view> surf_questions() { return kQuestions; }

std::optional<int> parse_rating(std::string_view text) {
  std::string t(trim(text));
  if (t.empty() || t.size() > 2) return std::nullopt;
  for (char c : t)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  int v = std::stoi(t);
  if (v > 10) return std::nullopt;
  return v;
}

std::string wave_line(int minute, int rating, bool utf8) {
  rating = std::clamp(rating, 0, 10);
  std::string bar;
  for (int i = 0; i < 10; ++i)
    bar += i < rating ? (utf8 ? "\u2588" : "#") : (utf8 ? "\u2591" : ".");
  return fmt::format("{:>4} min  {}  {}", minute, bar, rating);
}

bool surf_entry(const SurfSession& s, Entry* e) {
  if (s.ratings.empty()) return false;
  e->kind = Kind::urge;
  e->intensity = s.ratings.front();
  if (s.ratings.size() > 1) e->intensity_after = s.ratings.back();
  e->minutes = (s.seconds + 30) / 60;
  e->outcome = s.outcome;
  e->outcome_note = s.outcome == Outcome::other ? s.other : "";
  auto answer = [&](size_t i) { return i < s.answers.size() ? s.answers[i] : std::string(); };
  if (!answer(0).empty()) e->trigger = answer(0);
  if (!answer(1).empty()) e->wanted = answer(1);
  if (!answer(2).empty())
    e->note = fmt::format("it would say: {}", answer(2));
  if (std::find(e->tags.begin(), e->tags.end(), "surf") == e->tags.end()) e->tags.push_back("surf");
  return true;
}

std::string surf_summary(const SurfSession& s) {
  if (s.ratings.empty()) return "Nothing was saved: there was no rating yet.";
  int first = s.ratings.front(), last = s.ratings.back();
  int minutes = (s.seconds + 30) / 60;
  std::string over = minutes > 0 ? fmt::format(" over {} minute{}", minutes, minutes == 1 ? "" : "s")
                                 : "";
  if (s.ratings.size() == 1) return fmt::format("You noticed an urge at {}/10.", first);
  if (last < first) {
    std::string what = s.outcome == Outcome::rode_out ? "You rode out an urge"
                       : s.outcome == Outcome::other  ? "You met an urge another way"
                                                      : "You stayed with an urge";
    return fmt::format("{}: it went from {} to {}{}.", what, first, last, over);
  }
  return fmt::format("The urge went from {} to {}{}. Noticing it is part of it; it's saved.",
                     first, last, over);
}

std::vector<BackfillDay> backfill_days(std::span<const Entry> entries, const Zone* zone,
                                       const DaySettings& days, LocalDay today, int n) {
  std::vector<BackfillDay> out;
  for (int i = n; i >= 1; --i) {
    BackfillDay d;
    d.day = today - date::days{i};
    date::weekday wd{d.day};
    d.weekend = wd == date::Saturday || wd == date::Sunday;
    static constexpr std::string_view kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    d.label = fmt::format("{} {}{}", kNames[wd.c_encoding()], format_day(d.day),
                          d.weekend ? " (weekend)" : "");
    out.push_back(std::move(d));
  }
  if (out.empty()) return out;
  for (const Entry& e : entries) {
    if (e.kind != Kind::use && e.kind != Kind::none) continue;
    auto i = (logical_day(e.at, zone, days) - out.front().day).count();
    if (i < 0 || i >= static_cast<long>(out.size())) continue;
    out[static_cast<size_t>(i)].logged.push_back(entry_summary(e));
    out[static_cast<size_t>(i)].has_use_or_none = true;
  }
  return out;
}

std::optional<BackfillAnswer> parse_backfill_answer(std::string_view text, std::string* err) {
  BackfillAnswer a;
  std::string t = lower(trim(text));
  if (t.empty()) return a;
  if (t == "0" || t == "none" || t == "nothing" || t == "-") {
    a.kind = BackfillAnswer::Kind::nothing;
    return a;
  }
  if (t == "q" || t == "quit" || t == "stop") {
    a.kind = BackfillAnswer::Kind::stop;
    return a;
  }
  a.kind = BackfillAnswer::Kind::uses;
  size_t start = 0;
  std::string_view all = trim(text);
  while (start <= all.size()) {
    size_t comma = all.find(',', start);
    // "0,5 g" keeps its decimal comma: a comma between two digits is not a separator.
    while (comma != std::string_view::npos && comma > 0 && comma + 1 < all.size() &&
           std::isdigit(static_cast<unsigned char>(all[comma - 1])) &&
           std::isdigit(static_cast<unsigned char>(all[comma + 1])))
      comma = all.find(',', comma + 1);
    if (comma == std::string_view::npos) comma = all.size();
    std::vector<std::string> w = words_of(all.substr(start, comma - start));
    start = comma + 1;
    if (w.empty()) continue;
    BackfillItem item;
    size_t k = 0;
    while (k < w.size() && !is_number(w[k])) item.substance += (item.substance.empty() ? "" : " ") + w[k++];
    if (item.substance.empty()) {
      *err = fmt::format("\"{}\" needs a name first, like \"beer 3\" or \"weed 0.5 g\".",
                         fmt::join(w, " "));
      return std::nullopt;
    }
    if (k < w.size()) item.amount = w[k++];
    while (k < w.size()) item.unit += (item.unit.empty() ? "" : " ") + w[k++];
    a.items.push_back(std::move(item));
  }
  if (a.items.empty()) a.kind = BackfillAnswer::Kind::skip;
  return a;
}

}  // namespace ebb
