#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ebb/util/interned.hpp"

using namespace ebb;

TEST_CASE("interned: equal texts are one copy; the empty text is the default") {
  std::string a = "alcohol", b = "alco";
  b += "hol";
  Interned x(a), y(b), z(std::string_view("cannabis"));
  CHECK(x == y);
  CHECK(&x.str() == &y.str());
  CHECK(!(x == z));
  CHECK(x == "alcohol");
  CHECK(x == std::string("alcohol"));
  CHECK(Interned().empty());
  CHECK(Interned("") == Interned());
  a = "changed";  // the interned copy is its own
  CHECK(x.str() == "alcohol");
  // Many texts, asked for again in any order, still find their one copy.
  std::vector<Interned> first;
  for (int i = 0; i < 500; ++i) first.emplace_back(std::to_string(i * 7919));
  for (int i = 499; i >= 0; --i) CHECK(Interned(std::to_string(i * 7919)) == first[i]);
  // The texts stay where they are as more are added (a row keeps a number, not the text).
  CHECK(&x.str() == &Interned("alcohol").str());
  CHECK(first[0].str() == "0");
  CHECK(first[499].str() == std::to_string(499 * 7919));
  static_assert(sizeof(Interned) == 4);
}

TEST_CASE("interned: a number or none in the room of a number") {
  MaybeNumber none;
  CHECK(!none);
  CHECK(!none.has_value());
  CHECK(none.value_or(3) == 3);
  CHECK(std::optional<double>(none) == std::nullopt);
  MaybeNumber zero = std::optional<double>(0.0);
  CHECK(zero);
  CHECK(*zero == 0);
  CHECK(std::optional<double>(zero) == 0.0);
  CHECK(MaybeNumber(std::optional<double>(-2.5)).value_or(1) == -2.5);
  static_assert(sizeof(MaybeNumber) == sizeof(double));
}

TEST_CASE("interned: texts kept in an arena stay where they are") {
  TextArena arena;
  std::vector<std::string_view> kept;
  std::vector<std::string> texts;
  for (int i = 0; i < 10000; ++i) texts.push_back("01JD" + std::to_string(i) + "XYZ0123456789ABCDEFG");
  texts.push_back(std::string(200000, 'x'));  // longer than a block
  for (int i = 0; i < 100; ++i) texts.push_back("after-" + std::to_string(i));
  for (const auto& t : texts) kept.push_back(arena.keep(t));
  CHECK(arena.keep("").empty());
  TextArena moved = std::move(arena);
  for (size_t i = 0; i < texts.size(); ++i) CHECK(kept[i] == texts[i]);
}
