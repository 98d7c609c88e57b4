#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/review.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::plan_version;

namespace {

Entry use(const char* id, const char* when, const char* substance,
          std::optional<double> amount = std::nullopt, const char* unit = "") {
  Entry e;
  e.id = id;
  e.kind = Kind::use;
  e.at = at(when);
  e.zone = "Europe/Berlin";
  SubstanceMatch m = lookup_substance(substance);
  e.substance = m.name;
  e.substance_class = m.substance_class;
  e.amount = amount;
  e.unit = unit;
  return e;
}

Entry urge(const char* id, const char* when, const char* substance, int intensity,
           Outcome outcome) {
  Entry e = use(id, when, substance);
  e.kind = Kind::urge;
  e.intensity = intensity;
  e.outcome = outcome;
  return e;
}

struct Run {
  std::vector<PlanVersion> versions;
  std::vector<Entry> entries;
  DaySettings days;
  DrinkSettings drinks;
  std::chrono::hours window{12};
  // The log started well before the weeks these tests review, unless a test says otherwise.
  std::optional<Instant> first_entry_at = at("2026-01-05T12:00:00+01:00");

  ReviewResult review(const char* first, const char* last, const char* now,
                      const char* label = "") const {
    ReviewInput in;
    in.versions = versions;
    in.entries = entries;
    in.period = Period{test::day(first), test::day(last), label};
    in.zone = find_zone("Europe/Berlin");
    in.days = days;
    in.drinks = drinks;
    in.now = at(now);
    in.combination_window = window;
    in.first_entry_at = first_entry_at;
    ReviewResult r = review_period(in);
    // The same entries as rows, as a long period is read (ReviewInput::rows): by time and
    // id, as the store gives them, with the words collected as they stream by. Every test
    // here checks that both give the same review.
    std::vector<Entry> by_time = entries;
    std::stable_sort(by_time.begin(), by_time.end(),
                     [](const Entry& a, const Entry& b) { return a.at < b.at; });
    WordsCollector words(in.period.first, std::min(in.period.last, logical_day(in.now, in.zone, days)),
                         in.zone, days);
    for (const Entry& e : by_time) words.add(e);
    std::stable_sort(by_time.begin(), by_time.end(), [](const Entry& a, const Entry& b) {
      return a.at != b.at ? a.at < b.at : a.id < b.id;
    });
    std::vector<TrendEntry> rows;
    for (const Entry& e : by_time) rows.emplace_back(e).id = e.id;
    ReviewInput from_rows = in;
    from_rows.entries = {};
    from_rows.rows = rows;
    from_rows.words = std::move(words).finish();
    CHECK(review_json(review_period(from_rows)) == review_json(r));
    // And a stretch of days at a time (ReviewInput::stretch_days), each from the rows it
    // reaches back to: the same review.
    for (int stretch : {3, 5}) {
      ReviewInput pieces = from_rows;
      pieces.stretch_days = stretch;
      CHECK(review_json(review_period(pieces)) == review_json(r));
    }
    // And fed a row at a time (ReviewFeed), as the store gives them: held whole (0), or a
    // stretch at a time as they arrive. The feed reads the id given beside each row.
    for (int stretch : {0, 3, 5}) {
      ReviewInput fed = from_rows;
      fed.rows = {};
      fed.stretch_days = stretch;
      ReviewFeed feed(fed);
      for (size_t i = 0; i < rows.size(); ++i) {
        TrendEntry row = rows[i];
        row.id = {};
        feed.add(row, by_time[i].id);
      }
      CHECK(review_json(std::move(feed).finish()) == review_json(r));
    }
    return r;
  }
};

const ReviewDay& day(const ReviewResult& r, const char* date) {
  LocalDay d = test::day(date);
  auto it = std::find_if(r.days.begin(), r.days.end(), [&](const ReviewDay& x) { return x.date == d; });
  REQUIRE_MESSAGE(it != r.days.end(), date);
  return *it;
}

std::vector<std::string> rules_on(const ReviewResult& r, const char* date) {
  std::vector<std::string> rules;
  for (const auto& f : day(r, date).findings) rules.push_back(f.rule);
  return rules;
}

const SubstanceSummary& summary(const ReviewResult& r, const std::string& name) {
  auto it = std::find_if(r.substances.begin(), r.substances.end(),
                         [&](const SubstanceSummary& s) { return s.name == name; });
  REQUIRE_MESSAGE(it != r.substances.end(), name);
  return *it;
}

using Rules = std::vector<std::string>;
using Ids = std::vector<std::string>;

// A week in Berlin (UTC+1): Monday 2026-03-02 to Sunday 2026-03-08, reviewed on Sunday night.
constexpr const char* kMon = "2026-03-02";
constexpr const char* kSun = "2026-03-08";
// The Monday after the week: every day of it is over, so each one counts.
constexpr const char* kSundayNight = "2026-03-09T10:00:00+01:00";
constexpr const char* kBefore = "2026-02-01T12:00:00+01:00";

}  // namespace

TEST_CASE("review: a day over the daily limit; days without entries are within plan") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 4\n")};
  run.entries = {use("a", "2026-03-03T20:00:00+01:00", "beer", 2, "drink"),
                 use("b", "2026-03-03T22:00:00+01:00", "wine", 3, "drink"),
                 use("c", "2026-03-05T20:00:00+01:00", "alcohol", 4, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight, "this week");
  REQUIRE(r.days.size() == 7);
  const auto& tue = day(r, "2026-03-03");
  CHECK_FALSE(tue.within_plan);
  CHECK(tue.has_plan);
  CHECK(tue.plan_version == 1);
  CHECK(tue.uses == 2);
  REQUIRE(tue.findings.size() == 1);
  const Finding& f = tue.findings[0];
  CHECK(f.rule == "max_per_day");
  CHECK(f.substance == "alcohol");
  CHECK(f.expected == "4 drinks");
  CHECK(f.actual == "5 drinks");
  CHECK(f.expected_value == 4.0);
  CHECK(f.actual_value == 5.0);
  CHECK(f.unit == "drink");
  CHECK(f.entry_ids == Ids{"a", "b"});
  CHECK(day(r, "2026-03-05").within_plan);  // exactly at the limit is within it
  CHECK(day(r, "2026-03-02").within_plan);  // nothing logged
  CHECK(day(r, "2026-03-02").uses == 0);

  CHECK(r.totals.days == 7);
  CHECK(r.totals.days_within_plan == 6);
  CHECK(*r.totals.percent_days_within_plan == doctest::Approx(600.0 / 7));
  CHECK(r.totals.weeks_counted == 1);
  CHECK(r.totals.weeks_meeting_plan == 0);

  const auto& s = summary(r, "alcohol");
  CHECK(s.uses == 3);
  CHECK(s.use_days == 2);
  CHECK(s.unit == "drink");
  CHECK(s.total == 9);
  CHECK(s.max_in_a_day == 5);
  CHECK(s.limit_per_day == 4.0);
  CHECK_FALSE(s.limit_per_week);
}

TEST_CASE("review: a planned day off that had a use") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\ndays_off = [\"mon\", \"tue\"]\n")};
  run.entries = {use("a", "2026-03-02T20:00:00+01:00", "alcohol", 1, "drink"),
                 use("b", "2026-03-04T20:00:00+01:00", "alcohol", 2, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(rules_on(r, "2026-03-02") == Rules{"day_off"});
  const Finding& f = day(r, "2026-03-02").findings[0];
  CHECK(f.actual == "1 drink");
  CHECK(f.entry_ids == Ids{"a"});
  CHECK(day(r, "2026-03-03").within_plan);
  CHECK(day(r, "2026-03-04").within_plan);
  const auto& s = summary(r, "alcohol");
  CHECK(s.days_off_planned == 2);
  CHECK(s.days_off_kept == 1);
}

TEST_CASE("review: a combination to avoid, within the window and outside it") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[safety]\navoid = [[\"alcohol\", \"benzodiazepine\"]]\n")};
  run.entries = {use("a", "2026-03-04T22:00:00+01:00", "alcohol", 3, "drink"),
                 use("v", "2026-03-05T08:00:00+01:00", "valium", 5, "mg"),
                 use("w", "2026-03-06T09:00:00+01:00", "diazepam", 5, "mg")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-04").within_plan);  // alcohol alone that night
  REQUIRE(rules_on(r, "2026-03-05") == Rules{"avoid_combination"});
  const Finding& f = day(r, "2026-03-05").findings[0];
  CHECK(f.substance == "alcohol + diazepam");
  CHECK(f.actual == "10 hours");
  CHECK(f.expected == "12 hours");
  CHECK(f.actual_value == 10.0);
  CHECK(f.entry_ids == Ids{"a", "v"});
  CHECK(day(r, "2026-03-06").within_plan);  // 35 hours after the alcohol; same class as before

  run.window = std::chrono::hours{8};
  auto narrow = run.review(kMon, kSun, kSundayNight);
  CHECK(day(narrow, "2026-03-05").within_plan);
}

TEST_CASE("review: uses exactly the combination window apart are a combination") {
  // ebb-plan(5): uses within 12 hours of each other (the combination window) show up; ebb(1):
  // uses "this many hours apart count as taken together". The edge belongs to the window.
  Run run;
  run.versions = {plan_version(1, kBefore, "[safety]\navoid = [[\"alcohol\", \"benzodiazepine\"]]\n")};
  run.entries = {use("a", "2026-03-05T08:00:00+01:00", "alcohol", 1, "drink"),
                 use("v", "2026-03-05T20:00:00+01:00", "diazepam", 5, "mg")};
  auto r = run.review(kMon, kSun, kSundayNight);
  REQUIRE(rules_on(r, "2026-03-05") == Rules{"avoid_combination"});
  CHECK(day(r, "2026-03-05").findings[0].actual_value == 12.0);

  run.entries[1].at += std::chrono::seconds{1};  // one second past the window
  CHECK(day(run.review(kMon, kSun, kSundayNight), "2026-03-05").within_plan);

  run.window = std::chrono::hours{3};  // a window from the config, its edge included too
  run.entries[1].at = at("2026-03-05T11:00:00+01:00");
  CHECK(rules_on(run.review(kMon, kSun, kSundayNight), "2026-03-05") ==
        Rules{"avoid_combination"});
}

TEST_CASE("review: each day is read against the plan version in force that day") {
  Run run;
  run.versions = {plan_version(1, "2026-03-01T12:00:00+01:00", "[alcohol]\nmax_per_day = 4\n"),
                  // Saved Wednesday afternoon: in force for all of Wednesday.
                  plan_version(2, "2026-03-04T15:00:00+01:00", "[alcohol]\nmax_per_day = 2\n")};
  run.entries = {use("sat", "2026-02-28T20:00:00+01:00", "alcohol", 6, "drink"),
                 use("tue", "2026-03-03T20:00:00+01:00", "alcohol", 3, "drink"),
                 use("wed", "2026-03-04T12:00:00+01:00", "alcohol", 3, "drink")};
  auto r = run.review("2026-02-28", kSun, kSundayNight);
  REQUIRE(r.days.size() == 9);
  const auto& sat = day(r, "2026-02-28");
  CHECK_FALSE(sat.has_plan);  // before the first version: not compared, so not counted
  CHECK_FALSE(sat.within_plan);
  CHECK_FALSE(sat.plan_version);
  CHECK(day(r, "2026-03-01").plan_version == 1);
  CHECK(day(r, "2026-03-03").within_plan);  // 3 against version 1's 4
  const auto& wed = day(r, "2026-03-04");
  CHECK(wed.plan_version == 2);
  REQUIRE(rules_on(r, "2026-03-04") == Rules{"max_per_day"});
  CHECK(wed.findings[0].expected == "2 drinks");
  CHECK(r.totals.days == 8);
  CHECK(r.totals.days_within_plan == 7);
  CHECK(r.totals.days_without_plan == 1);
  CHECK(summary(r, "alcohol").limit_per_day == 2.0);  // the latest version
}

TEST_CASE("review: DST days are one day each (Europe/Berlin)") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 4\n")};
  SUBCASE("spring forward, 2026-03-29") {
    run.entries = {use("a", "2026-03-29T10:00:00+02:00", "alcohol", 2, "drink"),
                   use("b", "2026-03-29T23:00:00+02:00", "alcohol", 2, "drink"),
                   // 02:00 on Monday still belongs to Sunday's day (day starts 04:00).
                   use("c", "2026-03-30T02:00:00+02:00", "alcohol", 1, "drink"),
                   use("d", "2026-03-30T20:00:00+02:00", "alcohol", 1, "drink")};
    auto r = run.review("2026-03-28", "2026-03-30", "2026-03-31T12:00:00+02:00");
    REQUIRE(r.days.size() == 3);
    CHECK(format_day(r.days[1].date) == "2026-03-29");
    CHECK(rules_on(r, "2026-03-29") == Rules{"max_per_day"});
    CHECK(day(r, "2026-03-29").findings[0].actual == "5 drinks");
    CHECK(day(r, "2026-03-30").within_plan);
    CHECK(day(r, "2026-03-30").uses == 1);
  }
  SUBCASE("fall back, 2026-10-25") {
    run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 1\n")};
    // 02:30 happens twice; both times are before the 04:00 day start, so Saturday's.
    run.entries = {use("a", "2026-10-25T02:30:00+02:00", "alcohol", 1, "drink"),
                   use("b", "2026-10-25T02:30:00+01:00", "alcohol", 1, "drink"),
                   use("c", "2026-10-26T03:30:00+01:00", "alcohol", 1, "drink")};
    auto r = run.review("2026-10-24", "2026-10-26", "2026-10-27T12:00:00+01:00");
    REQUIRE(r.days.size() == 3);
    CHECK(rules_on(r, "2026-10-24") == Rules{"max_per_day"});
    CHECK(day(r, "2026-10-24").findings[0].entry_ids == Ids{"a", "b"});
    CHECK(day(r, "2026-10-25").within_plan);
    CHECK(day(r, "2026-10-25").uses == 1);
    CHECK(day(r, "2026-10-26").uses == 0);
  }
}

TEST_CASE("review: a 01:30 use belongs to the day before") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\ndays_off = [\"sat\"]\n")};
  run.entries = {use("late", "2026-03-08T01:30:00+01:00", "alcohol", 1, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(rules_on(r, "2026-03-07") == Rules{"day_off"});
  CHECK(day(r, "2026-03-08").within_plan);
  CHECK(day(r, "2026-03-08").uses == 0);

  run.days.day_start = std::chrono::minutes{0};  // days from midnight: now it is Sunday's
  auto midnight = run.review(kMon, kSun, kSundayNight);
  CHECK(day(midnight, "2026-03-07").within_plan);
  CHECK(day(midnight, "2026-03-08").uses == 1);
  CHECK(day(midnight, "2026-03-08").within_plan);
}

TEST_CASE("review: a weekly limit reached exactly is within plan; passed, it is not") {
  // ebb-plan(5): max_per_week is the most in one week; the day the running total passes it
  // shows up. Reaching it is not passing it.
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_week = 10\n")};
  run.entries = {use("mon", "2026-03-02T20:00:00+01:00", "alcohol", 6, "drink"),
                 use("thu", "2026-03-05T20:00:00+01:00", "alcohol", 4, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-05").within_plan);  // 10 of 10
  run.entries.push_back(use("sat", "2026-03-07T20:00:00+01:00", "alcohol", 0.5, "drink"));
  r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-05").within_plan);
  CHECK(rules_on(r, "2026-03-07") == Rules{"max_per_week"});  // 10.5 of 10
}

TEST_CASE("review: entry ids are numbers in a table of ids, text when read") {
  IdTable table;
  CHECK(table.add("01JD0000000000000000000001") == 0);
  CHECK(table.add("") == 1);
  CHECK(table.add("b") == 2);
  CHECK(table[0] == "01JD0000000000000000000001");
  CHECK(table[1].empty());
  CHECK(table[2] == "b");
  EntryIds ids{"x", "yy", "x"};
  CHECK(ids.size() == 3);
  CHECK(ids.front() == "x");
  CHECK(ids[1] == "yy");
  CHECK(ids.strings() == Ids{"x", "yy", "x"});
  CHECK(ids == Ids{"x", "yy", "x"});
  CHECK_FALSE(ids == Ids{"x", "yy"});
  CHECK(ids == EntryIds{"x", "yy", "x"});
  EntryIds copy = ids;  // shares the table, which outlives the list it came with
  ids = EntryIds{};
  CHECK(ids.empty());
  CHECK(copy.strings() == Ids{"x", "yy", "x"});
}

TEST_CASE("review: a weekly limit is found on the day it is passed and later days of use") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_week = 10\n")};
  run.entries = {use("prev", "2026-03-01T20:00:00+01:00", "alcohol", 5, "drink"),  // last week
                 use("mon", "2026-03-02T20:00:00+01:00", "alcohol", 3, "drink"),
                 use("wed", "2026-03-04T20:00:00+01:00", "alcohol", 4, "drink"),
                 use("fri", "2026-03-06T20:00:00+01:00", "alcohol", 4, "drink"),
                 use("sun", "2026-03-08T20:00:00+01:00", "alcohol", 2, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-02").within_plan);
  CHECK(day(r, "2026-03-04").within_plan);  // 7 so far
  REQUIRE(rules_on(r, "2026-03-06") == Rules{"max_per_week"});
  const Finding& fri = day(r, "2026-03-06").findings[0];
  CHECK(fri.actual == "11 drinks");
  CHECK(fri.expected == "10 drinks");
  CHECK(fri.entry_ids == Ids{"mon", "wed", "fri"});
  CHECK(day(r, "2026-03-07").within_plan);  // no use that day
  REQUIRE(rules_on(r, "2026-03-08") == Rules{"max_per_week"});
  CHECK(day(r, "2026-03-08").findings[0].actual == "13 drinks");
  // Sunday's finding names the same uses as Friday's and one more: each id is kept once, in
  // a table the findings share, and named by its number there.
  const EntryIds& sun = day(r, "2026-03-08").findings[0].entry_ids;
  CHECK(sun == Ids{"mon", "wed", "fri", "sun"});
  CHECK(std::vector<uint32_t>(sun.refs().begin(), sun.refs().begin() + 3) == fri.entry_ids.refs());

  // The week began before the period: the caller's earlier entries still count.
  auto mid = run.review("2026-03-05", kSun, kSundayNight);
  CHECK(mid.days.size() == 4);
  CHECK(rules_on(mid, "2026-03-06") == Rules{"max_per_week"});
  CHECK(mid.totals.weeks_counted == 0);
}

TEST_CASE("review: per-weekday daily limits and rolling 7-day limits") {
  Run run;
  run.versions = {plan_version(1, kBefore,
                          "[alcohol]\nmax_per_day = 2\n"
                          "max_per_day_by_weekday = { fri = 4, sat = 4, sun = 0 }\n"
                          "max_per_7_days = 10\nmax_use_days_per_7_days = 3\n")};
  // Last week's Friday and Saturday count in this week's rolling limits, not its calendar week.
  run.entries = {use("lfri", "2026-02-27T20:00:00+01:00", "alcohol", 4, "drink"),
                 use("lsat", "2026-02-28T20:00:00+01:00", "alcohol", 4, "drink"),
                 use("mon", "2026-03-02T20:00:00+01:00", "alcohol", 3, "drink"),
                 use("fri", "2026-03-06T20:00:00+01:00", "alcohol", 4, "drink"),
                 use("sun", "2026-03-08T20:00:00+01:00", "alcohol", 1, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  // Monday: 3 over the plain 2 a day; 11 in the 7 days from Tuesday 24th; a 3rd use day.
  CHECK(rules_on(r, "2026-03-02") == Rules{"max_per_day", "max_per_7_days"});
  const Finding& rolling = day(r, "2026-03-02").findings[1];
  CHECK(rolling.actual == "11 drinks");
  CHECK(rolling.expected == "10 drinks");
  CHECK(rolling.entry_ids == Ids{"lfri", "lsat", "mon"});
  // Friday: 4 is Friday's own limit; the 7 days from Saturday 28th hold 11 and 3 use days.
  CHECK(rules_on(r, "2026-03-06") == Rules{"max_per_7_days"});
  // Sunday: its own limit is 0; the 7 days from Monday hold 8 drinks on 3 days, within both.
  CHECK(rules_on(r, "2026-03-08") == Rules{"max_per_day"});
  CHECK(day(r, "2026-03-08").findings[0].expected == "0 drinks");

  PlanVersion days_only = plan_version(2, kBefore, "[alcohol]\nmax_use_days_per_7_days = 2\n");
  run.versions = {days_only};
  r = run.review(kMon, kSun, kSundayNight);
  CHECK(rules_on(r, "2026-03-02") == Rules{"max_use_days_per_7_days"});  // fri, sat, mon
  CHECK(day(r, "2026-03-02").findings[0].actual == "3 days");
  CHECK(day(r, "2026-03-06").findings[0].actual == "3 days");  // sat 28th, mon, fri
  CHECK(day(r, "2026-03-08").findings.size() == 1);  // mon, fri, sun
}

TEST_CASE("review: a stage that starts mid-period is in force from its day") {
  Run run;
  run.versions = {plan_version(1, kBefore,
                          "[alcohol]\nmax_per_day = 4\ndays_off = [\"mon\"]\n"
                          "[[alcohol.stage]]\nfrom = 2026-03-05\nmax_per_day = 2\n")};
  run.entries = {use("tue", "2026-03-03T20:00:00+01:00", "alcohol", 3, "drink"),
                 use("thu", "2026-03-05T20:00:00+01:00", "alcohol", 3, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-03").within_plan);  // 3 of the first 4 a day
  REQUIRE(rules_on(r, "2026-03-05") == Rules{"max_per_day"});
  CHECK(day(r, "2026-03-05").findings[0].expected == "2 drinks");
  // The stage keeps what it doesn't change: Monday stays a day off.
  Plan p = run.versions[0].plan;
  auto later = rules_for(p, "alcohol", "alcohol", test::day("2026-03-09"));
  REQUIRE(later);
  CHECK(later->max_per_day->value == 2);
  REQUIRE(later->days_off);
  CHECK(later->days_off->size() == 1);
  CHECK(rules_for(p, "alcohol", "alcohol", test::day("2026-03-04"))->max_per_day->value == 4);
}

TEST_CASE("review: amounts compare across units") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = \"2 drinks\"\n"
                                      "[cocaine]\nmax_per_day = \"0.5 g\"\n")};
  Entry small = use("w1", "2026-03-02T20:00:00+01:00", "wine", 250, "ml");
  small.abv = 12;  // 250 x 0.12 x 0.789 = 23.67 g = 1.69 US drinks
  Entry large = use("w2", "2026-03-03T20:00:00+01:00", "wine", 400, "ml");
  large.abv = 12;  // 37.87 g = 2.71 US drinks
  run.entries = {small, large, use("c1", "2026-03-04T23:00:00+01:00", "cocaine", 200, "mg"),
                 use("c2", "2026-03-05T00:30:00+01:00", "cocaine", 400, "mg")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-02").within_plan);
  REQUIRE(rules_on(r, "2026-03-03") == Rules{"max_per_day"});
  const Finding& wine = day(r, "2026-03-03").findings[0];
  CHECK(*wine.actual_value == doctest::Approx(400 * 0.12 * 0.789 / 14));
  CHECK(wine.actual == "2.71 drinks");
  REQUIRE(rules_on(r, "2026-03-04") == Rules{"max_per_day"});  // 00:30 is Wednesday night
  CHECK(day(r, "2026-03-04").findings[0].actual == "0.6 g");
  CHECK(summary(r, "alcohol").total == doctest::Approx(650 * 0.12 * 0.789 / 14));

  run.drinks.grams_per_drink = 10;  // WHO: the small glass is now 2.37 drinks
  auto who = run.review(kMon, kSun, kSundayNight);
  CHECK(rules_on(who, "2026-03-02") == Rules{"max_per_day"});
}

TEST_CASE("review: spending per week") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[spending]\nmax_per_week = 40\ncurrency = \"EUR\"\n")};
  auto paid = [](const char* id, const char* when, std::optional<double> cost) {
    Entry e = use(id, when, "cannabis", 1, "g");
    e.cost = cost;
    return e;
  };
  run.entries = {paid("mon", "2026-03-02T20:00:00+01:00", 15),
                 paid("tue", "2026-03-03T20:00:00+01:00", 20),
                 paid("thu", "2026-03-05T20:00:00+01:00", 10),
                 paid("fri", "2026-03-06T20:00:00+01:00", std::nullopt),
                 paid("sat", "2026-03-07T20:00:00+01:00", 5.5)};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-03").within_plan);  // 35
  REQUIRE(rules_on(r, "2026-03-05") == Rules{"spending_per_week"});
  const Finding& thu = day(r, "2026-03-05").findings[0];
  CHECK(thu.expected == "40 EUR");
  CHECK(thu.actual == "45 EUR");
  CHECK(thu.unit == "EUR");
  CHECK(thu.substance.empty());
  CHECK(day(r, "2026-03-06").within_plan);  // nothing spent that day
  REQUIRE(rules_on(r, "2026-03-07") == Rules{"spending_per_week"});
  CHECK(day(r, "2026-03-07").findings[0].actual == "50.50 EUR");
  CHECK(r.spending.total == 50.5);
  CHECK(r.spending.max_per_week == 40.0);
  CHECK(r.spending.weeks_over == 1);
  CHECK(summary(r, "cannabis").spent == 50.5);
}

TEST_CASE("review: percent of days and full weeks meeting the plan") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 2\n")};
  run.entries = {use("a", "2026-02-26T20:00:00+01:00", "alcohol", 3, "drink"),   // Thu, partial week
                 use("b", "2026-03-04T20:00:00+01:00", "alcohol", 2, "drink"),   // within
                 use("c", "2026-03-12T20:00:00+01:00", "alcohol", 3, "drink")};  // over
  // Wednesday 02-25 to Sunday 03-15: 4 + 15 = 19 days; full Monday weeks: 03-02 and 03-09.
  auto r = run.review("2026-02-25", "2026-03-15", "2026-03-16T12:00:00+01:00");
  CHECK(r.totals.days == 19);
  CHECK(r.totals.days_within_plan == 17);
  CHECK(*r.totals.percent_days_within_plan == doctest::Approx(1700.0 / 19));
  CHECK(r.totals.weeks_counted == 2);
  CHECK(r.totals.weeks_meeting_plan == 1);

  run.days.week_start = date::Sunday;  // full Sunday weeks: 03-01 and 03-08
  auto sunday_weeks = run.review("2026-02-25", "2026-03-15", "2026-03-16T12:00:00+01:00");
  CHECK(sunday_weeks.totals.weeks_counted == 2);
  CHECK(sunday_weeks.totals.weeks_meeting_plan == 1);

  Run empty;
  empty.versions = run.versions;
  auto quiet = empty.review(kMon, kSun, kSundayNight);
  CHECK(quiet.totals.days_within_plan == 7);
  CHECK(*quiet.totals.percent_days_within_plan == 100.0);
  CHECK(quiet.totals.weeks_meeting_plan == 1);
}

TEST_CASE("review: days after today are left out") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 2\n")};
  auto r = run.review(kMon, kSun, "2026-03-04T10:00:00+01:00");
  CHECK(r.days.size() == 3);
  CHECK(format_day(r.period.last) == "2026-03-04");
  CHECK(r.totals.weeks_counted == 0);
  // At 02:00 on Wednesday it is still Tuesday's day.
  CHECK(run.review(kMon, kSun, "2026-03-04T02:00:00+01:00").days.size() == 2);
  auto future = run.review("2026-04-01", "2026-04-07", "2026-03-04T10:00:00+01:00");
  CHECK(future.days.empty());
  CHECK(future.totals.days == 0);
  CHECK_FALSE(future.totals.percent_days_within_plan);
}

TEST_CASE("review: per occasion, use days, time window, spacing, route, company, testing") {
  Run run;
  run.versions = {plan_version(1, kBefore, R"([alcohol]
max_per_occasion = 3
max_use_days_per_week = 2
not_before = "18:00"
not_after = "01:00"
min_hours_between = 1
routes = ["oral"]
not_alone = true
[stimulant]
goal = "pause"
[safety]
test_first = ["stimulant"]
)")};
  Entry alone = use("m2", "2026-03-02T21:00:00+01:00", "alcohol", 1, "drink");
  alone.alone = true;
  Entry company = use("m3", "2026-03-02T22:30:00+01:00", "alcohol", 1, "drink");
  company.alone = false;
  Entry unknown_company = use("m4", "2026-03-02T23:45:00+01:00", "alcohol", 1, "drink");
  Entry odd_route = use("w1", "2026-03-04T19:00:00+01:00", "alcohol", 1, "drink");
  odd_route.route = "Rectal";
  Entry tested = use("f1", "2026-03-06T23:00:00+01:00", "cocaine", 0.1, "g");
  tested.tested = true;
  run.entries = {
      // Monday: 4 drinks in one evening, the last 1h15 after the one before.
      use("m1", "2026-03-02T20:00:00+01:00", "alcohol", 1, "drink"), alone, company,
      unknown_company,
      // Tuesday: a drink at 17:00 and one at 00:30 (still Tuesday's day, inside the window),
      // then 01:30 (after it).
      use("t1", "2026-03-03T17:00:00+01:00", "alcohol", 1, "drink"),
      use("t2", "2026-03-04T00:30:00+01:00", "alcohol", 1, "drink"),
      use("t3", "2026-03-04T01:30:00+01:00", "alcohol", 1, "drink"),
      // Wednesday: a third use day, 40 minutes between two drinks.
      odd_route, use("w2", "2026-03-04T19:40:00+01:00", "alcohol", 1, "drink"),
      // Friday: cocaine during a pause, one tested, one not.
      tested, use("f2", "2026-03-06T23:30:00+01:00", "cocaine", 0.1, "g")};
  auto r = run.review(kMon, kSun, kSundayNight);

  CHECK(rules_on(r, "2026-03-02") == Rules{"max_per_occasion", "not_alone"});
  const auto& mon = day(r, "2026-03-02");
  CHECK(mon.findings[0].actual == "4 drinks");
  CHECK(mon.findings[0].expected == "3 drinks");
  CHECK(mon.findings[0].entry_ids == Ids{"m1", "m2", "m3", "m4"});
  CHECK(mon.findings[1].entry_ids == Ids{"m2"});  // alone unknown (m4) is not counted

  CHECK(rules_on(r, "2026-03-03") == Rules{"not_before", "not_after"});
  const auto& tue = day(r, "2026-03-03");
  CHECK(tue.findings[0].actual == "17:00");
  CHECK(tue.findings[0].expected == "18:00");
  CHECK(tue.findings[0].entry_ids == Ids{"t1"});
  CHECK(tue.findings[1].actual == "01:30");
  CHECK(tue.findings[1].expected == "01:00");

  // Wednesday: the third use day; 40 minutes between w1 and w2; a route outside the plan.
  CHECK(rules_on(r, "2026-03-04") == Rules{"max_use_days_per_week", "min_hours_between", "route"});
  const auto& wed = day(r, "2026-03-04");
  CHECK(wed.findings[0].actual == "3 days");
  CHECK(wed.findings[0].expected == "2 days");
  CHECK(wed.findings[1].actual == "40 minutes");
  CHECK(wed.findings[1].expected == "1 hour");
  CHECK(wed.findings[1].entry_ids == Ids{"w1", "w2"});
  CHECK(wed.findings[2].actual == "rectal");
  CHECK(wed.findings[2].expected == "oral");

  CHECK(rules_on(r, "2026-03-06") == Rules{"goal", "test_first"});
  const auto& fri = day(r, "2026-03-06");
  CHECK(fri.findings[0].substance == "cocaine");
  CHECK(fri.findings[0].expected == "pause");
  CHECK(fri.findings[0].actual == "0.2 g");
  CHECK(fri.findings[1].entry_ids == Ids{"f2"});
  CHECK(r.totals.days_within_plan == 3);

  // Several findings on a day: one a line, the later ones lined up under the first.
  auto lines = review_lines(r, nullptr);
  auto it = std::find(lines.begin(), lines.end(),
                      "2026-03-06 fri  ○  cocaine: 0.2 g during your pause");
  REQUIRE(it != lines.end());
  CHECK(*(it + 1) == "                   cocaine: not marked as tested, plan says test first");
  CHECK(*(it + 2) == "2026-03-07 sat  ✓  within your plan, nothing logged");
}

TEST_CASE("review: a window spanning midnight and the nearer edge") {
  Run run;
  run.versions = {plan_version(1, kBefore,
                          "[alcohol]\nnot_before = \"22:00\"\nnot_after = \"02:00\"\n")};
  run.days.day_start = std::chrono::minutes{0};  // the window now wraps within the day
  run.entries = {use("a", "2026-03-02T23:00:00+01:00", "alcohol", 1, "drink"),
                 use("b", "2026-03-03T01:00:00+01:00", "alcohol", 1, "drink"),
                 use("c", "2026-03-03T03:00:00+01:00", "alcohol", 1, "drink"),
                 use("d", "2026-03-03T21:00:00+01:00", "alcohol", 1, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-02").within_plan);
  CHECK(rules_on(r, "2026-03-03") == Rules{"not_after", "not_before"});
}

TEST_CASE("review: a class rule applies to each substance of the class") {
  Run run;
  run.versions = {plan_version(1, kBefore,
                          "[opioid]\nmax_per_day = 10\n[methadone]\nmax_per_day = \"60 mg\"\n")};
  run.entries = {use("h1", "2026-03-02T10:00:00+01:00", "heroin", 8, "mg"),
                 use("h2", "2026-03-02T16:00:00+01:00", "heroin", 4, "mg"),
                 use("m1", "2026-03-02T09:00:00+01:00", "methadone", 50, "mg")};
  auto r = run.review(kMon, kSun, kSundayNight);
  REQUIRE(rules_on(r, "2026-03-02") == Rules{"max_per_day"});
  const Finding& f = day(r, "2026-03-02").findings[0];
  CHECK(f.substance == "heroin");
  CHECK(f.actual == "12 mg");  // a bare 10 on the class is read in heroin's usual unit, mg
}

TEST_CASE("review: urges, days off and the text and JSON renderings") {
  Run run;
  run.versions = {plan_version(1, kBefore, R"(why = "I want to sleep well."
when_urge = "Text Sam, make tea."
[alcohol]
max_per_day = 2
days_off = ["mon", "tue", "wed"]
)")};
  run.entries = {urge("u1", "2026-03-02T19:00:00+01:00", "alcohol", 8, Outcome::rode_out),
                 urge("u2", "2026-03-05T19:00:00+01:00", "alcohol", 5, Outcome::used),
                 use("a", "2026-03-05T20:00:00+01:00", "alcohol", 2, "drink"),
                 use("b", "2026-03-08T20:00:00+01:00", "alcohol", 4, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight, "this week");
  const auto& s = summary(r, "alcohol");
  CHECK(s.urges.count == 2);
  CHECK(s.urges.ridden_out == 1);
  CHECK(*s.urges.mean_intensity == 6.5);
  CHECK(s.days_off_planned == 3);
  CHECK(s.days_off_kept == 3);
  CHECK(r.urges.count == 2);
  CHECK(r.why == "I want to sleep well.");

  // An urge ridden out is celebrated, without the plan for urges: the person coped.
  Run no_days_off = run;
  no_days_off.versions = {plan_version(1, kBefore, "when_urge = \"Text Sam, make tea\"\n"
                                               "[alcohol]\nmax_per_day = 2\n")};
  auto urge_lines = review_lines(no_days_off.review(kMon, kSun, kSundayNight), nullptr);
  CHECK(std::find(urge_lines.begin(), urge_lines.end(), "You rode out 1 urge.") !=
        urge_lines.end());
  for (const auto& line : urge_lines) CHECK(line.find("make tea") == std::string::npos);

  auto lines = review_lines(r, nullptr);
  // What went well first, the days, the figures, the person's words, then one finding.
  std::vector<std::string> expected = {
      "Review: this week, 2026-03-02 to 2026-03-08",
      "6 of the 7 days matched your plan.",
      "3 days off from alcohol, as you planned.",
      "You rode out 1 urge.",
      "",
      "2026-03-02 mon  ✓  within your plan, no use logged",
      "2026-03-03 tue  ✓  within your plan, nothing logged",
      "2026-03-04 wed  ✓  within your plan, nothing logged",
      "2026-03-05 thu  ✓  within your plan",
      "2026-03-06 fri  ✓  within your plan, nothing logged",
      "2026-03-07 sat  ✓  within your plan, nothing logged",
      "2026-03-08 sun  ○  alcohol: 4 drinks, plan says up to 2 drinks a day",
      "",
      "alcohol: used on 2 of 7 days; 6 drinks in all, at most 4 drinks in a day (plan: up to 2 "
      "a day); days off kept: 3 of 3; 2 urges, 1 not acted on",
      "",
      "In your words",
      "  Your reasons: \"I want to sleep well.\"",
      "",
      "Logged on 3 of 7 days. Days with nothing logged count as no use.",
      "On sun 2026-03-08, things went past your plan (4 drinks, plan says 2 drinks). If you "
      "want, note what was going on.",
  };
  CHECK(lines == expected);

  Plan now_plan;
  now_plan.why = "My own words today.";
  auto with_current = review_lines(r, &now_plan);
  CHECK(std::find(with_current.begin(), with_current.end(),
                  "  Your reasons: \"My own words today.\"") != with_current.end());

  std::string json = review_json(r);
  CHECK(json.find(R"({"date":"2026-03-08","weekday":"sun","state":"used","logged":true,"noted_off":false,)"
                  R"("has_plan":true,"plan_version":1,)"
                  R"("within_plan":false,"uses":1,"findings":[{"rule":"max_per_day",)"
                  R"("substance":"alcohol","expected":"2 drinks","actual":"4 drinks",)"
                  R"("expected_value":2,"actual_value":4,"unit":"drink","entry_ids":["b"],)"
                  R"("explained":false}],"uncounted":[]})") != std::string::npos);
  CHECK(json.find(R"("period":{"label":"this week","first":"2026-03-02","last":"2026-03-08"})") !=
        std::string::npos);
  CHECK(json.find(R"("totals":{"days":7,"days_within_plan":6,"percent_days_within_plan":85.71428571428571,)"
                  R"("weeks_meeting_plan":0,"weeks_counted":1,"period_days":7,"logged_days":3,)"
                  R"("untracked_days":0,"days_without_plan":0,"uncounted_uses":0,)"
                  R"("today_open":false,"log_starts":null})") != std::string::npos);
  CHECK(json.find(R"("urges":{"count":2,"mean_intensity":6.5,"ridden_out":1,)"
                  R"("met_another_way":0,"not_acted_on":1})") != std::string::npos);
  CHECK(json.find(R"("changes":[],"safety":[],"in_your_words":{"reasons":[],)") !=
        std::string::npos);
}

TEST_CASE("review: the closing line picks the most serious finding, and asks only if needed") {
  Run run;
  run.versions = {plan_version(1, kBefore,
                          "[alcohol]\nmax_per_day = 2\n[safety]\navoid = [[\"alcohol\", "
                          "\"benzodiazepine\"]]\n")};
  run.entries = {use("x", "2026-03-03T20:00:00+01:00", "xanax", 1, "mg"),
                 use("a", "2026-03-03T21:00:00+01:00", "alcohol", 1, "drink"),
                 use("b", "2026-03-07T20:00:00+01:00", "alcohol", 4, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  // The pair kept apart on Tuesday, not Saturday's amount, though Saturday came later.
  CHECK(review_lines(r, nullptr).back() ==
        "On tue 2026-03-03, things went past your plan (alprazolam + alcohol within 1 hour, plan "
        "keeps them 12 hours apart). If you want, note what was going on.");
  // With a safety note about the period, that comes first.
  Reminder mix;
  mix.kind = "safety";
  mix.severity = "dangerous";
  mix.summary = "alprazolam and alcohol within 1 hour";
  mix.text = "Alcohol and benzos together can slow breathing and cause blackouts.";
  mix.day = ebb::test::day("2026-03-03");
  Reminder alone = mix;
  alone.severity = "unsafe";
  alone.summary = "alprazolam, on your own";
  alone.day = ebb::test::day("2026-03-07");
  r.safety = {mix, alone};
  CHECK(review_lines(r, nullptr).back() ==
        "Worth a look: tue 2026-03-03, alprazolam and alcohol within 1 hour. Alcohol and benzos "
        "together can slow breathing and cause blackouts.");
  // The night with the most dangerous notes, not the drink the next noon still in the window.
  Reminder night_mix = mix;
  night_mix.id = "combination:h:a";
  night_mix.summary = "alcohol and heroin within 3 hours";
  night_mix.text = "Alcohol and opioids together can slow breathing a lot.";
  night_mix.day = ebb::test::day("2026-03-06");
  Reminder night_break = night_mix;
  night_break.id = "tolerance:h";
  night_break.summary = "heroin after 13 days without opioids";
  Reminder noon_mix = night_mix;
  noon_mix.id = "combination:h:b";
  noon_mix.summary = "heroin and alcohol within 12 hours";
  noon_mix.day = ebb::test::day("2026-03-07");
  r.safety = {night_mix, night_break, noon_mix};
  CHECK(review_lines(r, nullptr).back() ==
        "Worth a look: fri 2026-03-06, alcohol and heroin within 3 hours. Alcohol and opioids "
        "together can slow breathing a lot.");
  // An entry that says what was going on is not asked about.
  r.safety.clear();
  for (auto& d : r.days)
    for (auto& f : d.findings) f.explained = true;
  CHECK(review_lines(r, nullptr).back() ==
        "On tue 2026-03-03, things went past your plan (alprazolam + alcohol within 1 hour, plan "
        "keeps them 12 hours apart).");
}

TEST_CASE("review: figures read as numbers beside the plan, in words a person would write") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[cannabis]\nmax_use_days_per_week = 2\n"
                                      "[alcohol]\nmax_per_day = 2\n")};
  run.entries = {use("c", "2026-03-04T20:00:00+01:00", "cannabis", 1, "joint"),
                 use("w", "2026-03-04T20:00:00+01:00", "wine", 0.4, "drink")};
  auto r = run.review("2026-03-04", "2026-03-04", kSundayNight);
  auto lines = review_lines(r, nullptr);
  // One day: "1 of 1 day", the plan's weekly figure as planned (not "about 0"), the unit beside
  // the highest day, and a use not counted named in words.
  CHECK(std::find(lines.begin(), lines.end(),
                  "cannabis: used on 1 of 1 day (plan: up to 2 days a week); 1 use not in the "
                  "total (no amount in g)") != lines.end());
  CHECK(std::find(lines.begin(), lines.end(),
                  "alcohol: used on 1 of 1 day; 0.4 drinks in all, at most 0.4 drinks in a day "
                  "(plan: up to 2 a day)") != lines.end());
  CHECK(lines[1] == "The day matched your plan.");
}

TEST_CASE("review: without any plan version, nothing is judged") {
  Run run;
  run.entries = {use("a", "2026-03-03T20:00:00+01:00", "alcohol", 9, "drink")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(r.totals.days == 0);  // no day is compared with a plan that doesn't exist yet
  CHECK(r.totals.days_within_plan == 0);
  CHECK(r.totals.days_without_plan == 7);
  CHECK(std::none_of(r.days.begin(), r.days.end(), [](const ReviewDay& d) { return d.has_plan; }));
  auto lines = review_lines(r, nullptr);
  CHECK(lines.back().find("no plan for these days yet") != std::string::npos);
}

TEST_CASE("review: an occasion that runs past the day start, and uses without an amount") {
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_occasion = 2\nmax_per_day = 2\n")};
  run.entries = {use("a", "2026-03-03T03:00:00+01:00", "alcohol", 1, "drink"),  // Monday's day
                 use("b", "2026-03-03T04:30:00+01:00", "alcohol", 2, "drink"),  // Tuesday's
                 use("n", "2026-03-05T20:00:00+01:00", "alcohol")};
  auto r = run.review(kMon, kSun, kSundayNight);
  CHECK(day(r, "2026-03-02").within_plan);
  REQUIRE(rules_on(r, "2026-03-03") == Rules{"max_per_occasion"});  // 1 + 2 in one sitting
  CHECK(day(r, "2026-03-03").findings[0].entry_ids == Ids{"a", "b"});
  CHECK(day(r, "2026-03-03").findings[0].actual == "3 drinks");
  CHECK(day(r, "2026-03-05").within_plan);  // no amount: nothing to compare, and said so
  REQUIRE(day(r, "2026-03-05").uncounted.size() == 1);
  CHECK(day(r, "2026-03-05").uncounted[0].entry_ids == Ids{"n"});
  CHECK(day(r, "2026-03-05").uncounted[0].unit == "drink");
  CHECK(r.totals.uncounted_uses == 1);
  const auto& s = summary(r, "alcohol");
  CHECK(s.uses == 3);
  CHECK(s.uncounted_uses == 1);
  CHECK(s.total == 3);
}

TEST_CASE("review: a stretch at a time finds what the whole period finds") {
  // Run::review compares stretches of 3 and 5 days with the whole period. Here the rules reach
  // back further than a stretch: an occasion that runs for two weeks (a cigarette every two
  // hours, past the limit on its thirteenth day), a previous use nine weeks back
  // (min_hours_between), a combination window of ten days, a weekly limit and spending across
  // stretch starts; and the change to summer time in between.
  Run run;
  run.window = std::chrono::hours{24 * 10};
  run.versions = {plan_version(1, kBefore, R"([alcohol]
max_per_occasion = 3
max_per_week = 9
max_per_7_days = 11
min_hours_between = 2
[mdma]
min_hours_between = 1500
[nicotine]
max_per_occasion = 150
[safety]
avoid = [["mdma", "alcohol"]]
[spending]
max_per_week = 30
)")};
  int n = 0;
  auto add = [&](const char* substance, double amount, const char* unit, Instant t) {
    Entry e = use(("e" + std::to_string(1000 + n++)).c_str(), "2026-03-02T18:00:00+01:00",
                  substance, amount, unit);
    e.at = t;
    if (n % 3 == 0) e.cost = 4.5;
    if (n % 7 == 0) e.note = "long day";
    run.entries.push_back(e);
  };
  Instant start = at("2026-03-02T18:00:00+01:00");
  for (int d = 0; d < 90; ++d) {
    Instant evening = start + date::days{d};
    for (int k = 0; k < (d * 5) % 4; ++k)
      add("alcohol", 1 + k % 2, "drink", evening + std::chrono::minutes{40 * k + 5 * (d % 7)});
    if (d % 45 == 10) add("mdma", 80, "mg", evening + std::chrono::hours{3});
  }
  for (int h = 0; h < 24 * 14; h += 2)  // two weeks, day and night: one occasion
    add("nicotine", 1, "cigarette", at("2026-03-20T09:00:00+01:00") + std::chrono::hours{h});
  std::sort(run.entries.begin(), run.entries.end(),
            [](const Entry& a, const Entry& b) { return a.at < b.at; });
  auto r = run.review("2026-03-02", "2026-05-30", "2026-06-01T12:00:00+02:00");
  REQUIRE(r.days.size() == 90);
  std::set<std::string> rules;
  for (const auto& d : r.days)
    for (const auto& f : d.findings) rules.insert(f.rule + " " + f.substance);
  CHECK(rules.count("max_per_occasion nicotine"));
  CHECK(rules.count("max_per_occasion alcohol"));
  CHECK(rules.count("min_hours_between mdma"));
  CHECK(rules.count("max_per_week alcohol"));
  CHECK(rules.count("max_per_7_days alcohol"));
  CHECK(rules.count("spending_per_week "));
  CHECK(std::any_of(rules.begin(), rules.end(),
                    [](const std::string& x) { return x.rfind("avoid_combination", 0) == 0; }));
}

TEST_CASE("review: a long period finds on each day what reviewing that day alone finds") {
  // Days are looked up, not searched for: a year's review must judge every day exactly as a
  // review of that one day does, with every rule in play.
  Run run;
  run.versions = {plan_version(1, kBefore,
                          "[alcohol]\nmax_per_occasion = 3\nmax_per_day = 4\nmax_per_week = 12\n"
                          "max_use_days_per_week = 4\ndays_off = [\"tue\"]\n"
                          "min_hours_between = 2\nnot_after = \"23:00\"\n"
                          "[cannabis]\nmax_use_days_per_week = 3\nroutes = [\"vaped\"]\n"
                          "[safety]\navoid = [[\"alcohol\", \"cannabis\"]]\n"
                          "[spending]\nmax_per_week = 60\n")};
  int n = 0;
  for (int d = 0; d < 60; ++d) {
    auto base = at("2026-03-02T18:00:00+01:00") + date::days{d};
    for (int k = 0; k < (d * 7) % 4; ++k) {
      Entry e = use(("a" + std::to_string(n++)).c_str(), "2026-03-02T18:00:00+01:00", "alcohol",
                    1 + (d + k) % 3, "drink");
      e.at = base + std::chrono::minutes{50 * k + (d % 5) * 70};
      e.cost = 5.0 * ((d + k) % 4);
      run.entries.push_back(e);
    }
    if (d % 3 == 0) {
      Entry e = use(("c" + std::to_string(n++)).c_str(), "2026-03-02T18:00:00+01:00",
                    "cannabis", 0.2, "g");
      e.at = base + std::chrono::hours{1};
      e.route = d % 2 ? "smoked" : "vaped";
      run.entries.push_back(e);
    }
  }
  std::sort(run.entries.begin(), run.entries.end(),
            [](const Entry& a, const Entry& b) { return a.at < b.at; });
  auto whole = run.review("2026-03-02", "2026-04-30", "2026-05-01T12:00:00+02:00");
  REQUIRE(whole.days.size() == 60);
  int with_findings = 0;
  for (const auto& d : whole.days) {
    std::string text = format_day(d.date);
    auto alone = run.review(text.c_str(), text.c_str(), "2026-05-01T12:00:00+02:00");
    REQUIRE(alone.days.size() == 1);
    const ReviewDay& one = alone.days.front();
    CAPTURE(text);
    CHECK(one.uses == d.uses);
    REQUIRE(one.findings.size() == d.findings.size());
    for (size_t i = 0; i < d.findings.size(); ++i) {
      CHECK(one.findings[i].rule == d.findings[i].rule);
      CHECK(one.findings[i].actual == d.findings[i].actual);
      CHECK(one.findings[i].entry_ids == d.findings[i].entry_ids);
    }
    with_findings += !d.findings.empty();
  }
  CHECK(with_findings > 20);  // the rules above really were in play
}

TEST_CASE("review: a day start inside the hour clocks repeat in autumn") {
  // Berlin sets clocks back at 03:00 on 2026-10-25. With the day starting at 02:30, 02:40
  // summer time is already the 25th while 02:10 winter time, an hour later, is still the 24th.
  Run run;
  run.days.day_start = std::chrono::minutes{150};
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 1\n")};
  run.entries = {use("early", "2026-10-25T02:40:00+02:00", "alcohol", 1, "drink"),
                 use("later", "2026-10-25T02:10:00+01:00", "alcohol", 1, "drink"),
                 use("eve", "2026-10-24T21:00:00+02:00", "alcohol", 1, "drink")};
  auto r = run.review("2026-10-24", "2026-10-25", "2026-10-26T12:00:00+01:00");
  CHECK(day(r, "2026-10-24").uses == 2);
  CHECK(day(r, "2026-10-25").uses == 1);
  REQUIRE(rules_on(r, "2026-10-24") == Rules{"max_per_day"});
  CHECK(day(r, "2026-10-24").findings[0].entry_ids == Ids{"eve", "later"});
  CHECK(day(r, "2026-10-25").within_plan);
  // The summary's days, by date though the uses came by time (ReviewSummary).
  REQUIRE(r.substances.size() == 1);
  REQUIRE(r.substances[0].days.size() == 2);
  CHECK(r.substances[0].days[0].date == test::day("2026-10-24"));
  CHECK(r.substances[0].days[0].uses == 2);
  CHECK(r.substances[0].days[1].uses == 1);
  CHECK(r.substances[0].max_in_a_day == doctest::Approx(2));
}

TEST_CASE("review summary: fed by time, it keeps to the period and the person's day") {
  // ReviewSummary is what summarise_review feeds; here it is fed by hand, row by row, as a
  // long period's reader does, with rows before the period (the checks' reach), after today
  // and either side of the 04:00 day start.
  Run run;
  run.versions = {plan_version(1, kBefore, "[alcohol]\nmax_per_day = 4\ndays_off = [\"wed\"]\n")};
  Entry none_wed = use("n1", "2026-03-11T10:00:00+01:00", "alcohol");
  none_wed.kind = Kind::none;
  Entry cost = use("c1", "2026-03-06T21:00:00+01:00", "cannabis", 0.3, "g");
  cost.cost = 12.5;
  run.entries = {
      use("before", "2026-03-01T20:00:00+01:00", "alcohol", 2, "drink"),  // before the period
      use("late", "2026-03-03T03:30:00+01:00", "alcohol", 1, "drink"),    // Monday's night
      use("tue", "2026-03-03T04:00:00+01:00", "alcohol", 3, "drink"),     // Tuesday already
      use("wed", "2026-03-04T20:00:00+01:00", "alcohol"),                 // no amount
      cost,
      urge("u1", "2026-03-07T20:00:00+01:00", "alcohol", 6, Outcome::rode_out),
      urge("u2", "2026-03-08T20:00:00+01:00", "alcohol", 3, Outcome::other),
      none_wed,
      use("after", "2026-03-12T20:00:00+01:00", "alcohol", 5, "drink"),  // after "today"
  };
  ReviewResult whole = run.review("2026-03-02", "2026-03-15", "2026-03-11T12:00:00+01:00");
  REQUIRE(whole.period.last == test::day("2026-03-11"));

  ReviewInput in;
  in.versions = run.versions;
  in.period = Period{test::day("2026-03-02"), test::day("2026-03-15"), ""};
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-03-11T12:00:00+01:00");
  ReviewSummary summary(in);
  for (const Entry& e : run.entries) summary.add(TrendEntry(e));
  ReviewResult r;
  r.period = whole.period;
  r.today = whole.today;
  r.days = whole.days;  // the checks' days: days off, weeks over, totals
  std::move(summary).finish(&r);
  CHECK(review_json(r) == review_json(whole));

  REQUIRE(r.substances.size() == 2);
  const SubstanceSummary& alcohol = r.substances[0];
  CHECK(alcohol.name == "alcohol");
  CHECK(alcohol.unit == "drink");
  CHECK(alcohol.uses == 3);
  CHECK(alcohol.total == doctest::Approx(4));
  CHECK(alcohol.uncounted_uses == 1);
  REQUIRE(alcohol.days.size() == 3);
  CHECK(alcohol.days[0].date == test::day("2026-03-02"));
  CHECK(alcohol.days[0].amount == doctest::Approx(1));
  CHECK(alcohol.days[1].date == test::day("2026-03-03"));
  CHECK(alcohol.max_in_a_day == doctest::Approx(3));
  CHECK(alcohol.days[2].uncounted == 1);
  CHECK(alcohol.days_off_planned == 2);  // the 4th (used) and the 11th (today, a none)
  CHECK(alcohol.days_off_kept == 1);
  CHECK(alcohol.urges.count == 2);
  CHECK(alcohol.urges.mean_intensity == doctest::Approx(4.5));
  CHECK(r.substances[1].name == "cannabis");
  CHECK(r.substances[1].unit == "g");
  CHECK(r.substances[1].total == doctest::Approx(0.3));
  CHECK(r.spending.total == doctest::Approx(12.5));
  CHECK(r.urges.not_acted_on == 2);
}

TEST_CASE("review summary: a unit from the first amount, the plan's substances, stretches") {
  // A substance with no usual unit and no limit takes the unit of its first use with an
  // amount; a use without one before it is uncounted. A class the plan names and nobody used
  // is summarised after the substances used. Reviewed in stretches of 3 and 5 days too
  // (Run::review), across which totals, days off and urges run on.
  Run run;
  run.versions = {plan_version(1, kBefore,
                               "[alcohol]\ndays_off = [\"mon\"]\n[opioid]\nmax_per_day = 2\n")};
  run.entries.push_back(use("x0", "2026-03-02T21:30:00+01:00", "mystery"));
  for (int d = 0; d < 12; ++d) {
    std::string day = fmt::format("2026-03-{:02}T2{}:00:00+01:00", 2 + d, d % 3);
    run.entries.push_back(use(("a" + std::to_string(d)).c_str(), day.c_str(), "alcohol",
                              d % 4 == 0 ? 0 : 1 + d % 2, "drink"));
    if (d % 5 == 1) run.entries.push_back(use(("m" + std::to_string(d)).c_str(), day.c_str(),
                                              "mystery", 2, "pills"));
  }
  run.entries.push_back(urge("u", "2026-03-05T23:00:00+01:00", "alcohol", 5, Outcome::used));
  std::stable_sort(run.entries.begin(), run.entries.end(),
                   [](const Entry& a, const Entry& b) { return a.at < b.at; });
  auto r = run.review("2026-03-02", "2026-03-13", "2026-03-20T12:00:00+01:00");
  REQUIRE(r.substances.size() >= 3);
  const SubstanceSummary& alcohol = r.substances[0];
  const SubstanceSummary& mystery = r.substances[1];
  CHECK(alcohol.name == "alcohol");
  CHECK(alcohol.uses == 12);
  CHECK(alcohol.use_days == 12);
  CHECK(alcohol.days_off_planned == 2);
  CHECK(alcohol.days_off_kept == 0);
  CHECK(alcohol.urges.count == 1);
  CHECK(mystery.name == "mystery");
  CHECK(mystery.unit == "pill");  // canonical
  CHECK(mystery.uses == 4);
  CHECK(mystery.uncounted_uses == 1);
  CHECK(mystery.total == doctest::Approx(6));
  CHECK(r.substances[2].name == "opioid");
  CHECK(r.substances[2].is_class);
  CHECK(r.substances[2].uses == 0);
}

namespace {

// Months of generated entries: several substances at all hours (some past midnight, some in
// occasions across days), urges, days noted off, costs and notes. Deterministic.
std::vector<Entry> generated_months(int days, Instant start) {
  std::vector<Entry> out;
  uint32_t seed = 12345;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  int n = 0;
  auto add = [&](Entry e, Instant t) {
    e.id = fmt::format("g{:05}", n++);
    e.at = t;
    out.push_back(std::move(e));
  };
  const char* kWhen = "2026-03-02T18:00:00+01:00";
  for (int d = 0; d < days; ++d) {
    Instant noon = start + date::days{d};
    if (next(9) == 0) {  // a day noted off: nothing else that day
      Entry e = use("", kWhen, "alcohol");
      e.kind = Kind::none;
      e.substance = e.substance_class = "";
      add(e, noon);
      continue;
    }
    for (uint32_t k = 0, uses = next(5); k < uses; ++k) {
      Entry e = use("", kWhen, "alcohol", 1 + next(3), "drink");
      if (next(4) == 0) e.cost = 3.5 + next(6);
      if (next(11) == 0) e.note = "a wedding";
      if (next(13) == 0) e.alone = true;
      add(e, noon + std::chrono::hours{5} + std::chrono::minutes{next(14 * 60)});
    }
    if (next(3) == 0) {
      Entry e = use("", kWhen, "cannabis", 0.1 * (1 + next(4)), "g");
      e.route = next(2) ? "smoked" : "vaped";
      add(e, noon + std::chrono::minutes{next(20 * 60)});
    }
    if (next(10) == 0) {  // an unmeasured use: no amount to count
      Entry e = use("", kWhen, "cannabis");
      add(e, noon + std::chrono::hours{8});
    }
    if (next(17) == 0) {
      Entry e = use("", kWhen, "mdma", 60 + next(60), "mg");
      e.tested = next(2) == 0;
      e.cost = 10;
      add(e, noon + std::chrono::hours{10} + std::chrono::minutes{next(300)});
    }
    if (d % 13 == 12) {  // an evening of cigarettes into the small hours, across stretches
      for (int h = 0; h < 10; ++h)
        add(use("", kWhen, "nicotine", 1, "cigarette"),
            noon + std::chrono::hours{8} + std::chrono::minutes{50 * h});
    }
    if (next(6) == 0) {
      Entry e = urge("", kWhen, next(2) ? "alcohol" : "cannabis", static_cast<int>(next(11)),
                     next(2) ? Outcome::rode_out : Outcome::used);
      add(e, noon + std::chrono::hours{2});
    }
  }
  // Two occasions of a cigarette every two hours for two weeks, across where stretches of
  // each length start (and where they reach back to).
  for (int from : {40, 66})
    for (int h = 0; h < 24 * 14; h += 2)
      add(use("", kWhen, "nicotine", 1, "cigarette"),
          start + date::days{from} + std::chrono::hours{h} + std::chrono::minutes{7});
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
  });
  return out;
}

}  // namespace

TEST_CASE("review feed: months of rows fed a stretch at a time match the whole review") {
  // Two plan versions (the second mid-period, with stages, days off and other limits), every
  // kind of rule, and stretches of several lengths: each day, finding and summary the feed
  // gives is the one review_period gives over the same rows in one piece.
  std::vector<PlanVersion> versions = {
      plan_version(1, "2026-02-20T12:00:00+01:00", R"([alcohol]
max_per_day = 5
max_per_week = 14
max_per_7_days = 16
max_per_occasion = 4
max_use_days_per_week = 4
days_off = ["mon", "wed"]
min_hours_between = 1
not_after = "23:30"
not_alone = true
[cannabis]
max_per_day = 0.3
max_use_days_per_7_days = 3
routes = ["vaped"]
[nicotine]
max_per_occasion = 130
[mdma]
min_hours_between = 1200
[safety]
avoid = [["mdma", "alcohol"], ["alcohol", "cannabis"]]
test_first = ["mdma"]
[spending]
max_per_week = 25
)"),
      plan_version(2, "2026-05-10T12:00:00+02:00", R"([alcohol]
max_per_day = 3
max_per_week = 10
days_off = ["tue"]
not_before = "17:00"
[cannabis]
goal = "pause"
[safety]
avoid = [["mdma", "cannabis"]]
)")};
  Instant start = at("2026-03-01T12:00:00+01:00");
  std::vector<Entry> entries = generated_months(200, start);
  REQUIRE(entries.size() > 800);
  std::vector<TrendEntry> rows(entries.begin(), entries.end());
  for (size_t i = 0; i < rows.size(); ++i) rows[i].id = entries[i].id;

  ReviewInput in;
  in.versions = versions;
  in.rows = rows;
  in.period = Period{test::day("2026-03-22"), test::day("2026-09-10"), ""};
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-09-20T12:00:00+02:00");
  in.first_entry_at = start;
  in.combination_window = std::chrono::hours{20};
  in.words = Words{};
  ReviewResult whole = review_period(in);  // stretch_days 0: in one piece
  REQUIRE(whole.days.size() == 173);

  // The rules were in play: each kind of finding turns up.
  std::set<std::string> rules;
  int with_findings = 0;
  for (const auto& d : whole.days) {
    with_findings += !d.findings.empty();
    for (const auto& f : d.findings) rules.insert(f.rule);
  }
  for (const char* rule :
       {"max_per_day", "max_per_week", "max_per_7_days", "max_per_occasion",
        "max_use_days_per_week", "max_use_days_per_7_days", "day_off", "not_after", "not_before",
        "min_hours_between", "route", "not_alone", "goal", "test_first", "avoid_combination",
        "spending_per_week"})
    CHECK_MESSAGE(rules.count(rule), rule);
  CHECK(with_findings > 60);
  CHECK(whole.totals.uncounted_uses > 0);

  for (int stretch : {7, 14, 30, 56}) {
    CAPTURE(stretch);
    ReviewInput fed_in = in;
    fed_in.rows = {};
    fed_in.stretch_days = stretch;
    ReviewFeed feed(fed_in);
    for (size_t i = 0; i < rows.size(); ++i) {
      TrendEntry row = rows[i];
      row.id = {};  // the feed keeps the id it is given, not the row's
      feed.add(row, entries[i].id);
    }
    ReviewResult r = std::move(feed).finish();
    REQUIRE(r.days.size() == whole.days.size());
    for (size_t i = 0; i < r.days.size(); ++i) {
      const ReviewDay& a = r.days[i];
      const ReviewDay& b = whole.days[i];
      CAPTURE(format_day(b.date));
      CHECK(a.date == b.date);
      CHECK(a.state == b.state);
      CHECK(a.logged == b.logged);
      CHECK(a.noted_off == b.noted_off);
      CHECK(a.has_plan == b.has_plan);
      CHECK(a.plan_version == b.plan_version);
      CHECK(a.within_plan == b.within_plan);
      CHECK(a.uses == b.uses);
      REQUIRE(a.findings.size() == b.findings.size());
      for (size_t k = 0; k < a.findings.size(); ++k) {
        const Finding& f = a.findings[k];
        const Finding& g = b.findings[k];
        CHECK(f.rule == g.rule);
        CHECK(f.substance == g.substance);
        CHECK(f.expected == g.expected);
        CHECK(f.actual == g.actual);
        CHECK(f.expected_value == g.expected_value);
        CHECK(f.actual_value == g.actual_value);
        CHECK(f.unit == g.unit);
        CHECK(f.entry_ids == g.entry_ids);
        CHECK(f.explained == g.explained);
      }
      REQUIRE(a.uncounted.size() == b.uncounted.size());
      for (size_t k = 0; k < a.uncounted.size(); ++k) {
        CHECK(a.uncounted[k].substance == b.uncounted[k].substance);
        CHECK(a.uncounted[k].unit == b.uncounted[k].unit);
        CHECK(a.uncounted[k].entry_ids == b.uncounted[k].entry_ids);
      }
    }
    REQUIRE(r.substances.size() == whole.substances.size());
    for (size_t k = 0; k < r.substances.size(); ++k) {
      const SubstanceSummary& a = r.substances[k];
      const SubstanceSummary& b = whole.substances[k];
      CAPTURE(b.name);
      CHECK(a.name == b.name);
      CHECK(a.uses == b.uses);
      CHECK(a.use_days == b.use_days);
      CHECK(a.total == b.total);
      CHECK(a.max_in_a_day == b.max_in_a_day);
      CHECK(a.uncounted_uses == b.uncounted_uses);
      CHECK(a.days.size() == b.days.size());
      CHECK(a.days_off_planned == b.days_off_planned);
      CHECK(a.days_off_kept == b.days_off_kept);
      CHECK(a.urges.count == b.urges.count);
      CHECK(a.spent == b.spent);
    }
    CHECK(r.urges.count == whole.urges.count);
    CHECK(r.urges.count > 0);
    CHECK(r.spending.total == whole.spending.total);
    CHECK(r.spending.weeks_over == whole.spending.weeks_over);
    CHECK(r.totals.days == whole.totals.days);
    CHECK(r.totals.days_within_plan == whole.totals.days_within_plan);
    CHECK(r.totals.weeks_meeting_plan == whole.totals.weeks_meeting_plan);
    CHECK(r.totals.logged_days == whole.totals.logged_days);
    CHECK(r.totals.uncounted_uses == whole.totals.uncounted_uses);
    // And everything else the JSON shows.
    CHECK(review_json(r) == review_json(whole));
    // Each id the findings name is kept once in the table they share, however many
    // stretches name it (a weekly limit's findings name the week before a stretch starts).
    std::map<std::string, std::set<uint32_t>> numbers;
    for (const auto& d : r.days)
      for (const auto& f : d.findings)
        for (size_t k = 0; k < f.entry_ids.size(); ++k)
          numbers[std::string(f.entry_ids[k])].insert(f.entry_ids.refs()[k]);
    CHECK(numbers.size() > 300);
    CHECK(std::all_of(numbers.begin(), numbers.end(),
                      [](const auto& n) { return n.second.size() == 1; }));
    // review_period over the rows with the same stretch_days goes through the feed too.
    ReviewInput pieces = in;
    pieces.stretch_days = stretch;
    CHECK(review_json(review_period(pieces)) == review_json(whole));
  }
}

TEST_CASE("review feed: a long period's rows out of order are refused") {
  std::vector<PlanVersion> versions = {
      plan_version(1, "2026-02-20T12:00:00+01:00", "[alcohol]\nmax_per_day = 2\n")};
  ReviewInput in;
  in.versions = versions;
  in.period = Period{test::day("2026-03-02"), test::day("2026-04-30"), ""};
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-05-02T12:00:00+02:00");
  in.stretch_days = 7;
  Entry a = use("b", "2026-03-03T20:00:00+01:00", "alcohol", 1, "drink");
  Entry b = use("a", "2026-03-03T20:00:00+01:00", "alcohol", 1, "drink");  // same time, id before
  ReviewFeed feed(in);
  feed.add(TrendEntry(a), a.id);
  CHECK_THROWS_AS(feed.add(TrendEntry(b), b.id), std::invalid_argument);
  // A short period is held whole and sorted: any order will do.
  in.stretch_days = 0;
  ReviewFeed whole(in);
  whole.add(TrendEntry(a), a.id);
  whole.add(TrendEntry(b), b.id);
  ReviewResult r = std::move(whole).finish();
  CHECK(r.totals.logged_days == 1);
  CHECK(r.substances.at(0).uses == 2);
}
