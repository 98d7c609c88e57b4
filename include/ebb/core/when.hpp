#pragma once
/// Strict, DST-correct reading of the times people type (`--at`, `--since`, `--until`) and of
/// the periods reports cover. Pure: "now", the zone and the day settings are passed in.
/// Anything not fully understood is an error naming the part that could not be read.

#include <string>
#include <string_view>

#include "ebb/core/time.hpp"

namespace ebb {

struct WhenContext {
  Instant now{};
  const Zone* zone = nullptr;
  DaySettings days;
};

/// A moment, for `--at`: RFC 3339 / ISO 8601 ("2026-11-20T21:00", "2026-11-20 21:00",
/// with or without offset or Z), "now", "today 08:00", "yesterday 21:00", "21:00", "9pm",
/// weekday names ("fri 22:00" = the most recent Friday at or before now), "2h ago",
/// "90m ago", "1h30m ago", "3 days ago". A local time in a DST gap or overlap is an error
/// that shows both readings, unless an explicit offset picks one.
/// "today" is the person's day (DaySettings::day_start): at 01:00, "23:00" is last night.
/// Details: case and extra spaces don't matter; "at" may join a day and a time; an offset
/// may follow any 24-hour clock time ("sat 01:30-05:00"); an explicit date is the calendar
/// date, while a clock time on a day word before the day start is that day's night (the next
/// calendar date). h/m/s in "ago" are exact; d/w are calendar days at the same wall-clock
/// time. Fractions of seconds are dropped. Future times are accepted: the caller decides.
bool parse_when(std::string_view text, const WhenContext& ctx, Instant* out, std::string* err);

/// A bound for `--since` / `--until`: anything parse_when takes, or a day ("2026-11-01",
/// "today", "yesterday", "mon"), or "7d" / "2w" / "7 days" (the start of the day 6 / 13 days
/// back, so the range covers 7 / 14 days including today). A day as `--until` means the end
/// of it (the start of the next person's day, an exclusive bound). A weekday is the most
/// recent one, today included. "7d" as `--until` is an error: it only makes sense as a start.
bool parse_bound(std::string_view text, const WhenContext& ctx, bool is_until, Instant* out,
                 std::string* err);

/// A span of the person's days, both ends included.
struct Period {
  LocalDay first{};
  LocalDay last{};
  std::string label;  ///< what was asked for, e.g. "this week", "last 30 days"
};

/// Periods for review and trends: "today", "yesterday", "week" / "this-week" (this week so
/// far, the default), "last-week", "month", "last-month", "year", "last-year", "Nd" / "Nw" /
/// "last N days" (the last N days / weeks including today), a month "2026-11" or a day
/// "2026-11-18". Spaces and dashes are interchangeable. A period never runs past today: the
/// current month ends today, and a month or day still ahead is an error. Labels: "today",
/// "this week", "last week", "this month", "last 30 days", "last 4 weeks", "November 2026".
bool parse_period(std::string_view text, const WhenContext& ctx, Period* out, std::string* err);

/// The number of days in a period.
int period_days(const Period& p);

}  // namespace ebb
