#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "ebb/core/plan.hpp"

namespace ebb {

std::string_view goal_name(Goal g) {
  switch (g) {
    case Goal::unset: return "";
    case Goal::keep: return "keep";
    case Goal::safer: return "safer";
    case Goal::reduce: return "reduce";
    case Goal::pause: return "pause";
    case Goal::stop: return "stop";
  }
  return "";
}

std::optional<Amount> SubstancePlan::max_per_day_on(date::weekday wd) const {
  if (max_per_day_by_weekday)
    for (const auto& [day, amount] : *max_per_day_by_weekday)
      if (day == wd) return amount;
  return max_per_day;
}

SubstancePlan SubstancePlan::on(LocalDay day) const {
  const PlanStage* in_force = nullptr;
  for (const auto& st : stages)
    if (st.from <= day) in_force = &st;
  return in_force ? in_force->rules : *this;
}

std::optional<SubstancePlan> rules_for(const Plan& plan, std::string_view name,
                                       std::string_view substance_class, LocalDay day) {
  auto r = rules_for(plan, name, substance_class);
  if (!r || r->stages.empty()) return r;
  SubstancePlan staged = r->on(day);
  staged.name = r->name;
  staged.is_class = false;
  return staged;
}

bool Plan::has_rules() const {
  return !substances.empty() || !safety.avoid.empty() || !safety.test_first.empty() ||
         spending.max_per_week.has_value();
}

bool Plan::empty() const {
  return !has_rules() && why.empty() && when_urge.empty() && !review_on &&
         !spending.baseline_per_week && alternatives.empty() && balance.empty();
}

bool Balance::empty() const {
  return good_about_using.empty() && not_so_good_about_using.empty() &&
         good_about_changing.empty() && costs_of_changing.empty();
}

std::vector<BalanceSide> balance_sides(const Balance& b) {
  return {{"good_about_using", "Good things about using as now", &b.good_about_using},
          {"not_so_good_about_using", "Not-so-good things about it", &b.not_so_good_about_using},
          {"good_about_changing", "Good things about changing", &b.good_about_changing},
          {"costs_of_changing", "What changing would cost", &b.costs_of_changing}};
}

namespace {

// Names outside the catalog keep the case they were written in; match them either way.
bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<SubstancePlan> rules_for(const Plan& plan, std::string_view name,
                                       std::string_view substance_class) {
  const SubstancePlan* own = nullptr;
  const SubstancePlan* cls = nullptr;
  for (const auto& p : plan.substances) {
    if (!p.is_class && same_name(p.name, name)) own = &p;
    if (p.is_class && p.name == substance_class) cls = &p;
  }
  if (!own && !cls) return std::nullopt;
  SubstancePlan r = cls ? *cls : *own;
  if (own && cls) {
    // Key by key: the substance's own rule wins, the class fills what it leaves out.
    if (own->goal != Goal::unset) r.goal = own->goal;
    auto take = [](auto& into, const auto& from) {
      if (from) into = from;
    };
    take(r.max_per_occasion, own->max_per_occasion);
    take(r.max_per_day, own->max_per_day);
    take(r.max_per_week, own->max_per_week);
    take(r.max_use_days_per_week, own->max_use_days_per_week);
    take(r.max_per_day_by_weekday, own->max_per_day_by_weekday);
    take(r.max_per_7_days, own->max_per_7_days);
    take(r.max_use_days_per_7_days, own->max_use_days_per_7_days);
    if (!own->stages.empty()) r.stages = own->stages;
    take(r.days_off, own->days_off);
    take(r.not_before, own->not_before);
    take(r.not_after, own->not_after);
    take(r.min_hours_between, own->min_hours_between);
    take(r.routes, own->routes);
    take(r.not_alone, own->not_alone);
  }
  r.name = std::string(name);
  r.is_class = false;
  return r;
}

std::string_view plan_template() {
  return R"(# Your plan, in your own words. When you run `ebb review`, ebb sets what you
# logged beside it: no grades, just what happened.
# Everything here is optional and yours to change whenever you like. Each save is kept
# as a version, so a past day is always read against the plan you had that day.
# Lines starting with # are notes. To use a line, remove the # at its start.
# Every key is described in `man 5 ebb-plan`.

# Your reasons, in your own words. ebb shows them back to you in reviews.
# why = "I want to be present for my kids and sleep well."

# What you'd like to do when an urge comes.
# when_urge = "Text Sam, make tea, wait 20 minutes."

# A day to look at this plan again.
# review_on = 2026-12-31

# One section per substance (a name ebb knows, like alcohol, cannabis or cocaine) or
# per class (like stimulant or opioid: its rules then apply to each substance in it).
# A substance's own rule wins over its class's rule for the same key.
# For a substance ebb doesn't know, name the section like [unlisted.blue-lotus].
#
# [alcohol]
# goal = "reduce"                 # keep, safer, reduce, pause or stop
# max_per_occasion = "3 drinks"   # a number alone means the substance's usual unit
# max_per_day = "4 drinks"
# max_per_week = "10 drinks"
# max_use_days_per_week = 3
# max_per_day_by_weekday = { fri = 5, sat = 5 }   # some days' own daily limit
# max_per_7_days = "12 drinks"    # in any 7 days in a row, whatever the week
# max_use_days_per_7_days = 3
# days_off = ["mon", "tue"]       # days you plan not to use
# not_before = "18:00"            # "22:00" to "02:00" spans midnight
# not_after = "23:30"
# min_hours_between = 2           # hours from one use to the next
# routes = ["oral"]               # the routes you plan to use
# not_alone = true                # you plan to have someone with you

# Safety, by class.
# [safety]
# avoid = [["alcohol", "benzodiazepine"], ["opioid", "stimulant"]]  # not within 12 hours
# test_first = ["stimulant", "opioid"]   # you plan to test these before use

# Money, for all substances together.
# [spending]
# max_per_week = 40
# currency = "EUR"

# What you'd like to try instead, by what use does for you. When an urge wants one of
# these (ebb urge --wanted "sleep"), ebb shows your ideas; ebb meanings sets them beside
# what your uses were for.
# [alternatives]
# sleep = ["podcast", "magnesium tea"]
# unwind = ["a walk", "a bath"]

# Both sides, in your words: mixed feelings are normal. ebb plan history --diff shows how
# they move from one version to the next.
# [balance]
# good_about_using = ["I fall asleep fast"]
# not_so_good_about_using = ["foggy mornings"]
# good_about_changing = ["more energy for the kids"]
# costs_of_changing = ["lying awake for a while"]
)";
}

namespace {

std::string_view short_weekday(date::weekday wd) {
  static constexpr std::array<std::string_view, 7> names = {"sun", "mon", "tue", "wed",
                                                            "thu", "fri", "sat"};
  return names[wd.c_encoding()];
}

std::string clock(std::chrono::minutes m) {
  return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
}

std::string plan_amount_text(const Amount& a) {
  return a.unit.empty() ? fmt::format("{}", a.value) : format_amount(a.value, a.unit);
}

std::string describe_rules(const SubstancePlan& p) {
  std::vector<std::string> parts;
  if (p.goal != Goal::unset) parts.emplace_back(goal_name(p.goal));

  // "up to 3 drinks at a time, 4 a day, 10 a week": the unit is said once when it repeats.
  std::vector<std::string> limits;
  const Amount* said = nullptr;
  auto limit = [&](const std::optional<Amount>& a, std::string_view span) {
    if (!a) return;
    bool same = said && said->unit == a->unit && !a->unit.empty();
    limits.push_back(fmt::format("{} {}", same ? fmt::format("{}", a->value) : plan_amount_text(*a),
                                 span));
    said = &*a;
  };
  limit(p.max_per_occasion, "at a time");
  limit(p.max_per_day, "a day");
  limit(p.max_per_week, "a week");
  limit(p.max_per_7_days, "in any 7 days");
  if (!limits.empty()) parts.push_back(fmt::format("up to {}", fmt::join(limits, ", ")));
  if (p.max_per_day_by_weekday && !p.max_per_day_by_weekday->empty()) {
    std::vector<std::string> days;
    for (const auto& [wd, a] : *p.max_per_day_by_weekday)
      days.push_back(fmt::format("{} {}", short_weekday(wd), plan_amount_text(a)));
    parts.push_back(fmt::format("a day on {}", fmt::join(days, ", ")));
  }
  if (p.max_use_days_per_7_days)
    parts.push_back(fmt::format("up to {} {} in any 7", *p.max_use_days_per_7_days,
                                *p.max_use_days_per_7_days == 1 ? "day" : "days"));

  if (p.max_use_days_per_week)
    parts.push_back(fmt::format("up to {} {} a week", *p.max_use_days_per_week,
                                *p.max_use_days_per_week == 1 ? "day" : "days"));
  if (p.days_off && !p.days_off->empty()) {
    std::vector<std::string_view> names;
    for (auto wd : *p.days_off) names.push_back(short_weekday(wd));
    parts.push_back(fmt::format("days off {}", fmt::join(names, ", ")));
  }
  if (p.not_before && p.not_after)
    parts.push_back(fmt::format("between {} and {}", clock(*p.not_before), clock(*p.not_after)));
  else if (p.not_before)
    parts.push_back(fmt::format("not before {}", clock(*p.not_before)));
  else if (p.not_after)
    parts.push_back(fmt::format("not after {}", clock(*p.not_after)));
  if (p.min_hours_between)
    parts.push_back(fmt::format("at least {} {} between uses", *p.min_hours_between,
                                *p.min_hours_between == 1 ? "hour" : "hours"));
  if (p.routes && !p.routes->empty())
    parts.push_back(fmt::format("{} only", fmt::join(*p.routes, " or ")));
  if (p.not_alone && *p.not_alone) parts.emplace_back("with someone");
  if (parts.empty()) return "no rules yet";
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "\"" : ", \"") + i + "\"";
  return out;
}

std::string describe_plan(const Plan& plan) {
  std::string out;
  if (!plan.why.empty()) out += fmt::format("Your reasons: \"{}\"\n", plan.why);
  if (!plan.when_urge.empty()) out += fmt::format("When an urge comes: \"{}\"\n", plan.when_urge);
  out += describe_plan_rules(plan);
  for (const auto& a : plan.alternatives)
    out += fmt::format("Instead, for \"{}\": {}\n", a.meaning, quoted_list(a.ideas));
  for (const auto& side : balance_sides(plan.balance))
    if (!side.items->empty())
      out += fmt::format("{}: {}\n", side.heading, quoted_list(*side.items));
  if (out.empty()) out = "Your plan is empty so far. Add to it whenever it's useful.\n";
  return out;
}

std::string describe_plan_rules(const Plan& plan) {
  std::string out;
  for (const auto& p : plan.substances) {
    out += fmt::format("{}{}: {}\n", p.name, p.is_class ? " (class)" : "", describe_rules(p));
    for (const auto& st : p.stages)
      out += fmt::format("  from {}: {}\n", format_day(st.from), describe_rules(st.rules));
  }
  if (!plan.safety.avoid.empty()) {
    std::vector<std::string> pairs;
    for (const auto& a : plan.safety.avoid) pairs.push_back(a.first + " and " + a.second);
    out += fmt::format("Keep apart: {}\n", fmt::join(pairs, "; "));
  }
  if (!plan.safety.test_first.empty())
    out += fmt::format("Test first: {}\n", fmt::join(plan.safety.test_first, ", "));
  if (plan.spending.max_per_week)
    out += fmt::format("Spending: up to {}{} a week\n", *plan.spending.max_per_week,
                       plan.spending.currency.empty() ? "" : " " + plan.spending.currency);
  if (plan.spending.baseline_per_week)
    out += fmt::format("Spending before: {}{} a week, your own count\n",
                       *plan.spending.baseline_per_week,
                       plan.spending.currency.empty() ? "" : " " + plan.spending.currency);
  if (plan.review_on) out += fmt::format("Review on {}\n", format_day(*plan.review_on));
  return out;
}

}  // namespace ebb
