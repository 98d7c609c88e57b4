#include "ebb/core/config.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace ebb {

namespace {

std::string where(std::string_view source, const toml::source_region& r) {
  return fmt::format("{}:{}:{}", source, r.begin.line, r.begin.column);
}

// Reads one table's keys, refusing any key it does not know: a typo in a config silently
// ignored is a setting the person thinks they have.
struct Reader {
  std::string_view source;
  std::string* err;

  bool fail(const toml::node& n, const std::string& msg) {
    *err = fmt::format("{}: {}", where(source, n.source()), msg);
    return false;
  }

  bool integer(const toml::node& n, std::string_view key, int lo, int hi, int* out) {
    // Asked for a whole number, toml++ converts a float too (with an undefined cast when it is
    // out of range), so only an integer node is read as one.
    auto v = n.is_integer() ? n.value<int64_t>() : std::nullopt;
    if (!v || *v < lo || *v > hi)
      return fail(n, fmt::format("{} takes a whole number from {} to {}.", key, lo, hi));
    *out = static_cast<int>(*v);
    return true;
  }

  bool number(const toml::node& n, std::string_view key, double* out) {
    auto v = n.value<double>();
    // nan and inf are TOML floats too; neither is an amount.
    if (!(n.is_integer() || n.is_floating_point()) || !v || !std::isfinite(*v) || *v <= 0)
      return fail(n, fmt::format("{} takes a number above 0.", key));
    *out = *v;
    return true;
  }

  bool text(const toml::node& n, std::string_view key, std::string* out) {
    if (!n.is_string()) return fail(n, fmt::format("{} takes text in quotes.", key));
    *out = *n.value<std::string>();
    return true;
  }

  bool boolean(const toml::node& n, std::string_view key, bool* out) {
    if (!n.is_boolean()) return fail(n, fmt::format("{} takes true or false.", key));
    *out = *n.value<bool>();
    return true;
  }
};

bool standard_drink_grams(std::string_view name, double* grams) {
  if (lower(name) == "who") {
    *grams = 10.0;
    return true;
  }
  const CountryDrinks* c = find_country(name);
  if (!c) return false;
  *grams = c->standard_drink_g;
  return true;
}

std::string country_codes() {
  std::string out;
  for (const CountryDrinks& c : drink_countries()) out += (out.empty() ? "" : ", ") + c.code;
  return out;
}

// [substances.NAME]: class, groups, aliases, unit, onset_minutes.
bool read_own_substance(Reader& r, std::string_view name, const toml::node& node, Substance* out) {
  auto* t = node.as_table();
  if (!t)
    return r.fail(node, fmt::format("[substances.{}] is a table with class = \"...\".", name));
  Substance s;
  s.name = fold_name(name);
  auto list = [&](const toml::node& n, std::string_view key, std::vector<std::string>* into) {
    auto* a = n.as_array();
    if (!a) return r.fail(n, fmt::format("{} takes a list of names in quotes.", key));
    for (auto& item : *a) {
      if (!item.is_string()) return r.fail(item, fmt::format("{} takes names in quotes.", key));
      into->push_back(fold_name(*item.value<std::string>()));
    }
    return true;
  };
  for (auto&& [k, v] : *t) {
    std::string_view key = k.str();
    bool ok = true;
    if (key == "class") ok = r.text(v, key, &s.substance_class);
    else if (key == "groups") ok = list(v, key, &s.groups);
    else if (key == "aliases") ok = list(v, key, &s.aliases);
    else if (key == "unit") {
      std::string unit;
      ok = r.text(v, key, &unit);
      if (ok) {
        s.usual_unit = canonical_unit(unit);
        if (s.usual_unit.empty()) s.usual_unit = fold_name(unit);
      }
    } else if (key == "onset_minutes") {
      auto* a = v.as_array();
      auto lo = a && a->size() == 2 ? (*a)[0].value<int64_t>() : std::nullopt;
      auto hi = a && a->size() == 2 ? (*a)[1].value<int64_t>() : std::nullopt;
      if (!lo || !hi || *lo < 0 || *hi < *lo || *hi > 24 * 60)
        return r.fail(v, "onset_minutes takes [from, to] in minutes, like [30, 90].");
      s.onset_min = std::chrono::minutes{*lo};
      s.onset_max = std::chrono::minutes{*hi};
    } else {
      return r.fail(v, fmt::format("[substances.{}] has no setting \"{}\"; it takes class, "
                                   "groups, aliases, unit and onset_minutes.",
                                   name, key));
    }
    if (!ok) return false;
  }
  if (s.substance_class.empty())
    return r.fail(node, fmt::format("[substances.{}] needs a class, like class = \"opioid\".",
                                    name));
  *out = std::move(s);
  return true;
}

}  // namespace

bool parse_clock_time(std::string_view text, std::chrono::minutes* out) {
  if (text.size() != 5 || text[2] != ':') return false;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return false;
  *out = std::chrono::minutes{h * 60 + m};
  return true;
}

bool parse_weekday(std::string_view text, date::weekday* out) {
  static constexpr std::string_view kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                "thursday", "friday", "saturday"};
  std::string t = lower(text);
  if (t.size() < 3) return false;
  for (unsigned i = 0; i < 7; ++i)
    if (kNames[i].substr(0, t.size()) == t) {
      *out = date::weekday{i};
      return true;
    }
  return false;
}

bool parse_config(std::string_view text, std::string_view source_name, Config* out,
                  std::string* err) {
  toml::table doc;
  try {
    doc = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    *err = fmt::format("{}: {}", where(source_name, e.source()), e.description());
    return false;
  }
  Config c = *out;  // the caller's defaults (the drinks country from the locale) are the base
  Reader r{source_name, err};
  // The country sets sizes and the standard drink; standard_drink, wherever it is in the
  // file, wins over it.
  if (auto* node = doc.get("country")) {
    std::string v;
    if (!r.text(*node, "country", &v)) return false;
    const CountryDrinks* country = find_country(v);
    if (!country)
      return r.fail(*node, fmt::format("country takes one of {}.", country_codes()));
    c.drinks.country = country->code;
    c.drinks.grams_per_drink = country->standard_drink_g;
  }
  for (auto&& [k, node] : doc) {
    std::string_view key = k.str();
    if (key == "country") {
      continue;  // read above
    } else if (key == "day_starts_at") {
      std::string v;
      if (!r.text(node, key, &v)) return false;
      if (!parse_clock_time(v, &c.days.day_start))
        return r.fail(node, "day_starts_at takes a time like \"04:00\".");
    } else if (key == "week_starts_on") {
      std::string v;
      if (!r.text(node, key, &v)) return false;
      if (!parse_weekday(v, &c.days.week_start))
        return r.fail(node, "week_starts_on takes a weekday like \"monday\" or \"sunday\".");
    } else if (key == "currency") {
      if (!r.text(node, key, &c.currency)) return false;
    } else if (key == "standard_drink") {
      // A country name or grams of ethanol.
      if (node.is_string()) {
        if (!standard_drink_grams(*node.value<std::string>(), &c.drinks.grams_per_drink))
          return r.fail(node, fmt::format("standard_drink takes who, a country ({}), or grams "
                                          "of ethanol as a number.",
                                          country_codes()));
      } else if (!r.number(node, key, &c.drinks.grams_per_drink)) {
        return false;
      }
    } else if (key == "key_file") {
      if (!r.text(node, key, &c.key_file)) return false;
    } else if (key == "discreet") {
      if (!r.boolean(node, key, &c.reminders.discreet)) return false;
    } else if (key == "reminders") {
      auto* t = node.as_table();
      if (!t) return r.fail(node, "reminders is a table: [reminders].");
      for (auto&& [rk, rn] : *t) {
        std::string_view rkey = rk.str();
        bool ok = true;
        if (rkey == "repeat_hours") ok = r.integer(rn, rkey, 0, 24 * 365, &c.reminders.repeat_hours);
        else if (rkey == "combination_window_hours")
          ok = r.integer(rn, rkey, 1, 24 * 7, &c.reminders.combination_window_hours);
        else if (rkey == "tolerance_break_days")
          ok = r.integer(rn, rkey, 1, 365, &c.reminders.tolerance_break_days);
        else if (rkey == "quiet_days") ok = r.integer(rn, rkey, 1, 365, &c.reminders.quiet_days);
        else if (rkey == "discreet") ok = r.boolean(rn, rkey, &c.reminders.discreet);
        else if (rkey == "why_repeat_hours")
          ok = r.integer(rn, rkey, 0, 24 * 365, &c.reminders.why_repeat_hours);
        else if (rkey == "alcohol_notes") ok = r.boolean(rn, rkey, &c.reminders.alcohol_notes);
        else if (rkey == "country") ok = r.text(rn, rkey, &c.reminders.country);
        else return r.fail(rn, fmt::format("[reminders] has no setting \"{}\".", rkey));
        if (!ok) return false;
      }
    } else if (key == "heavy_day") {
      auto* t = node.as_table();
      if (!t) return r.fail(node, "heavy_day is a table: [heavy_day] with substance = amount.");
      for (auto&& [hk, hn] : *t) {
        double v = 0;
        if (!r.number(hn, hk.str(), &v)) return false;
        c.heavy_day[lower(hk.str())] = v;
      }
    } else if (key == "drink_sizes") {
      auto* t = node.as_table();
      if (!t) return r.fail(node, "drink_sizes is a table: [drink_sizes] with pint = 568.");
      for (auto&& [sk, sn] : *t) {
        auto keys = container_size_keys();
        if (std::find(keys.begin(), keys.end(), sk.str()) == keys.end())
          return r.fail(sn, fmt::format("[drink_sizes] has no size \"{}\"; the sizes are {}.",
                                        sk.str(), fmt::join(keys, ", ")));
        double ml = 0;
        if (!r.number(sn, sk.str(), &ml)) return false;
        c.drinks.sizes[std::string(sk.str())] = ml;
      }
    } else if (key == "strengths") {
      auto* t = node.as_table();
      if (!t) return r.fail(node, "strengths is a table: [strengths] with beer = 4.5.");
      for (auto&& [bk, bn] : *t) {
        double abv = 0;
        if (!r.number(bn, bk.str(), &abv)) return false;
        if (abv > 100) return r.fail(bn, fmt::format("{} is a percent, up to 100.", bk.str()));
        if (!find_beverage(bk.str()))
          return r.fail(bn, fmt::format("[strengths] names \"{}\", a drink ebb doesn't know; "
                                        "DRINKS in ebb(1) lists them.",
                                        bk.str()));
        c.drinks.strengths[fold_name(bk.str())] = abv;
      }
    } else if (key == "substances") {
      auto* t = node.as_table();
      if (!t) return r.fail(node, "substances is a table: [substances.NAME] with class = \"...\".");
      for (auto&& [sk, sn] : *t) {
        Substance s;
        if (!read_own_substance(r, sk.str(), sn, &s)) return false;
        c.substances.push_back(std::move(s));
      }
    } else if (key == "medications") {
      auto* t = node.as_table();
      if (!t)
        return r.fail(node, "medications is a table: [medications] with name = \"dose\", e.g. "
                            "sertraline = \"50 mg daily\".");
      for (auto&& [mk, mn] : *t) {
        Medication m;
        m.name = std::string(mk.str());
        m.where = where(source_name, mk.source());
        if (mn.is_boolean() && *mn.value<bool>()) {
        } else if (!mn.is_string()) {
          return r.fail(mn, fmt::format("{} takes its dose in quotes (\"60 mg daily\"), or true.",
                                        mk.str()));
        } else {
          std::string dose = *mn.value<std::string>();
          m.dose = std::string(trim(dose));
        }
        c.medications.push_back(std::move(m));
      }
    } else if (key == "presets") {
      auto* t = node.as_table();
      if (!t)
        return r.fail(node, "presets is a table: [presets] with name = \"what you'd type after "
                            "ebb use\", e.g. pint = \"beer 568ml --abv 4.5\".");
      for (auto&& [pk, pn] : *t) {
        Preset p;
        p.name = lower(pk.str());
        p.where = where(source_name, pk.source());
        bool word = !p.name.empty() && p.name[0] != '-' &&
                    std::all_of(p.name.begin(), p.name.end(), [](unsigned char ch) {
                      return std::isalnum(ch) || ch == '-' || ch == '_' || ch >= 0x80;
                    });
        if (!word)
          return r.fail(pn, fmt::format("a preset's name is one word of letters, digits, - or _; "
                                        "\"{}\" is not.",
                                        pk.str()));
        if (find_preset(c.presets, p.name))
          return r.fail(pn, fmt::format("the preset \"{}\" is there twice.", p.name));
        if (!r.text(pn, pk.str(), &p.text)) return false;
        std::string split_err;
        if (!split_preset_words(p.text, &p.words, &split_err))
          return r.fail(pn, fmt::format("the preset \"{}\" {}.", p.name, split_err));
        if (p.words.empty() || p.words[0].empty() || p.words[0][0] == '-')
          return r.fail(pn, fmt::format("the preset \"{}\" starts with what was used, then the "
                                        "amount and options, as after ebb use: "
                                        "{} = \"beer 568ml --abv 4.5\".",
                                        p.name, p.name));
        c.presets.push_back(std::move(p));
      }
    } else if (key == "help_lines") {
      auto* t = node.as_table();
      if (!t) return r.fail(node, "help_lines is a table: [help_lines] with name = \"number\".");
      for (auto&& [hk, hn] : *t) {
        std::string v;
        if (!r.text(hn, hk.str(), &v)) return false;
        c.help_lines[std::string(hk.str())] = v;
      }
    } else {
      return r.fail(node, fmt::format("there's no setting called \"{}\". The settings are listed "
                                      "in ebb(1) under CONFIGURATION.",
                                      key));
    }
  }
  *out = std::move(c);
  return true;
}

const Preset* find_preset(const std::vector<Preset>& presets, std::string_view name) {
  std::string key = lower(name);
  for (const auto& p : presets)
    if (p.name == key) return &p;
  return nullptr;
}

bool split_preset_words(std::string_view text, std::vector<std::string>* out, std::string* err) {
  out->clear();
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (quote) {
      if (ch == quote) quote = 0;
      else if (ch == '\\' && quote == '"' && i + 1 < text.size()) word += text[++i];
      else word += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      in_word = true;
    } else if (ch == '\\' && i + 1 < text.size()) {
      word += text[++i];
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(ch))) {
      if (in_word) out->push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += ch;
      in_word = true;
    }
  }
  if (quote) {
    *err = fmt::format("has a {} quote that is never closed", quote == '"' ? "double" : "single");
    return false;
  }
  if (in_word) out->push_back(std::move(word));
  return true;
}

bool resolve_medications(std::vector<Medication>* meds, std::string* err) {
  for (auto& m : *meds) {
    SubstanceMatch match = lookup_substance(m.name);
    if (match.known) {
      m.name = match.name;
      continue;
    }
    auto near = suggest_substance(m.name);
    *err = fmt::format(
        "{}: ebb doesn't know the medication \"{}\"{}, so it couldn't count it in combination "
        "notes. A medication of your own goes in [substances.NAME] with its class.",
        m.where, m.name, near ? fmt::format(" (did you mean {}?)", *near) : "");
    return false;
  }
  return true;
}

}  // namespace ebb
