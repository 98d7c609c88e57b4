#include <doctest/doctest.h>

#include "ebb/exchange/csv.hpp"
#include "ebb/exchange/exchange.hpp"
#include "ebb/exchange/json_read.hpp"

using namespace ebb;

namespace {

Instant at(const char* text) {
  Instant t;
  REQUIRE(parse_rfc3339(text, &t));
  return t;
}

// Three entries that between them set every field, with awkward text and doubles.
std::vector<Entry> sample() {
  Entry u;
  u.id = "01JD0000000000000000000001";
  u.kind = Kind::use;
  u.at = at("2026-11-19T23:00:00+01:00");
  u.zone = "Europe/Berlin";
  u.utc_offset = 3600;
  u.created_at = at("2026-11-20T08:00:00Z");
  u.updated_at = at("2026-11-20T09:15:00Z");
  u.substance = "alcohol";
  u.substance_class = "alcohol";
  u.amount = 0.1 + 0.2;  // 0.30000000000000004: must come back bit for bit
  u.unit = "drink";
  u.abv = 12.5;
  u.route = "oral";
  u.place = "Kim's, upstairs";
  u.with_whom = "Sam \"the\" friend";
  u.alone = false;
  u.cost = 1.0 / 3.0;
  u.reason = "a long day\nand more";
  u.tested = true;
  u.mood_before = 4;
  u.note = "line one\r\nline two; with, commas";
  u.tags = {"party", "semi;colon", "back\\slash"};

  Entry g;
  g.id = "01JD0000000000000000000002";
  g.kind = Kind::urge;
  g.at = at("2026-11-20T07:30:00-05:00");
  g.zone = "America/New_York";
  g.utc_offset = -5 * 3600;
  g.created_at = g.updated_at = at("2026-11-20T12:30:00Z");
  g.substance = "cannabis";
  g.substance_class = "cannabinoid";
  g.intensity = 0;
  g.trigger = "payday";
  g.feeling = "restless";
  g.wanted = "sleep";
  g.outcome = Outcome::other;
  g.outcome_note = "walked";
  g.minutes = 25;
  g.intensity_after = 2;

  Entry m;
  m.id = "01JD0000000000000000000003";
  m.kind = Kind::mood;
  m.at = at("2026-11-20T21:00:00+05:30");
  m.zone = "Asia/Kolkata";
  m.utc_offset = 5 * 3600 + 1800;
  m.created_at = m.updated_at = at("2026-11-20T15:30:00Z");
  m.score = 10;
  m.energy = 1;
  m.feelings = {"calm", "tired"};
  m.substance = "tea";  // a field of another kind, set: it must travel too
  return {u, g, m};
}

void same(const Entry& a, const Entry& b) {
  CHECK(a.id == b.id);
  CHECK(a.kind == b.kind);
  CHECK(a.at == b.at);
  CHECK(a.zone == b.zone);
  CHECK(a.utc_offset == b.utc_offset);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
  CHECK(a.substance == b.substance);
  CHECK(a.substance_class == b.substance_class);
  CHECK(a.amount == b.amount);
  CHECK(a.unit == b.unit);
  CHECK(a.abv == b.abv);
  CHECK(a.route == b.route);
  CHECK(a.place == b.place);
  CHECK(a.with_whom == b.with_whom);
  CHECK(a.alone == b.alone);
  CHECK(a.cost == b.cost);
  CHECK(a.reason == b.reason);
  CHECK(a.tested == b.tested);
  CHECK(a.mood_before == b.mood_before);
  CHECK(a.intensity == b.intensity);
  CHECK(a.trigger == b.trigger);
  CHECK(a.feeling == b.feeling);
  CHECK(a.wanted == b.wanted);
  CHECK(a.outcome == b.outcome);
  CHECK(a.outcome_note == b.outcome_note);
  CHECK(a.minutes == b.minutes);
  CHECK(a.intensity_after == b.intensity_after);
  CHECK(a.score == b.score);
  CHECK(a.feelings == b.feelings);
  CHECK(a.energy == b.energy);
  CHECK(a.note == b.note);
  CHECK(a.tags == b.tags);
}

std::string import_error(std::string_view text) {
  ImportData d;
  std::string err;
  CHECK_FALSE(read_import(text, &d, &err));
  return err;
}

const char* kHeader = "id,kind,at,zone\r\n";

}  // namespace

TEST_CASE("csv: fields, quoting and records") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_record({"a", "", "b c"}) == "a,,b c\r\n");

  std::vector<CsvRecord> recs;
  std::string err;
  REQUIRE(parse_csv("a,b\r\n\"x,1\",\"multi\nline\"\n\n\"q\"\"q\",\n", &recs, &err));
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].fields == std::vector<std::string>{"a", "b"});
  CHECK(recs[1].fields == std::vector<std::string>{"x,1", "multi\nline"});
  CHECK(recs[1].line == 2);
  CHECK(recs[2].fields == std::vector<std::string>{"q\"q", ""});
  CHECK(recs[2].line == 5);  // the quoted line break and the empty line both count

  CHECK_FALSE(parse_csv("a,\"open\n", &recs, &err));
  CHECK(err == "line 1: a quoted field is never closed");
  CHECK_FALSE(parse_csv("a\nb\"c\n", &recs, &err));
  CHECK(err == "line 2: a quote inside a field that doesn't start with one");
  CHECK_FALSE(parse_csv("\"a\"b\n", &recs, &err));
  CHECK(err == "line 1: there is text after a closing quote");
}

TEST_CASE("exchange: JSON round trip keeps every field") {
  auto entries = sample();
  std::vector<StoredPlan> plans = {{1, at("2026-11-01T10:00:00Z"), "why = \"sleep\"\n"},
                                   {2, at("2026-11-10T10:00:00Z"), "why = \"\\\"quoted\\\"\"\n"}};
  std::string text = export_json(entries, plans, "2026-11-20T21:30:00+01:00");
  CHECK(text.rfind("{\n  \"ebb_export\": 1,\n  \"exported_at\": \"2026-11-20T21:30:00+01:00\"", 0) == 0);
  CHECK(text.find("\"amount\": 0.30000000000000004") != std::string::npos);
  ImportData d;
  std::string err;
  REQUIRE_MESSAGE(read_import(text, &d, &err), err);
  CHECK(d.format == ExchangeFormat::json);
  REQUIRE(d.entries.size() == 3);
  for (size_t i = 0; i < 3; ++i) same(d.entries[i], entries[i]);
  REQUIRE(d.plans.size() == 2);
  CHECK(d.plans[1].id == 2);
  CHECK(d.plans[1].saved_at == plans[1].saved_at);
  CHECK(d.plans[1].text == plans[1].text);
  // And the second export is byte for byte the first.
  CHECK(export_json(d.entries, d.plans, "2026-11-20T21:30:00+01:00") == text);
}

TEST_CASE("exchange: CSV round trip keeps every field") {
  auto entries = sample();
  std::string text = export_csv(entries);
  CHECK(text.rfind("id,kind,at,zone,created_at,updated_at,substance,class,amount,", 0) == 0);
  CHECK(text.find("\"party;semi\\;colon;back\\\\slash\"") == std::string::npos);  // no quotes needed
  CHECK(text.find(",party;semi\\;colon;back\\\\slash,") != std::string::npos);
  ImportData d;
  std::string err;
  REQUIRE_MESSAGE(read_import(text, &d, &err), err);
  CHECK(d.format == ExchangeFormat::csv);
  REQUIRE(d.entries.size() == 3);
  for (size_t i = 0; i < 3; ++i) same(d.entries[i], entries[i]);
  CHECK(d.plans.empty());
  CHECK(export_csv(d.entries) == text);
}

TEST_CASE("exchange: format detection") {
  ExchangeFormat f;
  std::string err;
  CHECK(detect_format("  \n{\"ebb_export\":1}", &f, &err));
  CHECK(f == ExchangeFormat::json);
  CHECK(detect_format("[]", &f, &err));
  CHECK(f == ExchangeFormat::json);
  CHECK(detect_format("kind,id,at\n", &f, &err));
  CHECK(f == ExchangeFormat::csv);
  CHECK_FALSE(detect_format("date,drink\n2026-01-01,beer\n", &f, &err));
  CHECK(err.find("isn't an ebb export") != std::string::npos);
  CHECK_FALSE(detect_format(" \n ", &f, &err));
  CHECK(err == "the file is empty");
}

TEST_CASE("exchange: hand-made CSV with few columns, and a bare JSON list") {
  ImportData d;
  std::string err;
  std::string csv = std::string(kHeader).substr(0, 15);  // appended: GCC 12 warns wrongly on a + b
  csv += ",substance,amount\n"
         "01JD0000000000000000000009,use,2026-11-20T20:00:00+01:00,Europe/Berlin,beer,2\n";
  REQUIRE_MESSAGE(read_import(csv, &d, &err),
                  err);
  REQUIRE(d.entries.size() == 1);
  // The same path as `ebb use beer 2`: alcohol, the beverage kept, in drinks.
  CHECK(d.entries[0].substance == "alcohol");
  CHECK(d.entries[0].beverage == "beer");
  CHECK(d.entries[0].substance_class == "alcohol");  // from the catalog when left out
  CHECK(d.entries[0].amount == 2.0);
  CHECK(d.entries[0].unit == "drink");
  CHECK(d.entries[0].created_at == d.entries[0].at);
  CHECK(d.entries[0].updated_at == d.entries[0].at);

  REQUIRE(read_import("[{\"id\":\"01jd0000000000000000000009\",\"kind\":\"mood\","
                      "\"at\":\"2026-11-20T20:00:00Z\",\"zone\":\"UTC\",\"score\":5}]",
                      &d, &err));
  CHECK(d.entries[0].id == "01JD0000000000000000000009");  // made upper case
}

TEST_CASE("exchange: a bad row names itself and nothing comes back") {
  std::string good = "01JD0000000000000000000001,mood,2026-11-20T20:00:00Z,UTC,5\r\n";
  std::string bad_row = "01JD0000000000000000000002,mood,2026-11-20T20:00:00Z,UTC,11\r\n";
  std::string text = "id,kind,at,zone,score\r\n" + good + bad_row + good;
  ImportData d;
  d.entries.resize(7);
  std::string err;
  CHECK_FALSE(read_import(text, &d, &err));
  CHECK(err == "row 2 (line 3): the score goes from 1 to 10; it is 11");
  CHECK(d.entries.size() == 7);  // untouched

  CHECK(import_error("id,kind,at,zone,score\n" + good + good) ==
        "row 2 (line 3) has the same id as row 1 (line 2): 01JD0000000000000000000001");
  CHECK(import_error("id,kind,at,zone\nABC,mood,2026-11-20T20:00:00Z,UTC\n") ==
        "row 1 (line 2): the id \"ABC\" isn't a ULID (26 characters of 0-9 and A-Z without I, L, "
        "O, U)");
  CHECK(import_error("id,kind,at,zone\n01JD0000000000000000000001,nap,2026-11-20T20:00:00Z,UTC\n") ==
        "row 1 (line 2): the kind \"nap\" isn't use, urge or mood");
  CHECK(import_error("id,kind,at,zone,score\n01JD0000000000000000000001,mood,2026-11-20 20:00,UTC,5\n") ==
        "row 1 (line 2): \"at\" is \"2026-11-20 20:00\"; it takes an RFC 3339 time with an offset, "
        "like 2026-11-20T21:00:00+01:00");
  CHECK(import_error("id,kind,at,zone,score\n01JD0000000000000000000001,mood,2026-11-20T20:00:00Z,Mars/Base,5\n") ==
        "row 1 (line 2): the zone \"Mars/Base\" isn't in the time zone database");
  CHECK(import_error("id,kind,at,zone,intensity\n01JD0000000000000000000001,urge,2026-11-20T20:00:00Z,UTC,4.5\n") ==
        "row 1 (line 2): \"intensity\" takes a whole number");
  CHECK(import_error("id,kind,at,zone,amount,substance\n01JD0000000000000000000001,use,2026-11-20T20:00:00Z,UTC,-1,x\n") ==
        "row 1 (line 2): the amount is below zero");
  CHECK(import_error("id,kind,at,zone,alone,substance\n01JD0000000000000000000001,use,2026-11-20T20:00:00Z,UTC,yes,x\n") ==
        "row 1 (line 2): \"alone\" takes true or false");
  CHECK(import_error("id,kind,at,zone\n01JD0000000000000000000001,use,2026-11-20T20:00:00Z,UTC\n") ==
        "row 1 (line 2): a use needs a substance");
  CHECK(import_error("id,kind,at,zone,mood\n") == "line 1: \"mood\" isn't a column ebb knows");
  CHECK(import_error("id,kind,at,zone\n01JD0000000000000000000001,mood\n") ==
        "row 1 (line 2): it has 2 fields; the header has 4");
  CHECK(import_error("id,kind,at,zone,tags,score\n01JD0000000000000000000001,mood,2026-11-20T20:00:00Z,UTC,a;;b,5\n") ==
        "row 1 (line 2): a tag or feeling is empty");

  CHECK(import_error("{\"ebb_export\": 2, \"entries\": []}") ==
        "this export was written by a newer ebb (format 2; this one reads 1); a newer ebb can "
        "import it");
  CHECK(import_error("{\"entries\": []}") ==
        "this JSON isn't an ebb export (it has no \"ebb_export\" version)");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": [\n{\"id\": \"01JD0000000000000000000001\", "
                     "\"kind\": \"mood\", \"at\": \"2026-11-20T20:00:00Z\", \"zone\": \"UTC\", "
                     "\"score\": 5},\n{\"id\": \"01JD0000000000000000000002\", \"kind\": \"mood\", "
                     "\"at\": \"2026-11-20T20:00:00Z\", \"zone\": \"UTC\", \"score\": 5, "
                     "\"colour\": \"red\"}]}") ==
        "entry 2 (line 3): \"colour\" isn't a field ebb knows");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": [{\"id\": \"01JD0000000000000000000001\", "
                     "\"kind\": \"urge\", \"at\": \"2026-11-20T20:00:00Z\", \"zone\": \"UTC\"}]}") ==
        "entry 1 (line 1): an urge needs an intensity");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": [], \"plans\": [{\"text\": \"x\"}]}") ==
        "plan version 1 (line 1): it needs \"saved_at\" and \"text\"");
  // The file is read in order, so the first problem in it is the one told.
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": [1,]}") ==
        "entry 1 (line 1): it is a number, not an object");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": [,]}") ==
        "line 1, column 31: expected a value, found ','");
}

TEST_CASE("exchange: check_entry keeps text on one line where it must") {
  auto entries = sample();
  std::string err;
  Entry e = entries[0];
  CHECK(check_entry(e, &err));
  e.tags = {"two\nlines"};
  CHECK_FALSE(check_entry(e, &err));
  CHECK(err == "a tag or feeling holds a control character");
  e = entries[0];
  e.note = std::string("nul\0here", 8);
  CHECK_FALSE(check_entry(e, &err));
  CHECK(err == "the note holds a control character");
}

TEST_CASE("exchange: progress line") {
  CHECK(progress_line(0, 10, 10) == "[----------]  0 of 10");
  CHECK(progress_line(5, 10, 10) == "[#####-----]  5 of 10");
  CHECK(progress_line(10, 10, 10) == "[##########] 10 of 10");
  CHECK(progress_line(3000, 4000, 8) == "[######--] 3000 of 4000");
  CHECK(progress_line(12, 10, 10) == "[##########] 10 of 10");
}

TEST_CASE("exchange: an export is handed over in pieces as the entries come") {
  auto entries = sample();
  std::vector<StoredPlan> plans = {{1, at("2026-11-01T10:00:00Z"), "why = \"sleep\"\n"}};
  for (auto format : {ExchangeFormat::json, ExchangeFormat::csv}) {
    std::string whole = format == ExchangeFormat::json
                            ? export_json(entries, plans, "2026-11-20T21:30:00+01:00")
                            : export_csv(entries);
    std::vector<std::string> chunks;
    ExportWriter w(format, "2026-11-20T21:30:00+01:00",
                   [&](std::string_view s) { chunks.emplace_back(s); }, 1);
    for (const auto& e : entries) w.entry(e);
    // With a one-byte chunk, each entry has been passed on before the document ends.
    CHECK(chunks.size() == entries.size());
    w.finish(plans);
    std::string joined;
    for (const auto& c : chunks) joined += c;
    CHECK(joined == whole);
  }
  // An empty export, exactly.
  CHECK(export_json({}, {}, "2026-11-20T21:30:00+01:00") ==
        "{\n  \"ebb_export\": 1,\n  \"exported_at\": \"2026-11-20T21:30:00+01:00\",\n"
        "  \"entries\": [],\n  \"plans\": []\n}\n");
}

TEST_CASE("exchange: text that isn't UTF-8 is refused on import, so what's kept exports again") {
  // A CSV saved by a spreadsheet in Latin-1.
  CHECK(import_error("id,kind,at,zone,score,note\n01JD0000000000000000000001,mood,"
                     "2026-11-20T20:00:00Z,UTC,5,caf\xE9\n") ==
        "row 1 (line 2): the note isn't UTF-8 text");
  CHECK(import_error("id,kind,at,zone,score,feelings\n01JD0000000000000000000001,mood,"
                     "2026-11-20T20:00:00Z,UTC,5,\xC0\xAF\n") ==
        "row 1 (line 2): a tag or feeling isn't UTF-8 text");
  auto entries = sample();
  std::string err;
  Entry e = entries[0];
  e.place = "K\xF6ln";
  CHECK_FALSE(check_entry(e, &err));
  CHECK(err == "where isn't UTF-8 text");
  e = entries[0];
  e.place = "K\xC3\xB6ln";
  CHECK(check_entry(e, &err));
}

TEST_CASE("csv: text a spreadsheet would run as a formula is guarded, and comes back as it was") {
  for (const char* text : {"=HYPERLINK(\"http://x\",\"click\")", "+1", "-2", "@SUM(A1)",
                           "\tindent", "\rcr", "'=already quoted", "''", "'"})
    CHECK(csv_unguard(csv_guard(text)) == text);
  CHECK(csv_guard("=1+1") == "'=1+1");
  CHECK(csv_guard("-") == "'-");
  CHECK(csv_guard("'=x") == "''=x");
  CHECK(csv_guard("'tis the season") == "'tis the season");  // nothing to guard
  CHECK(csv_unguard("'tis the season") == "'tis the season");
  CHECK(csv_guard("a=b") == "a=b");
  CHECK(csv_guard("") == "");

  auto entries = sample();
  entries[0].note = "=cmd|' /C calc'!A0";
  entries[0].place = "@home";
  entries[0].tags = {"-x", "+y"};
  entries[1].trigger = "'=literally";
  std::string csv = export_csv(entries);
  CHECK(csv.find(",'=cmd|") != std::string::npos);
  CHECK(csv.find(",'@home,") != std::string::npos);
  CHECK(csv.find(",'-x;+y") != std::string::npos);
  CHECK(csv.find(",''=literally,") != std::string::npos);
  ImportData d;
  std::string err;
  REQUIRE(read_import(csv, &d, &err));
  REQUIRE(d.entries.size() == 3);
  for (size_t i = 0; i < 3; ++i) same(d.entries[i], entries[i]);
  CHECK(export_csv(d.entries) == csv);  // byte for byte
}

TEST_CASE("exchange: an import is read an entry at a time, in file order") {
  const std::string mood = R"("kind": "mood", "at": "2026-11-20T20:00:00Z", "zone": "UTC", "score": 5)";
  std::string text = "{\"ebb_export\": 1,\n \"entries\": [\n  {\"id\": \"01JD0000000000000000000001\", " +
                     mood + "},\n  {\"id\": \"01jd0000000000000000000002\", " + mood +
                     "}\n ],\n \"plans\": [{\"version\": 1, \"saved_at\": "
                     "\"2026-11-01T10:00:00Z\", \"text\": \"why = \\\"x\\\"\\n\"}]}\n";
  std::vector<std::string> ids;
  std::vector<size_t> numbers;
  std::vector<int> lines;
  std::vector<StoredPlan> plans;
  ExchangeFormat format{};
  std::string err;
  size_t last_offset = 0;
  auto each = [&](const ImportedEntry& item, std::string*) {
    ids.push_back(item.entry.id);
    numbers.push_back(item.number);
    lines.push_back(item.line);
    CHECK(item.offset > last_offset);
    last_offset = item.offset;
    return true;
  };
  REQUIRE_MESSAGE(read_import_each(text, &format, each, &plans, &err), err);
  CHECK(format == ExchangeFormat::json);
  CHECK(ids == std::vector<std::string>{"01JD0000000000000000000001", "01JD0000000000000000000002"});
  CHECK(numbers == std::vector<size_t>{1, 2});
  CHECK(lines == std::vector<int>{3, 4});
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].text == "why = \"x\"\n");

  // The reader stops where the visitor says no, with its words.
  size_t seen = 0;
  auto stop = [&](const ImportedEntry&, std::string* why) {
    *why = "stopped";
    return ++seen < 1;
  };
  CHECK_FALSE(read_import_each(text, &format, stop, &plans, &err));
  CHECK(err == "stopped");
  CHECK(seen == 1);

  // The same id twice is told after the last entry, naming the first pair in file order.
  std::string twice = "[{\"id\": \"01JD0000000000000000000003\", " + mood +
                      "},\n{\"id\": \"01JD0000000000000000000001\", " + mood +
                      "},\n{\"id\": \"01JD0000000000000000000001\", " + mood +
                      "},\n{\"id\": \"01JD0000000000000000000003\", " + mood + "}]";
  CHECK(import_error(twice) ==
        "entry 3 (line 3) has the same id as entry 2 (line 2): 01JD0000000000000000000001");
  // A syntax error after the entries still names its line and column.
  CHECK(import_error("[{\"id\": \"01JD0000000000000000000003\", " + mood + "},\n{]") ==
        "line 2, column 2: expected a key in quotes, found ']'");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": 5}") == "\"entries\" isn't a list");
  CHECK(import_error("{\"ebb_export\": 1}") == "the export has no \"entries\" list");
  CHECK(import_error("{\"entries\": []}") ==
        "this JSON isn't an ebb export (it has no \"ebb_export\" version)");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": [], \"x\": 1}") ==
        "line 1: \"x\" isn't part of an ebb export");
  CHECK(import_error("{\"ebb_export\": 1, \"entries\": []} x") ==
        "line 1, column 34: there is more text after the end of the document");
}

TEST_CASE("json stream: the outer level a member or an item at a time") {
  JsonStream js("{\"a\": [1, {\"b\": 2}], \"c\": \"d\"}");
  JsonValue::Type outer{};
  REQUIRE(js.open(&outer));
  CHECK(outer == JsonValue::Type::object);
  std::string key;
  int line = 0;
  REQUIRE(js.next_key(&key, &line));
  CHECK(key == "a");
  REQUIRE(js.enter_list());
  JsonValue v;
  REQUIRE(js.next_item(&v));
  CHECK(v.as_number() == 1);
  REQUIRE(js.next_item(&v));
  CHECK(v.find("b")->as_number() == 2);
  CHECK_FALSE(js.next_item(&v));
  CHECK_FALSE(js.failed());
  REQUIRE(js.next_key(&key, &line));
  CHECK(key == "c");
  CHECK_FALSE(js.enter_list());
  CHECK_FALSE(js.failed());
  REQUIRE(js.value(&v));
  CHECK(v.as_string() == "d");
  CHECK_FALSE(js.next_key(&key, &line));
  CHECK_FALSE(js.failed());
  CHECK(js.finish());

  JsonStream twice("{\"a\": 1, \"a\": 2}");
  REQUIRE(twice.open(&outer));
  REQUIRE(twice.next_key(&key, &line));
  REQUIRE(twice.value(&v));
  CHECK_FALSE(twice.next_key(&key, &line));
  CHECK(twice.failed());
  CHECK(twice.error().message == "the key \"a\" appears twice in one object");
}

TEST_CASE("csv reader: a record at a time, as parse_csv reads them") {
  CsvReader r("a,b\r\n\r\n\"x\ny\",2\n\"open");
  CsvRecord rec;
  std::string err;
  REQUIRE(r.next(&rec, &err));
  CHECK(rec.fields == std::vector<std::string>{"a", "b"});
  REQUIRE(r.next(&rec, &err));
  CHECK(rec.line == 3);
  CHECK(rec.fields == std::vector<std::string>{"x\ny", "2"});
  CHECK_FALSE(r.next(&rec, &err));
  CHECK(r.failed());
  CHECK(err == "line 5: a quoted field is never closed");
}
