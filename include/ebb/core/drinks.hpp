#pragma once
/// Drinks (data/drinks.toml, made into C++ tables at build time): the beverages ebb knows with their usual
/// strength and style, and per country the size of each container and of a standard drink.
/// man ebb(1), DRINKS, shows the same table.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ebb {

struct Beverage {
  std::string name;                  ///< "beer", "wine", "spirits", ...
  double abv = 0;                    ///< usual strength, percent
  std::string style;                 ///< "beer", "wine" or "spirits": which bottle and glass
  std::vector<std::string> aliases;  ///< "vodka", "champagne", ...
};

struct CountryDrinks {
  std::string code;                    ///< "us", "uk", "ie", "ca", "au", "eu"
  std::string label;                   ///< "US", "UK", "Irish", ...
  double standard_drink_g = 14;        ///< grams of ethanol in one standard drink
  std::map<std::string, double> sizes;  ///< size key (see container_size_keys) -> ml
};

/// Every beverage, in the order of the data file.
std::span<const Beverage> beverages();

/// The beverage a folded name or alias names ("vodka" -> spirits); nullptr when none.
const Beverage* find_beverage(std::string_view name);

/// Every country, in the order of the data file; the first ("us") is the default.
std::span<const CountryDrinks> drink_countries();

/// A country by code or name ("uk", "UK", "united kingdom", "ireland"); nullptr when none.
const CountryDrinks* find_country(std::string_view name);

/// The drinks country a locale's territory suggests ("en_GB.UTF-8" -> "uk", "de_AT" -> "eu",
/// "en_US" -> "us"); "" when the locale names no territory ebb has sizes for ("C.UTF-8").
std::string_view country_of_locale(std::string_view locale);

/// The size keys a country gives and config can override: pint, can, beer_bottle,
/// wine_bottle, spirits_bottle, beer_glass, wine_glass, large_glass, shot, double.
std::span<const std::string_view> container_size_keys();

/// The container units (canonical spellings): pint, can, bottle, glass, large_glass, shot,
/// double.
std::span<const std::string_view> container_units();
bool is_container_unit(std::string_view unit);

/// The size key a container has for a drink of `style` ("beer", "wine", "spirits", or
/// "alcohol" when the drink is not known): "bottle" of wine -> "wine_bottle". Empty when the
/// container depends on a style that is not known (a bottle of unnamed alcohol).
std::string container_size_key(std::string_view unit, std::string_view style);

}  // namespace ebb
