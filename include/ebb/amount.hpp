#pragma once
/// Amounts as people write them ("2", "2.5", "150mg", "0.5 g", "3 drinks") and conversion
/// between units of the same dimension (mg/g/ug, ml/cl/l, standard drinks from ml and ABV).

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

enum class Dimension { none, mass, volume, drinks, count };

/// What a canonical unit measures: mass (ug, mg, g), volume (ml, cl, l, pint = UK 568.261 ml,
/// floz = US 29.5735 ml), drinks (drink, uk_unit), count (anything else, compared only with
/// the same unit), none (empty).
Dimension unit_dimension(std::string_view unit);

/// Grams of ethanol in one standard drink: configurable (US 14, UK unit 8, WHO/AU 10, CA 13.45).
struct DrinkSettings {
  double grams_per_drink = 14.0;
};

/// Converts `value` in `from` to `to`. Converts within mass and within volume; to "drink"
/// from a volume needs `abv` (percent); "uk_unit" <-> "drink" via grams of ethanol. Grams of
/// ethanol = ml x ABV / 100 x 0.789; a UK unit is 10 ml ethanol (7.89 g), so units from a
/// volume equal ABV x ml / 1000 as on UK labels. Returns nullopt where no conversion exists
/// (count units convert only to themselves; abv outside (0, 100] or grams_per_drink <= 0).
std::optional<double> convert_amount(double value, std::string_view from, std::string_view to,
                                     std::optional<double> abv, const DrinkSettings& drinks);

/// "150 mg", "2.5 g", "3 drinks", "1 drink", "2 units", "1 pill": for messages and tables.
/// At most two decimals, trailing zeros trimmed; a non-zero amount that would round to 0 keeps
/// two significant digits ("0.004 g"). Count words ebb knows are made plural when the number
/// is not 1; the person's own words are shown as written.
std::string format_amount(double value, std::string_view unit);

}  // namespace ebb
