#include <doctest/doctest.h>

#include <set>
#include <string>

#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/core/config.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/core/entry.hpp"

using namespace ebb;

namespace {

DrinkSettings in(const char* country) {
  DrinkSettings d;
  d.country = country;
  d.grams_per_drink = find_country(country)->standard_drink_g;
  return d;
}

}  // namespace

TEST_CASE("drinks: every row of the country table, as man ebb shows it") {
  struct Row {
    const char* country;
    double grams, pint, can, beer_bottle, wine_bottle, spirits_bottle, beer_glass, wine_glass,
        large_glass, shot, dbl;
  };
  const Row rows[] = {
      {"us", 14, 473, 355, 355, 750, 750, 355, 148, 250, 44, 88},
      {"uk", 8, 568, 440, 330, 750, 700, 284, 175, 250, 25, 50},
      {"ie", 10, 568, 500, 330, 750, 700, 284, 150, 250, 35.5, 71},
      {"ca", 13.45, 568, 355, 341, 750, 750, 341, 142, 250, 43, 86},
      {"au", 10, 570, 375, 375, 750, 700, 285, 150, 250, 30, 60},
      {"eu", 10, 500, 330, 330, 750, 700, 250, 150, 250, 40, 80},
  };
  REQUIRE(drink_countries().size() == std::size(rows));
  CHECK(drink_countries().front().code == "us");  // the default
  for (const Row& r : rows) {
    CAPTURE(r.country);
    const DrinkSettings d = in(r.country);
    CHECK(d.grams_per_drink == r.grams);
    auto ml = [&](const char* unit, const char* style) { return container_ml(unit, style, d).value(); };
    CHECK(ml("pint", "beer") == r.pint);
    CHECK(ml("pint", "alcohol") == r.pint);  // a pint is a pint whatever is in it
    CHECK(ml("can", "beer") == r.can);
    CHECK(ml("bottle", "beer") == r.beer_bottle);
    CHECK(ml("bottle", "wine") == r.wine_bottle);
    CHECK(ml("bottle", "spirits") == r.spirits_bottle);
    CHECK(ml("glass", "beer") == r.beer_glass);
    CHECK(ml("glass", "wine") == r.wine_glass);
    CHECK(ml("glass", "spirits") == r.dbl);  // a glass of spirits counts as a double
    CHECK(ml("large_glass", "wine") == r.large_glass);
    CHECK(ml("shot", "spirits") == r.shot);
    CHECK(ml("double", "spirits") == r.dbl);
    // A bottle or glass of unnamed alcohol has no size; nor has a container of anything else.
    CHECK_FALSE(container_ml("bottle", "alcohol", d).has_value());
    CHECK_FALSE(container_ml("glass", "alcohol", d).has_value());
    CHECK_FALSE(container_ml("can", "", d).has_value());
  }
  CHECK(find_country("United Kingdom")->code == "uk");
  CHECK(find_country("Ireland")->code == "ie");
  CHECK(find_country("narnia") == nullptr);
}

TEST_CASE("drinks: every beverage's usual strength and style") {
  struct Row {
    const char* name;
    double abv;
    const char* style;
  };
  const Row rows[] = {{"beer", 5, "beer"},         {"lager", 5, "beer"},
                      {"ale", 5, "beer"},          {"cider", 5, "beer"},
                      {"alcopop", 5, "beer"},      {"wine", 12, "wine"},
                      {"sparkling wine", 12, "wine"}, {"fortified wine", 18, "wine"},
                      {"spirits", 40, "spirits"}};
  REQUIRE(beverages().size() == std::size(rows));
  for (const Row& r : rows) {
    CAPTURE(r.name);
    const Beverage* b = find_beverage(r.name);
    REQUIRE(b);
    CHECK(b->abv == r.abv);
    CHECK(b->style == r.style);
  }
  CHECK(find_beverage("Vodka")->name == "spirits");
  CHECK(find_beverage("champagne")->name == "sparkling wine");
  CHECK(find_beverage("port")->abv == 18);
  CHECK(find_beverage("weed") == nullptr);
  // Every beverage and alias names alcohol, and keeps what was typed as the beverage.
  for (const Beverage& b : beverages()) {
    CHECK(lookup_substance(b.name).name == "alcohol");
    for (const auto& a : b.aliases) {
      CAPTURE(a);
      SubstanceMatch m = lookup_substance(a);
      CHECK(m.name == "alcohol");
      CHECK(m.beverage == a);
      CHECK(m.default_abv == b.abv);
    }
  }
}

TEST_CASE("drinks: the person's sizes and strengths win") {
  DrinkSettings d = in("uk");
  d.sizes["pint"] = 500;
  d.strengths["beer"] = 4.2;
  CHECK(container_ml("pint", "beer", d) == 500);
  CHECK(container_ml("can", "beer", d) == 440);
  CHECK(usual_abv("beer", d) == 4.2);
  CHECK(usual_abv("lager", d) == 5);
  d.strengths["vodka"] = 37.5;
  CHECK(usual_abv("vodka", d) == 37.5);
  CHECK(usual_abv("gin", d) == 40);
  CHECK_FALSE(usual_abv("", d).has_value());
}

TEST_CASE("drinks: 6 pints of beer in standard drinks, by country") {
  // 568 ml x 6 x 5% x 0.789 = 134.4 g of ethanol.
  CHECK(convert_amount(6, "pint", "drink", 5.0, in("uk"), "beer").value() ==
        doctest::Approx(6 * 568 * 0.05 * 0.789 / 8));
  CHECK(convert_amount(6, "pint", "drink", 5.0, in("us"), "beer").value() ==
        doctest::Approx(6 * 473 * 0.05 * 0.789 / 14));  // 8 US drinks
  DrinkSettings us_grams_uk_pints = in("uk");
  us_grams_uk_pints.grams_per_drink = 14;
  CHECK(convert_amount(6, "pint", "drink", 5.0, us_grams_uk_pints, "beer").value() ==
        doctest::Approx(9.6).epsilon(0.01));  // "about 9 US standard drinks"
  CHECK(convert_amount(750, "ml", "drink", 12.0, in("us")).value() ==
        doctest::Approx(750 * 0.12 * 0.789 / 14));
  CHECK(convert_amount(8, "shot", "drink", 40.0, in("us"), "spirits").value() ==
        doctest::Approx(8 * 44 * 0.4 * 0.789 / 14));
  // ml and --abv: a preset like "beer 568ml --abv 4.5" counts.
  CHECK(convert_amount(568, "ml", "uk_unit", 4.5, in("uk")).value() ==
        doctest::Approx(568 * 4.5 / 1000));
  // Containers of something that isn't a drink stay counts.
  CHECK_FALSE(convert_amount(2, "can", "ml", std::nullopt, in("uk")).has_value());
  CHECK(convert_amount(2, "can", "can", std::nullopt, in("uk")) == 2);
}

TEST_CASE("drinks: plausible bounds per unit") {
  CHECK(plausible_max("drink") == 100);
  CHECK(plausible_max("mg") == 100000);
  CHECK(plausible_max("g") == 1000);
  CHECK(plausible_max("pint") == 40);
  CHECK(plausible_max("puffs") == 1000);
  CHECK(plausible_max("") == 1000);
}

TEST_CASE("canonicalise_entry: every importer's path, the same as ebb use") {
  Entry e;
  e.kind = Kind::use;
  e.substance = "Beer";
  e.amount = 2;
  e.unit = "Drinks";
  canonicalise_entry(e, DrinkSettings{});
  CHECK(e.substance == "alcohol");
  CHECK(e.substance_class == "alcohol");
  CHECK(e.beverage == "beer");
  CHECK(e.unit == "drink");

  Entry pints;
  pints.kind = Kind::use;
  pints.substance = "cider";
  pints.amount = 3;
  pints.unit = "Pints";
  canonicalise_entry(pints, DrinkSettings{});
  CHECK(pints.unit == "pint");
  CHECK(pints.abv == 5.0);

  Entry bare;
  bare.kind = Kind::use;
  bare.substance = "weed";
  bare.amount = 0.5;
  canonicalise_entry(bare, DrinkSettings{});
  CHECK(bare.substance == "cannabis");
  CHECK(bare.unit == "g");
  CHECK(bare.beverage.empty());

  Entry unknown;
  unknown.kind = Kind::use;
  unknown.substance = "Blue Lotus";
  canonicalise_entry(unknown, DrinkSettings{});
  CHECK(unknown.substance == "Blue Lotus");
  CHECK(unknown.substance_class == "unknown");

  Entry urge;
  urge.kind = Kind::urge;
  urge.substance = "smack";
  canonicalise_entry(urge, DrinkSettings{});
  CHECK(urge.substance == "heroin");
  CHECK(urge.substance_class == "opioid");
}

TEST_CASE("drinks: the locale's territory picks the country until the config names one") {
  CHECK(country_of_locale("en_GB.UTF-8") == "uk");
  CHECK(country_of_locale("en_IE.UTF-8@euro") == "ie");
  CHECK(country_of_locale("en_US") == "us");
  CHECK(country_of_locale("fr_CA.UTF-8") == "ca");
  CHECK(country_of_locale("en_AU.UTF-8") == "au");
  CHECK(country_of_locale("de_DE.UTF-8") == "eu");
  CHECK(country_of_locale("nl_BE") == "eu");
  CHECK(country_of_locale("C.UTF-8") == "");
  CHECK(country_of_locale("POSIX") == "");
  CHECK(country_of_locale("ja_JP.UTF-8") == "");
  CHECK(country_of_locale("en_") == "");
  for (std::string_view code : {"us", "uk", "ie", "ca", "au", "eu"}) CHECK(find_country(code));

  // The config starts from what the locale gave, and its own country wins.
  Config c;
  c.drinks.country = "uk";
  c.drinks.grams_per_drink = 8;
  std::string err;
  REQUIRE(parse_config("currency = \"GBP\"\n", "config.toml", &c, &err));
  CHECK(c.drinks.country == "uk");
  CHECK(c.drinks.grams_per_drink == 8);
  REQUIRE(parse_config("country = \"us\"\n", "config.toml", &c, &err));
  CHECK(c.drinks.country == "us");
  CHECK(c.drinks.grams_per_drink == 14);
}
