// Safety, tolerance, redose and quiet reminders, ordering and JSON. Facts and steps come from
// the interaction table (interactions.cpp, sources there) and shared/SAFETY.md.
#include "ebb/reminders.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "ebb/catalog.hpp"
#include "ebb/interactions.hpp"
#include "ebb/json.hpp"
#include "ebb/text.hpp"
#include "reminders_internal.hpp"

namespace ebb {

namespace reminders_detail {

std::vector<const Entry*> Scope::focus(Kind kind, Instant since) const {
  std::vector<const Entry*> out;
  if (just) {
    if (just->kind == kind) out.push_back(just);
    return out;
  }
  for (const auto* e : entries)
    if (e->kind == kind && e->at >= since && e->at <= in.now) out.push_back(e);
  return out;
}

const std::vector<std::string_view>& Scope::groups_of(const std::string& substance) const {
  auto it = group_cache.find(substance);
  if (it == group_cache.end())
    it = group_cache.emplace(substance, interaction_groups(lookup_substance(substance))).first;
  return it->second;
}

bool Scope::has_group(const std::string& substance, std::string_view g) const {
  const auto& gs = groups_of(substance);
  return std::find(gs.begin(), gs.end(), g) != gs.end();
}

std::string count_text(long n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string quoted(const std::string& words) {
  std::string one_line;
  for (char c : trim(words)) one_line += (c == '\n' || c == '\r') ? ' ' : c;
  return "\"" + one_line + "\"";
}

}  // namespace reminders_detail

namespace {

using namespace reminders_detail;
using std::chrono::hours;
using std::chrono::minutes;

// Fixed sentences, listed once so the wording test sees every one of them.
constexpr std::string_view kDiscreetBreathing =
    "Two things you logged within {} of each other can slow breathing when combined.";
constexpr std::string_view kDiscreetMix =
    "Two things you logged within {} of each other can be a risky mix.";
constexpr std::string_view kDiscreetDepressantStep =
    "If you're mixing, go lower and don't use alone.";
constexpr std::string_view kDiscreetOtherStep =
    "If you're mixing, go lower and have someone with you.";
constexpr std::string_view kMedication = "{} is one of your medications. {} {}";
constexpr std::string_view kDiscreetMedBreathing =
    "Something you logged can slow breathing together with one of your medications.";
constexpr std::string_view kDiscreetMedMix =
    "Something you logged can be a risky mix with one of your medications.";
constexpr std::string_view kTolerance =
    "It's been {} since you last logged {}. Tolerance drops fast after a break; a much smaller "
    "amount than before is safer.";
constexpr std::string_view kToleranceDiscreet =
    "It's been {} since you last logged something like this. Tolerance drops fast after a "
    "break; a much smaller amount than before is safer.";
constexpr std::string_view kToleranceOpioidStep = " Don't use alone, and keep naloxone near.";
constexpr std::string_view kRedose =
    "Your last {} was {} ago, and it can take {} to {} minutes to kick in. Waiting until {} "
    "lets you feel the first one fully before taking more.";
constexpr std::string_view kRedoseDiscreet =
    "The one before this was {} ago, and it can take {} to {} minutes to kick in. Waiting "
    "until {} lets you feel the first one fully before taking more.";
constexpr std::string_view kQuiet =
    "Nothing logged for {}. Log whenever it's useful, even a day off or a mood; if you want to "
    "fill in the gap, the last 7 to 14 days are the easiest to remember.";

const std::set<std::string_view> kDepressants = {
    "alcohol", "opioid", "benzodiazepine", "ghb", "gabapentinoid", "tramadol",
    "dxm",     "dissociative", "deliriant", "depressant"};

const std::set<std::string_view> kToleranceGroups = {"opioid", "benzodiazepine", "ghb",
                                                     "alcohol"};


std::string clock_at(Instant t, const Zone* zone) {
  auto local = zone->to_local(t);
  date::hh_mm_ss<std::chrono::seconds> tod{local - date::floor<date::days>(local)};
  return fmt::format("{:02}:{:02}", tod.hours().count(), tod.minutes().count());
}

std::string span_text(std::chrono::seconds gap) {
  auto m = std::chrono::duration_cast<minutes>(gap).count();
  if (m < 60) return count_text(m, "minute", "minutes");
  auto h = (m + 30) / 60;
  if (h < 48) return count_text(h, "hour", "hours");
  return count_text(h / 24, "day", "days");
}

bool all_depressants(std::span<const std::string_view> a, std::span<const std::string_view> b) {
  auto any = [](std::span<const std::string_view> gs) {
    return std::any_of(gs.begin(), gs.end(), [](auto g) { return kDepressants.count(g) > 0; });
  };
  return any(a) && any(b);
}

// Help lines go with dangerous safety notes only.
void add_help_lines(const Scope& s, const Interaction& hit, Reminder* r) {
  if (hit.severity != Severity::dangerous) return;
  for (const auto& [name, number] : s.in.help_lines) r->help_lines.emplace_back(name, number);
}

void safety(const Scope& s, std::vector<Reminder>* out) {
  auto window = hours{s.in.settings.combination_window_hours};
  std::string window_text = count_text(s.in.settings.combination_window_hours, "hour", "hours");
  // In `check`, pairs among the uses of the last window; after a use, that use with any other
  // within the window on either side.
  std::vector<std::pair<const Entry*, const Entry*>> pairs;
  if (s.just) {
    if (s.just->kind != Kind::use) return;
    for (const auto* u : s.uses)
      if (u != s.just && std::chrono::abs(u->at - s.just->at) <= window)
        pairs.emplace_back(u->at <= s.just->at ? u : s.just, u->at <= s.just->at ? s.just : u);
  } else {
    std::vector<const Entry*> recent = s.focus(Kind::use, s.in.now - window);
    for (size_t j = 0; j < recent.size(); ++j)
      for (size_t i = 0; i < j; ++i) pairs.emplace_back(recent[i], recent[j]);
  }
  // One note per pair of substances; its id names the first entry of each.
  std::vector<std::pair<std::string, std::string>> seen;
  // Many pairs share their two substances: look each ordered pair up once.
  std::map<std::pair<std::string_view, std::string_view>, std::optional<Interaction>> known;
  for (const auto& [a, b] : pairs) {
    if (a->substance == b->substance) continue;
    auto [found, added] = known.try_emplace({a->substance, b->substance});
    if (added)
      found->second = find_interaction(s.groups_of(a->substance), s.groups_of(b->substance));
    const auto& hit = found->second;
    if (!hit) continue;
    std::pair<std::string, std::string> key{std::min(a->substance, b->substance),
                                            std::max(a->substance, b->substance)};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    Reminder r;
    std::vector<std::string> ids = {a->id, b->id};
    std::sort(ids.begin(), ids.end());
    r.id = fmt::format("combination:{},{}", ids[0], ids[1]);
    r.kind = "safety";
    r.severity = std::string(severity_name(hit->severity));
    r.entry_ids = {a->id, b->id};
    if (s.in.discreet) {
      bool breathing = all_depressants(s.groups_of(a->substance), s.groups_of(b->substance));
      r.text = fmt::format(fmt::runtime(breathing ? kDiscreetBreathing : kDiscreetMix),
                           window_text) +
               " " + std::string(breathing ? kDiscreetDepressantStep : kDiscreetOtherStep);
    } else {
      r.substance = a->substance + " + " + b->substance;
      r.text = fmt::format("{} {}", hit->fact, hit->step);
    }
    add_help_lines(s, *hit, &r);
    out->push_back(std::move(r));
  }

  // Standing medications are there at every moment: each use in scope meets each of them.
  if (s.in.medications.empty()) return;
  std::vector<const Entry*> uses;
  if (s.just) uses.push_back(s.just);
  else uses = s.focus(Kind::use, s.in.now - window);
  for (const auto* u : uses)
    for (const auto& m : s.in.medications) {
      if (u->substance == m.name) continue;
      std::pair<std::string, std::string> key{std::min(u->substance, m.name),
                                              std::max(u->substance, m.name)};
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      auto hit = find_interaction(s.groups_of(m.name), s.groups_of(u->substance));
      if (!hit) continue;
      seen.push_back(key);
      Reminder r;
      r.id = fmt::format("medication:{}:{}", m.name, u->id);
      r.kind = "safety";
      r.severity = std::string(severity_name(hit->severity));
      r.entry_ids = {u->id};
      if (s.in.discreet) {
        bool breathing = all_depressants(s.groups_of(m.name), s.groups_of(u->substance));
        r.text = std::string(breathing ? kDiscreetMedBreathing : kDiscreetMedMix) + " " +
                 std::string(breathing ? kDiscreetDepressantStep : kDiscreetOtherStep);
      } else {
        r.substance = m.name + " + " + u->substance;
        std::string name = m.name;
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        r.text = fmt::format(fmt::runtime(kMedication), name, hit->fact, hit->step);
      }
      add_help_lines(s, *hit, &r);
      out->push_back(std::move(r));
    }
}

std::string_view group_label(std::string_view g) {
  if (g == "opioid") return "opioids";
  if (g == "benzodiazepine") return "benzos";
  if (g == "ghb") return "GHB";
  return g;
}

void tolerance(const Scope& s, std::vector<Reminder>* out) {
  auto brk = date::days{s.in.settings.tolerance_break_days};
  for (const auto* u : s.focus(Kind::use, s.in.now - hours{s.in.settings.combination_window_hours})) {
    for (auto g : s.groups_of(u->substance)) {
      if (!kToleranceGroups.count(g)) continue;
      // The latest earlier use of the group: uses are by time, so walk back from the end.
      std::optional<Instant> before;
      for (auto it = s.uses.rbegin(); it != s.uses.rend(); ++it) {
        const Entry* p = *it;
        if (p != u && p->at < u->at && s.has_group(p->substance, g)) {
          before = p->at;
          break;
        }
      }
      if (!before)
        for (const auto& [name, at] : s.in.earlier_uses)
          if (at < u->at && s.has_group(name, g) && (!before || at > *before)) before = at;
      // A first entry for the group is not a break: ebb knows nothing from before.
      if (!before || u->at - *before < brk) continue;
      auto days = std::chrono::floor<date::days>(u->at - *before).count();
      Reminder r;
      r.id = "tolerance:" + u->id;
      r.kind = "tolerance";
      r.severity = g == "opioid" ? "unsafe" : "caution";
      r.entry_ids = {u->id};
      std::string gap = count_text(days, "day", "days");
      if (s.in.discreet) {
        r.text = fmt::format(fmt::runtime(kToleranceDiscreet), gap);
      } else {
        r.substance = u->substance;
        r.text = fmt::format(fmt::runtime(kTolerance), gap, group_label(g));
        if (g == "opioid") r.text += kToleranceOpioidStep;
      }
      out->push_back(std::move(r));
      break;
    }
  }
}

void redose(const Scope& s, std::vector<Reminder>* out) {
  for (const auto* u : s.focus(Kind::use, s.in.now - hours{s.in.settings.combination_window_hours})) {
    SubstanceMatch m = lookup_substance(u->substance);
    if (!m.known || !m.known->onset_max) continue;
    const Entry* prev = nullptr;
    for (const auto* p : s.uses)
      if (p != u && p->substance == u->substance && p->at <= u->at) prev = p;
    if (!prev || u->at - prev->at >= *m.known->onset_max) continue;
    auto gap = u->at - prev->at;
    long lo = m.known->onset_min ? m.known->onset_min->count() : 0;
    long hi = m.known->onset_max->count();
    std::string until = clock_at(prev->at + *m.known->onset_max, s.zone);
    Reminder r;
    r.id = "redose:" + u->id;
    r.kind = "redose";
    r.severity = "caution";
    r.entry_ids = {prev->id, u->id};
    if (s.in.discreet) {
      r.text = fmt::format(fmt::runtime(kRedoseDiscreet), span_text(gap), lo, hi, until);
    } else {
      r.substance = u->substance;
      r.text = fmt::format(fmt::runtime(kRedose), u->substance, span_text(gap), lo, hi, until);
    }
    out->push_back(std::move(r));
  }
}

void quiet(const Scope& s, std::vector<Reminder>* out) {
  if (s.just || !s.in.last_entry_at) return;
  auto gap = s.in.now - *s.in.last_entry_at;
  if (gap < date::days{s.in.settings.quiet_days}) return;
  Reminder r;
  r.id = "quiet:" + format_day(logical_day(*s.in.last_entry_at, s.zone, s.in.days));
  r.kind = "quiet";
  r.severity = "info";
  r.text = fmt::format(fmt::runtime(kQuiet),
                       count_text(std::chrono::floor<date::days>(gap).count(), "day", "days"));
  out->push_back(std::move(r));
}

}  // namespace

int severity_rank(std::string_view severity) {
  static constexpr std::string_view kOrder[] = {"dangerous", "unsafe", "caution", "info", "good"};
  for (int i = 0; i < 5; ++i)
    if (kOrder[i] == severity) return i;
  return 5;
}

std::vector<Reminder> compute_reminders(const ReminderInput& in) {
  Scope s{in, in.zone ? in.zone : find_zone("UTC"), {}, {}, nullptr, {}, {}};
  for (const auto& e : in.entries) {
    s.entries.push_back(&e);
    if (in.just_logged && e.id == *in.just_logged) s.just = &e;
  }
  std::stable_sort(s.entries.begin(), s.entries.end(), [](const Entry* a, const Entry* b) {
    return a->at != b->at ? a->at < b->at : a->id < b->id;
  });
  for (const auto* e : s.entries)
    if (e->kind == Kind::use) s.uses.push_back(e);
  s.today = logical_day(in.now, s.zone, in.days);
  if (in.just_logged && !s.just) return {};

  std::vector<Reminder> out;
  safety(s, &out);
  tolerance(s, &out);
  redose(s, &out);
  plan_reminders(s, &out);
  encouragement_reminders(s, &out);
  quiet(s, &out);

  std::vector<Reminder> unique;
  for (auto& r : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const Reminder& u) { return u.id == r.id; }))
      unique.push_back(std::move(r));
  std::stable_sort(unique.begin(), unique.end(), [](const Reminder& a, const Reminder& b) {
    return severity_rank(a.severity) < severity_rank(b.severity);
  });
  return unique;
}

void write_reminder_json(JsonWriter& w, const Reminder& r) {
  w.begin_object();
  w.field("id", r.id).field("kind", r.kind).field("severity", r.severity).field("text", r.text);
  w.key("substance");
  if (r.substance.empty()) w.null();
  else w.value(r.substance);
  w.field("entry_ids", r.entry_ids);
  w.key("help_lines").begin_array();
  for (const auto& [name, number] : r.help_lines)
    w.begin_object().field("name", name).field("number", number).end_object();
  w.end_array();
  w.end_object();
}

std::vector<std::string> reminder_phrases() {
  std::vector<std::string> out;
  for (auto t : {kMedication, kDiscreetMedBreathing, kDiscreetMedMix, kDiscreetBreathing, kDiscreetMix, kDiscreetDepressantStep, kDiscreetOtherStep,
                 kTolerance, kToleranceDiscreet, kToleranceOpioidStep, kRedose, kRedoseDiscreet,
                 kQuiet})
    out.emplace_back(t);
  for (const auto& i : interaction_table()) {
    out.emplace_back(i.fact);
    out.emplace_back(i.step);
  }
  for (auto& p : plan_phrases()) out.push_back(std::move(p));
  return out;
}

}  // namespace ebb
