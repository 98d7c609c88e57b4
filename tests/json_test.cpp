#include <doctest/doctest.h>

#include "ebb/util/json.hpp"

using namespace ebb;

TEST_CASE("JSON writer: nesting, escaping, numbers, null") {
  JsonWriter w;
  w.begin_object();
  w.field("s", "a\"b\\c\n\x01");
  w.field("i", 3);
  w.field("d", 2.5);
  w.field("whole", 4.0);
  w.field("none", std::optional<int>{});
  w.field("yes", true);
  w.field("list", std::vector<std::string>{"x", "y"});
  w.key("empty").begin_array().end_array();
  w.key("obj").begin_object().end_object();
  w.end_object();
  CHECK(w.str() ==
        R"({"s":"a\"b\\c\n\u0001","i":3,"d":2.5,"whole":4,"none":null,"yes":true,)"
        R"("list":["x","y"],"empty":[],"obj":{}})");
}

TEST_CASE("JSON writer: pretty output") {
  JsonWriter w(true);
  w.begin_object().field("a", 1).key("b").begin_array().value(1).value(2).end_array().end_object();
  CHECK(w.str() == "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}");
}
