#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "ebb/exchange.hpp"
#include "ebb/psychonautwiki.hpp"

using namespace ebb;

namespace {

std::string fixture() {
  std::ifstream in(std::string(EBB_TEST_FIXTURES) + "/psychonautwiki.json");
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

PsychonautWikiImport read(const std::string& text) {
  PsychonautWikiImport out;
  std::string err;
  bool ok = read_psychonautwiki(text, find_zone("Europe/Berlin"), &out, &err);
  REQUIRE_MESSAGE(ok, err);
  return out;
}

}  // namespace

TEST_CASE("psychonautwiki: routes") {
  CHECK(psychonautwiki_route("ORAL") == "oral");
  CHECK(psychonautwiki_route("INSUFFLATED") == "snorted");
  CHECK(psychonautwiki_route("INTRAVENOUS") == "injected");
  CHECK(psychonautwiki_route("SMOKED") == "smoked");
  CHECK(psychonautwiki_route(" Sublingual ") == "sublingual");
}

TEST_CASE("psychonautwiki: deterministic ids carry the time") {
  std::string a = deterministic_ulid(1763233200000, "x");
  CHECK(a.size() == 26);
  CHECK(a == deterministic_ulid(1763233200000, "x"));
  CHECK(a != deterministic_ulid(1763233200000, "y"));
  CHECK(a.substr(10) != deterministic_ulid(1763233200000, "y").substr(10));
  // The first 10 characters are the milliseconds in Crockford base32, as in any ULID:
  // 1 ms is "0000000001", and a later time sorts later.
  CHECK(deterministic_ulid(1, "x").substr(0, 10) == "0000000001");
  CHECK(deterministic_ulid(32, "x").substr(0, 10) == "0000000010");
  CHECK(deterministic_ulid(1763233200000, "x") < deterministic_ulid(1763233200001, "a"));
}

TEST_CASE("psychonautwiki: the fixture maps to uses") {
  auto r = read(fixture());
  CHECK(r.experiences == 2);
  CHECK(r.other_people == 1);  // Alex's MDMA is left out
  REQUIRE(r.entries.size() == 5);

  // Oldest first: alcohol 17:30 UTC = 18:30 in Berlin on 2025-11-15.
  const Entry& alc = r.entries[0];
  CHECK(alc.substance == "alcohol");
  CHECK(alc.substance_class == "alcohol");
  CHECK(alc.amount == 500.0);
  CHECK(alc.unit == "ml");
  CHECK(format_rfc3339_offset(alc.at, alc.utc_offset) == "2025-11-15T18:30:00+01:00");
  CHECK(alc.zone == "Europe/Berlin");
  CHECK(alc.note == "two beers");

  const Entry& m1 = r.entries[1];
  CHECK(m1.kind == Kind::use);
  CHECK(m1.substance == "mdma");
  CHECK(m1.substance_class == "empathogen");
  CHECK(m1.amount == 80.0);
  CHECK(m1.unit == "mg");
  CHECK(m1.route == "oral");
  CHECK(m1.place == "Club \xC3\x84ther");
  CHECK(m1.note == "tested with reagent <kit>, \"looked right\"");
  CHECK(m1.tags == std::vector<std::string>{"psychonautwiki"});
  CHECK(format_rfc3339_offset(m1.at, m1.utc_offset) == "2025-11-15T20:00:00+01:00");
  CHECK(format_rfc3339_offset(m1.created_at, 0) == "2025-11-15T19:01:00Z");

  const Entry& m2 = r.entries[2];
  CHECK(m2.amount == 40.0);
  CHECK(m2.tags == std::vector<std::string>{"psychonautwiki", "estimate"});
  CHECK(m2.note.empty());

  const Entry& k = r.entries[3];
  CHECK(k.substance == "ketamine");
  CHECK(k.route == "snorted");
  CHECK(k.amount == 30.0);
  CHECK(k.place.empty());

  const Entry& lotus = r.entries[4];
  CHECK(lotus.substance == "Blue Lotus");
  CHECK(lotus.substance_class == "unknown");
  CHECK_FALSE(lotus.amount);  // dose null: no amount, and no unit either
  CHECK(lotus.unit.empty());
  CHECK(lotus.route == "smoked");
  CHECK(lotus.created_at == lotus.at);

  for (size_t i = 0; i + 1 < r.entries.size(); ++i) CHECK(r.entries[i].id < r.entries[i + 1].id);
  for (auto e : r.entries) {
    std::string err;
    CHECK_MESSAGE(check_entry(e, &err), err);
  }
}

TEST_CASE("psychonautwiki: the same file gives the same ids; an edited note keeps them") {
  std::string text = fixture();
  auto a = read(text);
  auto b = read(text);
  std::string edited = text;
  edited.replace(edited.find("small bump"), 10, "a bigger bump");
  auto c = read(edited);
  REQUIRE(a.entries.size() == c.entries.size());
  for (size_t i = 0; i < a.entries.size(); ++i) {
    CHECK(a.entries[i].id == b.entries[i].id);
    CHECK(a.entries[i].id == c.entries[i].id);
  }
  CHECK(c.entries[3].note == "a bigger bump");
}

TEST_CASE("psychonautwiki: problems name the experience and ingestion") {
  PsychonautWikiImport out;
  std::string err;
  auto zone = find_zone("UTC");
  CHECK_FALSE(read_psychonautwiki("{\"entries\": []}", zone, &out, &err));
  CHECK(err == "this isn't a PsychonautWiki Journal export (it has no \"experiences\" list)");
  CHECK_FALSE(read_psychonautwiki(
      "{\"experiences\": [{\"title\": \"Night\", \"ingestions\": [\n{\"substanceName\": \"LSD\"}]}]}",
      zone, &out, &err));
  CHECK(err == "experience 1 \"Night\" (line 1), ingestion 1 (line 2): it needs a substanceName "
               "and a time");
  CHECK_FALSE(read_psychonautwiki(
      "{\"experiences\": [{\"ingestions\": [{\"substanceName\": \"LSD\", \"time\": 0, "
      "\"dose\": -1}]}]}",
      zone, &out, &err));
  CHECK(err == "experience 1 (line 1), ingestion 1 (line 1): the dose isn't a number of zero or more");
  CHECK_FALSE(read_psychonautwiki("{\"experiences\": [", zone, &out, &err));
  CHECK(err == "line 1, column 18: the document ends where a value was expected");
}

TEST_CASE("times outside any date are refused, not overflowed (found by fuzz_import)") {
  const char* huge_time = R"({"experiences": [{"title": "t", "ingestions": [
    {"substanceName": "MDMA", "time": 1e300, "administrationRoute": "ORAL"}]}]})";
  PsychonautWikiImport out;
  std::string err;
  CHECK_FALSE(read_psychonautwiki(huge_time, find_zone("Europe/Berlin"), &out, &err));
  CHECK(err.find("time") != std::string::npos);

  // A damaged creationDate falls back to the ingestion's own time.
  const char* huge_created = R"({"experiences": [{"title": "t", "ingestions": [
    {"substanceName": "MDMA", "time": 1763229600000, "creationDate": -1e300,
     "administrationRoute": "ORAL"}]}]})";
  auto got = read(huge_created);
  REQUIRE(got.entries.size() == 1);
  CHECK(got.entries[0].created_at == got.entries[0].at);
}

TEST_CASE("psychonautwiki: distinct doses at the same moment are distinct entries") {
  // Two ingestions alike but for the dose, two alike in everything (two pills logged at
  // once, no creation date), and one that differs only in units: five entries, five ids.
  const std::string file =
      "{\"experiences\": [{\"ingestions\": ["
      "{\"substanceName\": \"MDMA\", \"time\": 1763233200000, \"administrationRoute\": \"ORAL\","
      " \"dose\": 80, \"units\": \"mg\"},"
      "{\"substanceName\": \"MDMA\", \"time\": 1763233200000, \"administrationRoute\": \"ORAL\","
      " \"dose\": 40, \"units\": \"mg\"},"
      "{\"substanceName\": \"MDMA\", \"time\": 1763233200000, \"administrationRoute\": \"ORAL\","
      " \"dose\": 40, \"units\": \"mg\"},"
      "{\"substanceName\": \"MDMA\", \"time\": 1763233200000, \"administrationRoute\": \"ORAL\","
      " \"dose\": 40, \"units\": \"g\"},"
      "{\"substanceName\": \"MDMA\", \"time\": 1763233200000, \"administrationRoute\": \"ORAL\"}"
      "]}]}";
  auto r = read(file);
  REQUIRE(r.entries.size() == 5);
  std::set<std::string> ids;
  for (const auto& e : r.entries) ids.insert(e.id);
  CHECK(ids.size() == 5);
  // Read again, the same ids: importing the file twice still adds nothing the second time.
  auto again = read(file);
  for (size_t i = 0; i < r.entries.size(); ++i) CHECK(again.entries[i].id == r.entries[i].id);
  // The app's own id, when the file has one, tells ingestions apart too.
  auto with_ids = read(
      "{\"experiences\": [{\"ingestions\": ["
      "{\"id\": 7, \"substanceName\": \"LSD\", \"time\": 1763233200000, \"dose\": 100},"
      "{\"id\": 8, \"substanceName\": \"LSD\", \"time\": 1763233200000, \"dose\": 100}]}]}");
  REQUIRE(with_ids.entries.size() == 2);
  CHECK(with_ids.entries[0].id != with_ids.entries[1].id);
}
