// The import readers from a stream, through a window that is refilled: the same values and
// the same errors (message, line, column) as from the whole text, wherever the window ends
// (inside a token, a text value, an escape, a UTF-8 sequence, a CSV field) and however far
// into the text an error lies.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ebb/exchange/csv.hpp"
#include "ebb/exchange/exchange.hpp"
#include "ebb/exchange/json_read.hpp"

using namespace ebb;

namespace {

// A stream that gives the first `split` bytes in its first read, then the rest `step` bytes
// at a time, and counts its reads.
struct Pieces {
  std::string text;
  size_t split = 0, step = 0, at = 0;
  int reads = 0;
  size_t operator()(char* buf, size_t n) {
    ++reads;
    size_t k = std::min(n, text.size() - at);
    if (at < split) k = std::min(k, split - at);
    else if (step) k = std::min(k, step);
    std::memcpy(buf, text.data() + at, k);
    at += k;
    return k;
  }
};

TextRead reader(Pieces& p) {
  return [&p](char* buf, size_t n) { return p(buf, n); };
}

std::string dump(const JsonValue& v) {
  std::string out = fmt::format("@{}:", v.line);
  switch (v.type()) {
    case JsonValue::Type::null: return out + "null";
    case JsonValue::Type::boolean: return out + (v.as_bool() ? "true" : "false");
    case JsonValue::Type::number: return out + fmt::format("{}", v.as_number());
    case JsonValue::Type::string: return out + "\"" + v.as_string() + "\"";
    case JsonValue::Type::array:
      out += "[";
      for (const auto& i : v.as_array()) out += dump(i) + ",";
      return out + "]";
    case JsonValue::Type::object:
      out += "{";
      for (const auto& [k, i] : v.as_object()) out += k + "=" + dump(i) + ",";
      return out + "}";
  }
  return out;
}

// Everything a reader of the stream sees, as the importer walks it: keys, lists entered item
// by item, whole values, and the error (with line and column) that ends it.
std::string walk(JsonStream& js) {
  std::string out;
  auto failed = [&] {
    const JsonError& e = js.error();
    return out + fmt::format("ERROR {}:{} {}", e.line, e.column, e.message);
  };
  JsonValue::Type outer{};
  if (!js.open(&outer)) return failed();
  out += fmt::format("open {}\n", static_cast<int>(outer));
  JsonValue v;
  auto items = [&] {
    while (js.next_item(&v)) out += fmt::format("item {} at {}\n", dump(v), js.offset());
    return !js.failed();
  };
  if (outer == JsonValue::Type::array) {
    if (!items()) return failed();
  } else if (outer == JsonValue::Type::object) {
    std::string key;
    int line = 0;
    while (js.next_key(&key, &line)) {
      out += fmt::format("key {} @{}\n", key, line);
      if (js.enter_list()) {
        if (!items()) return failed();
      } else {
        if (js.failed() || !js.value(&v)) return failed();
        out += "value " + dump(v) + "\n";
      }
    }
    if (js.failed()) return failed();
  } else {
    return out;
  }
  if (!js.finish()) return failed();
  return out + "end\n";
}

std::string walk_whole(const std::string& text) {
  JsonStream js(text);
  return walk(js);
}

// Every place the first window can end in, and a byte at a time from the start.
void same_from_every_window(const std::string& text) {
  const std::string whole = walk_whole(text);
  for (size_t split = 0; split <= text.size(); ++split) {
    Pieces p{text, split, 0};
    JsonStream js(reader(p), 1);
    INFO("window ends after byte ", split, " of ", text);
    CHECK(walk(js) == whole);
  }
  for (size_t step : {1, 2, 3, 5, 7}) {
    Pieces p{text, 0, step};
    JsonStream js(reader(p), 1);
    INFO("read ", step, " bytes at a time: ", text);
    CHECK(walk(js) == whole);
  }
}

std::string csv_walk(CsvReader& r) {
  std::string out;
  CsvRecord rec;
  std::string err;
  while (r.next(&rec, &err)) {
    out += fmt::format("{}:", rec.line);
    for (const auto& f : rec.fields) out += "[" + f + "]";
    out += fmt::format(" at {}\n", r.offset());
  }
  return out + (r.failed() ? "ERROR " + err : "end");
}

void csv_same_from_every_window(const std::string& text) {
  CsvReader whole_reader(text);
  const std::string whole = csv_walk(whole_reader);
  for (size_t split = 0; split <= text.size(); ++split) {
    Pieces p{text, split, 0};
    CsvReader r(reader(p), 1);
    INFO("window ends after byte ", split, " of ", text);
    CHECK(csv_walk(r) == whole);
  }
  for (size_t step : {1, 2, 3}) {
    Pieces p{text, 0, step};
    CsvReader r(reader(p), 1);
    CHECK(csv_walk(r) == whole);
  }
}

}  // namespace

TEST_CASE("text window: a JSON document read through any window is read the same") {
  // Tokens, text values, escapes (surrogate pairs too), UTF-8 of 2, 3 and 4 bytes, numbers
  // in every form, nesting, a byte order mark and CR LF line ends.
  same_from_every_window(
      "\xEF\xBB\xBF{\"ebb_export\": 1,\r\n \"entries\": [\n"
      "  {\"a\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\", \"b\": -12.5e-3, \"c\": true},\n"
      "  {\"d\": \"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\", \"e\": [null, false, 0, "
      "1E+2, [[]], {}]},\n"
      "  {\"f\": {\"g\": {\"h\": 123456789012}}, \"i\": \"\"}\n"
      " ],\n \"plans\": [{\"text\": \"x\"}], \"z\": null}\n  ");
  same_from_every_window("[1, \"two\", [3], {\"four\": 4}]");
  same_from_every_window("  \"just text\"  ");
  same_from_every_window("12345");
  same_from_every_window("[]");
  same_from_every_window("{}");
}

TEST_CASE("text window: JSON errors are the same, at the same line and column") {
  const char* bad[] = {
      "",
      "   \n  ",
      "{\"a\": 1,}",
      "[1, 2\n, 3,\n]",
      "{\"a\": 1}\n  x",
      "[01]",
      "[\"\xC3\xA9\", tru]",
      "[1.]",
      "[-]",
      "[1e]",
      "[+1]",
      "[\"a]",
      "[\"a\nb\"]",
      "[\"a\tb\"]",
      R"(["\x"])",
      R"(["\u12"])",
      R"(["\u12g4"])",
      R"(["\ud83d"])",
      R"(["\ud83d\u0041"])",
      R"(["\ude00"])",
      "[\"\xC3\"]",
      "[\"\xE2\x82\"]",
      "[\"\xF0\x9F\x98\"]",
      "[\"\xC0\x80\"]",
      "[\"\xED\xA0\x80\"]",
      "{\"a\":1,\"a\":2}",
      "{\"a\":{\"b\":1,\"b\":2}}",
      "{a:1}",
      "[1 2]",
      "{\"a\" 1}",
      "[true",
      "[nul]",
      "// c\n1",
      "{\"ebb_export\": 1, \"entries\": [{\"x\": 1}, {\"y\": \"\xC3\xA9\xC3\xA9\" x}]}",
  };
  for (const char* text : bad) same_from_every_window(text);
}

TEST_CASE("text window: an error far into the stream has its line and column") {
  // Thousands of lines: the error lies many windows past the first.
  std::string text = "{\"ebb_export\": 1, \"entries\": [\n";
  for (int i = 0; i < 3000; ++i)
    text += fmt::format("  {{\"id\": \"{}\", \"note\": \"d\xC3\xA9j\xC3\xA0 vu\"}},\n", i);
  text += "  {\"id\": \"late\", \"note\": \"\xC3\xA9\xC3\xA9\" oops}\n]}\n";
  JsonStream whole(text);
  CHECK(walk(whole).ends_with("ERROR 3002:31 expected ',' or '}', found 'o'"));
  for (size_t min_read : {1, 100, 4096}) {
    Pieces p{text, 0, 1000};
    JsonStream js(reader(p), min_read);
    CHECK(walk(js) == walk_whole(text));
    CHECK(p.reads > 100);  // it was read a piece at a time
  }

  // One long line (compact JSON): the line's start was let go long before the error, and
  // its characters (two bytes each here) were counted as it went.
  std::string line = "[";
  for (int i = 0; i < 20000; ++i) line += "\"\xC3\xA9\",";
  line += "\"\xC3\xA9\" x]";
  CHECK(walk_whole(line).ends_with(fmt::format("ERROR 1:{} expected ',' or ']', found 'x'",
                                               1 + 4 * 20001 + 1)));
  for (size_t step : {999, 4096}) {
    Pieces p{line, 0, step};
    JsonStream js(reader(p), 1);
    CHECK(walk(js) == walk_whole(line));
  }
}

TEST_CASE("text window: the window holds what is being read, not the whole stream") {
  std::string text = "[";
  for (int i = 0; i < 20000; ++i) text += fmt::format("{{\"n\": {}}},", i);
  text += "0]";
  Pieces p{text, 0, 512};
  JsonStream js(reader(p), 512);
  JsonValue::Type outer{};
  REQUIRE(js.open(&outer));
  JsonValue v;
  size_t n = 0;
  while (js.next_item(&v)) ++n;
  CHECK_FALSE(js.failed());
  CHECK(n == 20001);
  CHECK(js.offset() == text.size());
  CHECK(p.reads >= static_cast<int>(text.size() / 512));

  // An item longer than many reads is still read whole.
  std::string longer = "[\"" + std::string(300000, 'x') + "\"]";
  Pieces q{longer, 0, 100};
  JsonStream big(reader(q), 100);
  REQUIRE(big.open(&outer));
  REQUIRE(big.next_item(&v));
  CHECK(v.as_string().size() == 300000);
}

TEST_CASE("text window: CSV records and errors are the same through any window") {
  csv_same_from_every_window(
      "\xEF\xBB\xBFid,kind,note\r\n\r\n1,use,\"a, \"\"quoted\"\"\r\nnote\"\r\n2,mood,caf\xC3\xA9\n\n"
      "3,urge,\"\"\n4,use,x\r");
  csv_same_from_every_window("a,b\r\n\r\n\"x\ny\",2\n\"open");
  csv_same_from_every_window("a,b\n\"x\"y,2\n");
  csv_same_from_every_window("a,b\nx\"y,2\n");
  csv_same_from_every_window("");
  csv_same_from_every_window("\xEF\xBB");
}

TEST_CASE("text window: an import from a stream reads as from the whole file") {
  std::string mood = "\"kind\": \"mood\", \"at\": \"2026-03-01T10:00:00+01:00\", \"zone\": "
                     "\"Europe/Berlin\", \"score\": 6, \"note\": \"\xE2\x80\x9C" "fine\xE2\x80\x9D\"";
  std::string json = "{\"ebb_export\": 1, \"entries\": [\n{\"id\": \"01JD0000000000000000000001\", " +
                     mood + "},\n{\"id\": \"01JD0000000000000000000002\", " + mood + "}\n]}\n";
  auto run = [](std::string_view head, TextRead read, const std::string& text) {
    std::string out, err;
    ExchangeFormat format{};
    std::vector<StoredPlan> plans;
    auto each = [&](const ImportedEntry& item, std::string*) {
      out += fmt::format("{} {} {} {} {}\n", item.number, item.line, item.offset, item.entry.id,
                         item.entry.note);
      return true;
    };
    bool ok = read ? read_import_each(head, std::move(read), &format, each, &plans, &err, 1)
                   : read_import_each(text, &format, each, &plans, &err);
    return out + (ok ? "ok" : "ERROR " + err);
  };
  std::string bad_json = json;
  bad_json.replace(bad_json.rfind("}\n]}"), 1, "}x");
  std::string twice = json;
  twice.replace(twice.find("0002"), 4, "0001");
  for (const std::string& text : {json, bad_json, twice}) {
    const std::string whole = run(text, nullptr, text);
    for (size_t split = 0; split <= text.size(); ++split) {
      Pieces p{text, split, 5};
      CHECK(run(text.substr(0, 1), reader(p), text) == whole);
    }
  }
  CHECK(run(json, nullptr, json).ends_with("ok"));
  CHECK(run(bad_json, nullptr, bad_json).find("ERROR line 3") != std::string::npos);
  CHECK(run(twice, nullptr, twice).find("has the same id") != std::string::npos);
}
