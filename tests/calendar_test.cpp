#include <doctest/doctest.h>

#include "test_support.hpp"

#include <string>
#include <vector>

#include "ebb/core/calendar.hpp"
#include "ebb/util/sink.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

Entry use(std::string_view when, std::string substance, std::string cls,
          std::optional<double> amount = std::nullopt, std::string unit = "",
          std::optional<double> abv = std::nullopt) {
  Entry e;
  e.kind = Kind::use;
  e.at = at(when);
  e.substance = std::move(substance);
  e.substance_class = std::move(cls);
  e.amount = amount;
  e.unit = std::move(unit);
  e.abv = abv;
  return e;
}

Entry urge(std::string_view when, std::string substance, std::string cls) {
  Entry e;
  e.kind = Kind::urge;
  e.at = at(when);
  e.substance = std::move(substance);
  e.substance_class = std::move(cls);
  e.intensity = 6;
  return e;
}

Entry alcohol(std::string_view when, std::optional<double> amount, std::string unit = "drink",
              std::optional<double> abv = std::nullopt) {
  return use(when, "alcohol", "alcohol", amount, std::move(unit), abv);
}

// November 2026 in Berlin, today the 20th. Nov 1 is a Sunday.
CalendarInput november() {
  CalendarInput in;
  in.zone = find_zone("Europe/Berlin");
  in.month = date::year{2026} / date::November;
  in.now = at("2026-11-20T12:00:00+01:00");
  in.first_entry_at = at("2026-01-05T12:00:00+01:00");  // the log started long before
  in.entries = {
      alcohol("2026-11-02T20:00:00+01:00", 2),
      alcohol("2026-11-03T01:30:00+01:00", 1),  // before 04:00: still the 2nd
      alcohol("2026-11-06T21:00:00+01:00", 500, "ml", 5.0),  // 19.725 g / 14 = 1.41 drinks
      urge("2026-11-10T22:00:00+01:00", "alcohol", "alcohol"),
      alcohol("2026-11-12T21:00:00+01:00", std::nullopt, ""),
      alcohol("2026-11-14T21:00:00+01:00", 6.5),
      urge("2026-11-16T18:00:00+01:00", "alcohol", "alcohol"),
      alcohol("2026-11-16T20:00:00+01:00", 1),
      alcohol("2026-11-20T19:00:00+01:00", 2),   // today, later than now: still today
      alcohol("2026-11-25T19:00:00+01:00", 3),   // after today: not drawn
      alcohol("2026-10-31T20:00:00+01:00", 9),   // another month
  };
  return in;
}

}  // namespace

TEST_CASE("calendar: days, amounts and marks for one substance") {
  CalendarResult r = compute_calendar(november());
  REQUIRE(r.days.size() == 30);
  CHECK(r.amounts);
  CHECK(r.amount_substance == "alcohol");
  CHECK(r.unit == "drink");
  CHECK(format_day(r.today) == "2026-11-20");
  CHECK(r.days[1].amount == doctest::Approx(3.0));
  CHECK(r.days[1].uses == 2);
  CHECK_FALSE(r.days[2].used);
  CHECK(*r.days[5].amount == doctest::Approx(500 * 5 / 100.0 * 0.789 / 14));
  CHECK(r.days[9].urge);
  CHECK_FALSE(r.days[9].used);
  CHECK(r.days[11].used);
  CHECK_FALSE(r.days[11].amount.has_value());
  CHECK(r.days[15].used);
  CHECK(r.days[15].urge);
  CHECK(r.days[19].amount == doctest::Approx(2.0));
  CHECK(r.days[20].future);
  CHECK(r.days[24].future);
  CHECK_FALSE(r.days[24].used);
  CHECK(r.use_days == 6);
  CHECK(r.days_off == 14);
  CHECK(r.urge_only_days == 1);
}

TEST_CASE("calendar: UTF-8 render of a month, Monday first") {
  std::string expected =
      "November 2026: alcohol, drinks per day\n"
      "Mon       Tue       Wed       Thu       Fri       Sat       Sun\n"
      "                                                             1 ·\n"
      " 2 3       3 ·       4 ·       5 ·       6 1.4     7 ·       8 ·\n"
      " 9 ·      10 ~      11 ·      12 ●      13 ·      14 6.5    15 ·\n"
      "16 1      17 ·      18 ·      19 ·      20 2      21        22\n"
      "23        24        25        26        27        28        29\n"
      "30\n"
      "· day off   ~ urge only   ● use, amount not logged   numbers: drinks\n"
      "6 days with use, 14 days off (1 with an urge).\n";
  CHECK(render_calendar(compute_calendar(november()), {true, false}) == expected);
}

TEST_CASE("calendar: ASCII render of the same month") {
  std::string expected =
      "November 2026: alcohol, drinks per day\n"
      "Mon       Tue       Wed       Thu       Fri       Sat       Sun\n"
      "                                                             1 .\n"
      " 2 3       3 .       4 .       5 .       6 1.4     7 .       8 .\n"
      " 9 .      10 ~      11 .      12 *      13 .      14 6.5    15 .\n"
      "16 1      17 .      18 .      19 .      20 2      21        22\n"
      "23        24        25        26        27        28        29\n"
      "30\n"
      ". day off   ~ urge only   * use, amount not logged   numbers: drinks\n"
      "6 days with use, 14 days off (1 with an urge).\n";
  std::string text = render_calendar(compute_calendar(november()), {false, false});
  CHECK(text == expected);
  for (unsigned char c : text) CHECK(c < 0x80);
}

TEST_CASE("calendar: colour, with today underlined") {
  const std::string off = "\x1b[32m·\x1b[0m";
  const std::string urge = "\x1b[36m~\x1b[0m";
  auto bold = [](std::string s) { return "\x1b[1m" + s + "\x1b[0m"; };
  std::string expected =
      "\x1b[1mNovember 2026: alcohol, drinks per day\x1b[0m\n"
      "Mon       Tue       Wed       Thu       Fri       Sat       Sun\n"
      "                                                             1 " + off + "\n"
      " 2 " + bold("3") + "       3 " + off + "       4 " + off + "       5 " + off +
      "       6 " + bold("1.4") + "     7 " + off + "       8 " + off + "\n"
      " 9 " + off + "      10 " + urge + "      11 " + off + "      12 " + bold("●") +
      "      13 " + off + "      14 " + bold("6.5") + "    15 " + off + "\n"
      "16 " + bold("1") + "      17 " + off + "      18 " + off + "      19 " + off +
      "      \x1b[4m20\x1b[0m " + bold("2") + "      21        22\n"
      "23        24        25        26        27        28        29\n"
      "30\n" +
      off + " day off   " + urge + " urge only   " + bold("●") +
      " use, amount not logged   numbers: drinks\n"
      "6 days with use, 14 days off (1 with an urge).\n";
  // The renderer marks its colours; the sink makes them SGR sequences.
  CHECK(terminal_text(render_calendar(compute_calendar(november()), {true, true}), true) ==
        expected);
}

TEST_CASE("calendar: Sunday first, a past month with nothing logged fills four rows") {
  CalendarInput in;
  in.zone = find_zone("Europe/Berlin");
  in.month = date::year{2026} / date::February;  // Feb 1 2026 is a Sunday
  in.days.week_start = date::Sunday;
  in.now = at("2026-11-20T12:00:00+01:00");
  in.first_entry_at = at("2026-01-05T12:00:00+01:00");  // the log started long before
  CalendarResult r = compute_calendar(in);
  CHECK(r.days.size() == 28);
  CHECK_FALSE(r.amounts);
  std::string expected =
      "February 2026\n"
      "Sun       Mon       Tue       Wed       Thu       Fri       Sat\n"
      " 1 .       2 .       3 .       4 .       5 .       6 .       7 .\n"
      " 8 .       9 .      10 .      11 .      12 .      13 .      14 .\n"
      "15 .      16 .      17 .      18 .      19 .      20 .      21 .\n"
      "22 .      23 .      24 .      25 .      26 .      27 .      28 .\n"
      ". day off   ~ urge only   * use\n"
      "0 days with use, 28 days off.\n";
  CHECK(render_calendar(r, {false, false}) == expected);
}

TEST_CASE("calendar: several substances show marks, a filter brings amounts back") {
  CalendarInput in = november();
  in.entries.push_back(use("2026-11-03T15:00:00+01:00", "cannabis", "cannabinoid", 0.5, "g"));
  CalendarResult all = compute_calendar(in);
  CHECK_FALSE(all.amounts);
  CHECK(all.unit.empty());
  CHECK_FALSE(all.days[1].amount.has_value());
  CHECK(all.days[2].substances == std::vector<std::string>{"cannabis"});
  CHECK(all.use_days == 7);
  std::string text = render_calendar(all, {false, false});
  CHECK(text.find(" 2 *       3 *       4 .") != std::string::npos);
  CHECK(text.find(". day off   ~ urge only   * use\n") != std::string::npos);

  in.substance = "cannabis";
  CalendarResult weed = compute_calendar(in);
  CHECK(weed.amounts);
  CHECK(weed.amount_substance == "cannabis");
  CHECK(weed.unit == "g");  // the catalog's usual unit for cannabis
  CHECK(weed.days[2].amount == doctest::Approx(0.5));
  CHECK(weed.use_days == 1);
  CHECK(weed.urge_only_days == 0);  // the urges were about alcohol
}

TEST_CASE("calendar: days follow the person's day across the autumn DST change") {
  CalendarInput in;
  in.zone = find_zone("Europe/Berlin");
  in.month = date::year{2026} / date::October;
  in.now = at("2026-11-20T12:00:00+01:00");
  in.first_entry_at = at("2026-01-05T12:00:00+01:00");  // the log started long before
  in.entries = {
      alcohol("2026-10-25T02:30:00+02:00", 1),  // first 02:30, before the clocks go back
      alcohol("2026-10-25T02:30:00+01:00", 1),  // second 02:30
      alcohol("2026-10-25T03:59:00+01:00", 1),
      alcohol("2026-10-25T04:00:00+01:00", 1),
  };
  CalendarResult r = compute_calendar(in);
  CHECK(r.days[23].amount == doctest::Approx(3.0));  // Oct 24
  CHECK(r.days[24].amount == doctest::Approx(1.0));  // Oct 25
  CHECK(r.use_days == 2);
  CHECK(r.days_off == 29);
}

TEST_CASE("calendar: JSON") {
  CalendarResult r = compute_calendar(november());
  std::string json = calendar_json(r, false);
  CHECK(json.find("\"month\":\"2026-11\",\"substance\":null,\"amount_substance\":\"alcohol\","
                  "\"unit\":\"drink\",\"week_start\":\"monday\",\"today\":\"2026-11-20\","
                  "\"use_days\":6,\"days_off\":14,\"urge_only_days\":1,\"untracked_days\":0,"
                  "\"uncounted_uses\":0,\"days\":[") == 1);
  CHECK(json.find("{\"date\":\"2026-11-02\",\"future\":false,\"state\":\"used\",\"used\":true,"
                  "\"urge\":false,\"uses\":2,\"uncounted\":0,\"amount\":3,\"substances\":[\"alcohol\"]}") != std::string::npos);
  CHECK(json.find("{\"date\":\"2026-11-06\",\"future\":false,\"state\":\"used\",\"used\":true,"
                  "\"urge\":false,\"uses\":1,\"uncounted\":0,\"amount\":1.41,\"substances\":[\"alcohol\"]}") != std::string::npos);
  CHECK(json.find("{\"date\":\"2026-11-12\",\"future\":false,\"state\":\"used\",\"used\":true,"
                  "\"urge\":false,\"uses\":1,\"uncounted\":0,\"amount\":null,\"substances\":[\"alcohol\"]}") != std::string::npos);
  CHECK(json.find("{\"date\":\"2026-11-25\",\"future\":true,\"state\":\"untracked\",\"used\":false,"
                  "\"urge\":false,\"uses\":0,\"uncounted\":0,\"amount\":null,\"substances\":[]}") != std::string::npos);
}
