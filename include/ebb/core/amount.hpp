#pragma once
/// Amounts as people write them ("2", "2.5", "150mg", "0.5 g", "3 drinks") and conversion
/// between units of the same dimension (mg/g/ug, ml/cl/l, standard drinks from ml and ABV).

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ebb {

struct Amount {
  double value = 0;
  std::string unit;  ///< canonical unit ("mg", "g", "ug", "ml", "cl", "l", "pint", "floz",
                     ///< "drink", "uk_unit", "pill", ...) or the person's own word,
                     ///< lower-cased; empty when none given
};

/// Parses AMOUNT [UNIT] as given on the command line: the unit may be glued to the number
/// ("150mg"), follow after a space ("0.5 g") or come separately ("0.5", "g"). Zero is allowed.
/// Errors, with a message naming the text: empty, negative, not a number (also "nan", "inf",
/// "1e3", "1.2.3"), a comma ("1,5": decimals take a dot), two numbers, a unit given both glued
/// and separately, bare "oz" (weight or volume? "fl oz" is volume), a unit of several unknown
/// words. Known spellings are made canonical ("milligrams" -> "mg", "drinks" -> "drink",
/// "units" -> "uk_unit", "pills" -> "pill"); any other single word is kept lower-cased as a
/// count unit.
bool parse_amount(std::string_view amount_text, std::string_view unit_text, Amount* out,
                  std::string* err);

/// Canonical spelling of a unit word; empty when the word is not a recognised unit.
std::string canonical_unit(std::string_view word);

/// The unit a word ebb doesn't know most likely meant ("pintz" -> "pint", "grms" -> "g"): the
/// canonical unit of the one spelling within one typo (a letter added, left out, changed, or
/// two swapped), for words of three letters or more. Empty for a known unit, a word near no
/// unit or near two different ones ("cap": can or cup?), and a shorter word.
std::string unit_meant(std::string_view word);

enum class Dimension { none, mass, volume, container, drinks, count };

/// What a canonical unit measures: mass (ug, mg, g), volume (ml, cl, l, floz = US 29.5735
/// ml), container (pint, can, bottle, glass, large_glass, shot, double: a volume for drinks,
/// by country, see drinks.hpp; a count for anything else), drinks (drink, uk_unit), count
/// (anything else, compared only with the same unit), none (empty).
Dimension unit_dimension(std::string_view unit);

/// How drinks count where the person is: grams of ethanol in one standard drink (US 14, UK
/// unit 8, WHO/AU/IE 10, CA 13.45), the country whose container sizes apply, and the person's
/// own sizes and strengths from the config.
struct DrinkSettings {
  double grams_per_drink = 14.0;
  std::string country = "us";              ///< a code from drink_countries()
  std::map<std::string, double> sizes;      ///< size key -> ml, overriding the country's
  std::map<std::string, double> strengths;  ///< beverage name or alias -> percent
};

/// The style containers are read in for a use of `substance_class` with `beverage` (as kept
/// on the entry): the beverage's style ("beer", "wine", "spirits"), "alcohol" for alcohol
/// without a known beverage, "" for anything else (whose containers are plain counts).
std::string drink_style(std::string_view substance_class, std::string_view beverage);

/// Millilitres in one `unit` container of a drink of `style` (see drink_style), by the
/// person's sizes, else their country's. nullopt when `unit` is no container, `style` is empty,
/// or the container depends on a style not known (a bottle of unnamed alcohol).
std::optional<double> container_ml(std::string_view unit, std::string_view style,
                                   const DrinkSettings& drinks);

/// The usual strength of a beverage (name or alias), the person's own first; nullopt when
/// the beverage is not known.
std::optional<double> usual_abv(std::string_view beverage, const DrinkSettings& drinks);

/// The most of `unit` that one entry can plausibly hold (100 g of anything, 20 l, 100
/// drinks, 200 pills, ...): past it an amount is a typo unless the person insists.
double plausible_max(std::string_view unit);

/// Converts `value` in `from` to `to`. Converts within mass and within volume (containers
/// too, given a drink `style`, see drink_style); to "drink" from a volume needs `abv`
/// (percent); "uk_unit" <-> "drink" via grams of ethanol. Grams of
/// ethanol = ml x ABV / 100 x 0.789; a UK unit is 10 ml ethanol (7.89 g), so units from a
/// volume equal ABV x ml / 1000 as on UK labels. Returns nullopt where no conversion exists
/// (count units convert only to themselves; abv outside (0, 100] or grams_per_drink <= 0).
std::optional<double> convert_amount(double value, std::string_view from, std::string_view to,
                                     std::optional<double> abv, const DrinkSettings& drinks,
                                     std::string_view style = {});

/// "150 mg", "2.5 g", "3 drinks", "1 drink", "2 units", "1 pill": for messages and tables.
/// At most two decimals, trailing zeros trimmed; a non-zero amount that would round to 0 keeps
/// two significant digits ("0.004 g"). Count words ebb knows are made plural when the number
/// is not 1; the person's own words are shown as written.
std::string format_amount(double value, std::string_view unit);

}  // namespace ebb
