#pragma once
/// A Timeline Followback style month grid (`ebb calendar [MONTH]`): one cell per day of the
/// person's days with the amount used, or a mark for a use without an amount, an urge with no
/// use, or a day off. Days after today stay blank. Pure: entries, zone and "now" are passed in.

#include <optional>
#include <string>
#include <vector>

#include "ebb/core/amount.hpp"
#include "ebb/util/chart.hpp"
#include "ebb/core/coverage.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

struct CalendarInput {
  std::vector<Entry> entries;  ///< covering the month (more is fine)
  date::year_month month{};
  const Zone* zone = nullptr;
  DaySettings days;
  DrinkSettings drinks;
  std::optional<std::string> substance;  ///< only uses and urges of this substance or class
  Instant now{};
  /// When the first entry of the whole log happened (coverage.hpp); nullopt: the earliest of
  /// `entries`. Days before it are drawn blank and not counted.
  std::optional<Instant> first_entry_at;
};

struct CalendarDay {
  LocalDay day{};
  bool future = false;  ///< after today: drawn blank, not counted
  DayState state = DayState::untracked;  ///< coverage.hpp: untracked and open are drawn blank
  int uncounted = 0;    ///< uses whose amount could not be put in the unit shown
  bool used = false;
  bool urge = false;
  int uses = 0;
  std::optional<double> amount;         ///< in CalendarResult::unit, when amounts are shown
  std::vector<std::string> substances;  ///< used that day, sorted
};

struct CalendarResult {
  date::year_month month{};
  std::optional<std::string> substance;  ///< the filter, as asked
  /// Amounts are shown when the month's uses are all of one substance (or a filter picks one):
  /// this is it, and `unit` is the unit they are summed in (see trends.hpp). Otherwise both
  /// are empty and a used day gets a mark.
  std::string amount_substance;
  std::string unit;
  bool amounts = false;
  date::weekday week_start = date::Monday;
  LocalDay today{};
  std::vector<CalendarDay> days;  ///< every day of the month, in order
  int use_days = 0;
  int days_off = 0;        ///< counted days without use, up to today
  int urge_only_days = 0;  ///< days off with an urge
  int untracked_days = 0;  ///< days before the log starts
  int uncounted_uses = 0;  ///< uses whose amount could not be counted in `unit`
};

CalendarResult compute_calendar(const CalendarInput& in);

/// The month as a grid within 80 columns: a title, weekday names from the week start, one
/// line per week with cells of 10 columns, a legend and a tally. Colour (SGR) when asked.
std::string render_calendar(const CalendarResult& r, const ChartStyle& style);

/// The same month as JSON: dates YYYY-MM-DD, amounts as numbers (null when not shown).
std::string calendar_json(const CalendarResult& r, bool pretty = true);

}  // namespace ebb
