#include "ebb/core/time.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace ebb {

using namespace std::chrono;

const Zone* find_zone(std::string_view name) {
  std::string err;
  return load_zone(name, &err);
}

namespace {

// Whether there is a time zone database (the tzdata package) at all: a zoneinfo folder with
// something in it.
bool zoneinfo_present() {
  std::error_code ec;
  std::filesystem::directory_iterator it(zoneinfo_dir(), ec);
  return !ec && it != std::filesystem::directory_iterator();
}

constexpr const char* kNoTzdata =
    "The time zone database can't be read, and ebb needs it to tell your days apart. Install "
    "it (on Debian and Ubuntu: apt install tzdata) and try again.";

// What is wrong with /etc/localtime, in a few words, when it names no zone ebb can read.
std::string localtime_problem() {
  std::error_code ec;
  const std::filesystem::path path = "/etc/localtime";
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(path, ec))) {
    auto target = std::filesystem::read_symlink(path, ec);
    return fmt::format("/etc/localtime points to {}, which isn't a time zone ebb can read",
                       target.string());
  }
  return "/etc/localtime isn't a time zone ebb can read";
}

}  // namespace

const Zone* zone_from_env(std::string* err) {
  const char* tz = std::getenv("TZ");
  if (tz && *tz) {
    std::string why;
    if (const Zone* z = load_zone(tz, &why)) return z;
    // An IANA name with no zone files at all: the database is missing, not the name wrong.
    *err = tz[0] != '/' && !zoneinfo_present()
               ? std::string(kNoTzdata)
               : fmt::format("In TZ, {}. Use an IANA name such as Europe/Berlin.", why);
    return nullptr;
  }
  // No /etc/localtime at all (a small container, say) is UTC, as for the C library; one that
  // is there but names no zone is a mistake to point out, not to guess past.
  std::string why;
  if (const Zone* z = load_system_zone(&why)) return z;
  *err = !zoneinfo_present()
             ? std::string(kNoTzdata)
             : fmt::format("This machine's time zone can't be told: {}. Set TZ to yours, like "
                           "TZ=Europe/Berlin (or fix it with timedatectl set-timezone).",
                           localtime_problem());
  return nullptr;
}

bool parse_rfc3339(std::string_view text, Instant* out, bool* outside) {
  // YYYY-MM-DDTHH:MM[:SS[.frac]](Z|+HH:MM|-HH:MM); 't', 'z' and ' ' for 'T' are accepted.
  auto digits = [&](size_t pos, size_t n, int* v) {
    if (pos + n > text.size()) return false;
    int r = 0;
    for (size_t i = 0; i < n; ++i) {
      char c = text[pos + i];
      if (c < '0' || c > '9') return false;
      r = r * 10 + (c - '0');
    }
    *v = r;
    return true;
  };
  int y, mo, d, h, mi, s = 0;
  if (!digits(0, 4, &y) || text.size() < 16 || text[4] != '-' || !digits(5, 2, &mo) ||
      text[7] != '-' || !digits(8, 2, &d))
    return false;
  char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  if (!digits(11, 2, &h) || text[13] != ':' || !digits(14, 2, &mi)) return false;
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(pos + 1, 2, &s)) return false;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return false;
    }
  }
  if (pos >= text.size()) return false;
  int offset = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh, om;
    if (!digits(pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(pos + 4, 2, &om) || oh > 23 || om > 59)
      return false;
    offset = (oh * 60 + om) * 60 * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != text.size()) return false;
  auto ymd = date::year{y} / mo / d;
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return false;
  Instant t = date::sys_days{ymd} + hours{h} + minutes{mi} + seconds{s > 59 ? 59 : s} -
              seconds{offset};
  if (outside) *outside = !writable_instant(t);
  else if (!writable_instant(t)) return false;
  *out = t;
  return true;
}

bool writable_instant(Instant t) {
  static constexpr date::sys_days kFirst{date::year{1} / 1 / 1};
  static constexpr date::sys_days kEnd{date::year{9999} / 1 / 1};
  return t >= kFirst && t < kEnd;
}

bool now_from_env(Instant* now, std::string* err) {
  const char* fixed = std::getenv("EBB_NOW");
  if (fixed && *fixed) {
    bool outside = false;
    if (!parse_rfc3339(fixed, now, &outside)) {
      *err = fmt::format("EBB_NOW is \"{}\"; it needs an RFC 3339 time with an offset, "
                         "like 2026-11-20T21:00:00+01:00.", fixed);
      return false;
    }
    if (outside) {
      *err = fmt::format("EBB_NOW is \"{}\", outside {}, which ebb keeps.", fixed, kKeptYears);
      return false;
    }
    return true;
  }
  *now = floor<seconds>(system_clock::now());
  return true;
}

int utc_offset_at(Instant t, const Zone* zone) {
  return static_cast<int>(zone->get_info(t).offset.count());
}

std::string format_rfc3339_offset(Instant t, int offset_seconds) {
  // RFC 3339 offsets are whole minutes; zones once had offsets with seconds (local mean time,
  // Berlin +00:53:28 before 1893). The wall clock is written for the offset in whole minutes,
  // so the text still names exactly the instant `t`.
  offset_seconds = offset_seconds / 60 * 60;
  auto local = t + seconds{offset_seconds};
  auto day = floor<days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss<seconds> tod{local - day};
  int year = int(ymd.year());
  int a = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  if (year < 0 || year > 9999 || a >= 100 * 3600)
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", year,
                       unsigned(ymd.month()), unsigned(ymd.day()), tod.hours().count(),
                       tod.minutes().count(), tod.seconds().count(),
                       offset_seconds < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
  // Written by hand: exports write three of these per entry.
  char buf[25];
  auto two = [&buf](int at, long v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, year / 100);
  two(2, year % 100);
  buf[4] = '-';
  two(5, unsigned(ymd.month()));
  buf[7] = '-';
  two(8, unsigned(ymd.day()));
  buf[10] = 'T';
  two(11, tod.hours().count());
  buf[13] = ':';
  two(14, tod.minutes().count());
  buf[16] = ':';
  two(17, tod.seconds().count());
  if (offset_seconds == 0) {
    buf[19] = 'Z';
    return std::string(buf, 20);
  }
  buf[19] = offset_seconds < 0 ? '-' : '+';
  two(20, a / 3600);
  buf[22] = ':';
  two(23, (a / 60) % 60);
  return std::string(buf, 25);
}

std::string format_rfc3339(Instant t, const Zone* zone) {
  return format_rfc3339_offset(t, utc_offset_at(t, zone));
}

LocalDay logical_day(Instant t, const Zone* zone, const DaySettings& days) {
  return logical_day(zone->to_local(t), days);
}

LocalDay logical_day(date::local_seconds local, const DaySettings& days) {
  return floor<date::days>(local - days.day_start);
}

Instant day_begin(LocalDay d, const Zone* zone, const DaySettings& days) {
  auto local = date::local_seconds{d} + days.day_start;
  auto info = zone->get_info(local);
  switch (info.result) {
    case LocalReading::unique:
      return date::sys_seconds{local.time_since_epoch()} - info.first.offset;
    case LocalReading::nonexistent:
      return info.second.begin;  // the clocks jumped over the day start
    case LocalReading::ambiguous:
    default:
      return date::sys_seconds{local.time_since_epoch()} - info.first.offset;
  }
}

LocalDay week_begin(LocalDay d, const DaySettings& days) {
  auto wd = date::weekday{d};
  return d - (wd - days.week_start);
}

std::string format_day(LocalDay d) {
  date::year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

bool parse_day(std::string_view text, LocalDay* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int v[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k)
    for (size_t i = 0; i < lens[k]; ++i) {
      char c = text[starts[k] + i];
      if (c < '0' || c > '9') return false;
      v[k] = v[k] * 10 + (c - '0');
    }
  auto ymd = date::year{v[0]} / v[1] / v[2];
  if (!ymd.ok()) return false;
  *out = LocalDay{ymd};
  return true;
}

std::string_view weekday_name(LocalDay d) {
  static constexpr std::string_view kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  return kNames[date::weekday{d}.c_encoding()];
}

std::string format_month(date::year_month ym) {
  static constexpr std::string_view kMonthNames[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return fmt::format("{} {}", kMonthNames[unsigned(ym.month()) - 1], int(ym.year()));
}

std::string format_clock(Instant t, const Zone* zone) {
  auto local = zone->to_local(t);
  date::hh_mm_ss<std::chrono::seconds> tod{local - date::floor<date::days>(local)};
  return fmt::format("{:02}:{:02}", tod.hours().count(), tod.minutes().count());
}

}  // namespace ebb
