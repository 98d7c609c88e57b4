#include "notes.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "ebb/core/reminders.hpp"
#include "ebb/util/chart.hpp"
#include "periods.hpp"

namespace ebb {

namespace {

// The person's `why` is quoted at most once in `why_repeat_hours` (VOICE.md).
constexpr std::string_view kWhyKey = "why";

bool why_allowed(Env& env) {
  auto last = env.store().reminder_shown_at(kWhyKey);
  return !last || env.now - *last >= std::chrono::hours{env.config.reminders.why_repeat_hours};
}

// What the reminder rules need besides the entries: the person's settings and standing
// medications, "now", the zone, and the latest use of each substance and the latest entry
// before the entries loaded from `loaded_from`.
ReminderInput reminder_input(Env& env, std::span<const Entry> entries,
                             std::span<const PlanVersion> versions, Instant loaded_from) {
  ReminderInput in;
  in.entries = entries;
  in.earlier_uses = env.store().last_use_by_substance(loaded_from);
  in.last_entry_before = env.store().latest_before(loaded_from);
  in.versions = versions;
  in.settings = env.config.reminders;
  in.days = env.config.days;
  in.drinks = env.config.drinks;
  in.medications = env.config.medications;
  in.now = env.now;
  in.zone = env.zone;
  return in;
}

}  // namespace

std::vector<Reminder> load_reminders(Env& env, const Entry* just_logged, bool discreet,
                                     const Entry* what_if) {
  Store& store = env.store();
  const auto& settings = env.config.reminders;
  // What the rules read (reminder_entries_since): a week and a half to three weeks and a
  // half; after logging an entry with an earlier time, what they read around that time too.
  bool after_logging = just_logged != nullptr || what_if != nullptr;
  Instant from = reminder_entries_since(settings, env.config.days, env.zone, env.now,
                                        after_logging);
  for (const Entry* e : {just_logged, what_if})
    if (e) from = std::min(from, reminder_entries_since(settings, env.config.days, env.zone, e->at, true));
  // Only the fields the rules read (EntryQuery::light): these are read on every `ebb use`
  // and `ebb check`.
  EntryQuery q;
  q.since = from;
  q.newest_first = false;
  q.light = true;
  auto entries = store.query(q);
  if (what_if) {
    entries.push_back(*what_if);
    just_logged = what_if;
  }
  auto [first, last] = store.time_bounds();
  auto versions = load_plans(env);

  ReminderInput in = reminder_input(env, entries, versions, from);
  in.last_entry_at = last;
  in.first_entry_at = first;
  if (what_if) {
    // As if it were saved: the latest entry, and the first when the log is empty.
    if (!in.last_entry_at || *in.last_entry_at < what_if->at) in.last_entry_at = what_if->at;
    if (!in.first_entry_at || what_if->at < *in.first_entry_at) in.first_entry_at = what_if->at;
  }
  in.help_lines = env.config.help_lines;
  in.discreet = discreet;
  if (just_logged) in.just_logged = just_logged->id;
  in.quote_why = why_allowed(env);
  return compute_reminders(in);
}

size_t show_few(Env& env, std::vector<Reminder>* list, size_t few, bool mark) {
  size_t keep = reminders_to_show(*list, few);
  size_t left = list->size() - keep;
  list->resize(keep);
  bool quoted = compose_reminders(list, why_allowed(env));
  if (!mark) return left;
  std::vector<std::string> ids;
  for (const auto& r : *list) ids.push_back(r.id);
  if (quoted) ids.emplace_back(kWhyKey);
  env.store().mark_reminders_shown(ids, env.now);
  return left;
}

std::string format_reminders(std::span<const Reminder> list, const std::string& country,
                             bool color) {
  std::string out;
  bool helped = false;
  for (const auto& r : list) {
    std::string_view lead = reminder_lead(r);
    if (!lead.empty())
      out += paint(lead, r.severity == "dangerous" ? "1;31" : "33", ChartStyle{true, color}) + " ";
    out += r.text + "\n";
    if (r.help_lines.empty() || helped) continue;
    helped = true;
    std::vector<std::string> parts;
    for (const auto& [name, number] : r.help_lines) parts.push_back(name + ": " + number);
    out += fmt::format("Help{}: {}\n", country.empty() ? "" : " (" + country + ")",
                       fmt::join(parts, ", "));
  }
  return out;
}

std::string more_notes(size_t left, std::string_view command) {
  if (left == 0) return "";
  return fmt::format("{} more {}; {} shows {}.\n", left, left == 1 ? "note" : "notes", command,
                     left == 1 ? "it" : "them");
}

std::vector<Reminder> safety_events_of(Env& env, const Period& p,
                                       std::span<const PlanVersion> versions,
                                       std::span<const Entry> entries, Instant loaded_from) {
  return safety_events_between(env, day_begin(p.first, env.zone, env.config.days),
                               day_begin(p.last + date::days{1}, env.zone, env.config.days),
                               versions, entries, loaded_from);
}

std::vector<Reminder> safety_events_between(Env& env, Instant from, Instant until,
                                            std::span<const PlanVersion> versions,
                                            std::span<const Entry> entries,
                                            Instant loaded_from) {
  return safety_events(reminder_input(env, entries, versions, loaded_from), from, until);
}

}  // namespace ebb
