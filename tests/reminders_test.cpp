#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>

#include "ebb/catalog.hpp"
#include "ebb/interactions.hpp"
#include "ebb/reminders.hpp"
#include "ebb/text.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;

namespace {

// Every text the tests see, for the wording check at the end.
std::vector<std::string>& seen_texts() {
  static std::vector<std::string> texts;
  return texts;
}

Entry use(const char* id, const char* when, const char* substance,
          std::optional<double> amount = std::nullopt, const char* unit = "") {
  Entry e;
  e.id = id;
  e.kind = Kind::use;
  e.at = at(when);
  e.zone = "UTC";
  SubstanceMatch m = lookup_substance(substance);
  e.substance = m.name;
  e.substance_class = m.substance_class;
  e.amount = amount;
  e.unit = unit;
  return e;
}

Entry urge(const char* id, const char* when, int intensity, Outcome outcome,
           std::optional<int> after = std::nullopt) {
  Entry e;
  e.id = id;
  e.kind = Kind::urge;
  e.at = at(when);
  e.zone = "UTC";
  e.intensity = intensity;
  e.outcome = outcome;
  e.intensity_after = after;
  return e;
}

PlanVersion version(int64_t id, const char* saved, const char* toml) {
  PlanVersion v;
  v.id = id;
  v.saved_at = at(saved);
  v.text = toml;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(toml, &v.plan, &err), format_plan_error(err));
  return v;
}

// 2026-11-20 is a Friday.
struct Run {
  std::vector<Entry> entries;
  std::vector<PlanVersion> versions;
  std::map<std::string, Instant> earlier;
  std::map<std::string, std::string> help;
  std::vector<Medication> medications;
  const char* now = "2026-11-20T22:00:00Z";
  std::optional<std::string> just;
  bool discreet = false;
  bool no_last_entry = false;
  ReminderSettings settings;

  // The log started well before these weeks, unless a test says otherwise.
  std::optional<Instant> first_entry_at = at("2026-10-01T12:00:00Z");
  std::vector<Reminder> go() {
    ReminderInput in;
    in.entries = entries;
    in.versions = versions;
    in.earlier_uses = earlier;
    in.help_lines = help;
    in.medications = medications;
    in.now = at(now);
    in.zone = find_zone("UTC");
    in.settings = settings;
    in.discreet = discreet;
    in.just_logged = just;
    in.first_entry_at = first_entry_at;
    std::optional<Instant> last;
    for (const auto& e : entries)
      if (!last || e.at > *last) last = e.at;
    for (const auto& [name, t] : earlier)
      if (!last || t > *last) last = t;
    if (!no_last_entry) in.last_entry_at = last;
    auto out = compute_reminders(in);
    for (const auto& r : out) seen_texts().push_back(r.text);
    return out;
  }
};

const Reminder* find_kind(const std::vector<Reminder>& rs, std::string_view kind) {
  for (const auto& r : rs)
    if (r.kind == kind) return &r;
  return nullptr;
}

int count_kind(const std::vector<Reminder>& rs, std::string_view kind) {
  return static_cast<int>(std::count_if(rs.begin(), rs.end(),
                                        [&](const Reminder& r) { return r.kind == kind; }));
}

bool has_word(const std::string& text, const std::string& word) {
  std::string t = lower(text);
  for (size_t p = t.find(word); p != std::string::npos; p = t.find(word, p + 1)) {
    bool start = p == 0 || !std::isalpha(static_cast<unsigned char>(t[p - 1]));
    size_t end = p + word.size();
    bool stop = end >= t.size() || !std::isalpha(static_cast<unsigned char>(t[end]));
    if (start && stop) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("reminders: alcohol then an opioid within the window is a dangerous mix") {
  Run run;
  run.entries = {use("A1", "2026-11-20T20:00:00Z", "beer", 2, "drink"),
                 use("H1", "2026-11-20T21:00:00Z", "heroin")};
  run.just = "H1";
  auto rs = run.go();
  REQUIRE(!rs.empty());
  const Reminder& r = rs.front();
  CHECK(r.kind == "safety");
  CHECK(r.severity == "dangerous");
  CHECK(r.id == "combination:A1,H1");
  CHECK(r.substance == "alcohol + heroin");
  CHECK(r.text ==
        "Alcohol and opioids together can slow breathing a lot. If you're mixing, go lower, "
        "don't use alone, and keep naloxone near.");
  CHECK(r.entry_ids == std::vector<std::string>{"A1", "H1"});
  CHECK(r.help_lines.empty());  // none configured: none printed

  // `check` an hour later finds the same situation under the same id.
  run.just.reset();
  auto again = run.go();
  REQUIRE(find_kind(again, "safety"));
  CHECK(find_kind(again, "safety")->id == "combination:A1,H1");
}

TEST_CASE("reminders: no mix outside the window, for the same substance, or after a mood") {
  Run run;
  run.entries = {use("A1", "2026-11-20T07:00:00Z", "alcohol", 2, "drink"),
                 use("H1", "2026-11-20T21:30:00Z", "heroin")};
  run.just = "H1";
  CHECK(count_kind(run.go(), "safety") == 0);  // 14.5 hours apart, window 12

  run.settings.combination_window_hours = 16;
  CHECK(count_kind(run.go(), "safety") == 1);

  Run same;
  same.entries = {use("A1", "2026-11-20T20:00:00Z", "beer"), use("A2", "2026-11-20T21:00:00Z", "wine")};
  CHECK(count_kind(same.go(), "safety") == 0);

  Run check;
  // In `check`, only uses within the last window count: the beer is 13 hours old.
  check.entries = {use("A1", "2026-11-20T09:00:00Z", "beer"),
                   use("D1", "2026-11-20T20:00:00Z", "diazepam")};
  CHECK(count_kind(check.go(), "safety") == 0);
}

TEST_CASE("reminders: one note per pair of substances, help lines only on dangerous ones") {
  Run run;
  run.help["Overdose line"] = "0800 000 000";
  run.entries = {use("A1", "2026-11-20T19:00:00Z", "beer"), use("A2", "2026-11-20T20:00:00Z", "beer"),
                 use("C1", "2026-11-20T20:30:00Z", "cocaine"),
                 use("X1", "2026-11-20T21:00:00Z", "xanax")};
  auto rs = run.go();
  REQUIRE(count_kind(rs, "safety") == 2);  // alcohol + benzo (dangerous), alcohol + cocaine
  CHECK(rs[0].severity == "dangerous");
  CHECK(rs[0].id == "combination:A1,X1");
  REQUIRE(rs[0].help_lines.size() == 1);
  CHECK(rs[0].help_lines[0].second == "0800 000 000");
  CHECK(rs[1].severity == "unsafe");
  CHECK(rs[1].id == "combination:A1,C1");
  CHECK(rs[1].help_lines.empty());
}

TEST_CASE("reminders: standing medications count in combination notes, never as uses") {
  Run run;
  run.medications = {{"sertraline", "50 mg daily", "c.toml:2:1"}, {"methadone", "", "c.toml:3:1"}};
  // Tramadol with an SSRI and with another opioid: two notes, each naming the medication.
  run.entries = {use("T1", "2026-11-20T21:00:00Z", "tramadol", 50, "mg")};
  run.just = "T1";
  auto rs = run.go();
  REQUIRE(count_kind(rs, "safety") == 2);
  const Reminder* ssri = nullptr;
  for (const auto& r : rs)
    if (r.id == "medication:sertraline:T1") ssri = &r;
  REQUIRE(ssri);
  CHECK(ssri->severity == "dangerous");
  CHECK(ssri->substance == "sertraline + tramadol");
  CHECK(ssri->entry_ids == std::vector<std::string>{"T1"});
  CHECK(ssri->text.rfind("Sertraline is one of your medications. Tramadol with an SSRI", 0) == 0);

  // A benzo on opioid treatment, found by check long after any logged opioid.
  run.entries = {use("X1", "2026-11-20T20:00:00Z", "xanax", 1, "mg")};
  run.just.reset();
  run.help = {{"Overdose line", "0800"}};
  rs = run.go();
  REQUIRE(find_kind(rs, "safety"));
  CHECK(find_kind(rs, "safety")->id == "medication:methadone:X1");
  CHECK(find_kind(rs, "safety")->help_lines.size() == 1);

  // Outside the window the use is over; the medication alone says nothing, and two
  // medications are never compared with each other.
  run.now = "2026-11-21T12:00:00Z";
  run.medications.push_back({"phenelzine", "", "c.toml:4:1"});
  CHECK(count_kind(run.go(), "safety") == 0);

  // The medication logged as a use as well: one note for the pair, not two.
  run.now = "2026-11-20T22:00:00Z";
  run.medications = {{"sertraline", "", ""}};
  run.entries = {use("S1", "2026-11-20T08:00:00Z", "sertraline", 50, "mg"),
                 use("D1", "2026-11-20T21:00:00Z", "dxm")};
  rs = run.go();
  CHECK(count_kind(rs, "safety") == 1);

  // Discreet: no name, the medication said as "one of your medications".
  run.discreet = true;
  run.entries = {use("T1", "2026-11-20T21:00:00Z", "tramadol")};
  rs = run.go();
  REQUIRE(find_kind(rs, "safety"));
  CHECK(find_kind(rs, "safety")->text.find("one of your medications") != std::string::npos);
  CHECK(find_kind(rs, "safety")->substance.empty());
  CHECK(find_kind(rs, "safety")->text.find("ramadol") == std::string::npos);
}

TEST_CASE("reminders: tolerance after a break, only when there was an earlier use") {
  Run run;
  run.entries = {use("H0", "2026-11-12T20:00:00Z", "heroin"),
                 use("H1", "2026-11-20T21:00:00Z", "heroin")};
  run.just = "H1";
  auto rs = run.go();
  const Reminder* t = find_kind(rs, "tolerance");
  REQUIRE(t);
  CHECK(t->severity == "unsafe");
  CHECK(t->id == "tolerance:H1");
  CHECK(t->text ==
        "It's been 8 days since you last logged opioids. Tolerance drops fast after a break; a "
        "much smaller amount than before is safer. Don't use alone, and keep naloxone near.");

  Run six;
  six.entries = {use("H0", "2026-11-14T20:00:00Z", "heroin"),
                 use("H1", "2026-11-20T21:00:00Z", "heroin")};
  six.just = "H1";
  CHECK(count_kind(six.go(), "tolerance") == 0);  // 6 days: no note

  Run first;
  first.entries = {use("H1", "2026-11-20T21:00:00Z", "heroin")};
  first.just = "H1";
  CHECK(count_kind(first.go(), "tolerance") == 0);  // a first entry is not a break

  Run older;  // the last use is before the loaded window
  older.entries = {use("H1", "2026-11-20T21:00:00Z", "fentanyl")};
  older.earlier["oxycodone"] = at("2026-10-21T21:00:00Z");
  older.just = "H1";
  auto o = older.go();
  REQUIRE(find_kind(o, "tolerance"));
  CHECK(find_kind(o, "tolerance")->text.find("30 days") != std::string::npos);

  Run weed;  // cannabis is not a class where tolerance loss is an overdose risk
  weed.entries = {use("W0", "2026-11-01T20:00:00Z", "weed"), use("W1", "2026-11-20T21:00:00Z", "weed")};
  weed.just = "W1";
  CHECK(count_kind(weed.go(), "tolerance") == 0);

  Run drink;
  drink.settings.tolerance_break_days = 10;
  drink.entries = {use("A0", "2026-11-11T20:00:00Z", "wine"), use("A1", "2026-11-20T21:00:00Z", "beer")};
  drink.just = "A1";
  CHECK(count_kind(drink.go(), "tolerance") == 0);  // 9 days, break set to 10
  drink.settings.tolerance_break_days = 9;
  auto d = drink.go();
  REQUIRE(find_kind(d, "tolerance"));
  CHECK(find_kind(d, "tolerance")->severity == "caution");
}

TEST_CASE("reminders: redosing inside the onset window of the same substance") {
  Run run;
  run.entries = {use("M0", "2026-11-20T21:00:00Z", "mdma"), use("M1", "2026-11-20T21:25:00Z", "molly")};
  run.just = "M1";
  auto rs = run.go();
  const Reminder* r = find_kind(rs, "redose");
  REQUIRE(r);
  CHECK(r->text ==
        "Your last mdma was 25 minutes ago, and it can take 20 to 70 minutes to kick in. "
        "Waiting until 22:10 lets you feel the first one fully before taking more.");
  CHECK(r->entry_ids == std::vector<std::string>{"M0", "M1"});

  Run later;
  later.entries = {use("M0", "2026-11-20T20:00:00Z", "mdma"), use("M1", "2026-11-20T21:15:00Z", "mdma")};
  later.just = "M1";
  CHECK(count_kind(later.go(), "redose") == 0);  // 75 minutes: past the window

  Run other;  // LSD after psilocybin: the same class, not the same substance
  other.entries = {use("P0", "2026-11-20T21:00:00Z", "mushrooms"),
                   use("L1", "2026-11-20T21:10:00Z", "lsd")};
  other.just = "L1";
  CHECK(count_kind(other.go(), "redose") == 0);
}

TEST_CASE("reminders: discreet text names no substance") {
  std::vector<Run> runs(4);
  runs[0].entries = {use("A1", "2026-11-20T20:00:00Z", "beer"), use("H1", "2026-11-20T21:00:00Z", "heroin")};
  runs[1].entries = {use("H0", "2026-11-01T20:00:00Z", "heroin"), use("H1", "2026-11-20T21:00:00Z", "heroin")};
  runs[2].entries = {use("M0", "2026-11-20T21:00:00Z", "mdma"), use("M1", "2026-11-20T21:10:00Z", "mdma"),
                     use("C1", "2026-11-20T21:20:00Z", "cocaine")};
  runs[3].entries = {use("A1", "2026-11-20T20:00:00Z", "alcohol", 5, "drink"),
                     use("A2", "2026-11-20T21:00:00Z", "alcohol", 1, "drink")};
  runs[3].versions = {version(1, "2026-11-01T00:00:00Z",
                              "why = \"less alcohol\"\n[alcohol]\nmax_per_day = 4\n"
                              "days_off = [\"fri\"]\n[cannabis]\ndays_off = [\"fri\"]\n")};
  for (auto& run : runs) {
    run.discreet = true;
    auto rs = run.go();
    CHECK(!rs.empty());
    for (const auto& r : rs) {
      CHECK(r.substance.empty());
      for (const auto& e : run.entries) {
        CHECK_MESSAGE(!has_word(r.text, e.substance), r.text);
        CHECK_MESSAGE(!has_word(r.text, e.substance_class), r.text);
      }
      for (auto w : {"opioids", "benzos", "alcohol", "cannabis", "naloxone", "drinks"})
        CHECK_MESSAGE(!has_word(r.text, w), r.text);
    }
  }
  auto rs = runs[0].go();
  CHECK(rs.front().text ==
        "Two things you logged within 12 hours of each other can slow breathing when combined. "
        "If you're mixing, go lower and don't use alone.");
}

TEST_CASE("reminders: plan limits, approaching, day off and the person's words") {
  const char* plan =
      "why = \"present for my kids\"\nwhen_urge = \"text Sam, make tea\"\n"
      "[alcohol]\nmax_per_day = 4\nmax_per_week = 20\ndays_off = [\"mon\"]\n"
      "not_after = \"23:00\"\n[heroin]\nnot_alone = true\n[safety]\ntest_first = [\"opioid\"]\n";
  Run over;
  over.versions = {version(1, "2026-11-01T00:00:00Z", plan)};
  over.entries = {use("A1", "2026-11-20T19:00:00Z", "alcohol", 3, "drink"),
                  use("A2", "2026-11-20T21:00:00Z", "alcohol", 2, "drink")};
  over.just = "A2";
  auto rs = over.go();
  const Reminder* r = find_kind(rs, "plan");
  REQUIRE(r);
  CHECK(r->id == "plan:max_per_day:2026-11-20:A1");
  CHECK(r->text == "Today went past your plan for alcohol (5 drinks, plan says 4 drinks). In "
                   "your words: \"present for my kids\".");

  Run close;
  close.versions = over.versions;
  close.entries = {use("A1", "2026-11-20T19:00:00Z", "alcohol", 3, "drink")};
  close.just = "A1";
  auto c = close.go();
  REQUIRE(count_kind(c, "plan") == 1);
  CHECK(c[0].text == "So far today: 3 drinks (alcohol); your plan has 4 drinks for the day.");
  CHECK(c[0].id == "approaching:day:2026-11-20:alcohol");

  Run light;  // 2 of 4: not close yet
  light.versions = over.versions;
  light.entries = {use("A1", "2026-11-20T19:00:00Z", "alcohol", 2, "drink")};
  light.just = "A1";
  CHECK(count_kind(light.go(), "plan") == 0);

  Run alone;
  alone.versions = over.versions;
  alone.entries = {use("H1", "2026-11-20T21:00:00Z", "heroin")};
  alone.entries[0].alone = true;
  alone.just = "H1";
  auto a = alone.go();
  CHECK(count_kind(a, "plan") == 2);
  bool saw_alone = false, saw_test = false;
  for (const auto& x : a) {
    saw_alone |= x.id == "plan:not_alone:2026-11-20:H1";
    saw_test |= x.id == "plan:test_first:2026-11-20:H1";
  }
  CHECK(saw_alone);
  CHECK(saw_test);
  alone.entries[0].alone = false;
  alone.entries[0].tested = true;
  CHECK(count_kind(alone.go(), "plan") == 0);  // with someone and tested: the rules are met

  Run late;
  late.versions = over.versions;
  late.now = "2026-11-20T23:50:00Z";
  late.entries = {use("A1", "2026-11-20T23:30:00Z", "alcohol", 1, "drink")};
  late.just = "A1";
  auto l = late.go();
  REQUIRE(find_kind(l, "plan"));
  CHECK(find_kind(l, "plan")->text == "You logged alcohol at 23:30, later than the 23:00 in your plan.");

  Run monday;  // 2026-11-23 is a Monday: a planned day off
  monday.versions = over.versions;
  monday.now = "2026-11-23T12:00:00Z";
  monday.entries = {use("A1", "2026-11-20T19:00:00Z", "alcohol", 1, "drink")};
  auto m = monday.go();
  const Reminder* off = nullptr;
  for (const auto& x : m)
    if (x.id == "day_off:2026-11-23:alcohol") off = &x;
  REQUIRE(off);
  CHECK(off->text == "Today is one of your planned days off from alcohol. In your words: "
                     "\"present for my kids\".");

  Run none;  // no plan: no plan notes
  none.entries = over.entries;
  none.just = "A2";
  CHECK(count_kind(none.go(), "plan") == 0);
  none.just.reset();
  CHECK(count_kind(none.go(), "plan") == 0);
}

TEST_CASE("reminders: encouragement for urges, days off, weeks and coming back") {
  const char* plan = "when_urge = \"text Sam\"\n[alcohol]\nmax_per_day = 4\ndays_off = [\"thu\"]\n";
  Run run;
  run.versions = {version(1, "2026-11-01T00:00:00Z", plan)};
  run.entries = {use("A1", "2026-11-18T20:00:00Z", "alcohol", 2, "drink"),
                 urge("U1", "2026-11-20T18:00:00Z", 8, Outcome::rode_out, 3)};
  auto rs = run.go();
  const Reminder* u = nullptr;
  const Reminder* kept = nullptr;
  for (const auto& r : rs) {
    if (r.id == "urge:U1") u = &r;
    if (r.id == "day_off_kept:2026-11-19:alcohol") kept = &r;
  }
  REQUIRE(u);
  CHECK(u->severity == "good");
  CHECK(u->text == "You rode out an urge at 8/10; it went down to 3/10.");
  REQUIRE(kept);
  CHECK(kept->text == "Yesterday was a day off from alcohol, as you planned.");
  CHECK(rs.back().severity == "good");

  // A Thursday with a drink is no day off kept.
  run.entries.push_back(use("A2", "2026-11-19T20:00:00Z", "alcohol", 1, "drink"));
  for (const auto& r : run.go()) CHECK(r.id != "day_off_kept:2026-11-19:alcohol");

  Run urge_plan;  // an urge just logged, not ridden out: the person's own plan for urges
  urge_plan.versions = run.versions;
  urge_plan.entries = {urge("U2", "2026-11-20T21:00:00Z", 6, Outcome::none)};
  urge_plan.just = "U2";
  auto up = urge_plan.go();
  REQUIRE(up.size() == 1);
  CHECK(up[0].text == "Your plan for urges: \"text Sam\".");

  // Weeks: Monday 2026-11-23. The week of 16-22 Nov had one day over (5 drinks), the week of
  // 9-15 Nov had two; the plan has been in force since 1 Nov.
  Run week;
  week.versions = run.versions;
  week.now = "2026-11-23T10:00:00Z";
  week.entries = {use("B1", "2026-11-10T20:00:00Z", "alcohol", 5, "drink"),
                  use("B2", "2026-11-11T20:00:00Z", "alcohol", 5, "drink"),
                  use("B3", "2026-11-17T20:00:00Z", "alcohol", 5, "drink")};
  const Reminder* better = nullptr;
  auto w = week.go();
  for (const auto& r : w)
    if (r.id == "week:2026-11-16") better = &r;
  REQUIRE(better);
  CHECK(better->text == "Last week matched your plan on 6 of 7 days, up from 5 the week before.");

  week.entries.pop_back();
  w = week.go();
  better = nullptr;
  for (const auto& r : w)
    if (r.id == "week:2026-11-16") better = &r;
  REQUIRE(better);
  CHECK(better->text == "Last week matched your plan on all 7 days.");

  // A log that started during the week before says nothing about it: those days are unknown.
  week.first_entry_at = at("2026-11-12T09:00:00Z");
  week.entries.push_back(use("B3", "2026-11-17T20:00:00Z", "alcohol", 5, "drink"));
  for (const auto& r : week.go()) CHECK(r.id != "week:2026-11-16");

  week.now = "2026-11-25T10:00:00Z";  // Wednesday: the weekly note has had its two days
  for (const auto& r : week.go()) CHECK(r.id.rfind("week:", 0) != 0);

  Run back;
  back.entries = {use("A1", "2026-11-10T20:00:00Z", "alcohol", 1, "drink"),
                  use("A2", "2026-11-20T21:00:00Z", "alcohol", 1, "drink")};
  back.just = "A2";
  auto b = back.go();
  REQUIRE(find_kind(b, "encouragement"));
  CHECK(find_kind(b, "encouragement")->text ==
        "Your first entry in 10 days. Writing it down honestly is part of the work.");
  back.entries.erase(back.entries.begin());
  CHECK(count_kind(back.go(), "encouragement") == 0);  // a first entry ever: no gap
}

TEST_CASE("reminders: quiet for a while is an invitation, after quiet_days") {
  Run run;
  run.entries = {use("A1", "2026-11-11T20:00:00Z", "alcohol", 1, "drink")};
  auto rs = run.go();
  const Reminder* q = find_kind(rs, "quiet");
  REQUIRE(q);
  CHECK(q->id == "quiet:2026-11-11");
  CHECK(q->text.rfind("Nothing logged for 9 days. Log whenever it's useful", 0) == 0);

  Run recent;
  recent.entries = {use("A1", "2026-11-18T20:00:00Z", "alcohol", 1, "drink")};
  CHECK(count_kind(recent.go(), "quiet") == 0);
  recent.settings.quiet_days = 2;
  CHECK(count_kind(recent.go(), "quiet") == 1);

  Run empty;  // nothing ever logged: nothing to say
  CHECK(empty.go().empty());
}

TEST_CASE("reminders: most important first, and a just-logged entry not in the list gives none") {
  Run run;
  run.entries = {use("A1", "2026-11-20T20:00:00Z", "beer"), use("H0", "2026-11-01T20:00:00Z", "heroin"),
                 use("H1", "2026-11-20T21:00:00Z", "heroin"),
                 urge("U1", "2026-11-20T12:00:00Z", 5, Outcome::rode_out)};
  auto rs = run.go();
  REQUIRE(rs.size() >= 3);
  for (size_t i = 1; i < rs.size(); ++i)
    CHECK(severity_rank(rs[i - 1].severity) <= severity_rank(rs[i].severity));
  CHECK(rs.front().severity == "dangerous");
  run.just = "NOPE";
  CHECK(run.go().empty());
}

TEST_CASE("reminders: no word VOICE.md asks to avoid, in any text or template") {
  std::vector<std::string> texts = seen_texts();
  for (auto& p : reminder_phrases()) texts.push_back(p);
  CHECK(texts.size() > 60);
  for (const char* word : {"addict", "junkie", "abuser", "alcoholic", "abuse", "misuse", "binge",
                           "clean", "dirty", "relapse", "slip", "fell off", "failure", "cheated",
                           "bad day", "broke your streak", "willpower", "should", "must", "habit",
                           "vice", "wasted", "strung out", "denial"})
    for (const auto& t : texts) CHECK_MESSAGE(!has_word(t, word), word << " in: " << t);
}
