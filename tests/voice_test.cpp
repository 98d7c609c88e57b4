// shared/VOICE.md, checked on everything a person reads after three weeks of a life: the
// reminders after each entry and in `check`, the review, trends, the report and the person's
// words given back. Words are not enough (pressure comes by repetition too), so the test also
// checks what each text leads with and how often the person's `why` comes back.
#include <doctest/doctest.h>

#include <sstream>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/reflect.hpp"
#include "ebb/core/meanings.hpp"
#include "ebb/core/replay.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/exchange/report.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

struct Life {
  std::vector<Entry> entries;
  std::vector<PlanVersion> versions;
  const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  int next = 0;

  Entry& use(const std::string& when, const char* substance, std::optional<double> amount = {},
             const char* unit = "") {
    entries.push_back(ebb::test::logged_use(fmt::format("E{:03}", next++), when, substance,
                                            amount, unit));
    return entries.back();
  }
  Entry& urge(const char* when, int intensity, Outcome outcome, const char* note = "") {
    Entry e;
    e.id = fmt::format("E{:03}", next++);
    e.kind = Kind::urge;
    e.at = at(when);
    e.intensity = intensity;
    e.outcome = outcome;
    e.outcome_note = note;
    entries.push_back(e);
    return entries.back();
  }
  Entry& mood(const char* when, int score) {
    Entry e;
    e.id = fmt::format("E{:03}", next++);
    e.kind = Kind::mood;
    e.at = at(when);
    e.score = score;
    entries.push_back(e);
    return entries.back();
  }
};

// Three weeks: beer most evenings, weed at weekends, a risky night with heroin after a break,
// urges ridden out and met another way, moods, a plan with the person's words.
Life three_weeks() {
  Life l;
  PlanVersion v;
  v.id = 1;
  v.saved_at = at("2026-11-02T10:00:00+01:00");
  v.text =
      "why = \"I want to be there for Mia.\"\nwhen_urge = \"Text Sam, make tea.\"\n"
      "review_on = 2026-11-16\n[alcohol]\nmax_per_day = 3\nmax_per_week = 12\n"
      "days_off = [\"mon\", \"tue\"]\n[cannabis]\nmax_use_days_per_week = 2\n"
      "[heroin]\nnot_alone = true\n[safety]\ntest_first = [\"opioid\"]\n"
      "avoid = [[\"alcohol\", \"opioid\"]]\n[spending]\nmax_per_week = 40\ncurrency = \"EUR\"\n";
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(v.text, &v.plan, &err), format_plan_error(err));
  l.versions.push_back(v);
  l.use("2026-11-01T22:00:00+01:00", "heroin", 20, "mg").with_whom = "Jo";
  for (const char* d : {"03", "05", "07", "09", "11", "13"}) {
    auto& b = l.use(fmt::format("2026-11-{}T20:00:00+01:00", d), "beer", 2, "drink");
    b.reason = "to unwind";
    b.cost = 8;
  }
  l.use("2026-11-07T23:00:00+01:00", "weed", 0.5, "g").reason = "to sleep";
  l.use("2026-11-08T23:00:00+01:00", "weed", 0.5, "g").reason = "to sleep";
  l.urge("2026-11-08T20:00:00+01:00", 8, Outcome::other, "went climbing").intensity_after = 3;
  l.urge("2026-11-10T21:00:00+01:00", 6, Outcome::rode_out).intensity_after = 2;
  l.urge("2026-11-12T21:00:00+01:00", 7, Outcome::used).trigger = "payday, boredom";
  l.mood("2026-11-09T09:00:00+01:00", 4).note = "slept badly";
  l.mood("2026-11-12T09:00:00+01:00", 6);
  l.use("2026-11-14T21:00:00+01:00", "beer", 4, "drink").cost = 30;
  auto& h = l.use("2026-11-14T23:50:00+01:00", "heroin", 20, "mg");
  h.alone = true;
  h.tested = false;
  h.cost = 20;
  h.reason = "to come down";
  h.note = "couldn't sleep, first time in ages";
  l.use("2026-11-15T14:00:00+01:00", "beer", 1, "drink");
  l.use("2026-11-16T20:00:00+01:00", "beer", 2, "drink");  // a Monday: a planned day off
  l.urge("2026-11-17T20:00:00+01:00", 7, Outcome::none);
  l.use("2026-11-19T21:00:00+01:00", "cocaine", 0.2, "g").tested = false;
  l.use("2026-11-19T21:30:00+01:00", "beer", 3, "drink");
  l.use("2026-11-20T20:00:00+01:00", "mdma", 100, "mg");
  l.use("2026-11-20T20:20:00+01:00", "mdma", 50, "mg");
  return l;
}

void check_voice(const std::string& where, const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string problem = ebb::test::voice_problem(line);
    CHECK_MESSAGE(problem.empty(), where << ": " << problem << " in: " << line);
  }
}

// The text of a page as a person reads it: no style sheet, no tags.
std::string page_text(std::string html) {
  auto style = html.find("<style>");
  if (style != std::string::npos) html.erase(style, html.find("</style>") + 8 - style);
  std::string out;
  bool tag = false;
  for (char c : html) {
    if (c == '<') tag = true;
    else if (c == '>') tag = false, out += ' ';
    else if (!tag) out += c;
  }
  return out;
}

ReminderInput reminder_input(const Life& l, const char* now) {
  ReminderInput in;
  in.entries = l.entries;
  in.versions = l.versions;
  in.now = at(now);
  in.zone = l.zone;
  in.help_lines = {{"Never Use Alone", "800-484-3731"}};
  std::optional<Instant> last;
  for (const auto& e : l.entries)
    if (e.at <= in.now && (!last || e.at > *last)) last = e.at;
  in.last_entry_at = last;
  return in;
}

}  // namespace

TEST_CASE("voice: every reminder of three weeks, after each entry and in check") {
  Life l = three_weeks();
  int quoted = 0;
  for (const auto& e : l.entries) {
    // Right after the entry, with only what was logged by then.
    Life then = l;
    then.entries.clear();
    for (const auto& x : l.entries)
      if (x.at <= e.at) then.entries.push_back(x);
    ReminderInput in = reminder_input(then, format_rfc3339(e.at, l.zone).c_str());
    in.just_logged = e.id;
    for (bool discreet : {false, true}) {
      in.discreet = discreet;
      auto rs = compute_reminders(in);
      for (const auto& r : rs) {
        check_voice("after " + e.id, r.text);
        quoted += r.text.find("In your words") != std::string::npos;
      }
      // The first thing said after a use is never a lecture about the plan when a safety
      // note applies.
      if (!rs.empty() && rs.front().kind == "plan")
        for (const auto& r : rs) CHECK(reminder_class(r) >= 3);
    }
  }
  // Each check of the three weeks, at 21:30 every day.
  for (int d = 1; d <= 21; ++d) {
    auto in = reminder_input(l, fmt::format("2026-11-{:02}T21:30:00+01:00", d).c_str());
    for (const auto& r : compute_reminders(in)) check_voice("check", r.text);
  }
  // The person's reasons came back, but not with every note.
  CHECK(quoted > 0);
  CHECK(quoted < 8);
}

TEST_CASE("voice: review, trends, report and the person's words") {
  Life l = three_weeks();
  Period p{day("2026-11-02"), day("2026-11-20"), "these weeks"};
  ReviewInput rin;
  rin.versions = l.versions;
  rin.entries = l.entries;
  rin.period = p;
  rin.zone = l.zone;
  rin.now = at("2026-11-20T23:00:00+01:00");
  ReviewResult r = review_period(rin);
  ReminderInput ein = reminder_input(l, "2026-11-20T23:00:00+01:00");
  r.safety = safety_events(ein, day_begin(p.first, l.zone, {}), day_begin(p.last + date::days{1},
                                                                          l.zone, {}));
  TrendsInput tin;
  tin.entries.assign(l.entries.begin(), l.entries.end());
  tin.period = p;
  tin.zone = l.zone;
  tin.now = rin.now;
  tin.word_entries = l.entries;
  tin.currency = "EUR";
  TrendsResult t = compute_trends(tin);
  r.changes = t.changes;

  auto lines = review_lines(r, &l.versions.back().plan);
  std::string review;
  for (const auto& line : lines) review += line + "\n";
  check_voice("review", review);
  // It leads with what went well, and ends with the most serious finding: the risky night.
  CHECK(lines[1].find("matched your plan") != std::string::npos);
  CHECK(lines.back().rfind("Worth a look: sat 2026-11-14, ", 0) == 0);
  CHECK(review.find("In your words") != std::string::npos);
  CHECK(review.find("\"went climbing\"") != std::string::npos);

  check_voice("trends", render_trends(t, {true, false}));
  for (const auto& c : t.changes) check_voice("changes", c);
  // What use does: mood around a use, set and setting, the measures under each plan version.
  for (const auto& line : after_use_lines(after_use(l.entries, t.current, l.zone, {}, {})))
    check_voice("after a use", line);
  for (SettingKey k : {SettingKey::with, SettingKey::where, SettingKey::alone,
                       SettingKey::tested, SettingKey::reason, SettingKey::hour})
    check_voice("set and setting",
                render_setting(by_setting(k, t.current, l.entries, l.zone, {}, r.days, {}), false));
  check_voice("by plan", render_plan_stretches(plan_stretches(r, l.versions, tin), false));

  ReportInput in;
  in.review = &r;
  in.trends = &t;
  in.plan = &l.versions.back().plan;
  in.made_at = "2026-11-20 23:00";
  in.versions = l.versions;
  in.zone = l.zone;
  in.currency = "EUR";
  in.after_use = after_use_lines(after_use(l.entries, t.current, l.zone, {}, {}));
  in.by_with = render_setting(
      by_setting(SettingKey::with, t.current, l.entries, l.zone, {}, r.days, {}), false);
  in.by_plan = render_plan_stretches(plan_stretches(r, l.versions, tin), false);
  std::string md = report_markdown(in);
  check_voice("report", md);
  CHECK(md.find("## What use does") != std::string::npos);
  CHECK(md.find("## Safety") != std::string::npos);
  CHECK(md.find("couldn't sleep, first time in ages") != std::string::npos);
  check_voice("report html", page_text(report_html(in)));
}

// Issue 14: the meanings map, every day replayed with its safety notes, the plan's balance
// moving between versions, the review's quote about changing and the urge's own ideas.
TEST_CASE("voice: meanings, replay, plan diffs and the person's balance over three weeks") {
  Life l = three_weeks();
  Plan balanced = l.versions.back().plan;
  PlanError err;
  REQUIRE(parse_plan(l.versions.back().text +
                         "[alternatives]\nunwind = [\"a walk\"]\nsleep = \"podcast\"\n"
                         "[balance]\ngood_about_using = \"it takes the edge off\"\n"
                         "good_about_changing = [\"more time with Mia\"]\n"
                         "costs_of_changing = \"evenings feel long\"\n",
                     &balanced, &err));
  MeaningsInput min;
  min.entries = l.entries;
  min.first = day("2026-11-01");
  min.last = day("2026-11-20");
  min.zone = l.zone;
  min.plan = &balanced;
  for (bool utf8 : {true, false})
    for (const auto& line : meanings_lines(map_meanings(min), "these weeks", utf8))
      check_voice("meanings", line);
  min.plan = nullptr;  // no ideas yet: the invitation to write some
  for (const auto& line : meanings_lines(map_meanings(min), "these weeks", true))
    check_voice("meanings without ideas", line);

  ReminderInput ein = reminder_input(l, "2026-11-20T23:00:00+01:00");
  for (LocalDay d = day("2026-11-01"); d <= day("2026-11-20"); d += date::days{1}) {
    ReplayInput rin;
    rin.entries = l.entries;
    rin.zone = l.zone;
    rin.day = d;
    rin.window = {day_begin(d, l.zone, {}), day_begin(d + date::days{1}, l.zone, {})};
    auto notes = safety_events(ein, rin.window.from, rin.window.until);
    rin.safety = notes;
    for (const auto& line : replay_lines(rin, true, false))
      check_voice("replay " + format_day(d), line);
  }

  for (const auto& line : plan_change_lines(diff_plans(l.versions.back().plan, balanced)))
    check_voice("plan history --diff", line);
  for (const auto& line : plan_change_lines(diff_plans(balanced, l.versions.back().plan)))
    check_voice("plan history --diff, back", line);
  check_voice("plan", describe_plan(balanced));
  check_voice("review quote",
              fmt::format("  A good thing about changing, as you wrote it: \"{}\"",
                          balance_quote(balanced.balance.good_about_changing, day("2026-11-20"))));
  const Alternatives* alt = alternatives_for(balanced, "to sleep");
  REQUIRE(alt != nullptr);
  check_voice("urge", fmt::format("Your own ideas for \"{}\": {}.", alt->meaning,
                                  quoted_list(alt->ideas)));
}
