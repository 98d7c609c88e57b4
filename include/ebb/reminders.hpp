#pragma once
/// Gentle reminders and safety notes (see ebb(1), CHECK). Pure: the caller loads the entries,
/// the plan versions and the settings; "now" and the zone are passed in.
///
/// Rules, in brief:
/// - safety: two uses of different substances whose classes or interaction groups are in the
///   interaction table, within `combination_window_hours` of each other. One fact, one step.
/// - medications: a use of a substance that is risky with one of the standing medications in
///   the config ([medications]), as if the medication were always taken; one note per pair.
///   Two medications are never compared with each other (their prescriber's business).
/// - tolerance: a use of an opioid, benzodiazepine, GHB or alcohol (by interaction group) that
///   follows `tolerance_break_days` or more without that group. Only when there is an earlier
///   use of the group at all: a group's first entry in the log is not a break, since ebb
///   knows nothing from before the person started logging.
/// - redose: a second use of the same substance sooner than the end of its onset window
///   (catalog `onset_max`) after the one before.
/// - plan: what the review finds for today (limits, day off, hours, not alone, test first,
///   avoided pairs, goal), a daily or weekly limit at 75% or more but not past it, and a
///   planned day off today with no use yet.
/// - encouragement: yesterday's planned day off kept; an urge ridden out in the last 24 hours;
///   in the first two days of a week, last week inside the plan on every day, or on more days
///   than the week before; an entry in the last 24 hours after `quiet_days` without one.
/// - quiet: nothing logged for `quiet_days` days (only when the log holds anything).
/// Safety, tolerance and redose notes in `check` cover uses in the last
/// `combination_window_hours`; after a new entry (`just_logged`) only what concerns it.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ebb/amount.hpp"
#include "ebb/config.hpp"
#include "ebb/entry.hpp"
#include "ebb/plan.hpp"
#include "ebb/time.hpp"

namespace ebb {

struct Reminder {
  std::string id;        ///< stable for the same situation: "combination:<id>,<id>", ...
  std::string kind;      ///< "safety", "tolerance", "redose", "plan", "encouragement", "quiet"
  std::string severity;  ///< "dangerous", "unsafe", "caution", "info", "good"
  std::string text;      ///< in ebb's voice; names no substance when discreet
  std::string substance;  ///< the substance (or class) concerned; empty when none or discreet
  std::vector<std::string> entry_ids;  ///< the entries concerned, oldest first
  /// Help lines from the config, set only on dangerous safety notes.
  std::vector<std::pair<std::string, std::string>> help_lines;
};

struct ReminderInput {
  std::span<const Entry> entries;  ///< any order; at least the last max(21, quiet_days+1) days
  /// Latest use of each substance before the first of `entries`, for breaks longer than the
  /// window (substance name -> when).
  std::map<std::string, Instant> earlier_uses;
  /// When the latest entry in the whole log happened; nullopt when the log is empty.
  std::optional<Instant> last_entry_at;
  /// When the first entry in the whole log happened; nullopt: the earliest of `entries`.
  std::optional<Instant> first_entry_at;
  std::span<const PlanVersion> versions;
  ReminderSettings settings;
  DaySettings days;
  DrinkSettings drinks;
  std::map<std::string, std::string> help_lines;
  /// Standing medications (canonical names), present at every moment.
  std::vector<Medication> medications;
  Instant now{};
  const Zone* zone = nullptr;
  bool discreet = false;
  /// Set right after `ebb use` / `ebb urge`: only reminders about this entry, which must
  /// also be among `entries`.
  std::optional<std::string> just_logged;
};

/// Every reminder that applies, most important first (dangerous, unsafe, caution, info, good;
/// then in the order the rules run). Never repeats an id.
std::vector<Reminder> compute_reminders(const ReminderInput& in);

/// The severity order: dangerous 0 ... good 4.
int severity_rank(std::string_view severity);

/// `{"id":..,"kind":..,"severity":..,"text":..,"substance":..,"entry_ids":[..],
/// "help_lines":[{"name":..,"number":..}]}`, written into an open array or as a value.
class JsonWriter;
void write_reminder_json(JsonWriter& w, const Reminder& r);

/// Every fixed sentence the reminders use, for the tests that check the wording.
std::vector<std::string> reminder_phrases();

}  // namespace ebb
