#pragma once
/// Plans and periods for the reports: the saved plan versions, the period a command covers,
/// the entries around it, and what review and trends are given to compute.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ebb/cli/env.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/reflect.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/core/when.hpp"
#include "ebb/util/interned.hpp"

namespace ebb {

/// Every saved plan version, parsed, oldest first. A version that no longer parses (say the
/// catalog changed) is skipped with a note on stderr.
std::vector<PlanVersion> load_plans(Env& env);

/// The plan's spending baseline, or the first weeks of the log for one (spending.hpp).
void add_spending_baseline(Env& env, std::span<const PlanVersion> versions, TrendsInput* in);

/// The period a report covers: PERIOD ("week" when empty), or --since / --until when given.
Period resolve_period(Env& env, const std::string& period, const std::string& since,
                      const std::string& until);

/// When the first entry of the whole log happened (coverage.hpp); nullopt for an empty log.
std::optional<Instant> first_entry_at(Env& env);

/// Entries from `days_before` days before the period to its end, oldest first; with `light`,
/// only what reminders and the review read (EntryQuery::light).
std::vector<Entry> entries_around(Env& env, const Period& p, int days_before,
                                  bool light = false);

/// What `review_period` needs, with the person's settings. The spans must outlive it.
ReviewInput review_input(Env& env, const Period& p, std::span<const PlanVersion> versions,
                         std::span<const Entry> entries);

/// What trends read of the entries from `days_before` days before the period to its end,
/// oldest first, handed to `take` a row at a time as they stream from the store.
void each_trend_entry(Env& env, const Period& p, int days_before,
                      const std::function<void(const TrendEntry&)>& take);

/// What `trends` and `report` ask of a period besides its trends (read_trends).
struct TrendsAsk {
  /// The values of this setting, by substance and day (SettingCollector).
  std::optional<SettingKey> setting;
  /// Review the rows from the week before the period to its end with this input (its
  /// entries left out): the review behind set and setting.
  std::optional<ReviewInput> review;
  /// The trends under each plan version in force, by this review's days (plan_stretches).
  const ReviewResult* plan_of = nullptr;
  std::span<const PlanVersion> versions;
};

/// What `trends` and `report` read of a period (read_trends): each entry read once.
struct TrendsRead {
  TrendsResult trends;
  AfterUse after;  ///< the mood around a use, over the trends' days
  /// The values of the setting asked for, by substance and day (by_setting), to finish.
  std::optional<SettingCollector> setting;
  std::optional<ReviewResult> review;  ///< when asked
  std::vector<PlanStretch> plan;  ///< when asked
};

/// Streams the period and the period before through the trends (TrendsAccumulator), the mood
/// around a use and, as asked, set and setting and the trends under each plan version: light
/// rows before the week before the period, whole entries from there on (the person's words,
/// set and setting), and the review asked for. Neither the entries nor the rows are held.
/// `settings` are the trends' (trends_input and the rest), without entries.
TrendsRead read_trends(Env& env, const TrendsInput& settings, const TrendsAsk& ask);

/// What `compute_trends` needs, with the person's settings.
TrendsInput trends_input(Env& env, const Period& p, std::vector<TrendEntry> entries);

/// The review of a period with what review and report show beside it: the positive changes
/// from the period before (the trends' computation), the safety notes about its uses, and the
/// currency in use.
ReviewResult review_for(Env& env, const Period& p, std::span<const PlanVersion> versions);

/// The currency beside money: the latest plan's `[spending] currency`, else the config's.
std::string currency_in_use(const Env& env, std::span<const PlanVersion> versions);

}  // namespace ebb
