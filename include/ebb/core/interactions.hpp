#pragma once
/// Class-level interaction table (TripSit combination chart categories, see shared/SAFETY.md):
/// which class or interaction group pairs are risky together, how risky, one plain fact and
/// one practical step, in ebb's voice (shared/VOICE.md).

#include <optional>
#include <span>
#include <string_view>

namespace ebb {

/// TripSit's categories above "low risk", least to most severe, so they compare with < and >.
enum class Severity { caution, unsafe, dangerous };

/// "caution", "unsafe", "dangerous".
std::string_view severity_name(Severity s);

struct Interaction {
  Severity severity = Severity::caution;
  std::string_view a;     ///< class or group name as in the catalog ("alcohol", "opioid", ...)
  std::string_view b;
  std::string_view fact;  ///< one sentence: why the pair is risky
  std::string_view step;  ///< one practical step
};

/// Every entry; each unordered pair of groups appears at most once.
std::span<const Interaction> interaction_table();

/// The most severe entry between any group of A and any group of B, in either order (ties go
/// to the entry listed first). Pass `interaction_groups()` of each substance. Two substances
/// with exactly the same groups (the same substance twice, two benzodiazepines) give none: a
/// second dose is not a mix. Empty group lists (names outside the catalog) give none.
std::optional<Interaction> find_interaction(std::span<const std::string_view> groups_a,
                                            std::span<const std::string_view> groups_b);

}  // namespace ebb
