#pragma once
/// Timeline Followback measures (Sobell & Sobell; see shared/SAFETY.md) over a period of the
/// person's days, beside the previous period of the same length, with gentle lines naming the
/// changes that went in a positive direction. Pure: entries, zone and "now" are passed in.
///
/// Days: an entry belongs to `logical_day(entry.at, zone, days)` with the zone passed in (the
/// person's zone now), so DST changes and `day_start` decide the day. Which days count is
/// coverage.hpp's rule: days before the first entry are not tracked, a tracked day with
/// nothing logged counts as a day off (Timeline Followback), today counts once it holds a use
/// or an `ebb none`. Rates (percent days abstinent, heavy days) are of the counted days, and
/// null when none are counted. Days after today are left out: the period is cut at today.
///
/// Amounts are summed per substance in one unit (`SubstanceFigures::unit`): "drink" for the
/// alcohol class (ml/cl/l/pint/oz need an ABV), else the catalog's usual unit, else the unit the
/// person logged most often for it. An amount without a unit is read as that unit. An amount
/// whose unit does not convert is kept apart in `other_amounts`, under its own unit, and does
/// not count towards the measures; an entry without an amount still makes a use day.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/amount.hpp"
#include "ebb/core/breaks.hpp"
#include "ebb/util/chart.hpp"
#include "ebb/util/interned.hpp"
#include "ebb/core/coverage.hpp"
#include "ebb/core/spending.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/when.hpp"
#include "ebb/core/words.hpp"

namespace ebb {

class JsonWriter;

/// Rows of the per-bucket table (`--by`).
enum class Bucket { day, week, month };

std::string_view bucket_name(Bucket b);  ///< "day", "week", "month"
bool parse_bucket(std::string_view text, Bucket* out);

/// US standard drinks per day from which a day counts in `heavy_days` when the config sets
/// nothing for alcohol: 4, the lower of NIAAA's two figures (4 women / 5 men), since ebb does
/// not ask; in another country's standard drinks the same 56 g (7 UK units). Set
/// `heavy_day.alcohol = 5` in the config for the other one.
inline constexpr double kDefaultAlcoholHeavyDay = 4.0;

/// What trends reads of an entry. A year's trends hold two years of entries at once (the
/// period and the one before), ten years at 1M entries a million, so they keep these fields
/// only, each text kept once for the run (Interned) and each number in its own room: 96 bytes,
/// about an eighth of an Entry.
struct TrendEntry {
  TrendEntry() = default;
  TrendEntry(const Entry& e);  // NOLINT(google-explicit-constructor): any entry will do
  // In an order that leaves no holes: 96 bytes.
  Instant at{};
  Interned substance, substance_class, beverage, unit, trigger, feeling;
  Interned route;  ///< read by the review
  Kind kind = Kind::use;
  Outcome outcome = Outcome::none;
  std::optional<int8_t> intensity, score;  ///< 0-10 and 1-10
  // What the review reads besides, so one row serves the review, its safety notes and the
  // trends of a long period (see ReviewInput::rows).
  std::optional<bool> alone, tested;
  std::optional<int8_t> mood_before, felt;  ///< 1-10, for the mood around a use
  bool explained = false;  ///< a reason or a note says what was going on
  MaybeNumber amount, abv, cost;
  /// The entry's id, only where the reader keeps the texts (the converting constructor
  /// leaves it empty: it would outlive the entry).
  std::string_view id;
};

struct TrendsInput {
  std::vector<TrendEntry> entries;  ///< covering the period and the one before; others ignored
  Period period;
  const Zone* zone = nullptr;  ///< required
  DaySettings days;
  DrinkSettings drinks;
  /// Substance name or class -> amount per day (in that substance's unit) from which a day
  /// counts as heavy. The name wins over the class. No entry, no heavy-day measure (except
  /// alcohol counted in drinks, see kDefaultAlcoholHeavyDay).
  std::map<std::string, double> heavy_day;
  /// Only uses and urges of this substance (canonical name, alias or class); moods stay.
  std::optional<std::string> substance;
  Bucket by = Bucket::week;
  Instant now{};
  std::string currency;  ///< shown beside spending; may be empty
  /// Whole entries of the period, for "In your words" (reasons, notes...); may be empty.
  std::span<const Entry> word_entries;
  /// Instead of `word_entries`: the words, collected as the entries streamed from the store
  /// (WordsCollector over the period's days up to today, with the substance filter).
  std::optional<Words> words;
  /// When the first entry of the whole log happened; nullopt: the earliest of `entries`.
  std::optional<Instant> first_entry_at;
  /// The latest use of each substance before the period, for a break that began before it.
  std::map<std::string, Instant> uses_before;
  /// The spending baseline the person set (plan [spending] baseline_per_week); nullopt: the
  /// first four tracked weeks.
  std::optional<double> spending_baseline;
  /// Uses with a cost and every entry's time from the first weeks of the log, for the
  /// baseline of the first four tracked weeks; may be empty (then `entries` are used).
  std::vector<TrendEntry> first_weeks;
};

struct AmountTotal {
  std::string unit;
  double total = 0;
};

struct SubstanceFigures {
  std::string substance;        ///< entry.substance ("unnamed" when empty)
  std::string substance_class;
  std::string unit;             ///< unit of the amounts below; "" for plain counts
  int uses = 0;                 ///< use entries
  int use_days = 0;
  int days_off = 0;             ///< counted days without a use of it (coverage.hpp)
  int counted_days = 0;         ///< use_days + days_off
  std::optional<double> percent_days_abstinent;  ///< of counted days; null when none
  int days_with_amount = 0;     ///< use days with an amount in `unit`
  std::optional<double> amount_per_use_day;      ///< mean over days_with_amount
  std::optional<double> max_in_a_day;
  double total = 0;
  std::optional<double> heavy_day_threshold;
  std::optional<int> heavy_days;                 ///< days with at least the threshold
  std::optional<double> percent_heavy_days;      ///< of the counted days
  std::optional<double> spending;                ///< null when no cost was logged
  std::vector<AmountTotal> other_amounts;        ///< amounts that do not convert to `unit`
  std::vector<double> daily_amounts;             ///< per day of the period, in `unit`
  std::vector<bool> daily_use;                   ///< per day: any use
  std::vector<bool> daily_has_amount;            ///< per day: an amount in `unit` was logged
  /// Days since the last use and the longest break reaching into the period (breaks.hpp);
  /// in `current` only. Days since the last use only when the period runs to today.
  Breaks breaks;
};

/// True when day `i` of the figures' period is a heavy day: an amount at or above the
/// threshold. The one rule behind heavy_days here and in the set-and-setting figures.
bool is_heavy_day(const SubstanceFigures& f, size_t i);

struct UrgeFigures {
  int count = 0;
  std::optional<double> mean_intensity;   ///< over urges with an intensity
  int with_outcome = 0;                   ///< urges whose outcome was logged
  int ridden_out = 0;
  int met_another_way = 0;                ///< `--other`: the person did something else
  int not_acted_on = 0;                   ///< ridden out or met another way
  std::optional<double> percent_ridden_out;  ///< ridden_out of with_outcome
  std::optional<double> percent_not_acted_on;  ///< not_acted_on of with_outcome
  std::vector<CountedText> top_triggers;  ///< up to 3, most common first
  std::vector<CountedText> top_feelings;
};

struct MoodFigures {
  int count = 0;
  std::optional<double> mean;
  std::optional<int> min;
  std::optional<int> max;
  std::optional<double> mean_on_use_days;    ///< mood entries on days with a (matching) use
  std::optional<double> mean_on_other_days;  ///< mood entries on days off
};

struct PeriodFigures {
  LocalDay first{};
  LocalDay last{};
  int days = 0;          ///< days of the period, up to today
  int entries = 0;       ///< entries counted (after the substance filter)
  int use_days = 0;      ///< days with any (matching) use
  int days_off = 0;      ///< counted days without one (coverage.hpp)
  int counted_days = 0;  ///< use_days + days_off: tracked days, today once it holds a use or none
  int logged_days = 0;   ///< days with any entry at all (use, urge, mood, none)
  std::optional<LocalDay> log_starts;  ///< the first entry's day, when inside this period
  std::vector<DayState> daily_state;   ///< per day, for any (matching) use
  std::optional<double> percent_days_abstinent;  ///< of counted days; null when none
  std::optional<double> spending;
  std::vector<SubstanceFigures> substances;  ///< same names, same order in both periods
  UrgeFigures urges;
  MoodFigures moods;
};

struct BucketSubstance {
  int use_days = 0;
  double total = 0;
};

struct BucketRow {
  LocalDay first{};
  LocalDay last{};
  int days = 0;
  std::vector<BucketSubstance> substances;  ///< parallel to PeriodFigures::substances
};

struct TrendsResult {
  std::string label;
  std::optional<std::string> substance;
  std::string currency;
  Bucket by = Bucket::week;
  PeriodFigures current;
  PeriodFigures previous;         ///< the same number of days just before `current`
  std::vector<BucketRow> buckets;  ///< over `current`
  std::vector<std::string> changes;  ///< positive changes only, in words for the person
  Words words;                       ///< the person's words in `current`
  /// Each week's spending beside the person's baseline (spending.hpp); shown when any cost
  /// was logged or the plan sets a baseline.
  SpendingBaseline money;
  bool has_money = false;
};

TrendsResult compute_trends(const TrendsInput& in);

/// compute_trends an entry at a time, for entries streamed from the store: it keeps figures
/// per day of the two periods (and, for a substance none of whose amounts converts to its
/// usual unit yet, those amounts), never the entries. Give it every entry of the period and
/// the one before in time order; compute_trends feeds its list through it, so the two are one
/// computation.
class TrendsAccumulator {
 public:
  /// Where the log starts and where the entries given start, when known beforehand.
  struct Start {
    std::optional<Instant> first_at;     ///< the first entry of the whole log
    std::optional<Instant> loaded_from;  ///< the earliest entry that will be added
  };
  /// `settings` as for compute_trends without its `entries`; they must outlive this. The log
  /// starts at `settings.first_entry_at`, or else at the first entry added.
  explicit TrendsAccumulator(const TrendsInput& settings);
  TrendsAccumulator(const TrendsInput& settings, Start start);
  TrendsAccumulator(TrendsAccumulator&&) noexcept;
  ~TrendsAccumulator();
  void add(const TrendEntry& e);
  TrendsResult finish() &&;

 private:
  struct State;
  void begin_money(Instant first);
  std::unique_ptr<State> s_;
};

/// The changes from `previous` to `current` that went in a positive direction (more days off,
/// less per use day, a lower highest day, fewer heavy days, lower total, less spent, more
/// urges not acted on, less intense urges, higher mood), as sentences for the person. Nothing
/// when the previous period has no entries, and only changes visible at the shown precision.
std::vector<std::string> positive_changes(const TrendsResult& r);
/// The part of a row the changes read (kind, time, substance and class, amount, unit, abv,
/// beverage, cost, an urge's intensity and outcome, a mood's score); the rest is left empty.
/// A reader after the changes alone (review, which shows no other figure of the period before)
/// may read only these (Store::each_row with EntryQuery::for_changes): the changes are the
/// same, as a test checks on a generated history.
TrendEntry changes_fields(const TrendEntry& row);

/// The figures as JSON: snake_case keys, numbers as numbers (rounded to 2 decimals), days as
/// YYYY-MM-DD, null where a figure does not exist.
/// `more` may add keys of its own to the object before it is closed.
std::string trends_json(const TrendsResult& r, bool pretty = true,
                        const std::function<void(JsonWriter&)>& more = {});
/// The same handed to `out` a piece at a time (ten years of figures and notes are megabytes).
void write_trends_json(const TrendsResult& r, bool pretty,
                       const std::function<void(JsonWriter&)>& more,
                       const std::function<void(std::string_view)>& out);

/// The figures as text for a terminal: a table beside the previous period, a daily sparkline
/// per substance (periods up to 62 days), bars per bucket, then the positive changes.
std::string render_trends(const TrendsResult& r, const ChartStyle& style);

// Shared with the calendar.

/// True when a use or urge is about `filter`: its canonical name, an alias of it, or its class.
bool matches_substance(const Entry& e, std::string_view filter);
bool matches_substance(const TrendEntry& e, std::string_view filter);

/// The unit amounts of `substance` are summed in (see the top of this file), judged from the
/// use entries of that substance in `uses`.
std::string substance_unit(std::string_view substance, std::string_view substance_class,
                           std::span<const Entry> uses);
std::string substance_unit(std::string_view substance, std::string_view substance_class,
                           std::span<const TrendEntry* const> uses);

/// The entry's amount in `unit`; nullopt when it has none or it does not convert. Every
/// figure (review, plan reminders, trends, calendar, report) reads amounts through this, so
/// a pint of beer counts the same everywhere (containers by the person's country, drinks
/// at the strength kept on the entry).
/// An amount logged without a unit is read in `usual` when given, else in `unit`.
std::optional<double> amount_in_unit(const Entry& e, std::string_view unit,
                                     const DrinkSettings& drinks, std::string_view usual = {});
std::optional<double> amount_in_unit(const TrendEntry& e, std::string_view unit,
                                     const DrinkSettings& drinks, std::string_view usual = {});
/// The same for an entry whose unit is worked out already as amount_in_unit works it out
/// (`from`: its unit made canonical, or `usual` when it has none): the review and its
/// summary know it per substance and unit, and ask for many amounts.
std::optional<double> amount_from_unit(const Entry& e, std::string_view from,
                                       std::string_view unit, const DrinkSettings& drinks);
std::optional<double> amount_from_unit(const TrendEntry& e, std::string_view from,
                                       std::string_view unit, const DrinkSettings& drinks);

/// "drinks", "UK units", "mg": a unit as a plural word for headings and legends.
std::string unit_plural(std::string_view unit);

/// "1 drink", "3.2 drinks", "150 mg", "2" (no unit): an amount in words.
std::string amount_text(double value, std::string_view unit);

}  // namespace ebb
