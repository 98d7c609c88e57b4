#pragma once
/// Gentle reminders and safety notes (see ebb(1), CHECK). Pure: the caller loads the entries,
/// the plan versions and the settings; "now" and the zone are passed in.
///
/// Rules, in brief:
/// - safety, alone: a use logged alone of an opioid or another sedative (benzodiazepine, GHB,
///   barbiturate, gabapentinoid, z-drug), or of anything within the window of one: a step for
///   someone who is on their own right now. Dangerous when an opioid, GHB or barbiturate is
///   involved.
/// - safety, mix: two uses of different substances whose classes or interaction groups are in
///   the interaction table, within `combination_window_hours` of each other. Both are in the
///   log, so the note says "you're mixing".
/// - medications: a use of a substance that is risky with one of the standing medications in
///   the config ([medications]), as if the medication were always taken; one note per pair.
///   Two medications are never compared with each other (their prescriber's business).
/// - safety, untested: a use marked untested of an opioid, stimulant or benzodiazepine: what
///   today's supply can hold, and what test strips can show.
/// - tolerance: a use of an opioid, benzodiazepine, GHB or barbiturate (by interaction group)
///   that follows `tolerance_break_days` or more without that group: dangerous. Alcohol only
///   with `alcohol_notes`, as info. Only when there is an earlier use of the group at all: a
///   group's first entry in the log is not a break. When nothing was logged in between, ebb
///   does not call it a break: it says "since you last logged".
/// - redose: a second use of the same substance sooner than the end of its onset window
///   (catalog `onset_max`) after the one before, while the second may still be kicking in.
///   Alcohol only with `alcohol_notes`.
/// - plan: what the review finds for today (limits, day off, hours, not alone, test first,
///   avoided pairs, goal), a daily or weekly limit at 75% or more but not past it, a planned
///   day off today with no use yet, and the plan's `review_on` day reached. Spending past the
///   plan is kind "spending".
/// - encouragement: yesterday's planned day off kept; an urge ridden out or met another way
///   in the last 24 hours; in the first two days of a week, last week inside the plan on every
///   day, or on more days than the week before; an entry after `quiet_days` without one.
/// - quiet: nothing logged for `quiet_days` days (only when the log holds anything).
/// Safety, tolerance and redose notes in `check` cover uses in the last
/// `combination_window_hours`; after a new entry (`just_logged`) only what concerns it.
///
/// Order (ebb(1), CHECK): dangerous safety notes (the step for someone alone first), then
/// dangerous tolerance notes, then the other safety, tolerance and redose notes (most severe
/// first), then plan, spending, encouragement and quiet. Each note is one fact and at most one
/// step; a step an earlier note in the same list already gave is left out.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ebb/core/amount.hpp"
#include "ebb/core/config.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

struct Reminder {
  std::string id;        ///< stable for the same situation: "combination:<id>,<id>", ...
  std::string kind;      ///< "safety", "tolerance", "redose", "plan", "spending",
                         ///< "encouragement", "quiet"
  std::string severity;  ///< "dangerous", "unsafe", "caution", "info", "good"
  std::string text;      ///< in ebb's voice; names no substance when discreet. Built from the
                         ///< parts below by compose_reminders().
  std::string substance;  ///< the substance (or class) concerned; empty when none or discreet
  std::vector<std::string> entry_ids;  ///< the entries concerned, oldest first
  /// Help lines from the config, set only on dangerous safety and tolerance notes.
  std::vector<std::pair<std::string, std::string>> help_lines;

  std::string fact;     ///< one sentence: what is so
  /// One practical step, in ways to say it, fullest first: compose_reminders() takes the
  /// first that gives nothing an earlier note gave. Empty: no step.
  std::vector<std::string> steps;
  std::string why;      ///< the person's reasons, when this note may quote them
  std::string summary;  ///< a few words for review and report: "alcohol and heroin within 3 hours"
  Instant at{};         ///< when the latest entry concerned happened
  LocalDay day{};       ///< the person's day of `at`
};

struct ReminderInput {
  /// Any order; every entry from reminder_entries_since() on (or, for safety_events(), from
  /// a day before its period), none missing in between.
  std::span<const Entry> entries;
  /// Latest use of each substance before the first of `entries`, for breaks longer than the
  /// window (substance name -> when).
  std::map<std::string, Instant> earlier_uses;
  /// When the latest entry of any kind before the window of `entries` happened: whether
  /// anything was logged during a break that began before it, and the entry before one logged
  /// after a quiet spell. nullopt: nothing before the window.
  std::optional<Instant> last_entry_before;
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
  /// False when the person's `why` was quoted less than `why_repeat_hours` ago.
  bool quote_why = true;
};

/// From when compute_reminders() reads entries at `now`: the reviews behind the plan notes
/// (today and this week; in the first two days of a week also the two weeks before it, for the
/// weekly note), each with the week before its first day; the entry before one logged after
/// `quiet_days`; and the mixes within the combination window. Earlier entries are summed up
/// in `earlier_uses` and `last_entry_before`. `after_logging`: right after `ebb use` or
/// `ebb urge`, when the weekly notes are not given, so a week back from this week's start is
/// enough.
Instant reminder_entries_since(const ReminderSettings& settings, const DaySettings& days,
                               const Zone* zone, Instant now, bool after_logging);

/// Every reminder that applies, ordered and composed (see the top of this file). Never
/// repeats an id.
std::vector<Reminder> compute_reminders(const ReminderInput& in);

/// Safety notes about the uses in [from, until), for review and report: dangerous and other
/// mixes, uses after a break, uses alone, untested uses (no redose, plan or encouragement
/// notes). The same rules as compute_reminders; mixes are one per pair of substances a day.
/// Oldest first; notes about one moment in the order of compute_reminders.
std::vector<Reminder> safety_events(const ReminderInput& in, Instant from, Instant until);
/// The same over entries the caller holds elsewhere (SafetyStream keeps them as they stream
/// by): `entries` in any order, as `in.entries` would be; `in.entries` is not read.
std::vector<Reminder> safety_events(const ReminderInput& in, std::vector<const Entry*> entries,
                                    Instant from, Instant until);
/// Sets in `into` the fields of `from` that safety_events reads (id, kind, time, substance,
/// alone, tested) and leaves its others as they are: a caller holding weeks of entries for it
/// keeps these in slots it reuses, the others never set. The notes over such copies are the
/// notes over the entries (a test compares them on a generated log).
void keep_safety_fields(const Entry& from, Entry& into);

/// The order class (ebb(1), CHECK): 0 dangerous safety, 1 dangerous tolerance, 2 other safety,
/// tolerance and redose, 3 plan, 4 spending, 5 encouragement, 6 quiet.
int reminder_class(const Reminder& r);

/// Sorts by class, then severity, then kind (safety, tolerance, redose), keeping the order of
/// the rules within all three (so the step for someone alone comes before the mixes).
void order_reminders(std::vector<Reminder>* list);

/// Builds each text from its parts, in list order: the fact, then the step unless an earlier
/// note gave it (any of the same concepts: naloxone, company, going lower, testing, ...), then,
/// on one note at most and only when `quote_why`, the person's words (a good note first).
/// Returns true when it quoted them.
bool compose_reminders(std::vector<Reminder>* list, bool quote_why);

/// How many of an ordered list to show at once: every dangerous note, and at least `few`.
size_t reminders_to_show(const std::vector<Reminder>& list, size_t few);

/// The word a note starts with when shown, so its weight shows without colour: "Safety:" for
/// dangerous, "Take care:" for unsafe and caution, "" for the others.
std::string_view reminder_lead(const Reminder& r);

/// The severity order: dangerous 0 ... good 4.
int severity_rank(std::string_view severity);

/// `{"id":..,"kind":..,"severity":..,"text":..,"substance":..,"entry_ids":[..],
/// "help_lines":[{"name":..,"number":..}]}`, written into an open array or as a value.
class JsonWriter;
void write_reminder_json(JsonWriter& w, const Reminder& r);

/// Every fixed sentence the reminders use, for the tests that check the wording.
std::vector<std::string> reminder_phrases();

}  // namespace ebb
