#include "ebb/core/plan.hpp"
#include "ebb/util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/meanings.hpp"

namespace ebb {

namespace {

constexpr std::array<std::string_view, 14> kRuleKeys = {
    "goal",         "max_per_occasion", "max_per_day",       "max_per_week",
    "max_use_days_per_week", "days_off", "not_before",       "not_after",
    "min_hours_between",     "routes",   "not_alone",        "max_per_day_by_weekday",
    "max_per_7_days",        "max_use_days_per_7_days"};
constexpr std::array<std::string_view, 2> kSafetyKeys = {"avoid", "test_first"};
constexpr std::array<std::string_view, 3> kSpendingKeys = {"max_per_week", "currency",
                                                          "baseline_per_week"};
constexpr std::array<std::string_view, 5> kTopWords = {"why", "when_urge", "review_on",
                                                      "alternatives", "balance"};
constexpr std::array<std::string_view, 4> kBalanceKeys = {
    "good_about_using", "not_so_good_about_using", "good_about_changing", "costs_of_changing"};

// Thrown inside the parser only, so each check reads as one line; parse_plan turns it into
// a PlanError value.
struct Problem {
  toml::source_position at;
  std::string message;
};

[[noreturn]] void fail(const toml::source_region& where, std::string message) {
  throw Problem{where.begin, std::move(message)};
}

template <size_t N>
std::string unknown_key(std::string_view key, std::string_view where,
                        const std::array<std::string_view, N>& known) {
  std::string msg = fmt::format("ebb doesn't know the key \"{}\" {}.", key, where);
  std::string_view best;
  int best_d = 3;
  for (auto k : known)
    if (int d = edit_distance(lower(key), k, 2); d < best_d) best = k, best_d = d;
  if (!best.empty()) msg += fmt::format(" Did you mean \"{}\"?", best);
  else msg += " The keys here are: " + fmt::format("{}", fmt::join(known, ", ")) + ".";
  return msg;
}

// The nearest substance, alias or class name to a misspelt one, or "" when none is close.
std::string nearest_name(std::string_view typed) {
  std::string t = lower(typed), best;
  int best_d = t.size() > 4 ? 3 : 2;
  auto consider = [&](std::string_view name) {
    if (int d = edit_distance(t, name, 2); d < best_d) best = std::string(name), best_d = d;
  };
  for (auto c : substance_classes()) consider(c);
  for (const auto& s : catalog()) {
    consider(s.name);
    for (auto a : s.aliases) consider(a);
  }
  return best;
}

std::string did_you_mean(std::string_view typed) {
  std::string near = nearest_name(typed);
  return near.empty() ? "" : fmt::format(" Did you mean \"{}\"?", near);
}

const std::string& need_string(const toml::node& v, std::string_view key, std::string_view what) {
  if (!v.is_string()) fail(v.source(), fmt::format("{} needs {} in quotes.", key, what));
  return v.as_string()->get();
}

double need_number(const toml::node& v, std::string_view key) {
  if (auto i = v.value_exact<int64_t>()) return static_cast<double>(*i);
  if (auto d = v.value_exact<double>()) {
    if (!std::isfinite(*d)) fail(v.source(), fmt::format("{} needs an ordinary number.", key));
    return *d;
  }
  fail(v.source(), fmt::format("{} needs a number, like {} = 2.", key, key));
}

double need_not_negative(const toml::node& v, std::string_view key) {
  double d = need_number(v, key);
  if (d < 0) fail(v.source(), fmt::format("{} is below zero here; it needs 0 or more.", key));
  return d;
}

// "3 drinks", "150mg", "0.5 g", or a bare number (the substance's usual unit).
Amount need_amount(const toml::node& v, std::string_view key, std::string_view usual_unit) {
  Amount a;
  if (v.is_number()) {
    a.value = need_not_negative(v, key);
    a.unit = std::string(usual_unit);
    return a;
  }
  if (!v.is_string())
    fail(v.source(), fmt::format("{} needs an amount, like {} = \"3 drinks\" or {} = 2.", key,
                                 key, key));
  std::string_view text = trim(v.as_string()->get());
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(begin, end, a.value);
  if (ec != std::errc() || !std::isfinite(a.value))
    fail(v.source(), fmt::format("ebb couldn't read \"{}\" as an amount. {} needs a number "
                                 "first, then a unit if you want one, like \"3 drinks\".",
                                 text, key));
  if (a.value < 0) fail(v.source(), fmt::format("{} is below zero here; it needs 0 or more.", key));
  std::string_view word = trim(std::string_view(stop, static_cast<size_t>(end - stop)));
  if (word.empty()) {
    a.unit = std::string(usual_unit);
    return a;
  }
  a.unit = canonical_unit(lower(word));
  if (a.unit.empty())
    fail(v.source(), fmt::format("ebb doesn't know the unit \"{}\". Units it knows include mg, "
                                 "g, ug, ml, cl, l and drinks.", word));
  return a;
}

std::chrono::minutes need_clock_time(const toml::node& v, std::string_view key) {
  if (auto t = v.value_exact<toml::time>())
    return std::chrono::minutes{t->hour * 60 + t->minute};
  std::string_view text = v.is_string() ? trim(v.as_string()->get()) : std::string_view{};
  int h = -1, m = -1;
  size_t colon = text.find(':');
  if (colon != std::string_view::npos && colon >= 1 && colon <= 2 && text.size() == colon + 3) {
    auto r1 = std::from_chars(text.data(), text.data() + colon, h);
    auto r2 = std::from_chars(text.data() + colon + 1, text.data() + text.size(), m);
    if (r1.ptr != text.data() + colon || r2.ptr != text.data() + text.size()) h = -1;
  }
  if (h < 0 || h > 23 || m < 0 || m > 59)
    fail(v.source(), fmt::format("{} needs a time of day like \"18:00\" (24-hour clock).", key));
  return std::chrono::minutes{h * 60 + m};
}

bool weekday_from(std::string_view text, date::weekday* out) {
  static constexpr std::array<std::string_view, 7> names = {
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  std::string w = lower(trim(text));
  for (unsigned i = 0; i < names.size(); ++i)
    if (w.size() >= 3 && names[i].substr(0, w.size()) == w) {
      *out = date::weekday{i};
      return true;
    }
  return false;
}

const toml::array& need_array(const toml::node& v, std::string_view key, std::string_view example) {
  if (!v.is_array()) fail(v.source(), fmt::format("{} needs a list in brackets, like {} = {}.",
                                                  key, key, example));
  return *v.as_array();
}

// A name in the safety rules: a substance ebb knows (canonical) or a class, plural allowed.
std::string need_class_or_substance(const toml::node& v, std::string_view key) {
  if (!v.is_string())
    fail(v.source(), fmt::format("{} needs class names in quotes, like \"opioid\".", key));
  std::string name = lower(trim(v.as_string()->get()));
  SubstanceMatch m = lookup_substance(name);
  if (m.known) return m.name;
  if (is_known_class(name)) return name;
  if (name.size() > 1 && name.back() == 's' && is_known_class(name.substr(0, name.size() - 1)))
    return name.substr(0, name.size() - 1);
  std::string near = did_you_mean(name);
  fail(v.source(), fmt::format("ebb doesn't know the class \"{}\".{}", v.as_string()->get(),
                               near.empty() ? fmt::format(" Classes it knows include: {}.",
                                                          fmt::join(substance_classes(), ", "))
                                            : near));
}

// Table entries in document order, so the first problem reported is the first in the file.
std::vector<std::pair<const toml::key*, const toml::node*>> in_order(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> out;
  for (auto&& [k, v] : t) out.emplace_back(&k, &v);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  return out;
}

bool comparable(const Amount& a, const Amount& b) {
  if (a.unit == b.unit) return true;
  Dimension da = unit_dimension(a.unit), db = unit_dimension(b.unit);
  return da == db && (da == Dimension::mass || da == Dimension::volume);
}

// `small` may not exceed `big` (e.g. max_per_occasion within max_per_day).
void check_order(const SubstancePlan& p, const std::optional<Amount>& small,
                 std::string_view small_key, const std::optional<Amount>& big,
                 std::string_view big_key, const toml::node* big_node) {
  if (!small || !big || !big_node || !comparable(*small, *big)) return;
  auto in_big = convert_amount(small->value, small->unit, big->unit, std::nullopt, DrinkSettings{});
  if (!in_big || *in_big <= big->value + 1e-9) return;
  fail(big_node->source(),
       fmt::format("For {}, {} ({}) is less than {} ({}), so the two can't both hold. If you "
                   "want, raise {} or lower {}.",
                   p.name, big_key, format_amount(big->value, big->unit), small_key,
                   format_amount(small->value, small->unit), big_key, small_key));
}

LocalDay need_day(const toml::node& v, std::string_view key) {
  LocalDay day;
  if (auto d = v.value_exact<toml::date>()) return LocalDay{date::year{d->year} / d->month / d->day};
  if (!v.is_string() || !parse_day(trim(v.as_string()->get()), &day))
    fail(v.source(), fmt::format("{} needs a date like 2027-01-01.", key));
  return day;
}

SubstancePlan read_rules(const toml::table& t, SubstancePlan p, std::string_view usual_unit,
                         bool in_stage = false) {
  std::string where = fmt::format("in [{}]", p.name);
  std::vector<std::pair<const toml::key*, const toml::node*>> stage_nodes;
  for (auto [k, node] : in_order(t)) {
    std::string_view key = k->str();
    const toml::node& v = *node;
    if (key == "from" && in_stage) {
      continue;  // read by the caller
    } else if (key == "stage" && !in_stage) {
      stage_nodes.emplace_back(k, node);
    } else if (key == "goal") {
      std::string g = lower(trim(need_string(v, key, "one of keep, safer, reduce, pause, stop")));
      static constexpr std::array<std::pair<std::string_view, Goal>, 5> goals = {
          {{"keep", Goal::keep}, {"safer", Goal::safer}, {"reduce", Goal::reduce},
           {"pause", Goal::pause}, {"stop", Goal::stop}}};
      auto it = std::find_if(goals.begin(), goals.end(), [&](auto& e) { return e.first == g; });
      if (it == goals.end())
        fail(v.source(), fmt::format("goal \"{}\" isn't one ebb knows; it can be keep, safer, "
                                     "reduce, pause or stop.", g));
      p.goal = it->second;
    } else if (key == "max_per_occasion") {
      p.max_per_occasion = need_amount(v, key, usual_unit);
    } else if (key == "max_per_day") {
      p.max_per_day = need_amount(v, key, usual_unit);
    } else if (key == "max_per_week") {
      p.max_per_week = need_amount(v, key, usual_unit);
    } else if (key == "max_use_days_per_week") {
      auto n = v.value_exact<int64_t>();
      if (!n || *n < 0 || *n > 7)
        fail(v.source(), "max_use_days_per_week needs a whole number from 0 to 7.");
      p.max_use_days_per_week = static_cast<int>(*n);
    } else if (key == "max_per_7_days") {
      p.max_per_7_days = need_amount(v, key, usual_unit);
    } else if (key == "max_use_days_per_7_days") {
      auto n = v.value_exact<int64_t>();
      if (!n || *n < 0 || *n > 7)
        fail(v.source(), "max_use_days_per_7_days needs a whole number from 0 to 7.");
      p.max_use_days_per_7_days = static_cast<int>(*n);
    } else if (key == "max_per_day_by_weekday") {
      if (!v.is_table())
        fail(v.source(), "max_per_day_by_weekday needs weekdays with amounts, like "
                         "{ fri = 4, sat = 4, sun = 0 }.");
      std::vector<std::pair<date::weekday, Amount>> by_day;
      for (auto [dk, dn] : in_order(*v.as_table())) {
        date::weekday wd;
        if (!weekday_from(dk->str(), &wd))
          fail(dk->source(), fmt::format("max_per_day_by_weekday has \"{}\", which isn't a "
                                         "weekday; write \"mon\" to \"sun\".",
                                         dk->str()));
        for (const auto& [seen, amount] : by_day)
          if (seen == wd) fail(dk->source(), "max_per_day_by_weekday names this weekday twice.");
        by_day.emplace_back(wd, need_amount(*dn, dk->str(), usual_unit));
      }
      p.max_per_day_by_weekday = std::move(by_day);
    } else if (key == "days_off") {
      std::vector<date::weekday> days;
      for (const auto& d : need_array(v, key, "[\"mon\", \"tue\"]")) {
        date::weekday wd;
        if (!d.is_string() || !weekday_from(d.as_string()->get(), &wd))
          fail(d.source(), "days_off needs weekdays in quotes, like \"mon\" or \"saturday\".");
        if (std::find(days.begin(), days.end(), wd) == days.end()) days.push_back(wd);
      }
      p.days_off = std::move(days);
    } else if (key == "not_before") {
      p.not_before = need_clock_time(v, key);
    } else if (key == "not_after") {
      p.not_after = need_clock_time(v, key);
    } else if (key == "min_hours_between") {
      p.min_hours_between = need_not_negative(v, key);
    } else if (key == "routes") {
      std::vector<std::string> routes;
      for (const auto& r : need_array(v, key, "[\"oral\"]")) {
        if (!r.is_string() || trim(r.as_string()->get()).empty())
          fail(r.source(), "routes needs route names in quotes, like \"oral\" or \"smoked\".");
        routes.push_back(lower(trim(r.as_string()->get())));
      }
      p.routes = std::move(routes);
    } else if (key == "not_alone") {
      if (!v.is_boolean()) fail(v.source(), "not_alone needs true or false.");
      p.not_alone = v.as_boolean()->get();
    } else {
      fail(k->source(), unknown_key(key, where, kRuleKeys));
    }
  }
  check_order(p, p.max_per_occasion, "max_per_occasion", p.max_per_day, "max_per_day",
              t.get("max_per_day"));
  check_order(p, p.max_per_day, "max_per_day", p.max_per_week, "max_per_week",
              t.get("max_per_week"));
  check_order(p, p.max_per_occasion, "max_per_occasion", p.max_per_week, "max_per_week",
              t.get("max_per_week"));
  check_order(p, p.max_per_occasion, "max_per_occasion", p.max_per_7_days, "max_per_7_days",
              t.get("max_per_7_days"));
  // [[alcohol.stage]] with `from` and the keys that change from that day: each stage starts
  // from the section's rules, so a stage says only what changes.
  for (const auto& [k, node] : stage_nodes) {
    (void)k;
    const auto* stages = node->as_array();
    if (!stages || !stages->is_array_of_tables())
      fail(node->source(), fmt::format("stage needs its own sections: [[{}.stage]] with "
                                       "from = 2027-01-01 and the rules that change.",
                                       p.name));
    for (const auto& sn : *stages) {
      const toml::table& st = *sn.as_table();
      const toml::node* from = st.get("from");
      if (!from)
        fail(sn.source(), fmt::format("A [[{}.stage]] needs from = 2027-01-01: the day it "
                                      "begins.", p.name));
      SubstancePlan base = p;
      base.stages.clear();
      PlanStage stage{need_day(*from, "from"), read_rules(st, base, usual_unit, true)};
      for (const auto& earlier : p.stages)
        if (earlier.from >= stage.from)
          fail(from->source(), fmt::format("The stages of [{}] go in order of their dates; "
                                           "this one begins on or before the one above it.",
                                           p.name));
      p.stages.push_back(std::move(stage));
    }
  }
  return p;
}

const toml::table& need_table(const toml::node& v, std::string_view name) {
  if (!v.is_table())
    fail(v.source(), fmt::format("{} needs to be a section: [{}] on its own line, with its "
                                 "rules below it.", name, name));
  return *v.as_table();
}

void add_section(Plan* plan, SubstancePlan p, const toml::key& k, const toml::table& t,
                 std::string_view usual_unit) {
  for (const auto& other : plan->substances)
    if (other.name == p.name && other.is_class == p.is_class)
      fail(k.source(), fmt::format("[{}] is {} again, which already has a section above. If "
                                   "you want, put these rules in one section.", k.str(), p.name));
  plan->substances.push_back(read_rules(t, std::move(p), usual_unit));
}

void read_section(Plan* plan, const toml::key& k, const toml::node& v) {
  std::string name = lower(trim(k.str()));
  if (name == "substances" || name == "substance" || name == "classes" || name == "class")
    fail(k.source(), "Substance sections go at the top level: write [alcohol] rather than "
                     "[substances.alcohol].");
  if (name == "unlisted") {
    // [unlisted.blue-lotus]: a substance ebb's catalog doesn't have, kept as written.
    for (auto [uk, uv] : in_order(need_table(v, "unlisted"))) {
      const auto& t = need_table(*uv, "unlisted." + std::string(uk->str()));
      SubstanceMatch m = lookup_substance(uk->str());
      SubstancePlan p;
      p.name = m.name;
      add_section(plan, std::move(p), *uk, t, m.known ? m.known->usual_unit : "");
    }
    return;
  }
  SubstanceMatch m = lookup_substance(name);
  SubstancePlan p;
  std::string_view usual;
  if (m.known) {
    p.name = m.name;
    usual = m.known->usual_unit;
  } else if (is_known_class(name)) {
    p.name = name;
    p.is_class = true;
  } else if (name.size() > 1 && name.back() == 's' &&
             is_known_class(name.substr(0, name.size() - 1))) {
    p.name = name.substr(0, name.size() - 1);
    p.is_class = true;
  } else {
    fail(k.source(), fmt::format("ebb doesn't know \"{}\" as a substance or a class.{} If it's "
                                 "a substance ebb's catalog doesn't have, write the section as "
                                 "[unlisted.{}].", k.str(), did_you_mean(name), k.str()));
  }
  add_section(plan, std::move(p), k, need_table(v, k.str()), usual);
}

void read_safety(Plan* plan, const toml::table& t) {
  for (auto [k, node] : in_order(t)) {
    std::string_view key = k->str();
    const toml::node& v = *node;
    if (key == "avoid") {
      for (const auto& pair : need_array(v, key, "[[\"alcohol\", \"opioid\"]]")) {
        const auto* two = pair.as_array();
        if (!two || two->size() != 2)
          fail(pair.source(), "Each pair in avoid is two classes in brackets, like "
                              "[\"alcohol\", \"opioid\"].");
        plan->safety.avoid.push_back({need_class_or_substance(*two->get(0), key),
                                      need_class_or_substance(*two->get(1), key)});
      }
    } else if (key == "test_first") {
      for (const auto& c : need_array(v, key, "[\"stimulant\"]"))
        plan->safety.test_first.push_back(need_class_or_substance(c, key));
    } else {
      fail(k->source(), unknown_key(key, "in [safety]", kSafetyKeys));
    }
  }
}

void read_spending(Plan* plan, const toml::table& t) {
  for (auto [k, node] : in_order(t)) {
    std::string_view key = k->str();
    if (key == "max_per_week") {
      plan->spending.max_per_week = need_not_negative(*node, "max_per_week");
    } else if (key == "baseline_per_week") {
      plan->spending.baseline_per_week = need_not_negative(*node, "baseline_per_week");
    } else if (key == "currency") {
      plan->spending.currency = std::string(trim(need_string(*node, key, "a currency, like \"EUR\"")));
    } else {
      fail(k->source(), unknown_key(key, "in [spending]", kSpendingKeys));
    }
  }
}

// The person's words: one text in quotes, or a list of them. Empty texts are refused, so a
// list never holds a blank line ebb would quote back.
std::vector<std::string> need_words(const toml::node& v, std::string_view key,
                                    std::string_view example) {
  std::vector<std::string> out;
  auto one = [&](const toml::node& n) {
    if (!n.is_string() || trim(n.as_string()->get()).empty())
      fail(n.source(), fmt::format("{} needs your words in quotes, like {} = {}.", key, key,
                                   example));
    out.emplace_back(trim(n.as_string()->get()));
  };
  if (v.is_array())
    for (const auto& n : *v.as_array()) one(n);
  else
    one(v);
  return out;
}

// [alternatives]: what the person would like to try instead, keyed by what use does for them.
void read_alternatives(Plan* plan, const toml::table& t) {
  for (auto [k, node] : in_order(t)) {
    std::string meaning(trim(k->str()));
    std::string key = meaning_key(meaning);
    if (key.empty())
      fail(k->source(), fmt::format("\"{}\" in [alternatives] has no word ebb can match an "
                                    "urge's --wanted against. Name what use does for you, "
                                    "like sleep = [\"podcast\"].",
                                    k->str()));
    for (const auto& other : plan->alternatives)
      if (meaning_key(other.meaning) == key)
        fail(k->source(), fmt::format("\"{}\" reads the same as \"{}\" above in "
                                      "[alternatives]. If you want, put these ideas in one list.",
                                      meaning, other.meaning));
    plan->alternatives.push_back(
        {meaning, need_words(*node, meaning, "[\"podcast\", \"magnesium tea\"]")});
  }
}

void read_balance(Plan* plan, const toml::table& t) {
  for (auto [k, node] : in_order(t)) {
    std::string_view key = k->str();
    std::vector<std::string>* side = nullptr;
    for (const auto& s : balance_sides(plan->balance))
      if (s.key == key) side = const_cast<std::vector<std::string>*>(s.items);
    if (!side) fail(k->source(), unknown_key(key, "in [balance]", kBalanceKeys));
    *side = need_words(*node, key, "[\"more energy\"]");
  }
}

void read_plan(const toml::table& doc, Plan* plan) {
  for (auto [k, node] : in_order(doc)) {
    std::string_view key = k->str();
    const toml::node& v = *node;
    if (key == "why") {
      plan->why = need_string(v, key, "your reasons, in your own words,");
    } else if (key == "when_urge") {
      plan->when_urge = need_string(v, key, "your plan for an urge, in your own words,");
    } else if (key == "review_on") {
      LocalDay day;
      if (auto d = v.value_exact<toml::date>()) {
        auto ymd = date::year{d->year} / d->month / d->day;
        day = LocalDay{ymd};
      } else if (!v.is_string() || !parse_day(trim(v.as_string()->get()), &day)) {
        fail(v.source(), "review_on needs a date like 2026-12-31.");
      }
      plan->review_on = day;
    } else if (key == "safety") {
      read_safety(plan, need_table(v, key));
    } else if (key == "spending") {
      read_spending(plan, need_table(v, key));
    } else if (key == "alternatives") {
      read_alternatives(plan, need_table(v, key));
    } else if (key == "balance") {
      read_balance(plan, need_table(v, key));
    } else if (v.is_table()) {
      read_section(plan, *k, v);
    } else if (lookup_substance(key).known || is_known_class(lower(key))) {
      need_table(v, key);
    } else {
      fail(k->source(), unknown_key(key, "at the top of the plan", kTopWords));
    }
  }
}

}  // namespace

bool parse_plan(std::string_view text, Plan* out, PlanError* err) {
  Plan plan;
  try {
    toml::table doc = toml::parse(text);
    read_plan(doc, &plan);
  } catch (const toml::parse_error& e) {
    err->line = static_cast<int>(e.source().begin.line);
    err->column = static_cast<int>(e.source().begin.column);
    err->message = fmt::format("ebb couldn't read this part of the plan as TOML ({}).",
                               e.description());
    return false;
  } catch (const Problem& p) {
    err->line = static_cast<int>(p.at.line);
    err->column = static_cast<int>(p.at.column);
    err->message = p.message;
    return false;
  }
  *out = std::move(plan);
  return true;
}

std::string format_plan_error(const PlanError& e) {
  return fmt::format("line {}, column {}: {}", e.line, e.column, e.message);
}

}  // namespace ebb
