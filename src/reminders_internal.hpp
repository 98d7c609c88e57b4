#pragma once
// Shared between the reminder rules: the uses in scope and a few text helpers.

#include <string>
#include <vector>

#include "ebb/reminders.hpp"

namespace ebb::reminders_detail {

struct Scope {
  const ReminderInput& in;
  const date::time_zone* zone;
  std::vector<const Entry*> entries;  // every entry, by time
  std::vector<const Entry*> uses;     // uses only, by time
  const Entry* just = nullptr;        // the entry just logged, if any
  LocalDay today{};

  // Entries a rule about single entries looks at: the one just logged, or in `check` the
  // entries since `since`.
  std::vector<const Entry*> focus(Kind kind, Instant since) const;
};

/// Plan and encouragement rules (reminders_plan.cpp).
void plan_reminders(const Scope& s, std::vector<Reminder>* out);
void encouragement_reminders(const Scope& s, std::vector<Reminder>* out);
std::vector<std::string> plan_phrases();

std::string count_text(long n, std::string_view one, std::string_view many);
/// "\"text\"" with the person's words trimmed to one line.
std::string quoted(const std::string& words);

}  // namespace ebb::reminders_detail
