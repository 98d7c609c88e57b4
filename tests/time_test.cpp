#include "ebb/core/time.hpp"

#include <doctest/doctest.h>

using namespace ebb;
using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const Zone* berlin() { return find_zone("Europe/Berlin"); }
const Zone* new_york() { return find_zone("America/New_York"); }

Instant at(const char* rfc3339) {
  Instant t{};
  REQUIRE_MESSAGE(parse_rfc3339(rfc3339, &t), rfc3339);
  return t;
}

std::string utc_text(Instant t) { return format_rfc3339_offset(t, 0); }

DaySettings day_start_at(int h, int m = 0) {
  DaySettings d;
  d.day_start = hours{h} + minutes{m};
  return d;
}

}  // namespace

TEST_CASE("parse_rfc3339 reads offsets, Z and the accepted spellings") {
  Instant t{};
  REQUIRE(parse_rfc3339("2026-11-20T21:00:00+01:00", &t));
  CHECK(t == date::sys_days{2026_y / 11 / 20} + hours{20});
  REQUIRE(parse_rfc3339("2026-11-20T21:00:00Z", &t));
  CHECK(t == date::sys_days{2026_y / 11 / 20} + hours{21});
  REQUIRE(parse_rfc3339("2026-11-20t21:00:00z", &t));
  CHECK(t == date::sys_days{2026_y / 11 / 20} + hours{21});
  REQUIRE(parse_rfc3339("2026-11-20 21:00:00-05:00", &t));
  CHECK(t == date::sys_days{2026_y / 11 / 21} + hours{2});
  REQUIRE(parse_rfc3339("2026-11-20T21:00+05:45", &t));  // seconds are optional
  CHECK(t == date::sys_days{2026_y / 11 / 20} + hours{15} + minutes{15});
  REQUIRE(parse_rfc3339("2026-11-20T21:00:07.999Z", &t));  // fractions are dropped
  CHECK(t == date::sys_days{2026_y / 11 / 20} + hours{21} + seconds{7});
  REQUIRE(parse_rfc3339("2016-12-31T23:59:60Z", &t));  // a leap second reads as :59
  CHECK(t == date::sys_days{2016_y / 12 / 31} + hours{23} + minutes{59} + seconds{59});
}

TEST_CASE("parse_rfc3339 refuses anything that is not a full timestamp with offset") {
  Instant t{};
  for (const char* bad : {"", "garbage", "2026-11-20", "2026-11-20T21:00:00", "2026-11-20T21:00",
                          "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-20T24:00:00Z",
                          "2026-11-20T21:60:00Z", "2026-11-20T21:00:00+01:00x",
                          "2026-11-20T21:00:00+1:00", "2026-11-20T21:00:00+24:00",
                          "2026-11-20X21:00:00Z", "2026-11-20T21:00:00.Z", "26-11-20T21:00:00Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_rfc3339(bad, &t));
  }
}

TEST_CASE("format_rfc3339 uses the zone's offset at that instant") {
  CHECK(format_rfc3339(at("2026-11-20T21:30:00Z"), berlin()) == "2026-11-20T22:30:00+01:00");
  CHECK(format_rfc3339(at("2026-07-01T10:00:00Z"), berlin()) == "2026-07-01T12:00:00+02:00");
  CHECK(format_rfc3339(at("2026-11-20T21:30:00Z"), new_york()) == "2026-11-20T16:30:00-05:00");
  CHECK(format_rfc3339(at("2026-07-01T10:00:00Z"), new_york()) == "2026-07-01T06:00:00-04:00");
  CHECK(format_rfc3339(at("2026-11-20T21:30:05Z"), find_zone("UTC")) ==
        "2026-11-20T21:30:05Z");
  // Either side of Berlin's spring change at 01:00 UTC.
  CHECK(format_rfc3339(at("2026-03-29T00:59:59Z"), berlin()) == "2026-03-29T01:59:59+01:00");
  CHECK(format_rfc3339(at("2026-03-29T01:00:00Z"), berlin()) == "2026-03-29T03:00:00+02:00");
}

TEST_CASE("format_rfc3339_offset writes fixed offsets, including half hours and days rolling") {
  Instant t = at("2026-11-20T21:00:00Z");
  CHECK(format_rfc3339_offset(t, 0) == "2026-11-20T21:00:00Z");
  CHECK(format_rfc3339_offset(t, -(3 * 3600 + 1800)) == "2026-11-20T17:30:00-03:30");
  CHECK(format_rfc3339_offset(t, 5 * 3600 + 45 * 60) == "2026-11-21T02:45:00+05:45");
  CHECK(format_rfc3339_offset(at("2026-01-01T02:00:00Z"), -5 * 3600) ==
        "2025-12-31T21:00:00-05:00");
  CHECK(format_rfc3339_offset(at("0099-03-04T05:06:07Z"), 0) == "0099-03-04T05:06:07Z");
  Instant last = date::sys_days{date::year{9999} / 12 / 31} + hours{23} + minutes{59} + seconds{59};
  CHECK(format_rfc3339_offset(last, 0) == "9999-12-31T23:59:59Z");
  // Past the four-digit years the text is still whole.
  Instant far = date::sys_days{date::year{12026} / 1 / 2} + std::chrono::hours{3};
  CHECK(format_rfc3339_offset(far, 3600) == "12026-01-02T04:00:00+01:00");
}

TEST_CASE("an offset with seconds (local mean time) is written in whole minutes, exactly") {
  // Berlin kept local mean time, +00:53:28, until 1893: RFC 3339 can't write the seconds, so
  // the wall clock is given for +00:53 and the text still names the same instant.
  Instant t = at("1890-06-01T19:06:32Z");  // 20:00 local mean time
  CHECK(utc_offset_at(t, berlin()) == 53 * 60 + 28);
  std::string text = format_rfc3339(t, berlin());
  CHECK(text == "1890-06-01T19:59:32+00:53");
  CHECK(at(text.c_str()) == t);
  CHECK(format_rfc3339_offset(t, -(44 * 60 + 30)) == "1890-06-01T18:22:32-00:44");  // Monrovia
}

TEST_CASE("ebb keeps the years whose local times RFC 3339 can write in every zone") {
  Instant t{};
  CHECK(parse_rfc3339("0001-01-01T00:00:00Z", &t));
  CHECK(parse_rfc3339("9998-12-31T23:59:59Z", &t));
  CHECK(writable_instant(t));
  // In a zone ahead of UTC these are in the year 10000 or before the year 0.
  CHECK_FALSE(parse_rfc3339("9999-01-01T00:00:00Z", &t));
  CHECK_FALSE(parse_rfc3339("9999-12-31T23:59:59Z", &t));
  CHECK_FALSE(parse_rfc3339("0000-01-01T00:00:00+01:00", &t));
  CHECK_FALSE(parse_rfc3339("0001-01-01T00:30:00+01:00", &t));
  CHECK_FALSE(writable_instant(date::sys_days{date::year{0} / 12 / 31}));
}

TEST_CASE("utc_offset_at follows DST in both zones") {
  CHECK(utc_offset_at(at("2026-03-29T00:59:59Z"), berlin()) == 3600);
  CHECK(utc_offset_at(at("2026-03-29T01:00:00Z"), berlin()) == 7200);
  CHECK(utc_offset_at(at("2026-10-25T00:59:59Z"), berlin()) == 7200);
  CHECK(utc_offset_at(at("2026-10-25T01:00:00Z"), berlin()) == 3600);
  CHECK(utc_offset_at(at("2026-03-08T06:59:59Z"), new_york()) == -5 * 3600);
  CHECK(utc_offset_at(at("2026-03-08T07:00:00Z"), new_york()) == -4 * 3600);
  CHECK(utc_offset_at(at("2026-11-01T05:59:59Z"), new_york()) == -4 * 3600);
  CHECK(utc_offset_at(at("2026-11-01T06:00:00Z"), new_york()) == -5 * 3600);
}

TEST_CASE("logical_day: the person's day runs from the day start to the next one") {
  DaySettings four;  // default 04:00
  CHECK(logical_day(at("2026-11-21T01:30:00+01:00"), berlin(), four) == LocalDay{2026_y / 11 / 20});
  CHECK(logical_day(at("2026-11-21T03:59:59+01:00"), berlin(), four) == LocalDay{2026_y / 11 / 20});
  CHECK(logical_day(at("2026-11-21T04:00:00+01:00"), berlin(), four) == LocalDay{2026_y / 11 / 21});
  CHECK(logical_day(at("2026-11-20T23:59:59+01:00"), berlin(), four) == LocalDay{2026_y / 11 / 20});
  DaySettings midnight = day_start_at(0);
  CHECK(logical_day(at("2026-11-21T01:30:00+01:00"), berlin(), midnight) ==
        LocalDay{2026_y / 11 / 21});
  CHECK(logical_day(at("2026-11-20T23:59:59+01:00"), berlin(), midnight) ==
        LocalDay{2026_y / 11 / 20});
  // The same instant is a different day in another zone: 02:00 UTC is 21:00 in New York.
  CHECK(logical_day(at("2026-11-21T02:00:00Z"), new_york(), four) == LocalDay{2026_y / 11 / 20});
  CHECK(logical_day(at("2026-11-21T02:00:00Z"), berlin(), four) == LocalDay{2026_y / 11 / 20});
  CHECK(logical_day(at("2026-11-21T03:00:00Z"), berlin(), four) == LocalDay{2026_y / 11 / 21});
}

TEST_CASE("logical_day on DST nights reads the wall clock") {
  DaySettings four;
  // 03:30 CEST exists only after the spring change; still before 04:00, so the 28th.
  CHECK(logical_day(at("2026-03-29T03:30:00+02:00"), berlin(), four) == LocalDay{2026_y / 3 / 28});
  CHECK(logical_day(at("2026-03-29T04:00:00+02:00"), berlin(), four) == LocalDay{2026_y / 3 / 29});
  // Both 02:30s of the autumn night belong to the 24th.
  CHECK(logical_day(at("2026-10-25T02:30:00+02:00"), berlin(), four) == LocalDay{2026_y / 10 / 24});
  CHECK(logical_day(at("2026-10-25T02:30:00+01:00"), berlin(), four) == LocalDay{2026_y / 10 / 24});
  CHECK(logical_day(at("2026-11-01T01:30:00-05:00"), new_york(), four) ==
        LocalDay{2026_y / 10 / 31});
}

TEST_CASE("day_begin gives the instant of the day start, 23 or 25 hours apart on DST days") {
  DaySettings four;
  CHECK(utc_text(day_begin(LocalDay{2026_y / 11 / 20}, berlin(), four)) == "2026-11-20T03:00:00Z");
  CHECK(utc_text(day_begin(LocalDay{2026_y / 3 / 29}, berlin(), four)) == "2026-03-29T02:00:00Z");
  CHECK(utc_text(day_begin(LocalDay{2026_y / 10 / 25}, berlin(), four)) == "2026-10-25T03:00:00Z");
  auto length = [&](LocalDay d, const Zone* z) {
    return day_begin(d + date::days{1}, z, four) - day_begin(d, z, four);
  };
  CHECK(length(LocalDay{2026_y / 3 / 28}, berlin()) == hours{23});  // its night loses an hour
  CHECK(length(LocalDay{2026_y / 10 / 24}, berlin()) == hours{25});
  CHECK(length(LocalDay{2026_y / 11 / 20}, berlin()) == hours{24});
  CHECK(length(LocalDay{2026_y / 3 / 7}, new_york()) == hours{23});
  CHECK(length(LocalDay{2026_y / 10 / 31}, new_york()) == hours{25});
  DaySettings midnight = day_start_at(0);
  CHECK(utc_text(day_begin(LocalDay{2026_y / 11 / 20}, new_york(), midnight)) ==
        "2026-11-20T05:00:00Z");
}

TEST_CASE("day_begin when the day start itself falls in a gap or an overlap") {
  DaySettings half_two = day_start_at(2, 30);
  // Berlin skips 02:00-03:00 on 2026-03-29: the day begins at the change, 03:00 CEST.
  CHECK(utc_text(day_begin(LocalDay{2026_y / 3 / 29}, berlin(), half_two)) ==
        "2026-03-29T01:00:00Z");
  // 02:30 happens twice on 2026-10-25: the first one, 02:30 CEST.
  CHECK(utc_text(day_begin(LocalDay{2026_y / 10 / 25}, berlin(), half_two)) ==
        "2026-10-25T00:30:00Z");
  CHECK(utc_text(day_begin(LocalDay{2026_y / 3 / 8}, new_york(), half_two)) ==
        "2026-03-08T07:00:00Z");
  DaySettings half_one = day_start_at(1, 30);
  CHECK(utc_text(day_begin(LocalDay{2026_y / 11 / 1}, new_york(), half_one)) ==
        "2026-11-01T05:30:00Z");
}

TEST_CASE("week_begin with Monday and Sunday weeks") {
  DaySettings monday;
  CHECK(week_begin(LocalDay{2026_y / 11 / 20}, monday) == LocalDay{2026_y / 11 / 16});  // Fri
  CHECK(week_begin(LocalDay{2026_y / 11 / 16}, monday) == LocalDay{2026_y / 11 / 16});  // Mon
  CHECK(week_begin(LocalDay{2026_y / 11 / 22}, monday) == LocalDay{2026_y / 11 / 16});  // Sun
  CHECK(week_begin(LocalDay{2027_y / 1 / 1}, monday) == LocalDay{2026_y / 12 / 28});
  DaySettings sunday;
  sunday.week_start = date::Sunday;
  CHECK(week_begin(LocalDay{2026_y / 11 / 20}, sunday) == LocalDay{2026_y / 11 / 15});
  CHECK(week_begin(LocalDay{2026_y / 11 / 21}, sunday) == LocalDay{2026_y / 11 / 15});  // Sat
  CHECK(week_begin(LocalDay{2026_y / 11 / 22}, sunday) == LocalDay{2026_y / 11 / 22});
}

TEST_CASE("parse_day and format_day") {
  LocalDay d{};
  REQUIRE(parse_day("2026-11-20", &d));
  CHECK(d == LocalDay{2026_y / 11 / 20});
  REQUIRE(parse_day("2028-02-29", &d));
  CHECK(d == LocalDay{2028_y / 2 / 29});
  for (const char* bad : {"", "2026-02-29", "2026-1-01", "2026-11-20x", "20261120", "2026-00-10",
                          "2026-11-31", "2026/11/20", "2026-11-2a"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_day(bad, &d));
  }
  CHECK(format_day(LocalDay{2026_y / 3 / 5}) == "2026-03-05");
  CHECK(format_day(LocalDay{2026_y / 12 / 31}) == "2026-12-31");
}

TEST_CASE("find_zone knows IANA names only") {
  CHECK(find_zone("Europe/Berlin") == berlin());
  CHECK(find_zone("Mars/Olympus_Mons") == nullptr);
  CHECK(find_zone("") == nullptr);
}
