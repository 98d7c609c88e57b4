#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/coverage.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/exchange/report.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

Entry drink(const char* id, const char* when, double drinks) {
  Entry e;
  e.id = id;
  e.kind = Kind::use;
  e.at = at(when);
  e.zone = "UTC";
  e.substance = "alcohol";
  e.substance_class = "alcohol";
  e.amount = drinks;
  e.unit = "drink";
  return e;
}

PlanVersion plan_saved(const char* when, const char* toml) {
  PlanVersion v;
  v.id = 1;
  v.saved_at = at(when);
  v.text = toml;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(toml, &v.plan, &err), format_plan_error(err));
  return v;
}

}  // namespace

TEST_CASE("coverage: the states of a day") {
  Coverage c{day("2026-11-10"), day("2026-11-20")};
  CHECK(day_state(c, day("2026-11-09"), false, false) == DayState::untracked);
  CHECK(day_state(c, day("2026-11-10"), false, false) == DayState::off);  // TLFB: no entry, no use
  CHECK(day_state(c, day("2026-11-12"), true, false) == DayState::used);
  CHECK(day_state(c, day("2026-11-20"), false, false) == DayState::open);  // today is going on
  CHECK(day_state(c, day("2026-11-20"), false, true) == DayState::off);    // unless noted
  CHECK(day_state(c, day("2026-11-20"), true, false) == DayState::used);
  CHECK(day_state(c, day("2026-11-21"), false, true) == DayState::untracked);
  Coverage empty{std::nullopt, day("2026-11-20")};
  CHECK(day_state(empty, day("2026-11-19"), false, false) == DayState::untracked);
  CHECK(none_covers("", "alcohol"));
  CHECK(none_covers("alcohol", "alcohol"));
  CHECK_FALSE(none_covers("alcohol", "cannabis"));
  CHECK_FALSE(none_covers("alcohol", ""));  // a none for one substance isn't a day without any
  CHECK(coverage_text(18, 30, std::nullopt) == "Logged on 18 of 30 days.");
  CHECK(coverage_text(2, 30, day("2026-11-19")) ==
        "Logged on 2 of 30 days. Your log starts on 2026-11-19; the days before it aren't "
        "counted.");
}

TEST_CASE("coverage: a first entry yesterday is not 97% days off, and has no previous period") {
  TrendsInput in;
  in.zone = find_zone("UTC");
  in.now = at("2026-11-20T21:00:00Z");
  in.period = {day("2026-10-22"), day("2026-11-20"), "last 30 days"};
  in.entries = {TrendEntry(drink("a", "2026-11-19T20:00:00Z", 3))};
  in.first_entry_at = at("2026-11-19T20:00:00Z");
  TrendsResult r = compute_trends(in);
  CHECK(r.current.days == 30);
  CHECK(r.current.counted_days == 1);  // yesterday; today is still going
  CHECK(r.current.use_days == 1);
  CHECK(r.current.days_off == 0);
  CHECK(*r.current.percent_days_abstinent == 0);
  CHECK(r.current.logged_days == 1);
  CHECK(r.current.log_starts == day("2026-11-19"));
  CHECK(r.previous.counted_days == 0);
  CHECK_FALSE(r.previous.percent_days_abstinent.has_value());
  CHECK(r.changes.empty());  // nothing to compare with, so never "you got worse" nor better
  std::string json = trends_json(r, false);
  CHECK(json.find("\"previous\":{\"first\":\"2026-09-22\",\"last\":\"2026-10-21\",\"days\":30,"
                  "\"entries\":0,\"counted_days\":0,\"logged_days\":0,\"log_starts\":null,"
                  "\"use_days\":0,\"days_off\":0,\"percent_days_abstinent\":null,") !=
        std::string::npos);

  // An `ebb none` today makes today a day off from that moment.
  Entry none;
  none.id = "n";
  none.kind = Kind::none;
  none.at = at("2026-11-20T12:00:00Z");
  in.entries.emplace_back(none);
  r = compute_trends(in);
  CHECK(r.current.counted_days == 2);
  CHECK(r.current.days_off == 1);
  CHECK(*r.current.percent_days_abstinent == 50);
}

TEST_CASE("coverage: review, report, trends and the weekly note agree on the same month") {
  // November 2026; the log starts on the 1st, the plan is saved on the 2nd. Over the plan on
  // the 5th and the 19th; a use with no strength on the 20th; looked at on Dec 1.
  std::vector<PlanVersion> versions = {plan_saved("2026-11-02T09:00:00Z",
                                                  "[alcohol]\nmax_per_day = 4\n")};
  std::vector<Entry> entries = {drink("a", "2026-11-01T20:00:00Z", 6),
                                drink("b", "2026-11-05T20:00:00Z", 5),
                                drink("c", "2026-11-07T20:00:00Z", 2),
                                drink("d", "2026-11-19T20:00:00Z", 7)};
  Entry pints = drink("e", "2026-11-20T20:00:00Z", 3);
  pints.unit = "pint";  // no beverage, no strength: can't be counted in drinks
  entries.push_back(pints);
  Period month{day("2026-11-01"), day("2026-11-30"), "November 2026"};
  const Instant now = at("2026-12-01T10:00:00Z");

  ReviewInput rin;
  rin.versions = versions;
  rin.entries = entries;
  rin.period = month;
  rin.zone = find_zone("UTC");
  rin.now = now;
  ReviewResult review = review_period(rin);
  // Day 1 has no plan: it is not counted as within (the report used to count it).
  CHECK(review.totals.days == 29);
  CHECK(review.totals.days_within_plan == 27);
  CHECK(review.totals.days_without_plan == 1);
  CHECK(review.totals.uncounted_uses == 1);
  CHECK(review.totals.logged_days == 5);

  TrendsInput tin;
  tin.entries.assign(entries.begin(), entries.end());
  tin.period = month;
  tin.zone = rin.zone;
  tin.now = now;
  TrendsResult trends = compute_trends(tin);

  ReportInput report;
  report.review = &review;
  report.trends = &trends;
  report.plan = &versions.back().plan;
  report.made_at = "2026-12-01 10:00";
  std::string md = report_markdown(report);
  CHECK(md.find("Within your plan: 27 of 29 days (93%).") != std::string::npos);
  auto lines = review_lines(review, nullptr);
  CHECK(std::find(lines.begin(), lines.end(), "27 of the 29 days matched your plan.") !=
        lines.end());
  std::string json = report_json(report);
  CHECK(json.find("\"days\":29,\"days_within_plan\":27,") != std::string::npos);
  // Days off and use days: the same days in the review's day states and in trends.
  int used = 0, off = 0;
  for (const auto& d : review.days) used += d.state == DayState::used, off += d.state == DayState::off;
  CHECK(used == trends.current.use_days);
  CHECK(off == trends.current.days_off);
  CHECK(trends.current.counted_days == 30);
  CHECK(md.find("| Days off | 25 of 30 |") != std::string::npos);
  // The use that can't be counted is said on its day, in review and report alike.
  CHECK(md.find("alcohol: 1 use couldn't be counted in drinks") != std::string::npos);
  CHECK(std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
          return l.find("alcohol: 1 use couldn't be counted in drinks") != std::string::npos;
        }) != lines.end());

  // check's weekly note, on the Monday after the week of Nov 9-15, counts that week's days as
  // the review of it does: all 7 within, up from 6 the week before (the 5th was over).
  ReminderInput rem;
  rem.entries = entries;
  rem.versions = versions;
  rem.zone = rin.zone;
  rem.now = at("2026-11-16T10:00:00Z");
  ReviewInput week = rin;
  week.period = Period{day("2026-11-09"), day("2026-11-15"), ""};
  week.now = rem.now;
  ReviewResult last_week = review_period(week);
  CHECK(last_week.totals.days_within_plan == 7);
  bool said = false;
  for (const auto& r : compute_reminders(rem))
    if (r.id == "week:2026-11-09") {
      said = true;
      CHECK(r.text.find(fmt::format("all {} days", last_week.totals.days_within_plan)) !=
            std::string::npos);
    }
  CHECK(said);
}
