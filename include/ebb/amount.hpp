#pragma once
/// Amounts as people write them ("2", "2.5", "150mg", "0.5 g", "3 drinks") and conversion
/// between units of the same dimension (mg/g/ug, ml/cl/l, standard drinks from ml and ABV).

#include <optional>
#include <string>
#include <string_view>

namespace ebb {

struct Amount {
  double value = 0;
  std::string unit;  ///< canonical unit ("mg", "g", "ug", "ml", "cl", "l", "drink", "uk_unit",
                     ///< "pint", ...) or the person's own word, lower-cased; empty when none given
};

/// Parses AMOUNT [UNIT] as given on the command line: the unit may be glued to the number
/// ("150mg") or separate ("0.5", "g"). Negative, zero-less garbage, NaN or a unit given twice
/// are errors. Known unit spellings are made canonical ("milligrams" -> "mg", "drinks" -> "drink").
bool parse_amount(std::string_view amount_text, std::string_view unit_text, Amount* out,
                  std::string* err);

/// Canonical spelling of a unit word; empty when the word is not a recognised unit.
std::string canonical_unit(std::string_view word);

enum class Dimension { none, mass, volume, drinks, count };

/// What a canonical unit measures: mass (ug, mg, g), volume (ml, cl, l, pint, oz), drinks
/// (drink, uk_unit), count (anything else, compared only with the same unit).
Dimension unit_dimension(std::string_view unit);

/// Grams of ethanol in one standard drink: configurable (US 14, UK unit 8, WHO/AU 10, CA 13.45).
struct DrinkSettings {
  double grams_per_drink = 14.0;
};

/// Converts `value` in `from` to `to`. Converts within mass and within volume; to "drink"
/// from a volume needs `abv` (percent); "uk_unit" <-> "drink" via grams of ethanol.
/// Returns nullopt where no conversion exists.
std::optional<double> convert_amount(double value, std::string_view from, std::string_view to,
                                     std::optional<double> abv, const DrinkSettings& drinks);

/// "150 mg", "2.5 g", "3 drinks", "1 drink": for messages and tables.
std::string format_amount(double value, std::string_view unit);

}  // namespace ebb
