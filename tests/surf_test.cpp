// Urge surfing and back-fill: the pure parts (surf.hpp).
#include <doctest/doctest.h>

#include "ebb/core/surf.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

TEST_CASE("surf: ratings are whole numbers 0-10") {
  CHECK(parse_rating(" 7 ") == 7);
  CHECK(parse_rating("0") == 0);
  CHECK(parse_rating("10") == 10);
  CHECK_FALSE(parse_rating("11"));
  CHECK_FALSE(parse_rating("-1"));
  CHECK_FALSE(parse_rating("6.5"));
  CHECK_FALSE(parse_rating(""));
  CHECK_FALSE(parse_rating("seven"));
}

TEST_CASE("surf: the wave is a bar as long as the rating") {
  CHECK(wave_line(4, 6, false) == "   4 min  ######....  6");
  CHECK(wave_line(0, 0, false) == "   0 min  ..........  0");
  CHECK(wave_line(12, 10, true) ==
        "  12 min  \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588  10");
}

TEST_CASE("surf: the session becomes one urge entry") {
  SurfSession s;
  Entry e;
  CHECK_FALSE(surf_entry(s, &e));
  CHECK(surf_summary(s) == "Nothing was saved: there was no rating yet.");

  s.ratings = {8, 9, 6, 3};
  s.seconds = 20 * 60 + 10;
  s.outcome = Outcome::rode_out;
  s.answers = {"a call from my brother", "", "just one, you deserve it"};
  REQUIRE(surf_entry(s, &e));
  CHECK(e.kind == Kind::urge);
  CHECK(e.intensity == 8);
  CHECK(e.intensity_after == 3);
  CHECK(e.minutes == 20);
  CHECK(e.outcome == Outcome::rode_out);
  CHECK(e.trigger == "a call from my brother");
  CHECK(e.wanted.empty());
  CHECK(e.note == "it would say: just one, you deserve it");
  CHECK(e.tags == std::vector<std::string>{"surf"});
  CHECK(surf_summary(s) == "You rode out an urge: it went from 8 to 3 over 20 minutes.");

  // Cut short with Ctrl-C after one rating: what there is is saved, with no verdict.
  SurfSession cut;
  cut.ratings = {7};
  cut.seconds = 40;
  cut.interrupted = true;
  Entry c;
  REQUIRE(surf_entry(cut, &c));
  CHECK(c.intensity == 7);
  CHECK_FALSE(c.intensity_after);
  CHECK(c.minutes == 1);
  CHECK(c.outcome == Outcome::none);
  CHECK(surf_summary(cut) == "You noticed an urge at 7/10.");

  SurfSession up;
  up.ratings = {5, 7};
  up.outcome = Outcome::used;
  CHECK(surf_summary(up) == "The urge went from 5 to 7. Noticing it is part of it; it's saved.");
  for (const auto& q : surf_questions()) CHECK(ebb::test::voice_problem(q).empty());
  for (const auto& t : {surf_summary(s), surf_summary(cut), surf_summary(up)})
    CHECK(ebb::test::voice_problem(t).empty());
}

TEST_CASE("backfill: the days before today, oldest first, with anchors") {
  const Zone* z = find_zone("Europe/Berlin");
  std::vector<Entry> logged = {
      test::logged_use("A", "2026-11-14T21:00:00+01:00", "beer", 4, "drink"),
      test::logged_use("B", "2026-11-20T10:00:00+01:00", "beer", 1, "drink"),  // today
  };
  Entry none;
  none.kind = Kind::none;
  none.at = at("2026-11-17T16:00:00+01:00");
  logged.push_back(none);
  Entry mood;
  mood.kind = Kind::mood;
  mood.score = 5;
  mood.at = at("2026-11-18T16:00:00+01:00");
  logged.push_back(mood);
  auto days = backfill_days(logged, z, {}, day("2026-11-20"), 7);
  REQUIRE(days.size() == 7);
  CHECK(days.front().day == day("2026-11-13"));
  CHECK(days.back().day == day("2026-11-19"));
  CHECK(days[1].label == "sat 2026-11-14 (weekend)");
  CHECK(days[1].has_use_or_none);
  REQUIRE(days[1].logged.size() == 1);
  CHECK(days[1].logged[0].find("4 drinks") != std::string::npos);
  CHECK(days[4].has_use_or_none);        // the none
  CHECK_FALSE(days[5].has_use_or_none);  // a mood only: still asked about
  CHECK(days[0].label == "fri 2026-11-13");
}

TEST_CASE("backfill: what is typed for a day") {
  std::string err;
  auto a = parse_backfill_answer("", &err);
  REQUIRE(a);
  CHECK(a->kind == BackfillAnswer::Kind::skip);
  for (const char* n : {"0", "none", "Nothing"}) {
    a = parse_backfill_answer(n, &err);
    REQUIRE(a);
    CHECK(a->kind == BackfillAnswer::Kind::nothing);
  }
  CHECK(parse_backfill_answer("q", &err)->kind == BackfillAnswer::Kind::stop);
  a = parse_backfill_answer("beer 3, weed 0,5 g, magic mushrooms", &err);
  REQUIRE(a);
  CHECK(a->kind == BackfillAnswer::Kind::uses);
  REQUIRE(a->items.size() == 3);
  CHECK(a->items[0].substance == "beer");
  CHECK(a->items[0].amount == "3");
  CHECK(a->items[1].substance == "weed");
  CHECK(a->items[1].amount == "0,5");
  CHECK(a->items[1].unit == "g");
  CHECK(a->items[2].substance == "magic mushrooms");
  CHECK(a->items[2].amount.empty());
  CHECK_FALSE(parse_backfill_answer("3 beers", &err));
  CHECK(err == "\"3 beers\" needs a name first, like \"beer 3\" or \"weed 0.5 g\".");
}
