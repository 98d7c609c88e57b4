#include "ebb/core/breaks.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "ebb/util/json.hpp"

namespace ebb {

Breaks compute_breaks(std::span<const LocalDay> use_days, LocalDay first, LocalDay last,
                      LocalDay today) {
  std::vector<LocalDay> days;
  for (LocalDay d : use_days)
    if (d <= today) days.push_back(d);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  Breaks out;
  if (days.empty()) return out;
  out.days_since_last = static_cast<int>((today - days.back()).count());
  if (last > today) last = today;
  auto consider = [&](LocalDay from, LocalDay until, bool ongoing) {
    int length = static_cast<int>((until - from).count()) + 1;
    if (length <= 0 || until < first || from > last) return;
    // The later of two equal breaks: the one nearer to now reads as the news.
    if (length < out.longest) return;
    out.longest = length;
    out.longest_from = from;
    out.longest_until = until;
    out.longest_ongoing = ongoing;
  };
  for (size_t i = 0; i + 1 < days.size(); ++i)
    consider(days[i] + date::days{1}, days[i + 1] - date::days{1}, false);
  consider(days.back() + date::days{1}, today, true);
  return out;
}

namespace {

std::string days_words(int n) { return fmt::format("{} {}", n, n == 1 ? "day" : "days"); }

}  // namespace

void write_breaks_json(JsonWriter& w, const Breaks& b) {
  w.field("days_since_last_use", b.days_since_last);
  w.key("longest_break");
  if (b.longest <= 0) {
    w.null();
    return;
  }
  w.begin_object()
      .field("days", b.longest)
      .field("from", format_day(*b.longest_from))
      .field("until", format_day(*b.longest_until))
      .field("ongoing", b.longest_ongoing)
      .end_object();
}

std::string breaks_text(const Breaks& b) {
  std::string out;
  if (b.days_since_last)
    out = *b.days_since_last == 0 ? std::string("used today")
                                  : days_words(*b.days_since_last) + " since the last use";
  if (b.longest <= 0) return out;
  if (b.longest_ongoing && b.days_since_last && *b.days_since_last == b.longest)
    return out + ", the longest break in this period";
  std::string longest =
      b.longest_ongoing
          ? fmt::format("longest break {} (from {} to the end of the period)",
                        days_words(b.longest), format_day(*b.longest_from))
          : fmt::format("longest break {} ({} to {})", days_words(b.longest),
                        format_day(*b.longest_from), format_day(*b.longest_until));
  return out.empty() ? longest : out + "; " + longest;
}

}  // namespace ebb
