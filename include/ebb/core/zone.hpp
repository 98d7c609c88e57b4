#pragma once
/// Time zones, read from the one TZif file in use (RFC 8536) and its POSIX footer rule.
///
/// ebb needs a handful of zones per run: the person's own (`TZ` or /etc/localtime) and, on
/// demand, the zones entries were logged in. Reading one file is much cheaper than listing the
/// whole tz database, and the footer rule covers instants after the file's last transition
/// (some files stop in 2037, slim ones much earlier).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace ebb {

/// The rule in force over [begin, end): UTC offset, daylight saving amount and abbreviation.
struct ZoneSpan {
  date::sys_seconds begin;
  date::sys_seconds end;
  std::chrono::seconds offset{0};
  std::chrono::minutes save{0};  ///< non-zero while daylight saving time is in force
  std::string abbrev;
};

/// What a local wall-clock time means in a zone: one instant, none (clocks jumped over it:
/// `first` is the span before the gap, `second` the one after) or two (clocks went back:
/// `first` is the earlier reading, `second` the later).
struct LocalReading {
  enum Result { unique, nonexistent, ambiguous } result = unique;
  ZoneSpan first;
  ZoneSpan second;
};

/// A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"), as in a TZif footer or `TZ` itself.
struct PosixRule {
  struct Date {
    enum Kind { julian_no_leap, zero_based, month_week_day } kind = month_week_day;
    int day = 0;       ///< Jn: 1-365; n: 0-365; M: weekday 0 (Sunday) - 6
    int month = 0;     ///< M only: 1-12
    int week = 0;      ///< M only: 1-5 (5 = the last)
    int32_t time = 7200;  ///< seconds after local midnight (may be negative or past 24h)
  };
  std::string std_abbrev;
  int32_t std_offset = 0;  ///< seconds east of UTC
  bool has_dst = false;
  std::string dst_abbrev;
  int32_t dst_offset = 0;
  Date start, end;
};

/// Parses a POSIX TZ rule; false (and *err) when it is not one.
bool parse_posix_rule(std::string_view text, PosixRule* out, std::string* err);

class Zone {
 public:
  /// Reads a TZif image. `name` is what entries record (an IANA name where known).
  static std::unique_ptr<Zone> from_tzif(std::string name, std::string_view bytes,
                                         std::string* err);
  /// A zone made of a POSIX rule alone (TZ="EST5EDT,M3.2.0,M11.1.0").
  static std::unique_ptr<Zone> from_rule(std::string name, const PosixRule& rule);

  const std::string& name() const { return name_; }

  /// The span in force at `t`.
  ZoneSpan get_info(date::sys_seconds t) const;
  /// What the wall-clock time `local` means here.
  LocalReading get_info(date::local_seconds local) const;
  /// The wall-clock time at `t`.
  date::local_seconds to_local(date::sys_seconds t) const;

 private:
  struct Type {
    int32_t offset = 0;
    bool dst = false;
    std::string abbrev;
  };
  Zone() = default;
  ZoneSpan span_of(size_t type, date::sys_seconds begin, date::sys_seconds end) const;
  ZoneSpan rule_span(date::sys_seconds t, date::sys_seconds floor) const;

  std::string name_;
  std::vector<int64_t> transitions_;  ///< UTC seconds, ascending
  std::vector<uint8_t> transition_types_;
  std::vector<Type> types_;
  bool has_rule_ = false;
  PosixRule rule_;
  // The span to_local found last (ebb runs one command in one thread): empty at first.
  struct Offset {
    date::sys_seconds begin{}, end{};
    std::chrono::seconds offset{};
  };
  mutable Offset last_span_;
};

/// Where zone files live: $TZDIR when set, else /usr/share/zoneinfo.
std::string zoneinfo_dir();

/// Loads a zone by IANA name (or an absolute path to a TZif file, or a POSIX rule when no file
/// has that name). Zones are loaded once and kept for the rest of the run; nullptr and *err
/// when there is no such zone.
const Zone* load_zone(std::string_view name, std::string* err);

/// The system's zone from /etc/localtime (named after its link into the zoneinfo folder, else
/// /etc/timezone, else "localtime"); nullptr and *err when it can't be read.
const Zone* load_system_zone(std::string* err);

}  // namespace ebb
