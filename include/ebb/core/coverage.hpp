#pragma once
/// Which of the person's days count, the one rule behind every figure (review, report, check,
/// trends, calendar). Timeline Followback (Sobell & Sobell) counts a day inside the logged
/// range with nothing logged as a day without use; ebb does too, and shows beside it on how
/// many days something was logged. Days before the first entry ever are not tracked: they are
/// neither days off nor within a plan. Today is still going: it counts once it holds a use or
/// an `ebb none` for it, and is not a kept day off before it is over.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

enum class DayState {
  untracked,  ///< before the first entry ever (or after today)
  open,       ///< today, with no use and no `ebb none` for it yet
  used,       ///< a use (of what is being counted) that day
  off,        ///< a tracked day without such a use: logged as none, or nothing logged
};

std::string_view day_state_name(DayState s);  ///< "untracked", "open", "used", "off"

struct Coverage {
  std::optional<LocalDay> first;  ///< the person's day of the first entry ever; none: empty log
  LocalDay today{};
};

/// The state of day `d` for one substance (or for any use, `substance` empty): `used` and
/// `none_recorded` say what was logged that day (a none for that substance or for all).
DayState day_state(const Coverage& c, LocalDay d, bool used, bool none_recorded);

/// True for the states a count of days includes (used, off).
inline bool counted(DayState s) { return s == DayState::used || s == DayState::off; }

/// True when a none entry for `none_substance` covers `substance` (canonical names): a none
/// for all (empty) covers everything, one for a substance covers that substance only. For
/// the figure over all substances (`substance` empty), only a none for all counts.
bool none_covers(std::string_view none_substance, std::string_view substance);

/// The person's day of the earliest entry: `first_entry_at` when given (the whole log's first,
/// from the store), else the earliest of `entries`.
std::optional<LocalDay> first_logged_day(std::optional<Instant> first_entry_at,
                                         std::span<const Entry> entries,
                                         const Zone* zone, const DaySettings& days);

/// "Logged on 18 of 30 days." with, when the log starts inside the period, "Your log starts
/// on 2026-11-03; the days before it aren't counted." Empty when the period has no days.
std::string coverage_text(int logged_days, int period_days, std::optional<LocalDay> starts_inside);

/// Said after `coverage_text` wherever a figure counts the days with nothing logged (review,
/// report, trends): the same words everywhere, as the rule is the same.
inline constexpr std::string_view kNothingLoggedIsNoUse =
    "Days with nothing logged count as no use.";

}  // namespace ebb
