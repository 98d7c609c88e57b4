#pragma once
/// Instants, zones and the person's day: the shared vocabulary of time in ebb.
/// An entry happens at a UTC instant; which day it belongs to depends on the zone it was
/// logged in and on when the person's day starts (default 04:00, so 01:30 belongs to the
/// evening before).

#include <chrono>
#include <string>
#include <string_view>

#include <date/date.h>

#include "ebb/core/zone.hpp"

namespace ebb {

using Instant = date::sys_seconds;
using LocalDay = date::local_days;

/// When a day begins (minutes after local midnight) and which weekday begins a week.
struct DaySettings {
  std::chrono::minutes day_start{4 * 60};
  date::weekday week_start = date::Monday;
};

/// The zone ebb uses: `TZ` when set (an IANA name, a path or a POSIX rule), else the system's
/// (/etc/localtime; UTC when there is none, as for the C library). nullptr with *err saying
/// what to do when TZ names no zone, /etc/localtime names none, or there is no time zone
/// database (tzdata) at all.
const Zone* zone_from_env(std::string* err);

/// Looks a zone up by IANA name (loaded on first use); nullptr when unknown.
const Zone* find_zone(std::string_view name);

/// "Now": `EBB_NOW` (RFC 3339) when set, else the system clock. False and *err when EBB_NOW
/// is set but unreadable.
bool now_from_env(Instant* now, std::string* err);

/// Parses a strict RFC 3339 timestamp with offset or Z ("2026-11-20T21:00:00+01:00"), of a
/// writable instant. With `outside` given, a well-formed time outside them is read too and
/// flagged there, for a caller that names the years in its own message.
bool parse_rfc3339(std::string_view text, Instant* out, bool* outside = nullptr);

/// Whether ebb keeps a time: from 0001-01-01 up to 9999-01-01 (UTC), so its local time in any
/// zone is a year RFC 3339 can write (0000 to 9999) and reads back as the same instant.
bool writable_instant(Instant t);
/// The years `writable_instant` keeps, for messages.
inline constexpr const char* kKeptYears = "the years 0001 to 9998 (UTC)";

/// RFC 3339 text of `t` as seen in `zone`, with that zone's offset at that instant.
std::string format_rfc3339(Instant t, const Zone* zone);

/// RFC 3339 text of `t` with a fixed UTC offset in seconds (in whole minutes, as RFC 3339
/// writes them: the wall clock is for that offset, so the text names exactly `t`).
std::string format_rfc3339_offset(Instant t, int offset_seconds);


/// How far past "now" a time may be and still count as now (clocks differ a little): a use
/// logged, edited or imported later than that is still to come.
inline constexpr std::chrono::minutes kClockSlack{1};

/// UTC offset of `zone` at `t`, in seconds.
int utc_offset_at(Instant t, const Zone* zone);

/// The person's day that instant `t` belongs to.
LocalDay logical_day(Instant t, const Zone* zone, const DaySettings& days);
/// The same for a local clock time already worked out (`zone->to_local(t)`).
LocalDay logical_day(date::local_seconds local, const DaySettings& days);

/// The instant the person's day `d` begins. When the day start falls in a DST gap the day
/// begins at the transition; in an overlap, at the first occurrence.
Instant day_begin(LocalDay d, const Zone* zone, const DaySettings& days);

/// The first day of the week containing `d`.
LocalDay week_begin(LocalDay d, const DaySettings& days);

/// "2026-11-20".
std::string format_day(LocalDay d);

/// "sun" to "sat".
std::string_view weekday_name(LocalDay d);

/// "November 2026".
std::string format_month(date::year_month ym);

/// The wall-clock time of `t` in `zone`, "21:05".
std::string format_clock(Instant t, const Zone* zone);

/// Parses "2026-11-20"; false when not a real date.
bool parse_day(std::string_view text, LocalDay* out);

}  // namespace ebb
