#include <doctest/doctest.h>

#include <string>

#include "ebb/exchange/json_read.hpp"

using namespace ebb;

namespace {

JsonValue ok(std::string_view text) {
  JsonValue v;
  JsonError err;
  bool good = parse_json(text, &v, &err);
  INFO(err.line, ":", err.column, " ", err.message);
  REQUIRE(good);
  return v;
}

JsonError bad(std::string_view text) {
  JsonValue v;
  JsonError err;
  REQUIRE_FALSE(parse_json(text, &v, &err));
  return err;
}

}  // namespace

TEST_CASE("json_read: scalars and containers") {
  CHECK(ok("null").is_null());
  CHECK(ok(" true ").as_bool());
  CHECK_FALSE(ok("false").as_bool());
  CHECK(ok("0").as_number() == 0);
  CHECK(ok("-12.5e1").as_number() == -125);
  CHECK(ok("1E-2").as_number() == 0.01);
  CHECK(ok("\"hi\"").as_string() == "hi");
  CHECK(ok("[]").as_array().empty());
  CHECK(ok("{}").as_object().empty());

  JsonValue v = ok("{\"b\": 1, \"a\": [true, null, \"x\"], \"c\": {\"d\": 2}}");
  REQUIRE(v.is_object());
  const auto& o = v.as_object();
  REQUIRE(o.size() == 3);
  CHECK(o[0].first == "b");  // document order, not sorted
  CHECK(o[1].first == "a");
  CHECK(o[2].first == "c");
  CHECK(v.find("a")->as_array().size() == 3);
  CHECK(v.find("a")->as_array()[2].as_string() == "x");
  CHECK(v.find("c")->find("d")->as_number() == 2);
  CHECK(v.find("zz") == nullptr);
}

TEST_CASE("json_read: numbers read back as the same double") {
  for (double d : {0.1, 2.5, 1.0 / 3.0, 123456.789, 1e-300, 5e-324, 1.7976931348623157e308}) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", d);
    CHECK(ok(buf).as_number() == d);
  }
  CHECK(ok("1e-400").as_number() == 0);  // underflow reads as zero
  CHECK(bad("1e400").message == "a number is too large");
}

TEST_CASE("json_read: string escapes") {
  CHECK(ok(R"("a\"b\\c\/d\b\f\n\r\t")").as_string() == "a\"b\\c/d\b\f\n\r\t");
  CHECK(ok(R"("\u00e9")").as_string() == "\xC3\xA9");           // é
  CHECK(ok(R"("\u20AC")").as_string() == "\xE2\x82\xAC");       // €
  CHECK(ok(R"("\ud83d\ude00")").as_string() == "\xF0\x9F\x98\x80");  // 😀 from a surrogate pair
  CHECK(ok(R"("\u0041")").as_string() == "A");
  CHECK(ok("\"caf\xC3\xA9\"").as_string() == "caf\xC3\xA9");  // raw UTF-8 passes
  CHECK(ok(R"("\u0000")").as_string() == std::string(1, '\0'));
}

TEST_CASE("json_read: invalid documents, with positions") {
  JsonError e = bad("");
  CHECK(e.message == "the file is empty");

  e = bad("{\"a\": 1,}");
  CHECK(e.line == 1);
  CHECK(e.column == 9);
  CHECK(e.message == "expected a key in quotes, found '}'");

  e = bad("[1, 2\n, 3,\n]");
  CHECK(e.line == 3);
  CHECK(e.column == 1);

  e = bad("{\"a\": 1}\n  x");
  CHECK(e.line == 2);
  CHECK(e.column == 3);
  CHECK(e.message == "there is more text after the end of the document");

  e = bad("[01]");
  CHECK(e.column == 2);
  CHECK(e.message == "a number can't start with 0 (leading zeros)");

  // Columns count characters, not bytes: "é" is one.
  e = bad("[\"\xC3\xA9\", tru]");
  CHECK(e.column == 7);

  CHECK(bad("[1.]").message == "a number needs digits after the '.'");
  CHECK(bad("[.5]").message == "expected a value, found '.'");
  CHECK(bad("[-]").message == "a number needs digits");
  CHECK(bad("[1e]").message == "a number needs digits after the exponent");
  CHECK(bad("[+1]").message == "expected a value, found '+'");
  CHECK(bad("[NaN]").message == "expected a value, found 'N'");
  CHECK(bad("[\"a]").message == "a text value is not closed with '\"'");
  CHECK(bad("[\"a\nb\"]").message == "a text value runs past the end of the line (write \\n)");
  CHECK(bad("[\"a\tb\"]").message == "a control character inside text must be escaped");
  CHECK(bad(R"(["\x"])").message == "\\x is not a JSON escape");
  CHECK(bad(R"(["\u12"])").message == "a \\u escape needs four hex digits");
  CHECK(bad(R"(["\ud83d"])").message == "a \\u escape holds a high surrogate without a low one after it");
  CHECK(bad(R"(["\ud83d\u0041"])").message == "a \\u escape holds a high surrogate without a low one after it");
  CHECK(bad(R"(["\ude00"])").message == "a \\u escape holds a low surrogate without a high one before it");
  CHECK(bad("[\"\xC3\"]").message == "the text is not valid UTF-8");
  CHECK(bad("[\"\xC0\x80\"]").message == "the text is not valid UTF-8");      // overlong
  CHECK(bad("[\"\xED\xA0\x80\"]").message == "the text is not valid UTF-8");  // surrogate
  CHECK(bad("{\"a\":1,\"a\":2}").message == "the key \"a\" appears twice in one object");
  CHECK(bad("{a:1}").message == "expected a key in quotes, found 'a'");
  CHECK(bad("[1 2]").message == "expected ',' or ']', found '2'");
  CHECK(bad("{\"a\" 1}").message == "expected ':', found '1'");
  CHECK(bad("[true").message == "the document ends where ',' or ']' was expected");
  CHECK(bad("// c\n1").message == "expected a value, found '/'");
}

TEST_CASE("json_read: only well-formed UTF-8 (RFC 3629) is read") {
  // Each code point has one encoding, its shortest: a longer one (overlong) could smuggle a
  // '"', '/' or NUL past a check that looks at bytes. Refused, as are surrogates (U+D800 to
  // U+DFFF), code points above U+10FFFF, stray continuation bytes and cut sequences.
  for (const char* bytes : {
           "\xC0\x80", "\xC1\xBF",                  // 2 bytes for U+0000 and U+007F
           "\xE0\x80\x80", "\xE0\x80\xAF",          // 3 bytes for U+0000 and '/'
           "\xE0\x9F\xBF",                          // 3 bytes for U+07FF
           "\xF0\x80\x80\x80", "\xF0\x80\x80\xA2",  // 4 bytes for U+0000 and '"'
           "\xF0\x8F\xBF\xBF",                      // 4 bytes for U+FFFF
           "\xED\xA0\x80", "\xED\xBF\xBF",          // surrogates
           "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",  // above U+10FFFF
           "\xF8\x88\x80\x80\x80", "\xFF", "\xFE",  // no such lead bytes
           "\x80", "\xBF",                          // a continuation byte alone
           "\xE2\x82", "\xF0\x9F\x98",              // cut short
           "\xE2\x28\xA1",                          // a continuation that isn't one
       }) {
    std::string doc = std::string("[\"a") + bytes + "b\"]";
    CAPTURE(doc);
    CHECK(bad(doc).message == "the text is not valid UTF-8");
    CHECK(bad(doc).column == 4);  // names where the sequence starts
  }
  // The shortest forms, the first and last of each length, pass unchanged.
  for (const char* bytes : {"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEF\xBF\xBF",
                            "\xED\x9F\xBF", "\xEE\x80\x80", "\xF0\x90\x80\x80",
                            "\xF4\x8F\xBF\xBF"}) {
    std::string doc = std::string("[\"") + bytes + "\"]";
    CAPTURE(doc);
    CHECK(ok(doc).as_array()[0].as_string() == bytes);
  }
}

TEST_CASE("json_read: depth limit") {
  std::string deep_ok(kJsonMaxDepth, '[');
  deep_ok += std::string(kJsonMaxDepth, ']');
  ok(deep_ok);
  std::string too_deep(kJsonMaxDepth + 1, '[');
  too_deep += std::string(kJsonMaxDepth + 1, ']');
  JsonError e = bad(too_deep);
  CHECK(e.message == "lists and objects are nested more than 256 deep");
  CHECK(e.column == kJsonMaxDepth + 1);
  // A hostile file far deeper than the limit fails the same way instead of crashing.
  std::string huge(1000000, '[');
  CHECK(bad(huge).message == "lists and objects are nested more than 256 deep");
}

TEST_CASE("json_read: byte order mark and line of values") {
  JsonValue v = ok("\xEF\xBB\xBF[\n1,\n\n{\"a\": 2}]");
  CHECK(v.as_array()[0].line == 2);
  CHECK(v.as_array()[1].line == 4);
  JsonError e = bad("\xEF\xBB\xBF[x]");
  CHECK(e.column == 2);
}
