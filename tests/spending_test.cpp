#include <doctest/doctest.h>

#include <vector>

#include "ebb/core/spending.hpp"
#include "test_support.hpp"

using namespace ebb;
using test::day;

namespace {

SpendEntry use(const char* d, std::optional<double> cost) { return {day(d), true, cost}; }
SpendEntry other(const char* d) { return {day(d), false, std::nullopt}; }

}  // namespace

// Weeks start on Monday (DaySettings default); 2026-10-05 is a Monday.
TEST_CASE("spending: the first four whole tracked weeks are the baseline; saved only when real") {
  std::vector<SpendEntry> log = {
      // Tracking starts on Wednesday 2026-09-30: that week is partial, so not a baseline week.
      use("2026-09-30", 100.0),
      // Baseline weeks: 5 Oct, 12 Oct, 19 Oct, 26 Oct.
      use("2026-10-05", 40.0), use("2026-10-09", 20.0),  // 60
      use("2026-10-14", 60.0),                           // 60
      use("2026-10-21", std::nullopt),                   // unknown: use with no cost
      use("2026-10-30", 30.0), use("2026-10-31", 30.0),  // 60
      // The period, November: 2 Nov spent 20; 9 Nov a week off with a mood logged (0);
      // 16 Nov uses without a cost (unknown); 23 Nov nothing logged at all (unknown);
      // 30 Nov is not over yet.
      use("2026-11-03", 20.0), other("2026-11-12"), use("2026-11-18", std::nullopt),
      use("2026-11-30", 10.0)};
  SpendingInput in;
  in.entries = log;
  in.tracked_from = day("2026-09-30");
  in.first = day("2026-11-01");
  in.last = day("2026-11-30");
  in.today = day("2026-11-30");
  SpendingBaseline b = compute_spending_baseline(in);
  REQUIRE(b.per_week);
  CHECK(*b.per_week == doctest::Approx(60.0));
  CHECK(b.weeks_known == 3);
  CHECK(*b.from == day("2026-10-05"));
  REQUIRE(b.weeks.size() == 5);
  CHECK(*b.weeks[0].spent == doctest::Approx(20.0));
  CHECK(*b.weeks[1].spent == doctest::Approx(0.0));
  CHECK_FALSE(b.weeks[2].spent);
  CHECK_FALSE(b.weeks[3].spent);
  CHECK(b.weeks[2].logged);  // uses without a cost
  CHECK_FALSE(b.weeks[3].logged);
  CHECK_FALSE(b.weeks[4].whole);
  // Only the two known, whole weeks are compared: 2 x 60 - 20.
  CHECK(b.weeks_compared == 2);
  REQUIRE(b.saved);
  CHECK(*b.saved == doctest::Approx(100.0));

  SUBCASE("fed an entry at a time, newest first, with nothing held: the same weeks") {
    SpendingInput settings = in;
    settings.entries = {};  // the accumulator is given the settings only
    SpendingWeeks weeks(settings);
    for (auto it = log.rbegin(); it != log.rend(); ++it) weeks.add(*it);
    SpendingBaseline s = weeks.finish();
    REQUIRE(s.per_week);
    CHECK(*s.per_week == *b.per_week);
    CHECK(s.weeks_known == b.weeks_known);
    REQUIRE(s.weeks.size() == b.weeks.size());
    for (size_t i = 0; i < s.weeks.size(); ++i) {
      CHECK(s.weeks[i].first == b.weeks[i].first);
      CHECK(s.weeks[i].spent == b.weeks[i].spent);
      CHECK(s.weeks[i].logged == b.weeks[i].logged);
      CHECK(s.weeks[i].whole == b.weeks[i].whole);
    }
    CHECK(s.weeks_compared == b.weeks_compared);
    CHECK(s.saved == b.saved);
    // Entries before tracking began or after today are left out, as in the list.
    weeks.add(use("2026-09-01", 500.0));
    weeks.add(use("2026-12-01", 500.0));
    CHECK(weeks.finish().saved == b.saved);
  }
}

TEST_CASE("spending: no baseline before four weeks are over; no saving claimed when more was spent") {
  std::vector<SpendEntry> log = {use("2026-11-02", 50.0), use("2026-11-10", 80.0)};
  SpendingInput in;
  in.entries = log;
  in.tracked_from = day("2026-11-02");
  in.first = day("2026-11-01");
  in.last = day("2026-11-30");
  in.today = day("2026-11-20");
  SpendingBaseline b = compute_spending_baseline(in);
  CHECK_FALSE(b.per_week);
  CHECK(*b.ready_on == day("2026-11-30"));
  CHECK_FALSE(b.saved);
  // A baseline the person set counts from the first tracked week, and a week over it saves
  // nothing (nor is it called a loss).
  in.set_baseline = 60.0;
  b = compute_spending_baseline(in);
  CHECK(b.set_by_person);
  CHECK(b.weeks_compared == 2);  // the weeks of 2 and 9 Nov
  CHECK_FALSE(b.saved);          // 120 - 130 is not a saving
  // Weeks before tracking began are never compared, even against a set baseline.
  in.tracked_from = day("2026-11-10");
  b = compute_spending_baseline(in);
  CHECK(b.weeks_compared == 0);
  CHECK_FALSE(b.saved);
}
