#include <doctest/doctest.h>

#include <vector>

#include "ebb/core/breaks.hpp"
#include "test_support.hpp"

using namespace ebb;
using test::day;

TEST_CASE("breaks: days since the last use, and the longest break that reaches into the period") {
  std::vector<LocalDay> uses = {day("2026-11-02"), day("2026-11-03"), day("2026-11-12"),
                                day("2026-11-03"), day("2026-11-20")};
  Breaks b = compute_breaks(uses, day("2026-11-01"), day("2026-11-30"), day("2026-11-24"));
  REQUIRE(b.days_since_last);
  CHECK(*b.days_since_last == 4);
  // 4th to 11th: 8 days, longer than 13th to 19th (7) and the running one (21st to 24th, 4).
  CHECK(b.longest == 8);
  CHECK(*b.longest_from == day("2026-11-04"));
  CHECK(*b.longest_until == day("2026-11-11"));
  CHECK_FALSE(b.longest_ongoing);
}

TEST_CASE("breaks: a use ends a break but never resets the longest one") {
  std::vector<LocalDay> uses = {day("2026-11-01"), day("2026-11-15")};
  Breaks before = compute_breaks(uses, day("2026-11-01"), day("2026-11-30"), day("2026-11-14"));
  CHECK(before.longest == 13);  // the 2nd to today, still going
  CHECK(before.longest_ongoing);
  CHECK(*before.days_since_last == 13);
  Breaks after = compute_breaks(uses, day("2026-11-01"), day("2026-11-30"), day("2026-11-15"));
  CHECK(after.longest == 13);  // the same break, now over
  CHECK_FALSE(after.longest_ongoing);
  CHECK(*after.days_since_last == 0);
}

TEST_CASE("breaks: a break that began before the period counts whole; days before the first use are no break") {
  std::vector<LocalDay> uses = {day("2026-10-20"), day("2026-11-10")};
  Breaks b = compute_breaks(uses, day("2026-11-01"), day("2026-11-07"), day("2026-11-20"));
  CHECK(b.longest == 20);  // 21 Oct to 9 Nov reaches into the week of 1 Nov
  CHECK(*b.longest_from == day("2026-10-21"));
  // Only one use, yesterday: one day since, and nothing before it counts as a break.
  std::vector<LocalDay> one = {day("2026-11-19")};
  Breaks c = compute_breaks(one, day("2026-11-01"), day("2026-11-30"), day("2026-11-20"));
  CHECK(*c.days_since_last == 1);
  CHECK(c.longest == 1);
  CHECK(c.longest_ongoing);
  // Uses after today are not counted; none at all: nothing to say.
  std::vector<LocalDay> later = {day("2026-12-01")};
  Breaks d = compute_breaks(later, day("2026-11-01"), day("2026-11-30"), day("2026-11-20"));
  CHECK_FALSE(d.days_since_last);
  CHECK(d.longest == 0);
  // Used every day: no break.
  std::vector<LocalDay> daily = {day("2026-11-18"), day("2026-11-19"), day("2026-11-20")};
  CHECK(compute_breaks(daily, day("2026-11-18"), day("2026-11-20"), day("2026-11-20")).longest == 0);
}
