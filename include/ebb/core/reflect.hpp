#pragma once
/// What use does for the person, looked at with their own log: mood before and after a use,
/// the measures by set and setting (who with, where, alone, tested, what for, when it
/// started), and the measures under each version of their plan side by side. Pure: entries,
/// figures and zone are passed in.
///
/// Every amount, use day and heavy day here is read off the trends' per-day figures
/// (`SubstanceFigures::daily_amounts`, `is_heavy_day`) and every "within plan" off the
/// review's days, so these figures always agree with trends, review and report.

#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

class JsonWriter;

// ---- After a use ----------------------------------------------------------------------------

/// How close a mood entry must be to a use to count as "before" or "after" it.
inline constexpr std::chrono::hours kMoodLinkWindow{3};
/// The fewest pairs (or days) a mean rests on; fewer give a count, never a figure.
inline constexpr int kMinPairs = 5;

/// A mean over a number of values; `mean` is null when there are fewer than kMinPairs.
struct SmallMean {
  int n = 0;
  std::optional<double> mean;
};

struct AfterUse {
  int uses = 0;           ///< uses in the period (of the substance asked about)
  int with_before = 0;    ///< ... with a mood before: --mood-before, or a mood up to 3 h before
  int with_after = 0;     ///< ... with a mood after: --felt, or a mood up to 3 h after
  int pairs = 0;          ///< uses with both
  std::optional<double> before;  ///< mean over the pairs; null under kMinPairs
  std::optional<double> after;
  int higher = 0, same = 0, lower = 0;  ///< pairs whose mood after was higher, the same, lower
  SmallMean day_after_use;  ///< moods on days after a use day
  SmallMean day_after_off;  ///< moods on days after a day off
};

/// Mood before and after the uses of the period, and the mood of the day after. A mood entry
/// is "after" for the last use before it and "before" for the first use after it, within
/// kMoodLinkWindow (so one mood after three drinks of an evening counts once, for the last). `daily_state` is the trends' state of
/// each day of `current` (PeriodFigures::daily_state), for "a use day" and "a day off".
/// `substance` filters the uses as trends does.
AfterUse after_use(std::span<const Entry> entries, const PeriodFigures& current,
                   const Zone* zone, const DaySettings& days,
                   const std::optional<std::string>& substance);
/// The same from the rows a long period is read into (TrendEntry).
AfterUse after_use(std::span<const TrendEntry> rows, const PeriodFigures& current,
                   const Zone* zone, const DaySettings& days,
                   const std::optional<std::string>& substance);

/// after_use an entry at a time, for entries streamed from the store in time order (by time,
/// then id): it holds the uses still waiting for the mood after them (a moment's worth) and a
/// mood sum per day of the period, never the entries. `first`..`last` are the days of
/// `current` (the period cut at today); after_use feeds its entries through it.
class AfterUseCollector {
 public:
  AfterUseCollector(LocalDay first, LocalDay last, const Zone* zone, const DaySettings& days,
                    std::optional<std::string> substance);
  void add(const Entry& e);
  void add(const TrendEntry& e);
  AfterUse finish(const PeriodFigures& current) &&;

 private:
  struct Use {
    Instant at;
    Instant prev_use;  // the matching use before it
    int before = 0, after = 0;
    bool has_before = false, has_after = false;
    bool before_done = false, after_done = false;
    bool in_period = false;
    std::optional<std::pair<Instant, int>> mood_after;  // found, until a use at its moment
  };
  template <class E>
  void take(const E& e);
  void settle_before(Use& u) const;
  void close();  // counts the uses at the front whose moods are known

  LocalDay first_;
  int days_ = 0;
  const Zone* zone_;
  DaySettings day_settings_;
  std::optional<std::string> substance_;
  AfterUse a_;
  double before_sum_ = 0, after_sum_ = 0;
  std::vector<Use> open_;  // oldest first
  std::optional<std::pair<Instant, int>> last_mood_;  // the latest scored mood so far
  Instant last_use_ = Instant::min();
  std::vector<int> mood_sum_, mood_n_;  // per day of the period: scored moods
};

/// Lines for the trends: "Mood before a use 4.2, after 6.1 (8 uses with both) ...". Nothing
/// when no use has a mood around it.
std::vector<std::string> after_use_lines(const AfterUse& a);
void write_after_use_json(JsonWriter& w, const AfterUse& a);

// ---- Set and setting ------------------------------------------------------------------------

enum class SettingKey { with, where, alone, tested, reason, hour };
std::string_view setting_key_name(SettingKey k);  ///< "with", "where", ...
bool parse_setting_key(std::string_view text, SettingKey* out);

struct SettingValue {
  std::string value;          ///< as the person wrote it first ("Sam"), or "alone", "not said"
  int use_days = 0;           ///< days with a use that had this value
  int days_with_amount = 0;
  std::optional<double> amount_per_use_day;  ///< the whole day's amount, over days_with_amount
  std::optional<int> heavy_days;             ///< null when the substance has no threshold
  int plan_days = 0;          ///< of the use days, those compared with a plan
  int within_plan = 0;
};

struct SettingSubstance {
  std::string substance;
  std::string unit;
  std::optional<double> heavy_threshold;  ///< the trends' heavy-day threshold, when there is one
  std::vector<SettingValue> values;  ///< most use days first
  int shared_days = 0;               ///< use days that had more than one value
};

struct SettingResult {
  SettingKey key = SettingKey::with;
  std::vector<SettingSubstance> substances;
};

/// The value(s) of one use for `key`: who with (a list split at commas, or "alone"), where,
/// "alone" / "with others", "tested" / "not tested", the reason, the time band the use
/// started in; "not said" when the use doesn't say.
std::vector<std::string> setting_values(const Entry& use, SettingKey key, const Zone* zone,
                                        const DaySettings& days);

/// by_setting an entry at a time, for entries streamed from the store: give it the entries
/// (any order within a time; oldest first); it keeps, for each substance and day, only the
/// values seen.
class SettingCollector {
 public:
  SettingCollector(SettingKey key, const Zone* zone, const DaySettings& days,
                   std::optional<std::string> substance);
  void add(const Entry& e);
  SettingResult finish(const PeriodFigures& current, std::span<const ReviewDay> review_days) const;

 private:
  struct Day {
    std::vector<Interned> values;  // each once, by their text: values repeat from day to day
    std::optional<Instant> first;  // for `hour`: the first use's time
  };
  SettingKey key_;
  const Zone* zone_;
  DaySettings days_;
  std::optional<std::string> substance_;
  std::map<std::string, std::map<LocalDay, Day>> by_substance_;
};

/// For each substance of `current` and each value of `key` among its uses: the use days with
/// that value and, for those days, the amount per use day, heavy days and days within plan. A
/// day counts whole under each value its uses had (a day with Sam and then alone counts under
/// both; `shared_days` says how many). For `hour`, a day counts under the band its first use
/// started in. `review_days` gives "within plan" (ReviewResult::days; may be empty).
SettingResult by_setting(SettingKey key, const PeriodFigures& current,
                         std::span<const Entry> entries, const Zone* zone,
                         const DaySettings& days, std::span<const ReviewDay> review_days,
                         const std::optional<std::string>& substance);

std::string render_setting(const SettingResult& r, bool color);
void write_setting_json(JsonWriter& w, const SettingResult& r);

// ---- Plan experiments -----------------------------------------------------------------------

/// The days one plan version was in force, within a period, with the trends' measures over
/// exactly those days and how many of them were within that plan.
struct PlanStretch {
  int64_t version = 0;
  std::string rules;        ///< describe_plan_rules() of the version, "" when it has none
  LocalDay first{}, last{};
  PeriodFigures figures;    ///< compute_trends(...).current over [first, last]
  int plan_days = 0;        ///< counted days compared with the plan
  int within_plan = 0;
};

/// Runs of days with the same plan version (ReviewDay::plan_version) in the review's order.
/// Days before the first version are left out.
struct DayRun {
  int64_t version = 0;
  LocalDay first{}, last{};
};
std::vector<DayRun> plan_runs(std::span<const ReviewDay> days);

/// For each run of the review: the trends computed over just those days (`base` gives entries,
/// zone and settings; its period is replaced: move it in when it is not needed after), beside
/// the review's within-plan count.
std::vector<PlanStretch> plan_stretches(const ReviewResult& review,
                                        std::span<const PlanVersion> versions,
                                        TrendsInput base);

/// plan_stretches an entry at a time, for entries streamed from the store in time order: the
/// trends of each stretch are accumulated (TrendsAccumulator) as the entries come. `base` is
/// the settings without entries (its period and words are not read); it, `review` and
/// `versions` must outlive this.
class PlanStretchesCollector {
 public:
  PlanStretchesCollector(const ReviewResult& review, std::span<const PlanVersion> versions,
                         const TrendsInput& base);
  void add(const TrendEntry& e);
  std::vector<PlanStretch> finish() &&;

 private:
  const ReviewResult& review_;
  std::span<const PlanVersion> versions_;
  std::vector<DayRun> runs_;
  std::vector<std::unique_ptr<TrendsInput>> settings_;  // one per run, each with its period
  std::vector<TrendsAccumulator> trends_;
};

/// The days version `id` was in force, up to `today`: from the day it was saved to the day
/// before the next version took over. nullopt when there is no such version or a later one
/// replaced it the same day.
std::optional<Period> plan_version_period(std::span<const PlanVersion> versions, int64_t id,
                                          const Zone* zone, const DaySettings& days,
                                          LocalDay today);

/// Side by side: a table per substance (version, days, days off, per use day, heavy days,
/// within plan), then one line per change from one version to the next: "v2 (days off Mon,
/// Tue): alcohol 3.1 -> 2.2 drinks per use day".
std::string render_plan_stretches(std::span<const PlanStretch> s, bool color);
void write_plan_stretches_json(JsonWriter& w, std::span<const PlanStretch> s);

}  // namespace ebb
