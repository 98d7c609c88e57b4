// `ebb now`, the pure part: phases from the catalog's onset and duration (TripSit figures,
// data/catalog.toml), spacing from the plan in force now, open combination windows from the
// interaction table.
#include "ebb/core/now.hpp"

#include <algorithm>
#include <map>

#include "ebb/core/catalog.hpp"
#include "ebb/core/interactions.hpp"

namespace ebb {

namespace {

const PlanVersion* plan_in_force(std::span<const PlanVersion> versions, Instant t) {
  const PlanVersion* best = nullptr;
  for (const auto& v : versions)
    if (v.saved_at <= t && (!best || v.saved_at >= best->saved_at)) best = &v;
  return best;
}

void set_phase(SubstanceNow* s, const Substance& known, Instant now) {
  if (!known.onset_max) return;
  auto since = now - s->last;
  if (since < *known.onset_max) {
    s->phase = "coming up";
    s->phase_ends = s->last + *known.onset_max;
    s->redose_after = s->phase_ends;
    return;
  }
  if (!known.duration_min || !known.duration_max) return;
  if (since < *known.duration_min) {
    s->phase = "in effect";
    s->phase_ends = s->last + *known.duration_min;
  } else if (since < *known.duration_max) {
    s->phase = "wearing off";
    s->phase_ends = s->last + *known.duration_max;
  } else {
    s->phase = "likely worn off";
  }
}

}  // namespace

NowStatus compute_now(const NowInput& in) {
  NowStatus out;
  auto window = std::chrono::hours{in.combination_window_hours};
  std::vector<const Entry*> uses;
  for (const auto& e : in.entries)
    if (e.kind == Kind::use && e.at <= in.now && in.now - e.at <= kNowLookback) uses.push_back(&e);
  std::stable_sort(uses.begin(), uses.end(), [](const Entry* a, const Entry* b) {
    return a->at != b->at ? a->at > b->at : a->id > b->id;
  });

  const PlanVersion* plan = plan_in_force(in.versions, in.now);
  std::map<std::string, size_t> index;
  for (const auto* u : uses) {
    auto [it, added] = index.try_emplace(u->substance, out.substances.size());
    if (!added) {
      ++out.substances[it->second].uses;
      continue;
    }
    SubstanceNow s;
    s.substance = u->substance;
    s.substance_class = u->substance_class;
    s.last = u->at;
    s.uses = 1;
    SubstanceMatch m = lookup_substance(u->substance);
    if (m.known) set_phase(&s, *m.known, in.now);
    if (plan)
      if (auto rules = rules_for(plan->plan, u->substance, u->substance_class, in.today);
          rules && rules->min_hours_between) {
        auto gap = std::chrono::seconds{
            static_cast<long long>(*rules->min_hours_between * 3600.0 + 0.5)};
        if (s.last + gap > in.now) s.plan_after = s.last + gap;
      }
    if (s.last + window > in.now) s.mix_until = s.last + window;
    out.substances.push_back(std::move(s));
  }

  // Open mixes: two substances used within the window of each other, the later one's window
  // still open; or a use in its window with a standing medication.
  auto groups = [](const std::string& name) { return interaction_groups(lookup_substance(name)); };
  for (size_t i = 0; i < out.substances.size(); ++i) {
    const auto& later = out.substances[i];
    if (!later.mix_until) continue;
    for (size_t j = i + 1; j < out.substances.size(); ++j) {
      const auto& earlier = out.substances[j];
      if (later.last - earlier.last > window) continue;
      auto hit = find_interaction(groups(earlier.substance), groups(later.substance));
      if (!hit) continue;
      out.mixes.push_back({earlier.substance, later.substance,
                           std::string(severity_name(hit->severity)), *later.mix_until, false});
    }
    for (const auto& m : in.medications) {
      if (m.name == later.substance) continue;
      auto hit = find_interaction(groups(m.name), groups(later.substance));
      if (!hit) continue;
      out.mixes.push_back({later.substance, m.name, std::string(severity_name(hit->severity)),
                           *later.mix_until, true});
    }
  }
  auto rank = [](const std::string& s) { return s == "dangerous" ? 0 : s == "unsafe" ? 1 : 2; };
  std::stable_sort(out.mixes.begin(), out.mixes.end(), [&](const OpenMix& a, const OpenMix& b) {
    return rank(a.severity) < rank(b.severity);
  });
  return out;
}

}  // namespace ebb
