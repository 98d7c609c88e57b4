#include "ebb/catalog.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "ebb/amount.hpp"
#include "ebb/data/catalog_toml.hpp"
#include "ebb/drinks.hpp"
#include "ebb/entry.hpp"
#include "ebb/text.hpp"

namespace ebb {

namespace {

using std::chrono::minutes;

[[noreturn]] void bad_data(const std::string& what) {
  throw std::logic_error("data/catalog.toml: " + what);
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (auto* list = node.as_array())
    for (const auto& item : *list) out.push_back(item.value_or(std::string()));
  return out;
}

struct Catalog {
  std::vector<std::string> classes;
  std::deque<Substance> substances;
  size_t builtin = 0;                    // substances before the person's own
  std::map<std::string, size_t> index;   // folded name or alias -> substance
};

void add_to_index(Catalog& c, size_t i) {
  const Substance& s = c.substances[i];
  c.index.emplace(s.name, i);
  for (const auto& a : s.aliases) c.index.emplace(a, i);
}

Catalog load() {
  Catalog c;
  const toml::table doc = toml::parse(data::kCatalogToml, std::string_view("data/catalog.toml"));
  c.classes = strings(doc["classes"]);
  const auto* list = doc["substance"].as_array();
  if (!list) bad_data("no [[substance]] tables");
  for (const auto& node : *list) {
    const auto* t = node.as_table();
    if (!t) bad_data("[[substance]] must be a table");
    Substance s;
    s.name = (*t)["name"].value_or(std::string());
    s.substance_class = (*t)["class"].value_or(std::string());
    s.groups = strings((*t)["groups"]);
    s.aliases = strings((*t)["aliases"]);
    s.usual_unit = (*t)["unit"].value_or(std::string());
    if (const auto* o = (*t)["onset_minutes"].as_array()) {
      if (o->size() != 2) bad_data(s.name + ": onset_minutes takes [min, max]");
      s.onset_min = minutes{(*o)[0].value_or(0)};
      s.onset_max = minutes{(*o)[1].value_or(0)};
    }
    if (s.name.empty() || s.substance_class.empty()) bad_data("a substance needs name and class");
    // Each beverage is an alias of alcohol, so "vodka" and "cider" name it too.
    if (s.name == "alcohol")
      for (const Beverage& b : beverages()) {
        s.aliases.push_back(b.name);
        s.aliases.insert(s.aliases.end(), b.aliases.begin(), b.aliases.end());
      }
    c.substances.push_back(std::move(s));
  }
  c.builtin = c.substances.size();
  for (size_t i = 0; i < c.substances.size(); ++i) add_to_index(c, i);
  return c;
}

Catalog& state() {
  static Catalog c = load();
  return c;
}

// Optimal string alignment distance (insert, delete, substitute, swap two neighbours), given up
// past `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit) {
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

}  // namespace

const std::deque<Substance>& catalog() { return state().substances; }

SubstanceMatch lookup_substance(std::string_view typed) {
  const std::string key = fold_name(typed);
  SubstanceMatch match;
  const Catalog& c = state();
  if (auto it = c.index.find(key); it != c.index.end()) {
    const Substance& s = c.substances[it->second];
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
  if (key.size() < 4 || c.index.count(key)) return std::nullopt;
  const int limit = key.size() <= 6 ? 1 : 2;
  std::optional<std::string> best;
  int best_distance = limit + 1;
  // The index is sorted, so ties go to the first name in alphabetical order.
  for (const auto& [name, i] : c.index) {
    if (name.size() < 4) continue;
    int d = edit_distance(key, name, limit);
    if (d < best_distance) best = name, best_distance = d;
  }
  return best;
}

bool set_own_substances(std::vector<Substance> own, std::string* err) {
  Catalog& c = state();
  // Check against the built-in names only: the person's previous list is being replaced.
  std::map<std::string, size_t> builtin;
  for (const auto& [name, i] : c.index)
    if (i < c.builtin) builtin.emplace(name, i);
  std::map<std::string, std::string> seen;  // own name or alias -> substance
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
      if (auto it = builtin.find(n); it != builtin.end())
        return *err = fmt::format("\"{}\" already names {} in ebb's catalog; give your own "
                                  "substance another name.",
                                  n, c.substances[it->second].name),
               false;
      if (auto [it, added] = seen.emplace(n, s.name); !added)
        return *err = fmt::format("\"{}\" is given twice ({} and {}).", n, it->second, s.name),
               false;
    }
  }
  c.substances.erase(c.substances.begin() + static_cast<std::ptrdiff_t>(c.builtin),
                     c.substances.end());
  c.index = std::move(builtin);
  for (auto& s : own) {
    c.substances.push_back(std::move(s));
    add_to_index(c, c.substances.size() - 1);
  }
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

}  // namespace ebb
