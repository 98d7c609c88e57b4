#include "ebb/core/amount.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/util/text.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace ebb {

namespace {

// Density of ethanol (g/ml): grams of ethanol = ml x ABV% / 100 x 0.789 (SAFETY.md).
constexpr double kEthanolDensity = 0.789;
// A UK unit is 10 ml of pure ethanol (7.89 g, usually rounded to 8 g). Using the volume keeps
// units = ABV% x ml / 1000 exact, the number printed on UK labels, and every drinks
// conversion goes through grams so any two paths agree.
constexpr double kGramsPerUkUnit = 10.0 * kEthanolDensity;
constexpr double kMlPerFluidOunce = 29.5735;  // US fluid ounce, as in US standard drinks

struct Spelling {
  std::string_view word;
  std::string_view canonical;
};

// Every accepted spelling, including each canonical name itself so stored units parse back.
constexpr Spelling kSpellings[] = {
    {"mg", "mg"}, {"milligram", "mg"}, {"milligrams", "mg"}, {"milligramme", "mg"},
    {"milligrammes", "mg"},
    {"g", "g"}, {"gr", "g"}, {"gram", "g"}, {"grams", "g"}, {"gramme", "g"}, {"grammes", "g"},
    {"ug", "ug"}, {"\xC2\xB5g", "ug"}, {"\xCE\xBCg", "ug"}, {"mcg", "ug"},
    {"microgram", "ug"}, {"micrograms", "ug"},
    {"ml", "ml"}, {"mls", "ml"}, {"millilitre", "ml"}, {"millilitres", "ml"},
    {"milliliter", "ml"}, {"milliliters", "ml"},
    {"cl", "cl"}, {"centilitre", "cl"}, {"centilitres", "cl"}, {"centiliter", "cl"},
    {"centiliters", "cl"},
    {"l", "l"}, {"litre", "l"}, {"litres", "l"}, {"liter", "l"}, {"liters", "l"},
    {"pint", "pint"}, {"pints", "pint"},
    {"floz", "floz"}, {"fl oz", "floz"}, {"fl. oz", "floz"}, {"fl.oz", "floz"},
    {"fluid ounce", "floz"}, {"fluid ounces", "floz"},
    {"drink", "drink"}, {"drinks", "drink"}, {"std", "drink"}, {"stds", "drink"},
    {"standard drink", "drink"}, {"standard drinks", "drink"},
    {"uk_unit", "uk_unit"}, {"unit", "uk_unit"}, {"units", "uk_unit"}, {"uk unit", "uk_unit"},
    {"uk units", "uk_unit"},
    {"pill", "pill"}, {"pills", "pill"}, {"tab", "tab"}, {"tabs", "tab"},
    {"tablet", "tablet"}, {"tablets", "tablet"}, {"capsule", "capsule"},
    {"capsules", "capsule"}, {"line", "line"}, {"lines", "line"}, {"hit", "hit"},
    {"hits", "hit"}, {"puff", "puff"}, {"puffs", "puff"}, {"joint", "joint"},
    {"joints", "joint"}, {"bump", "bump"}, {"bumps", "bump"}, {"cigarette", "cigarette"},
    {"cigarettes", "cigarette"}, {"cig", "cigarette"}, {"cigs", "cigarette"},
    {"cup", "cup"}, {"cups", "cup"}, {"can", "can"}, {"cans", "can"}, {"bottle", "bottle"},
    {"bottles", "bottle"}, {"btl", "bottle"}, {"glass", "glass"}, {"glasses", "glass"},
    {"large glass", "large_glass"}, {"large glasses", "large_glass"},
    {"large_glass", "large_glass"}, {"double", "double"}, {"doubles", "double"},
    {"double shot", "double"}, {"double shots", "double"}, {"dose", "dose"},
    {"doses", "dose"}, {"shot", "shot"}, {"shots", "shot"}, {"drop", "drop"},
    {"drops", "drop"}, {"balloon", "balloon"}, {"balloons", "balloon"}, {"blunt", "blunt"},
    {"blunts", "blunt"}, {"bowl", "bowl"}, {"bowls", "bowl"}, {"gummy", "gummy"},
    {"gummies", "gummy"}, {"patch", "patch"}, {"patches", "patch"},
};

struct Display {
  std::string_view unit;
  std::string_view one;
  std::string_view many;
};

// How canonical units read in messages; count words not listed here are the person's own and
// are shown as written.
constexpr Display kDisplay[] = {
    {"mg", "mg", "mg"}, {"g", "g", "g"}, {"ug", "\xC2\xB5g", "\xC2\xB5g"},
    {"ml", "ml", "ml"}, {"cl", "cl", "cl"}, {"l", "l", "l"}, {"floz", "fl oz", "fl oz"},
    {"pint", "pint", "pints"}, {"drink", "drink", "drinks"}, {"uk_unit", "unit", "units"},
    {"pill", "pill", "pills"}, {"tab", "tab", "tabs"}, {"tablet", "tablet", "tablets"},
    {"capsule", "capsule", "capsules"}, {"line", "line", "lines"}, {"hit", "hit", "hits"},
    {"puff", "puff", "puffs"}, {"joint", "joint", "joints"}, {"bump", "bump", "bumps"},
    {"cigarette", "cigarette", "cigarettes"}, {"cup", "cup", "cups"}, {"can", "can", "cans"},
    {"bottle", "bottle", "bottles"}, {"glass", "glass", "glasses"},
    {"large_glass", "large glass", "large glasses"}, {"double", "double", "doubles"},
    {"dose", "dose", "doses"}, {"shot", "shot", "shots"}, {"drop", "drop", "drops"},
    {"balloon", "balloon", "balloons"}, {"blunt", "blunt", "blunts"},
    {"bowl", "bowl", "bowls"}, {"gummy", "gummy", "gummies"},
    {"patch", "patch", "patches"},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A word of the person's own: letters (any UTF-8 too), '_' and '-', starting with a letter.
bool is_own_unit_word(std::string_view w) {
  if (w.empty()) return false;
  const auto first = static_cast<unsigned char>(w.front());
  if (!std::isalpha(first) && first < 0x80) return false;
  for (char c : w) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalpha(u) || u >= 0x80 || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string quoted_as_typed(std::string_view s) { return fmt::format("\"{}\"", s); }

// Reads the leading number: digits with at most one '.', at least one digit. Signs, exponents,
// "nan" and "inf" are left to the caller to reject.
std::size_t number_length(std::string_view s) {
  std::size_t i = 0, digits = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) ++digits;
    else if (s[i] == '.' && !dot) dot = true;
    else break;
  }
  return digits == 0 ? 0 : i;
}

bool parse_unit(std::string_view text, std::string* unit, std::string* err) {
  const std::string word = fold_name(text);
  if (word == "oz" || word == "ounce" || word == "ounces") {
    *err = quoted_as_typed(text) +
           " could be weight or volume: use \"fl oz\" for a drink, or g for weight.";
    return false;
  }
  std::string canonical = canonical_unit(word);
  if (!canonical.empty()) {
    *unit = canonical;
    return true;
  }
  if (!is_own_unit_word(word)) {
    *err = quoted_as_typed(text) +
           " isn't a unit ebb can read: try mg, g, ml, drinks, or one word "
           "like pills.";
    return false;
  }
  *unit = word;
  return true;
}

}  // namespace

std::string canonical_unit(std::string_view word) {
  // Reviews and trends ask this of every use, nearly always of a few words taken in turn
  // (drinks, grams, cigarettes): the answers are kept (per thread, up to a few dozen words),
  // so folding and the table walk happen once a word a run.
  struct Known {
    std::string word, answer;
  };
  thread_local std::vector<Known> known;
  for (const Known& k : known)
    if (k.word == word) return k.answer;
  const std::string w = fold_name(word);
  std::string answer;
  for (const Spelling& s : kSpellings) {
    if (s.word == w) {
      answer = s.canonical;
      break;
    }
  }
  if (known.size() < 32) known.push_back({std::string(word), answer});
  return answer;
}

// Words people log by that sit one letter from a unit ebb knows, and mean what they say: a dab
// is no tab, a mug (of tea) no mg.
constexpr std::string_view kOwnUnitsNearKnown[] = {"cap", "caps", "dab", "dabs", "mug", "mugs",
                                                   "bit", "bits", "bag", "bags", "pod", "pods"};

std::string unit_meant(std::string_view word) {
  const std::string w = fold_name(word);
  if (w.size() < 3 || !canonical_unit(w).empty()) return "";
  for (std::string_view own : kOwnUnitsNearKnown)
    if (w == own) return "";
  std::string meant;
  for (const Spelling& s : kSpellings) {
    if (edit_distance(w, s.word, 1) > 1) continue;
    if (!meant.empty() && meant != s.canonical) return "";  // near two units: no guess
    meant = s.canonical;
  }
  return meant;
}

bool parse_amount(std::string_view amount_text, std::string_view unit_text, Amount* out,
                  std::string* err) {
  const std::string_view text = trim(amount_text);
  const std::string_view separate_unit = trim(unit_text);
  if (text.empty()) {
    *err = "No amount given: write a number, like 2 or 0.5.";
    return false;
  }
  if (text.front() == '-') {
    *err = "The amount " + quoted_as_typed(text) + " is below zero: amounts start at 0.";
    return false;
  }
  std::string_view rest = text;
  if (rest.front() == '+') rest.remove_prefix(1);
  const std::size_t len = number_length(rest);
  // "0x10" or "1e3" is a number in another notation, not 0 of the unit "x10".
  const bool notation = len < rest.size() && len + 1 < rest.size() &&
                        ((rest.substr(0, len) == "0" && (rest[len] == 'x' || rest[len] == 'X')) ||
                         ((rest[len] == 'e' || rest[len] == 'E') && is_digit(rest[len + 1])));
  if (len == 0 || (len < rest.size() && rest[len] == '.') || notation) {
    *err = quoted_as_typed(text) + " isn't a number ebb can read: write it like 2, 2.5 or 150mg.";
    return false;
  }
  if (text.find(',') != std::string_view::npos) {
    *err = quoted_as_typed(text) +
           " has a comma: ebb reads decimals with a dot, like 1.5, and whole "
           "numbers without commas.";
    return false;
  }
  double value = 0;
  const std::string digits(rest.substr(0, len));
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) {
    *err = quoted_as_typed(text) + " is too large a number for ebb to keep.";
    return false;
  }
  const std::string_view glued_unit = trim(rest.substr(len));
  if (!glued_unit.empty() && !separate_unit.empty()) {
    *err = "The unit is given twice (" + quoted_as_typed(text) + " and " +
           quoted_as_typed(separate_unit) + "): give it once.";
    return false;
  }
  Amount amount;
  amount.value = value;
  const std::string_view unit_part = glued_unit.empty() ? separate_unit : glued_unit;
  if (!unit_part.empty() && (is_digit(unit_part.front()) || unit_part.front() == '.')) {
    const std::string both = glued_unit.empty()
                                 ? std::string(text) + " " + std::string(separate_unit)
                                 : std::string(text);
    *err =
        "Two numbers in " + quoted_as_typed(both) + ": give one amount and, if you want, one unit.";
    return false;
  }
  if (!unit_part.empty() && !parse_unit(unit_part, &amount.unit, err)) return false;
  *out = amount;
  return true;
}

Dimension unit_dimension(std::string_view unit) {
  if (unit.empty()) return Dimension::none;
  if (unit == "ug" || unit == "mg" || unit == "g") return Dimension::mass;
  if (unit == "ml" || unit == "cl" || unit == "l" || unit == "floz") return Dimension::volume;
  if (is_container_unit(unit)) return Dimension::container;
  if (unit == "drink" || unit == "uk_unit") return Dimension::drinks;
  return Dimension::count;
}

namespace {

double mg_per(std::string_view unit) {
  if (unit == "ug") return 0.001;
  if (unit == "g") return 1000.0;
  return 1.0;
}

// Millilitres in one `unit` of volume or, given a drink style, one container.
std::optional<double> ml_per(std::string_view unit, std::string_view style,
                             const DrinkSettings& drinks) {
  if (unit == "ml") return 1.0;
  if (unit == "cl") return 10.0;
  if (unit == "l") return 1000.0;
  if (unit == "floz") return kMlPerFluidOunce;
  return container_ml(unit, style, drinks);
}

double ethanol_grams_per(std::string_view drinks_unit, const DrinkSettings& drinks) {
  return drinks_unit == "uk_unit" ? kGramsPerUkUnit : drinks.grams_per_drink;
}

}  // namespace

std::string drink_style(std::string_view substance_class, std::string_view beverage) {
  if (substance_class != "alcohol") return "";
  if (const Beverage* b = beverage.empty() ? nullptr : find_beverage(beverage)) return b->style;
  return "alcohol";
}

std::optional<double> container_ml(std::string_view unit, std::string_view style,
                                   const DrinkSettings& drinks) {
  if (style.empty()) return std::nullopt;
  const std::string key = container_size_key(unit, style);
  if (key.empty()) return std::nullopt;
  if (auto it = drinks.sizes.find(key); it != drinks.sizes.end()) return it->second;
  const CountryDrinks* c = find_country(drinks.country);
  if (!c) c = &drink_countries().front();
  auto it = c->sizes.find(key);
  if (it == c->sizes.end()) return std::nullopt;
  return it->second;
}

std::optional<double> usual_abv(std::string_view beverage, const DrinkSettings& drinks) {
  const std::string key = fold_name(beverage);
  if (key.empty()) return std::nullopt;
  if (auto it = drinks.strengths.find(key); it != drinks.strengths.end()) return it->second;
  const Beverage* b = find_beverage(key);
  if (!b) return std::nullopt;
  if (auto it = drinks.strengths.find(b->name); it != drinks.strengths.end()) return it->second;
  return b->abv;
}

double plausible_max(std::string_view unit) {
  struct Bound {
    std::string_view unit;
    double max;
  };
  // Far beyond any one use a person could survive or carry, yet small enough that a slipped
  // key (1000000 for 100) is caught.
  static constexpr Bound kBounds[] = {
      {"ug", 100000},  {"mg", 100000}, {"g", 1000},      {"ml", 20000},  {"cl", 2000},
      {"l", 20},       {"floz", 700},  {"drink", 100},   {"uk_unit", 150}, {"pint", 40},
      {"can", 50},     {"bottle", 50}, {"glass", 60},    {"large_glass", 40}, {"shot", 60},
      {"double", 30},  {"pill", 200},  {"tab", 200},     {"tablet", 200}, {"capsule", 200},
      {"cigarette", 200},
  };
  for (const Bound& b : kBounds)
    if (b.unit == unit) return b.max;
  return 1000;  // a count of the person's own unit, or a bare number
}

std::optional<double> convert_amount(double value, std::string_view from, std::string_view to,
                                     std::optional<double> abv, const DrinkSettings& drinks,
                                     std::string_view style) {
  if (from == to) return value;
  Dimension df = unit_dimension(from);
  Dimension dt = unit_dimension(to);
  // A container is a volume only for a drink; for anything else it is a count.
  if (df == Dimension::container) df = style.empty() ? Dimension::count : Dimension::volume;
  if (dt == Dimension::container) dt = style.empty() ? Dimension::count : Dimension::volume;
  if (df == Dimension::mass && dt == Dimension::mass) return value * mg_per(from) / mg_per(to);
  // Millilitres per unit of each side that is a volume (the other side's stays unused).
  double ml_from = 0, ml_to = 0;
  if (df == Dimension::volume) {
    const auto ml = ml_per(from, style, drinks);
    if (!ml) return std::nullopt;
    ml_from = *ml;
  }
  if (dt == Dimension::volume) {
    const auto ml = ml_per(to, style, drinks);
    if (!ml) return std::nullopt;
    ml_to = *ml;
  }
  if (df == Dimension::volume && dt == Dimension::volume) return value * ml_from / ml_to;
  const bool drinks_ok = drinks.grams_per_drink > 0 && std::isfinite(drinks.grams_per_drink);
  if (df == Dimension::drinks && dt == Dimension::drinks) {
    if (!drinks_ok) return std::nullopt;
    return value * ethanol_grams_per(from, drinks) / ethanol_grams_per(to, drinks);
  }
  const bool abv_ok = abv && std::isfinite(*abv) && *abv > 0 && *abv <= 100;
  if (!drinks_ok || !abv_ok) return std::nullopt;
  const double grams_per_ml = *abv / 100.0 * kEthanolDensity;
  if (df == Dimension::volume && dt == Dimension::drinks) {
    return value * ml_from * grams_per_ml / ethanol_grams_per(to, drinks);
  }
  if (df == Dimension::drinks && dt == Dimension::volume) {
    return value * ethanol_grams_per(from, drinks) / grams_per_ml / ml_to;
  }
  return std::nullopt;
}

std::string format_amount(double value, std::string_view unit) {
  char buf[64];
  // Halves round away from zero, as people round: 0.125 is 0.13.
  std::snprintf(buf, sizeof buf, "%.2f", std::round(value * 100) / 100);
  std::string number(buf);
  // Amounts too small for two decimals keep two significant digits rather than reading "0".
  if (value != 0 && (number == "0.00" || number == "-0.00")) {
    std::snprintf(buf, sizeof buf, "%.2g", value);
    number = buf;
  }
  if (number.find('.') != std::string::npos && number.find('e') == std::string::npos) {
    while (number.back() == '0') number.pop_back();
    if (number.back() == '.') number.pop_back();
  }
  if (number == "-0") number = "0";
  if (unit.empty()) return number;
  const bool one = number == "1";
  for (const Display& d : kDisplay) {
    if (d.unit == unit) return number + " " + std::string(one ? d.one : d.many);
  }
  return number + " " + std::string(unit);
}

}  // namespace ebb
