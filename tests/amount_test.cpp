#include <doctest/doctest.h>

#include <string>

#include "ebb/core/amount.hpp"

namespace {

ebb::Amount parsed(std::string_view amount, std::string_view unit = "") {
  ebb::Amount a;
  std::string err;
  const bool ok = ebb::parse_amount(amount, unit, &a, &err);
  CAPTURE(amount);
  CAPTURE(err);
  CHECK(ok);
  return a;
}

std::string parse_error(std::string_view amount, std::string_view unit = "") {
  ebb::Amount a;
  a.value = 42;
  std::string err;
  CAPTURE(amount);
  CHECK_FALSE(ebb::parse_amount(amount, unit, &a, &err));
  CHECK(a.value == 42);  // output untouched on error
  return err;
}

ebb::DrinkSettings drinks_of(double grams) {
  ebb::DrinkSettings d;
  d.grams_per_drink = grams;
  return d;
}

const ebb::DrinkSettings kUs = drinks_of(14.0);

}  // namespace

TEST_CASE("parse_amount: plain numbers") {
  CHECK(parsed("2").value == 2);
  CHECK(parsed("2").unit.empty());
  CHECK(parsed("2.5").value == 2.5);
  CHECK(parsed(".5").value == 0.5);
  CHECK(parsed("2.").value == 2);
  CHECK(parsed("0").value == 0);
  CHECK(parsed("+3").value == 3);
  CHECK(parsed("  7 ").value == 7);
  CHECK(parsed("007").value == 7);
}

TEST_CASE("parse_amount: glued, spaced and separate units") {
  ebb::Amount a = parsed("150mg");
  CHECK(a.value == 150);
  CHECK(a.unit == "mg");
  a = parsed("0.5", "g");
  CHECK(a.value == 0.5);
  CHECK(a.unit == "g");
  a = parsed("0.5 g");
  CHECK(a.value == 0.5);
  CHECK(a.unit == "g");
  a = parsed("3 drinks");
  CHECK(a.value == 3);
  CHECK(a.unit == "drink");
  a = parsed("12", "FL OZ");
  CHECK(a.unit == "floz");
  a = parsed("1.5 standard   drinks");
  CHECK(a.value == 1.5);
  CHECK(a.unit == "drink");
}

TEST_CASE("canonical_unit: every spelling") {
  struct Case {
    const char* word;
    const char* canonical;
  };
  const Case cases[] = {
      {"mg", "mg"}, {"milligram", "mg"}, {"Milligrams", "mg"},
      {"g", "g"}, {"gram", "g"}, {"grams", "g"}, {"gr", "g"},
      {"ug", "ug"}, {"\xC2\xB5g", "ug"}, {"\xCE\xBCg", "ug"}, {"mcg", "ug"},
      {"microgram", "ug"}, {"micrograms", "ug"},
      {"ml", "ml"}, {"millilitre", "ml"}, {"millilitres", "ml"}, {"milliliter", "ml"},
      {"milliliters", "ml"}, {"cl", "cl"}, {"centilitres", "cl"},
      {"l", "l"}, {"litre", "l"}, {"litres", "l"}, {"liter", "l"}, {"liters", "l"},
      {"drink", "drink"}, {"drinks", "drink"}, {"std", "drink"}, {"standard drink", "drink"},
      {"standard drinks", "drink"}, {"unit", "uk_unit"}, {"units", "uk_unit"},
      {"uk units", "uk_unit"}, {"uk_unit", "uk_unit"}, {"pint", "pint"}, {"pints", "pint"},
      {"floz", "floz"}, {"fl oz", "floz"}, {"fl. oz", "floz"}, {"fluid ounces", "floz"},
      {"pills", "pill"}, {"tabs", "tab"}, {"lines", "line"}, {"hits", "hit"},
      {"puffs", "puff"}, {"joints", "joint"}, {"bumps", "bump"}, {"cigarettes", "cigarette"},
      {"cigs", "cigarette"}, {"cups", "cup"}, {"cans", "can"}, {"bottles", "bottle"},
      {"glasses", "glass"}, {"doses", "dose"}, {"gummies", "gummy"}, {"patches", "patch"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.word);
    CHECK(ebb::canonical_unit(c.word) == c.canonical);
    // Each canonical name reads back as itself, so stored units parse again.
    CHECK(ebb::canonical_unit(c.canonical) == c.canonical);
  }
  CHECK(ebb::canonical_unit("kava").empty());
  CHECK(ebb::canonical_unit("oz").empty());
  CHECK(ebb::canonical_unit("").empty());
}

TEST_CASE("unit_meant: a typo of a known unit, and only that") {
  CHECK(ebb::unit_meant("pintz") == "pint");
  CHECK(ebb::unit_meant("Pintz") == "pint");
  CHECK(ebb::unit_meant("drinkz") == "drink");
  CHECK(ebb::unit_meant("grms") == "g");
  CHECK(ebb::unit_meant("milligrms") == "mg");
  CHECK(ebb::unit_meant("pils") == "pill");
  CHECK(ebb::unit_meant("ilnes") == "line");    // two letters swapped
  CHECK(ebb::unit_meant("bottel") == "bottle");
  // Known units, and the person's own words, are left alone.
  CHECK(ebb::unit_meant("pint").empty());
  CHECK(ebb::unit_meant("pints").empty());
  CHECK(ebb::unit_meant("rails").empty());
  CHECK(ebb::unit_meant("kava").empty());
  CHECK(ebb::unit_meant("dab").empty());   // one letter from "tab", and a unit of its own
  CHECK(ebb::unit_meant("mug").empty());   // one letter from "mg"
  CHECK(ebb::unit_meant("caps").empty());  // can or cup: no guess
  // Too short to guess from, or near two different units.
  CHECK(ebb::unit_meant("gg").empty());
  CHECK(ebb::unit_meant("mgs").empty());  // mg or mls
  CHECK(ebb::unit_meant("").empty());
}

TEST_CASE("parse_amount: other single words are kept as count units") {
  ebb::Amount a = parsed("2 Rails");
  CHECK(a.value == 2);
  CHECK(a.unit == "rails");
  a = parsed("1", "spoonful");
  CHECK(a.unit == "spoonful");
  a = parsed("2", "pills");
  CHECK(a.unit == "pill");
  a = parsed("4", "uk_unit");
  CHECK(a.unit == "uk_unit");
}

TEST_CASE("parse_amount: errors name the text") {
  std::string e = parse_error("");
  CHECK(e == "No amount given: write a number, like 2 or 0.5.");
  e = parse_error("-2");
  CHECK(e == "The amount \"-2\" is below zero: amounts start at 0.");
  e = parse_error("-0.5mg");
  CHECK(e.find("\"-0.5mg\"") != std::string::npos);
  e = parse_error("two");
  CHECK(e == "\"two\" isn't a number ebb can read: write it like 2, 2.5 or 150mg.");
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", ".", "mg", "1.2.3", "0x10"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_error(bad).empty());
  }
  CHECK(parse_error("1.2.3").find("isn't a number") != std::string::npos);
  e = parse_error("1,5");
  CHECK(e == "\"1,5\" has a comma: ebb reads decimals with a dot, like 1.5, and whole numbers "
             "without commas.");
  CHECK(parse_error("1,500").find("\"1,500\" has a comma") != std::string::npos);
  e = parse_error("150mg", "mg");
  CHECK(e == "The unit is given twice (\"150mg\" and \"mg\"): give it once.");
  e = parse_error("2 3");
  CHECK(e == "Two numbers in \"2 3\": give one amount and, if you want, one unit.");
  CHECK(parse_error("2", "3").find("Two numbers in \"2 3\"") != std::string::npos);
  CHECK(parse_error("2", ".5").find("Two numbers in \"2 .5\"") != std::string::npos);
  CHECK(parse_error("2 3mg").find("Two numbers in \"2 3mg\"") != std::string::npos);
  e = parse_error("2", "oz");
  CHECK(e == "\"oz\" could be weight or volume: use \"fl oz\" for a drink, or g for weight.");
  e = parse_error("2 big lines");
  CHECK(e == "\"big lines\" isn't a unit ebb can read: try mg, g, ml, drinks, or one word like "
             "pills.");
  // Another notation is named as a number ebb can't read, not as a unit "e3" or "x10".
  CHECK(parse_error("1e3") == "\"1e3\" isn't a number ebb can read: write it like 2, 2.5 or 150mg.");
  CHECK(parse_error("0x10", "drinks") ==
        "\"0x10\" isn't a number ebb can read: write it like 2, 2.5 or 150mg.");
  CHECK(parse_error("0X1F") == "\"0X1F\" isn't a number ebb can read: write it like 2, 2.5 or 150mg.");
  CHECK(parse_error("2", "m&m").find("\"m&m\"") != std::string::npos);
  CHECK(parse_error(std::string(400, '9')).find("too large") != std::string::npos);
}

TEST_CASE("unit_dimension") {
  CHECK(ebb::unit_dimension("") == ebb::Dimension::none);
  for (const char* u : {"ug", "mg", "g"}) CHECK(ebb::unit_dimension(u) == ebb::Dimension::mass);
  for (const char* u : {"ml", "cl", "l", "floz"}) {
    CHECK(ebb::unit_dimension(u) == ebb::Dimension::volume);
  }
  for (const char* u : {"pint", "can", "bottle", "glass", "large_glass", "shot", "double"})
    CHECK(ebb::unit_dimension(u) == ebb::Dimension::container);
  CHECK(ebb::unit_dimension("drink") == ebb::Dimension::drinks);
  CHECK(ebb::unit_dimension("uk_unit") == ebb::Dimension::drinks);
  CHECK(ebb::unit_dimension("pill") == ebb::Dimension::count);
  CHECK(ebb::unit_dimension("rails") == ebb::Dimension::count);
}

TEST_CASE("convert_amount: mass and volume") {
  auto conv = [](double v, const char* from, const char* to) {
    return ebb::convert_amount(v, from, to, std::nullopt, kUs);
  };
  CHECK(conv(150, "mg", "g").value() == doctest::Approx(0.15));
  CHECK(conv(0.5, "g", "mg").value() == doctest::Approx(500));
  CHECK(conv(200, "ug", "mg").value() == doctest::Approx(0.2));
  CHECK(conv(1, "g", "ug").value() == doctest::Approx(1e6));
  CHECK(conv(33, "cl", "ml").value() == doctest::Approx(330));
  CHECK(conv(1, "l", "cl").value() == doctest::Approx(100));
  // A container is a volume only for a drink (a style); for anything else it is a count.
  CHECK_FALSE(conv(1, "pint", "ml").has_value());
  CHECK(ebb::convert_amount(1, "pint", "ml", std::nullopt, kUs, "beer").value() == 473);
  CHECK(ebb::convert_amount(2, "l", "pint", std::nullopt, kUs, "alcohol").value() ==
        doctest::Approx(2000.0 / 473));
  CHECK(conv(1, "floz", "ml").value() == doctest::Approx(29.5735));
  CHECK(conv(3, "pill", "pill").value() == 3);
  CHECK(conv(3, "", "").value() == 3);
  CHECK_FALSE(conv(3, "pill", "tab").has_value());
  CHECK_FALSE(conv(3, "pill", "mg").has_value());
  CHECK_FALSE(conv(3, "mg", "ml").has_value());
  CHECK_FALSE(conv(3, "", "mg").has_value());
  CHECK_FALSE(conv(500, "ml", "drink").has_value());  // no ABV
  CHECK_FALSE(conv(1, "drink", "ml").has_value());
}

TEST_CASE("convert_amount: standard drinks and UK units, worked by hand") {
  // 500 ml x 5% x 0.789 = 19.725 g of ethanol.
  CHECK(ebb::convert_amount(500, "ml", "drink", 5.0, kUs).value() ==
        doctest::Approx(19.725 / 14));  // 1.4089 drinks
  CHECK(ebb::convert_amount(500, "ml", "drink", 5.0, kUs).value() ==
        doctest::Approx(1.4089).epsilon(1e-4));
  // UK: units = ABV x ml / 1000.
  CHECK(ebb::convert_amount(500, "ml", "uk_unit", 5.0, kUs).value() == doctest::Approx(2.5));
  ebb::DrinkSettings uk;
  uk.country = "uk";
  CHECK(ebb::convert_amount(1, "pint", "uk_unit", 5.0, uk, "beer").value() ==
        doctest::Approx(2.84));
  CHECK(ebb::convert_amount(75, "cl", "uk_unit", 12.0, kUs).value() == doctest::Approx(9.0));
  // 12 US fl oz of 5% beer is one US standard drink: 354.882 ml x 0.05 x 0.789 = 14.0001 g.
  CHECK(ebb::convert_amount(12, "floz", "drink", 5.0, kUs).value() ==
        doctest::Approx(1.0).epsilon(1e-4));
  // A UK unit is 7.89 g; the two paths from a volume agree.
  CHECK(ebb::convert_amount(1, "drink", "uk_unit", std::nullopt, kUs).value() ==
        doctest::Approx(14 / 7.89));
  CHECK(ebb::convert_amount(2.5, "uk_unit", "drink", std::nullopt, kUs).value() ==
        doctest::Approx(19.725 / 14));
  // Back to a volume: 14 g / (0.40 x 0.789) = 44.36 ml of spirits.
  CHECK(ebb::convert_amount(1, "drink", "ml", 40.0, kUs).value() ==
        doctest::Approx(14 / 0.3156));
  const ebb::DrinkSettings who = drinks_of(10.0);
  CHECK(ebb::convert_amount(1, "drink", "ml", 12.0, who).value() ==
        doctest::Approx(10 / 0.09468));
  CHECK(ebb::convert_amount(2, "uk_unit", "l", 40.0, kUs).value() ==
        doctest::Approx(0.05));  // 20 ml of ethanol in 50 ml of spirits
  // Settings and ABV out of range give no answer rather than a wrong one.
  CHECK_FALSE(ebb::convert_amount(500, "ml", "drink", 0.0, kUs).has_value());
  CHECK_FALSE(ebb::convert_amount(500, "ml", "drink", -5.0, kUs).has_value());
  CHECK_FALSE(ebb::convert_amount(500, "ml", "drink", 101.0, kUs).has_value());
  CHECK_FALSE(ebb::convert_amount(500, "ml", "drink", 5.0, drinks_of(0)).has_value());
  CHECK_FALSE(ebb::convert_amount(1, "drink", "uk_unit", std::nullopt, drinks_of(-1))
                  .has_value());
  CHECK_FALSE(ebb::convert_amount(10, "g", "drink", 40.0, kUs).has_value());
}

TEST_CASE("format_amount") {
  CHECK(ebb::format_amount(150, "mg") == "150 mg");
  CHECK(ebb::format_amount(2.5, "g") == "2.5 g");
  CHECK(ebb::format_amount(0.25, "g") == "0.25 g");
  CHECK(ebb::format_amount(0.125, "g") == "0.13 g");  // halves round up
  CHECK(ebb::format_amount(1, "drink") == "1 drink");
  CHECK(ebb::format_amount(3, "drink") == "3 drinks");
  CHECK(ebb::format_amount(19.725 / 14, "drink") == "1.41 drinks");
  CHECK(ebb::format_amount(1.001, "drink") == "1 drink");
  CHECK(ebb::format_amount(0, "drink") == "0 drinks");
  CHECK(ebb::format_amount(1, "uk_unit") == "1 unit");
  CHECK(ebb::format_amount(2.5, "uk_unit") == "2.5 units");
  CHECK(ebb::format_amount(1, "pill") == "1 pill");
  CHECK(ebb::format_amount(2, "pill") == "2 pills");
  CHECK(ebb::format_amount(2, "glass") == "2 glasses");
  CHECK(ebb::format_amount(2, "pint") == "2 pints");
  CHECK(ebb::format_amount(12, "floz") == "12 fl oz");
  CHECK(ebb::format_amount(200, "ug") == "200 \xC2\xB5g");
  CHECK(ebb::format_amount(2, "rails") == "2 rails");  // the person's own word, as written
  CHECK(ebb::format_amount(2, "") == "2");
  CHECK(ebb::format_amount(2.50, "") == "2.5");
  CHECK(ebb::format_amount(2.999, "g") == "3 g");
  CHECK(ebb::format_amount(0.004, "g") == "0.004 g");
  CHECK(ebb::format_amount(0.0456, "g") == "0.05 g");
  CHECK(ebb::format_amount(1000000, "ug") == "1000000 \xC2\xB5g");
}
