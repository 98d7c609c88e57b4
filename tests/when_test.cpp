#include "ebb/core/when.hpp"

#include <doctest/doctest.h>

using namespace ebb;
using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

// Fridays: 2026-11-20 21:30 UTC is 22:30 in Berlin (CET) and 16:30 in New York (EST).
constexpr const char* kNow = "2026-11-20T21:30:00Z";

WhenContext context(const char* now, const char* zone, DaySettings days = {}) {
  WhenContext ctx;
  REQUIRE(parse_rfc3339(now, &ctx.now));
  ctx.zone = find_zone(zone);
  ctx.days = days;
  return ctx;
}

WhenContext berlin(const char* now = kNow, DaySettings days = {}) {
  return context(now, "Europe/Berlin", days);
}

WhenContext new_york(const char* now = kNow, DaySettings days = {}) {
  return context(now, "America/New_York", days);
}

// The instant as RFC 3339 in the context's zone, or "error: ..." so failures show the message.
std::string when(const char* text, const WhenContext& ctx) {
  Instant t{};
  std::string err;
  if (!parse_when(text, ctx, &t, &err)) return "error: " + err;
  return format_rfc3339(t, ctx.zone);
}

std::string bound(const char* text, const WhenContext& ctx, bool is_until = false) {
  Instant t{};
  std::string err;
  if (!parse_bound(text, ctx, is_until, &t, &err)) return "error: " + err;
  return format_rfc3339(t, ctx.zone);
}

void check_message(const std::string& err) {
  CHECK_FALSE(err.empty());
  CHECK(err.back() != '\n');
  for (const char* word : {"should", "must", "invalid", "illegal", "Error", "ERROR", "!"}) {
    CAPTURE(word);
    CHECK(err.find(word) == std::string::npos);
  }
}

// The message parse_when gives for `text`, which must be refused.
std::string when_error(const char* text, const WhenContext& ctx) {
  Instant t{};
  std::string err;
  CAPTURE(text);
  CHECK_FALSE(parse_when(text, ctx, &t, &err));
  check_message(err);
  return err;
}

std::string bound_error(const char* text, const WhenContext& ctx, bool is_until = false) {
  Instant t{};
  std::string err;
  CAPTURE(text);
  CHECK_FALSE(parse_bound(text, ctx, is_until, &t, &err));
  check_message(err);
  return err;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

DaySettings day_start_at(int h) {
  DaySettings d;
  d.day_start = hours{h};
  return d;
}

}  // namespace

TEST_CASE("now, trimmed and in any case") {
  auto ctx = berlin();
  CHECK(when("now", ctx) == "2026-11-20T22:30:00+01:00");
  CHECK(when("  NoW \t", ctx) == "2026-11-20T22:30:00+01:00");
}

TEST_CASE("ISO dates with a time, local or with an offset") {
  auto ctx = berlin();
  CHECK(when("2026-11-20T21:00", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("2026-11-20 21:00", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("2026-11-20   21:00", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("2026-11-20t21:00:30", ctx) == "2026-11-20T21:00:30+01:00");
  CHECK(when("2026-07-01 12:00", ctx) == "2026-07-01T12:00:00+02:00");
  CHECK(when("2026-11-20 9pm", ctx) == "2026-11-20T21:00:00+01:00");
  // An explicit date is the calendar date, even before the day start.
  CHECK(when("2026-11-21 01:00", ctx) == "2026-11-21T01:00:00+01:00");
  // Offsets make the instant exact; shown here in Berlin time.
  CHECK(when("2026-11-20T21:00Z", ctx) == "2026-11-20T22:00:00+01:00");
  CHECK(when("2026-11-20T21:00z", ctx) == "2026-11-20T22:00:00+01:00");
  CHECK(when("2026-11-20T21:00-05:00", ctx) == "2026-11-21T03:00:00+01:00");
  CHECK(when("2026-11-20 21:00:30+01:00", ctx) == "2026-11-20T21:00:30+01:00");
  CHECK(when("2026-11-20 21:00 +01:00", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("2026-11-20T21:00+0530", ctx) == "2026-11-20T16:30:00+01:00");
  CHECK(when("2026-11-20T21:00:30.75Z", ctx) == "2026-11-20T22:00:30+01:00");
  // An offset the zone doesn't use is still an exact instant.
  CHECK(when("2026-11-20T21:00+09:00", ctx) == "2026-11-20T13:00:00+01:00");
  CHECK(when("2026-11-20 21:00", new_york()) == "2026-11-20T21:00:00-05:00");
}

TEST_CASE("today, yesterday and clock times on the person's day") {
  auto ctx = berlin();
  CHECK(when("today 08:00", ctx) == "2026-11-20T08:00:00+01:00");
  CHECK(when("Yesterday 21:00", ctx) == "2026-11-19T21:00:00+01:00");
  CHECK(when("21:00", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("9:05", ctx) == "2026-11-20T09:05:00+01:00");
  CHECK(when("23:00", ctx) == "2026-11-20T23:00:00+01:00");  // later than now: the caller decides
  CHECK(when("21:00 yesterday", ctx) == "2026-11-19T21:00:00+01:00");
  CHECK(when("today at 9pm", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("at 9pm", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("today 21:00+01:00", ctx) == "2026-11-20T21:00:00+01:00");
}

TEST_CASE("am and pm") {
  auto ctx = berlin();
  CHECK(when("9pm", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("9:30pm", ctx) == "2026-11-20T21:30:00+01:00");
  CHECK(when("9 PM", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("9:30 p.m.", ctx) == "2026-11-20T21:30:00+01:00");
  CHECK(when("Yesterday   9PM", ctx) == "2026-11-19T21:00:00+01:00");
  CHECK(when("yesterday 9 pm", ctx) == "2026-11-19T21:00:00+01:00");
  CHECK(when("9am", ctx) == "2026-11-20T09:00:00+01:00");
  CHECK(when("12pm", ctx) == "2026-11-20T12:00:00+01:00");
  // Midnight is before the 04:00 day start, so it is the night after the 20th.
  CHECK(when("12am", ctx) == "2026-11-21T00:00:00+01:00");
  CHECK(when("12:30am", ctx) == "2026-11-21T00:30:00+01:00");
}

TEST_CASE("day start: just after midnight, today is still the evening before") {
  // 2026-11-21 01:00 in Berlin, so the person's today is Friday the 20th.
  auto ctx = berlin("2026-11-21T00:00:00Z");
  CHECK(when("23:00", ctx) == "2026-11-20T23:00:00+01:00");
  CHECK(when("00:30", ctx) == "2026-11-21T00:30:00+01:00");
  CHECK(when("today 03:59", ctx) == "2026-11-21T03:59:00+01:00");
  CHECK(when("today 04:00", ctx) == "2026-11-20T04:00:00+01:00");
  CHECK(when("yesterday 23:00", ctx) == "2026-11-19T23:00:00+01:00");
  CHECK(when("yesterday 01:00", ctx) == "2026-11-20T01:00:00+01:00");
  auto midnight = berlin("2026-11-21T00:00:00Z", day_start_at(0));
  CHECK(when("23:00", midnight) == "2026-11-21T23:00:00+01:00");
  CHECK(when("00:30", midnight) == "2026-11-21T00:30:00+01:00");
  CHECK(when("yesterday 23:00", midnight) == "2026-11-20T23:00:00+01:00");
}

TEST_CASE("weekday names: the most recent one not after now") {
  auto ctx = berlin();  // Friday 22:30
  CHECK(when("fri 22:00", ctx) == "2026-11-20T22:00:00+01:00");
  CHECK(when("friday 22:30", ctx) == "2026-11-20T22:30:00+01:00");  // exactly now counts
  CHECK(when("fri 23:00", ctx) == "2026-11-13T23:00:00+01:00");     // later today: last week
  CHECK(when("thu 09:00", ctx) == "2026-11-19T09:00:00+01:00");
  CHECK(when("Mon 8am", ctx) == "2026-11-16T08:00:00+01:00");
  CHECK(when("sat 10:00", ctx) == "2026-11-14T10:00:00+01:00");
  CHECK(when("sun 10:00", ctx) == "2026-11-15T10:00:00+01:00");
  CHECK(when("tues 12:00", ctx) == "2026-11-17T12:00:00+01:00");
  CHECK(when("tue 12:00", ctx) == "2026-11-17T12:00:00+01:00");
  CHECK(when("wednesday 12:00", ctx) == "2026-11-18T12:00:00+01:00");
  CHECK(when("thur 12:00", ctx) == "2026-11-19T12:00:00+01:00");
  CHECK(when("THURS 12:00", ctx) == "2026-11-19T12:00:00+01:00");
  CHECK(when("22:00 fri", ctx) == "2026-11-20T22:00:00+01:00");
  CHECK(when("fri at 10pm", ctx) == "2026-11-20T22:00:00+01:00");
  // A weekday's night belongs to it: "fri 01:00" is early Saturday.
  CHECK(when("fri 01:00", ctx) == "2026-11-14T01:00:00+01:00");
  CHECK(when("thu 01:00", ctx) == "2026-11-20T01:00:00+01:00");
}

TEST_CASE("weekday names just after midnight use the person's day") {
  // Saturday 2026-11-21 01:00 in Berlin; the person's today is Friday.
  auto ctx = berlin("2026-11-21T00:00:00Z");
  CHECK(when("fri 23:00", ctx) == "2026-11-20T23:00:00+01:00");
  CHECK(when("fri 00:30", ctx) == "2026-11-21T00:30:00+01:00");
  CHECK(when("fri 02:00", ctx) == "2026-11-14T02:00:00+01:00");  // 02:00 tonight is still ahead
  CHECK(when("sat 10:00", ctx) == "2026-11-14T10:00:00+01:00");
}

TEST_CASE("relative times: h/m/s are exact, days and weeks are calendar days") {
  auto ctx = berlin();
  CHECK(when("2h ago", ctx) == "2026-11-20T20:30:00+01:00");
  CHECK(when("90m ago", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("1h30m ago", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("1h 30m ago", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("1 hour 30 minutes ago", ctx) == "2026-11-20T21:00:00+01:00");
  CHECK(when("45 min ago", ctx) == "2026-11-20T21:45:00+01:00");
  CHECK(when("2 hours ago", ctx) == "2026-11-20T20:30:00+01:00");
  CHECK(when("10s ago", ctx) == "2026-11-20T22:29:50+01:00");
  CHECK(when("0m ago", ctx) == "2026-11-20T22:30:00+01:00");
  CHECK(when("3 days ago", ctx) == "2026-11-17T22:30:00+01:00");
  CHECK(when("1 week ago", ctx) == "2026-11-13T22:30:00+01:00");
  CHECK(when("1d ago", ctx) == "2026-11-19T22:30:00+01:00");
  CHECK(when("1d 2h ago", ctx) == "2026-11-19T20:30:00+01:00");
  // Across the autumn change the wall clock stays put, so 4 weeks is 28 days and an hour.
  CHECK(when("4 weeks ago", ctx) == "2026-10-23T22:30:00+02:00");
  CHECK(when("672h ago", ctx) == "2026-10-23T23:30:00+02:00");
  CHECK(when("3 weeks ago", new_york()) == "2026-10-30T16:30:00-04:00");
}

TEST_CASE("relative days that land in a DST gap or overlap ask which one") {
  // 2026-03-31 02:30 CEST: two days back is 2026-03-29 02:30, which Berlin skipped.
  std::string gap = when_error("2 days ago", berlin("2026-03-31T00:30:00Z"));
  CHECK(has(gap, "2026-03-29 02:30"));
  CHECK(has(gap, "2026-03-29T01:30+01:00"));
  CHECK(has(gap, "2026-03-29T03:30+02:00"));
  // 2026-10-27 02:30 CET: two days back is 2026-10-25 02:30, which happened twice.
  std::string twice = when_error("2d ago", berlin("2026-10-27T01:30:00Z"));
  CHECK(has(twice, "2026-10-25T02:30+02:00"));
  CHECK(has(twice, "2026-10-25T02:30+01:00"));
}

TEST_CASE("DST gap: the error says the clocks moved forward and shows both readings") {
  std::string b = when_error("2026-03-29 02:30", berlin());
  CHECK(has(b, "2026-03-29 02:30"));
  CHECK(has(b, "Europe/Berlin"));
  CHECK(has(b, "forward from 02:00 to 03:00"));
  CHECK(has(b, "2026-03-29T01:30+01:00"));
  CHECK(has(b, "2026-03-29T03:30+02:00"));
  CHECK(b.find("T01:30+01:00") < b.find("T03:30+02:00"));
  std::string ny = when_error("2026-03-08 02:30", new_york());
  CHECK(has(ny, "America/New_York"));
  CHECK(has(ny, "forward from 02:00 to 03:00"));
  CHECK(has(ny, "2026-03-08T01:30-05:00"));
  CHECK(has(ny, "2026-03-08T03:30-04:00"));
  // Each reading it offers is accepted as it stands, and is the instant it claims.
  CHECK(when("2026-03-29T01:30+01:00", berlin()) == "2026-03-29T01:30:00+01:00");
  CHECK(when("2026-03-29T03:30+02:00", berlin()) == "2026-03-29T03:30:00+02:00");
  CHECK(when("2026-03-08T01:30-05:00", new_york()) == "2026-03-08T01:30:00-05:00");
  // The gap's own local time with an offset is an exact instant too.
  CHECK(when("2026-03-29T02:30+01:00", berlin()) == "2026-03-29T03:30:00+02:00");
  // Just outside the gap is fine.
  CHECK(when("2026-03-29 01:59", berlin()) == "2026-03-29T01:59:00+01:00");
  CHECK(when("2026-03-29 03:00", berlin()) == "2026-03-29T03:00:00+02:00");
}

TEST_CASE("DST overlap: the error lists both readings, the first one first") {
  std::string b = when_error("2026-10-25 02:30", berlin());
  CHECK(has(b, "2026-10-25 02:30"));
  CHECK(has(b, "twice"));
  CHECK(has(b, "back from 03:00 to 02:00"));
  REQUIRE(has(b, "2026-10-25T02:30+02:00"));
  REQUIRE(has(b, "2026-10-25T02:30+01:00"));
  CHECK(b.find("+02:00") < b.find("+01:00"));
  std::string ny = when_error("2026-11-01 01:30", new_york());
  CHECK(has(ny, "back from 02:00 to 01:00"));
  REQUIRE(has(ny, "2026-11-01T01:30-04:00"));
  REQUIRE(has(ny, "2026-11-01T01:30-05:00"));
  CHECK(ny.find("-04:00") < ny.find("-05:00"));
  // An explicit offset picks one: an hour apart.
  CHECK(when("2026-10-25T02:30+02:00", berlin()) == "2026-10-25T02:30:00+02:00");
  CHECK(when("2026-10-25T02:30+01:00", berlin()) == "2026-10-25T02:30:00+01:00");
  CHECK(when("2026-11-01T01:30-04:00", new_york()) == "2026-11-01T01:30:00-04:00");
  CHECK(when("2026-11-01T01:30-05:00", new_york()) == "2026-11-01T01:30:00-05:00");
}

TEST_CASE("DST through day words and weekdays") {
  // Sunday 2026-03-29 12:00 CEST; yesterday's night is the one that skipped 02:00-03:00.
  auto ctx = berlin("2026-03-29T10:00:00Z");
  CHECK(has(when_error("yesterday 02:30", ctx), "2026-03-29T03:30+02:00"));
  CHECK(has(when_error("sat 02:30", ctx), "2026-03-29T01:30+01:00"));
  CHECK(when("today 02:30", ctx) == "2026-03-30T02:30:00+02:00");  // the next night, no gap
  CHECK(has(when_error("today 02:30", berlin("2026-03-29T10:00:00Z", day_start_at(0))),
            "doesn't exist"));
  // 01:15 CET on the 29th (person's day: Saturday). Both readings of "sat 02:30" are still
  // ahead, so it means the Saturday before.
  CHECK(when("sat 02:30", berlin("2026-03-29T00:15:00Z")) == "2026-03-22T02:30:00+01:00");
  // 01:45 CET: the earlier reading has passed, so it asks.
  CHECK(has(when_error("sat 02:30", berlin("2026-03-29T00:45:00Z")), "doesn't exist"));
  // New York, overlap via a weekday: Sat 2026-10-31's night repeats 01:00-02:00.
  auto nov = new_york("2026-11-02T03:00:00Z");  // Sunday 22:00 EST
  CHECK(has(when_error("sat 01:30", nov), "2026-11-01T01:30-04:00"));
  CHECK(when("sat 01:30-05:00", nov) == "2026-11-01T01:30:00-05:00");
}

TEST_CASE("parse_when wants a time, not a day or a length") {
  auto ctx = berlin();
  std::string date = when_error("2026-11-20", ctx);
  CHECK(has(date, "add a time"));
  CHECK(has(date, "2026-11-20 21:00"));
  CHECK(has(when_error("today", ctx), "today 21:00"));
  CHECK(has(when_error("yesterday", ctx), "yesterday 21:00"));
  CHECK(has(when_error("fri", ctx), "fri 21:00"));
  CHECK(has(when_error("2h", ctx), "2h ago"));
  CHECK(has(when_error("7d", ctx), "7d ago"));
  std::string h21 = when_error("21h", ctx);
  CHECK(has(h21, "21h ago"));
  CHECK(has(h21, "21:00"));
}

TEST_CASE("every refusal names the part that could not be read") {
  auto ctx = berlin();
  CHECK(has(when_error("fri 22:00 xyz", ctx), "\"xyz\""));
  std::string fry = when_error("fry 22:00", ctx);
  CHECK(has(fry, "\"fry\""));
  CHECK(has(fry, "fry 22:00"));
  CHECK(has(fry, "yesterday 21:00"));  // offers forms that work
  CHECK(has(when_error("Fry   22:00", ctx), "\"Fry\" in \"Fry 22:00\""));
  CHECK(has(when_error("25:00", ctx), "\"25:00\""));
  CHECK(has(when_error("24:00", ctx), "\"24:00\""));
  CHECK(has(when_error("21:61", ctx), "\"21:61\""));
  CHECK(has(when_error("21:00:61", ctx), "\"21:00:61\""));
  CHECK(has(when_error("2026-02-30 21:00", ctx), "\"2026-02-30\""));
  CHECK(has(when_error("2026-02-30 21:00", ctx), "28 days"));
  CHECK(has(when_error("2026-13-01 10:00", ctx), "\"2026-13-01\""));
  CHECK(has(when_error("2026-11-20T25:00", ctx), "\"25:00\""));
  CHECK(has(when_error("2026-11-20T21:00+25:00", ctx), "\"2026-11-20T21:00+25:00\""));
  CHECK(has(when_error("13pm", ctx), "\"13pm\""));
  CHECK(has(when_error("13PM", ctx), "\"13PM\""));
  CHECK(has(when_error("yesterday 13 PM", ctx), "\"13 PM\""));
  CHECK(has(when_error("0am", ctx), "\"0am\""));
  CHECK(has(when_error("9:75pm", ctx), "\"9:75pm\""));
  CHECK(has(when_error("21", ctx), "\"21\""));
  CHECK(has(when_error("fri 22:00 23:00", ctx), "\"23:00\""));
  CHECK(has(when_error("today yesterday 21:00", ctx), "\"yesterday\""));
  CHECK(has(when_error("now 21:00", ctx), "\"now\""));
  CHECK(has(when_error("21:00 at", ctx), "\"at\""));
  CHECK(has(when_error("2h ago xyz", ctx), "\"xyz\""));
  CHECK(has(when_error("2h later", ctx), "\"later\""));
  CHECK(has(when_error("2x ago", ctx), "\"2x\""));
  CHECK(has(when_error("2 ago", ctx), "\"2\" needs a unit"));
  CHECK(has(when_error("fri 2h ago", ctx), "\"2h\""));
  CHECK(has(when_error("2026-11 21:00", ctx), "\"2026-11\""));
  CHECK(has(when_error("tomorrow 9am", ctx), "\"tomorrow\""));
  CHECK(has(when_error("200000h ago", ctx), "\"200000h\""));
  CHECK(has(when_error("1h30 ago", ctx), "\"1h30\""));
  CHECK(has(when_error("100000w ago", ctx), "further back"));
  CHECK(has(when_error("0000-01-01 00:30", ctx), "outside the years 0001 to 9998"));
  CHECK(has(when_error("9999-06-01 12:00", ctx), "outside the years 0001 to 9998"));
  CHECK(has(when_error("today am", ctx), "\"am\""));
  CHECK(has(when_error("today +01:00", ctx), "\"+01:00\""));
  CHECK(has(when_error("2026-11-20 21:00 Z", ctx), "\"Z\""));
  CHECK(has(when_error("", ctx), "No time given"));
  CHECK(has(when_error("   ", ctx), "No time given"));
}

TEST_CASE("parse_bound: days mean the start of the person's day, or its end for until") {
  auto ctx = berlin();
  CHECK(bound("2026-11-01", ctx) == "2026-11-01T04:00:00+01:00");
  CHECK(bound("2026-11-01", ctx, true) == "2026-11-02T04:00:00+01:00");
  CHECK(bound("today", ctx) == "2026-11-20T04:00:00+01:00");
  CHECK(bound("TODAY", ctx, true) == "2026-11-21T04:00:00+01:00");
  CHECK(bound("yesterday", ctx) == "2026-11-19T04:00:00+01:00");
  CHECK(bound("yesterday", ctx, true) == "2026-11-20T04:00:00+01:00");
  CHECK(bound("mon", ctx) == "2026-11-16T04:00:00+01:00");
  CHECK(bound("fri", ctx) == "2026-11-20T04:00:00+01:00");  // today counts
  CHECK(bound("fri", ctx, true) == "2026-11-21T04:00:00+01:00");
  CHECK(bound("sat", ctx) == "2026-11-14T04:00:00+01:00");
  // The day the clocks went back is 25 hours long.
  CHECK(bound("2026-10-25", ctx) == "2026-10-25T04:00:00+01:00");
  CHECK(bound("2026-10-24", ctx) == "2026-10-24T04:00:00+02:00");
  CHECK(bound("2026-10-24", ctx, true) == "2026-10-25T04:00:00+01:00");
  CHECK(bound("2026-11-01", ctx, true) != bound("2026-11-01", ctx));
  // A day start inside the skipped hour: that day begins when the clocks jump.
  DaySettings half_two;
  half_two.day_start = hours{2} + minutes{30};
  CHECK(bound("2026-03-29", berlin(kNow, half_two)) == "2026-03-29T03:00:00+02:00");
  CHECK(bound("2026-03-28", berlin(kNow, half_two), true) == "2026-03-29T03:00:00+02:00");
  // Just after midnight the person's today is still the 20th.
  CHECK(bound("today", berlin("2026-11-21T00:00:00Z")) == "2026-11-20T04:00:00+01:00");
  CHECK(bound("today", berlin("2026-11-21T00:00:00Z", day_start_at(0))) ==
        "2026-11-21T00:00:00+01:00");
}

TEST_CASE("parse_bound: Nd and Nw cover N days including today") {
  auto ctx = berlin();
  CHECK(bound("7d", ctx) == "2026-11-14T04:00:00+01:00");
  CHECK(bound("1d", ctx) == "2026-11-20T04:00:00+01:00");
  CHECK(bound("2w", ctx) == "2026-11-07T04:00:00+01:00");
  CHECK(bound("7 days", ctx) == "2026-11-14T04:00:00+01:00");
  CHECK(bound("30d", ctx) == "2026-10-22T04:00:00+02:00");  // before the autumn change
  CHECK(bound("365d", ctx) == "2025-11-21T04:00:00+01:00");
  CHECK(bound("7d", new_york()) == "2026-11-14T04:00:00-05:00");
  CHECK(has(bound_error("7d", ctx, true), "\"7d\""));
  CHECK(has(bound_error("0d", ctx), "\"0d\""));
  CHECK(has(bound_error("3h", ctx), "3h ago"));
}

TEST_CASE("parse_bound takes every moment parse_when takes") {
  auto ctx = berlin();
  for (const char* text : {"now", "21:00", "9pm", "yesterday 21:00", "fri 22:00", "2h ago",
                           "3 days ago", "2026-11-20 21:00", "2026-10-25T02:30+01:00"}) {
    CAPTURE(text);
    CHECK(bound(text, ctx) == when(text, ctx));
    CHECK(bound(text, ctx, true) == when(text, ctx));
  }
  CHECK(has(bound_error("2026-11-01 xyz", ctx), "\"xyz\""));
  CHECK(has(bound_error("2026-11-31", ctx), "30 days"));
  CHECK(has(bound_error("2026-10-25 02:30", ctx), "twice"));
  CHECK(has(bound_error("fry", ctx), "\"fry\""));
}

namespace {

struct PeriodResult {
  std::string first, last, label;
  int days = 0;
};

PeriodResult period(const char* text, const WhenContext& ctx) {
  Period p;
  std::string err;
  CAPTURE(text);
  REQUIRE_MESSAGE(parse_period(text, ctx, &p, &err), err);
  return {format_day(p.first), format_day(p.last), p.label, period_days(p)};
}

std::string period_error(const char* text, const WhenContext& ctx) {
  Period p;
  std::string err;
  CAPTURE(text);
  CHECK_FALSE(parse_period(text, ctx, &p, &err));
  check_message(err);
  return err;
}

void check_period(const PeriodResult& r, const char* first, const char* last, const char* label,
                  int days) {
  CHECK(r.first == first);
  CHECK(r.last == last);
  CHECK(r.label == label);
  CHECK(r.days == days);
}

}  // namespace

TEST_CASE("periods relative to today") {
  auto ctx = berlin();  // Friday 2026-11-20
  check_period(period("today", ctx), "2026-11-20", "2026-11-20", "today", 1);
  check_period(period("yesterday", ctx), "2026-11-19", "2026-11-19", "yesterday", 1);
  check_period(period("week", ctx), "2026-11-16", "2026-11-20", "this week", 5);
  check_period(period("this-week", ctx), "2026-11-16", "2026-11-20", "this week", 5);
  check_period(period("This Week", ctx), "2026-11-16", "2026-11-20", "this week", 5);
  check_period(period("last-week", ctx), "2026-11-09", "2026-11-15", "last week", 7);
  check_period(period("last week", ctx), "2026-11-09", "2026-11-15", "last week", 7);
  check_period(period("month", ctx), "2026-11-01", "2026-11-20", "this month", 20);
  check_period(period("last-month", ctx), "2026-10-01", "2026-10-31", "last month", 31);
  check_period(period("year", ctx), "2026-01-01", "2026-11-20", "this year", 324);
  check_period(period("last-year", ctx), "2025-01-01", "2025-12-31", "last year", 365);
  check_period(period("7d", ctx), "2026-11-14", "2026-11-20", "last 7 days", 7);
  check_period(period("30d", ctx), "2026-10-22", "2026-11-20", "last 30 days", 30);
  check_period(period("last 30 days", ctx), "2026-10-22", "2026-11-20", "last 30 days", 30);
  check_period(period("1d", ctx), "2026-11-20", "2026-11-20", "today", 1);
  check_period(period("4w", ctx), "2026-10-24", "2026-11-20", "last 4 weeks", 28);
  check_period(period("1w", ctx), "2026-11-14", "2026-11-20", "last 7 days", 7);
  check_period(period("2026-11-18", ctx), "2026-11-18", "2026-11-18", "2026-11-18", 1);
}

TEST_CASE("month periods: the whole month, never past today") {
  auto ctx = berlin();
  check_period(period("2026-11", ctx), "2026-11-01", "2026-11-20", "November 2026", 20);
  check_period(period("2026-10", ctx), "2026-10-01", "2026-10-31", "October 2026", 31);
  check_period(period("2026-02", ctx), "2026-02-01", "2026-02-28", "February 2026", 28);
  check_period(period("2024-02", ctx), "2024-02-01", "2024-02-29", "February 2024", 29);
  CHECK(has(period_error("2026-12", ctx), "December 2026"));
  CHECK(has(period_error("2026-13", ctx), "\"2026-13\""));
  CHECK(has(period_error("2026-11-21", ctx), "2026-11-21"));
}

TEST_CASE("periods with a Sunday week start") {
  DaySettings sunday;
  sunday.week_start = date::Sunday;
  auto ctx = berlin(kNow, sunday);
  check_period(period("week", ctx), "2026-11-15", "2026-11-20", "this week", 6);
  check_period(period("last-week", ctx), "2026-11-08", "2026-11-14", "last week", 7);
  // On a Sunday the week is just today.
  auto sun = new_york("2026-11-02T03:00:00Z", sunday);  // Sunday 2026-11-01 22:00 EST
  check_period(period("week", sun), "2026-11-01", "2026-11-01", "this week", 1);
  check_period(period("last-week", sun), "2026-10-25", "2026-10-31", "last week", 7);
  check_period(period("week", new_york("2026-11-02T03:00:00Z")), "2026-10-26", "2026-11-01",
               "this week", 7);
}

TEST_CASE("periods across a DST week and month and year boundaries") {
  // Wednesday 2026-10-28 in Berlin; last week ended on the day the clocks went back.
  auto ctx = berlin("2026-10-28T12:00:00Z");
  check_period(period("week", ctx), "2026-10-26", "2026-10-28", "this week", 3);
  check_period(period("last-week", ctx), "2026-10-19", "2026-10-25", "last week", 7);
  // 2026-12-01 01:30 in Berlin is still the person's November 30th.
  auto late = berlin("2026-12-01T00:30:00Z");
  check_period(period("today", late), "2026-11-30", "2026-11-30", "today", 1);
  check_period(period("month", late), "2026-11-01", "2026-11-30", "this month", 30);
  check_period(period("last-month", late), "2026-10-01", "2026-10-31", "last month", 31);
  check_period(period("2026-11", late), "2026-11-01", "2026-11-30", "November 2026", 30);
  CHECK(has(period_error("2026-12", late), "December 2026"));
  // 2027-01-01 02:00 in Berlin is still the person's 2026-12-31.
  auto new_year = berlin("2027-01-01T01:00:00Z");
  check_period(period("year", new_year), "2026-01-01", "2026-12-31", "this year", 365);
  check_period(period("month", new_year), "2026-12-01", "2026-12-31", "this month", 31);
  check_period(period("week", new_year), "2026-12-28", "2026-12-31", "this week", 4);
  auto january = berlin("2027-01-15T12:00:00Z");
  check_period(period("last-month", january), "2026-12-01", "2026-12-31", "last month", 31);
  check_period(period("last-year", january), "2026-01-01", "2026-12-31", "last year", 365);
}

TEST_CASE("period errors name what was written") {
  auto ctx = berlin();
  std::string e = period_error("fortnight", ctx);
  CHECK(has(e, "\"fortnight\""));
  CHECK(has(e, "last-week"));
  CHECK(has(period_error("0d", ctx), "\"0d\""));
  CHECK(has(period_error("200000d", ctx), "\"200000d\""));
  CHECK(has(period_error("this fortnight", ctx), "\"this fortnight\""));
  CHECK(has(period_error("", ctx), "No period given"));
  CHECK(has(period_error("2026-02-30", ctx), "28 days"));
}

TEST_CASE("the morning after: last night, N days ago at a time; tomorrow is refused") {
  // Saturday morning 09:00 in Berlin; the day starts at 04:00.
  auto ctx = berlin("2026-11-21T08:00:00Z");
  CHECK(when("last night", ctx) == "2026-11-20T22:00:00+01:00");
  CHECK(when("Last Night 23:30", ctx) == "2026-11-20T23:30:00+01:00");
  // After midnight is still last night: the calendar date is today.
  CHECK(when("last night 01:30", ctx) == "2026-11-21T01:30:00+01:00");
  CHECK(when("last night at 1:30am", ctx) == "2026-11-21T01:30:00+01:00");
  CHECK(when("2 days ago 21:00", ctx) == "2026-11-19T21:00:00+01:00");
  CHECK(when("2 days ago at 21:00", ctx) == "2026-11-19T21:00:00+01:00");
  CHECK(when("1 day ago 02:00", ctx) == "2026-11-21T02:00:00+01:00");  // the person's day
  CHECK(bound("last night", ctx) == "2026-11-20T04:00:00+01:00");       // as a bound: the day
  for (const char* text : {"tomorrow", "tomorrow 12:00", "tonight", "2h ago 21:00"}) {
    CAPTURE(text);
    std::string got = when(text, ctx);
    REQUIRE(got.rfind("error: ", 0) == 0);
    check_message(got.substr(7));
  }
  CHECK(when("tomorrow 12:00", ctx).find("ebb logs what already happened") != std::string::npos);
}
