// Safety, tolerance, redose and quiet reminders; ordering, composing and JSON. Facts and steps
// come from the interaction table (interactions.cpp, sources there) and shared/SAFETY.md.
#include "ebb/core/reminders.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/interactions.hpp"
#include "ebb/util/json.hpp"
#include "ebb/util/text.hpp"
#include "reminders_internal.hpp"

namespace ebb {

namespace reminders_detail {

std::vector<const Entry*> Scope::focus(Kind kind, Instant since) const {
  std::vector<const Entry*> out;
  if (just) {
    if (just->kind == kind) out.push_back(just);
    return out;
  }
  Instant lo = events ? from : since;
  Instant hi = events ? until : in.now + std::chrono::seconds{1};
  for (const auto* e : entries)
    if (e->kind == kind && e->at >= lo && e->at < hi) out.push_back(e);
  return out;
}

const std::vector<std::string_view>& Scope::groups_of(const std::string& substance) const {
  auto it = group_cache.find(substance);
  if (it == group_cache.end())
    it = group_cache.emplace(substance, interaction_groups(lookup_substance(substance))).first;
  return it->second;
}

size_t Scope::first_use_from(Instant t) const {
  return static_cast<size_t>(
      std::lower_bound(uses.begin(), uses.end(), t,
                       [](const Entry* e, Instant at) { return e->at < at; }) -
      uses.begin());
}

size_t Scope::position(const Entry* use) const {
  return static_cast<size_t>(std::find(uses.begin(), uses.end(), use) - uses.begin());
}

bool Scope::has_group(const std::string& substance, std::string_view g) const {
  const auto& gs = groups_of(substance);
  return std::find(gs.begin(), gs.end(), g) != gs.end();
}

std::string quoted_words(const std::string& words) {
  std::string one_line;
  for (char c : trim(words)) one_line += (c == '\n' || c == '\r') ? ' ' : c;
  return "\"" + one_line + "\"";
}

std::string quoted_sentence(const std::string& words) {
  std::string q = quoted_words(words);
  char last = q.size() > 2 ? q[q.size() - 2] : '\0';
  return std::string_view(".!?").find(last) != std::string_view::npos ? q : q + ".";
}

Reminder make_reminder(std::string id, std::string kind, std::string severity, std::string fact,
                       std::vector<std::string> steps) {
  Reminder r;
  r.id = std::move(id);
  r.kind = std::move(kind);
  r.severity = std::move(severity);
  r.fact = std::move(fact);
  r.steps = std::move(steps);
  r.text = r.fact;
  return r;
}

}  // namespace reminders_detail

namespace {

using namespace reminders_detail;
using std::chrono::hours;
using std::chrono::minutes;

// Fixed sentences, listed once so the wording test sees every one of them.
constexpr std::string_view kMixing = "You're mixing {} and {}: {}";
constexpr std::string_view kDiscreetBreathing =
    "You're mixing two things that together can slow breathing.";
constexpr std::string_view kDiscreetMix = "You're mixing two things that can be risky together.";
constexpr std::string_view kDiscreetDepressantStep =
    "Have someone with you, or ask someone to check in on you.";
constexpr std::string_view kDiscreetOtherStep = "Go lower on both than you otherwise would.";
constexpr std::string_view kMixSummary = "{} and {} within {}";
constexpr std::string_view kMedication = "{} is one of your medications. {}";
constexpr std::string_view kDiscreetMedBreathing =
    "Something you logged can slow breathing together with one of your medications.";
constexpr std::string_view kDiscreetMedMix =
    "Something you logged can be a risky mix with one of your medications.";
constexpr std::string_view kMedicationSummary = "{} with {}, one of your medications";

constexpr std::string_view kAloneBreathing =
    "On your own, no one is there to help if your breathing slows.";
constexpr std::string_view kAloneSedated = "On your own, no one is there to help if you pass out.";
constexpr std::string_view kAloneNaloxoneStep =
    "Ask someone to check in on you now, and keep naloxone within reach.";
constexpr std::string_view kAloneStep = "Ask someone to check in on you now.";
constexpr std::string_view kAloneSummary = "{}, on your own";

constexpr std::string_view kUntestedOpioid =
    "Heroin and opioid pills can hold fentanyl or nitazenes, which are far stronger.";
constexpr std::string_view kUntestedOpioidStep =
    "Test what's left with fentanyl and nitazene strips, and start with a small amount.";
constexpr std::string_view kUntestedOpioidStepShort =
    "Test what's left with fentanyl and nitazene strips.";
constexpr std::string_view kUntestedBenzo =
    "Pills sold as benzos are often stronger designer benzos, and some hold nitazenes.";
constexpr std::string_view kUntestedBenzoStep =
    "Test what's left with benzo and nitazene strips, and start with a small amount.";
constexpr std::string_view kUntestedBenzoStepShort =
    "Test what's left with benzo and nitazene strips.";
constexpr std::string_view kUntestedStimulant =
    "Some powder cocaine and meth holds fentanyl, which you can't taste or see.";
constexpr std::string_view kUntestedStimulantStep =
    "Test what's left with a fentanyl strip, and start with a small amount.";
constexpr std::string_view kUntestedStimulantStepShort = "Test what's left with a fentanyl strip.";
constexpr std::string_view kUntestedDiscreet =
    "Today's supply can hold something much stronger than expected.";
constexpr std::string_view kUntestedDiscreetStep =
    "Test strips show what's in it, not how much; start with a small amount.";
constexpr std::string_view kUntestedDiscreetStepShort =
    "Test strips show what's in it, not how much.";
constexpr std::string_view kUntestedSummary = "{}, not tested";

constexpr std::string_view kBreak = "It's been {} without {}, and tolerance drops fast in a break.";
constexpr std::string_view kSinceLogged =
    "You last logged {} {} ago; if you haven't used since, tolerance drops fast in that time.";
constexpr std::string_view kBreakDiscreet =
    "It's been {} without something like this, and tolerance drops fast in a break.";
constexpr std::string_view kSinceLoggedDiscreet =
    "You last logged something like this {} ago; if you haven't used since, tolerance drops "
    "fast in that time.";
constexpr std::string_view kToleranceStep = "A much smaller amount than before is safer.";
constexpr std::string_view kBreakFact =
    "Tolerance drops fast in a break; a usual amount can be too much.";
constexpr std::string_view kBreakSummary = "{} after {} without {}";
constexpr std::string_view kSinceLoggedSummary = "{}, {} after the last {} you logged";

constexpr std::string_view kRedose =
    "You've had two {} within {}; the first may not have peaked yet.";
constexpr std::string_view kRedoseDiscreet =
    "You've had two of the same within {}; the first may not have peaked yet.";
constexpr std::string_view kRedoseStep =
    "Waiting until {} before any more lets both take full effect.";

constexpr std::string_view kQuiet =
    "Nothing logged for {}. Log whenever it's useful, even a day off or a mood; if you want to "
    "fill in the gap, the last 7 to 14 days are the easiest to remember.";
constexpr std::string_view kWhy = " In your words: {}";

// Sedatives: alone with one of these (or one still active), no one is there if it goes wrong.
const std::set<std::string_view> kSedatives = {"opioid",        "benzodiazepine", "ghb",
                                               "barbiturate",   "gabapentinoid",  "depressant",
                                               "tramadol"};
// ... and these can stop breathing: alone with one, the note is dangerous.
const std::set<std::string_view> kBreathing = {"opioid", "ghb", "barbiturate", "tramadol"};

const std::set<std::string_view> kDepressants = {
    "alcohol", "opioid", "benzodiazepine", "ghb", "gabapentinoid", "tramadol",
    "dxm",     "dissociative", "deliriant", "depressant", "barbiturate"};

// After a break, a usual amount of these can stop breathing (SAFETY.md): dangerous.
const std::set<std::string_view> kToleranceGroups = {"opioid", "benzodiazepine", "ghb",
                                                     "barbiturate"};

std::string span_text(std::chrono::seconds gap) {
  auto m = std::chrono::duration_cast<minutes>(gap).count();
  if (m < 60) return count_text(m, "minute", "minutes");
  auto h = (m + 30) / 60;
  if (h < 48) return count_text(h, "hour", "hours");
  return count_text(h / 24, "day", "days");
}

std::string days_text(std::chrono::seconds gap) {
  return count_text(std::chrono::floor<date::days>(gap).count(), "day", "days");
}

bool any_in(std::span<const std::string_view> groups, const std::set<std::string_view>& set) {
  return std::any_of(groups.begin(), groups.end(), [&](auto g) { return set.count(g) > 0; });
}

// "Alcohol and ..." reads on after a colon as "alcohol and ..."; "GHB and ..." keeps its case.
std::string lowered_start(std::string_view sentence) {
  std::string out(sentence);
  if (out.size() > 1 && std::isupper(static_cast<unsigned char>(out[0])) &&
      !std::isupper(static_cast<unsigned char>(out[1])))
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// The uses (or entries) from `from` to `to`, both included: the list is by time, so a
// window is found by search rather than by walking the whole history.
std::span<const Entry* const> between(const std::vector<const Entry*>& by_time, Instant from,
                                      Instant to) {
  auto lo = std::lower_bound(by_time.begin(), by_time.end(), from,
                             [](const Entry* e, Instant t) { return e->at < t; });
  auto hi = std::upper_bound(lo, by_time.end(), to,
                             [](Instant t, const Entry* e) { return t < e->at; });
  return {lo, hi};
}

void with_help(const Scope& s, Reminder* r) {
  if (r->severity == "dangerous")
    for (const auto& [name, number] : s.in.help_lines) r->help_lines.emplace_back(name, number);
}

// A use logged alone, with a sedative in it or still active: a step for someone alone now.
void alone(const Scope& s, std::vector<Reminder>* out) {
  auto window = hours{s.in.settings.combination_window_hours};
  // What each substance is, looked up once: bit 0 sedative, 1 breathing, 2 opioid, 3 known.
  std::vector<uint8_t> kinds(s.substances, 0);
  for (const auto* u : s.focus(Kind::use, s.in.now - window)) {
    if (!u->alone || !*u->alone) continue;
    bool sedative = false, breathing = false, opioid = false;
    auto near = between(s.uses, u->at - window, u->at);
    for (size_t i = static_cast<size_t>(near.data() - s.uses.data()), end = i + near.size();
         i < end; ++i) {
      uint8_t& k = kinds[s.use_substance[i]];
      if (!(k & 8)) {
        const auto& gs = s.groups_of(s.uses[i]->substance);
        k = static_cast<uint8_t>(8 | (any_in(gs, kSedatives) ? 1 : 0) |
                                 (any_in(gs, kBreathing) ? 2 : 0) |
                                 (s.has_group(s.uses[i]->substance, "opioid") ? 4 : 0));
      }
      sedative |= (k & 1) != 0;
      breathing |= (k & 2) != 0;
      opioid |= (k & 4) != 0;
    }
    if (!sedative) continue;
    Reminder r = make_reminder(
        "alone:" + u->id, "safety", breathing ? "dangerous" : "unsafe",
        std::string(opioid ? kAloneBreathing : kAloneSedated),
        opioid ? std::vector<std::string>{std::string(kAloneNaloxoneStep), std::string(kAloneStep)}
               : std::vector<std::string>{std::string(kAloneStep)});
    r.entry_ids = {u->id};
    r.at = u->at;
    r.summary = fmt::format(fmt::runtime(kAloneSummary), u->substance);
    if (!s.in.discreet) r.substance = u->substance;
    with_help(s, &r);
    out->push_back(std::move(r));
  }
}

void safety(const Scope& s, std::vector<Reminder>* out) {
  auto window = hours{s.in.settings.combination_window_hours};
  if (s.just && s.just->kind != Kind::use) return;
  // One note per pair of substances (a day, for a period); its id names the two entries.
  std::set<std::string> seen;
  // The same, by the substances' numbers: most pairs repeat one already told.
  std::set<std::tuple<uint32_t, uint32_t, LocalDay>> told;
  // Many pairs share their two substances: look each ordered pair up once.
  std::map<std::pair<uint32_t, uint32_t>, std::optional<Interaction>> known;
  // Tells of the pair of uses at positions `ai` and `bi` in s.uses, the earlier first.
  auto tell = [&](size_t ai, size_t bi) {
    const Entry* a = s.uses[ai];
    const Entry* b = s.uses[bi];
    const uint32_t sa = s.use_substance[ai], sb = s.use_substance[bi];
    if (sa == sb) return;
    auto [found, added] = known.try_emplace({sa, sb});
    if (added)
      found->second = find_interaction(s.groups_of(a->substance), s.groups_of(b->substance));
    const auto& hit = found->second;
    if (!hit) return;
    LocalDay day = s.events ? logical_day(b->at, s.zone, s.in.days) : LocalDay{};
    // insert, not emplace: most pairs are told already, and emplace makes a node to find out.
    if (!told.insert({std::min(sa, sb), std::max(sa, sb), day}).second) return;
    std::string key = std::min(a->substance, b->substance) + "\n" +
                      std::max(a->substance, b->substance);
    if (s.events) key += "\n" + format_day(day);
    if (!seen.insert(key).second) return;
    std::vector<std::string> ids = {a->id, b->id};
    std::sort(ids.begin(), ids.end());
    Reminder r;
    if (s.in.discreet) {
      bool breathing = any_in(s.groups_of(a->substance), kDepressants) &&
                       any_in(s.groups_of(b->substance), kDepressants);
      r = make_reminder("", "safety", "",
                        std::string(breathing ? kDiscreetBreathing : kDiscreetMix),
                        {std::string(breathing ? kDiscreetDepressantStep : kDiscreetOtherStep)});
    } else {
      // For a period the fact alone: the summary says what was mixed.
      r = make_reminder("", "safety", "",
                        s.events ? std::string(hit->fact)
                                 : fmt::format(fmt::runtime(kMixing), a->substance,
                                               b->substance, lowered_start(hit->fact)),
                        {std::string(hit->step)});
      r.substance = a->substance + " + " + b->substance;
    }
    r.id = fmt::format("combination:{},{}", ids[0], ids[1]);
    r.severity = std::string(severity_name(hit->severity));
    r.entry_ids = {a->id, b->id};
    r.at = b->at;
    r.summary = fmt::format(fmt::runtime(kMixSummary), a->substance, b->substance,
                            span_text(b->at - a->at));
    with_help(s, &r);
    out->push_back(std::move(r));
  };
  // Pairs by their later use; at one time, by the earlier.
  using Pair = std::pair<size_t, size_t>;
  auto by_later = [&](const Pair& a, const Pair& b) {
    const Instant a1 = s.uses[a.second]->at, b1 = s.uses[b.second]->at;
    return a1 != b1 ? a1 < b1 : s.uses[a.first]->at < s.uses[b.first]->at;
  };
  if (s.events) {
    // For a period, each of its uses with any other within the window, a pair taken once
    // (from the later use when both are in the period). The pairs are told by their later
    // use, so they are made and told one time at a time, never all held at once (a long
    // period of a busy log has hundreds of millions); those with a use after the period come
    // last, after every pair of two uses in it.
    std::vector<Pair> run, after;
    const size_t to = s.first_use_from(s.until);
    for (size_t xi = s.first_use_from(s.from), next = xi; xi < to; xi = next) {
      while (next < to && s.uses[next]->at == s.uses[xi]->at) ++next;
      run.clear();
      for (size_t x = xi; x < next; ++x) {
        const Entry* xe = s.uses[x];
        auto near = between(s.uses, xe->at - window, xe->at + window);
        for (size_t ui = static_cast<size_t>(near.data() - s.uses.data()), end = ui + near.size();
             ui < end; ++ui) {
          const Entry* u = s.uses[ui];
          // A substance with itself is no mix (tell() would say nothing): not kept.
          if (u == xe || s.use_substance[ui] == s.use_substance[x]) continue;
          if (u->at >= s.until) after.emplace_back(x, ui);
          else if (u->at < xe->at || (u->at == xe->at && u->id < xe->id)) run.emplace_back(ui, x);
        }
      }
      if (!std::is_sorted(run.begin(), run.end(), by_later))
        std::stable_sort(run.begin(), run.end(), by_later);
      for (const auto& [a, b] : run) tell(a, b);
    }
    std::stable_sort(after.begin(), after.end(), by_later);
    for (const auto& [a, b] : after) tell(a, b);
  } else if (s.just) {
    // After a use, that use with any other within the window on either side.
    std::vector<Pair> pairs;
    const size_t xi = s.position(s.just);
    auto near = between(s.uses, s.just->at - window, s.just->at + window);
    for (size_t ui = static_cast<size_t>(near.data() - s.uses.data()), end = ui + near.size();
         ui < end; ++ui)
      if (ui != xi)
        pairs.emplace_back(s.uses[ui]->at <= s.just->at ? ui : xi,
                           s.uses[ui]->at <= s.just->at ? xi : ui);
    std::stable_sort(pairs.begin(), pairs.end(), by_later);
    for (const auto& [a, b] : pairs) tell(a, b);
  } else {
    // In `check`, pairs among the uses of the last window.
    const size_t from = s.first_use_from(s.in.now - window);
    const size_t to = s.first_use_from(s.in.now + std::chrono::seconds{1});
    for (size_t j = from; j < to; ++j)
      for (size_t i = from; i < j; ++i) tell(i, j);
  }

  // Standing medications are there at every moment: each use in scope meets each of them.
  // A pair already noted as a mix of two logged uses is not said twice.
  if (s.in.medications.empty()) return;
  for (const auto* u : s.focus(Kind::use, s.in.now - window))
    for (const auto& m : s.in.medications) {
      if (u->substance == m.name) continue;
      std::string key = std::min(u->substance, m.name) + "\n" + std::max(u->substance, m.name);
      if (s.events) key += "\n" + format_day(logical_day(u->at, s.zone, s.in.days));
      if (seen.count(key)) continue;
      auto hit = find_interaction(s.groups_of(m.name), s.groups_of(u->substance));
      if (!hit) continue;
      seen.insert(key);
      Reminder r;
      if (s.in.discreet) {
        bool breathing = any_in(s.groups_of(m.name), kDepressants) &&
                         any_in(s.groups_of(u->substance), kDepressants);
        r = make_reminder("", "safety", "",
                          std::string(breathing ? kDiscreetMedBreathing : kDiscreetMedMix),
                          {std::string(breathing ? kDiscreetDepressantStep : kDiscreetOtherStep)});
      } else {
        std::string name = m.name;
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        r = make_reminder("", "safety", "",
                          fmt::format(fmt::runtime(kMedication), name, hit->fact),
                          {std::string(hit->step)});
        r.substance = m.name + " + " + u->substance;
      }
      r.id = fmt::format("medication:{}:{}", m.name, u->id);
      r.severity = std::string(severity_name(hit->severity));
      r.entry_ids = {u->id};
      r.at = u->at;
      r.summary = fmt::format(fmt::runtime(kMedicationSummary), u->substance, m.name);
      with_help(s, &r);
      out->push_back(std::move(r));
    }
}

// An opioid, benzo or stimulant marked untested: what today's supply holds, and strips.
void untested(const Scope& s, std::vector<Reminder>* out) {
  struct Kind3 {
    std::string_view group, fact, step, short_step, severity;
  };
  static constexpr Kind3 kKinds[] = {
      {"opioid", kUntestedOpioid, kUntestedOpioidStep, kUntestedOpioidStepShort, "unsafe"},
      {"benzodiazepine", kUntestedBenzo, kUntestedBenzoStep, kUntestedBenzoStepShort, "unsafe"},
      {"stimulant", kUntestedStimulant, kUntestedStimulantStep, kUntestedStimulantStepShort,
       "caution"},
  };
  for (const auto* u :
       s.focus(Kind::use, s.in.now - hours{s.in.settings.combination_window_hours})) {
    if (!u->tested || *u->tested) continue;  // only when marked untested, never by default
    for (const auto& k : kKinds) {
      if (!s.has_group(u->substance, k.group)) continue;
      Reminder r =
          s.in.discreet
              ? make_reminder("", "safety", "", std::string(kUntestedDiscreet),
                              {std::string(kUntestedDiscreetStep),
                               std::string(kUntestedDiscreetStepShort)})
              : make_reminder("", "safety", "", std::string(k.fact),
                              {std::string(k.step), std::string(k.short_step)});
      r.id = "untested:" + u->id;
      r.severity = std::string(k.severity);
      r.entry_ids = {u->id};
      r.at = u->at;
      r.summary = fmt::format(fmt::runtime(kUntestedSummary), u->substance);
      if (!s.in.discreet) r.substance = u->substance;
      out->push_back(std::move(r));
      break;
    }
  }
}

std::string_view group_label(std::string_view g) {
  if (g == "opioid") return "opioids";
  if (g == "benzodiazepine") return "benzos";
  if (g == "ghb") return "GHB";
  if (g == "barbiturate") return "barbiturates";
  return g;
}

void tolerance(const Scope& s, std::vector<Reminder>* out) {
  auto brk = date::days{s.in.settings.tolerance_break_days};
  for (const auto* u : s.focus(Kind::use, s.in.now - hours{s.in.settings.combination_window_hours})) {
    for (auto g : s.groups_of(u->substance)) {
      bool loud = kToleranceGroups.count(g) > 0;
      if (!loud && !(g == "alcohol" && s.in.settings.alcohol_notes)) continue;
      // The latest earlier use of the group: uses are by time, so walk back from the end.
      std::optional<Instant> before;
      auto earlier = between(s.uses, Instant::min(), u->at - std::chrono::seconds{1});
      for (auto it = earlier.rbegin(); it != earlier.rend(); ++it)
        if (s.has_group((*it)->substance, g)) {
          before = (*it)->at;
          break;
        }
      if (!before)
        for (const auto& [name, at] : s.in.earlier_uses)
          if (at < u->at && s.has_group(name, g) && (!before || at > *before)) before = at;
      // A first entry for the group is not a break: ebb knows nothing from before.
      if (!before || u->at - *before < brk) continue;
      // A break is what the log shows: something logged on a day between the two uses.
      // Otherwise ebb only knows when the person last logged the group.
      LocalDay first_day = logical_day(*before, s.zone, s.in.days);
      LocalDay last_day = logical_day(u->at, s.zone, s.in.days);
      auto during = between(s.entries, *before + std::chrono::seconds{1},
                            u->at - std::chrono::seconds{1});
      auto between_days = [&](Instant t) {
        LocalDay d = logical_day(t, s.zone, s.in.days);
        return d > first_day && d < last_day;
      };
      bool logged_between =
          std::any_of(during.begin(), during.end(), [&](const Entry* e) { return between_days(e->at); }) ||
          (s.in.last_entry_before && *s.in.last_entry_before > *before &&
           between_days(*s.in.last_entry_before));
      std::string gap = days_text(u->at - *before);
      std::string fact;
      if (s.events)
        fact = kBreakFact;
      else if (s.in.discreet)
        fact = fmt::format(fmt::runtime(logged_between ? kBreakDiscreet : kSinceLoggedDiscreet),
                           gap);
      else if (logged_between)
        fact = fmt::format(fmt::runtime(kBreak), gap, group_label(g));
      else
        fact = fmt::format(fmt::runtime(kSinceLogged), group_label(g), gap);
      Reminder r = make_reminder("tolerance:" + u->id, "tolerance", loud ? "dangerous" : "info",
                                 fact, {std::string(kToleranceStep)});
      r.entry_ids = {u->id};
      r.at = u->at;
      r.summary = logged_between ? fmt::format(fmt::runtime(kBreakSummary), u->substance, gap,
                                               group_label(g))
                                 : fmt::format(fmt::runtime(kSinceLoggedSummary), u->substance,
                                               gap, group_label(g));
      if (!s.in.discreet) r.substance = u->substance;
      with_help(s, &r);
      out->push_back(std::move(r));
      break;
    }
  }
}

// A second dose before the first could act: noted while both may still be kicking in, so the
// time it names is always still to come.
void redose(const Scope& s, std::vector<Reminder>* out) {
  for (const auto* u : s.focus(Kind::use, s.in.now - hours{s.in.settings.combination_window_hours})) {
    SubstanceMatch m = lookup_substance(u->substance);
    if (!m.known || !m.known->onset_max) continue;
    bool drink = m.substance_class == "alcohol";
    if (drink && !s.in.settings.alcohol_notes) continue;  // a second beer is no alarm
    const Entry* prev = nullptr;
    for (const auto* p : s.uses)
      if (p != u && p->substance == u->substance && p->at <= u->at) prev = p;
    auto onset = *m.known->onset_max;
    if (!prev || u->at - prev->at >= onset || prev->at + onset <= s.in.now) continue;
    std::string gap = span_text(u->at - prev->at);
    std::string what = drink ? std::string("drinks") : "doses of " + u->substance;
    Reminder r = make_reminder(
        "redose:" + u->id, "redose",
        drink ? "info" : s.has_group(u->substance, "ghb") ? "unsafe" : "caution",
        s.in.discreet ? fmt::format(fmt::runtime(kRedoseDiscreet), gap)
                      : fmt::format(fmt::runtime(kRedose), what, gap),
        {fmt::format(fmt::runtime(kRedoseStep), format_clock(u->at + onset, s.zone))});
    r.entry_ids = {prev->id, u->id};
    r.at = u->at;
    if (!s.in.discreet) r.substance = u->substance;
    out->push_back(std::move(r));
  }
}

void quiet(const Scope& s, std::vector<Reminder>* out) {
  if (s.just || !s.in.last_entry_at) return;
  auto gap = s.in.now - *s.in.last_entry_at;
  if (gap < date::days{s.in.settings.quiet_days}) return;
  out->push_back(make_reminder(
      "quiet:" + format_day(logical_day(*s.in.last_entry_at, s.zone, s.in.days)), "quiet", "info",
      fmt::format(fmt::runtime(kQuiet), days_text(gap))));
}

// `entries` are those the rules read, in any order (in.entries, or held by the caller).
Scope scope_of(const ReminderInput& in, std::vector<const Entry*> entries) {
  Scope s{in, in.zone ? in.zone : find_zone("UTC"), std::move(entries), {}, nullptr, {}, false,
          {}, {}, {}, {}, 0};
  if (in.just_logged)
    for (const Entry* e : s.entries)
      if (e->id == *in.just_logged) s.just = e;
  // Streamed entries come by time already; sorted ones stay as they are.
  auto by_time = [](const Entry* a, const Entry* b) {
    return a->at != b->at ? a->at < b->at : a->id < b->id;
  };
  if (!std::is_sorted(s.entries.begin(), s.entries.end(), by_time))
    std::stable_sort(s.entries.begin(), s.entries.end(), by_time);
  std::map<std::string_view, uint32_t> numbers;
  for (const auto* e : s.entries)
    if (e->kind == Kind::use) {
      s.uses.push_back(e);
      s.use_substance.push_back(
          numbers.try_emplace(e->substance, static_cast<uint32_t>(numbers.size())).first->second);
    }
  s.substances = numbers.size();
  s.today = logical_day(in.now, s.zone, in.days);
  return s;
}

std::vector<const Entry*> pointers_to(std::span<const Entry> entries) {
  std::vector<const Entry*> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(&e);
  return out;
}

Scope scope_of(const ReminderInput& in) { return scope_of(in, pointers_to(in.entries)); }

// What a step asks for, so two notes never give the same one in other words.
std::vector<std::string> step_concepts(std::string_view step) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"naloxone", "naloxone"},       {"check in", "company"},     {"someone with you", "company"},
      {"sober person", "company"},    {"lower", "less"},           {"less", "less"},
      {"smaller", "less"},            {"small amount", "less"},    {"limit", "less"},
      {"test", "test"},               {"strip", "test"},           {"strips", "test"},
      {"medical help", "medical"},    {"cool down", "cool"},       {"water", "cool"},
      {"pharmacist", "ask"},          {"prescriber", "ask"},       {"sit", "sit"},
      {"lie down", "sit"},            {"waiting", "wait"},         {"note", "note"}};
  std::string text = lower(step);
  auto has = [&](std::string_view w) {
    for (size_t p = text.find(w); p != std::string::npos; p = text.find(w, p + 1)) {
      bool start = p == 0 || !std::isalpha(static_cast<unsigned char>(text[p - 1]));
      size_t end = p + w.size();
      if (start && (end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]))))
        return true;
    }
    return false;
  };
  std::vector<std::string> out;
  for (const auto& [word, idea] : kWords)
    if (has(word) && std::find(out.begin(), out.end(), idea) == out.end())
      out.emplace_back(idea);
  if (out.empty()) out.push_back(text);  // a step of its own kind: only its words repeat it
  return out;
}

}  // namespace

int severity_rank(std::string_view severity) {
  static constexpr std::string_view kOrder[] = {"dangerous", "unsafe", "caution", "info", "good"};
  for (int i = 0; i < 5; ++i)
    if (kOrder[i] == severity) return i;
  return 5;
}

int reminder_class(const Reminder& r) {
  bool dangerous = r.severity == "dangerous";
  if (r.kind == "safety" && dangerous) return 0;
  if (r.kind == "tolerance" && dangerous) return 1;
  if (r.kind == "safety" || r.kind == "tolerance" || r.kind == "redose") return 2;
  if (r.kind == "plan") return 3;
  if (r.kind == "spending") return 4;
  if (r.kind == "encouragement") return 5;
  return 6;
}

void order_reminders(std::vector<Reminder>* list) {
  // Within a class: most severe first, then safety, tolerance, redose, then the rules' order.
  auto kind_rank = [](const Reminder& r) {
    return r.kind == "safety" ? 0 : r.kind == "tolerance" ? 1 : r.kind == "redose" ? 2 : 3;
  };
  std::stable_sort(list->begin(), list->end(), [&](const Reminder& a, const Reminder& b) {
    auto key = [&](const Reminder& r) {
      return std::tuple(reminder_class(r), severity_rank(r.severity), kind_rank(r));
    };
    return key(a) < key(b);
  });
}

bool compose_reminders(std::vector<Reminder>* list, bool quote_why) {
  // The person's words go on a good note when there is one: never only as a reply to a lapse.
  Reminder* why_on = nullptr;
  if (quote_why)
    for (auto& r : *list)
      if (!r.why.empty() && (!why_on || (r.severity == "good" && why_on->severity != "good")))
        why_on = &r;
  std::set<std::string> given;
  for (auto& r : *list) {
    r.text = r.fact;
    for (const auto& step : r.steps) {
      auto concepts = step_concepts(step);
      if (std::any_of(concepts.begin(), concepts.end(),
                      [&](const std::string& c) { return given.count(c) > 0; }))
        continue;
      r.text += " " + step;
      given.insert(concepts.begin(), concepts.end());
      break;
    }
    if (&r == why_on) r.text += fmt::format(fmt::runtime(kWhy), quoted_sentence(r.why));
  }
  return why_on != nullptr;
}

size_t reminders_to_show(const std::vector<Reminder>& list, size_t few) {
  size_t dangerous = static_cast<size_t>(std::count_if(
      list.begin(), list.end(), [](const Reminder& r) { return r.severity == "dangerous"; }));
  return std::min(list.size(), std::max(few, dangerous));
}

std::string_view reminder_lead(const Reminder& r) {
  if (r.severity == "dangerous") return "Safety:";
  if (r.severity == "unsafe" || r.severity == "caution") return "Take care:";
  return "";
}

Instant reminder_entries_since(const ReminderSettings& settings, const DaySettings& days,
                               const Zone* zone, Instant now, bool after_logging) {
  if (!zone) zone = find_zone("UTC");
  LocalDay today = logical_day(now, zone, days);
  LocalDay week = week_begin(today, days);
  // The weekly note reviews the two weeks before this one, in its first two days.
  LocalDay first = !after_logging && today - week < date::days{2} ? week - date::days{14} : week;
  // A review reads from the week before its first day (ReviewInput; see entries_for()).
  Instant from = day_begin(first - date::days{8}, zone, days);
  from = std::min(from, now - date::days{settings.quiet_days + 1});
  return std::min(from, now - 2 * hours{settings.combination_window_hours} - hours{24});
}

std::vector<Reminder> compute_reminders(const ReminderInput& in) {
  Scope s = scope_of(in);
  if (in.just_logged && !s.just) return {};

  std::vector<Reminder> out;
  alone(s, &out);
  safety(s, &out);
  untested(s, &out);
  tolerance(s, &out);
  redose(s, &out);
  plan_reminders(s, &out);
  encouragement_reminders(s, &out);
  quiet(s, &out);

  std::vector<Reminder> unique;
  for (auto& r : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const Reminder& u) { return u.id == r.id; }))
      unique.push_back(std::move(r));
  for (auto& r : unique) r.day = logical_day(r.at == Instant{} ? in.now : r.at, s.zone, in.days);
  order_reminders(&unique);
  // A note that reads like one before it (a second dose alone, two discreet pairs) is said
  // once, the same in text and JSON.
  std::set<std::string> said;
  std::erase_if(unique, [&](const Reminder& r) { return !said.insert(r.fact).second; });
  compose_reminders(&unique, in.quote_why);
  return unique;
}

void keep_safety_fields(const Entry& from, Entry& into) {
  into.id = from.id;
  into.kind = from.kind;
  into.at = from.at;
  into.substance = from.substance;
  into.alone = from.alone;
  into.tested = from.tested;
}

std::vector<Reminder> safety_events(const ReminderInput& in, Instant from, Instant until) {
  return safety_events(in, pointers_to(in.entries), from, until);
}

std::vector<Reminder> safety_events(const ReminderInput& in, std::vector<const Entry*> entries,
                                    Instant from, Instant until) {
  ReminderInput copy = in;
  copy.just_logged.reset();
  copy.entries = {};
  Scope s = scope_of(copy, std::move(entries));
  s.events = true;
  s.from = from;
  s.until = until;
  std::vector<Reminder> out;
  alone(s, &out);
  safety(s, &out);
  untested(s, &out);
  tolerance(s, &out);
  // By time; at one time, in the documented order.
  order_reminders(&out);
  std::stable_sort(out.begin(), out.end(),
                   [](const Reminder& a, const Reminder& b) { return a.at < b.at; });
  // What happened, for looking back: the facts without the steps for right now.
  for (auto& r : out) {
    r.steps.clear();
    r.day = logical_day(r.at, s.zone, in.days);
  }
  compose_reminders(&out, false);
  return out;
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
  for (auto t : {kMixing, kMedication, kDiscreetMedBreathing, kDiscreetMedMix, kMedicationSummary,
                 kDiscreetBreathing, kDiscreetMix, kDiscreetDepressantStep,
                 kDiscreetOtherStep, kMixSummary, kAloneBreathing, kAloneSedated,
                 kAloneNaloxoneStep, kAloneStep, kAloneSummary, kUntestedOpioid,
                 kUntestedOpioidStep, kUntestedOpioidStepShort, kUntestedBenzo,
                 kUntestedBenzoStep, kUntestedBenzoStepShort, kUntestedStimulant,
                 kUntestedStimulantStep, kUntestedStimulantStepShort, kUntestedDiscreet,
                 kUntestedDiscreetStep, kUntestedDiscreetStepShort, kUntestedSummary, kBreak,
                 kSinceLogged, kBreakDiscreet, kSinceLoggedDiscreet, kToleranceStep,
                 kBreakSummary, kSinceLoggedSummary, kBreakFact, kRedose, kRedoseDiscreet,
                 kRedoseStep,
                 kQuiet, kWhy})
    out.emplace_back(t);
  for (const auto& i : interaction_table()) {
    out.emplace_back(i.fact);
    out.emplace_back(i.step);
  }
  for (auto& p : plan_phrases()) out.push_back(std::move(p));
  return out;
}

}  // namespace ebb
