#include "ebb/core/coverage.hpp"

#include <algorithm>

#include <fmt/format.h>


namespace ebb {

std::string_view day_state_name(DayState s) {
  switch (s) {
    case DayState::untracked: return "untracked";
    case DayState::open: return "open";
    case DayState::used: return "used";
    case DayState::off: return "off";
  }
  return "untracked";
}

DayState day_state(const Coverage& c, LocalDay d, bool used, bool none_recorded) {
  if (!c.first || d < *c.first || d > c.today) return DayState::untracked;
  if (used) return DayState::used;
  if (d == c.today && !none_recorded) return DayState::open;
  return DayState::off;
}

bool none_covers(std::string_view none_substance, std::string_view substance) {
  return none_substance.empty() || none_substance == substance;
}

std::optional<LocalDay> first_logged_day(std::optional<Instant> first_entry_at,
                                         std::span<const Entry> entries,
                                         const Zone* zone, const DaySettings& days) {
  std::optional<Instant> first = first_entry_at;
  if (!first)
    for (const Entry& e : entries)
      if (!first || e.at < *first) first = e.at;
  if (!first) return std::nullopt;
  return logical_day(*first, zone, days);
}

std::string coverage_text(int logged_days, int period_days, std::optional<LocalDay> starts_inside) {
  if (period_days <= 0) return "";
  std::string out = fmt::format("Logged on {} of {} {}.", logged_days, period_days,
                                period_days == 1 ? "day" : "days");
  if (starts_inside)
    out += fmt::format(" Your log starts on {}; the days before it aren't counted.",
                       format_day(*starts_inside));
  return out;
}

}  // namespace ebb
