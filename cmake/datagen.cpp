// Turns data/catalog.toml and data/drinks.toml into one C++ header of constant tables, at build
// time, so ebb reads its catalog, interaction table and drink sizes without parsing anything at
// start-up. Every check on the data happens here: a mistake in a data file fails the build with
// the file, the entry and what is wrong.
//
//   ebb_datagen CATALOG.toml DRINKS.toml OUTPUT.hpp

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& what) {
  std::cerr << file << ": " << what << "\n";
  std::exit(1);
}

// A C++ string literal holding `s` exactly.
std::string literal(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

template <class View>
std::vector<std::string> strings(const View& node, const std::string& file,
                                 const std::string& where) {
  std::vector<std::string> out;
  if (!node) return out;
  const auto* list = node.as_array();
  if (!list) fail(file, where + " must be a list of strings");
  for (const auto& item : *list) {
    auto v = item.template value<std::string>();
    if (!v || v->empty()) fail(file, where + " must be a list of non-empty strings");
    out.push_back(*v);
  }
  return out;
}

std::string list_of(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + literal(items[i]);
  return out + "}";
}

struct Names {
  std::string name;
  std::vector<std::string> aliases;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: ebb_datagen CATALOG.toml DRINKS.toml OUTPUT.hpp\n";
    return 2;
  }
  const std::string catalog_file = argv[1], drinks_file = argv[2], output = argv[3];
  toml::table catalog, drinks;
  try {
    catalog = toml::parse_file(catalog_file);
    drinks = toml::parse_file(drinks_file);
  } catch (const toml::parse_error& e) {
    std::cerr << *e.source().path << ":" << e.source().begin.line << ":"
              << e.source().begin.column << ": " << e.description() << "\n";
    return 1;
  }
  std::ostringstream out;
  out << "// Generated from data/catalog.toml and data/drinks.toml by cmake/datagen.cpp at build\n"
         "// time. Do not edit.\n#pragma once\n#include <span>\n#include <string_view>\n\n"
         "#include \"ebb/core/interactions.hpp\"\n\nnamespace ebb::data {\n\n";

  // ---- drinks -------------------------------------------------------------------------------
  static const std::vector<std::string> kSizeKeys = {
      "pint", "can", "beer_bottle", "wine_bottle", "spirits_bottle", "beer_glass",
      "wine_glass", "large_glass", "shot", "double"};
  static const std::set<std::string> kStyles = {"beer", "wine", "spirits"};
  std::vector<Names> beverages;
  out << "struct BeverageRow {\n  std::string_view name;\n  double abv;\n"
         "  std::string_view style;\n  std::span<const std::string_view> aliases;\n};\n\n";
  std::ostringstream rows;
  const auto* bev_list = drinks["beverage"].as_array();
  if (!bev_list || bev_list->empty()) fail(drinks_file, "no [[beverage]] tables");
  size_t n = 0;
  for (const auto& node : *bev_list) {
    const auto* b = node.as_table();
    if (!b) fail(drinks_file, "[[beverage]] must be a table");
    std::string name = (*b)["name"].value_or(std::string());
    double abv = (*b)["abv"].value_or(0.0);
    std::string style = (*b)["style"].value_or(std::string());
    auto aliases = strings((*b)["aliases"], drinks_file, "beverage " + name + ": aliases");
    if (name.empty() || !(abv > 0 && abv <= 100) || !kStyles.count(style))
      fail(drinks_file, "beverage \"" + name +
                            "\" needs a name, an abv in (0, 100] and a style (beer, wine or "
                            "spirits)");
    if (!aliases.empty())
      out << "inline constexpr std::string_view kBeverageAliases" << n << "[] = "
          << list_of(aliases) << ";\n";
    rows << "    {" << literal(name) << ", " << abv << ", " << literal(style) << ", "
         << (aliases.empty() ? "{}" : "kBeverageAliases" + std::to_string(n)) << "},\n";
    beverages.push_back({name, aliases});
    ++n;
  }
  out << "\ninline constexpr BeverageRow kBeverages[] = {\n" << rows.str() << "};\n\n";

  out << "struct CountryRow {\n  std::string_view code;\n  std::string_view label;\n"
         "  double standard_drink_g;\n  double sizes[" << kSizeKeys.size() << "];  // as "
         "container_size_keys()\n};\n\n";
  const auto* countries = drinks["country"].as_table();
  if (!countries || countries->empty()) fail(drinks_file, "no [country.X] tables");
  std::vector<std::string> country_rows;
  for (auto&& [code, node] : *countries) {
    const auto* c = node.as_table();
    std::string k(code.str());
    if (!c) fail(drinks_file, "[country." + k + "] must be a table");
    std::string label = (*c)["label"].value_or(std::string());
    double grams = (*c)["standard_drink_g"].value_or(0.0);
    if (label.empty() || !(grams > 0)) fail(drinks_file, "country " + k + " needs a label and "
                                                         "standard_drink_g");
    std::string row = "    {" + literal(k) + ", " + literal(label) + ", " + std::to_string(grams) +
                      ", {";
    for (size_t i = 0; i < kSizeKeys.size(); ++i) {
      double ml = (*c)[kSizeKeys[i]].value_or(0.0);
      if (!(ml > 0)) fail(drinks_file, "country " + k + " has no size for " + kSizeKeys[i]);
      row += (i ? ", " : "") + std::to_string(ml);
    }
    row += "}},\n";
    // The default country comes first.
    if (k == "us") country_rows.insert(country_rows.begin(), row);
    else country_rows.push_back(row);
  }
  if (!countries->contains("us")) fail(drinks_file, "the default country, us, is missing");
  out << "inline constexpr CountryRow kCountries[] = {\n";
  for (const auto& r : country_rows) out << r;
  out << "};\n\n";

  // ---- catalog ------------------------------------------------------------------------------
  auto classes = strings(catalog["classes"], catalog_file, "classes");
  if (classes.empty()) fail(catalog_file, "no classes");
  const std::set<std::string> known(classes.begin(), classes.end());
  out << "inline constexpr std::string_view kClasses[] = " << list_of(classes) << ";\n\n";

  out << "struct SubstanceRow {\n  std::string_view name;\n  std::string_view substance_class;\n"
         "  std::span<const std::string_view> groups;\n"
         "  std::span<const std::string_view> aliases;\n  std::string_view usual_unit;\n"
         "  int onset_min;  // minutes; -1 when not known\n  int onset_max;\n"
         "  int duration_min;  // minutes from taking it to the end of the effects; -1 when not known\n"
         "  int duration_max;\n};\n\n";
  const auto* subs = catalog["substance"].as_array();
  if (!subs || subs->empty()) fail(catalog_file, "no [[substance]] tables");
  std::map<std::string, std::string> taken;  // every name and alias -> its substance
  std::map<std::string, size_t> position;    // substance -> its row
  auto claim = [&](const std::string& key, const std::string& owner) {
    auto [it, added] = taken.emplace(key, owner);
    if (!added)
      fail(catalog_file, "\"" + key + "\" names both " + it->second + " and " + owner);
  };
  rows.str("");
  n = 0;
  for (const auto& node : *subs) {
    const auto* t = node.as_table();
    if (!t) fail(catalog_file, "[[substance]] must be a table");
    std::string name = (*t)["name"].value_or(std::string());
    std::string cls = (*t)["class"].value_or(std::string());
    if (name.empty() || cls.empty()) fail(catalog_file, "a substance needs name and class");
    if (!known.count(cls)) fail(catalog_file, name + ": class " + cls + " is not in classes");
    auto groups = strings((*t)["groups"], catalog_file, name + ": groups");
    for (const auto& g : groups)
      if (!known.count(g)) fail(catalog_file, name + ": group " + g + " is not in classes");
    auto aliases = strings((*t)["aliases"], catalog_file, name + ": aliases");
    // Beer, wine, vodka and the other drinks name alcohol too.
    if (name == "alcohol")
      for (const auto& b : beverages) {
        aliases.push_back(b.name);
        aliases.insert(aliases.end(), b.aliases.begin(), b.aliases.end());
      }
    position[name] = n;
    claim(name, name);
    for (const auto& a : aliases) claim(a, name);
    std::string unit = (*t)["unit"].value_or(std::string());
    int onset_min = -1, onset_max = -1;
    if (const auto* o = (*t)["onset_minutes"].as_array()) {
      if (o->size() != 2) fail(catalog_file, name + ": onset_minutes takes [min, max]");
      onset_min = static_cast<int>((*o)[0].value_or(int64_t{-1}));
      onset_max = static_cast<int>((*o)[1].value_or(int64_t{-1}));
      if (onset_min < 0 || onset_max < onset_min)
        fail(catalog_file, name + ": onset_minutes takes [min, max] in whole minutes");
    }
    int duration_min = -1, duration_max = -1;
    if (const auto* o = (*t)["duration_minutes"].as_array()) {
      if (o->size() != 2) fail(catalog_file, name + ": duration_minutes takes [min, max]");
      duration_min = static_cast<int>((*o)[0].value_or(int64_t{-1}));
      duration_max = static_cast<int>((*o)[1].value_or(int64_t{-1}));
      if (duration_min < 0 || duration_max < duration_min || onset_max < 0 ||
          duration_min <= onset_max)
        fail(catalog_file, name + ": duration_minutes takes [min, max] in whole minutes, after "
                                  "an onset_minutes window");
    }
    const std::string id = std::to_string(n);
    if (!groups.empty())
      out << "inline constexpr std::string_view kGroups" << id << "[] = " << list_of(groups)
          << ";\n";
    if (!aliases.empty())
      out << "inline constexpr std::string_view kAliases" << id << "[] = " << list_of(aliases)
          << ";\n";
    rows << "    {" << literal(name) << ", " << literal(cls) << ", "
         << (groups.empty() ? "{}" : "kGroups" + id) << ", "
         << (aliases.empty() ? "{}" : "kAliases" + id) << ", " << literal(unit) << ", "
         << onset_min << ", " << onset_max << ", " << duration_min << ", " << duration_max
         << "},\n";
    ++n;
  }
  out << "\ninline constexpr SubstanceRow kSubstances[] = {\n" << rows.str() << "};\n\n";

  // Every name and alias in order, with the substance it names: looked up by binary search.
  out << "struct NameRow {\n  std::string_view key;\n  unsigned short substance;\n};\n\n"
         "inline constexpr NameRow kNames[] = {\n";
  for (const auto& [key, owner] : taken)
    out << "    {" << literal(key) << ", " << position[owner] << "},\n";
  out << "};\n\n";

  // ---- interactions ---------------------------------------------------------------------------
  std::map<std::string, std::string> steps;
  if (const auto* s = catalog["steps"].as_table())
    for (auto&& [k, v] : *s) steps[std::string(k.str())] = v.value_or(std::string());
  const auto* list = catalog["interaction"].as_array();
  if (!list || list->empty()) fail(catalog_file, "no [[interaction]] tables");
  std::set<std::pair<std::string, std::string>> pairs;
  out << "inline constexpr Interaction kInteractions[] = {\n";
  for (const auto& node : *list) {
    const auto* row = node.as_table();
    if (!row) fail(catalog_file, "[[interaction]] must be a table");
    std::string severity = (*row)["severity"].value_or(std::string());
    std::string a = (*row)["a"].value_or(std::string()), b = (*row)["b"].value_or(std::string());
    const std::string where = "interaction " + a + " + " + b;
    if (severity != "dangerous" && severity != "unsafe" && severity != "caution")
      fail(catalog_file, where + ": severity \"" + severity +
                             "\" is none of dangerous, unsafe, caution");
    if (!known.count(a) || !known.count(b)) fail(catalog_file, where + ": not both known classes");
    if (!pairs.insert(std::minmax(a, b)).second) fail(catalog_file, where + " is given twice");
    std::string fact = (*row)["fact"].value_or(std::string());
    std::string step;
    if (auto named = (*row)["step"].value<std::string>()) {
      auto it = steps.find(*named);
      if (it == steps.end()) fail(catalog_file, where + ": no step called " + *named);
      step = it->second;
    } else {
      step = (*row)["step_text"].value_or(std::string());
    }
    if (fact.empty() || step.empty()) fail(catalog_file, where + " needs a fact and a step");
    out << "    {Severity::" << severity << ", " << literal(a) << ", " << literal(b) << ",\n     "
        << literal(fact) << ",\n     " << literal(step) << "},\n";
  }
  out << "};\n\n}  // namespace ebb::data\n";

  // Replace the header only when it changed, so an unchanged data file rebuilds nothing.
  std::string text = out.str();
  {
    std::ifstream old(output, std::ios::binary);
    std::stringstream was;
    was << old.rdbuf();
    if (old && was.str() == text) return 0;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) fail(output, "couldn't be written");
  return 0;
}
