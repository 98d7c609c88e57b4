#include <doctest/doctest.h>

#include "ebb/core/catalog.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/words.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;
using ebb::test::day;

namespace {

Entry entry(Kind kind, const char* when, const char* substance = "") {
  Entry e;
  e.kind = kind;
  e.at = at(when);
  SubstanceMatch m = lookup_substance(substance);
  e.substance = *substance ? m.name : "";
  e.substance_class = *substance ? m.substance_class : "";
  return e;
}

}  // namespace

TEST_CASE("words: counted whole, case and space aside, most common first") {
  std::vector<std::string> texts = {"to sleep", "payday, boredom", " To sleep", "", "to come down",
                                    "to sleep\n", "Payday, boredom"};
  auto c = count_words(texts);
  REQUIRE(c.size() == 3);
  CHECK(c[0].text == "to sleep");
  CHECK(c[0].count == 3);
  CHECK(c[1].text == "payday, boredom");  // one value, not two
  CHECK(c[1].count == 2);
  CHECK(c[2].text == "to come down");
  CHECK(counted_list(c, true) == "\"to sleep\" ×3, \"payday, boredom\" ×2, \"to come down\"");
  CHECK(counted_list(c, false) == "\"to sleep\" x3, \"payday, boredom\" x2, \"to come down\"");
}

TEST_CASE("words: reasons per substance, urges, what was done instead, and notes") {
  std::vector<Entry> es;
  auto add = [&](Entry e) { es.push_back(std::move(e)); };
  Entry h = entry(Kind::use, "2026-11-14T22:50:00Z", "heroin");
  h.reason = "to sleep";
  h.note = "couldn't sleep,\nfirst time in ages";
  add(h);
  Entry b = entry(Kind::use, "2026-11-14T20:00:00Z", "beer");
  b.reason = "to unwind";
  add(b);
  b.at = at("2026-11-15T20:00:00Z");
  add(b);
  h.at = at("2026-11-16T22:00:00Z");
  h.note.clear();
  add(h);
  Entry u = entry(Kind::urge, "2026-11-15T18:00:00Z", "heroin");
  u.trigger = "payday, boredom";
  u.wanted = "relief";
  u.outcome = Outcome::other;
  u.outcome_note = "went climbing";
  add(u);
  Entry m = entry(Kind::mood, "2026-11-15T09:00:00Z");
  m.note = "slept badly";
  add(m);
  Entry outside = entry(Kind::use, "2026-11-10T20:00:00Z", "beer");
  outside.reason = "before the period";
  add(outside);

  auto zone = find_zone("UTC");
  Words w = collect_words(es, day("2026-11-14"), day("2026-11-20"), zone, DaySettings{});
  REQUIRE(w.reasons.size() == 2);
  CHECK(w.reasons[0].substance == "alcohol");  // first used first
  CHECK(w.reasons[0].reasons[0].text == "to unwind");
  CHECK(w.reasons[0].reasons[0].count == 2);
  CHECK(w.reasons[1].substance == "heroin");
  CHECK(w.reasons[1].reasons[0].count == 2);
  CHECK(w.wanted[0].text == "relief");
  CHECK(w.triggers[0].text == "payday, boredom");
  CHECK(w.instead[0].text == "went climbing");
  REQUIRE(w.notes.size() == 2);
  CHECK(w.notes[0].text == "couldn't sleep, first time in ages");
  CHECK(w.notes[0].about == "heroin");
  CHECK(w.notes[1].kind == Kind::mood);

  auto lines = words_lines(w, "I want to be there for Mia.", 1, true);
  std::vector<std::string> expected = {
      "In your words",
      "  Your reasons: \"I want to be there for Mia.\"",
      "  alcohol was for: \"to unwind\" ×2",
      "  heroin was for: \"to sleep\" ×2",
      "  Urges wanted: \"relief\"",
      "  What set urges off: \"payday, boredom\"",
      "  What you did instead of acting on an urge: \"went climbing\"",
      "  Your latest notes (1 earlier one is in ebb report):",
      "    sun 2026-11-15, mood: \"slept badly\"",
  };
  CHECK(lines == expected);

  // Only what is about one substance; moods stay.
  Words only = collect_words(es, day("2026-11-14"), day("2026-11-20"), zone, DaySettings{},
                             std::string("alcohol"));
  REQUIRE(only.reasons.size() == 1);
  CHECK(only.triggers.empty());
  REQUIRE(only.notes.size() == 1);
  CHECK(only.notes[0].kind == Kind::mood);

  JsonWriter j;
  write_words_json(j, only);
  CHECK(j.str() ==
        "{\"reasons\":[{\"substance\":\"alcohol\",\"reasons\":[{\"text\":\"to unwind\","
        "\"count\":2}]}],\"wanted\":[],\"triggers\":[],\"instead\":[],\"notes\":[{\"date\":"
        "\"2026-11-15\",\"at\":\"2026-11-15T09:00:00Z\",\"kind\":\"mood\",\"about\":\"\","
        "\"text\":\"slept badly\"}]}");

  CHECK(words_lines(Words{}, "", 5, true).empty());  // nothing written: nothing said
}
