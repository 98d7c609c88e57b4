#pragma once
/// Breaks, not streaks: how long it has been since the last use of a substance, and the
/// longest break in a period. A break is a run of the person's days without a use of it,
/// starting the day after a logged use: from then to the day before the next use, or up to
/// today while it lasts. Days before the first logged use are not a break, since ebb can't
/// know when the person last used before they started logging. A use ends a break, but the
/// break stays what it was: the longest one is kept, never "reset".
/// Pure: the caller passes the use days (logical days, see time.hpp) and today.
/// One computation for trends, `now` and review.

#include <optional>
#include <span>
#include <string>

#include "ebb/core/time.hpp"

namespace ebb {

struct Breaks {
  /// Days from the last use's day to today (0: used today); null when no use up to today.
  std::optional<int> days_since_last;
  /// The longest break that reaches into [first, last] (whole length, even when it began
  /// before `first`); 0 when there is none.
  int longest = 0;
  std::optional<LocalDay> longest_from;   ///< its first day
  std::optional<LocalDay> longest_until;  ///< its last day (today while it lasts)
  bool longest_ongoing = false;           ///< it runs up to today
};

/// `use_days`: the days with a use of one substance, any order, duplicates allowed; days after
/// `today` are ignored. [first, last] is the period (cut at today).
Breaks compute_breaks(std::span<const LocalDay> use_days, LocalDay first, LocalDay last,
                      LocalDay today);

/// In words, for trends and `now`: "4 days since the last use; longest break 8 days
/// (2026-11-04 to 2026-11-11)", "12 days since the last use, the longest break in this
/// period". Empty when there is nothing to say.
std::string breaks_text(const Breaks& b);

class JsonWriter;
/// `"days_since_last_use": n|null, "longest_break": {"days", "from", "until", "ongoing"}|null`,
/// written into an open object (trends and `now --json`).
void write_breaks_json(JsonWriter& w, const Breaks& b);

}  // namespace ebb
