#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "ebb/exchange/exchange.hpp"
#include "ebb/exchange/psychonautwiki.hpp"
#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/exchange/json_read.hpp"

using namespace ebb;

namespace {

std::string fixture(const char* name = "psychonautwiki.json") {
  std::string path = EBB_TEST_FIXTURES;  // appended in steps: GCC 12 warns wrongly on a + b + c
  path += '/';
  path += name;
  std::ifstream in(path);
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
  // The experience (title, text, coordinates, rating) goes with its first ingestion.
  CHECK(alc.note == "two beers\n\nExperience: Saturday with friends\nWent dancing, home by 4.\n"
                    "Coordinates: 52.5, 13.4\nRating (overall): +");

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
  CHECK(k.tags == std::vector<std::string>{"psychonautwiki", "favourite"});
  CHECK(k.note == "small bump\n\nExperience: Quiet evening");

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
  CHECK(c.entries[3].note == "a bigger bump\n\nExperience: Quiet evening");
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
  CHECK(err == "experience 1 (line 1), ingestion 1 (line 1): \"dose\" isn't a number of zero or more");
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

TEST_CASE("psychonautwiki: every field the Android and iOS apps write") {
  auto r = read(fixture("psychonautwiki_android.json"));
  CHECK(r.experiences == 3);
  CHECK(r.other_people == 1);  // Sam's MDMA
  CHECK(r.ratings == 2);
  CHECK(r.timed_notes == 1);
  CHECK(r.experiences_without_uses == 1);  // "Only words"
  REQUIRE(r.entries.size() == 4);

  const Entry& alc = r.entries[0];  // the first of "Festival night" carries the experience
  CHECK(alc.substance == "alcohol");
  CHECK(alc.amount == 20.0);
  CHECK(alc.unit == "g");
  CHECK(alc.place == "Fields Festival");
  CHECK(alc.tags == std::vector<std::string>{"psychonautwiki", "estimate", "favourite"});
  CHECK(alc.note ==
        "two beers\n\nEstimate: 20 \xC2\xB1" "5 g\nStomach: very full\n\n"
        "Experience: Festival night\nMain stage, then the chill tent.\nWater every hour.\n"
        "Coordinates: 52.52, 13.405\nRating ++ at 2025-11-15 22:00\nRating (overall): +++\n"
        "Note at 2025-11-15 23:00: Jaw tight, had some gum");

  // 1.5 +-0.5 pills of 120 +-20 mg: the app's own arithmetic, (1 x 100 + 2 x 140) / 2 = 190
  // +-90 mg, in the substance's unit, with the pills kept in the note.
  const Entry& mdma = r.entries[1];
  CHECK(mdma.substance == "mdma");
  CHECK(mdma.amount == 190.0);
  CHECK(mdma.unit == "mg");
  CHECK(mdma.note ==
        "tested: reagent looked right\n\nDose: ~1.5 pills of Blue Punisher at 120\xC2\xB1" "20 mg "
        "each\nBlue Punisher: tested at the drug checking service\nEstimate: 190 \xC2\xB1" "90 mg\n"
        "Stomach: half full");
  CHECK(mdma.tags == std::vector<std::string>{"psychonautwiki", "estimate", "favourite"});

  // A custom unit without a dose per unit keeps the count in its own unit; endTime is minutes.
  const Entry& weed = r.entries[2];
  CHECK(weed.substance == "cannabis");
  CHECK(weed.amount == 2.0);
  CHECK(weed.unit == "hit");
  CHECK(weed.minutes == 45);
  CHECK(weed.note == "Dose: 2 hits of Joint (its dose per hit isn't known)");

  const Entry& k = r.entries[3];  // a near miss is kept as written (import suggests the name)
  CHECK(k.substance == "Ketamin");
  CHECK(k.route == "snorted");
  CHECK(k.note == "small bump\n\nExperience: Sunday comedown");
}

TEST_CASE("psychonautwiki: ISO 8601 times read as the same moments and the same ids") {
  auto ms = read(fixture("psychonautwiki_android.json"));
  auto iso = read(fixture("psychonautwiki_iso.json"));
  REQUIRE(ms.entries.size() == iso.entries.size());
  for (size_t i = 0; i < ms.entries.size(); ++i) CHECK(ms.entries[i] == iso.entries[i]);
  CHECK(looks_like_psychonautwiki(fixture("psychonautwiki_iso.json")));
  CHECK_FALSE(looks_like_psychonautwiki("{\"ebb_export\": 1, \"experiences\": []}"));
  CHECK_FALSE(looks_like_psychonautwiki("id,kind,at\n"));
}

TEST_CASE("psychonautwiki: an ingestion edited in the app keeps its id") {
  // The app keeps an ingestion's creationDate when it is edited: dose, time, route and notes
  // may all change and the entry is still the same one.
  const std::string before =
      R"({"experiences": [{"title": "t", "creationDate": 1763229600000, "ingestions": [
      {"substanceName": "MDMA", "time": 1763233200000, "creationDate": 1763233260000,
       "administrationRoute": "ORAL", "dose": 80, "units": "mg", "isDoseAnEstimate": false}]}]})";
  std::string after = before;
  after.replace(after.find("1763233200000"), 13, "1763236800000");
  after.replace(after.find("\"dose\": 80"), 10, "\"dose\": 60");
  after.replace(after.find("ORAL"), 4, "INSUFFLATED");
  auto a = read(before), b = read(after);
  REQUIRE(a.entries.size() == 1);
  REQUIRE(b.entries.size() == 1);
  CHECK(a.entries[0].id == b.entries[0].id);
  CHECK(b.entries[0].amount == 60.0);
  CHECK(b.entries[0].route == "snorted");
}

TEST_CASE("psychonautwiki: custom units and times that can't be read are named") {
  PsychonautWikiImport out;
  std::string err;
  auto zone = find_zone("UTC");
  CHECK_FALSE(read_psychonautwiki(
      R"({"experiences": [{"title": "Night", "ingestions": [
      {"substanceName": "LSD", "time": 0, "dose": 1, "customUnitId": 9}]}], "customUnits": []})",
      zone, &out, &err));
  CHECK(err == "experience 1 \"Night\" (line 1), ingestion 1 (line 2): \"customUnitId\" 9 isn't in "
               "the file's \"customUnits\"");
  CHECK_FALSE(read_psychonautwiki(
      R"({"experiences": [{"ingestions": [{"substanceName": "LSD", "time": "yesterday"}]}]})",
      zone, &out, &err));
  CHECK(err == "experience 1 (line 1), ingestion 1 (line 1): \"time\" isn't a date ebb can read "
               "(epoch milliseconds, or ISO 8601 like 2025-11-15T21:00:00Z)");
  CHECK_FALSE(read_psychonautwiki(R"({"experiences": [], "customUnits": [{"name": "x"}]})", zone,
                                  &out, &err));
  CHECK(err == "custom unit 1 (line 1): it needs a whole-number \"id\"");
  // Epoch milliseconds as a string of digits read too.
  auto digits = read(
      R"({"experiences": [{"ingestions": [{"substanceName": "LSD", "time": "1763233200000"}]}]})");
  REQUIRE(digits.entries.size() == 1);
  CHECK(format_rfc3339_offset(digits.entries[0].at, 0) == "2025-11-15T19:00:00Z");
}

TEST_CASE("psychonautwiki: what ebb writes, the apps' decoders and ebb read back") {
  const Zone* zone = find_zone("Europe/Berlin");
  auto use = [&](const char* at, const char* substance, std::optional<double> amount,
                 const char* unit, const char* route, const char* note) {
    Entry e;
    e.kind = Kind::use;
    REQUIRE(parse_rfc3339(at, &e.at));
    e.zone = "Europe/Berlin";
    e.utc_offset = utc_offset_at(e.at, zone);
    e.created_at = e.at + std::chrono::seconds{90};
    e.updated_at = e.created_at;
    e.substance = substance;
    e.amount = amount;
    if (amount) e.unit = unit;
    e.route = route;
    e.note = note;
    canonicalise_entry(e, DrinkSettings{});
    return e;
  };
  std::vector<Entry> uses = {
      use("2026-11-14T22:00:00+01:00", "mdma", 100, "mg", "oral", "half a pill, \"tested\""),
      use("2026-11-15T01:30:00+01:00", "ketamine", 30, "mg", "snorted", ""),  // the same night
      use("2026-11-16T19:00:00+01:00", "cannabis", std::nullopt, "", "smoked", "line one\nline two"),
  };
  uses[0].minutes = 240;
  uses[0].tags = {"estimate"};
  uses[0].place = "Club";
  uses[1].place = "Club";
  std::string file = write_psychonautwiki(uses, zone, DaySettings{});
  CHECK(looks_like_psychonautwiki(file));
  // What the iOS decoder needs on every ingestion: units and notes as strings, not null.
  JsonValue doc;
  JsonError jerr;
  REQUIRE(parse_json(file, &doc, &jerr));
  const auto& exps = doc.find("experiences")->as_array();
  REQUIRE(exps.size() == 2);  // the night of the 14th (day starts at 04:00), and the 16th
  CHECK(exps[0].find("title")->as_string() == "2026-11-14");
  CHECK(exps[0].find("location")->find("name")->as_string() == "Club");
  CHECK(exps[1].find("location")->is_null());
  for (const auto& x : exps)
    for (const auto& ing : x.find("ingestions")->as_array()) {
      CHECK(ing.find("units")->is_string());
      CHECK(ing.find("notes")->is_string());
      CHECK(ing.find("isDoseAnEstimate")->is_bool());
      CHECK(ing.find("time")->is_number());
    }
  CHECK(exps[0].find("ingestions")->as_array()[0].find("substanceName")->as_string() == "MDMA");
  CHECK(exps[0].find("ingestions")->as_array()[1].find("administrationRoute")->as_string() ==
        "INSUFFLATED");

  auto back = read(file);
  REQUIRE(back.entries.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    const Entry& a = uses[i];
    const Entry& b = back.entries[i];
    CHECK(b.at == a.at);
    CHECK(b.created_at == a.created_at);
    CHECK(b.substance == a.substance);
    CHECK(b.amount == a.amount);
    CHECK(b.unit == a.unit);
    CHECK(b.route == a.route);
    CHECK(b.note == a.note);
    CHECK(b.place == a.place);
    CHECK(b.minutes == a.minutes);
  }
  CHECK(back.entries[0].tags == std::vector<std::string>{"psychonautwiki", "estimate"});
  // Written again from what was read: the same file.
  CHECK(write_psychonautwiki(back.entries, zone, DaySettings{}) == file);
}
