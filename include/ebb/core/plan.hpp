#pragma once
/// The ideal use plan: a TOML document the person writes in their own words (see ebb-plan(5)).
/// This is the pure side: the types, parsing with line-and-column errors, the first-run
/// template and a short summary. The store keeps each saved text as a new version.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ebb/core/amount.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

/// What the person wants with a substance. `unset` when the plan does not say.
enum class Goal { unset, keep, safer, reduce, pause, stop };

std::string_view goal_name(Goal g);  ///< "", "keep", "safer", "reduce", "pause", "stop"

struct PlanStage;

/// Rules for one substance or one class. Every rule is optional: a missing key means "no rule".
/// A limit amount with an empty unit means the substance's usual unit (catalog).
struct SubstancePlan {
  std::string name;       ///< canonical substance name, or class name when is_class
  bool is_class = false;  ///< a class section applies to every substance of that class
  Goal goal = Goal::unset;
  std::optional<Amount> max_per_occasion;
  std::optional<Amount> max_per_day;
  std::optional<Amount> max_per_week;
  std::optional<int> max_use_days_per_week;                 ///< 0-7
  /// Daily limits for some weekdays, in place of max_per_day on those days.
  std::optional<std::vector<std::pair<date::weekday, Amount>>> max_per_day_by_weekday;
  std::optional<Amount> max_per_7_days;          ///< over the 7 days ending on each day
  std::optional<int> max_use_days_per_7_days;    ///< 0-7, over the 7 days ending on each day
  std::optional<std::vector<date::weekday>> days_off;        ///< in the person's days
  std::optional<std::chrono::minutes> not_before;            ///< clock time, minutes after 00:00
  std::optional<std::chrono::minutes> not_after;
  std::optional<double> min_hours_between;
  std::optional<std::vector<std::string>> routes;            ///< allowed routes, lower case
  std::optional<bool> not_alone;

  /// Dated stages, earliest first: from each one's day on, its rules are in force (the
  /// section's rules with the stage's own keys over them).
  std::vector<PlanStage> stages;

  /// The daily limit on a weekday: its own from max_per_day_by_weekday, else max_per_day.
  std::optional<Amount> max_per_day_on(date::weekday wd) const;
  /// The rules in force on a day: the latest stage begun by then, else these.
  SubstancePlan on(LocalDay day) const;
};

/// A step of the person's own game plan: "from 2027-01-01, max_per_day = 3".
struct PlanStage {
  LocalDay from{};
  SubstancePlan rules;  ///< complete: the section's rules with the stage's keys over them
};

/// A pair of classes (or substances) the person wants to keep apart.
struct AvoidPair {
  std::string first;
  std::string second;
};

struct SafetyPlan {
  std::vector<AvoidPair> avoid;
  std::vector<std::string> test_first;  ///< classes or substances to test before use
};

struct SpendingPlan {
  std::optional<double> max_per_week;
  /// What the person spent a week before, by their own count: what "saved" is measured
  /// against instead of the first four tracked weeks.
  std::optional<double> baseline_per_week;
  std::string currency;  ///< as written; may be empty
};

/// What the person would like to try instead, for one thing use does for them
/// (`[alternatives]`: `sleep = ["podcast", "magnesium tea"]`).
struct Alternatives {
  std::string meaning;             ///< the key, as written ("sleep", "to unwind")
  std::vector<std::string> ideas;  ///< as written, in order
};

/// The decisional balance of motivational interviewing, in the person's words (`[balance]`).
/// Each list may be empty.
struct Balance {
  std::vector<std::string> good_about_using;         ///< good things about using as now
  std::vector<std::string> not_so_good_about_using;  ///< not-so-good things about it
  std::vector<std::string> good_about_changing;      ///< good things about changing
  std::vector<std::string> costs_of_changing;        ///< what changing would cost
  bool empty() const;
};

/// The four sides of the balance: key, a heading in ebb's words, the list.
struct BalanceSide {
  std::string_view key;      ///< "good_about_using", ...
  std::string_view heading;  ///< "Good things about using as now", ...
  const std::vector<std::string>* items;
};
std::vector<BalanceSide> balance_sides(const Balance& b);

struct Plan {
  std::string why;        ///< the person's reasons, their words
  std::string when_urge;  ///< their plan for when an urge comes
  std::optional<LocalDay> review_on;
  std::vector<SubstancePlan> substances;  ///< in document order
  SafetyPlan safety;
  SpendingPlan spending;
  std::vector<Alternatives> alternatives;  ///< in document order
  Balance balance;

  /// True when the plan holds no rule at all (words and review date do not count as rules).
  bool has_rules() const;
  /// True when nothing is written in it at all: a cleared plan, no plan from then on.
  bool empty() const;
};

/// One saved version of the plan, as the store keeps it.
struct PlanVersion {
  int64_t id = 0;
  Instant saved_at{};
  std::string text;
  Plan plan;
};

/// Where and why a plan could not be read. line and column are 1-based.
struct PlanError {
  int line = 0;
  int column = 0;
  std::string message;  ///< in ebb's voice, without the position
};

/// "line 3, column 7: <message>".
std::string format_plan_error(const PlanError& e);

/// Parses and checks a plan. False with *err on the first problem in document order:
/// TOML syntax, an unknown key, a wrong type, an unknown unit, substance, class or weekday,
/// an impossible limit (negative; per day below per occasion; per week below per day;
/// more than 7 use days), or a time that is not HH:MM.
bool parse_plan(std::string_view text, Plan* out, PlanError* err);

/// The commented template shown the first time someone edits their plan. Every rule is
/// commented out, so the untouched template parses to a plan without rules.
std::string_view plan_template();

/// A few lines summarising the plan for `ebb plan`, one per substance or class, then the
/// safety rules and spending.
std::string describe_plan(const Plan& plan);

/// `"podcast", "magnesium tea"`: the person's words, each quoted, joined for one line.
std::string quoted_list(const std::vector<std::string>& items);

/// The rules of the plan alone, as in describe_plan() without the person's words; "" when
/// there are none.
std::string describe_plan_rules(const Plan& plan);

/// The rules that apply to one substance: its own section, with keys it leaves out taken from
/// the section for its class. nullopt when neither exists. `name` is the substance's
/// canonical name (or as written when unknown); `substance_class` its catalog class.
std::optional<SubstancePlan> rules_for(const Plan& plan, std::string_view name,
                                       std::string_view substance_class);
/// The same, as in force on `day` (its stage, when the section has stages).
std::optional<SubstancePlan> rules_for(const Plan& plan, std::string_view name,
                                       std::string_view substance_class, LocalDay day);

}  // namespace ebb

namespace ebb {

/// What moved in one part of the plan from one version to the next: the person's words added
/// and dropped (compared without case or surrounding space), or rule lines as describe_plan
/// words them.
struct PlanChange {
  std::string part;     ///< "good_about_using", ..., "alternatives", "why", "when_urge", "rules"
  std::string heading;  ///< in ebb's words: "Good things about changing", "Your reasons", ...
  std::vector<std::string> added;
  std::vector<std::string> dropped;
};

/// The changes from `before` to `after`, the balance first (the four sides in order), then
/// alternatives (one line per idea, "sleep: podcast"), the reasons, the plan for urges and
/// the rules. Parts that did not change are left out.
std::vector<PlanChange> diff_plans(const Plan& before, const Plan& after);

/// The good thing about changing to quote on `day`: the list's items take turns, one a day;
/// "" when the list is empty.
std::string balance_quote(const std::vector<std::string>& good_about_changing, LocalDay day);

/// The lines `ebb plan history --diff` prints for one change list, each indented by two.
std::vector<std::string> plan_change_lines(const std::vector<PlanChange>& changes);

}  // namespace ebb
