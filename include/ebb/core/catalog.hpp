#pragma once
/// The substance catalog: common substances with aliases, their class (see shared/SAFETY.md),
/// extra interaction groups, usual unit and onset window. Read from data/catalog.toml (made into
/// C++ tables at build time) plus the beverages of data/drinks.toml (aliases of alcohol) and the person's
/// own substances from the config. Unknown names are accepted and kept as written (trimmed),
/// with class "unknown".

#include <chrono>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ebb {

struct DrinkSettings;
struct Entry;

struct Substance {
  std::string name;                         ///< canonical, lower case: "alcohol", "cannabis"
  std::string substance_class;              ///< "alcohol", "opioid", "stimulant", ...
  std::vector<std::string> groups;          ///< extra interaction groups ("tramadol", "ssri")
  std::vector<std::string> aliases;         ///< "booze", "weed", ...
  std::string usual_unit;                   ///< canonical unit, "" when none is usual
  std::optional<std::chrono::minutes> onset_min;  ///< onset window (TripSit), for redosing
  std::optional<std::chrono::minutes> onset_max;
  /// From taking it to the end of the main effects (TripSit "total"), for `ebb now`.
  std::optional<std::chrono::minutes> duration_min;
  std::optional<std::chrono::minutes> duration_max;
  bool own = false;                         ///< defined by the person in the config
};

/// What a name the person typed resolves to.
struct SubstanceMatch {
  std::string name;              ///< canonical name, or the typed name trimmed, case kept
  std::string substance_class;   ///< "unknown" when not in the catalog
  const Substance* known = nullptr;
  std::string beverage;          ///< a drink named ("beer", "vodka"), folded; "" otherwise
  std::optional<double> default_abv;  ///< the beverage's usual strength: beer 5, wine 12, ...
};

/// Every catalog entry: the built-in ones, then the person's own.
const std::deque<Substance>& catalog();

/// Resolves a name or alias (case-insensitive, surrounding space ignored).
SubstanceMatch lookup_substance(std::string_view typed);

/// The usual unit of a substance the catalog knows ("mg", "drink"); "" for one it does not.
std::string usual_unit_of(std::string_view substance);

/// The known name or alias nearest to an unknown name, when it is close enough to be a typo
/// ("heroine" -> "heroin", "bier" -> "beer"): one edit (a letter added, dropped, changed or
/// two swapped) for names up to 6 letters, two for longer ones; names under 4 letters are never
/// matched. nullopt for a known name or one with nothing near.
std::optional<std::string> suggest_substance(std::string_view typed);

/// Replaces the person's own substances (from the config). Each must have a name and a known
/// class, and neither its name nor its aliases may already be in the catalog: false with *err
/// naming the clash otherwise, and nothing changes.
bool set_own_substances(std::vector<Substance> own, std::string* err);

/// The one path every name and unit takes into the store, from `ebb use` and from every
/// importer: a known substance or alias becomes its canonical name with the catalog's class
/// and the beverage named ("beer, 2 drinks" is alcohol, beverage beer); an unknown one keeps
/// its name (class "unknown" unless given). The unit is spelled canonically ("drinks" ->
/// "drink", "Pints" -> "pint"); an amount without one gets the usual unit; a drink given in
/// ml or a container without a strength gets the beverage's usual strength.
void canonicalise_entry(Entry& e, const DrinkSettings& drinks);

/// All classes ebb knows, for validation of plans and for completion.
std::span<const std::string> substance_classes();

/// True when `cls` is a known class or interaction group name. "unknown" is not a class: it
/// only marks a name outside the catalog.
bool is_known_class(std::string_view cls);

/// The class and interaction groups of a substance, for the interaction table (class first;
/// tramadol gives {"opioid", "tramadol"}). Empty for names outside the catalog.
std::vector<std::string_view> interaction_groups(const SubstanceMatch& s);

}  // namespace ebb
