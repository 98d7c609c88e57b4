#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/interactions.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/util/text.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::plan_version;
using ebb::test::has_word;

namespace {

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

// 2026-11-20 is a Friday.
struct Run {
  std::vector<Entry> entries;
  std::vector<PlanVersion> versions;
  std::map<std::string, Instant> earlier;
  /// The latest entry before the window; unset: the latest of `earlier`.
  std::optional<Instant> last_before;
  std::map<std::string, std::string> help;
  std::vector<Medication> medications;
  const char* now = "2026-11-20T22:00:00Z";
  std::optional<std::string> just;
  bool discreet = false;
  bool no_last_entry = false;
  bool quote_why = true;
  ReminderSettings settings;

  // The log started well before these weeks, unless a test says otherwise.
  std::optional<Instant> first_entry_at = at("2026-10-01T12:00:00Z");
  std::vector<Reminder> go() {
    ReminderInput in;
    in.entries = entries;
    in.versions = versions;
    in.earlier_uses = earlier;
    in.last_entry_before = last_before;
    for (const auto& [name, t] : earlier)
      if (!last_before && (!in.last_entry_before || t > *in.last_entry_before))
        in.last_entry_before = t;
    in.help_lines = help;
    in.medications = medications;
    in.now = at(now);
    in.zone = find_zone("UTC");
    in.settings = settings;
    in.discreet = discreet;
    in.just_logged = just;
    in.quote_why = quote_why;
    in.first_entry_at = first_entry_at;
    std::optional<Instant> last;
    for (const auto& e : entries)
      if (!last || e.at > *last) last = e.at;
    for (const auto& [name, t] : earlier)
      if (!last || t > *last) last = t;
    if (!no_last_entry) in.last_entry_at = last;
    return compute_reminders(in);
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
  // Both are in the log: ebb says they're being mixed, with one fact and one step.
  CHECK(r.text ==
        "You're mixing alcohol and heroin: alcohol and opioids together can slow breathing a "
        "lot. Keep naloxone within reach.");
  CHECK(r.summary == "alcohol and heroin within 1 hour");
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

TEST_CASE("reminders: uses exactly combination_window_hours apart count as taken together") {
  // ebb(1): "Uses this many hours apart count as taken together when noting combinations".
  Run run;
  run.entries = {use("A1", "2026-11-20T09:00:00Z", "beer"), use("D1", "2026-11-20T21:00:00Z", "diazepam")};
  run.now = "2026-11-20T21:00:00Z";
  run.just = "D1";
  CHECK(count_kind(run.go(), "safety") == 1);  // right after the diazepam is logged
  run.just.reset();
  CHECK(count_kind(run.go(), "safety") == 1);  // and in `check`, the beer 12 hours back

  run.entries[1].at += std::chrono::seconds{1};  // a second more: not together
  run.now = "2026-11-20T21:00:01Z";
  run.just = "D1";
  CHECK(count_kind(run.go(), "safety") == 0);
  run.just.reset();
  CHECK(count_kind(run.go(), "safety") == 0);

  run.settings.combination_window_hours = 2;  // the edge of a configured window, too
  run.entries = {use("A1", "2026-11-20T19:00:00Z", "beer"), use("H1", "2026-11-20T21:00:00Z", "heroin")};
  run.now = "2026-11-20T21:00:00Z";
  run.just = "H1";
  CHECK(count_kind(run.go(), "safety") == 1);
}

TEST_CASE("reminders: tolerance after a break for opioids, benzos, GHB and alcohol") {
  // SAFETY.md and ebb(1): an opioid, benzodiazepine, GHB or alcohol use after
  // tolerance_break_days (7) or more without that class gets a tolerance note.
  for (auto pair : {std::pair{"heroin", "oxycodone"}, std::pair{"diazepam", "xanax"},
                    std::pair{"ghb", "gbl"}, std::pair{"wine", "beer"},
                    std::pair{"clonazepam", "alprazolam"}}) {
    const char* first = pair.first;  // not structured bindings: clang 14 can't capture them
    const char* then = pair.second;
    CAPTURE(then);
    Run run;
    run.entries = {use("P0", "2026-11-13T21:00:00Z", first), use("P1", "2026-11-20T21:00:00Z", then)};
    run.just = "P1";
    run.settings.alcohol_notes = true;  // alcohol's notes are quiet unless asked for
    auto rs = run.go();
    const Reminder* t = find_kind(rs, "tolerance");
    REQUIRE(t);  // exactly 7 days: "7 or more"
    CHECK(t->id == "tolerance:P1");
    CHECK(t->entry_ids == std::vector<std::string>{"P1"});
    CHECK(t->text.find("7 days") != std::string::npos);
    CHECK(t->severity != "good");
    if (std::string_view(then) != "beer") CHECK(t->severity != "info");  // alcohol: a quiet note

    run.entries[0].at += std::chrono::seconds{1};  // a second short of 7 days: no note
    CHECK(count_kind(run.go(), "tolerance") == 0);
  }
  for (auto name : {"cannabis", "cocaine", "lsd", "mdma", "nicotine"}) {  // not these classes
    CAPTURE(name);
    Run run;
    run.entries = {use("P0", "2026-10-20T21:00:00Z", name), use("P1", "2026-11-20T21:00:00Z", name)};
    run.just = "P1";
    CHECK(count_kind(run.go(), "tolerance") == 0);
  }
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
  CHECK(t->severity == "dangerous");
  CHECK(t->id == "tolerance:H1");
  // Nothing logged in between: ebb doesn't know it was a break, only when it was last logged.
  CHECK(t->text ==
        "You last logged opioids 8 days ago; if you haven't used since, tolerance drops fast in "
        "that time. A much smaller amount than before is safer.");

  // Something logged during the gap: the log shows a break.
  run.entries.push_back(use("A5", "2026-11-15T20:00:00Z", "beer", 2, "drink"));
  auto logged = run.go();
  t = find_kind(logged, "tolerance");
  REQUIRE(t);
  CHECK(t->text ==
        "It's been 8 days without opioids, and tolerance drops fast in a break. A much smaller "
        "amount than before is safer.");
  CHECK(t->summary == "heroin after 8 days without opioids");

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

  Run drink;  // alcohol after a break is quiet: off unless alcohol_notes, then info
  drink.settings.tolerance_break_days = 9;
  drink.entries = {use("A0", "2026-11-11T20:00:00Z", "wine"), use("A1", "2026-11-20T21:00:00Z", "beer")};
  drink.just = "A1";
  CHECK(count_kind(drink.go(), "tolerance") == 0);
  drink.settings.alcohol_notes = true;
  drink.settings.tolerance_break_days = 10;
  CHECK(count_kind(drink.go(), "tolerance") == 0);  // 9 days, break set to 10
  drink.settings.tolerance_break_days = 9;
  auto d = drink.go();
  REQUIRE(find_kind(d, "tolerance"));
  CHECK(find_kind(d, "tolerance")->severity == "info");
  CHECK(find_kind(d, "tolerance")->help_lines.empty());

  // Benzodiazepines, GHB and barbiturates after a break are dangerous too, with help lines.
  for (const char* s : {"xanax", "ghb", "phenobarbital", "zopiclone"}) {
    Run other;
    other.help["Overdose line"] = "0800 000 000";
    other.entries = {use("B0", "2026-11-01T20:00:00Z", s), use("B1", "2026-11-20T21:00:00Z", s)};
    other.just = "B1";
    auto o = other.go();
    const Reminder* tol = find_kind(o, "tolerance");
    REQUIRE_MESSAGE(tol, s);
    CHECK(tol->severity == "dangerous");
    CHECK(tol->help_lines.size() == 1);
  }
}

TEST_CASE("reminders: redosing inside the onset window of the same substance") {
  Run run;
  run.entries = {use("M0", "2026-11-20T21:00:00Z", "mdma"), use("M1", "2026-11-20T21:25:00Z", "molly")};
  run.just = "M1";
  run.now = "2026-11-20T21:26:00Z";
  auto rs = run.go();
  const Reminder* r = find_kind(rs, "redose");
  REQUIRE(r);
  // Worded for after the second dose; the time is when the second can have acted too.
  CHECK(r->text ==
        "You've had two doses of mdma within 25 minutes; the first may not have peaked yet. "
        "Waiting until 22:35 before any more lets both take full effect.");
  CHECK(r->entry_ids == std::vector<std::string>{"M0", "M1"});

  // In `check`, once the first has had its time the note is gone: no time already past.
  run.just.reset();
  run.now = "2026-11-20T21:50:00Z";
  CHECK(count_kind(run.go(), "redose") == 1);
  run.now = "2026-11-20T22:15:00Z";
  CHECK(count_kind(run.go(), "redose") == 0);

  Run beer;  // a second drink soon after the first: quiet unless alcohol_notes
  beer.entries = {use("A0", "2026-11-20T21:00:00Z", "beer"),
                  use("A1", "2026-11-20T21:10:00Z", "beer")};
  beer.just = "A1";
  beer.now = "2026-11-20T21:10:00Z";
  CHECK(count_kind(beer.go(), "redose") == 0);
  beer.settings.alcohol_notes = true;
  auto noted = beer.go();
  const Reminder* b = find_kind(noted, "redose");
  REQUIRE(b);
  CHECK(b->severity == "info");
  CHECK(b->text.rfind("You've had two drinks within 10 minutes", 0) == 0);

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

TEST_CASE("reminders: a redose note only inside the onset window, its end excluded") {
  // SAFETY.md: a second dose inside the first one's onset window (MDMA 20-70 minutes) gets a
  // gentle note; once the window is over the first has had its time to kick in.
  Run run;
  run.entries = {use("M0", "2026-11-20T20:00:00Z", "mdma"), use("M1", "2026-11-20T21:09:59Z", "mdma")};
  run.just = "M1";
  run.now = "2026-11-20T21:09:59Z";  // just logged
  CHECK(count_kind(run.go(), "redose") == 1);  // 69 minutes 59 seconds
  run.entries[1].at = at("2026-11-20T21:10:00Z");
  run.now = "2026-11-20T21:10:00Z";
  CHECK(count_kind(run.go(), "redose") == 0);  // 70 minutes: the window is over
}

TEST_CASE("reminders: the quiet invitation comes after exactly quiet_days days") {
  // ebb(1): after quiet_days (4) days with nothing logged, a gentle invitation to log.
  Run run;
  run.now = "2026-11-20T22:00:00Z";
  run.entries = {use("A1", "2026-11-16T22:00:00Z", "alcohol", 1, "drink")};
  CHECK(count_kind(run.go(), "quiet") == 1);  // 4 days to the second
  run.entries[0].at = at("2026-11-16T22:00:01Z");
  CHECK(count_kind(run.go(), "quiet") == 0);  // a second short of 4 days
  run.settings.quiet_days = 1;
  run.entries[0].at = at("2026-11-19T22:00:00Z");
  CHECK(count_kind(run.go(), "quiet") == 1);  // and for a configured number of days
}

TEST_CASE("reminders: discreet text names no substance") {
  std::vector<Run> runs(4);
  runs[0].entries = {use("A1", "2026-11-20T20:00:00Z", "beer"), use("H1", "2026-11-20T21:00:00Z", "heroin")};
  runs[1].entries = {use("H0", "2026-11-01T20:00:00Z", "heroin"), use("H1", "2026-11-20T21:00:00Z", "heroin")};
  runs[2].entries = {use("M0", "2026-11-20T21:00:00Z", "mdma"), use("M1", "2026-11-20T21:10:00Z", "mdma"),
                     use("C1", "2026-11-20T21:20:00Z", "cocaine")};
  runs[3].entries = {use("A1", "2026-11-20T20:00:00Z", "alcohol", 5, "drink"),
                     use("A2", "2026-11-20T21:00:00Z", "alcohol", 1, "drink")};
  runs[3].versions = {plan_version(1, "2026-11-01T00:00:00Z",
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
        "You're mixing two things that together can slow breathing. Have someone with you, or "
        "ask someone to check in on you.");
}

TEST_CASE("reminders: plan limits, approaching, day off and the person's words") {
  const char* plan =
      "why = \"present for my kids\"\nwhen_urge = \"text Sam, make tea\"\n"
      "[alcohol]\nmax_per_day = 4\nmax_per_week = 20\ndays_off = [\"mon\"]\n"
      "not_after = \"23:00\"\n[heroin]\nnot_alone = true\n[safety]\ntest_first = [\"opioid\"]\n";
  Run over;
  over.versions = {plan_version(1, "2026-11-01T00:00:00Z", plan)};
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
  // The person's words go with the good note of the week, not with the day off.
  CHECK(off->text == "Today is one of your planned days off from alcohol.");
  for (const auto& x : m)
    if (x.id.rfind("week:", 0) == 0)
      CHECK(x.text == "Last week matched your plan on all 7 days. In your words: \"present for "
                      "my kids\".");

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
  run.versions = {plan_version(1, "2026-11-01T00:00:00Z", plan)};
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
  CHECK(find_kind(b, "encouragement")->text == "Good to see you back after 10 days.");
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

// One situation with a note of every severity: alcohol, cocaine and heroin within an hour
// (dangerous and unsafe mixes), MDMA twice inside its onset window (caution), a planned day
// off from cannabis today (info) and an urge ridden out (good).
Run every_severity() {
  Run run;
  run.versions = {plan_version(1, "2026-11-01T00:00:00Z", "[cannabis]\ndays_off = [\"fri\"]\n")};
  run.entries = {use("A1", "2026-11-20T20:00:00Z", "beer"), use("C1", "2026-11-20T20:30:00Z", "cocaine"),
                 use("H1", "2026-11-20T21:00:00Z", "heroin"), use("M0", "2026-11-20T21:10:00Z", "mdma"),
                 use("M1", "2026-11-20T21:20:00Z", "mdma"),
                 urge("U1", "2026-11-20T12:00:00Z", 5, Outcome::rode_out)};
  return run;
}

TEST_CASE("reminders: most important first, in the documented order of severities") {
  // ebb(1), CHECK: severity is one of dangerous, unsafe, caution, info, good, most important
  // first. The order is written out here rather than asked of the code under test.
  const std::vector<std::string> documented = {"dangerous", "unsafe", "caution", "info", "good"};
  auto place = [&](const std::string& severity) {
    auto it = std::find(documented.begin(), documented.end(), severity);
    REQUIRE_MESSAGE(it != documented.end(), severity);
    return it - documented.begin();
  };
  Run run = every_severity();
  auto rs = run.go();
  std::vector<std::string> seen;
  for (size_t i = 0; i < rs.size(); ++i) {
    CAPTURE(rs[i].id);
    if (i > 0) CHECK(place(rs[i - 1].severity) <= place(rs[i].severity));
    if (seen.empty() || seen.back() != rs[i].severity) seen.push_back(rs[i].severity);
  }
  CHECK(seen == documented);  // each severity once, in order: the situation has them all

  // The same order whatever order the entries come in.
  std::reverse(run.entries.begin(), run.entries.end());
  auto again = run.go();
  REQUIRE(again.size() == rs.size());
  for (size_t i = 0; i < rs.size(); ++i) CHECK(again[i].severity == rs[i].severity);

  run.just = "NOPE";  // a just-logged entry that is not in the list gives none
  CHECK(run.go().empty());
}

TEST_CASE("reminders: heroin alone, untested, after beer and 13 days without opioids") {
  // The riskiest moment first: a step for someone alone, then the mix, then the break; each
  // note one fact and at most one step, and no step said twice.
  Run run;
  run.help["Never Use Alone"] = "800-484-3731";
  run.versions = {plan_version(1, "2026-11-01T00:00:00Z",
                          "why = \"I want to be there for Mia.\"\n[alcohol]\nmax_per_day = 3\n"
                          "[heroin]\nnot_alone = true\n[safety]\ntest_first = [\"opioid\"]\n")};
  run.entries = {use("H0", "2026-11-01T21:00:00Z", "heroin"),
                 use("A0", "2026-11-09T20:00:00Z", "beer", 2, "drink"),
                 use("A1", "2026-11-14T21:00:00Z", "beer", 4, "drink"),
                 use("H1", "2026-11-14T23:50:00Z", "heroin", 20, "mg")};
  run.entries.back().alone = true;
  run.entries.back().tested = false;
  run.now = "2026-11-14T23:50:00Z";
  run.just = "H1";
  auto rs = run.go();
  REQUIRE(rs.size() >= 6);
  CHECK(rs[0].id == "alone:H1");
  CHECK(rs[0].severity == "dangerous");
  CHECK(rs[0].text == "On your own, no one is there to help if your breathing slows. Ask someone "
                      "to check in on you now, and keep naloxone within reach.");
  CHECK(rs[0].help_lines.size() == 1);
  CHECK(rs[1].id == "combination:A1,H1");
  CHECK(rs[1].severity == "dangerous");
  // Its naloxone step was said just above.
  CHECK(rs[1].text == "You're mixing alcohol and heroin: alcohol and opioids together can slow "
                      "breathing a lot.");
  CHECK(rs[2].kind == "tolerance");
  CHECK(rs[2].severity == "dangerous");
  CHECK(rs[2].text == "It's been 13 days without opioids, and tolerance drops fast in a break. A "
                      "much smaller amount than before is safer.");
  CHECK(rs[2].help_lines.size() == 1);
  CHECK(rs[3].id == "untested:H1");
  CHECK(rs[3].severity == "unsafe");
  // The smaller amount was said by the tolerance note: the short step.
  CHECK(rs[3].text == "Heroin and opioid pills can hold fentanyl or nitazenes, which are far "
                      "stronger. Test what's left with fentanyl and nitazene strips.");
  // Then the plan: alone and untested, without repeating a step.
  for (size_t i = 4; i < rs.size(); ++i) CHECK(rs[i].kind == "plan");
  for (const auto& r : rs) {
    if (r.id.rfind("plan:not_alone", 0) == 0)
      CHECK(r.text == "You logged heroin alone; your plan says with someone.");
    if (r.id.rfind("plan:test_first", 0) == 0)
      CHECK(r.text == "Your plan says to test heroin first, and this one isn't marked as tested.");
  }
  CHECK(reminders_to_show(rs, 2) == 3);  // every dangerous one, however few are asked for
  CHECK(reminders_to_show(rs, 5) == 5);

  // The same in discreet mode: the order holds, and nothing is named.
  run.discreet = true;
  auto d = run.go();
  CHECK(d[0].id == "alone:H1");
  CHECK(d[1].id == "combination:A1,H1");
  CHECK(d[2].kind == "tolerance");
  CHECK(d[2].text == "It's been 13 days without something like this, and tolerance drops fast in "
                     "a break. A much smaller amount than before is safer.");
}

TEST_CASE("reminders: a second dose alone and untested reads once in check, as in JSON") {
  Run run;
  run.entries = {use("H1", "2026-11-14T23:50:00Z", "heroin", 20, "mg"),
                 use("H2", "2026-11-15T00:20:00Z", "heroin", 10, "mg")};
  for (auto& e : run.entries) e.alone = true, e.tested = false;
  run.now = "2026-11-15T03:45:00Z";
  auto rs = run.go();
  std::set<std::string> facts;
  for (const auto& r : rs) CHECK(facts.insert(r.fact).second);
  CHECK(std::count_if(rs.begin(), rs.end(),
                      [](const Reminder& r) { return r.id.rfind("alone:", 0) == 0; }) == 1);
  CHECK(std::count_if(rs.begin(), rs.end(),
                      [](const Reminder& r) { return r.id.rfind("untested:", 0) == 0; }) == 1);
}

TEST_CASE("reminders: alone with a sedative, and only then") {
  Run benzo;
  benzo.entries = {use("X1", "2026-11-20T21:00:00Z", "xanax")};
  benzo.entries[0].alone = true;
  benzo.just = "X1";
  auto b = benzo.go();
  REQUIRE(find_kind(b, "safety"));
  CHECK(find_kind(b, "safety")->severity == "unsafe");
  CHECK(find_kind(b, "safety")->text ==
        "On your own, no one is there to help if you pass out. Ask someone to check in on you "
        "now.");

  Run beer;  // a beer at home alone is no safety matter
  beer.entries = {use("A1", "2026-11-20T21:00:00Z", "beer")};
  beer.entries[0].alone = true;
  beer.just = "A1";
  CHECK(count_kind(beer.go(), "safety") == 0);

  Run after;  // ... unless an opioid is still active
  after.entries = {use("H1", "2026-11-20T19:00:00Z", "heroin"),
                   use("A1", "2026-11-20T21:00:00Z", "beer")};
  after.entries[1].alone = true;
  after.just = "A1";
  auto a = after.go();
  REQUIRE(!a.empty());
  CHECK(a[0].id == "alone:A1");
  CHECK(a[0].severity == "dangerous");

  Run with;  // with someone: no alone note
  with.entries = {use("H1", "2026-11-20T21:00:00Z", "heroin")};
  with.entries[0].alone = false;
  with.just = "H1";
  CHECK(count_kind(with.go(), "safety") == 0);
}

TEST_CASE("reminders: untested opioids, benzos and stimulants, only when marked untested") {
  struct Case {
    const char* substance;
    const char* severity;
    const char* start;
  };
  for (const Case& c : {Case{"cocaine", "caution", "Some powder cocaine and meth holds fentanyl"},
                        Case{"xanax", "unsafe", "Pills sold as benzos"},
                        Case{"oxycodone", "unsafe", "Heroin and opioid pills"}}) {
    Run run;
    run.entries = {use("U1", "2026-11-20T21:00:00Z", c.substance)};
    run.entries[0].tested = false;
    run.just = "U1";
    auto rs = run.go();
    REQUIRE_MESSAGE(find_kind(rs, "safety"), c.substance);
    CHECK(find_kind(rs, "safety")->severity == c.severity);
    CHECK(find_kind(rs, "safety")->text.rfind(c.start, 0) == 0);
    CHECK(find_kind(rs, "safety")->text.find("and start with a small amount.") !=
          std::string::npos);
    run.entries[0].tested.reset();  // not saying is not "untested"
    CHECK(count_kind(run.go(), "safety") == 0);
  }
  Run weed;
  weed.entries = {use("W1", "2026-11-20T21:00:00Z", "weed")};
  weed.entries[0].tested = false;
  weed.just = "W1";
  CHECK(count_kind(weed.go(), "safety") == 0);
}

TEST_CASE("reminders: the documented order, whatever order the rules find things in") {
  auto r = [](const char* kind, const char* severity) {
    Reminder x;
    x.kind = kind;
    x.severity = severity;
    x.id = std::string(kind) + ":" + severity;
    return x;
  };
  std::vector<Reminder> list = {r("quiet", "info"),         r("encouragement", "good"),
                                r("spending", "info"),      r("plan", "info"),
                                r("redose", "caution"),     r("tolerance", "info"),
                                r("safety", "caution"),     r("safety", "unsafe"),
                                r("tolerance", "dangerous"), r("safety", "dangerous")};
  order_reminders(&list);
  std::vector<std::string> ids;
  for (const auto& x : list) ids.push_back(x.id);
  CHECK(ids == std::vector<std::string>{"safety:dangerous", "tolerance:dangerous",
                                        "safety:unsafe", "safety:caution", "redose:caution",
                                        "tolerance:info", "plan:info", "spending:info",
                                        "encouragement:good", "quiet:info"});
  CHECK(reminder_lead(list[0]) == "Safety:");
  CHECK(reminder_lead(list[2]) == "Take care:");
  CHECK(reminder_lead(list[6]).empty());
}

TEST_CASE("reminders: two pairs kept apart have two ids") {
  Run run;
  run.versions = {plan_version(1, "2026-11-01T00:00:00Z",
                          "[safety]\navoid = [[\"alcohol\", \"benzodiazepine\"], "
                          "[\"alcohol\", \"opioid\"]]\n")};
  run.entries = {use("A1", "2026-11-20T19:00:00Z", "beer"),
                 use("X1", "2026-11-20T20:00:00Z", "xanax"),
                 use("H1", "2026-11-20T21:00:00Z", "heroin")};
  auto rs = run.go();
  std::set<std::string> ids;
  int pairs = 0;
  for (const auto& r : rs)
    if (r.id.rfind("plan:avoid_combination", 0) == 0) ++pairs, ids.insert(r.id);
  CHECK(pairs == 2);
  CHECK(ids.size() == 2);
}

TEST_CASE("reminders: an urge met another way counts, and the urge plan waits for an open one") {
  const char* plan = "when_urge = \"Text Sam, make tea.\"\n";
  Run other;
  other.versions = {plan_version(1, "2026-11-01T00:00:00Z", plan)};
  other.entries = {urge("U1", "2026-11-20T21:00:00Z", 8, Outcome::other, 3)};
  other.entries[0].outcome_note = "went climbing";
  other.just = "U1";
  auto o = other.go();
  REQUIRE(o.size() == 1);  // credit, and no plan for urges: they coped
  CHECK(o[0].kind == "encouragement");
  CHECK(o[0].text ==
        "You met an urge at 8/10 another way (\"went climbing\"), and it went down to 3/10.");
  other.discreet = true;  // their words may name something
  CHECK(other.go()[0].text == "You met an urge at 8/10 another way, and it went down to 3/10.");

  Run used;
  used.versions = other.versions;
  used.entries = {urge("U2", "2026-11-20T21:00:00Z", 6, Outcome::used)};
  used.just = "U2";
  CHECK(used.go().empty());

  Run open;  // no outcome yet: the person's plan, quoted without doubled punctuation
  open.versions = other.versions;
  open.entries = {urge("U3", "2026-11-20T21:00:00Z", 6, Outcome::none)};
  open.just = "U3";
  auto u = open.go();
  REQUIRE(u.size() == 1);
  CHECK(u[0].text == "Your plan for urges: \"Text Sam, make tea.\"");
}

TEST_CASE("reminders: the person's why at most once a list, and not when quoted lately") {
  const char* plan = "why = \"I want to be there for Mia.\"\n[alcohol]\nmax_per_day = 2\n"
                     "[cannabis]\nmax_per_day = 1\n";
  Run run;
  run.versions = {plan_version(1, "2026-11-01T00:00:00Z", plan)};
  run.entries = {use("A1", "2026-11-20T19:00:00Z", "beer", 3, "drink"),
                 use("C1", "2026-11-20T20:00:00Z", "weed", 2, "g")};
  auto rs = run.go();
  int quoted = 0;
  for (const auto& r : rs)
    if (r.text.find("In your words") != std::string::npos) {
      ++quoted;
      CHECK(r.text.find("there for Mia.\"") != std::string::npos);
      CHECK(r.text.find(".\".") == std::string::npos);
    }
  CHECK(quoted == 1);
  run.quote_why = false;
  for (const auto& r : run.go()) CHECK(r.text.find("In your words") == std::string::npos);
}

TEST_CASE("reminders: a day off with a use asks about it only when nothing says why") {
  Run run;
  run.versions = {plan_version(1, "2026-11-01T00:00:00Z", "[alcohol]\ndays_off = [\"fri\"]\n")};
  run.entries = {use("A1", "2026-11-20T19:00:00Z", "beer")};
  run.just = "A1";
  auto plain = run.go();
  REQUIRE(find_kind(plain, "plan"));
  CHECK(find_kind(plain, "plan")->text ==
        "Today is a planned day off from alcohol, and you logged 1 use. Want to note what was "
        "going on?");
  run.entries[0].reason = "my sister's birthday";
  auto told = run.go();
  REQUIRE(find_kind(told, "plan"));
  CHECK(find_kind(told, "plan")->text ==
        "Today is a planned day off from alcohol, and you logged 1 use.");
  run.entries[0].reason.clear();
  run.entries[0].note = "long week";
  auto noted = run.go();
  CHECK(find_kind(noted, "plan")->text.find("Want to note") == std::string::npos);
}

TEST_CASE("reminders: review_on says so on and after the day, until the plan is saved again") {
  const char* plan = "review_on = 2026-11-18\n[alcohol]\nmax_per_day = 4\n";
  Run run;
  run.versions = {plan_version(3, "2026-11-01T00:00:00Z", plan)};
  run.entries = {use("A1", "2026-11-10T20:00:00Z", "beer")};
  run.now = "2026-11-17T12:00:00Z";
  for (const auto& r : run.go()) CHECK(r.id.rfind("review_on:", 0) != 0);
  run.now = "2026-11-18T12:00:00Z";
  auto on = run.go();
  const Reminder* r = nullptr;
  for (const auto& x : on)
    if (x.id == "review_on:2026-11-18:3") r = &x;
  REQUIRE(r);
  CHECK(r->kind == "plan");
  CHECK(r->text == "Today is the day you planned to look at your plan again. Whenever it suits "
                   "you, ebb plan shows it and ebb plan edit changes it.");
  run.now = "2026-11-20T12:00:00Z";
  bool later = false;
  for (const auto& x : run.go())
    later |= x.text.rfind("You planned to look at your plan again on 2026-11-18.", 0) == 0;
  CHECK(later);
  // Saved again (the same text) after the day: the person has looked.
  run.versions.push_back(plan_version(4, "2026-11-19T09:00:00Z", plan));
  for (const auto& x : run.go()) CHECK(x.id.rfind("review_on:", 0) != 0);
  // ... and after a use, never.
  run.versions.pop_back();
  run.entries.push_back(use("A2", "2026-11-20T11:00:00Z", "beer"));
  run.just = "A2";
  for (const auto& x : run.go()) CHECK(x.id.rfind("review_on:", 0) != 0);
}

TEST_CASE("reminders: safety events of a period, for review and report") {
  Run run;
  run.entries = {use("H0", "2026-11-01T21:00:00Z", "heroin"),
                 use("A0", "2026-11-05T20:00:00Z", "beer"),
                 use("A1", "2026-11-14T21:00:00Z", "beer"),
                 use("H1", "2026-11-14T23:50:00Z", "heroin"),
                 use("A2", "2026-11-15T20:00:00Z", "beer"),
                 use("H2", "2026-11-15T21:00:00Z", "heroin"),
                 use("C1", "2026-11-16T21:00:00Z", "cocaine")};
  run.entries[3].alone = true;
  run.entries[6].tested = false;
  ReminderInput in;
  in.entries = run.entries;
  in.now = at("2026-11-20T12:00:00Z");
  in.zone = find_zone("UTC");
  auto ev = safety_events(in, at("2026-11-14T00:00:00Z"), at("2026-11-21T00:00:00Z"));
  std::vector<std::string> ids;
  for (const auto& e : ev) ids.push_back(e.id);
  // Oldest first; the mix on two nights is two events; the heroin of the 15th is no break.
  CHECK(ids == std::vector<std::string>{"alone:H1", "combination:A1,H1", "tolerance:H1",
                                        "combination:A2,H2", "untested:C1"});
  CHECK(ev[0].summary == "heroin, on your own");
  CHECK(ev[1].summary == "alcohol and heroin within 3 hours");
  CHECK(ev[2].summary == "heroin after 13 days without opioids");
  CHECK(ev[4].summary == "cocaine, not tested");
  // A period that starts after the first use of a pair still sees the pair.
  auto late = safety_events(in, at("2026-11-14T22:00:00Z"), at("2026-11-15T00:00:00Z"));
  REQUIRE(late.size() == 3);
  CHECK(late[1].id == "combination:A1,H1");
}

TEST_CASE("reminders: safety events of a period pair uses at one time and after the period") {
  // Two uses at one moment, a later one the same night, and one the next morning after the
  // period: a mix is told once a day, from its earliest pair, and a pair reaching past the
  // period's end is told on its own day, after the pairs inside the period.
  Run run;
  run.entries = {use("A1", "2026-11-14T20:00:00Z", "beer"),
                 use("H1", "2026-11-14T20:00:00Z", "heroin"),
                 use("H2", "2026-11-14T22:00:00Z", "heroin"),
                 use("A3", "2026-11-15T05:00:00Z", "beer")};
  ReminderInput in;
  in.entries = run.entries;
  in.now = at("2026-11-15T12:00:00Z");
  in.zone = find_zone("UTC");
  std::vector<std::string> mixes;
  for (const auto& e : safety_events(in, at("2026-11-14T04:00:00Z"), at("2026-11-15T04:00:00Z")))
    if (e.id.rfind("combination:", 0) == 0) mixes.push_back(e.id + " " + e.summary);
  CHECK(mixes == std::vector<std::string>{
                     "combination:A1,H1 alcohol and heroin within 0 minutes",
                     "combination:A3,H1 heroin and alcohol within 9 hours"});
}

TEST_CASE("reminders: no word VOICE.md asks to avoid, in any text or template") {
  // The texts of a sample of every kind of note, plain and discreet, made here so the check
  // does not depend on which other tests ran before it, and every template.
  std::vector<Run> sample(5);
  sample[0] = every_severity();
  sample[1].entries = {use("H0", "2026-11-01T20:00:00Z", "heroin"), use("H1", "2026-11-20T21:00:00Z", "heroin")};
  sample[2].entries = {use("A1", "2026-11-11T20:00:00Z", "alcohol", 1, "drink")};
  sample[3].versions = {plan_version(1, "2026-11-01T00:00:00Z",
                                "why = \"for me\"\nwhen_urge = \"tea\"\n[alcohol]\nmax_per_day = 4\n"
                                "max_per_week = 8\nnot_after = \"21:00\"\n")};
  sample[3].entries = {use("A1", "2026-11-18T20:00:00Z", "alcohol", 3, "drink"),
                       use("A2", "2026-11-20T21:30:00Z", "alcohol", 5, "drink")};
  sample[4].versions = sample[3].versions;
  sample[4].entries = {use("A1", "2026-11-10T20:00:00Z", "alcohol", 3, "drink"),
                       urge("U2", "2026-11-20T21:00:00Z", 6, Outcome::none)};
  sample[4].just = "U2";
  std::vector<std::string> texts;
  std::set<std::string> kinds;
  for (bool discreet : {false, true})
    for (auto& run : sample) {
      run.discreet = discreet;
      for (const auto& r : run.go()) {
        texts.push_back(r.text);
        kinds.insert(r.kind);
      }
    }
  CHECK(kinds == std::set<std::string>{"safety", "tolerance", "redose", "plan", "encouragement",
                                       "quiet"});
  for (auto& p : reminder_phrases()) texts.push_back(p);
  CHECK(texts.size() > 100);
  for (const auto& t : texts) {
    std::string problem = ebb::test::voice_problem(t);
    CHECK_MESSAGE(problem.empty(), problem << " in: " << t);
  }
}

namespace {

// Six weeks of a varied life (drinks, heroin now and then with a break, cannabis, diazepam,
// MDMA, sometimes a second dose soon after, urges, moods, a quiet spell), an entry every few
// hours, from a fixed seed.
std::vector<Entry> six_weeks() {
  std::vector<Entry> out;
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u, seed >> 8; };
  static const char* kWhat[] = {"beer", "heroin", "weed", "alcohol", "diazepam", "mdma"};
  Instant t = at("2026-10-10T08:00:00Z");
  int n = 0;
  while (t < at("2026-11-23T23:00:00Z")) {
    t += std::chrono::minutes{90 + next() % 600};
    // Nothing between 11 and 16 Nov: a quiet spell.
    if (t > at("2026-11-11T00:00:00Z") && t < at("2026-11-16T12:00:00Z")) continue;
    std::string id = fmt::format("E{:04}", n++);
    Entry e;
    switch (next() % 6) {
      case 0:
        e = urge("", "2026-01-01T00:00:00Z", int(next() % 11),
                 next() % 2 ? Outcome::rode_out : Outcome::none);
        break;
      case 1:
        e.kind = Kind::mood;
        e.zone = "UTC";
        e.score = int(1 + next() % 10);
        break;
      default: {
        const char* what = kWhat[next() % 6];
        bool drink = std::string(what) == "beer" || std::string(what) == "alcohol";
        // Heroin only in the first and the last week: the last after a break.
        if (std::string(what) == "heroin" && t > at("2026-10-20T00:00:00Z") &&
            t < at("2026-11-16T00:00:00Z"))
          what = "weed";
        e = use("", "2026-01-01T00:00:00Z", what, drink ? 1.0 + next() % 4 : 1.0,
                drink ? "drink" : "");
        if (next() % 3 == 0) e.alone = true;
      }
    }
    e.id = id;
    e.at = t;
    // Now and then a second dose 20 minutes after the first.
    bool again = e.kind == Kind::use && next() % 4 == 0;
    out.push_back(e);
    if (again) {
      e.id = fmt::format("E{:04}", n++);
      e.at = t += std::chrono::minutes{20};
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("reminders: the entries from reminder_entries_since() on give what all of them give") {
  auto all = six_weeks();
  auto versions = std::vector<PlanVersion>{plan_version(
      1, "2026-10-01T00:00:00Z",
      "why = \"for me\"\n[alcohol]\nmax_per_day = 4\nmax_per_week = 12\ndays_off = [\"mon\", "
      "\"thu\"]\n[heroin]\nmin_hours_between = 24\n")};
  ReminderSettings settings;
  DaySettings days;
  int compared = 0;
  std::set<std::string> said;  // the kinds of note compared, by the start of their ids
  // Every day of the last two weeks, morning and night, and five minutes after each entry of
  // them; after logging and in `check`.
  std::vector<Instant> nows;
  for (int d = 0; d < 14; ++d)
    for (int minutes : {450, 1390})
      nows.push_back(at("2026-11-10T00:00:00Z") + date::days{d} + std::chrono::minutes{minutes});
  for (const auto& e : all)
    if (e.at >= at("2026-11-10T00:00:00Z")) nows.push_back(e.at + std::chrono::minutes{5});
  for (Instant now : nows)
      for (bool after_logging : {false, true}) {
        std::vector<Entry> upto;
        for (const auto& e : all)
          if (e.at <= now) upto.push_back(e);
        if (upto.empty()) continue;
        Instant since = reminder_entries_since(settings, days, find_zone("UTC"), now, after_logging);
        auto inputs = [&](std::span<const Entry> entries, Instant from) {
          ReminderInput in;
          in.entries = entries;
          for (const auto& e : upto)
            if (e.at < from) {
              if (e.kind == Kind::use) in.earlier_uses[e.substance] = e.at;
              in.last_entry_before = e.at;
            }
          in.versions = versions;
          in.settings = settings;
          in.days = days;
          in.now = now;
          in.zone = find_zone("UTC");
          in.first_entry_at = upto.front().at;
          in.last_entry_at = upto.back().at;
          if (after_logging) in.just_logged = upto.back().id;
          return in;
        };
        std::vector<Entry> window;
        for (const auto& e : upto)
          if (e.at >= since) window.push_back(e);
        auto whole = compute_reminders(inputs(upto, Instant::min()));
        auto part = compute_reminders(inputs(window, since));
        REQUIRE(whole.size() == part.size());
        for (size_t i = 0; i < whole.size(); ++i) {
          CHECK(whole[i].id == part[i].id);
          CHECK(whole[i].text == part[i].text);
        }
        ++compared;
        for (const auto& r : whole) said.insert(r.id.substr(0, r.id.find(':')));
      }
  CHECK(compared > 100);
  for (const char* kind : {"alone", "combination", "tolerance", "redose", "plan", "approaching",
                           "day_off", "day_off_kept", "urge", "week", "back", "quiet"})
    CHECK_MESSAGE(said.count(kind), std::string(kind));
}

TEST_CASE("reminders: the entry before the window counts for breaks and quiet spells") {
  // Heroin 30 days ago, then a mood 10 days ago; the window holds neither.
  Run run;
  run.entries = {use("H1", "2026-11-20T21:00:00Z", "heroin")};
  run.earlier["heroin"] = at("2026-10-21T21:00:00Z");
  run.last_before = at("2026-11-10T09:00:00Z");
  run.just = "H1";
  auto rs = run.go();
  const Reminder* t = find_kind(rs, "tolerance");
  REQUIRE(t);  // the mood shows that time passed with the log kept: a break
  CHECK(t->text.find("It's been 30 days without opioids") == 0);
  const Reminder* back = nullptr;
  for (const auto& r : rs)
    if (r.id == "back:H1") back = &r;
  REQUIRE(back);  // back after the 10 days since the mood, not the 30 since the heroin
  CHECK(back->text.find("10 days") != std::string::npos);

  // Nothing logged since the heroin: ebb only knows when it was last logged.
  run.last_before = at("2026-10-21T21:00:00Z");
  auto since_logged = run.go();
  t = find_kind(since_logged, "tolerance");
  REQUIRE(t);
  CHECK(t->text.find("You last logged opioids 30 days ago") == 0);
}

TEST_CASE("reminders: the window reaches back for the reviews the notes make") {
  ReminderSettings settings;
  DaySettings days;  // weeks start on Monday, days at 04:00
  const Zone* utc = find_zone("UTC");
  // Sunday 22 Nov: this week began on Monday 16; its review reads from Sunday 8 on.
  Instant sunday = at("2026-11-22T12:00:00Z");
  CHECK(reminder_entries_since(settings, days, utc, sunday, true) == at("2026-11-08T04:00:00Z"));
  CHECK(reminder_entries_since(settings, days, utc, sunday, false) == at("2026-11-08T04:00:00Z"));
  // Monday 23 Nov in `check`: the weekly note reviews 9-22 Nov, from 1 Nov on.
  Instant monday = at("2026-11-23T12:00:00Z");
  CHECK(reminder_entries_since(settings, days, utc, monday, false) == at("2026-11-01T04:00:00Z"));
  CHECK(reminder_entries_since(settings, days, utc, monday, true) == at("2026-11-15T04:00:00Z"));
  // A long quiet_days reaches further back.
  settings.quiet_days = 30;
  CHECK(reminder_entries_since(settings, days, utc, sunday, true) == at("2026-10-22T12:00:00Z"));
}

TEST_CASE("reminders: safety events over keep_safety_fields copies are those over entries") {
  // SafetyStream keeps only keep_safety_fields of the weeks it holds. A generated log with every
  // field filled, uses alone and untested, mixes and breaks, urges and moods between: the
  // notes over the copies must be the notes over the entries, field by field.
  std::mt19937 rng(20261201);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* substances[] = {"beer", "wine", "heroin", "cocaine", "diazepam", "mdma",
                              "cannabis", "ketamine", "oxycodone", "ghb"};
  std::vector<Entry> entries;
  Instant t = at("2026-01-01T08:00:00Z");
  for (int i = 0; i < 1500; ++i) {
    // Mostly hours apart, sometimes weeks (breaks), sometimes at the same moment (ties).
    int gap = pick(20) == 0 ? 86400 * (8 + pick(20)) : pick(6) == 0 ? 0 : 600 * (1 + pick(40));
    t += std::chrono::seconds{gap};
    std::string id = fmt::format("E{:05}", i);
    Entry e;
    if (pick(4) == 0) {
      e = urge(id.c_str(), "2026-01-01T00:00:00Z", pick(11), pick(2) ? Outcome::rode_out : Outcome::used);
      e.trigger = "a long day";
      e.wanted = "quiet";
    } else {
      e = use(id.c_str(), "2026-01-01T00:00:00Z", substances[pick(10)], 1 + pick(4), "g");
      e.route = pick(2) ? "oral" : "smoked";
      if (pick(5) == 0) e.alone = pick(3) != 0;
      if (pick(5) == 0) e.tested = pick(3) == 0;
      e.with_whom = pick(2) ? "Sam" : "";
      e.place = "home";
      e.cost = 10;
      e.reason = "to unwind";
    }
    e.at = t;
    e.note = "a note about it";
    e.feelings = {"tired"};
    e.tags = {"weekend"};
    entries.push_back(e);
  }
  std::vector<Entry> copies(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) keep_safety_fields(entries[i], copies[i]);
  for (bool discreet : {false, true}) {
    ReminderInput in;
    in.now = t + std::chrono::hours{1};
    in.zone = find_zone("Europe/Berlin");
    in.discreet = discreet;
    in.help_lines = {{"Helpline", "0800 000"}};
    in.medications = {Medication{"methadone", "", ""}};
    in.earlier_uses = {{"heroin", at("2025-12-01T20:00:00Z")}};
    in.last_entry_before = at("2025-12-20T20:00:00Z");
    Instant from = at("2026-01-20T00:00:00Z"), until = t;
    in.entries = entries;
    auto whole = safety_events(in, from, until);
    in.entries = copies;
    auto light = safety_events(in, from, until);
    REQUIRE(whole.size() > 50);
    REQUIRE(whole.size() == light.size());
    std::set<std::string> kinds;
    for (size_t i = 0; i < whole.size(); ++i) {
      const Reminder &a = whole[i], &b = light[i];
      kinds.insert(a.id.substr(0, a.id.find(':')));
      CHECK(a.id == b.id);
      CHECK(a.kind == b.kind);
      CHECK(a.severity == b.severity);
      CHECK(a.text == b.text);
      CHECK(a.substance == b.substance);
      CHECK(a.entry_ids == b.entry_ids);
      CHECK(a.help_lines == b.help_lines);
      CHECK(a.fact == b.fact);
      CHECK(a.steps == b.steps);
      CHECK(a.summary == b.summary);
      CHECK(a.at == b.at);
      CHECK(a.day == b.day);
    }
    // Every rule had its say.
    CHECK(kinds == std::set<std::string>{"alone", "combination", "medication", "tolerance",
                                         "untested"});
  }
}
