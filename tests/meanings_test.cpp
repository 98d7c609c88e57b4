// The meanings map, plan balance and alternatives, plan diffs and replay: the pure core.
#include <doctest/doctest.h>

#include <memory>

#include <fmt/format.h>

#include "ebb/util/json.hpp"
#include "ebb/core/meanings.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/replay.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

Plan plan_of(const std::string& text) {
  Plan p;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(text, &p, &err), format_plan_error(err));
  return p;
}

Entry use_for(const std::string& id, const char* when, const char* substance, const char* reason) {
  Entry e = ebb::test::logged_use(id, when, substance, 1, "drink");
  e.reason = reason;
  return e;
}

Entry urge_for(const std::string& id, const char* when, const char* substance, const char* wanted,
               Outcome o = Outcome::none, const char* other = "") {
  Entry e;
  e.id = id;
  e.kind = Kind::urge;
  e.at = at(when);
  e.intensity = 6;
  e.substance = substance;
  e.wanted = wanted;
  e.outcome = o;
  e.outcome_note = other;
  return e;
}

void check_voice(const std::vector<std::string>& lines) {
  for (const auto& line : lines) {
    std::string problem = ebb::test::voice_problem(line);
    CHECK_MESSAGE(problem.empty(), problem << " in: " << line);
  }
}

}  // namespace

TEST_CASE("meanings: words are normalised plainly") {
  CHECK(meaning_words("To SLEEP.") == std::vector<std::string>{"sleep"});
  CHECK(meaning_key("help me sleep") == "sleep");
  CHECK(meaning_key("Sleeping") == "sleep");
  CHECK(meaning_key("with friends") == "friend");
  CHECK(meaning_key("parties") == "party");
  CHECK(meaning_key("running") == "run");
  CHECK(meaning_key("chilling") == "chill");
  CHECK(meaning_key("couldn't sleep") == "couldn't sleep");
  CHECK(meaning_key("stress") == "stress");
  CHECK(meaning_key("to feel less anxious") == "less anxious");
  CHECK(meaning_key("to") == "");
  CHECK(phrase_has_meaning("I just couldn't sleep", "sleep"));
  CHECK_FALSE(phrase_has_meaning("to unwind", "sleep"));
  CHECK_FALSE(phrase_has_meaning("anything", "to"));
}

TEST_CASE("meanings: grouping by the plan's meanings, then shared words, then whole phrases") {
  std::vector<std::string> phrases = {"to sleep", "with friends", "couldn't sleep", "sleep",
                                      "Friends", "to unwind", "unwinding after work", "boredom",
                                      "", "to sleep"};
  auto none = group_phrases(phrases, {});
  REQUIRE(none.size() == 4);
  CHECK(none[0].label == "sleep");
  CHECK(none[0].members == std::vector<size_t>{0, 2, 3, 9});
  CHECK(none[1].label == "friends");  // as one phrase wrote it alone
  CHECK(none[1].members == std::vector<size_t>{1, 4});
  CHECK(none[2].label == "unwind");  // "to unwind" is made of "unwind" alone
  CHECK(none[2].members == std::vector<size_t>{5, 6});
  CHECK(none[3].label == "boredom");
  std::vector<std::string> whole = {"after work", "After work!", "lonely at home"};
  auto whole_groups = group_phrases(whole, {});
  REQUIRE(whole_groups.size() == 2);  // no single word: phrases that read the same
  CHECK(whole_groups[0].label == "after work");
  CHECK(whole_groups[0].members == std::vector<size_t>{0, 1});

  std::vector<std::string> plan = {"Unwind", "sleep"};
  auto with_plan = group_phrases(phrases, plan);
  REQUIRE(with_plan.size() == 4);
  CHECK(with_plan[0].label == "sleep");
  CHECK(with_plan[0].in_plan);
  CHECK(with_plan[1].label == "friends");
  CHECK_FALSE(with_plan[1].in_plan);
  CHECK(with_plan[2].label == "Unwind");  // the plan's words name it
  CHECK(with_plan[2].in_plan);
  CHECK(with_plan[2].members == std::vector<size_t>{5, 6});
  CHECK(with_plan[3].label == "boredom");
  CHECK_FALSE(with_plan[3].in_plan);
}

TEST_CASE("meanings: a map per substance, with urges' outcomes and the plan's ideas") {
  Plan plan = plan_of("[alternatives]\nsleep = [\"podcast\", \"magnesium tea\"]\n"
                      "boredom = \"call Sam\"\n");
  std::vector<Entry> entries = {
      use_for("A", "2026-11-02T23:00:00+01:00", "alcohol", "to sleep"),
      use_for("B", "2026-11-03T23:00:00+01:00", "alcohol", "help me sleep"),
      use_for("C", "2026-11-04T23:00:00+01:00", "alcohol", ""),
      use_for("D", "2026-11-07T21:00:00+01:00", "cannabis", "with friends"),
      urge_for("E", "2026-11-05T23:00:00+01:00", "alcohol", "sleep", Outcome::other, "podcast"),
      urge_for("F", "2026-11-06T23:00:00+01:00", "alcohol", "Sleep", Outcome::rode_out),
      urge_for("G", "2026-11-08T20:00:00+01:00", "", "company"),
      use_for("H", "2026-10-20T23:00:00+01:00", "alcohol", "to sleep"),  // before the period
  };
  entries[4].trigger = "lying awake";
  entries[5].trigger = "lying awake";
  entries[5].feeling = "restless";
  MeaningsInput in;
  in.entries = entries;
  in.first = day("2026-11-01");
  in.last = day("2026-11-30");
  in.zone = ebb::find_zone("Europe/Berlin");
  in.plan = &plan;
  MeaningsMap m = map_meanings(in);
  REQUIRE(m.substances.size() == 3);
  const auto& alcohol = m.substances[0];
  CHECK(alcohol.substance == "alcohol");
  CHECK(alcohol.uses == 3);
  CHECK(alcohol.uses_with_reason == 2);
  CHECK(alcohol.urges == 2);
  REQUIRE(alcohol.meanings.size() == 1);
  const Meaning& sleep = alcohol.meanings[0];
  CHECK(sleep.label == "sleep");
  CHECK(sleep.uses == 2);
  CHECK(sleep.urges == 2);
  CHECK(sleep.rode_out == 1);
  CHECK(sleep.other == 1);
  CHECK(sleep.instead.front().text == "podcast");
  CHECK(sleep.alternatives == std::vector<std::string>{"podcast", "magnesium tea"});
  REQUIRE(sleep.phrases.size() == 3);
  CHECK(sleep.phrases[0].text == "sleep");  // "sleep" and "Sleep" are one phrase, x2
  CHECK(sleep.phrases[0].count == 2);
  REQUIRE(alcohol.triggers.size() == 1);
  CHECK(alcohol.triggers[0].count == 2);
  CHECK(m.substances[1].substance == "cannabis");
  CHECK(m.substances[2].substance.empty());  // urges naming no substance come last
  REQUIRE(m.other_alternatives.size() == 1);
  CHECK(m.other_alternatives[0].meaning == "boredom");

  auto lines = meanings_lines(m, "November 2026", true);
  check_voice(lines);
  std::string text = fmt::format("{}", fmt::join(lines, "\n"));
  CHECK(text.find("alcohol: 3 uses (2 with a reason), 2 urges") != std::string::npos);
  CHECK(text.find("  sleep (2 uses, 2 urges): \"sleep\" ×2, \"to sleep\", \"help me sleep\"") !=
        std::string::npos);
  CHECK(text.find("the urges: 1 ridden out, 1 met another way (\"podcast\")") != std::string::npos);
  CHECK(text.find("your ideas for instead: \"podcast\", \"magnesium tea\"") != std::string::npos);
  CHECK(text.find("Your other ideas for instead: boredom: \"call Sam\"") != std::string::npos);
  CHECK(text.find("[alternatives] in your plan") == std::string::npos);  // they have some

  in.substance = "cannabis";
  MeaningsMap only = map_meanings(in);
  REQUIRE(only.substances.size() == 1);
  CHECK(only.substances[0].meanings[0].label == "friends");
  auto only_lines = meanings_lines(only, "November 2026", false);
  check_voice(only_lines);

  JsonWriter w(true);
  write_meanings_json(w, m);
  CHECK(w.str().find("\"alternatives\"") != std::string::npos);
}

TEST_CASE("meanings: an empty period says what the map is made of") {
  MeaningsInput in;
  in.first = day("2026-11-01");
  in.last = day("2026-11-07");
  in.zone = ebb::find_zone("UTC");
  auto lines = meanings_lines(map_meanings(in), "this week", true);
  REQUIRE(lines.size() == 2);
  check_voice(lines);
}

TEST_CASE("plan: [alternatives] and [balance] read with positions, and the first match wins") {
  Plan p = plan_of(
      "[alternatives]\nsleep = [\"podcast\", \"magnesium tea\"]\n\"to unwind\" = \"a walk\"\n"
      "[balance]\ngood_about_using = [\"I fall asleep fast\"]\n"
      "good_about_changing = [\"more energy\", \"mornings with Mia\"]\n"
      "costs_of_changing = \"lying awake\"\nnot_so_good_about_using = []\n");
  REQUIRE(p.alternatives.size() == 2);
  CHECK(p.alternatives[1].meaning == "to unwind");
  CHECK(p.alternatives[1].ideas == std::vector<std::string>{"a walk"});
  CHECK(p.balance.good_about_changing.size() == 2);
  CHECK(p.balance.costs_of_changing == std::vector<std::string>{"lying awake"});
  CHECK_FALSE(p.has_rules());
  CHECK_FALSE(p.empty());
  REQUIRE(alternatives_for(p, "I want to sleep") != nullptr);
  CHECK(alternatives_for(p, "I want to sleep")->meaning == "sleep");
  CHECK(alternatives_for(p, "unwinding")->meaning == "to unwind");
  CHECK(alternatives_for(p, "company") == nullptr);
  std::string d = describe_plan(p);
  CHECK(d.find("Instead, for \"sleep\": \"podcast\", \"magnesium tea\"") != std::string::npos);
  CHECK(d.find("Good things about changing: \"more energy\", \"mornings with Mia\"") !=
        std::string::npos);

  Plan untouched;
  PlanError err;
  REQUIRE(parse_plan(plan_template(), &untouched, &err));
  CHECK(untouched.empty());

  struct Bad {
    const char* text;
    int line, column;
    const char* words;
  };
  for (const Bad& b : {
           Bad{"[balance]\ngood_about_changin = [\"x\"]\n", 2, 1, "Did you mean \"good_about_changing\"?"},
           Bad{"[balance]\ncosts_of_changing = [3]\n", 2, 22, "needs your words in quotes"},
           Bad{"[balance]\ncosts_of_changing = [\"  \"]\n", 2, 22, "needs your words in quotes"},
           Bad{"[alternatives]\nsleep = [\"a\"]\nSleeping = [\"b\"]\n", 3, 1, "reads the same as \"sleep\""},
           Bad{"[alternatives]\nto = [\"a\"]\n", 2, 1, "has no word ebb can match"},
           Bad{"[alternatives]\nsleep = 3\n", 2, 9, "needs your words in quotes"},
           Bad{"alternatives = 3\n", 1, 16, "needs to be a section"},
           Bad{"balanse = 1\n", 1, 1, "Did you mean \"balance\"?"},
       }) {
    Plan out;
    PlanError e;
    CAPTURE(b.text);
    REQUIRE_FALSE(parse_plan(b.text, &out, &e));
    CHECK(e.line == b.line);
    CHECK(e.column == b.column);
    CHECK(e.message.find(b.words) != std::string::npos);
  }
}

TEST_CASE("plan: diffs between versions show the balance moving, in the person's words") {
  Plan v1 = plan_of("why = \"sleep well\"\n[balance]\ngood_about_using = [\"I fall asleep fast\"]\n"
                    "costs_of_changing = [\"lying awake\", \"missing the pub\"]\n"
                    "[alcohol]\nmax_per_day = 4\n");
  Plan v2 = plan_of("why = \"sleep well\"\n[balance]\ngood_about_using = [\"i fall asleep fast \"]\n"
                    "costs_of_changing = [\"lying awake\"]\n"
                    "good_about_changing = [\"more energy\"]\n"
                    "[alternatives]\nsleep = [\"podcast\"]\n[alcohol]\nmax_per_day = 3\n");
  auto changes = diff_plans(v1, v2);
  REQUIRE(changes.size() == 4);
  CHECK(changes[0].part == "good_about_changing");
  CHECK(changes[0].added == std::vector<std::string>{"more energy"});
  CHECK(changes[1].part == "costs_of_changing");
  CHECK(changes[1].dropped == std::vector<std::string>{"missing the pub"});
  CHECK(changes[2].part == "alternatives");
  CHECK(changes[2].added == std::vector<std::string>{"sleep: podcast"});
  CHECK(changes[3].part == "rules");
  CHECK(changes[3].dropped.size() == 1);
  CHECK(changes[3].added.size() == 1);
  auto lines = plan_change_lines(changes);
  check_voice(lines);
  CHECK(lines[0] == "  Good things about changing:");
  CHECK(lines[1] == "    + \"more energy\"");
  CHECK(plan_change_lines({}).front() == "  Nothing in the words or rules moved.");
  CHECK(diff_plans(v2, v2).empty());
}

TEST_CASE("plan: the good thing about changing quoted takes turns by day") {
  std::vector<std::string> items = {"more energy", "mornings with Mia"};
  CHECK(balance_quote({}, day("2026-11-20")).empty());
  std::string a = balance_quote(items, day("2026-11-20"));
  std::string b = balance_quote(items, day("2026-11-21"));
  CHECK(a != b);
  CHECK(balance_quote(items, day("2026-11-22")) == a);
}

TEST_CASE("replay: a day word, an occasion's hours, safety notes after their entry") {
  const Zone* berlin = ebb::find_zone("Europe/Berlin");
  WhenContext ctx{at("2026-11-20T21:30:00+01:00"), berlin, {}};
  LocalDay d;
  std::string err;
  CHECK(parse_replay_day("yesterday", ctx, &d, &err));
  CHECK(d == day("2026-11-19"));
  CHECK(parse_replay_day("sat", ctx, &d, &err));
  CHECK(d == day("2026-11-14"));
  CHECK(parse_replay_day("2026-11-14", ctx, &d, &err));
  CHECK(d == day("2026-11-14"));
  CHECK(parse_replay_day("sat 01:30", ctx, &d, &err));  // Saturday's night, as --at reads it
  CHECK(d == day("2026-11-14"));
  CHECK(parse_replay_day("2026-11-15T01:30:00+01:00", ctx, &d, &err));  // before the day start
  CHECK(d == day("2026-11-14"));
  CHECK_FALSE(parse_replay_day("week", ctx, &d, &err));
  CHECK(err.find("one day") != std::string::npos);
  CHECK_FALSE(parse_replay_day("blursday", ctx, &d, &err));
  CHECK(err.find("yesterday, sat, 2026-11-14") != std::string::npos);

  std::vector<Entry> entries;
  Entry mood;
  mood.id = "M1";
  mood.kind = Kind::mood;
  mood.at = at("2026-11-14T19:00:00+01:00");
  mood.score = 4;
  mood.note = "long week";
  entries.push_back(mood);
  entries.push_back(use_for("U1", "2026-11-14T21:00:00+01:00", "alcohol", "to unwind"));
  entries.push_back(use_for("U2", "2026-11-14T23:30:00+01:00", "alcohol", ""));
  Entry heroin = ebb::test::logged_use("U3", "2026-11-15T01:00:00+01:00", "heroin", 20, "mg");
  heroin.alone = true;
  entries.push_back(heroin);
  entries.push_back(use_for("U4", "2026-11-15T14:00:00+01:00", "alcohol", ""));  // next day
  Reminder mix;
  mix.id = "combination:U2,U3";
  mix.kind = "safety";
  mix.severity = "dangerous";
  mix.text = "Alcohol and heroin together can slow breathing a lot.";
  mix.entry_ids = {"U2", "U3"};
  std::vector<Reminder> safety = {mix};

  TimeWindow w = occasion_window(entries, entries[1], std::chrono::hours{3});
  CHECK(w.from == at("2026-11-14T18:00:00+01:00"));
  CHECK(w.until == at("2026-11-15T04:00:01+01:00"));

  ReplayInput in;
  in.entries = entries;
  in.safety = safety;
  in.zone = berlin;
  in.day = day("2026-11-14");
  in.window = {day_begin(in.day, berlin, {}), day_begin(in.day + date::days{1}, berlin, {})};
  auto shown = replay_entries(in);
  REQUIRE(shown.size() == 4);  // 19:00 to 01:00, not the next afternoon
  auto lines = replay_lines(in, true, false);
  check_voice(lines);
  std::string text = fmt::format("{}", fmt::join(lines, "\n"));
  CHECK(lines[0] == "Replay: Saturday 2026-11-14 (your day runs from 04:00 to 04:00 the next "
                    "morning)");
  auto heroin_at = text.find("01:00 (Sun)  heroin, 20 mg");
  auto note_at = text.find("Safety: Alcohol and heroin");
  CHECK(heroin_at != std::string::npos);
  CHECK(note_at > heroin_at);
  CHECK(text.find("│ note: \"long week\"") != std::string::npos);
  CHECK(text.find("│ for \"to unwind\"") != std::string::npos);
  CHECK(text.find("In these hours: 3 uses, 1 mood, 1 safety note.") != std::string::npos);

  in.entries = {};
  auto empty = replay_lines(in, true, false);
  CHECK(empty.size() == 2);
  check_voice(empty);

  in.entries = entries;
  JsonWriter jw(true);
  write_replay_json(jw, in, nullptr);
  CHECK(jw.str().find("\"combination:U2,U3\"") != std::string::npos);
}

TEST_CASE("meanings: entries taken one at a time and let go make the same map") {
  Plan plan = plan_of("[alternatives]\nsleep = [\"podcast\"]\n");
  std::vector<Entry> entries = {
      use_for("A", "2026-11-02T23:00:00+01:00", "alcohol", "to sleep"),
      urge_for("B", "2026-11-03T23:00:00+01:00", "alcohol", "sleep", Outcome::other, "a walk"),
      urge_for("C", "2026-11-04T23:00:00+01:00", "alcohol", "sleep", Outcome::used),
      use_for("D", "2026-11-05T21:00:00+01:00", "cannabis", "with friends"),
  };
  entries[1].trigger = "lying awake";
  entries[2].feeling = "restless";
  MeaningsInput in;
  in.first = day("2026-11-01");
  in.last = day("2026-11-30");
  in.zone = ebb::find_zone("Europe/Berlin");
  in.plan = &plan;
  MeaningsCollector collect(in);
  for (const Entry& original : entries) {
    // Each entry lives only while it is added, as when the store streams them.
    auto passing = std::make_unique<Entry>(original);
    collect.add(*passing);
    passing->outcome_note = "overwritten";
    passing->reason = passing->wanted = passing->trigger = passing->feeling = "overwritten";
  }
  MeaningsMap streamed = std::move(collect).finish();
  in.entries = entries;
  MeaningsMap whole = map_meanings(in);
  auto json = [](const MeaningsMap& m) {
    JsonWriter w(true);
    write_meanings_json(w, m);
    return w.str();
  };
  CHECK(json(streamed) == json(whole));
  CHECK(json(streamed).find("overwritten") == std::string::npos);
  REQUIRE(streamed.substances.size() == 2);
  REQUIRE(streamed.substances[0].meanings.size() == 1);
  CHECK(streamed.substances[0].meanings[0].instead.front().text == "a walk");
  CHECK(streamed.substances[0].meanings[0].used == 1);
}
