#pragma once
/// Money against the person's own baseline: what each week of a period cost, beside what a
/// week cost in the first four tracked weeks (or a baseline the person set in the plan,
/// [spending] baseline_per_week). "Saved" is said only when it is real:
/// - a week counts only when it is whole, tracked from its first day, and over;
/// - a week with uses but no cost logged is unknown: it is neither a baseline week nor a week
///   that saved anything (the person may have paid and not noted it);
/// - a week with entries but no use spent nothing on use: a real 0;
/// - a week with nothing logged at all is unknown;
/// - weeks before tracking began are never counted; the first four tracked weeks are the
///   baseline, so only weeks after them are compared with it.
/// Pure: the caller passes what was logged, the days and "today".

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ebb/core/time.hpp"

namespace ebb {

/// One entry as spending sees it.
struct SpendEntry {
  LocalDay day{};
  bool use = false;
  std::optional<double> cost;  ///< uses only
};

struct SpendingInput {
  std::span<const SpendEntry> entries;  ///< the first weeks of the log and the period, any order
  LocalDay tracked_from{};              ///< the first entry's day
  LocalDay first{}, last{};             ///< the period
  LocalDay today{};
  DaySettings days;                       ///< for the week start
  std::optional<double> set_baseline;     ///< the plan's baseline_per_week
};

struct WeekSpending {
  LocalDay first{};             ///< its first day
  std::optional<double> spent;  ///< null: unknown (see the top of this file)
  bool logged = false;          ///< anything at all was logged in it
  bool whole = false;           ///< over, tracked from its first day, inside the period
};

struct SpendingBaseline {
  std::optional<double> per_week;   ///< null: no baseline yet
  bool set_by_person = false;       ///< from the plan, not the first weeks
  std::optional<LocalDay> from;     ///< the first of the baseline weeks (first weeks only)
  int weeks_known = 0;              ///< baseline weeks with spending known
  std::optional<LocalDay> ready_on; ///< when the first four weeks are over, while they aren't
  std::vector<WeekSpending> weeks;  ///< every week that starts in the period
  int weeks_compared = 0;           ///< whole, known weeks after the baseline weeks
  double spent_compared = 0;        ///< what those weeks cost
  /// baseline x weeks_compared - spent_compared, only when above 0; null otherwise.
  std::optional<double> saved;
};

SpendingBaseline compute_spending_baseline(const SpendingInput& in);

/// The same computation fed an entry at a time (any order), so the entries need not all be
/// held: it keeps a few numbers per week. compute_spending_baseline feeds its list through it.
class SpendingWeeks {
 public:
  /// `in` without its entries: the days, the period and the baseline the person set.
  explicit SpendingWeeks(const SpendingInput& in);
  void add(const SpendEntry& e);
  SpendingBaseline finish() const;

 private:
  struct WeekLog {
    bool any = false, use = false, cost = false;
    double spent = 0;
  };
  SpendingInput in_;
  std::map<LocalDay, WeekLog> weeks_;
};

/// An amount of money as the review writes it: "12", "12.50", with the currency after it
/// when one is set ("12.50 EUR").
std::string money_text(double v, const std::string& currency);

}  // namespace ebb
