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

ReviewSummary::ReviewSummary(const ReviewInput& in)
    : in_(in), zone_(in.zone ? in.zone : find_zone("UTC")), period_(in.period) {
  LocalDay today = logical_day(in.now, zone_, in.days);
  if (period_.last > today) period_.last = today;
  any_days_ = period_.first <= period_.last;
  if (!any_days_) return;
  // The plan of the last day reviewed (ReviewDay::plan_version): a cleared plan is none.
  const PlanVersion* v = version_in_force(in, period_.last, zone_);
  if (v && !v->plan.empty()) latest_ = plan_by_id(in, v->id);
}

void ReviewSummary::add(const Entry& e) { take(e); }
void ReviewSummary::add(const TrendEntry& e) { take(e); }

template <class E>
void ReviewSummary::take(const E& e) {
  if (!any_days_) return;
  if (e.kind != Kind::use && e.kind != Kind::urge && e.kind != Kind::none) return;
  LocalDay day = logical_day(e.at, zone_, in_.days);
  if (day < period_.first || day > period_.last) return;
  if (e.kind == Kind::none) {
    nones_.emplace(day, std::string(e.substance));
    return;
  }
  if (e.kind == Kind::urge) {
    for (Urges* u : {&urges_, &urges_of_substance_[std::string(e.substance)],
                     &urges_of_class_[std::string(e.substance_class)]})
      add_urge(&u->s, e, &u->intensity_sum, &u->rated);
    return;
  }
  // A use: its substance's summary, begun at its first use.
  auto at = used_index_.find(std::string_view(e.substance));
  if (at == used_index_.end()) {
    at = used_index_.emplace(std::string(e.substance), used_.size()).first;
    Used& u = used_.emplace_back();
    u.name = e.substance;
    u.substance_class = e.substance_class;
    u.s.name = u.name;
    u.rules = latest_ ? rules_for_item(latest_, Item{u.name, false, u.substance_class}, period_.last)
                      : std::nullopt;
    u.usual = usual_unit_of(u.name);
    // The unit of its totals: its first amount limit's, else its usual one, else (below)
    // that of its first use with an amount.
    const auto& r = u.rules;
    for (const auto* limit : {r && r->max_per_day ? &*r->max_per_day : nullptr,
                              r && r->max_per_week ? &*r->max_per_week : nullptr,
                              r && r->max_per_occasion ? &*r->max_per_occasion : nullptr})
      if (limit && u.s.unit.empty()) u.s.unit = limit->unit.empty() ? u.usual : limit->unit;
    if (u.s.unit.empty()) u.s.unit = u.usual;
  }
  Used& u = used_[at->second];
  SubstanceSummary& s = u.s;
  if (s.unit.empty() && e.amount) {
    s.unit = canonical_unit(e.unit);
    if (s.unit.empty()) s.unit = e.unit;
  }
  ++s.uses;
  // Its days, in order: rows come by time, so a day is the last one or a new one after it,
  // except across the hour clocks repeat in autumn when the day starts inside it.
  std::vector<SubstanceSummary::Day>& days = s.days;
  auto at_day = days.end();
  if (days.empty() || days.back().date < day) {
    at_day = days.insert(days.end(), SubstanceSummary::Day{day});
  } else {
    at_day = std::lower_bound(days.begin(), days.end(), day,
                              [](const SubstanceSummary::Day& x, LocalDay d) { return x.date < d; });
    if (at_day == days.end() || at_day->date != day)
      at_day = days.insert(at_day, SubstanceSummary::Day{day});
  }
  SubstanceSummary::Day& d = *at_day;
  ++d.uses;
  s.spent += e.cost.value_or(0);
  spent_ += e.cost.value_or(0);
  // The unit each use's amount is in, worked out once per substance and unit as logged.
  auto [it, fresh] = unit_of_.try_emplace({std::string(e.substance), std::string(e.unit)});
  if (fresh) {
    it->second = e.unit.empty() ? usual_unit_of(e.substance) : canonical_unit(e.unit);
    if (it->second.empty()) it->second = e.unit;
  }
  auto a = amount_from_unit(e, it->second, s.unit, in_.drinks);
  if (!a) {
    ++s.uncounted_uses;
    ++d.uncounted;
    return;
  }
  s.total += *a;
  d.amount += *a;
}

void ReviewSummary::finish(ReviewResult* r) && {
  const ReviewInput& in = in_;
  const Period& p = r->period;
  const Plan* latest = latest_;
  if (latest) {
    r->why = latest->why;
    r->when_urge = latest->when_urge;
  }
  auto urges_of = [](const std::map<std::string, Urges, std::less<>>& m,
                     const std::string& name) {
    auto it = m.find(name);
    return it == m.end() ? Urges{} : it->second;
  };
  auto days_off = [&](const Item& item, SubstanceSummary* s) {
    auto used_on = [&](LocalDay d) {
      return std::binary_search(
          s->days.begin(), s->days.end(), SubstanceSummary::Day{d},
          [](const SubstanceSummary::Day& a, const SubstanceSummary::Day& b) {
            return a.date < b.date;
          });
    };
    // Days off are read against the version in force on each day. A planned day off counts
    // once the day counts: today only when a none for it (or for everything) was logged.
    for (const auto& day : r->days) {
      auto day_rules = rules_for_item(plan_by_id(in, day.plan_version), item, day.date);
      if (!day_rules || !day_rules->days_off) continue;
      const auto& off = *day_rules->days_off;
      if (std::find(off.begin(), off.end(), date::weekday{day.date}) == off.end()) continue;
      if (day.state == DayState::untracked) continue;
      auto [from, to] = nones_.equal_range(day.date);
      bool none = std::any_of(from, to, [&](const auto& n) {
        return none_covers(n.second, item.name);
      });
      bool used = used_on(day.date);
      if (!used && day.date == r->today && !none) continue;  // today is still going
      ++s->days_off_planned;
      if (!used) ++s->days_off_kept;
    }
  };
  auto limits = [&](const std::optional<SubstancePlan>& rules, const std::string& usual,
                    SubstanceSummary* s) {
    if (!rules) return;
    auto limit_in_unit = [&](const std::optional<Amount>& a) -> std::optional<double> {
      if (!a) return std::nullopt;
      return in_unit(a->value, a->unit.empty() ? usual : a->unit, s->unit, std::nullopt, in.drinks);
    };
    // A one-day review (today, for the reminders) reads that weekday's own limit.
    s->limit_per_day = limit_in_unit(
        r->days.size() == 1 ? rules->max_per_day_on(date::weekday{r->days.front().date})
                            : rules->max_per_day);
    s->limit_per_week = limit_in_unit(rules->max_per_week);
    if (rules->max_use_days_per_week) {
      s->planned_use_days = *rules->max_use_days_per_week * double(r->days.size()) / 7.0;
      s->planned_use_days_per_week = *rules->max_use_days_per_week;
    }
  };

  // Each substance used, in order of first use, then what the plan names.
  for (auto& u : used_) {
    SubstanceSummary s = std::move(u.s);
    s.use_days = static_cast<int>(s.days.size());
    for (const auto& v : s.days) s.max_in_a_day = std::max(s.max_in_a_day, v.amount);
    limits(u.rules, u.usual, &s);
    days_off(Item{u.name, false, u.substance_class}, &s);
    Urges urges = urges_of(urges_of_substance_, u.name);
    s.urges = urges.s;
    finish_urges(&s.urges, urges.intensity_sum, urges.rated);
    r->substances.push_back(std::move(s));
  }
  std::vector<Item> items;  // summarised so far
  for (const auto& u : used_) items.push_back({u.name, false, u.substance_class});
  if (latest)
    for (const auto& sp : latest->substances) {
      bool covered = std::any_of(items.begin(), items.end(), [&](const Item& it) {
        return sp.is_class ? it.substance_class == sp.name : it.name == sp.name;
      });
      if (covered) continue;
      Item item{sp.name, sp.is_class,
                sp.is_class ? sp.name : lookup_substance(sp.name).substance_class};
      items.push_back(item);
      // Named by the plan, not used (a substance keeps the class of its first use).
      SubstanceSummary s;
      s.name = item.name;
      s.is_class = item.is_class;
      auto rules = rules_for_item(latest, item, r->days.back().date);
      std::string usual = item.is_class ? "" : usual_unit_of(item.name);
      for (const auto* limit : {rules && rules->max_per_day ? &*rules->max_per_day : nullptr,
                                rules && rules->max_per_week ? &*rules->max_per_week : nullptr,
                                rules && rules->max_per_occasion ? &*rules->max_per_occasion
                                                                 : nullptr})
        if (limit && s.unit.empty()) s.unit = limit->unit.empty() ? usual : limit->unit;
      if (s.unit.empty()) s.unit = usual;
      limits(rules, usual, &s);
      days_off(item, &s);
      Urges urges = urges_of(item.is_class ? urges_of_class_ : urges_of_substance_, item.name);
      s.urges = urges.s;
      finish_urges(&s.urges, urges.intensity_sum, urges.rated);
      r->substances.push_back(std::move(s));
    }

  r->urges = urges_.s;
  finish_urges(&r->urges, urges_.intensity_sum, urges_.rated);

  r->spending.total += spent_;
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

namespace {

// The entries (or rows) by time: as the store gives them, else sorted (stably).
template <class E>
void feed(ReviewSummary* s, std::span<const E> entries) {
  auto earlier = [](const E& a, const E& b) { return a.at < b.at; };
  if (std::is_sorted(entries.begin(), entries.end(), earlier)) {
    for (const E& e : entries) s->add(e);
    return;
  }
  std::vector<const E*> order;
  order.reserve(entries.size());
  for (const E& e : entries) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(),
                   [&](const E* a, const E* b) { return earlier(*a, *b); });
  for (const E* e : order) s->add(*e);
}

}  // namespace

void summarise_review(const ReviewInput& in, ReviewResult* r) {
  ReviewSummary s(in);
  if (in.rows.empty()) feed(&s, in.entries);
  else feed(&s, in.rows);
  std::move(s).finish(r);
}

}  // namespace ebb
