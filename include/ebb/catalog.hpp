#pragma once
/// The built-in substance catalog: common substances with aliases, their class (see
/// shared/SAFETY.md), extra interaction groups, usual unit and onset window. Unknown names are
/// accepted and kept as written (trimmed), with class "unknown".

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ebb {

struct Substance {
  std::string_view name;                    ///< canonical, lower case: "alcohol", "cannabis"
  std::string_view substance_class;         ///< "alcohol", "opioid", "stimulant", ...
  std::vector<std::string_view> groups;     ///< extra interaction groups ("tramadol", "ssri")
  std::vector<std::string_view> aliases;    ///< "beer", "wine", "booze", "weed", ...
  std::string_view usual_unit;              ///< canonical unit, "" when none is usual
  std::optional<std::chrono::minutes> onset_min;  ///< onset window (TripSit), for redosing
  std::optional<std::chrono::minutes> onset_max;
};

/// What a name the person typed resolves to.
struct SubstanceMatch {
  std::string name;              ///< canonical name, or the typed name trimmed, case kept
  std::string substance_class;   ///< "unknown" when not in the catalog
  const Substance* known = nullptr;
  std::optional<double> default_abv;  ///< set for drink aliases: beer 5, wine 12, spirits 40
};

/// Every catalog entry.
std::span<const Substance> catalog();

/// Resolves a name or alias (case-insensitive, surrounding space ignored).
SubstanceMatch lookup_substance(std::string_view typed);

/// All classes ebb knows, for validation of plans and for completion.
std::span<const std::string_view> substance_classes();

/// True when `cls` is a known class or interaction group name. "unknown" is not a class: it
/// only marks a name outside the catalog.
bool is_known_class(std::string_view cls);

/// The class and interaction groups of a substance, for the interaction table (class first;
/// tramadol gives {"opioid", "tramadol"}). Empty for names outside the catalog.
std::vector<std::string_view> interaction_groups(const SubstanceMatch& s);

}  // namespace ebb
