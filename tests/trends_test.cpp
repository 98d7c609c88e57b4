#include <doctest/doctest.h>

#include "test_support.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "ebb/core/trends.hpp"
#include "ebb/util/sink.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

Entry use(std::string_view when, std::string substance, std::string cls,
          std::optional<double> amount, std::string unit = "",
          std::optional<double> cost = std::nullopt, std::optional<double> abv = std::nullopt) {
  Entry e;
  e.kind = Kind::use;
  e.at = at(when);
  e.substance = std::move(substance);
  e.substance_class = std::move(cls);
  e.amount = amount;
  e.unit = std::move(unit);
  e.cost = cost;
  e.abv = abv;
  return e;
}

Entry drinks(std::string_view when, std::optional<double> n, std::optional<double> cost = {}) {
  return use(when, "alcohol", "alcohol", n, n ? "drink" : "", cost);
}

Entry pills(std::string_view when, double amount, std::string unit) {
  return use(when, "blue pills", "depressant", amount, std::move(unit));
}

Entry urge(std::string_view when, std::string substance, std::optional<int> intensity,
           std::string trigger, std::string feeling, Outcome outcome) {
  Entry e;
  e.kind = Kind::urge;
  e.at = at(when);
  e.substance = std::move(substance);
  e.substance_class = e.substance == "alcohol" ? "alcohol" : "depressant";
  e.intensity = intensity;
  e.trigger = std::move(trigger);
  e.feeling = std::move(feeling);
  e.outcome = outcome;
  return e;
}

Entry mood(std::string_view when, std::optional<int> score) {
  Entry e;
  e.kind = Kind::mood;
  e.at = at(when);
  e.score = score;
  if (!score) e.feelings = {"tired"};
  return e;
}

const double kBeerDrinks = 500 * 5 / 100.0 * 0.789 / 14;  // 500 ml at 5%: 1.409 drinks

// Berlin, day starts 04:00, week starts Monday. Today is Friday 2026-11-20; the period is the
// last 7 days (Nov 14-20), the previous one Nov 7-13.
TrendsInput week_input() {
  TrendsInput in;
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-11-20T12:00:00+01:00");
  in.period = {day("2026-11-14"), day("2026-11-20"), "last 7 days"};
  in.first_entry_at = at("2026-10-01T12:00:00+02:00");  // the log started long before
  in.currency = "EUR";
  in.entries = {
      // This period. Alcohol on the 14th (2 + beer + 1 after midnight = 4.41), 16th, 18th
      // (no amount), 19th.
      drinks("2026-11-14T20:00:00+01:00", 2),
      use("2026-11-14T22:00:00+01:00", "alcohol", "alcohol", 500, "ml", std::nullopt, 5.0),
      drinks("2026-11-15T02:30:00+01:00", 1),
      drinks("2026-11-16T19:00:00+01:00", 1, 5),
      drinks("2026-11-18T21:00:00+01:00", std::nullopt, 10),
      drinks("2026-11-19T21:00:00+01:00", 6, 30),
      // Blue pills (not in the catalog): mg is the unit logged most; 0.5 g is 500 mg.
      pills("2026-11-16T12:00:00+01:00", 150, "mg"),
      pills("2026-11-17T12:00:00+01:00", 0.5, "g"),
      pills("2026-11-17T18:00:00+01:00", 200, "mg"),
      pills("2026-11-20T10:00:00+01:00", 2, "pill"),
      urge("2026-11-15T21:00:00+01:00", "alcohol", 8, "Stress", "bored, lonely", Outcome::rode_out),
      urge("2026-11-17T21:00:00+01:00", "alcohol", 6, "stress", "Bored", Outcome::used),
      urge("2026-11-18T10:00:00+01:00", "", 4, "payday", "", Outcome::none),
      urge("2026-11-19T10:00:00+01:00", "blue pills", std::nullopt, "party", "",
           Outcome::rode_out),
      mood("2026-11-14T09:00:00+01:00", 5),
      mood("2026-11-15T20:00:00+01:00", 8),
      mood("2026-11-16T03:00:00+01:00", 4),  // belongs to the 15th
      mood("2026-11-19T12:00:00+01:00", 6),
      mood("2026-11-20T12:00:00+01:00", std::nullopt),
      // The previous period: alcohol on 5 days (5, 4, 7, 2, 1 drinks).
      drinks("2026-11-08T20:00:00+01:00", 5, 30),
      drinks("2026-11-09T20:00:00+01:00", 4, 25),
      drinks("2026-11-10T20:00:00+01:00", 7, 40),
      drinks("2026-11-12T20:00:00+01:00", 2),
      drinks("2026-11-13T20:00:00+01:00", 1),
      urge("2026-11-09T21:00:00+01:00", "alcohol", 9, "stress", "", Outcome::used),
      urge("2026-11-11T21:00:00+01:00", "alcohol", 7, "", "", Outcome::rode_out),
      mood("2026-11-08T12:00:00+01:00", 4),
      mood("2026-11-11T12:00:00+01:00", 5),
      // Outside both periods: before Nov 7 and after today.
      drinks("2026-11-06T20:00:00+01:00", 12, 100),
      drinks("2026-11-21T10:00:00+01:00", 12, 100),
  };
  return in;
}

const SubstanceFigures& find(const PeriodFigures& p, std::string_view name) {
  for (const auto& s : p.substances)
    if (s.substance == name) return s;
  FAIL("no figures for " << name);
  return p.substances.front();
}

}  // namespace

TEST_CASE("trends: days, use days and days off") {
  TrendsResult r = compute_trends(week_input());
  CHECK(r.current.days == 7);
  CHECK(format_day(r.current.first) == "2026-11-14");
  CHECK(format_day(r.current.last) == "2026-11-20");
  CHECK(format_day(r.previous.first) == "2026-11-07");
  CHECK(format_day(r.previous.last) == "2026-11-13");
  // Any use on the 14th, 16th-20th: only the 15th is a day off.
  CHECK(r.current.use_days == 6);
  CHECK(r.current.days_off == 1);
  CHECK(*r.current.percent_days_abstinent == doctest::Approx(100.0 / 7));
  // 10 uses + 4 urges + 5 moods this period; 5 + 2 + 2 before.
  CHECK(r.current.entries == 10 + 4 + 5);
  CHECK(r.previous.entries == 9);

  const SubstanceFigures& a = find(r.current, "alcohol");
  CHECK(a.uses == 6);
  CHECK(a.use_days == 4);
  // Today (the 20th) has no alcohol yet: it is still going, so not a day off yet.
  CHECK(a.days_off == 2);
  CHECK(a.counted_days == 6);
  CHECK(*a.percent_days_abstinent == doctest::Approx(200.0 / 6));
  const SubstanceFigures& b = find(r.current, "blue pills");
  CHECK(b.use_days == 3);
  CHECK(b.days_off == 4);
}

TEST_CASE("trends: amounts in the substance's unit, mixed units converted") {
  TrendsResult r = compute_trends(week_input());
  const SubstanceFigures& a = find(r.current, "alcohol");
  CHECK(a.unit == "drink");
  CHECK(a.days_with_amount == 3);  // the 18th has a use but no amount
  CHECK(a.total == doctest::Approx(2 + kBeerDrinks + 1 + 1 + 6));
  CHECK(*a.amount_per_use_day == doctest::Approx((2 + kBeerDrinks + 1 + 1 + 6) / 3));
  CHECK(*a.max_in_a_day == doctest::Approx(6));
  CHECK(a.daily_amounts[0] == doctest::Approx(3 + kBeerDrinks));
  CHECK(a.daily_amounts[4] == 0);
  CHECK(a.daily_use[4]);
  CHECK(a.other_amounts.empty());

  const SubstanceFigures& b = find(r.current, "blue pills");
  CHECK(b.unit == "mg");
  CHECK(b.days_with_amount == 2);
  CHECK(b.total == doctest::Approx(850));
  CHECK(*b.amount_per_use_day == doctest::Approx(425));
  CHECK(*b.max_in_a_day == doctest::Approx(700));
  // "2 pill" does not convert to mg: kept apart, the day still a use day.
  REQUIRE(b.other_amounts.size() == 1);
  CHECK(b.other_amounts[0].unit == "pill");
  CHECK(b.other_amounts[0].total == 2);
  CHECK(b.daily_use[6]);
}

TEST_CASE("trends: heavy days with the default and configured thresholds") {
  TrendsInput in = week_input();
  TrendsResult r = compute_trends(in);
  const SubstanceFigures& a = find(r.current, "alcohol");
  CHECK(*a.heavy_day_threshold == kDefaultAlcoholHeavyDay);
  CHECK(*a.heavy_days == 2);  // 4.41 on the 14th, 6 on the 19th
  CHECK(*a.percent_heavy_days == doctest::Approx(200.0 / 6));  // of the 6 counted days
  CHECK(*find(r.previous, "alcohol").heavy_days == 3);  // 5, 4, 7
  CHECK_FALSE(find(r.current, "blue pills").heavy_days.has_value());

  in.heavy_day = {{"alcohol", 5}, {"depressant", 100}};
  r = compute_trends(in);
  CHECK(*find(r.current, "alcohol").heavy_days == 1);
  CHECK(*find(r.previous, "alcohol").heavy_days == 2);
  CHECK(*find(r.current, "blue pills").heavy_days == 2);  // the class: 150 and 700 mg

  in.heavy_day["blue pills"] = 500;  // the name wins over the class
  r = compute_trends(in);
  CHECK(*find(r.current, "blue pills").heavy_day_threshold == 500);
  CHECK(*find(r.current, "blue pills").heavy_days == 1);
}

TEST_CASE("trends: spending") {
  TrendsResult r = compute_trends(week_input());
  CHECK(*find(r.current, "alcohol").spending == doctest::Approx(45));
  CHECK_FALSE(find(r.current, "blue pills").spending.has_value());
  CHECK(*r.current.spending == doctest::Approx(45));
  CHECK(*r.previous.spending == doctest::Approx(95));
}

TEST_CASE("trends: urges") {
  TrendsResult r = compute_trends(week_input());
  const UrgeFigures& u = r.current.urges;
  CHECK(u.count == 4);
  CHECK(*u.mean_intensity == doctest::Approx(6));  // (8 + 6 + 4) / 3, one without
  CHECK(u.with_outcome == 3);
  CHECK(u.ridden_out == 2);
  CHECK(*u.percent_ridden_out == doctest::Approx(200.0 / 3));
  REQUIRE(u.top_triggers.size() == 3);
  CHECK(u.top_triggers[0].text == "Stress");  // as first written
  CHECK(u.top_triggers[0].count == 2);
  CHECK(u.top_triggers[1].text == "payday");  // ties: first written first
  CHECK(u.top_triggers[2].text == "party");
  // A value is counted whole: "bored, lonely" is what the person wrote, not two feelings.
  REQUIRE(u.top_feelings.size() == 2);
  CHECK(u.top_feelings[0].text == "bored, lonely");
  CHECK(u.top_feelings[0].count == 1);
  CHECK(u.top_feelings[1].text == "Bored");
  CHECK(u.top_feelings[1].count == 1);
  CHECK(u.met_another_way == 0);
  CHECK(u.not_acted_on == 2);
  CHECK(*r.previous.urges.percent_ridden_out == doctest::Approx(50));
}

TEST_CASE("trends: moods, and on use days against days off") {
  TrendsResult r = compute_trends(week_input());
  const MoodFigures& m = r.current.moods;
  CHECK(m.count == 5);
  CHECK(*m.mean == doctest::Approx(5.75));  // (5 + 8 + 4 + 6) / 4
  CHECK(*m.min == 4);
  CHECK(*m.max == 8);
  CHECK(*m.mean_on_use_days == doctest::Approx(5.5));    // 14th: 5, 19th: 6
  CHECK(*m.mean_on_other_days == doctest::Approx(6.0));  // 15th: 8 and 4
  CHECK(*r.previous.moods.mean == doctest::Approx(4.5));
}

TEST_CASE("trends: a substance filter keeps its uses and urges, and every mood") {
  TrendsInput in = week_input();
  in.substance = "booze";  // an alias of alcohol
  TrendsResult r = compute_trends(in);
  REQUIRE(r.current.substances.size() == 1);
  CHECK(r.current.substances[0].substance == "alcohol");
  CHECK(r.current.use_days == 4);
  CHECK(r.current.urges.count == 2);
  CHECK(*r.current.urges.mean_intensity == doctest::Approx(7));
  CHECK(r.current.moods.count == 5);
  CHECK(*r.current.moods.mean_on_use_days == doctest::Approx(5.5));
  CHECK(*r.current.spending == doctest::Approx(45));

  in.substance = "depressant";  // a class
  r = compute_trends(in);
  REQUIRE(r.current.substances.size() == 1);
  CHECK(r.current.substances[0].substance == "blue pills");
  CHECK(r.current.urges.count == 1);
}

TEST_CASE("trends: days off are not compared with a day or two before the log began") {
  TrendsResult r;
  r.current.days = 20;
  r.current.entries = 25;
  r.current.counted_days = 20;
  r.current.days_off = 19;
  r.previous.days = 21;
  r.previous.entries = 1;
  r.previous.counted_days = 1;
  r.previous.days_off = 0;
  CHECK(positive_changes(r).empty());
  r.previous.counted_days = 10;  // half as many days: a baseline
  r.previous.days_off = 5;
  CHECK(positive_changes(r) ==
        std::vector<std::string>{"Days off: 95% of the days counted, was 50%."});
}

TEST_CASE("trends: the positive changes, named gently, and only those") {
  TrendsResult r = compute_trends(week_input());
  std::vector<std::string> expected = {
      // Today is still going, so 6 days count now and 7 before: compared as shares.
      "Days off from alcohol: 33% of the days counted, was 29%.",
      // 3.8 per use day both times: not named.
      "Most alcohol in one day: 6 drinks, was 7.",
      "1 fewer day with 4 drinks or more of alcohol than the previous 7 days.",
      "Total alcohol: 11.4 drinks, was 19.",
      "Spent 50.00 EUR less than the previous 7 days.",
      "Urges you didn't act on: 2 of 3 (67%), was 50%.",
      "Urges averaged 6 out of 10, was 8.",
      "Mood averaged 5.8 out of 10, was 4.5.",
  };
  CHECK(r.changes == expected);
}

TEST_CASE("trends: changes the other way are not named") {
  // Swap the periods' roles: last week's figures become "this" week's.
  TrendsInput in = week_input();
  in.now = at("2026-11-13T12:00:00+01:00");
  in.period = {day("2026-11-07"), day("2026-11-13"), "last 7 days"};
  TrendsResult r = compute_trends(in);
  // Nov 7-13 against Oct 31-Nov 6: only Nov 6 (12 drinks) before, so fewer per use day and
  // a lower highest day now; nothing else before (no urges, moods, other substances).
  std::vector<std::string> expected = {
      "On days with alcohol: 3.8 drinks on average, was 12.",
      "Most alcohol in one day: 7 drinks, was 12.",
      "Spent 5.00 EUR less than the previous 7 days.",
  };
  CHECK(r.changes == expected);

  // More this period than before: nothing to name.
  TrendsInput worse = week_input();
  worse.entries = {drinks("2026-11-14T20:00:00+01:00", 3), drinks("2026-11-15T20:00:00+01:00", 3),
                   drinks("2026-11-10T20:00:00+01:00", 2)};
  r = compute_trends(worse);
  CHECK(r.changes.empty());
}

TEST_CASE("trends: nothing is compared with a previous period that has no entries") {
  TrendsInput in = week_input();
  std::erase_if(in.entries,
                [](const TrendEntry& e) { return e.at < at("2026-11-14T04:00:00+01:00"); });
  TrendsResult r = compute_trends(in);
  CHECK(r.previous.entries == 0);
  CHECK(r.changes.empty());
}

TEST_CASE("trends: the person's day across the autumn DST change, day start 04:00") {
  TrendsInput in;
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-10-28T12:00:00+01:00");
  in.period = {day("2026-10-22"), day("2026-10-28"), "last 7 days"};
  in.first_entry_at = at("2026-10-01T12:00:00+02:00");
  in.entries = {
      drinks("2026-10-25T02:30:00+02:00", 1),  // first 02:30 of the night
      drinks("2026-10-25T02:30:00+01:00", 1),  // second 02:30, an hour later
      drinks("2026-10-25T03:59:00+01:00", 1),
      drinks("2026-10-25T04:00:00+01:00", 1),
      drinks("2026-10-26T01:30:00+01:00", 1),  // 01:30 belongs to the day before
  };
  TrendsResult r = compute_trends(in);
  CHECK(r.current.days == 7);  // the 25-hour day is one day
  const SubstanceFigures& a = find(r.current, "alcohol");
  CHECK(a.use_days == 2);
  CHECK(a.days_off == 4);  // and today, the 28th, still going
  CHECK(a.daily_amounts[2] == 3);  // Oct 24
  CHECK(a.daily_amounts[3] == 2);  // Oct 25
  CHECK(*a.max_in_a_day == 3);

  in.days.day_start = std::chrono::minutes{0};  // days from midnight
  r = compute_trends(in);
  const SubstanceFigures& m = find(r.current, "alcohol");
  CHECK(m.daily_amounts[3] == 4);  // Oct 25
  CHECK(m.daily_amounts[4] == 1);  // Oct 26
  CHECK(m.use_days == 2);
}

TEST_CASE("trends: the period is cut at today; the previous period has the same length") {
  TrendsInput in = week_input();
  in.period = {day("2026-11-01"), day("2026-11-30"), "this month"};
  TrendsResult r = compute_trends(in);
  CHECK(r.current.days == 20);
  CHECK(format_day(r.current.last) == "2026-11-20");
  CHECK(format_day(r.previous.first) == "2026-10-12");
  CHECK(format_day(r.previous.last) == "2026-10-31");
  // Nov 6 and Nov 8-20 are in; Nov 21 is after today.
  CHECK(find(r.current, "alcohol").use_days == 10);

  in.period = {day("2026-12-01"), day("2026-12-31"), "next month"};
  r = compute_trends(in);
  CHECK(r.current.days == 0);
  CHECK_FALSE(r.current.percent_days_abstinent.has_value());
  CHECK(r.changes.empty());
  CHECK(render_trends(r, {false, false}) ==
        "Next month: this period starts after today, so there is nothing to show yet.\n");
}

TEST_CASE("trends: buckets by week, day and month") {
  TrendsInput in = week_input();
  in.period = {day("2026-11-01"), day("2026-11-30"), "this month"};
  TrendsResult r = compute_trends(in);
  REQUIRE(r.buckets.size() == 4);  // Sun 1st alone, then Monday weeks, the last cut at today
  CHECK(format_day(r.buckets[0].first) == "2026-11-01");
  CHECK(r.buckets[0].days == 1);
  CHECK(format_day(r.buckets[1].first) == "2026-11-02");
  CHECK(format_day(r.buckets[1].last) == "2026-11-08");
  CHECK(format_day(r.buckets[3].first) == "2026-11-16");
  CHECK(format_day(r.buckets[3].last) == "2026-11-20");
  CHECK(r.buckets[3].days == 5);
  size_t a = r.current.substances[0].substance == "alcohol" ? 0 : 1;
  CHECK(r.buckets[1].substances[a].use_days == 2);     // Nov 6 and 8
  CHECK(r.buckets[1].substances[a].total == doctest::Approx(17));
  CHECK(r.buckets[2].substances[a].use_days == 5);     // Nov 9, 10, 12, 13, 14
  CHECK(r.buckets[3].substances[a].total == doctest::Approx(7));

  in.by = Bucket::day;
  CHECK(compute_trends(in).buckets.size() == 20);

  in.by = Bucket::month;
  in.period = {day("2026-10-20"), day("2026-11-20"), "since Oct 20"};
  r = compute_trends(in);
  REQUIRE(r.buckets.size() == 2);
  CHECK(r.buckets[0].days == 12);
  CHECK(r.buckets[1].days == 20);

  Bucket b{};
  CHECK(parse_bucket("Weeks", &b));
  CHECK(b == Bucket::week);
  CHECK_FALSE(parse_bucket("fortnight", &b));
}

TEST_CASE("trends: a week with nothing logged, inside a log, counts its past days as days off") {
  TrendsInput in = week_input();
  in.entries.clear();
  TrendsResult r = compute_trends(in);
  CHECK(r.current.days_off == 6);  // Nov 14-19; today is still going
  CHECK(r.current.counted_days == 6);
  CHECK(r.current.logged_days == 0);
  CHECK(*r.current.percent_days_abstinent == 100);
  CHECK(r.current.substances.empty());
  CHECK(r.current.urges.count == 0);
  CHECK_FALSE(r.current.urges.mean_intensity.has_value());
  CHECK_FALSE(r.current.moods.mean.has_value());
  CHECK_FALSE(r.current.spending.has_value());
  CHECK(r.changes.empty());
  std::string text = render_trends(r, {false, false});
  CHECK(text.find("Logged on 0 of 7 days. Days with nothing logged count as no use.\n") !=
        std::string::npos);
  CHECK(text.find("  days off                         6 of 6 (100%)     7 of 7 (100%)\n") !=
        std::string::npos);
  std::string json = trends_json(r, false);
  CHECK(json.find("\"use_days\":0,\"days_off\":6,\"percent_days_abstinent\":100,"
                  "\"spending\":null,\"substances\":[]") != std::string::npos);

  // An empty log counts no day at all: no days off, no percentage.
  in.first_entry_at.reset();
  r = compute_trends(in);
  CHECK(r.current.counted_days == 0);
  CHECK(r.current.days_off == 0);
  CHECK_FALSE(r.current.percent_days_abstinent.has_value());
  CHECK_FALSE(r.previous.percent_days_abstinent.has_value());
  text = render_trends(r, {false, false});
  CHECK(text.find("Nothing counted in this period yet.") != std::string::npos);
  CHECK(text.find("  days off                                     -                 -\n") !=
        std::string::npos);
  text = render_trends(r, {true, false});
  CHECK(text.find("  days off                                     \u2013                 \u2013\n") !=
        std::string::npos);
}

namespace {

// Three days (Nov 18-20) beside Nov 15-17, one substance, by day, no currency.
TrendsInput three_days() {
  TrendsInput in;
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-11-20T23:00:00+01:00");
  in.period = {day("2026-11-18"), day("2026-11-20"), "last 3 days"};
  in.by = Bucket::day;
  in.entries = {
      drinks("2026-11-15T20:00:00+01:00", 6, 20),
      drinks("2026-11-16T20:00:00+01:00", 3),
      drinks("2026-11-19T20:00:00+01:00", 2, 8),
      drinks("2026-11-20T20:00:00+01:00", std::nullopt),
      urge("2026-11-18T21:00:00+01:00", "alcohol", 7, "after work", "", Outcome::rode_out),
      mood("2026-11-18T10:00:00+01:00", 6),
  };
  return in;
}

}  // namespace

TEST_CASE("trends: the whole text, ASCII") {
  std::string expected =
      "Last 3 days: 2026-11-18 to 2026-11-20\n"
      "The previous 3 days: 2026-11-15 to 2026-11-17\n"
      "Logged on 3 of 3 days.\n"
      "\n"
      "alcohol, in drinks                   this period          previous\n"
      "  days off                          1 of 3 (33%)      1 of 3 (33%)\n"
      "  use days                                     2                 2\n"
      "  per use day (mean)                           2               4.5\n"
      "  most in a day                                2                 6\n"
      "  days with 4 drinks or more                   0                 1\n"
      "  total                                        2                 9\n"
      "  spent                                     8.00             20.00\n"
      "  daily                        #.\n"  // day off, 2 drinks, a use with no amount
      "  used today; longest break 2 days (2026-11-17 to 2026-11-18)\n"
      "  day           use days    drinks\n"
      "  2026-11-18           0         0\n"
      "  2026-11-19           1         2  ####################\n"
      "  2026-11-20           1         0\n"
      "\n"
      "urges                                this period          previous\n"
      "  logged                                       1                 0\n"
      "  mean intensity (0-10)                        7                 -\n"
      "  not acted on                     1 of 1 (100%)                 -\n"
      "    ridden out                                 1                 0\n"
      "  common triggers: after work (1)\n"
      "\n"
      "moods (1-10)                         this period          previous\n"
      "  logged                                       1                 0\n"
      "  mean                                         6                 -\n"
      "  lowest to highest                       6 to 6                 -\n"
      "  mean on use days                             -                 -\n"
      "  mean on days off                             6                 -\n"
      "\n"
      "On days with alcohol: 2 drinks on average, was 4.5.\n"
      "Most alcohol in one day: 2 drinks, was 6.\n"
      "1 fewer day with 4 drinks or more of alcohol than the previous 3 days.\n"
      "Total alcohol: 2 drinks, was 9.\n"
      "Spent 12.00 less than the previous 3 days.\n";
  CHECK(render_trends(compute_trends(three_days()), {false, false}) == expected);
}

TEST_CASE("trends: UTF-8 charts and colour in the text") {
  std::string text = terminal_text(render_trends(compute_trends(three_days()), {true, true}), true);
  CHECK(text.find("\n\x1b[1malcohol, in drinks                   this period          "
                  "previous\x1b[0m\n") != std::string::npos);
  CHECK(text.find("  daily                       \x1b[36m▁█▂\x1b[0m\n") != std::string::npos);
  CHECK(text.find("  2026-11-19           1         2  \x1b[36m████████████████████\x1b[0m\n") !=
        std::string::npos);
  CHECK(text.find("\x1b[32mTotal alcohol: 2 drinks, was 9.\x1b[0m\n") != std::string::npos);
}

TEST_CASE("trends: JSON figures") {
  TrendsInput in = three_days();
  in.currency = "EUR";
  std::string json = trends_json(compute_trends(in), false);
  CHECK(json.find("{\"label\":\"last 3 days\",\"substance\":null,\"currency\":\"EUR\","
                  "\"current\":{\"first\":\"2026-11-18\",\"last\":\"2026-11-20\",\"days\":3,"
                  "\"entries\":4,\"counted_days\":3,\"logged_days\":3,\"log_starts\":null,"
                  "\"use_days\":2,\"days_off\":1,\"percent_days_abstinent\":33.33,"
                  "\"spending\":8,\"substances\":[{\"substance\":\"alcohol\",\"class\":\"alcohol\","
                  "\"unit\":\"drink\",\"uses\":2,\"use_days\":2,\"days_off\":1,\"counted_days\":3,"
                  "\"percent_days_abstinent\":33.33,\"days_with_amount\":1,"
                  "\"amount_per_use_day\":2,\"max_in_a_day\":2,\"total\":2,"
                  "\"heavy_day_threshold\":4,\"heavy_days\":0,\"percent_heavy_days\":0,"
                  "\"spending\":8,\"days_since_last_use\":0,\"longest_break\":{\"days\":2,"
                  "\"from\":\"2026-11-17\",\"until\":\"2026-11-18\",\"ongoing\":false},"
                  "\"other_amounts\":[],\"daily\":["
                  "{\"date\":\"2026-11-18\",\"used\":false,\"amount\":0},"
                  "{\"date\":\"2026-11-19\",\"used\":true,\"amount\":2},"
                  "{\"date\":\"2026-11-20\",\"used\":true,\"amount\":0}]}],"
                  "\"urges\":{\"count\":1,\"mean_intensity\":7,\"with_outcome\":1,"
                  "\"ridden_out\":1,\"met_another_way\":0,\"not_acted_on\":1,"
                  "\"percent_ridden_out\":100,\"percent_not_acted_on\":100,"
                  "\"top_triggers\":[{\"text\":\"after work\",\"count\":1}],\"top_feelings\":[]},"
                  "\"moods\":{\"count\":1,\"mean\":6,\"min\":6,\"max\":6,"
                  "\"mean_on_use_days\":null,\"mean_on_other_days\":6}},") == 0);
  CHECK(json.find("\"previous\":{\"first\":\"2026-11-15\",\"last\":\"2026-11-17\",\"days\":3,"
                  "\"entries\":2,") != std::string::npos);
  CHECK(json.find("\"by\":\"day\",\"buckets\":[{\"first\":\"2026-11-18\",\"last\":\"2026-11-18\","
                  "\"days\":1,\"substances\":[{\"substance\":\"alcohol\",\"use_days\":0,"
                  "\"total\":0}]},") != std::string::npos);
  CHECK(json.find("\"Spent 12.00 EUR less than the previous 3 days.\"],\"money\":{"
                  "\"baseline_per_week\":null,\"baseline\":\"\",\"baseline_from\":\"2026-11-16\","
                  "\"baseline_weeks_known\":0,\"baseline_ready_on\":\"2026-12-14\",\"weeks\":[],"
                  "\"weeks_compared\":0,\"saved\":null},\"in_your_words\":{"
                  "\"reasons\":[],\"wanted\":[],\"triggers\":[],\"instead\":[],\"notes\":[]}}") !=
        std::string::npos);
}

TEST_CASE("trends: an urge met another way is not acted on, and the person's words come back") {
  TrendsInput in = three_days();
  in.entries.push_back(urge("2026-11-19T21:00:00+01:00", "alcohol", 8, "payday, boredom", "",
                            Outcome::other));
  in.entries.push_back(urge("2026-11-16T21:00:00+01:00", "alcohol", 8, "", "", Outcome::used));
  in.entries.push_back(urge("2026-11-17T21:00:00+01:00", "alcohol", 8, "", "", Outcome::rode_out));
  std::vector<Entry> words(3);
  words[0].kind = Kind::use;
  words[0].at = at("2026-11-19T20:00:00+01:00");
  words[0].substance = "alcohol";
  words[0].substance_class = "alcohol";
  words[0].reason = "to unwind";
  words[0].note = "long week";
  words[1] = words[0];
  words[1].at = at("2026-11-20T20:00:00+01:00");
  words[1].reason = "To unwind ";
  words[1].note.clear();
  words[2].kind = Kind::urge;
  words[2].at = at("2026-11-19T21:00:00+01:00");
  words[2].substance = "alcohol";
  words[2].trigger = "payday, boredom";
  words[2].wanted = "relief";
  words[2].outcome = Outcome::other;
  words[2].outcome_note = "went climbing";
  in.word_entries = words;
  TrendsResult r = compute_trends(in);
  const UrgeFigures& u = r.current.urges;
  CHECK(u.met_another_way == 1);
  CHECK(u.not_acted_on == 2);
  CHECK(*u.percent_not_acted_on == doctest::Approx(100));
  // Before: 1 of 2 not acted on; now 2 of 2.
  bool said = false;
  for (const auto& c : r.changes) said |= c == "Urges you didn't act on: 2 of 2 (100%), was 50%.";
  CHECK(said);
  std::string text = render_trends(r, {false, false});
  CHECK(text.find("    met another way                            1                 0\n") !=
        std::string::npos);
  CHECK(text.find("In your words\n"
                  "  alcohol was for: \"to unwind\" x2\n"
                  "  Urges wanted: \"relief\"\n"
                  "  What set urges off: \"payday, boredom\"\n"
                  "  What you did instead of acting on an urge: \"went climbing\"\n"
                  "  Your notes:\n"
                  "    thu 2026-11-19, alcohol: \"long week\"\n") != std::string::npos);
}

TEST_CASE("trends: the usual unit gives way when nothing logged converts to it") {
  TrendsInput in = three_days();
  in.entries = {use("2026-11-19T20:00:00+01:00", "cannabis", "cannabinoid", 2, "joint"),
                use("2026-11-20T20:00:00+01:00", "cannabis", "cannabinoid", 1, "joint")};
  TrendsResult r = compute_trends(in);
  CHECK(r.current.substances[0].unit == "joint");
  CHECK(r.current.substances[0].total == 3);
  CHECK(r.current.substances[0].other_amounts.empty());

  // One amount in grams: the catalog's gram wins, the joints are kept apart.
  in.entries.push_back(use("2026-11-20T21:00:00+01:00", "cannabis", "cannabinoid", 0.2, "g"));
  r = compute_trends(in);
  const SubstanceFigures& c = r.current.substances[0];
  CHECK(c.unit == "g");
  CHECK(c.total == doctest::Approx(0.2));
  CHECK(c.days_with_amount == 1);
  CHECK(c.use_days == 2);
  REQUIRE(c.other_amounts.size() == 1);
  CHECK(c.other_amounts[0].unit == "joint");
  CHECK(c.other_amounts[0].total == 3);
  std::string text = render_trends(r, {false, false});
  CHECK(text.find("\ncannabis, in g ") != std::string::npos);
  CHECK(text.find("\n  also logged, not in g: 3 joints\n") != std::string::npos);
}

TEST_CASE("trends: alcohol counted in cans gets no default heavy-day threshold") {
  TrendsInput in = three_days();
  in.entries = {use("2026-11-19T20:00:00+01:00", "alcohol", "alcohol", 6, "can")};
  TrendsResult r = compute_trends(in);
  CHECK(r.current.substances[0].unit == "can");
  CHECK_FALSE(r.current.substances[0].heavy_days.has_value());
  in.heavy_day = {{"alcohol", 5}};
  CHECK(*compute_trends(in).current.substances[0].heavy_days == 1);
}

TEST_CASE("trends: the text says when a filter is on and when there is nothing to compare") {
  TrendsInput in = three_days();
  in.substance = "alcohol";
  std::erase_if(in.entries,
                [](const TrendEntry& e) { return e.at < at("2026-11-18T04:00:00+01:00"); });
  std::string text = render_trends(compute_trends(in), {true, false});
  CHECK(text.find("\nOnly alcohol and urges about it; moods are all included.\n") !=
        std::string::npos);
  // The log starts in this period: the days before it are not days off, and not compared.
  CHECK(text.find("Nothing was logged before this period, so the previous 3 days are shown as "
                  "\u2013, not as days off.\n") != std::string::npos);
  CHECK(text.find("  days off                          1 of 3 (33%)                 \u2013\n") !=
        std::string::npos);
  // In ASCII, the same dash as a hyphen.
  text = render_trends(compute_trends(in), {false, false});
  CHECK(text.find("so the previous 3 days are shown as -, not as days off.\n") !=
        std::string::npos);
  CHECK(text.find("  days off                          1 of 3 (33%)                 -\n") !=
        std::string::npos);
  CHECK(std::none_of(text.begin(), text.end(), [](char c) { return c & 0x80; }));
}

TEST_CASE("trends: an entry keeps what trends and the review read, in a sixth of the memory") {
  Entry e = urge("2026-11-19T20:00:00+01:00", "alcohol", 6, "after work", "tired",
                 Outcome::rode_out);
  e.note = "a long note that trends never read";
  TrendEntry t = e;
  CHECK(t.kind == Kind::urge);
  CHECK(t.at == e.at);
  CHECK(t.substance == "alcohol");
  CHECK(t.intensity == 6);
  CHECK(t.outcome == Outcome::rode_out);
  CHECK(t.trigger == "after work");
  CHECK(t.feeling == "tired");
  CHECK(t.id.empty());  // only a reader that keeps the texts sets it
  CHECK(t.explained);   // the note says what was going on
  // Ten years of trends at 1M entries hold a million of these at once.
  CHECK(sizeof(TrendEntry) <= 96);
  CHECK(sizeof(TrendEntry) * 5 < sizeof(Entry));
}

TEST_CASE("trends: the default heavy day is the same grams in every country's drinks") {
  TrendsInput in = week_input();
  in.drinks.grams_per_drink = 8;  // UK units
  TrendsResult r = compute_trends(in);
  const SubstanceFigures& a = find(r.current, "alcohol");
  CHECK(*a.heavy_day_threshold == 7);  // 4 US drinks = 56 g = 7 UK units
}

TEST_CASE("trends: fed a row at a time in the store's order, the same figures as the list") {
  // As the reports feed it: the rows by time, the log's start known, where the rows start
  // not (the first row added), and the first weeks of the log loaded apart for the baseline.
  TrendsInput in = week_input();
  std::stable_sort(in.entries.begin(), in.entries.end(),
                   [](const TrendEntry& a, const TrendEntry& b) { return a.at < b.at; });
  in.first_weeks = {drinks("2026-10-01T12:00:00+02:00", 3, 12),
                    drinks("2026-10-08T20:00:00+02:00", 2, 9),
                    drinks("2026-11-08T20:00:00+01:00", 5, 30)};  // also among the rows
  const std::string want = trends_json(compute_trends(in));
  TrendsInput settings = in;
  settings.entries.clear();
  TrendsAccumulator acc(settings);
  for (const TrendEntry& e : in.entries) acc.add(e);
  TrendsResult r = std::move(acc).finish();
  CHECK(trends_json(r) == want);
  CHECK(r.has_money);
  // The unit of each substance is settled at the end: the blue pills in mg, logged most.
  CHECK(find(r.current, "blue pills").unit == "mg");
  CHECK(find(r.current, "blue pills").total == doctest::Approx(850));
}

TEST_CASE("trends: the changes over changes_fields rows of the period before are the same") {
  // review reads the period before only for the changes (Store::each_row, for_changes): a
  // generated 60 days and the 60 before, the earlier heavier, every field filled. The
  // changes over the earlier rows cut to changes_fields must be the changes over them whole,
  // and there must be many of them for that to say something.
  uint32_t seed = 20261201;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  TrendsInput in;
  in.zone = find_zone("Europe/Berlin");
  in.now = at("2026-11-20T12:00:00+01:00");
  in.period = {day("2026-09-22"), day("2026-11-20"), "last 60 days"};
  in.first_entry_at = at("2026-01-01T12:00:00+01:00");
  in.currency = "EUR";
  in.heavy_day = {{"cannabis", 0.5}};
  std::vector<Entry> entries;
  Instant start = at("2026-07-24T12:00:00+02:00");
  for (int d = 0; d < 120; ++d) {
    const bool before = d < 60;
    Instant noon = start + date::days{d};
    auto at_hour = [&](int h) { return noon + std::chrono::minutes{h * 60 + next(60)}; };
    for (uint32_t k = 0, n = next(before ? 6 : 4); k < n; ++k) {
      Entry e = next(3) ? drinks("2026-01-01T00:00:00Z", 1 + next(3), 4.5)
                        : use("2026-01-01T00:00:00Z", "alcohol", "alcohol", 330 + next(200),
                              "ml", std::nullopt, 4.0 + next(5));
      if (e.unit == "ml") e.beverage = next(2) ? "beer" : "cider";
      e.at = at_hour(6 + static_cast<int>(k));
      e.route = "oral";
      e.alone = next(2) == 0;
      e.tested = next(2) == 0;
      e.reason = next(4) ? "" : "to wind down";
      e.note = next(5) ? "" : "with the team";
      e.felt = static_cast<int>(1 + next(10));
      entries.push_back(e);
    }
    if (next(before ? 2 : 4) == 0) {
      Entry e = use("2026-01-01T00:00:00Z", "cannabis", "cannabis", 0.1 * (1 + next(8)), "g", 10);
      e.at = at_hour(9);
      e.route = next(2) ? "smoked" : "vaped";
      entries.push_back(e);
    }
    if (next(9) == 0) {
      Entry e = pills("2026-01-01T00:00:00Z", 100 + next(400), next(2) ? "mg" : "g");
      e.at = at_hour(2);
      entries.push_back(e);
    }
    if (next(3) == 0) {
      Entry e = urge("2026-01-01T00:00:00Z", next(2) ? "alcohol" : "cannabis",
                     static_cast<int>(before ? 5 + next(6) : next(8)), "work", "restless",
                     next(before ? 3 : 2) == 0 ? Outcome::used : Outcome::rode_out);
      e.at = at_hour(4);
      entries.push_back(e);
    }
    Entry m = mood("2026-01-01T00:00:00Z", static_cast<int>(before ? 2 + next(5) : 4 + next(6)));
    m.at = at_hour(1);
    m.felt = 3;
    entries.push_back(m);
  }
  const Instant period_start = day_begin(in.period.first, in.zone, in.days);
  TrendsInput cut = in;
  for (const Entry& e : entries) {
    in.entries.emplace_back(e);
    TrendEntry row(e);
    row.explained = !e.reason.empty() || !e.note.empty();
    cut.entries.push_back(e.at < period_start ? changes_fields(row) : row);
  }
  TrendsResult whole = compute_trends(in);
  TrendsResult trimmed = compute_trends(cut);
  CHECK(whole.changes.size() >= 6);
  CHECK(whole.changes == trimmed.changes);
}
