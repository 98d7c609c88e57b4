#include <doctest/doctest.h>

#include "ebb/core/catalog.hpp"
#include "ebb/exchange/report.hpp"
#include "ebb/core/reminders.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

Entry use(const char* id, const char* when, const char* substance, double amount, const char* unit) {
  Entry e;
  e.id = id;
  e.kind = Kind::use;
  e.at = at(when);
  e.zone = "Europe/Berlin";
  auto m = lookup_substance(substance);
  e.substance = m.name;
  e.substance_class = m.substance_class;
  e.amount = amount;
  e.unit = unit;
  return e;
}

// A week in Berlin, Monday 2026-03-02 to Sunday 2026-03-08, with a plan of up to 4 drinks a
// day: Tuesday has 5 (past the plan), Thursday 2, and an urge ridden out on Friday.
struct Fixture {
  std::vector<PlanVersion> versions;
  std::vector<Entry> entries;
  ReviewResult review;
  TrendsResult trends;
  ReportInput in;

  Fixture() {
    PlanVersion v;
    v.id = 1;
    v.saved_at = at("2026-02-01T12:00:00+01:00");
    v.text = "why = \"sleep <better> & feel \\\"present\\\"\"\nwhen_urge = \"text Sam\"\n"
             "[alcohol]\nmax_per_day = 4\n";
    PlanError perr;
    REQUIRE_MESSAGE(parse_plan(v.text, &v.plan, &perr), format_plan_error(perr));
    versions.push_back(v);
    entries = {use("a", "2026-03-03T20:00:00+01:00", "beer", 2, "drink"),
               use("b", "2026-03-03T22:00:00+01:00", "wine", 3, "drink"),
               use("c", "2026-03-05T20:00:00+01:00", "alcohol", 2, "drink")};
    Entry u;
    u.id = "d";
    u.kind = Kind::urge;
    u.at = at("2026-03-06T19:00:00+01:00");
    u.zone = "Europe/Berlin";
    u.intensity = 7;
    u.outcome = Outcome::rode_out;
    u.trigger = "<script>alert(1)</script>";
    entries.push_back(u);
    // The week before: 3 drinks on two days, for the comparison.
    entries.push_back(use("e", "2026-02-24T20:00:00+01:00", "beer", 3, "drink"));
    entries.push_back(use("f", "2026-02-26T20:00:00+01:00", "beer", 3, "drink"));

    Period p{day("2026-03-02"), day("2026-03-08"), "this week"};
    ReviewInput rin;
    rin.versions = versions;
    rin.entries = entries;
    rin.period = p;
    rin.zone = find_zone("Europe/Berlin");
    rin.now = at("2026-03-09T10:00:00+01:00");  // the week is over: every day of it counts
    rin.first_entry_at = at("2026-01-05T12:00:00+01:00");
    review = review_period(rin);
    TrendsInput tin;
    tin.entries.assign(entries.begin(), entries.end());
    tin.period = p;
    tin.zone = rin.zone;
    tin.now = rin.now;
    tin.first_entry_at = rin.first_entry_at;
    trends = compute_trends(tin);
    in.review = &review;
    in.trends = &trends;
    in.plan = &versions.back().plan;
    in.made_at = "2026-03-08 22:00";
    in.versions = versions;
    in.zone = rin.zone;
  }
};

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("report: html_escape") {
  CHECK(html_escape("<a href=\"x\">Tom & 'Jo'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jo&#39;&lt;/a&gt;");
  ReviewTotals week;
  week.days = 7;
  week.days_within_plan = 6;
  week.percent_days_within_plan = 6.0 / 7 * 100;
  CHECK(days_within_text(week) == "6 of 7 days (86%)");
  CHECK(days_within_text(ReviewTotals{}) == "no days");
}

TEST_CASE("report: markdown holds the figures") {
  Fixture f;
  std::string md = report_markdown(f.in);
  INFO(md);
  CHECK(has(md, "# Your ebb report: this week, 2026-03-02 to 2026-03-08\n"));
  CHECK(has(md, "Made 2026-03-08 22:00 from your own log."));
  // 6 of 7 days within the plan: only Tuesday (5 drinks) went past it.
  CHECK(has(md, "Within your plan: 6 of 7 days (86%)."));
  CHECK(has(md, "| 2026-03-03 tue | 2 | alcohol: 5 drinks, plan says up to 4 drinks a day |"));
  CHECK(has(md, "| 2026-03-05 thu | 1 | within your plan |"));
  // alcohol: 2 use days, 5 days off, 7 drinks in all, 3.5 per use day, 5 at most.
  CHECK(has(md, "| alcohol | 2 | 5 | 7 drinks | 3.5 | 5 | - |"));
  CHECK(has(md, "- Urges: 1, averaging 7 out of 10."));
  CHECK(has(md, "- Not acted on: 1 of 1 (1 ridden out)."));
  // The person's words, with Markdown's special characters escaped.
  CHECK(has(md, "> sleep \\<better\\> & feel \"present\""));
  CHECK(has(md, "What set urges off: \"\\<script\\>alert(1)\\</script\\>\""));
  CHECK(has(md, "> text Sam"));
  // The plan once: the words quoted, the rules in a block, never the words again.
  CHECK(md.find("sleep \\<better\\>") == md.rfind("sleep \\<better\\>"));
  CHECK(has(md, "Version 1, saved 2026-02-01: on all 7 days.\n"));
  CHECK(has(md, "```\nalcohol: up to 4 drinks a day\n```"));
  // No grades.
  CHECK_FALSE(has(md, "Full weeks"));
  CHECK(has(md, "## What went well\n\n- 6 of the 7 days matched your plan.\n"
                "- You rode out 1 urge.\n"));
  CHECK(has(md, "## Safety\n\nNothing to note"));
  CHECK(has(md, "| Substance | Use days | Days off | Total | Per use day | Most in a day | Spent | "
                "Daily, 2026-03-02 to 2026-03-08 |"));
  CHECK(has(md, "## Beside the 7 days before"));
  CHECK(has(md, "| Days off | 5 of 7 | 5 of 7 |"));
  CHECK(has(md, "| alcohol total, drinks | 7 | 6 |"));
}

TEST_CASE("report: html escapes what the person wrote and fetches nothing") {
  Fixture f;
  std::string html = report_html(f.in);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK_FALSE(has(html, "<script"));
  CHECK(has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(has(html, "sleep &lt;better&gt; &amp; feel &quot;present&quot;"));
  // Nothing is loaded from anywhere: no URLs, no src or href, no @import.
  CHECK_FALSE(has(html, "http"));
  CHECK_FALSE(has(html, "src="));
  CHECK_FALSE(has(html, "href="));
  CHECK_FALSE(has(html, "@import"));
  CHECK_FALSE(has(html, "url("));
  // The figures.
  CHECK(has(html, "Within your plan: 6 of 7 days (86%)"));
  CHECK(has(html, "alcohol: 5 drinks, plan says up to 4 drinks a day"));
  CHECK(has(html, "<td>alcohol</td><td class=\"n\">2</td><td class=\"n\">5</td><td "
                  "class=\"n\">7 drinks</td><td class=\"n\">3.5</td><td class=\"n\">5</td>"));
  // Charts: one square per day (7) and one bar per day for alcohol, the highest labelled.
  size_t squares = 0;
  for (size_t pos = 0; (pos = html.find("rx=\"3\"", pos)) != std::string::npos; ++pos) ++squares;
  CHECK(squares == 7);
  CHECK(has(html, "<title>2026-03-03 tue: past your plan</title>"));
  CHECK(has(html, "most in a day: 5 drinks"));
  // Days, not "day 1": in the tooltips and under the bars.
  CHECK(has(html, "<title>2026-03-03 tue: 5 drinks</title>"));
  CHECK(has(html, "<title>2026-03-02 mon: 0 drinks</title>"));
  CHECK(has(html, ">2026-03-02</text>"));
  CHECK(has(html, "text-anchor=\"end\">2026-03-08</text>"));
  CHECK_FALSE(has(html, "day 1"));
  CHECK_FALSE(has(html, "Full weeks"));
  CHECK(has(html, "<li>Not acted on: 1 of 1 (1 ridden out).</li>"));
}

TEST_CASE("report: safety, every note, the plans in force and the currency") {
  Fixture f;
  // A second version from Thursday on.
  PlanVersion v2 = f.versions.back();
  v2.id = 2;
  v2.saved_at = at("2026-03-05T09:00:00+01:00");
  v2.text = "why = \"sleep\"\n[alcohol]\nmax_per_day = 3\n";
  PlanError perr;
  REQUIRE(parse_plan(v2.text, &v2.plan, &perr));
  f.versions.push_back(v2);
  f.entries[0].note = "Anna's birthday";
  f.entries[0].reason = "to celebrate";
  f.entries[2].note = "after work";
  ReviewInput rin;
  rin.versions = f.versions;
  rin.entries = f.entries;
  rin.period = Period{day("2026-03-02"), day("2026-03-08"), "this week"};
  rin.zone = ebb::find_zone("Europe/Berlin");
  rin.now = at("2026-03-08T22:00:00+01:00");
  ReviewResult r = review_period(rin);
  Reminder mix;
  mix.id = "combination:a,x";
  mix.kind = "safety";
  mix.severity = "dangerous";
  mix.summary = "alcohol and alprazolam within 1 hour";
  mix.text = "Alcohol and benzos together can slow breathing and cause blackouts.";
  mix.day = day("2026-03-03");
  r.safety = {mix};
  for (int i = 0; i < 5; ++i) {  // five uses alone: one line
    Reminder alone;
    alone.id = "alone:h" + std::to_string(i);
    alone.kind = "safety";
    alone.severity = "dangerous";
    alone.substance = "heroin";
    alone.summary = "heroin, on your own";
    alone.text = "On your own, no one is there to help if your breathing slows.";
    alone.day = day("2026-03-04") + date::days{i};
    r.safety.push_back(alone);
  }
  for (int i = 0; i < 2; ++i) {  // two doses untested in one night: one line, not two alike
    Reminder untested;
    untested.id = "untested:u" + std::to_string(i);
    untested.kind = "safety";
    untested.severity = "unsafe";
    untested.substance = "heroin";
    untested.summary = "heroin, not tested";
    untested.text = "Heroin can hold fentanyl.";
    untested.day = day("2026-03-06");
    r.safety.push_back(untested);
  }
  ReportInput in = f.in;
  in.review = &r;
  in.plan = &f.versions.back().plan;
  in.versions = f.versions;
  in.zone = rin.zone;
  in.currency = "EUR";
  std::string md = report_markdown(in);
  INFO(md);
  CHECK(has(md, "Version 1, saved 2026-02-01: 2026-03-02 to 2026-03-04.\n"
                "Version 2, saved 2026-03-05: 2026-03-05 to 2026-03-08.\n"));
  CHECK(has(md, "> sleep\n"));  // the version in force at the end
  CHECK(has(md, "- 2026-03-03 tue: alcohol and alprazolam within 1 hour (dangerous). Alcohol and "
                "benzos together can slow breathing and cause blackouts.\n"
                "- 2026-03-04 to 2026-03-08: heroin, on your own: 5 times (dangerous). On your "
                "own, no one is there to help if your breathing slows.\n"
                "- 2026-03-06 fri: heroin, not tested: 2 times (unsafe). Heroin can hold "
                "fentanyl.\n"));
  CHECK(has(md, "- alcohol: \"to celebrate\"\n"));
  CHECK(has(md, "Your notes:\n\n- 2026-03-03 tue 20:00, alcohol: Anna's birthday\n"
                "- 2026-03-05 thu 20:00, alcohol: after work\n"));
  CHECK(has(md, "| Spent (EUR) |"));
  std::string html = report_html(in);
  CHECK(has(html, "<li>2026-03-03 tue: alcohol and alprazolam within 1 hour (dangerous)."));
  CHECK(has(html, "<li>2026-03-03 tue 20:00, alcohol: Anna&#39;s birthday</li>"));
  CHECK(has(html, "Spent (EUR)"));
}

TEST_CASE("report: without a plan or entries") {
  Fixture f;
  f.versions.clear();
  f.entries.clear();
  ReviewInput rin;
  rin.period = Period{day("2026-03-02"), day("2026-03-08"), "this week"};
  rin.zone = find_zone("Europe/Berlin");
  rin.now = at("2026-03-08T22:00:00+01:00");
  ReviewResult r = review_period(rin);
  TrendsInput tin;
  tin.period = rin.period;
  tin.zone = rin.zone;
  tin.now = rin.now;
  TrendsResult t = compute_trends(tin);
  ReportInput in;
  in.review = &r;
  in.trends = &t;
  in.made_at = "2026-03-08 22:00";
  std::string md = report_markdown(in);
  CHECK(has(md, "You haven't written a plan yet"));
  CHECK(has(md, "No use logged in this period."));
  CHECK(has(md, "- No urges logged.\n- No moods logged."));
  std::string html = report_html(in);
  CHECK(has(html, "No use logged in this period."));
  CHECK_FALSE(has(html, "http"));
}
