#include <doctest/doctest.h>

#include "ebb/exchange/calendar_files.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/review.hpp"

using namespace ebb;

TEST_CASE("ics: lines fold at 75 octets with CRLF and a space, never inside a character") {
  CHECK(ics_line("SUMMARY:short") == "SUMMARY:short\r\n");
  std::string longline = "DESCRIPTION:" + std::string(100, 'a');
  std::string folded = ics_line(longline);
  CHECK(folded == "DESCRIPTION:" + std::string(63, 'a') + "\r\n " + std::string(37, 'a') + "\r\n");
  // Each physical line is at most 75 octets, the space included.
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find("\r\n", start);
    CHECK(end - start <= 75);
    start = end + 2;
  }
  // "ä" is two octets: a fold that would split it moves before it.
  std::string umlauts = "X:" + std::string(72, 'a') + "\xC3\xA4\xC3\xA4";
  std::string f = ics_line(umlauts);
  CHECK(f == "X:" + std::string(72, 'a') + "\r\n \xC3\xA4\xC3\xA4\r\n");
  CHECK(ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
}

TEST_CASE("ics: a plan's days off and review date as all-day events with stable UIDs") {
  PlanVersion v;
  REQUIRE(parse_rfc3339("2026-11-20T20:30:00Z", &v.saved_at));
  v.text = "why = \"sleep, and be there\"\nreview_on = 2026-12-20\n[alcohol]\ndays_off = [\"sat\"]\n";
  PlanError perr;
  REQUIRE(parse_plan(v.text, &v.plan, &perr));
  const Zone* zone = find_zone("Europe/Berlin");
  std::string ics = plan_ics(v, zone);
  CHECK(ics.find("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") == 0);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261121\r\nDTEND;VALUE=DATE:20261122\r\n"
                 "RRULE:FREQ=WEEKLY;BYDAY=SA\r\nSUMMARY:Day off: alcohol\r\n"
                 "DESCRIPTION:Your reasons: sleep\\, and be there\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261220\r\n") != std::string::npos);
  CHECK(ics.find("DTSTAMP:20261120T203000Z\r\n") != std::string::npos);
  CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");
  CHECK(plan_ics(v, zone) == ics);  // the same plan, the same file, the same UIDs
}

TEST_CASE("ics: each dated stage begins with an event, and the days off follow the stage") {
  PlanVersion v;
  REQUIRE(parse_rfc3339("2026-11-20T20:30:00Z", &v.saved_at));
  v.text = "[alcohol]\nmax_per_day = 4\ndays_off = [\"mon\"]\n"
           "[[alcohol.stage]]\nfrom = 2027-01-01\nmax_per_day = 3\ndays_off = [\"mon\", \"tue\"]\n";
  PlanError perr;
  REQUIRE(parse_plan(v.text, &v.plan, &perr));
  std::string ics = plan_ics(v, find_zone("Europe/Berlin"));
  // Mondays off until the day before the stage, then Mondays and Tuesdays from it.
  CHECK(ics.find("DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124\r\n"
                 "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20270104\r\nDTEND;VALUE=DATE:20270105\r\n"
                 "RRULE:FREQ=WEEKLY;BYDAY=MO,TU\r\n") != std::string::npos);
  auto begins = ics.find("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\n"
                         "SUMMARY:Plan stage begins: alcohol\r\n");
  REQUIRE(begins != std::string::npos);
  CHECK(ics.find("up to 3", begins) != std::string::npos);
  // Without stages, the days-off event keeps the id it had before stages existed.
  PlanVersion plain = v;
  plain.plan.substances.front().stages.clear();
  std::string before = plan_ics(plain, find_zone("Europe/Berlin"));
  auto uid = [](const std::string& text) { return text.substr(text.find("UID:"), 40); };
  CHECK(uid(before) == uid(ics));
}

TEST_CASE("tlfb: a row per counted day and substance, zeros on days without it") {
  using date::days;
  LocalDay d1 = date::local_days{date::year{2026} / 11 / 16};
  ReviewResult r;
  // Untracked, three counted days, today still open.
  DayState states[] = {DayState::untracked, DayState::off, DayState::used, DayState::used,
                       DayState::open};
  for (int i = 0; i < 5; ++i) {
    ReviewDay day;
    day.date = d1 + days{i};
    day.state = states[i];
    r.days.push_back(day);
  }
  SubstanceSummary beer;
  beer.name = "alcohol";
  beer.unit = "drink";
  beer.uses = 3;
  // Given out of date order: the rows still follow the days.
  beer.days = {{d1 + days{3}, 1.5, 1, 0}, {d1 + days{2}, 2, 2, 1}, {d1 + days{4}, 1, 1, 0}};
  SubstanceSummary ket;
  ket.name = "ketamine";
  ket.unit = "mg";
  ket.uses = 1;
  ket.days = {{d1 + days{3}, 30, 1, 0}};
  SubstanceSummary cls;  // a class the plan names, never used itself: no rows
  cls.name = "stimulants";
  cls.is_class = true;
  r.substances = {ket, beer, cls};
  CHECK(tlfb_csv(r) ==
        "date,substance,amount,unit,uses,uses_without_amount\r\n"
        "2026-11-17,alcohol,0,drink,0,0\r\n"
        "2026-11-17,ketamine,0,mg,0,0\r\n"
        "2026-11-18,alcohol,2,drink,2,1\r\n"
        "2026-11-18,ketamine,0,mg,0,0\r\n"
        "2026-11-19,alcohol,1.5,drink,1,0\r\n"
        "2026-11-19,ketamine,30,mg,1,0\r\n");
}
