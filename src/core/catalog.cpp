#include "ebb/core/catalog.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "ebb/core/amount.hpp"
#include "ebb/data/tables.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

using std::chrono::minutes;

struct Catalog {
  std::vector<std::string> classes;
  std::deque<Substance> substances;
  size_t builtin = 0;                                     // substances before the person's own
  std::map<std::string, size_t, std::less<>> own_index;  // the person's names and aliases
};

std::vector<std::string> strings(std::span<const std::string_view> list) {
  return {list.begin(), list.end()};
}

Catalog load_catalog() {
  Catalog c;
  c.classes = strings(data::kClasses);
  for (const auto& row : data::kSubstances) {
    Substance s;
    s.name = row.name;
    s.substance_class = row.substance_class;
    s.groups = strings(row.groups);
    s.aliases = strings(row.aliases);
    s.usual_unit = row.usual_unit;
    if (row.onset_min >= 0) {
      s.onset_min = minutes{row.onset_min};
      s.onset_max = minutes{row.onset_max};
    }
    if (row.duration_min >= 0) {
      s.duration_min = minutes{row.duration_min};
      s.duration_max = minutes{row.duration_max};
    }
    c.substances.push_back(std::move(s));
  }
  c.builtin = c.substances.size();
  return c;
}

Catalog& state() {
  static Catalog c = load_catalog();
  return c;
}

// The built-in substance a folded name or alias names (the tables keep every name sorted).
std::optional<size_t> builtin_index(std::string_view key) {
  auto it = std::lower_bound(std::begin(data::kNames), std::end(data::kNames), key,
                             [](const data::NameRow& r, std::string_view k) { return r.key < k; });
  if (it == std::end(data::kNames) || it->key != key) return std::nullopt;
  return it->substance;
}

std::optional<size_t> find_index(const Catalog& c, std::string_view key) {
  if (auto i = builtin_index(key)) return i;
  if (auto it = c.own_index.find(key); it != c.own_index.end()) return it->second;
  return std::nullopt;
}

}  // namespace

const std::deque<Substance>& catalog() { return state().substances; }

SubstanceMatch lookup_substance(std::string_view typed) {
  const std::string key = fold_name(typed);
  SubstanceMatch match;
  const Catalog& c = state();
  if (auto i = find_index(c, key)) {
    const Substance& s = c.substances[*i];
    match.name = s.name;
    match.substance_class = s.substance_class;
    match.known = &s;
    if (const Beverage* b = s.name == "alcohol" ? find_beverage(key) : nullptr) {
      match.beverage = key;
      match.default_abv = b->abv;
    }
    return match;
  }
  match.name = std::string(trim(typed));
  match.substance_class = "unknown";
  return match;
}

std::optional<std::string> suggest_substance(std::string_view typed) {
  const std::string key = fold_name(typed);
  const Catalog& c = state();
  if (key.size() < 4 || find_index(c, key)) return std::nullopt;
  const int limit = key.size() <= 6 ? 1 : 2;
  std::optional<std::string> best;
  int best_distance = limit + 1;
  auto consider = [&](std::string_view name) {
    if (name.size() < 4) return;
    int d = edit_distance(key, name, limit);
    if (d < best_distance || (d == best_distance && best && name < *best))
      best = std::string(name), best_distance = d;
  };
  // Ties go to the first name in alphabetical order.
  for (const auto& row : data::kNames) consider(row.key);
  for (const auto& [name, i] : c.own_index) consider(name);
  return best;
}

bool set_own_substances(std::vector<Substance> own, std::string* err) {
  Catalog& c = state();
  std::map<std::string, size_t, std::less<>> index;  // own name or alias -> substance
  size_t next = c.builtin;
  for (auto& s : own) {
    s.name = fold_name(s.name);
    for (auto& a : s.aliases) a = fold_name(a);
    s.own = true;
    if (s.name.empty()) return *err = "a substance of your own needs a name.", false;
    if (!is_known_class(s.substance_class))
      return *err = fmt::format("\"{}\" has class \"{}\", which ebb doesn't know. The classes: {}.",
                                s.name, s.substance_class, fmt::join(c.classes, ", ")),
             false;
    for (const auto& g : s.groups)
      if (!is_known_class(g))
        return *err = fmt::format("\"{}\" has group \"{}\", which ebb doesn't know.", s.name, g),
               false;
    std::vector<std::string> names = s.aliases;
    names.insert(names.begin(), s.name);
    for (const auto& n : names) {
      // Checked against the built-in names only: the person's previous list is being replaced.
      if (auto i = builtin_index(n))
        return *err = fmt::format("\"{}\" already names {} in ebb's catalog; give your own "
                                  "substance another name.",
                                  n, c.substances[*i].name),
               false;
      if (auto [it, added] = index.emplace(n, next); !added)
        return *err = fmt::format("\"{}\" is given twice ({} and {}).", n,
                                  own[it->second - c.builtin].name, s.name),
               false;
    }
    ++next;
  }
  c.substances.erase(c.substances.begin() + static_cast<std::ptrdiff_t>(c.builtin),
                     c.substances.end());
  for (auto& s : own) c.substances.push_back(std::move(s));
  c.own_index = std::move(index);
  return true;
}

void canonicalise_entry(Entry& e, const DrinkSettings& drinks) {
  if (e.kind == Kind::mood) return;
  SubstanceMatch m;
  if (!e.substance.empty()) {
    m = lookup_substance(e.substance);
    e.substance = m.name;
    if (m.known) e.substance_class = m.substance_class;
    else if (e.substance_class.empty()) e.substance_class = "unknown";
    if (e.beverage.empty()) e.beverage = m.beverage;
  }
  if (e.kind != Kind::use) return;
  if (!e.unit.empty()) {
    std::string unit = canonical_unit(e.unit);
    e.unit = unit.empty() ? fold_name(e.unit) : unit;
  } else if (e.amount && m.known) {
    e.unit = m.known->usual_unit;
  }
  const Dimension d = unit_dimension(e.unit);
  if (!e.abv && e.substance_class == "alcohol" &&
      (d == Dimension::volume || d == Dimension::container))
    if (auto abv = usual_abv(e.beverage, drinks)) e.abv = abv;
}

std::span<const std::string> substance_classes() { return state().classes; }

bool is_known_class(std::string_view cls) {
  const auto& classes = state().classes;
  return std::find(classes.begin(), classes.end(), cls) != classes.end();
}

std::vector<std::string_view> interaction_groups(const SubstanceMatch& s) {
  std::vector<std::string_view> groups;
  if (s.known == nullptr) return groups;
  groups.push_back(s.known->substance_class);
  for (std::string_view g : s.known->groups) {
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  return groups;
}

std::string usual_unit_of(std::string_view substance) {
  SubstanceMatch m = lookup_substance(substance);
  return m.known ? std::string(m.known->usual_unit) : std::string();
}

}  // namespace ebb
