// The table lives in data/catalog.toml (made into C++ tables at build time), with its sources.
#include "ebb/core/interactions.hpp"

#include <algorithm>

#include "ebb/core/catalog.hpp"
#include "ebb/data/tables.hpp"

namespace ebb {

namespace {

std::span<const Interaction> table() { return data::kInteractions; }

bool same_groups(std::span<const std::string_view> a, std::span<const std::string_view> b) {
  if (a.size() != b.size()) return false;
  return std::all_of(a.begin(), a.end(), [&](std::string_view g) {
    return std::find(b.begin(), b.end(), g) != b.end();
  });
}

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::caution: return "caution";
    case Severity::unsafe: return "unsafe";
    case Severity::dangerous: return "dangerous";
  }
  return "caution";
}

std::span<const Interaction> interaction_table() { return table(); }

std::optional<Interaction> find_interaction(std::span<const std::string_view> groups_a,
                                            std::span<const std::string_view> groups_b) {
  if (groups_a.empty() || groups_b.empty() || same_groups(groups_a, groups_b)) {
    return std::nullopt;
  }
  auto has = [](std::span<const std::string_view> groups, std::string_view g) {
    return std::find(groups.begin(), groups.end(), g) != groups.end();
  };
  std::optional<Interaction> best;
  for (const Interaction& row : table()) {
    const bool hit = (has(groups_a, row.a) && has(groups_b, row.b)) ||
                     (has(groups_a, row.b) && has(groups_b, row.a));
    if (hit && (!best || row.severity > best->severity)) best = row;
  }
  return best;
}

}  // namespace ebb
