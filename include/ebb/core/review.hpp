#pragma once
/// Reviewing logged days against the plan in force on each of them. Pure: the plan versions,
/// entries, period, zone, settings and "now" are all passed in.
///
/// Rules, in brief (ebb-plan(5) has the long form):
/// - Which days count is coverage.hpp's rule: days before the first entry ever are not tracked,
///   a tracked day with nothing logged counts as a day without use (Timeline Followback),
///   today counts once it holds a use or an `ebb none`. Days after today are left out.
/// - The version in force on a day is the latest one saved before that day ends; days before
///   the first version have no plan and are not counted as within (or past) a plan.
/// - A use whose amount can't be put in the unit of an amount limit its plan has (no amount,
///   no strength, a unit that doesn't convert) is listed as uncounted on its day: the day is
///   never silently within plan.
/// - A day belongs to the person's day (`logical_day` in the one zone passed), so with the
///   default 04:00 day start a 01:30 use counts for the evening before.
/// - A class section applies to each substance of the class separately; amounts compare across
///   units through `convert_amount` (ml of wine at 12% against drinks, mg against g).
/// - An occasion is a run of uses of one substance with gaps of at most `occasion_gap`.
/// - Weekly limits: the day the running week total passes the limit gets a finding, and so
///   does each later day of that week with more use.
/// - not_alone: `alone == true` is outside the plan; not saying is not. test_first: any use of
///   a listed class that is not marked tested. Combinations: uses of two different substances
///   matching an avoided pair within `combination_window` of each other.
/// - A goal of pause or stop makes any use of that substance a finding ("goal").
/// - Totals count only days that are counted and have a plan, so review, report and the weekly
///   notes of `check` give the same numbers.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/amount.hpp"
#include "ebb/core/coverage.hpp"
#include "ebb/core/entry_ids.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/core/when.hpp"
#include "ebb/core/words.hpp"

namespace ebb {

struct ReviewInput {
  std::span<const PlanVersion> versions;  ///< any order; sorted by saved_at is usual
  std::span<const Entry> entries;         ///< the period plus at least 7 days before it
  Period period;
  const Zone* zone = nullptr;  ///< the person's current zone, for every entry
  DaySettings days;
  DrinkSettings drinks;
  Instant now{};
  std::chrono::hours combination_window{12};
  std::chrono::minutes occasion_gap{3 * 60};
  /// When the first entry of the whole log happened; nullopt: the earliest of `entries`.
  std::optional<Instant> first_entry_at;
  /// Instead of `entries`, for long periods: the same entries as rows (TrendEntry, with
  /// their ids), by time, and the person's words of the period collected as they were read
  /// (the rows hold no texts of the person's; WordsCollector).
  std::span<const TrendEntry> rows;
  std::optional<Words> words;
  /// Reviews a period longer than this many days a stretch at a time, each from the entries
  /// it reaches back to, when the entries are by time and id: the same review, holding the
  /// indexes of a stretch's uses instead of the period's. 0: the period in one piece.
  int stretch_days = 0;
};

/// One way a day went past its plan.
struct Finding {
  std::string rule;       ///< "max_per_day", "day_off", "avoid_combination", ... (see ebb-plan(5))
  std::string substance;  ///< the substance; "alcohol + diazepam" for a combination; "" for spending
  std::string expected;   ///< what the plan says, e.g. "4 drinks", "18:00", "oral"
  std::string actual;     ///< what happened, e.g. "5 drinks", "16:30", "smoked"
  std::optional<double> expected_value;  ///< the numbers behind the text, where there are any
  std::optional<double> actual_value;
  std::string unit;       ///< unit of the numbers: an amount unit, "days", "hours", "minutes",
                          ///< or the currency
  EntryIds entry_ids;      ///< the entries concerned, oldest first
  bool explained = false;  ///< one of the entries says what was going on (a reason or a note)
};

/// Uses of one substance on a day that its plan's amount limits could not count.
struct Uncounted {
  std::string substance;
  std::string unit;                    ///< the unit of the limit: "drink", "g", ...
  EntryIds entry_ids;                  ///< oldest first
};

struct ReviewDay {
  LocalDay date{};
  DayState state = DayState::untracked;  ///< for any use (coverage.hpp)
  bool logged = false;                  ///< any entry at all that day
  bool noted_off = false;               ///< an `ebb none` for everything that day
  bool has_plan = false;
  std::optional<int64_t> plan_version;  ///< id of the version in force
  bool within_plan = false;             ///< has_plan, counted, and no findings
  int uses = 0;                         ///< use entries that day
  std::vector<Finding> findings;
  std::vector<Uncounted> uncounted;
};

struct UrgeSummary {
  int count = 0;
  std::optional<double> mean_intensity;  ///< over urges with an intensity
  int ridden_out = 0;
  int met_another_way = 0;  ///< `--other`
  int not_acted_on = 0;     ///< ridden out or met another way
};

/// One substance used in the period, or a substance or class the latest plan has rules for.
struct SubstanceSummary {
  std::string name;
  bool is_class = false;        ///< a class section that saw no use of its own
  int uses = 0;
  int use_days = 0;
  std::optional<double> planned_use_days;  ///< max_use_days_per_week scaled to the period
  std::optional<int> planned_use_days_per_week;  ///< max_use_days_per_week as planned
  std::string unit;                        ///< unit of the totals and limits below
  double total = 0;                        ///< amounts that could be put in `unit`
  double max_in_a_day = 0;
  int uncounted_uses = 0;                  ///< uses without an amount that fits `unit`
  /// Each day with a use of it: the day's total in `unit` (what `max_in_a_day` is the
  /// largest of), the uses, and those without an amount that fits `unit`. TLFB reads these.
  struct Day {
    LocalDay date{};
    double amount = 0;
    int uses = 0;
    int uncounted = 0;
  };
  std::vector<Day> days;
  std::optional<double> limit_per_day;     ///< from the latest plan, in `unit`
  std::optional<double> limit_per_week;
  int days_off_planned = 0;                ///< planned days off in the period
  int days_off_kept = 0;                   ///< ... with no use of it
  UrgeSummary urges;
  double spent = 0;
};

struct SpendingSummary {
  double total = 0;
  std::optional<double> max_per_week;  ///< from the latest plan
  std::string currency;
  int weeks_over = 0;                  ///< weeks with a spending finding
};

struct ReviewTotals {
  int days = 0;              ///< counted days with a plan: the days compared with it
  int days_within_plan = 0;
  std::optional<double> percent_days_within_plan;  ///< nullopt when there are no days
  int weeks_meeting_plan = 0;  ///< full weeks in the period with every day within plan
  int weeks_counted = 0;       ///< full weeks (DaySettings::week_start) inside the period
  int period_days = 0;       ///< every day of the period up to today
  int logged_days = 0;       ///< days with any entry at all
  int untracked_days = 0;    ///< days before the log starts
  int days_without_plan = 0; ///< counted days before the first plan version
  int uncounted_uses = 0;    ///< uses an amount limit could not count
  bool today_open = false;   ///< today is in the period and not counted yet
  std::optional<LocalDay> log_starts;  ///< the first entry's day, when inside the period
};

struct ReviewResult {
  Period period;               ///< as reviewed: `last` never after today
  LocalDay today{};
  std::vector<ReviewDay> days;
  std::vector<SubstanceSummary> substances;
  UrgeSummary urges;           ///< every urge in the period
  SpendingSummary spending;
  ReviewTotals totals;
  std::string why;             ///< from the plan in force on the last day
  std::string when_urge;
  Words words;                 ///< the person's own words in the period
  /// Filled by the caller, empty otherwise: the positive changes from the period before
  /// (positive_changes() of the trends over the same period) and the safety notes about the
  /// period's uses (safety_events()).
  std::vector<std::string> changes;
  std::vector<Reminder> safety;
};

/// Reviews each day of the period against the plan version in force that day. A long period
/// whose entries (or rows) are by time and id is fed through a ReviewFeed.
ReviewResult review_period(const ReviewInput& in);

/// The review of a period fed its rows one at a time, so a long period's rows need not all
/// be held. Given the input without entries or rows (its words, when given, are the
/// period's), and then every row review_period would read, in the store's order (by time,
/// then id), finish() returns what review_period returns for them. A period longer than
/// `stretch_days` is reviewed a stretch at a time as the rows arrive, holding only the uses
/// a stretch reads back to, the latest use of each substance before those, and the days
/// reviewed; a row out of that order then throws std::invalid_argument. A shorter period's
/// rows are held and reviewed at the end, in any order.
class ReviewFeed {
 public:
  explicit ReviewFeed(ReviewInput in);
  ReviewFeed(ReviewFeed&&) noexcept;
  ReviewFeed& operator=(ReviewFeed&&) noexcept;
  ~ReviewFeed();
  /// `row` as read; `id` its entry's id (the row's own is not read), kept while needed.
  void add(const TrendEntry& row, std::string_view id);
  ReviewResult finish() &&;

  struct Impl;  ///< review.cpp's

 private:
  std::unique_ptr<Impl> impl_;
};

/// Fills r->substances, urges, spending and totals from r->days and the input. review_period
/// calls it; it is separate only to keep the checks and the summary apart. It feeds a
/// ReviewSummary the entries (or rows) by time.
void summarise_review(const ReviewInput& in, ReviewResult* r);

/// The version of the plan in force on day `d`: the latest saved before the day ends.
const PlanVersion* version_in_force(const ReviewInput& in, LocalDay d, const Zone* zone);

/// The review's summary gathered as the entries go by, so a long period's entries need not
/// all be held: fed the entries (or rows) in time order (any that fall outside the period are
/// skipped), it keeps per substance its totals and a total per day with a use, the urges per
/// substance and class, and the days with an `ebb none`. finish() then fills r->substances,
/// urges, spending and totals from them and r->days (the checks' days, which it reads for
/// days off, weeks over the spending limit and the totals). A substance keeps the class of
/// its first use (as in the checks of a stretch). Pure.
class ReviewSummary {
 public:
  explicit ReviewSummary(const ReviewInput& in);
  void add(const Entry& e);
  void add(const TrendEntry& e);
  void finish(ReviewResult* r) &&;

 private:
  template <class E>
  void take(const E& e);
  struct Urges {
    UrgeSummary s;
    double intensity_sum = 0;
    int rated = 0;
  };
  struct Used {
    std::string name, substance_class;  ///< of its first use
    std::optional<SubstancePlan> rules;  ///< in the latest plan
    std::string usual;
    SubstanceSummary s;  ///< with its days so far, by date
  };
  const ReviewInput& in_;
  const Zone* zone_;
  Period period_;  ///< as reviewed: never after today
  bool any_days_ = false;
  const Plan* latest_ = nullptr;  ///< in force on the period's last day
  std::vector<Used> used_;        ///< in order of first use
  std::map<std::string, size_t, std::less<>> used_index_;
  std::map<std::pair<std::string, std::string>, std::string> unit_of_;  ///< of a use's amount
  std::map<std::string, Urges, std::less<>> urges_of_substance_, urges_of_class_;
  Urges urges_;
  std::multimap<LocalDay, std::string> nones_;
  double spent_ = 0;
};

/// One finding in words: "alcohol: 5 drinks, plan says up to 4 a day".
std::string finding_text(const Finding& f);

/// "alcohol: 1 use couldn't be counted in drinks (...)": the day line for uncounted uses, the
/// same words in review, report and check.
std::string uncounted_text(const Uncounted& u);

/// `--json`: period, days (date, weekday, has_plan, plan_version, within_plan, findings),
/// substances, urges, spending, totals, changes, safety and in_your_words. snake_case keys;
/// dates YYYY-MM-DD.
std::string review_json(const ReviewResult& r, bool pretty = false);
/// The same handed to `out` a piece at a time (a long period's JSON is megabytes).
void write_review_json(const ReviewResult& r, bool pretty,
                       const std::function<void(std::string_view)>& out);

/// What went well, as sentences: days that matched the plan, planned days off kept, urges
/// not acted on. Nothing when nothing did.
std::vector<std::string> review_went_well(const ReviewResult& r);

/// The review as lines of text: what went well and the changes from the period before first,
/// then one line per day, one per substance, the person's own words, and last the one finding
/// most worth a look (a dangerous mix or a use after a break before anything about the plan).
/// `current` is the plan as it is now, for the person's reasons; nullptr to use the words in
/// force on the last day. `utf8` false draws the day marks in ASCII (+ within, o past plan,
/// - no plan yet).
/// `changing` is one good thing about changing from the person's `[balance]`, quoted among
/// their words when given (the caller keeps it to once a day; see balance_quote()).
std::vector<std::string> review_lines(const ReviewResult& r, const Plan* current,
                                      bool utf8 = true, const std::string& changing = {});

}  // namespace ebb
