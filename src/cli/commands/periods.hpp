#pragma once
/// Plans and periods for the reports: the saved plan versions, the period a command covers,
/// the entries around it, and what review and trends are given to compute.

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
/// oldest first, streamed from the store so whole entries are never all held at once.
std::vector<TrendEntry> trend_entries_around(Env& env, const Period& p, int days_before);

/// What `trends` and `report` read of a period (read_trends): each entry read once.
struct TrendsRead {
  /// For compute_trends: the rows of the period and the one before, the person's words.
  TrendsInput in;
  /// The rows from the week before the period to its end (a mood before the first use, the
  /// review behind --by): a part of `in.entries`, or of `week_rows` for periods under a week.
  std::span<const TrendEntry> around;
  std::vector<TrendEntry> week_rows;
  /// The values of the setting asked for, by substance and day (by_setting).
  std::optional<SettingCollector> setting;
  TextArena ids;  ///< of the rows of `around`, when asked for
};

/// Reads the rows of the period and the period before (light rows, then whole entries from
/// the week before the period on) once, collecting the person's words of the period and the
/// values of `setting` as they stream by; whole entries are never all held at once. With
/// `ids`, the rows of `around` keep their ids, for a review of them.
TrendsRead read_trends(Env& env, const Period& p, const std::optional<std::string>& substance,
                       std::optional<SettingKey> setting, bool ids = false);

/// What `compute_trends` needs, with the person's settings.
TrendsInput trends_input(Env& env, const Period& p, std::vector<TrendEntry> entries);

/// The review of a period with what review and report show beside it: the positive changes
/// from the period before (the trends' computation), the safety notes about its uses, and the
/// currency in use.
ReviewResult review_for(Env& env, const Period& p, std::span<const PlanVersion> versions);

/// The currency beside money: the latest plan's `[spending] currency`, else the config's.
std::string currency_in_use(const Env& env, std::span<const PlanVersion> versions);

}  // namespace ebb
