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
// medications, "now", the zone, and (read by the caller) the latest use of each substance and
// the latest entry of any kind before the entries it holds.
ReminderInput reminder_input(Env& env, std::span<const Entry> entries,
                             std::span<const PlanVersion> versions,
                             std::map<std::string, Instant> earlier_uses,
                             std::optional<Instant> last_entry_before) {
  ReminderInput in;
  in.entries = entries;
  in.earlier_uses = std::move(earlier_uses);
  in.last_entry_before = last_entry_before;
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

  ReminderInput in =
      reminder_input(env, entries, versions, store.last_use_by_substance(from),
                     store.latest_before(from));
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
  return safety_events(
      reminder_input(env, entries, versions, env.store().last_use_by_substance(loaded_from),
                     env.store().latest_before(loaded_from)),
      from, until);
}

namespace {

// Days of the period a stretch of safety notes covers: long enough that the weeks read
// before each (three, or the tolerance break) are a small share.
constexpr int kStretchDays = 56;

}  // namespace

SafetyStream::SafetyStream(Env& env, const Period& p, std::span<const PlanVersion> versions,
                           Instant loaded_from, Instant stream_from)
    : env_(env),
      versions_(versions),
      last_(p.last),
      loaded_from_(loaded_from),
      before_days_(std::max(21, env.config.reminders.tolerance_break_days + 1)),
      first_(p.first - date::days{kStretchDays}),
      earlier_(env.store().last_use_by_substance(stream_from)),
      last_before_(env.store().latest_before(loaded_from)) {
  next_stretch();
}

// The entries a stretch reads are those safety_events_of would have read (from
// `loaded_from`) that are at or after its look-back, and the latest one before it: the notes
// look back at most the combination window (a week at most) and, for a break, at the latest
// earlier use (`earlier_` has those before what is held) and whether anything was logged
// between (the latest entry before the look-back answers that as all of them would).
void SafetyStream::next_stretch() {
  first_ += date::days{kStretchDays};
  if (first_ > last_) {
    done_ = true;
    return;
  }
  const Zone* zone = env_.zone;
  const DaySettings& days = env_.config.days;
  reach_ = day_begin(first_ - date::days{before_days_}, zone, days);
  from_ = day_begin(first_, zone, days);
  until_ = day_begin(std::min(first_ + date::days{kStretchDays - 1}, last_) + date::days{1},
                     zone, days);
  // Keep the latest entry before the look-back (when safety_events_of would have read it).
  size_t keep = 0;
  while (keep < held_.size() && held_[keep]->at < reach_) ++keep;
  if (keep > 0 && held_[keep - 1]->at >= loaded_from_) --keep;
  drop_front(keep);
}

void SafetyStream::drop_front(size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const Entry& h = *held_.front();
    if (h.kind == Kind::use) earlier_[h.substance] = h.at;
    spare_.push_back(std::move(held_.front()));
    held_.pop_front();
  }
}

void SafetyStream::add(const Entry& e) {
  while (!done_ && e.at >= until_) tell_stretch();
  if (done_) return;
  // Before the look-back only the latest entry can matter.
  if (e.at < reach_) drop_front(held_.size());
  std::unique_ptr<Entry> slot;
  if (spare_.empty()) {
    slot = std::make_unique<Entry>();
  } else {
    slot = std::move(spare_.back());
    spare_.pop_back();
  }
  keep_safety_fields(e, *slot);
  held_.push_back(std::move(slot));
}

void SafetyStream::tell_stretch() {
  if (!held_.empty() && held_.front()->at < reach_ && held_.front()->at < loaded_from_)
    drop_front(1);
  std::vector<const Entry*> entries;
  entries.reserve(held_.size());
  for (const auto& e : held_) entries.push_back(e.get());
  auto notes = safety_events(reminder_input(env_, {}, versions_, earlier_, last_before_),
                             std::move(entries), from_, until_);
  out_.insert(out_.end(), std::make_move_iterator(notes.begin()),
              std::make_move_iterator(notes.end()));
  next_stretch();
}

std::vector<Reminder> SafetyStream::finish() && {
  while (!done_) tell_stretch();
  return std::move(out_);
}

}  // namespace ebb
