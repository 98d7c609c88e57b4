// The table lives in data/catalog.toml (embedded at build time), with its sources.
#include "ebb/interactions.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "ebb/catalog.hpp"
#include "ebb/data/catalog_toml.hpp"

namespace ebb {

namespace {

[[noreturn]] void bad_data(const std::string& what) {
  throw std::logic_error("data/catalog.toml: " + what);
}

struct Table {
  std::deque<std::string> text;  // owns what the rows point at
  std::vector<Interaction> rows;
};

Table load() {
  Table t;
  const toml::table doc = toml::parse(data::kCatalogToml, std::string_view("data/catalog.toml"));
  std::map<std::string, std::string> steps;
  if (const auto* s = doc["steps"].as_table())
    for (auto&& [k, v] : *s) steps[std::string(k.str())] = v.value_or(std::string());
  const auto* list = doc["interaction"].as_array();
  if (!list) bad_data("no [[interaction]] tables");
  auto keep = [&](std::string s) -> std::string_view { return t.text.emplace_back(std::move(s)); };
  for (const auto& node : *list) {
    const auto* row = node.as_table();
    if (!row) bad_data("[[interaction]] must be a table");
    Interaction i;
    const std::string severity = (*row)["severity"].value_or(std::string());
    if (severity == "dangerous") i.severity = Severity::dangerous;
    else if (severity == "unsafe") i.severity = Severity::unsafe;
    else if (severity == "caution") i.severity = Severity::caution;
    else bad_data("severity \"" + severity + "\" is none of dangerous, unsafe, caution");
    i.a = keep((*row)["a"].value_or(std::string()));
    i.b = keep((*row)["b"].value_or(std::string()));
    if (!is_known_class(i.a) || !is_known_class(i.b))
      bad_data(std::string(i.a) + " + " + std::string(i.b) + ": not both known classes");
    i.fact = keep((*row)["fact"].value_or(std::string()));
    if (auto named = (*row)["step"].value<std::string>()) {
      auto it = steps.find(*named);
      if (it == steps.end()) bad_data("no step called " + *named);
      i.step = keep(it->second);
    } else {
      i.step = keep((*row)["step_text"].value_or(std::string()));
    }
    if (i.fact.empty() || i.step.empty()) bad_data("each interaction needs a fact and a step");
    t.rows.push_back(i);
  }
  return t;
}

const std::vector<Interaction>& table() {
  static const Table t = load();
  return t.rows;
}

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
