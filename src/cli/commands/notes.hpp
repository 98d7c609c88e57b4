#pragma once
/// Reminders for the commands: every one that applies now, loaded with what it needs from the
/// store and the config, the few shown at a time, and the safety notes of a period.

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/cli/env.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/when.hpp"

namespace ebb {
struct Reminder;

/// Every reminder that applies now (or, with `just_logged`, to that entry), with the history,
/// plans and settings it needs loaded from the store and config; ordered and composed. With
/// `what_if`, an entry that is not saved: the reminders logging it would give, as if it were
/// in the log (its id must be set and must not be a stored one).
std::vector<Reminder> load_reminders(Env& env, const Entry* just_logged, bool discreet,
                                     const Entry* what_if = nullptr);

/// The safety notes about the uses of a period (dangerous mixes, uses after a break, alone,
/// untested), for review and report: the same rules as the reminders, oldest first.
/// `entries` run from `loaded_from` (at least 21 days before the period) to its end.
std::vector<Reminder> safety_events_of(Env& env, const Period& p,
                                       std::span<const PlanVersion> versions,
                                       std::span<const Entry> entries, Instant loaded_from);

/// safety_events_of for a period whose entries are streamed from the store (review, report):
/// the notes are made a stretch of the period at a time, from the stretch and the weeks
/// before it, so only those entries are held, and they are the same notes in the same order.
class SafetyStream {
 public:
  /// `loaded_from` as for safety_events_of; `stream_from` is the time of the first entry
  /// `add` will be given (at most `loaded_from`; the store says which uses came before).
  SafetyStream(Env& env, const Period& p, std::span<const PlanVersion> versions,
               Instant loaded_from, Instant stream_from);
  /// Every entry from `stream_from` to the period's end, in the store's order (by time).
  void add(const Entry& e);
  /// The notes of the whole period, oldest first.
  std::vector<Reminder> finish() &&;

 private:
  void next_stretch();
  void tell_stretch();
  void drop_front(size_t n);

  Env& env_;
  std::span<const PlanVersion> versions_;
  LocalDay last_;                   // the period's last day
  Instant loaded_from_;
  int before_days_;                 // the weeks before a stretch its notes may look at
  LocalDay first_{};                // of the stretch
  Instant reach_{}, from_{}, until_{};  // its look-back, start and end
  bool done_ = false;
  // From the latest entry before reach_ on, their safety fields only (keep_safety_fields).
  // A stretch is a few thousand entries, added one at a time and let go from the front: each
  // is a slot of its own, and a slot let go is kept for the next entry (its fields are set
  // over, the others never set), so none is made, moved or freed as the period streams by.
  std::deque<std::unique_ptr<Entry>> held_;
  std::vector<std::unique_ptr<Entry>> spare_;
  std::map<std::string, Instant> earlier_;  // the latest use of each before held_
  std::optional<Instant> last_before_;  // the latest entry of any kind before loaded_from_
  std::vector<Reminder> out_;
};

/// The same for the hours [from, until), for replay: `entries` run from `loaded_from` (at
/// least 21 days before `from`) to `until`.
std::vector<Reminder> safety_events_between(Env& env, Instant from, Instant until,
                                            std::span<const PlanVersion> versions,
                                            std::span<const Entry> entries,
                                            Instant loaded_from);

/// Keeps the few most important of an ordered list to show now (every dangerous one, and at
/// least `few`), composes their text, and (with `mark`) notes them as shown, with the person's
/// `why` when it was quoted. Returns how many were left out.
size_t show_few(Env& env, std::vector<Reminder>* list, size_t few, bool mark = true);

/// Reminders as text, each on its line after its lead word ("Safety:", "Take care:", coloured
/// when colour is on), with the configured help lines once, after the first note that has them.
std::string format_reminders(std::span<const Reminder> list, const std::string& country,
                             bool color);

/// "2 more notes; ebb check --all shows them." for `left` notes left out.
std::string more_notes(size_t left, std::string_view command);

}  // namespace ebb
