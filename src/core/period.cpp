#include "ebb/core/when.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "when_words.hpp"

namespace ebb {

using namespace when_words;

namespace {

std::string period_examples() {
  return "Periods that work: today, yesterday, week, last-week, month, last-month, year, "
         "30d, 4w, 2026-11.";
}

// "30d", "4w", "30 days", "last 30 days", "last 4 weeks" (spaces already turned into '-').
Shape read_count_period(std::string_view s, long long* days, long long* count, bool* weeks) {
  if (s.substr(0, 5) == "last-") s.remove_prefix(5);
  size_t n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
  if (n == 0) return Shape::no;
  std::string_view unit = s.substr(n);
  if (!unit.empty() && unit[0] == '-') unit.remove_prefix(1);
  if (unit == "d" || unit == "day" || unit == "days")
    *weeks = false;
  else if (unit == "w" || unit == "wk" || unit == "week" || unit == "weeks")
    *weeks = true;
  else
    return Shape::no;
  if (n > 6 || to_int(s.substr(0, n)) < 1) return Shape::bad;
  *count = to_int(s.substr(0, n));
  *days = *count * (*weeks ? 7 : 1);
  return *days > kMaxCount ? Shape::bad : Shape::ok;
}

}  // namespace

bool parse_period(std::string_view text, const WhenContext& ctx, Period* out, std::string* err) {
  if (!ctx.zone) {
    *err = "No time zone is set, so days can't be worked out.";
    return false;
  }
  std::vector<Token> toks = split_words(text);
  const std::string whole = join(toks);
  if (toks.empty()) {
    *err = fmt::format("No period given. {}", period_examples());
    return false;
  }
  std::string key = lower(whole);
  std::replace(key.begin(), key.end(), ' ', '-');
  const LocalDay today = logical_day(ctx.now, ctx.zone, ctx.days);
  const date::year_month_day ymd{today};
  const LocalDay month_start{ymd.year() / ymd.month() / 1};
  auto set = [&](LocalDay first, LocalDay last, std::string label) {
    *out = Period{first, last, std::move(label)};
    return true;
  };

  if (key == "today") return set(today, today, "today");
  if (key == "yesterday") return set(today - date::days{1}, today - date::days{1}, "yesterday");
  if (key == "week" || key == "this-week")
    return set(week_begin(today, ctx.days), today, "this week");
  if (key == "last-week") {
    LocalDay first = week_begin(today, ctx.days) - date::days{7};
    return set(first, first + date::days{6}, "last week");
  }
  if (key == "month" || key == "this-month") return set(month_start, today, "this month");
  if (key == "last-month") {
    auto ym = ymd.year() / ymd.month() - date::months{1};
    return set(LocalDay{ym / 1}, month_start - date::days{1}, "last month");
  }
  if (key == "year" || key == "this-year")
    return set(LocalDay{ymd.year() / date::January / 1}, today, "this year");
  if (key == "last-year") {
    auto y = ymd.year() - date::years{1};
    return set(LocalDay{y / date::January / 1}, LocalDay{y / date::December / 31}, "last year");
  }

  long long days = 0, count = 0;
  bool weeks = false;
  Shape r = read_count_period(key, &days, &count, &weeks);
  if (r == Shape::bad) {
    *err = fmt::format("\"{}\" needs a count from 1 up to {} days.", whole, kMaxCount);
    return false;
  }
  if (r == Shape::ok) {
    std::string label = weeks ? (count == 1 ? "last 7 days" : fmt::format("last {} weeks", count))
                              : (count == 1 ? "today" : fmt::format("last {} days", count));
    return set(today - date::days{days - 1}, today, std::move(label));
  }

  // A month, "2026-11": the whole month, but never past today.
  if (key.size() == 7 && key[4] == '-' && is_digits(key.substr(0, 4)) && is_digits(key.substr(5))) {
    date::year_month ym{date::year{to_int(key.substr(0, 4))},
                        date::month{unsigned(to_int(key.substr(5)))}};
    if (!ym.ok()) {
      *err = fmt::format("\"{}\" isn't a month: months go from 01 to 12.", whole);
      return false;
    }
    LocalDay first{ym / 1};
    if (first > today) {
      *err = fmt::format("{} hasn't started yet. Pick a month up to {}.", format_month(ym),
                         format_month(ymd.year() / ymd.month()));
      return false;
    }
    return set(first, std::min(LocalDay{ym / date::last}, today), format_month(ym));
  }

  LocalDay day;
  r = read_date(key, &day, err);
  if (r == Shape::bad) return false;
  if (r == Shape::ok) {
    if (day > today) {
      *err = fmt::format("{} is still ahead. Pick a day up to today, {}.", format_day(day),
                         format_day(today));
      return false;
    }
    return set(day, day, format_day(day));
  }
  *err = fmt::format("Couldn't read \"{}\" as a period. {}", whole, period_examples());
  return false;
}

int period_days(const Period& p) { return static_cast<int>((p.last - p.first).count()) + 1; }

}  // namespace ebb