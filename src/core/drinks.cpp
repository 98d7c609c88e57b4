#include "ebb/core/drinks.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "ebb/data/tables.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

constexpr std::string_view kSizeKeys[] = {"pint",       "can",        "beer_bottle",
                                          "wine_bottle", "spirits_bottle", "beer_glass",
                                          "wine_glass", "large_glass", "shot", "double"};
constexpr std::string_view kContainers[] = {"pint", "can",  "bottle", "glass",
                                            "large_glass", "shot", "double"};

struct CountryName {
  std::string_view name;
  std::string_view code;
};

constexpr CountryName kCountryNames[] = {
    {"usa", "us"},          {"united states", "us"}, {"america", "us"},
    {"gb", "uk"},           {"united kingdom", "uk"}, {"britain", "uk"},
    {"great britain", "uk"}, {"england", "uk"},      {"scotland", "uk"},
    {"wales", "uk"},        {"northern ireland", "uk"}, {"ireland", "ie"},
    {"canada", "ca"},       {"australia", "au"},     {"europe", "eu"},
};

struct Tables {
  std::vector<Beverage> beverages;
  std::vector<CountryDrinks> countries;
};

Tables load_tables() {
  Tables t;
  for (const auto& row : data::kBeverages)
    t.beverages.push_back({std::string(row.name), row.abv, std::string(row.style),
                           {row.aliases.begin(), row.aliases.end()}});
  for (const auto& row : data::kCountries) {
    CountryDrinks cd;
    cd.code = row.code;
    cd.label = row.label;
    cd.standard_drink_g = row.standard_drink_g;
    for (size_t i = 0; i < std::size(kSizeKeys); ++i) cd.sizes[std::string(kSizeKeys[i])] = row.sizes[i];
    t.countries.push_back(std::move(cd));
  }
  return t;
}

const Tables& tables() {
  static const Tables t = load_tables();
  return t;
}

}  // namespace

std::span<const Beverage> beverages() { return tables().beverages; }

const Beverage* find_beverage(std::string_view name) {
  const std::string key = fold_name(name);
  for (const Beverage& b : tables().beverages) {
    if (b.name == key) return &b;
    if (std::find(b.aliases.begin(), b.aliases.end(), key) != b.aliases.end()) return &b;
  }
  return nullptr;
}

std::span<const CountryDrinks> drink_countries() { return tables().countries; }

const CountryDrinks* find_country(std::string_view name) {
  std::string key = fold_name(name);
  for (const CountryName& n : kCountryNames)
    if (n.name == key) key = std::string(n.code);
  for (const CountryDrinks& c : tables().countries)
    if (c.code == key) return &c;
  return nullptr;
}

std::string_view country_of_locale(std::string_view locale) {
  // language_TERRITORY.codeset@modifier: the territory is the two letters after '_'.
  size_t at = locale.find('_');
  if (at == std::string_view::npos || at + 3 > locale.size()) return "";
  std::string_view t = locale.substr(at + 1, 2);
  if (t == "US") return "us";
  if (t == "GB") return "uk";
  if (t == "IE") return "ie";
  if (t == "CA") return "ca";
  if (t == "AU") return "au";
  // The European Union and its neighbours with the same measures (half-litre beer, 40 ml shot).
  static constexpr std::string_view kEurope[] = {
      "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR",
      "HU", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE",
      "SI", "SK"};
  for (std::string_view e : kEurope)
    if (t == e) return "eu";
  return "";
}

std::span<const std::string_view> container_size_keys() { return kSizeKeys; }

std::span<const std::string_view> container_units() { return kContainers; }

bool is_container_unit(std::string_view unit) {
  return std::find(std::begin(kContainers), std::end(kContainers), unit) != std::end(kContainers);
}

std::string container_size_key(std::string_view unit, std::string_view style) {
  if (unit == "bottle") {
    if (style == "beer" || style == "wine" || style == "spirits") return fmt::format("{}_bottle", style);
    return "";
  }
  if (unit == "glass") {
    if (style == "beer" || style == "wine") return fmt::format("{}_glass", style);
    if (style == "spirits") return "double";  // a glass of spirits: counted as a double
    return "";
  }
  if (is_container_unit(unit)) return std::string(unit);
  return "";
}

}  // namespace ebb
