// Mood before and after a use, set and setting, plan experiments (reflect.hpp).
#include <doctest/doctest.h>

#include <random>

#include <fmt/format.h>

#include "ebb/util/json.hpp"
#include "ebb/core/reflect.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;
using ebb::test::plan_version;

namespace {

const Zone* berlin() { return find_zone("Europe/Berlin"); }

Entry drink(const std::string& when, double n) {
  return test::logged_use("", when, "alcohol", n, "drink");
}

Entry mood_at(const std::string& when, int score) {
  Entry e;
  e.kind = Kind::mood;
  e.at = at(when);
  e.score = score;
  return e;
}

TrendsInput input_for(const std::vector<Entry>& entries, const char* first, const char* last,
                      const char* now) {
  TrendsInput in;
  in.zone = berlin();
  in.now = at(now);
  in.period = {day(first), day(last), ""};
  in.first_entry_at = at("2026-10-01T12:00:00+02:00");
  for (const Entry& e : entries) in.entries.emplace_back(e);
  return in;
}

// The review of the same days, entries and settings as `in`.
ReviewResult review_like(const TrendsInput& in, const std::vector<Entry>& entries,
                         const std::vector<PlanVersion>& versions) {
  ReviewInput ri;
  ri.versions = versions;
  ri.entries = entries;
  ri.period = in.period;
  ri.zone = in.zone;
  ri.now = in.now;
  ri.first_entry_at = in.first_entry_at;
  return review_period(ri);
}

std::string fmt_day(int d) { return fmt::format("2026-11-{:02}", d); }

}  // namespace

TEST_CASE("after_use: a mood on each side pairs up; too few pairs give a count, not a mean") {
  std::vector<Entry> e;
  // Four evenings: a mood at 18:00, a drink at 19:00, a mood at 21:00.
  for (int d = 2; d <= 5; ++d) {
    e.push_back(mood_at(fmt_day(d) + "T18:00:00+01:00", 4));
    e.push_back(drink(fmt_day(d) + "T19:00:00+01:00", 2));
    e.push_back(mood_at(fmt_day(d) + "T21:00:00+01:00", 6));
  }
  TrendsInput in = input_for(e, "2026-11-02", "2026-11-08", "2026-11-08T12:00:00+01:00");
  TrendsResult r = compute_trends(in);
  AfterUse a = after_use(e, r.current, in.zone, in.days, std::nullopt);
  CHECK(a.uses == 4);
  CHECK(a.pairs == 4);
  CHECK_FALSE(a.before);  // 4 < kMinPairs
  CHECK_FALSE(a.after);
  auto lines = after_use_lines(a);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines[0].find("4 of 4 uses have a mood before and after; a mean needs 5") !=
        std::string::npos);

  // A fifth evening, where --mood-before and --felt on the use itself win over moods nearby.
  Entry u = drink("2026-11-06T19:00:00+01:00", 3);
  u.mood_before = 3;
  u.felt = 3;
  e.push_back(mood_at("2026-11-06T18:30:00+01:00", 9));
  e.push_back(u);
  in = input_for(e, "2026-11-02", "2026-11-08", "2026-11-08T12:00:00+01:00");
  r = compute_trends(in);
  a = after_use(e, r.current, in.zone, in.days, std::nullopt);
  CHECK(a.pairs == 5);
  REQUIRE(a.before);
  CHECK(*a.before == doctest::Approx((4 * 4 + 3) / 5.0));
  CHECK(*a.after == doctest::Approx((4 * 6 + 3) / 5.0));
  CHECK(a.higher == 4);
  CHECK(a.same == 1);
  CHECK(a.lower == 0);
  CHECK(after_use_lines(a)[0] == "Mood before a use 3.8, after 5.4, over 5 uses with a mood on "
                                 "both sides.");
}

TEST_CASE("after_use: a mood links to the nearest use only, within 3 hours") {
  std::vector<Entry> e = {
      drink("2026-11-03T19:00:00+01:00", 1), drink("2026-11-03T20:00:00+01:00", 1),
      drink("2026-11-03T21:00:00+01:00", 1),
      mood_at("2026-11-03T22:00:00+01:00", 7),   // after the 21:00 drink only
      drink("2026-11-04T12:00:00+01:00", 1),
      mood_at("2026-11-04T16:00:00+01:00", 5),   // 4 hours later: not linked
  };
  TrendsInput in = input_for(e, "2026-11-02", "2026-11-08", "2026-11-08T12:00:00+01:00");
  TrendsResult r = compute_trends(in);
  AfterUse a = after_use(e, r.current, in.zone, in.days, std::nullopt);
  CHECK(a.uses == 4);
  CHECK(a.with_after == 1);
  CHECK(a.with_before == 0);
  CHECK(a.pairs == 0);
}

TEST_CASE("after_use: mood the day after a use day and after a day off") {
  std::vector<Entry> e;
  // Nov 2-21: drinks on even days; a mood every morning (the day's own, not the night's).
  for (int d = 2; d <= 21; ++d) {
    if (d % 2 == 0) e.push_back(drink(fmt_day(d) + "T20:00:00+01:00", 3));
    e.push_back(mood_at(fmt_day(d) + "T09:00:00+01:00", d % 2 == 1 ? 4 : 7));
  }
  TrendsInput in = input_for(e, "2026-11-02", "2026-11-21", "2026-11-21T12:00:00+01:00");
  TrendsResult r = compute_trends(in);
  AfterUse a = after_use(e, r.current, in.zone, in.days, std::nullopt);
  // Odd days follow use days (mood 4), even days after the 2nd follow days off (mood 7).
  CHECK(a.day_after_use.n == 10);
  CHECK(a.day_after_off.n == 9);
  REQUIRE(a.day_after_use.mean);
  CHECK(*a.day_after_use.mean == doctest::Approx(4));
  CHECK(*a.day_after_off.mean == doctest::Approx(7));
  auto lines = after_use_lines(a);
  CHECK(lines.back() == "Mood the day after a use day 4 (10 moods); after a day off 7 (9 moods).");
  // The other substance filter sees no use days, so no day is "after a use day".
  a = after_use(e, compute_trends([&] {
                  auto i = in;
                  i.substance = "cannabis";
                  return i;
                }()).current,
                in.zone, in.days, std::string("cannabis"));
  CHECK(a.uses == 0);
  CHECK(a.day_after_use.n == 0);
}

TEST_CASE("setting_values: each key reads the use as the person logged it") {
  const DaySettings days;
  Entry u = drink("2026-11-03T19:00:00+01:00", 2);
  CHECK(setting_values(u, SettingKey::with, berlin(), days) ==
        std::vector<std::string>{"not said"});
  u.with_whom = "Sam, Jo ";
  CHECK(setting_values(u, SettingKey::with, berlin(), days) ==
        std::vector<std::string>{"Sam", "Jo"});
  CHECK(setting_values(u, SettingKey::alone, berlin(), days) ==
        std::vector<std::string>{"with others"});
  u.with_whom.clear();
  u.alone = true;
  CHECK(setting_values(u, SettingKey::with, berlin(), days) == std::vector<std::string>{"alone"});
  CHECK(setting_values(u, SettingKey::tested, berlin(), days) ==
        std::vector<std::string>{"not said"});
  u.tested = false;
  CHECK(setting_values(u, SettingKey::tested, berlin(), days) ==
        std::vector<std::string>{"not tested"});
  CHECK(setting_values(u, SettingKey::hour, berlin(), days) ==
        std::vector<std::string>{"started 17:00-20:59"});
  u.at = at("2026-11-04T01:30:00+01:00");  // after midnight, before the day starts: late
  CHECK(setting_values(u, SettingKey::hour, berlin(), days) ==
        std::vector<std::string>{"started 21:00 or later"});
  u.tags = {"backfill"};  // filled in afterwards: the hour isn't known
  CHECK(setting_values(u, SettingKey::hour, berlin(), days) == std::vector<std::string>{"not said"});
  SettingKey k{};
  CHECK(parse_setting_key("Where", &k));
  CHECK(k == SettingKey::where);
  CHECK_FALSE(parse_setting_key("week", &k));
}

TEST_CASE("by_setting: amounts per use day from the trends' days, within plan from the review") {
  std::vector<Entry> e;
  auto add = [&](int d, const char* time, double n, const char* with, bool alone = false) {
    Entry u = drink(fmt_day(d) + "T" + time + "+01:00", n);
    u.with_whom = with;
    if (alone) u.alone = true;
    e.push_back(u);
  };
  add(2, "19:00:00", 2, "Sam");
  add(4, "19:00:00", 2, "sam");  // the same person, written lower case
  add(5, "20:00:00", 5, "", true);
  add(6, "19:00:00", 1, "Sam");
  add(6, "23:00:00", 3, "", true);  // Sam, then alone: the day (4 drinks) counts under both
  add(7, "21:00:00", 2, "");
  TrendsInput in = input_for(e, "2026-11-02", "2026-11-08", "2026-11-08T12:00:00+01:00");
  TrendsResult r = compute_trends(in);

  std::vector<PlanVersion> versions = {
      plan_version(1, "2026-10-20T10:00:00+02:00", "[alcohol]\nmax_per_day = 3\n")};
  ReviewResult review = review_like(in, e, versions);

  SettingResult s = by_setting(SettingKey::with, r.current, e, in.zone, in.days, review.days,
                               std::nullopt);
  REQUIRE(s.substances.size() == 1);
  const SettingSubstance& a = s.substances[0];
  CHECK(a.unit == "drink");
  CHECK(a.shared_days == 1);
  REQUIRE(a.values.size() == 3);
  CHECK(a.values[0].value == "Sam");
  CHECK(a.values[0].use_days == 3);
  CHECK(*a.values[0].amount_per_use_day == doctest::Approx((2 + 2 + 4) / 3.0));
  CHECK(a.values[0].heavy_days == 1);  // the 6th: 4 drinks, the default threshold
  CHECK(a.values[0].plan_days == 3);
  CHECK(a.values[0].within_plan == 2);
  CHECK(a.values[1].value == "alone");
  CHECK(a.values[1].use_days == 2);
  CHECK(*a.values[1].amount_per_use_day == doctest::Approx(4.5));
  CHECK(a.values[1].within_plan == 0);
  CHECK(a.values[2].value == "not said");  // always last

  std::string text = render_setting(s, false);
  CHECK(text.find("Per use day: with Sam: 2.7 drinks; alone: 4.5 drinks.") != std::string::npos);
  CHECK(text.find("1 day had more than one.") != std::string::npos);
  CHECK(ebb::test::voice_problem(text).empty());
  JsonWriter w(false);
  write_setting_json(w, s);
  CHECK(w.str().find("\"value\":\"Sam\",\"use_days\":3,\"days_with_amount\":3,"
                     "\"amount_per_use_day\":2.67") != std::string::npos);

  // Days off and days with no use are in no group; each group is a subset of the use days.
  int sum = 0;
  for (const auto& v : a.values) sum += v.use_days;
  CHECK(sum - a.shared_days == r.current.substances[0].use_days);
}

TEST_CASE("plan experiments: the trends' measures over the days of each version") {
  std::vector<Entry> e;
  // v1 (Nov 2-8): 4 drinks on five days. v2 saved on the 9th (days off Mon, Tue): 2 drinks
  // on four days.
  for (int d = 2; d <= 6; ++d) e.push_back(drink(fmt_day(d) + "T20:00:00+01:00", 4));
  for (int d : {11, 12, 13, 14}) e.push_back(drink(fmt_day(d) + "T20:00:00+01:00", 2));
  std::vector<PlanVersion> versions = {
      plan_version(1, "2026-11-01T10:00:00+01:00", "[alcohol]\nmax_per_day = 4\n"),
      plan_version(2, "2026-11-09T10:00:00+01:00",
                   "[alcohol]\nmax_per_day = 3\ndays_off = [\"mon\", \"tue\"]\n")};
  TrendsInput in = input_for(e, "2026-11-02", "2026-11-15", "2026-11-15T12:00:00+01:00");
  ReviewResult review = review_like(in, e, versions);

  auto runs = plan_runs(review.days);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].first == day("2026-11-02"));
  CHECK(runs[0].last == day("2026-11-08"));
  CHECK(runs[1].first == day("2026-11-09"));

  auto s = plan_stretches(review, versions, in);
  REQUIRE(s.size() == 2);
  REQUIRE(s[0].figures.substances.size() == 1);
  CHECK(*s[0].figures.substances[0].amount_per_use_day == doctest::Approx(4));
  CHECK(s[0].figures.substances[0].use_days == 5);
  CHECK(s[0].within_plan == 7);
  CHECK(*s[1].figures.substances[0].amount_per_use_day == doctest::Approx(2));
  CHECK(s[1].figures.days_off == 2);  // Mon, Tue; today (Sun) is still open
  CHECK(s[1].within_plan == 6);
  // The same computation as trends over those days.
  TrendsInput v2 = in;
  v2.period = {day("2026-11-09"), day("2026-11-15"), ""};
  CHECK(compute_trends(v2).current.substances[0].total == s[1].figures.substances[0].total);

  std::string text = render_plan_stretches(s, false);
  CHECK(text.find("v2 (alcohol: ") != std::string::npos);
  CHECK(text.find("alcohol 4 -> 2 drinks per use day") != std::string::npos);
  CHECK(ebb::test::voice_problem(text).empty());

  auto p = plan_version_period(versions, 1, in.zone, in.days, day("2026-11-15"));
  REQUIRE(p);
  CHECK(p->first == day("2026-11-01"));
  CHECK(p->last == day("2026-11-08"));
  p = plan_version_period(versions, 2, in.zone, in.days, day("2026-11-15"));
  REQUIRE(p);
  CHECK(p->last == day("2026-11-15"));
  CHECK_FALSE(plan_version_period(versions, 3, in.zone, in.days, day("2026-11-15")));
  // Replaced the day it was saved: never in force.
  versions.push_back(plan_version(3, "2026-11-09T18:00:00+01:00", "[alcohol]\nmax_per_day = 2\n"));
  CHECK_FALSE(plan_version_period(versions, 2, in.zone, in.days, day("2026-11-15")));
}

TEST_CASE("after_use: the nearest mood on each side, at the use's own time counting as before") {
  // A mood at the moment of the use is the mood before it; of two moods before, the later;
  // a mood past the window, or past the next use, links to nothing.
  std::vector<Entry> e = {
      mood_at("2026-11-02T17:00:00+01:00", 2), mood_at("2026-11-02T19:00:00+01:00", 5),
      drink("2026-11-02T19:00:00+01:00", 1),   mood_at("2026-11-02T20:00:00+01:00", 7),
      drink("2026-11-03T19:00:00+01:00", 1),   drink("2026-11-03T20:00:00+01:00", 1),
      mood_at("2026-11-03T21:00:00+01:00", 8), drink("2026-11-04T09:00:00+01:00", 1),
      mood_at("2026-11-05T09:00:00+01:00", 3)};
  TrendsInput in = input_for(e, "2026-11-02", "2026-11-08", "2026-11-08T12:00:00+01:00");
  TrendsResult r = compute_trends(in);
  AfterUse a = after_use(e, r.current, in.zone, in.days, std::nullopt);
  CHECK(a.uses == 4);
  // 2nd 19:00: 5 (same time) before, 7 after. 3rd 19:00: the mood before is a day old and
  // the one after comes after the next use: neither. 3rd 20:00: 8 after. 4th 09:00: the
  // moods on either side are 12 and 24 hours away: neither.
  CHECK(a.with_before == 1);
  CHECK(a.pairs == 1);
  CHECK(a.higher == 1);
  CHECK(a.with_after == 2);
}

namespace {

// after_use as it was before it streamed: every use and mood held, by time, each use's moods
// found by search. The oracle for the collector below.
AfterUse after_use_held(std::span<const Entry> entries, const PeriodFigures& current,
                        const Zone* zone) {
  AfterUse a;
  std::vector<const Entry*> uses, moods;
  for (const Entry& e : entries) {
    if (e.kind == Kind::use) uses.push_back(&e);
    else if (e.kind == Kind::mood && e.score) moods.push_back(&e);
  }
  auto by_time = [](const Entry* x, const Entry* y) { return x->at < y->at; };
  std::stable_sort(uses.begin(), uses.end(), by_time);
  std::stable_sort(moods.begin(), moods.end(), by_time);
  auto index = [&](Instant t) {
    auto i = (logical_day(t, zone, DaySettings{}) - current.first).count();
    return (i >= 0 && i < current.days) ? static_cast<int>(i) : -1;
  };
  double before_sum = 0, after_sum = 0;
  for (size_t u = 0; u < uses.size(); ++u) {
    const Entry& use = *uses[u];
    if (index(use.at) < 0) continue;
    ++a.uses;
    bool has_before = use.mood_before.has_value(), has_after = use.felt.has_value();
    int before = use.mood_before.value_or(0), after = use.felt.value_or(0);
    Instant prev_use = u > 0 ? uses[u - 1]->at : Instant::min();
    Instant next_use = u + 1 < uses.size() ? uses[u + 1]->at : Instant::max();
    auto first_after = std::upper_bound(moods.begin(), moods.end(), use.at,
                                        [](Instant t, const Entry* m) { return t < m->at; });
    if (!has_before && first_after != moods.begin()) {
      const Entry& m = **(first_after - 1);
      if (m.at >= use.at - kMoodLinkWindow && m.at >= prev_use) {
        has_before = true;
        before = *m.score;
      }
    }
    if (!has_after && first_after != moods.end()) {
      const Entry& m = **first_after;
      if (m.at <= use.at + kMoodLinkWindow && m.at < next_use) {
        has_after = true;
        after = *m.score;
      }
    }
    if (has_before) ++a.with_before;
    if (has_after) ++a.with_after;
    if (!has_before || !has_after) continue;
    ++a.pairs;
    before_sum += before;
    after_sum += after;
    if (after > before) ++a.higher;
    else if (after < before) ++a.lower;
    else ++a.same;
  }
  a.before = a.pairs >= kMinPairs ? std::optional<double>(before_sum / a.pairs) : std::nullopt;
  a.after = a.pairs >= kMinPairs ? std::optional<double>(after_sum / a.pairs) : std::nullopt;
  double use_sum = 0, off_sum = 0;
  for (const Entry* m : moods) {
    int i = index(m->at);
    if (i <= 0) continue;
    DayState st = current.daily_state[static_cast<size_t>(i - 1)];
    if (st == DayState::used) {
      use_sum += *m->score;
      ++a.day_after_use.n;
    } else if (st == DayState::off) {
      off_sum += *m->score;
      ++a.day_after_off.n;
    }
  }
  auto mean = [](double sum, int n) {
    return n >= kMinPairs ? std::optional<double>(sum / n) : std::nullopt;
  };
  a.day_after_use.mean = mean(use_sum, a.day_after_use.n);
  a.day_after_off.mean = mean(off_sum, a.day_after_off.n);
  return a;
}

}  // namespace

TEST_CASE("after_use streamed: the same as every use and mood held, ties and gaps included") {
  // Three weeks of uses and moods on a half-hour grid, many at the same moment, some uses
  // with their own moods, some moods without a score, in the store's order (by time).
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    std::mt19937 rng(seed);
    std::vector<Entry> e;
    const Instant start = at("2026-10-20T00:00:00+02:00");
    const int steps = 21 * 48;
    const int n = 40 + static_cast<int>(rng() % 200);
    for (int k = 0; k < n; ++k) {
      Instant t = start + std::chrono::minutes(30 * static_cast<int>(rng() % steps));
      if (rng() % 2) {
        Entry u = drink("2026-10-20T00:00:00+02:00", 1);
        u.at = t;
        if (rng() % 5 == 0) u.mood_before = static_cast<int>(rng() % 10) + 1;
        if (rng() % 5 == 0) u.felt = static_cast<int>(rng() % 10) + 1;
        e.push_back(u);
      } else {
        Entry m;
        m.kind = Kind::mood;
        m.at = t;
        if (rng() % 6) m.score = static_cast<int>(rng() % 10) + 1;
        e.push_back(m);
      }
    }
    std::stable_sort(e.begin(), e.end(), [](const Entry& x, const Entry& y) { return x.at < y.at; });
    TrendsInput in = input_for(e, "2026-10-27", "2026-11-09", "2026-11-12T12:00:00+01:00");
    TrendsResult r = compute_trends(in);
    AfterUse want = after_use_held(e, r.current, in.zone);
    AfterUse got = after_use(e, r.current, in.zone, in.days, std::nullopt);
    CAPTURE(seed);
    CHECK(got.uses == want.uses);
    CHECK(got.with_before == want.with_before);
    CHECK(got.with_after == want.with_after);
    CHECK(got.pairs == want.pairs);
    CHECK(got.higher == want.higher);
    CHECK(got.same == want.same);
    CHECK(got.lower == want.lower);
    CHECK(got.before == want.before);
    CHECK(got.after == want.after);
    CHECK(got.day_after_use.n == want.day_after_use.n);
    CHECK(got.day_after_off.n == want.day_after_off.n);
    CHECK(got.day_after_use.mean == want.day_after_use.mean);
    CHECK(got.day_after_off.mean == want.day_after_off.mean);
  }
}
