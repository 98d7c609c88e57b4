#include <algorithm>
#include <map>
#include <set>

#include "ebb/core/catalog.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

namespace {

struct Item {
  std::string name;
  bool is_class = false;
  std::string substance_class;  // of the substance, for class rules
};

std::optional<double> in_unit(double value, const std::string& from, const std::string& to,
                              std::optional<double> abv, const DrinkSettings& drinks) {
  if (from == to) return value;
  return convert_amount(value, from, to, abv, drinks);
}

const Plan* plan_by_id(const ReviewInput& in, const std::optional<int64_t>& id) {
  if (!id) return nullptr;
  for (const auto& v : in.versions)
    if (v.id == *id) return &v.plan;
  return nullptr;
}

// The rules for an item as in force on `day` (its stage, when the section has stages).
std::optional<SubstancePlan> rules_for_item(const Plan* plan, const Item& item, LocalDay day) {
  if (!plan) return std::nullopt;
  if (!item.is_class) return rules_for(*plan, item.name, item.substance_class, day);
  for (const auto& p : plan->substances)
    if (p.is_class && p.name == item.name) return p.on(day);
  return std::nullopt;
}

template <class E>
void add_urge(UrgeSummary* s, const E& e, double* intensity_sum, int* rated) {
  ++s->count;
  if (e.outcome == Outcome::rode_out) ++s->ridden_out;
  if (e.outcome == Outcome::other) ++s->met_another_way;
  s->not_acted_on = s->ridden_out + s->met_another_way;
  if (e.intensity) *intensity_sum += *e.intensity, ++*rated;
}

void finish_urges(UrgeSummary* s, double intensity_sum, int rated) {
  if (rated > 0) s->mean_intensity = intensity_sum / rated;
}

}  // namespace

namespace {

template <class E>
void summarise(const ReviewInput& in, std::span<const E> entries, ReviewResult* r) {
  const Zone* zone = in.zone ? in.zone : find_zone("UTC");
  const Period& p = r->period;
  auto in_period = [&](const E& e, LocalDay* day) {
    *day = logical_day(e.at, zone, in.days);
    return !r->days.empty() && *day >= p.first && *day <= p.last;
  };
  const Plan* latest = r->days.empty() ? nullptr : plan_by_id(in, r->days.back().plan_version);
  if (latest) {
    r->why = latest->why;
    r->when_urge = latest->when_urge;
  }

  // What to summarise: each substance used, in order of first use, then what the plan names.
  std::vector<const E*> uses, urges;
  std::vector<LocalDay> use_day;
  std::vector<Item> items;
  std::vector<std::pair<LocalDay, const E*>> nones;
  for (const auto& e : entries) {
    LocalDay d;
    if (e.kind == Kind::urge && in_period(e, &d)) urges.push_back(&e);
    if (e.kind == Kind::none && in_period(e, &d)) nones.emplace_back(d, &e);
    if (e.kind != Kind::use || !in_period(e, &d)) continue;
    uses.push_back(&e), use_day.push_back(d);
  }
  // The unit each use's amount is in, worked out once per substance and unit as logged.
  std::map<std::pair<std::string_view, std::string_view>, std::string> unit_of;
  auto from_unit = [&](const E& e) -> const std::string& {
    auto [it, added] = unit_of.try_emplace({e.substance, e.unit});
    if (added) {
      it->second = e.unit.empty() ? usual_unit_of(e.substance) : canonical_unit(e.unit);
      if (it->second.empty()) it->second = e.unit;
    }
    return it->second;
  };
  // In order of time: as they are when read from the store, else sorted (stably) by index.
  auto earlier = [](const E* a, const E* b) { return a->at < b->at; };
  std::vector<size_t> order;
  if (!std::is_sorted(uses.begin(), uses.end(), earlier)) {
    order.resize(uses.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return earlier(uses[a], uses[b]); });
  }
  for (size_t k = 0; k < uses.size(); ++k) {
    size_t i = order.empty() ? k : order[k];
    if (std::none_of(items.begin(), items.end(),
                     [&](const Item& it) { return it.name == uses[i]->substance; }))
      items.push_back({uses[i]->substance, false, uses[i]->substance_class});
  }
  if (latest)
    for (const auto& sp : latest->substances) {
      bool covered = std::any_of(items.begin(), items.end(), [&](const Item& it) {
        return sp.is_class ? it.substance_class == sp.name : it.name == sp.name;
      });
      if (!covered)
        items.push_back({sp.name, sp.is_class,
                         sp.is_class ? sp.name : lookup_substance(sp.name).substance_class});
    }

  for (const auto& item : items) {
    SubstanceSummary s;
    s.name = item.name;
    s.is_class = item.is_class;
    auto matches = [&](const E& e) {
      return item.is_class ? e.substance_class == item.name : e.substance == item.name;
    };
    auto rules = r->days.empty() ? std::nullopt : rules_for_item(latest, item, r->days.back().date);
    std::string usual = item.is_class ? "" : usual_unit_of(item.name);
    for (const auto* limit : {rules && rules->max_per_day ? &*rules->max_per_day : nullptr,
                              rules && rules->max_per_week ? &*rules->max_per_week : nullptr,
                              rules && rules->max_per_occasion ? &*rules->max_per_occasion
                                                               : nullptr})
      if (limit && s.unit.empty()) s.unit = limit->unit.empty() ? usual : limit->unit;
    if (s.unit.empty()) s.unit = usual;
    for (size_t i = 0; i < uses.size() && s.unit.empty(); ++i)
      if (matches(*uses[i]) && uses[i]->amount) {
        s.unit = canonical_unit(uses[i]->unit);
        if (s.unit.empty()) s.unit = uses[i]->unit;
      }

    std::map<LocalDay, SubstanceSummary::Day> per_day;
    for (size_t i = 0; i < uses.size(); ++i) {
      const E& e = *uses[i];
      if (!matches(e)) continue;
      ++s.uses;
      SubstanceSummary::Day& day = per_day[use_day[i]];
      day.date = use_day[i];
      ++day.uses;
      s.spent += e.cost.value_or(0);
      const std::string& from = from_unit(e);
      auto a = amount_in_unit(e, s.unit, in.drinks, from);
      if (!a) {
        ++s.uncounted_uses;
        ++day.uncounted;
        continue;
      }
      s.total += *a;
      day.amount += *a;
    }
    s.use_days = static_cast<int>(per_day.size());
    for (const auto& [d, v] : per_day) {
      s.max_in_a_day = std::max(s.max_in_a_day, v.amount);
      s.days.push_back(v);
    }
    if (rules) {
      auto limit_in_unit = [&](const std::optional<Amount>& a) -> std::optional<double> {
        if (!a) return std::nullopt;
        return in_unit(a->value, a->unit.empty() ? usual : a->unit, s.unit, std::nullopt, in.drinks);
      };
      // A one-day review (today, for the reminders) reads that weekday's own limit.
      s.limit_per_day = limit_in_unit(
          r->days.size() == 1 ? rules->max_per_day_on(date::weekday{r->days.front().date})
                              : rules->max_per_day);
      s.limit_per_week = limit_in_unit(rules->max_per_week);
      if (rules->max_use_days_per_week) {
        s.planned_use_days = *rules->max_use_days_per_week * double(r->days.size()) / 7.0;
        s.planned_use_days_per_week = *rules->max_use_days_per_week;
      }
    }
    // Days off are read against the version in force on each day. A planned day off counts
    // once the day counts: today only when a none for it (or for everything) was logged.
    for (const auto& day : r->days) {
      auto day_rules = rules_for_item(plan_by_id(in, day.plan_version), item, day.date);
      if (!day_rules || !day_rules->days_off) continue;
      const auto& off = *day_rules->days_off;
      if (std::find(off.begin(), off.end(), date::weekday{day.date}) == off.end()) continue;
      if (day.state == DayState::untracked) continue;
      bool none = std::any_of(nones.begin(), nones.end(), [&](const auto& n) {
        return n.first == day.date && none_covers(n.second->substance, item.name);
      });
      bool used = per_day.count(day.date) > 0;
      if (!used && day.date == r->today && !none) continue;  // today is still going
      ++s.days_off_planned;
      if (!used) ++s.days_off_kept;
    }
    double sum = 0;
    int rated = 0;
    for (const E* e : urges)
      if (matches(*e)) add_urge(&s.urges, *e, &sum, &rated);
    finish_urges(&s.urges, sum, rated);
    r->substances.push_back(std::move(s));
  }

  double sum = 0;
  int rated = 0;
  for (const E* e : urges) add_urge(&r->urges, *e, &sum, &rated);
  finish_urges(&r->urges, sum, rated);

  for (const auto* e : uses) r->spending.total += e->cost.value_or(0);
  if (latest) {
    r->spending.max_per_week = latest->spending.max_per_week;
    r->spending.currency = latest->spending.currency;
  }
  std::set<LocalDay> weeks_over;
  for (const auto& day : r->days)
    for (const auto& f : day.findings)
      if (f.rule == "spending_per_week") weeks_over.insert(week_begin(day.date, in.days));
  r->spending.weeks_over = static_cast<int>(weeks_over.size());

  ReviewTotals& t = r->totals;
  t.period_days = static_cast<int>(r->days.size());
  for (const auto& day : r->days) {
    t.logged_days += day.logged;
    for (const auto& u : day.uncounted) t.uncounted_uses += static_cast<int>(u.entry_ids.size());
    if (day.state == DayState::untracked) {
      ++t.untracked_days;
      continue;
    }
    if (day.state == DayState::open) {
      t.today_open = true;
      continue;
    }
    if (!day.has_plan) {
      ++t.days_without_plan;
      continue;
    }
    ++t.days;
    t.days_within_plan += day.within_plan;
  }
  if (!r->days.empty() && r->days.front().state == DayState::untracked)
    for (const auto& day : r->days)
      if (day.state != DayState::untracked) {
        t.log_starts = day.date;
        break;
      }
  if (t.days > 0) t.percent_days_within_plan = 100.0 * t.days_within_plan / t.days;
  if (!r->days.empty()) {
    // A full week counts when each of its days was counted against a plan.
    LocalDay start = p.first + (in.days.week_start - date::weekday{p.first});
    for (LocalDay w = start; w + date::days{6} <= p.last; w += date::days{7}) {
      bool all_counted = true, all_within = true;
      for (const auto& day : r->days)
        if (day.date >= w && day.date <= w + date::days{6}) {
          all_counted = all_counted && day.has_plan && counted(day.state);
          all_within = all_within && day.within_plan;
        }
      if (!all_counted) continue;
      ++t.weeks_counted;
      t.weeks_meeting_plan += all_within;
    }
  }
}

}  // namespace

void summarise_review(const ReviewInput& in, ReviewResult* r) {
  if (in.rows.empty()) summarise(in, in.entries, r);
  else summarise(in, in.rows, r);
}

}  // namespace ebb
