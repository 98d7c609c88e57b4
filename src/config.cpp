#include "ebb/config.hpp"
#include "ebb/text.hpp"

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
  std::string n = lower(name);
  if (n == "us") *grams = 14.0;
  else if (n == "uk") *grams = 8.0;
  else if (n == "who" || n == "au" || n == "australia") *grams = 10.0;
  else if (n == "ca" || n == "canada") *grams = 13.45;
  else return false;
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
  Config c;
  Reader r{source_name, err};
  for (auto&& [k, node] : doc) {
    std::string_view key = k.str();
    if (key == "day_starts_at") {
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
          return r.fail(node, "standard_drink takes us, uk, who, australia, canada, or grams "
                              "of ethanol as a number.");
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

}  // namespace ebb
