#pragma once

#include <cstdint>
#include <map>
#include <string_view>
// Shared between the reminder rules: the uses in scope and a few text helpers.

#include <string>
#include <vector>

#include "ebb/core/reminders.hpp"
#include "ebb/util/text.hpp"

namespace ebb::reminders_detail {

struct Scope {
  const ReminderInput& in;
  const Zone* zone;
  std::vector<const Entry*> entries;  // every entry, by time
  std::vector<const Entry*> uses;     // uses only, by time
  const Entry* just = nullptr;        // the entry just logged, if any
  LocalDay today{};
  // safety_events: the uses of [from, until), told as what happened rather than what to do now.
  bool events = false;
  Instant from{}, until{};

  // Entries a rule about single entries looks at: the one just logged, in `check` the
  // entries from `since` to now, and for safety_events those of [from, until).
  std::vector<const Entry*> focus(Kind kind, Instant since) const;

  // The interaction groups of a substance (its class and the catalog's groups), looked up in
  // the catalog once per name.
  const std::vector<std::string_view>& groups_of(const std::string& substance) const;
  bool has_group(const std::string& substance, std::string_view g) const;
  mutable std::map<std::string, std::vector<std::string_view>, std::less<>> group_cache;

  // Each use's substance as a small number, parallel to `uses` (equal numbers, equal names),
  // so the rules that look at many pairs of uses compare numbers rather than names.
  std::vector<uint32_t> use_substance;
  size_t substances = 0;  // how many different ones
  // The positions in `uses` of the uses at or after `t`, and of `use` itself.
  size_t first_use_from(Instant t) const;
  size_t position(const Entry* use) const;
};

/// Plan and encouragement rules (reminders_plan.cpp).
void plan_reminders(const Scope& s, std::vector<Reminder>* out);
void encouragement_reminders(const Scope& s, std::vector<Reminder>* out);
std::vector<std::string> plan_phrases();

/// "\"text\"" with the person's words trimmed to one line.
std::string quoted_words(const std::string& words);
/// The person's words quoted as the end of a sentence: "\"text\"." or, when the words end a
/// sentence themselves, "\"text.\"", never "\"text.\".".
std::string quoted_sentence(const std::string& words);
/// A reminder with its parts; the text is composed later (compose_reminders).
Reminder make_reminder(std::string id, std::string kind, std::string severity, std::string fact,
                       std::vector<std::string> steps = {});

}  // namespace ebb::reminders_detail
