#pragma once
/// Reminders for the commands: every one that applies now, loaded with what it needs from the
/// store and the config, the few shown at a time, and the safety notes of a period.

#include <cstddef>
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
