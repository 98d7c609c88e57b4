#include "ebb/core/review.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>
#include <type_traits>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/spending.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/util/chart.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

using std::chrono::minutes;
constexpr double kSlack = 1e-9;  // amounts converted between units are not exact

// A text field of either kind of row as the std::string it is (or stands for).
const std::string& text(const std::string& s) { return s; }
const std::string& text(Interned s) { return s.str(); }

// Whether a reason or a note on the entry says what was going on.
bool explains(const Entry& e) { return !e.reason.empty() || !e.note.empty(); }
bool explains(const TrendEntry& e) { return e.explained; }

// What the catalog says about one substance as logged with one class and unit: the same for
// each of its uses, so worked out once.
struct UseFacts {
  std::vector<std::string> names;  ///< substance, class and interaction groups
  std::string unit;  ///< the amount's unit, canonical (the usual one when none)
};

// The review reads whole entries (a week or three for the reminders) or the rows a long
// period is read into (TrendEntry, ReviewInput::rows): the same rules over either.
// 24 bytes a use: ten years at 1M entries hold some 700 000.
template <class E>
struct Use {
  const E* e;
  LocalDay day;
  std::chrono::duration<int32_t, std::ratio<60>> into_day;  ///< local clock time, in minutes
                                                            ///< from the person's day start
  const UseFacts* facts;
};

using Indices = std::vector<uint32_t>;  // into Context::uses, ascending (so by time)

// Orders keys of three texts, and finds one by three views of texts without copying them.
struct TextsLess {
  using is_transparent = void;
  using Views = std::tuple<std::string_view, std::string_view, std::string_view>;
  template <class T>
  static Views views(const T& t) {
    return {std::get<0>(t), std::get<1>(t), std::get<2>(t)};
  }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return views(a) < views(b);
  }
};

template <class E>
struct Context {
  const ReviewInput& in;
  const Zone* zone;
  std::vector<Use<E>> uses;                                        // by time
  std::map<std::string, Indices, std::less<>> by_substance;
  std::map<LocalDay, Indices> by_day;
  std::map<std::string, std::map<LocalDay, Indices>> by_substance_day;
  std::map<std::string, std::string> class_of;
  // By substance, class and unit.
  std::map<std::tuple<std::string, std::string, std::string>, UseFacts, TextsLess> facts;
  // The ids the findings name, each use's kept once however many findings of this context
  // name it (EntryIds), with whether its entry says what was going on (shared by the
  // contexts of one review).
  std::shared_ptr<IdTable> ids;
  std::vector<bool>* ref_explains;           // per number in `ids`
  mutable std::vector<uint32_t> ref;         // per use: its number in `ids`, or kNoRef
  static constexpr uint32_t kNoRef = UINT32_MAX;

  uint32_t ref_of(const Use<E>& u) const {
    auto i = static_cast<size_t>(&u - uses.data());
    if (ref[i] == kNoRef) {
      ref[i] = ids->add(u.e->id);
      ref_explains->push_back(explains(*u.e));
    }
    return ref[i];
  }
  EntryIds ids_of(std::vector<uint32_t> refs) const { return EntryIds(ids, std::move(refs)); }

  // Each day's uses are looked up, not searched for, so a long period costs in proportion
  // to its days and uses rather than their product.
  const Indices& on_day(LocalDay d) const {
    auto it = by_day.find(d);
    return it == by_day.end() ? none : it->second;
  }
  const Indices& on_day(const std::string& s, LocalDay d) const {
    auto it = by_substance_day.find(s);
    if (it == by_substance_day.end()) return none;
    auto jt = it->second.find(d);
    return jt == it->second.end() ? none : jt->second;
  }
  // The uses of [from, to] (of one substance when `s` is given), by time.
  Indices between(const std::string* s, LocalDay from, LocalDay to) const {
    Indices out;
    for (LocalDay d = from; d <= to; d += date::days{1}) {
      const Indices& day = s ? on_day(*s, d) : on_day(d);
      out.insert(out.end(), day.begin(), day.end());
    }
    std::sort(out.begin(), out.end());  // days follow time except across a DST overlap
    return out;
  }
  Indices none;
};

std::string unit_or_usual(const std::string& unit, const std::string& usual) {
  return unit.empty() ? usual : unit;
}

// Entries carry canonical units already; canonicalising again costs nothing and keeps
// imported or hand-edited rows comparable.
template <class E>
std::string entry_unit(const E& e, const std::string& usual) {
  if (e.unit.empty()) return usual;
  std::string canonical = canonical_unit(e.unit);
  return canonical.empty() ? e.unit : canonical;
}

template <class E>
std::optional<double> amount_in(const Use<E>& u, const std::string& unit,
                                const DrinkSettings& drinks) {
  return amount_from_unit(*u.e, u.facts->unit, unit, drinks);  // facts->unit: entry_unit
}

std::string rounded_amount_text(double v, const std::string& unit) {
  return unit.empty() ? fmt::format("{}", round2(v)) : format_amount(round2(v), unit);
}

std::string duration_text(std::chrono::seconds gap) {
  auto m = std::chrono::duration_cast<minutes>(gap).count();
  if (m < 60) return count_text(static_cast<int>(m), "minute", "minutes");
  std::string h = count_text(static_cast<int>(m / 60), "hour", "hours");
  return m % 60 ? h + " " + count_text(static_cast<int>(m % 60), "minute", "minutes") : h;
}

std::string hours_text(double h) { return fmt::format("{} {}", h, h == 1 ? "hour" : "hours"); }

std::string clock_text(minutes m) { return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60); }

minutes from_day_start(minutes clock, const DaySettings& days) {
  return minutes{((clock - days.day_start).count() % 1440 + 1440) % 1440};
}

// A use as the feed holds it (ReviewFeed): by value, with its id and its number in the id
// table once a finding names it. Copies point their row at their own id.
template <class E>
struct Held;
template <>
struct Held<TrendEntry> {
  Held(const TrendEntry& row, std::string_view row_id) : e(row) { keep(row_id); }
  Held(const Held& o) : e(o.e), ref(o.ref) { keep(o.e.id); }
  Held& operator=(const Held& o) {
    if (this != &o) e = o.e, ref = o.ref, keep(o.e.id);
    return *this;
  }
  TrendEntry e;
  uint32_t ref = UINT32_MAX;  // none yet (Context::kNoRef)

 private:
  // An id of the usual length is kept in place: a long period holds and drops a use at a
  // time, and an allocation each was a tenth of the review's time.
  void keep(std::string_view id) {
    if (id.size() <= short_.size()) {
      std::copy(id.begin(), id.end(), short_.begin());
      e.id = std::string_view(short_.data(), id.size());
    } else {
      long_.assign(id);
      e.id = long_;
    }
  }
  std::array<char, 32> short_{};
  std::string long_;
};
template <>
struct Held<Entry> {
  Held(const Entry& entry, std::string_view) : e(entry) {}
  Entry e;
  uint32_t ref = UINT32_MAX;  // none yet (Context::kNoRef)
};

const Entry& entry_of(const Entry& e) { return e; }
const TrendEntry& entry_of(const TrendEntry& e) { return e; }
template <class E>
const E& entry_of(const Held<E>& h) { return h.e; }

// A part of the uses held, for build: std::ranges::subrange would do, but clang 14 with GCC
// 12's library doesn't take a deque's iterators for a range (the sanitizer build).
template <class It>
struct Part {
  It first, last;
  It begin() const { return first; }
  It end() const { return last; }
};

// The uses of `before` (earlier than any of `entries`) and of `entries` (a range of entries,
// rows or held uses), indexed.
template <class E, class Entries>
Context<E> build(const ReviewInput& in, std::span<const E* const> before,
                 const Entries& entries, const Zone* zone, std::shared_ptr<IdTable> ids,
                 std::vector<bool>* ref_explains) {
  Context<E> c{in, zone, {}, {}, {}, {}, {}, {}, std::move(ids), ref_explains, {}, {}};
  auto is_use = [](const auto& x) { return entry_of(x).kind == Kind::use; };
  c.uses.reserve(before.size() +
                 static_cast<size_t>(std::count_if(entries.begin(), entries.end(), is_use)));
  auto add = [&](const E& e) {
    if (e.kind != Kind::use) return;
    // Looked up by the texts as they are; copied only for a new key.
    const std::tuple<std::string_view, std::string_view, std::string_view> key{
        text(e.substance), text(e.substance_class), text(e.unit)};
    auto it = c.facts.find(key);
    if (it == c.facts.end()) {
      it = c.facts.emplace(key, UseFacts{}).first;
      SubstanceMatch match = lookup_substance(e.substance);
      it->second.names = {e.substance, e.substance_class};
      for (auto g : interaction_groups(match)) it->second.names.emplace_back(g);
      it->second.unit = entry_unit(e, match.known ? std::string(match.known->usual_unit) : "");
    }
    const UseFacts& facts = it->second;
    auto local = zone->to_local(e.at);
    LocalDay day = logical_day(local, in.days);
    minutes clock = std::chrono::floor<minutes>(local - std::chrono::floor<date::days>(local));
    c.uses.push_back(Use<E>{&e, day, from_day_start(clock, in.days), &facts});
  };
  for (const E* e : before) add(*e);
  for (const auto& x : entries) add(entry_of(x));
  auto by_time = [](const Use<E>& a, const Use<E>& b) {
    return a.e->at != b.e->at ? a.e->at < b.e->at : a.e->id < b.e->id;
  };
  if (!std::is_sorted(c.uses.begin(), c.uses.end(), by_time))  // the store gives them in order
    std::stable_sort(c.uses.begin(), c.uses.end(), by_time);
  c.ref.assign(c.uses.size(), Context<E>::kNoRef);
  // The indexes are maps by name and day; a context has a few substances and its uses come
  // by day, so each name's lists (and the day's) are found in the maps once and kept at hand.
  struct Named {
    const std::string* name;
    Indices* all;
    std::map<LocalDay, Indices>* days;
    LocalDay day{};
    Indices* on_day = nullptr;
  };
  std::vector<Named> named;
  LocalDay day{};
  Indices* on_day = nullptr;
  for (size_t i = 0; i < c.uses.size(); ++i) {
    const Use<E>& u = c.uses[i];
    auto n = static_cast<uint32_t>(i);
    const std::string& name = text(u.e->substance);
    auto it = std::find_if(named.begin(), named.end(), [&](const Named& x) { return *x.name == name; });
    if (it == named.end()) {
      c.class_of.emplace(name, text(u.e->substance_class));  // of its first use
      auto all = c.by_substance.try_emplace(name).first;
      named.push_back({&all->first, &all->second, &c.by_substance_day[name]});
      it = named.end() - 1;
    }
    it->all->push_back(n);
    if (!it->on_day || it->day != u.day) it->on_day = &(*it->days)[u.day], it->day = u.day;
    it->on_day->push_back(n);
    if (!on_day || day != u.day) on_day = &c.by_day[u.day], day = u.day;
    on_day->push_back(n);
  }
  return c;
}

// Uses of one substance on days [from, to].
template <class E>
std::vector<const Use<E>*> uses_between(const Context<E>& c, const std::string& s, LocalDay from,
                                     LocalDay to) {
  std::vector<const Use<E>*> out;
  for (size_t i : c.between(&s, from, to)) out.push_back(&c.uses[i]);
  return out;
}

template <class E>
EntryIds ids_of(const Context<E>& c, const std::vector<const Use<E>*>& uses) {
  std::vector<uint32_t> refs;
  refs.reserve(uses.size());
  for (const auto* u : uses) refs.push_back(c.ref_of(*u));
  return c.ids_of(std::move(refs));
}

template <class E>
double total_in(const std::vector<const Use<E>*>& uses, const std::string& unit,
                const DrinkSettings& drinks) {
  double sum = 0;
  for (const auto* u : uses) sum += amount_in(*u, unit, drinks).value_or(0);
  return sum;
}

// What was used, for messages: the amount when every use has one, else the count.
template <class E>
std::string used_text(const std::vector<const Use<E>*>& uses, const DrinkSettings& drinks) {
  const std::string& unit = uses.front()->facts->unit;
  double sum = 0;
  for (const auto* u : uses) {
    auto a = amount_in(*u, unit, drinks);
    if (!a) return count_text(static_cast<int>(uses.size()), "use", "uses");
    sum += *a;
  }
  return rounded_amount_text(sum, unit);
}

Finding finding(std::string rule, const std::string& substance, std::string expected,
                std::string actual, EntryIds ids) {
  Finding f;
  f.rule = std::move(rule);
  f.substance = substance;
  f.expected = std::move(expected);
  f.actual = std::move(actual);
  f.entry_ids = std::move(ids);
  return f;
}

void with_numbers(Finding* f, double expected, double actual, std::string unit) {
  f->expected_value = expected;
  f->actual_value = actual;
  f->unit = std::move(unit);
}

// The day's uses of `s` that the plan's amount limits cannot count, in the first limit's unit.
template <class E>
void note_uncounted(const Context<E>& c, const SubstancePlan& r, const std::string& s,
                    const std::vector<const Use<E>*>& today, std::vector<Uncounted>* out) {
  const std::optional<Amount>* limits[] = {&r.max_per_day, &r.max_per_week, &r.max_per_7_days,
                                           &r.max_per_occasion};
  std::string usual = usual_unit_of(s);
  for (const auto* limit : limits) {
    if (!*limit) continue;
    std::string unit = unit_or_usual((*limit)->unit, usual);
    std::vector<uint32_t> refs;
    for (const auto* use : today)
      if (!amount_in(*use, unit, c.in.drinks)) refs.push_back(c.ref_of(*use));
    if (!refs.empty()) out->push_back(Uncounted{s, unit, c.ids_of(std::move(refs))});
    return;  // one note a substance a day, in the unit of its first limit
  }
}

// An amount limit over the days from `first` to `d`: found on a day with a use once the
// running total passes it.
template <class E>
void over_span(const Context<E>& c, const char* rule, const std::optional<Amount>& limit,
               const std::string& s, const std::string& usual, LocalDay first, LocalDay d,
               const std::vector<const Use<E>*>& today, std::vector<Finding>* out) {
  if (!limit) return;
  std::string unit = unit_or_usual(limit->unit, usual);
  double day_total = total_in(today, unit, c.in.drinks);
  auto span = uses_between(c, s, first, d);
  double through = total_in(span, unit, c.in.drinks);
  if (day_total <= 0 || through <= limit->value + kSlack) return;
  Finding f = finding(rule, s, rounded_amount_text(limit->value, unit),
                      rounded_amount_text(through, unit), ids_of(c, span));
  with_numbers(&f, limit->value, through, unit);
  out->push_back(std::move(f));
}

// A limit on the days with any use from `first` to `d`.
template <class E>
void use_days_over_span(const Context<E>& c, const char* rule, const std::optional<int>& limit,
                        const std::string& s, LocalDay first, LocalDay d,
                        const std::vector<const Use<E>*>& today, std::vector<Finding>* out) {
  if (!limit) return;
  std::set<LocalDay> use_days;
  for (const auto* u : uses_between(c, s, first, d)) use_days.insert(u->day);
  int n = static_cast<int>(use_days.size());
  if (n <= *limit) return;
  Finding f = finding(rule, s, count_text(*limit, "day", "days"), count_text(n, "day", "days"),
                      ids_of(c, today));
  with_numbers(&f, *limit, n, "days");
  out->push_back(std::move(f));
}

template <class E>
void check_limits(const Context<E>& c, const SubstancePlan& r, const std::string& s, LocalDay d,
                  const std::vector<const Use<E>*>& today, std::vector<Finding>* out) {
  const DrinkSettings& drinks = c.in.drinks;
  std::string usual = usual_unit_of(s);
  LocalDay week = week_begin(d, c.in.days);

  if (r.goal == Goal::pause || r.goal == Goal::stop) {
    Finding f = finding("goal", s, std::string(goal_name(r.goal)), used_text(today, drinks),
                        ids_of(c, today));
    with_numbers(&f, 0, static_cast<double>(today.size()), "uses");
    out->push_back(std::move(f));
  }
  if (r.max_per_occasion) {
    std::string unit = unit_or_usual(r.max_per_occasion->unit, usual);
    double limit = r.max_per_occasion->value;
    // Occasions may start before this day: begin at the start of the one holding the day's
    // first use (a finding needs a use on this day).
    const Indices& all = c.by_substance.at(s);
    const Indices& first_today = c.on_day(s, d);
    size_t k = first_today.empty() ? all.size()
                                   : static_cast<size_t>(std::lower_bound(all.begin(), all.end(),
                                                                          first_today.front()) -
                                                         all.begin());
    while (k > 0 && k < all.size() &&
           c.uses[all[k]].e->at - c.uses[all[k - 1]].e->at <= c.in.occasion_gap)
      --k;
    std::vector<const Use<E>*> occasion;
    double sum = 0;
    const Use<E>* crossing = nullptr;
    auto close = [&] {
      if (crossing && crossing->day == d) {
        Finding f = finding("max_per_occasion", s, rounded_amount_text(limit, unit),
                            rounded_amount_text(sum, unit), ids_of(c, occasion));
        with_numbers(&f, limit, sum, unit);
        out->push_back(std::move(f));
      }
      occasion.clear(), sum = 0, crossing = nullptr;
    };
    for (; k < all.size(); ++k) {
      const Use<E>& u = c.uses[all[k]];
      if (u.day > d) break;
      if (!occasion.empty() && u.e->at - occasion.back()->e->at > c.in.occasion_gap) close();
      occasion.push_back(&u);
      sum += amount_in(u, unit, drinks).value_or(0);
      if (!crossing && sum > limit + kSlack) crossing = &u;
    }
    close();
  }
  // The weekday's own daily limit, when the plan has one, else max_per_day.
  if (auto day_limit = r.max_per_day_on(date::weekday{d})) {
    std::string unit = unit_or_usual(day_limit->unit, usual);
    double total = total_in(today, unit, drinks);
    if (total > day_limit->value + kSlack) {
      Finding f = finding("max_per_day", s, rounded_amount_text(day_limit->value, unit),
                          rounded_amount_text(total, unit), ids_of(c, today));
      with_numbers(&f, day_limit->value, total, unit);
      out->push_back(std::move(f));
    }
  }
  // The calendar week so far, and the 7 days ending on this one whatever the week (rolling).
  over_span(c, "max_per_week", r.max_per_week, s, usual, week, d, today, out);
  over_span(c, "max_per_7_days", r.max_per_7_days, s, usual, d - date::days{6}, d, today, out);
  use_days_over_span(c, "max_use_days_per_week", r.max_use_days_per_week, s, week, d, today, out);
  if (!today.empty())
    use_days_over_span(c, "max_use_days_per_7_days", r.max_use_days_per_7_days, s,
                       d - date::days{6}, d, today, out);
}

template <class E>
void check_manner(const Context<E>& c, const SubstancePlan& r, const std::string& s, LocalDay d,
                  const std::vector<const Use<E>*>& today, std::vector<Finding>* out) {
  const DaySettings& days = c.in.days;
  if (r.days_off) {
    date::weekday wd{d};
    if (std::find(r.days_off->begin(), r.days_off->end(), wd) != r.days_off->end())
      out->push_back(finding("day_off", s, "no use",
                             used_text(today, c.in.drinks), ids_of(c, today)));
  }
  if (r.not_before || r.not_after) {
    // Measured from the day start, so "18:00" to "02:00" is one evening, not two windows.
    auto nb = r.not_before ? from_day_start(*r.not_before, days) : minutes{0};
    auto na = r.not_after ? from_day_start(*r.not_after, days) : minutes{1439};
    for (const auto* u : today) {
      minutes t = u->into_day;
      bool inside = nb <= na ? (t >= nb && t <= na) : (t >= nb || t <= na);
      if (inside) continue;
      // Outside a window: name the edge it is nearer to.
      bool late = nb <= na ? t > na : (t - na) < (nb - t);
      if (!r.not_after) late = false;
      if (!r.not_before) late = true;
      minutes clock{(t + days.day_start).count() % 1440};
      out->push_back(finding(late ? "not_after" : "not_before", s,
                             clock_text(late ? *r.not_after : *r.not_before), clock_text(clock),
                             c.ids_of({c.ref_of(*u)})));
    }
  }
  if (r.min_hours_between) {
    const Indices& all = c.by_substance.at(s);
    for (size_t i : c.on_day(s, d)) {
      auto k = static_cast<size_t>(std::lower_bound(all.begin(), all.end(), i) - all.begin());
      if (k == 0) continue;
      const Use<E>& u = c.uses[all[k]];
      const Use<E>& prev = c.uses[all[k - 1]];
      auto gap = u.e->at - prev.e->at;
      double hours = std::chrono::duration<double>(gap).count() / 3600;
      if (hours + kSlack >= *r.min_hours_between) continue;
      Finding f = finding("min_hours_between", s, hours_text(*r.min_hours_between),
                          duration_text(gap), c.ids_of({c.ref_of(prev), c.ref_of(u)}));
      with_numbers(&f, *r.min_hours_between, hours, "hours");
      out->push_back(std::move(f));
    }
  }
  if (r.routes) {
    std::vector<std::string> other;
    std::vector<const Use<E>*> concerned;
    for (const auto* u : today) {
      std::string route = u->e->route;
      for (auto& ch : route) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (route.empty() || std::find(r.routes->begin(), r.routes->end(), route) != r.routes->end())
        continue;
      concerned.push_back(u);
      if (std::find(other.begin(), other.end(), route) == other.end()) other.push_back(route);
    }
    if (!concerned.empty())
      out->push_back(finding("route", s, fmt::format("{}", fmt::join(*r.routes, " or ")),
                             fmt::format("{}", fmt::join(other, ", ")), ids_of(c, concerned)));
  }
  if (r.not_alone && *r.not_alone) {
    std::vector<const Use<E>*> alone;
    for (const auto* u : today)
      if (u->e->alone && *u->e->alone) alone.push_back(u);
    if (!alone.empty()) out->push_back(finding("not_alone", s, "with someone", "alone", ids_of(c, alone)));
  }
}

template <class E>
bool names_match(const Use<E>& u, const std::string& name) {
  const std::vector<std::string>& names = u.facts->names;
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <class E>
void check_safety(const Context<E>& c, const Plan& plan, LocalDay d, std::vector<Finding>* out) {
  const Indices& today = c.on_day(d);

  if (!plan.safety.test_first.empty()) {
    std::map<std::string, std::vector<const Use<E>*>> untested;  // by substance
    std::vector<std::string> order;
    for (size_t i : today) {
      const Use<E>& u = c.uses[i];
      bool listed = std::any_of(plan.safety.test_first.begin(), plan.safety.test_first.end(),
                                [&](const std::string& n) { return names_match(u, n); });
      if (!listed || (u.e->tested && *u.e->tested)) continue;
      if (!untested.count(text(u.e->substance))) order.push_back(text(u.e->substance));
      untested[text(u.e->substance)].push_back(&u);
    }
    for (const auto& s : order)
      out->push_back(finding("test_first", s, "tested", "not marked as tested", ids_of(c, untested[s])));
  }

  auto window = std::chrono::duration_cast<std::chrono::seconds>(c.in.combination_window);
  for (const auto& pair : plan.safety.avoid) {
    std::set<size_t> involved;
    std::optional<std::chrono::seconds> closest;
    std::string names;
    for (size_t j : today) {
      const Use<E>& later = c.uses[j];
      // Uses are by time: only those within the window before this one can pair with it.
      size_t from = j;
      while (from > 0 && later.e->at - c.uses[from - 1].e->at <= window) --from;
      for (size_t i = from; i < j; ++i) {
        const Use<E>& earlier = c.uses[i];
        if (earlier.e->substance == later.e->substance) continue;
        bool hit = (names_match(earlier, pair.first) && names_match(later, pair.second)) ||
                   (names_match(earlier, pair.second) && names_match(later, pair.first));
        if (!hit) continue;
        involved.insert(i), involved.insert(j);
        auto gap = later.e->at - earlier.e->at;
        if (!closest || gap < *closest) {
          closest = gap;
          names = text(earlier.e->substance) + " + " + text(later.e->substance);
        }
      }
    }
    if (!closest) continue;
    std::vector<uint32_t> ids;
    for (size_t i : involved) ids.push_back(c.ref_of(c.uses[i]));
    double window_hours = std::chrono::duration<double>(window).count() / 3600;
    double gap_hours = std::chrono::duration<double>(*closest).count() / 3600;
    Finding f = finding("avoid_combination", names, hours_text(window_hours),
                        duration_text(*closest), c.ids_of(std::move(ids)));
    with_numbers(&f, window_hours, gap_hours, "hours");
    out->push_back(std::move(f));
  }

  if (plan.spending.max_per_week) {
    LocalDay week = week_begin(d, c.in.days);
    double spent_today = 0, through = 0;
    std::vector<uint32_t> ids;
    for (size_t i : c.between(nullptr, week, d)) {
      const Use<E>& u = c.uses[i];
      if (!u.e->cost) continue;
      through += *u.e->cost;
      ids.push_back(c.ref_of(u));
      if (u.day == d) spent_today += *u.e->cost;
    }
    double limit = *plan.spending.max_per_week;
    if (spent_today > 0 && through > limit + kSlack) {
      const std::string& cur = plan.spending.currency;
      Finding f = finding("spending_per_week", "", money_text(limit, cur), money_text(through, cur),
                          c.ids_of(std::move(ids)));
      with_numbers(&f, limit, through, cur);
      out->push_back(std::move(f));
    }
  }
}

template <class E>
void check_day(const Context<E>& c, const Plan& plan, LocalDay d, std::vector<Finding>* out,
               std::vector<Uncounted>* uncounted) {
  std::vector<std::string> substances;  // in order of first use that day
  for (size_t i : c.on_day(d)) {
    const Use<E>& u = c.uses[i];
    if (std::find(substances.begin(), substances.end(), text(u.e->substance)) == substances.end())
      substances.push_back(text(u.e->substance));
  }
  for (const auto& s : substances) {
    auto rules = rules_for(plan, s, c.class_of.at(s), d);  // the stage in force that day
    if (!rules) continue;
    auto today = uses_between(c, s, d, d);
    note_uncounted(c, *rules, s, today, uncounted);
    check_limits(c, *rules, s, d, today, out);
    check_manner(c, *rules, s, d, today, out);
  }
  check_safety(c, plan, d, out);
}

}  // namespace

namespace {

ReviewResult begin_result(const ReviewInput& in, const Zone* zone) {
  ReviewResult r;
  r.period = in.period;
  r.today = logical_day(in.now, zone, in.days);
  if (r.period.last > r.today) r.period.last = r.today;
  return r;
}

// What the review of a day reads besides its uses: the days with any entry, those with an
// `ebb none` for everything and the first entry; and the ids the findings name, in a table
// the findings share, with whether each entry says what was going on. Told of every entry
// up to the day after a day before that day is reviewed.
struct DayBook {
  DayBook(const ReviewInput& input, const Zone* z) : in(input), zone(z) {}
  const ReviewInput& in;
  const Zone* zone;
  std::set<LocalDay> logged, none_for_all;
  std::optional<Instant> first_at;  // the earliest entry told of
  std::shared_ptr<IdTable> ids = std::make_shared<IdTable>();
  std::vector<bool> ref_explains;  // per number in `ids`

  template <class E>
  void note(const E& e) {
    LocalDay d = logical_day(e.at, zone, in.days);
    logged.insert(d);
    if (e.kind == Kind::none && e.substance.empty()) none_for_all.insert(d);
    if (!first_at || e.at < *first_at) first_at = e.at;
  }

  // Reviews the days [first, last] from the uses of `c`, onto r->days.
  template <class E>
  void review(const Context<E>& c, LocalDay first, LocalDay last, ReviewResult* r) {
    // The first logged day: first_entry_at when given, else the earliest entry's.
    std::optional<Instant> start = in.first_entry_at ? in.first_entry_at : first_at;
    Coverage coverage{start ? std::optional<LocalDay>(logical_day(*start, zone, in.days))
                            : std::nullopt,
                      r->today};
    for (LocalDay d = first; d <= last; d += date::days{1}) {
      ReviewDay day;
      day.date = d;
      day.uses = static_cast<int>(c.on_day(d).size());
      day.logged = logged.count(d) > 0;
      day.noted_off = none_for_all.count(d) > 0;
      day.state = day_state(coverage, d, day.uses > 0, day.noted_off);
      const PlanVersion* v = version_in_force(in, d, zone);
      if (v && !v->plan.empty()) {  // a cleared plan is no plan
        day.has_plan = true;
        day.plan_version = v->id;
        check_day(c, v->plan, d, &day.findings, &day.uncounted);
      }
      day.within_plan = day.has_plan && counted(day.state) && day.findings.empty();
      for (auto& f : day.findings)
        f.explained = std::any_of(f.entry_ids.refs().begin(), f.entry_ids.refs().end(),
                                  [&](uint32_t n) { return ref_explains[n]; });
      day.findings.shrink_to_fit();  // kept for the rest of the run: ten years of days
      r->days.push_back(std::move(day));
    }
  }
};

// The period in one piece: every use indexed at once.
template <class E>
ReviewResult review_whole(const ReviewInput& in, std::span<const E> entries) {
  const Zone* zone = in.zone ? in.zone : find_zone("UTC");
  ReviewResult r = begin_result(in, zone);
  DayBook book(in, zone);
  for (const E& e : entries) book.note(e);
  book.review(build<E>(in, {}, entries, zone, book.ids, &book.ref_explains), r.period.first,
              r.period.last, &r);
  summarise_review(in, &r);
  r.words = in.words ? *in.words
                     : collect_words(in.entries, r.period.first, r.period.last, zone, in.days);
  return r;
}

// The review fed its entries one at a time (ReviewFeed). A period longer than stretch_days
// is reviewed a stretch at a time as the entries arrive, which must then come by time and id
// (as the store gives them); a shorter one is held whole and reviewed in one piece at the end.
//
// Every check of a day reads uses of the week before it at most, the previous use of the
// substance (min_hours_between), the uses within the combination window and the occasion the
// day's first use belongs to. So the stretch [first, last] reads the uses from a week and a
// day before `first` (or the combination window before it, when longer) to a day after
// `last`, begun earlier where an occasion runs across that start (back to a moment with no
// use within occasion_gap on either side), and before those the latest use of each
// substance. Starts only move on: once a stretch is reviewed, the uses before its start are
// dropped, each substance's latest kept by value. Only uses are held; the other entries go
// to the day book and the summary as they pass.
template <class E>
class StretchFeed {
 public:
  explicit StretchFeed(ReviewInput in)
      : in_(std::move(in)),
        zone_(in_.zone ? in_.zone : find_zone("UTC")),
        book_(in_, zone_),
        summary_(in_),
        r_(begin_result(in_, zone_)),
        next_(r_.period.first),
        next_end_(reach_end(next_)),
        by_stretches_(in_.stretch_days > 0 && period_days(r_.period) > in_.stretch_days) {}
  StretchFeed(const StretchFeed&) = delete;  // the summary and the day book point at in_
  StretchFeed& operator=(const StretchFeed&) = delete;

  void add(const E& e, std::string_view id) {
    if (!by_stretches_) return hold(e, id);
    // By time, and the uses at one time by id (the other entries' order is not read). The
    // use added last is always held: a stretch keeps the use that set it off.
    if (e.at < last_at_ || (e.kind == Kind::use && !held_.empty() &&
                            e.at == held_.back().e.at && id < held_.back().e.id))
      throw std::invalid_argument("a long review's entries must come by time and id");
    last_at_ = e.at;
    book_.note(e);
    summary_.add(e);
    if (e.kind != Kind::use) return;
    if (!class_of_.count(text(e.substance)))  // a substance keeps the class of its first use
      class_of_.emplace(text(e.substance), text(e.substance_class));
    held_.emplace_back(e, id);
    // A stretch is reviewed once a use past its reach arrives: it holds all the stretch reads,
    // and the first use after where the stretch would start (to see an occasion across it).
    while (next_ <= r_.period.last && e.at >= next_end_) review_stretch();
  }

  ReviewResult finish() {
    if (!by_stretches_) {
      ReviewInput in = in_;
      if constexpr (std::is_same_v<E, TrendEntry>) in.rows = all_;
      else in.entries = all_;
      return review_whole(in, std::span<const E>(all_));
    }
    while (next_ <= r_.period.last) review_stretch();
    std::move(summary_).finish(&r_);
    r_.words = in_.words ? *in_.words
                         : collect_words(in_.entries, r_.period.first, r_.period.last, zone_,
                                         in_.days);
    return std::move(r_);
  }

 private:
  void hold(const E& e, std::string_view id) {
    if constexpr (std::is_same_v<E, TrendEntry>) {
      TrendEntry& row = all_.emplace_back(e);
      row.id = e.kind == Kind::use ? std::string_view(ids_.emplace_back(id)) : std::string_view();
    } else {
      all_.push_back(e);
    }
  }

  LocalDay last_of(LocalDay first) const {
    return std::min(first + date::days{in_.stretch_days - 1}, r_.period.last);
  }
  Instant reach_end(LocalDay first) const {
    return day_begin(last_of(first) + date::days{2}, zone_, in_.days);
  }
  size_t index_at(Instant t) const {
    return static_cast<size_t>(
        std::lower_bound(held_.begin(), held_.end(), t,
                         [](const Held<E>& h, Instant at) { return h.e.at < at; }) -
        held_.begin());
  }

  void review_stretch() {
    LocalDay first = next_, last = last_of(first);
    Instant from = std::min(day_begin(first - date::days{8}, zone_, in_.days),
                            day_begin(first - date::days{1}, zone_, in_.days) -
                                std::chrono::duration_cast<std::chrono::seconds>(
                                    in_.combination_window));
    size_t start = index_at(from);
    size_t end = std::max(start, index_at(reach_end(first)));
    // Back to a quiet moment, so no occasion is cut. It never goes past the first use held:
    // the use dropped before it is more than occasion_gap earlier (the last stretch began
    // there), or there is none.
    size_t next = start;
    while (start > 0 && next < held_.size() &&
           held_[next].e.at - held_[start - 1].e.at <= in_.occasion_gap)
      start = next = start - 1;
    for (; start > 0; --start, --end) {
      latest_.insert_or_assign(text(held_.front().e.substance), held_.front());
      held_.pop_front();
    }
    // The uses the stretch reads, by time: the latest before, then those held up to its end.
    std::vector<Held<E>*> uses;
    for (auto& [name, h] : latest_) uses.push_back(&h);
    std::sort(uses.begin(), uses.end(), [](const Held<E>* a, const Held<E>* b) {
      return a->e.at != b->e.at ? a->e.at < b->e.at : a->e.id < b->e.id;
    });
    std::vector<const E*> before;
    for (const Held<E>* h : uses) before.push_back(&h->e);
    for (size_t i = 0; i < end; ++i) uses.push_back(&held_[i]);
    Part<typename std::deque<Held<E>>::iterator> part{
        held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(end)};
    Context<E> c = build<E>(in_, before, part, zone_, book_.ids, &book_.ref_explains);
    for (auto& [name, cls] : c.class_of) cls = class_of_.at(name);
    // A use keeps its number in the id table from one stretch to the next, so one named in
    // two stretches is kept once. The context's uses are these, in this order (already by
    // time, they are not sorted again).
    bool same = c.uses.size() == uses.size();
    for (size_t i = 0; same && i < uses.size(); ++i) same = c.uses[i].e == &uses[i]->e;
    if (same)
      for (size_t i = 0; i < uses.size(); ++i) c.ref[i] = uses[i]->ref;
    book_.review(c, first, last, &r_);
    if (same)
      for (size_t i = 0; i < uses.size(); ++i) uses[i]->ref = c.ref[i];
    next_ = last + date::days{1};
    next_end_ = reach_end(next_);
  }

  ReviewInput in_;
  const Zone* zone_;
  DayBook book_;
  ReviewSummary summary_;
  ReviewResult r_;
  LocalDay next_;      // the first day of the next stretch
  Instant next_end_;   // where it reaches to
  bool by_stretches_;
  // By stretches: the uses from where the next stretch may start, the latest use of each
  // substance before them, each substance's class, and the last entry's time.
  std::deque<Held<E>> held_;
  std::map<std::string, Held<E>> latest_;
  std::map<std::string, std::string> class_of_;
  Instant last_at_ = Instant::min();
  // In one piece: every entry, and the ids of the uses (rows hold a view of theirs).
  std::vector<E> all_;
  std::deque<std::string> ids_;
};

// Whether a period is long enough to review by stretches, with the entries by time and id.
template <class E>
bool by_stretches(const ReviewInput& in, std::span<const E> entries, const Period& p) {
  if (in.stretch_days <= 0 || period_days(p) <= in.stretch_days) return false;
  return std::is_sorted(entries.begin(), entries.end(), [](const E& a, const E& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
  });
}

template <class E>
ReviewResult review_entries(const ReviewInput& in, std::span<const E> entries) {
  const Zone* zone = in.zone ? in.zone : find_zone("UTC");
  if (!by_stretches(in, entries, begin_result(in, zone).period)) return review_whole(in, entries);
  StretchFeed<E> feed(in);
  for (const E& e : entries) feed.add(e, e.id);
  return feed.finish();
}

}  // namespace

// The feed behind ReviewFeed, an interface so that the class it is, of this file alone, stays
// out of the header.
struct ReviewFeed::Impl {
  virtual ~Impl() = default;
  virtual void add(const TrendEntry& row, std::string_view id) = 0;
  virtual ReviewResult finish() = 0;
};

namespace {

class RowFeed final : public ReviewFeed::Impl {
 public:
  explicit RowFeed(ReviewInput in) : feed_(std::move(in)) {}
  void add(const TrendEntry& row, std::string_view id) override { feed_.add(row, id); }
  ReviewResult finish() override { return feed_.finish(); }

 private:
  StretchFeed<TrendEntry> feed_;
};

}  // namespace

ReviewFeed::ReviewFeed(ReviewInput in) : impl_(std::make_unique<RowFeed>(std::move(in))) {}
ReviewFeed::ReviewFeed(ReviewFeed&&) noexcept = default;
ReviewFeed& ReviewFeed::operator=(ReviewFeed&&) noexcept = default;
ReviewFeed::~ReviewFeed() = default;

void ReviewFeed::add(const TrendEntry& row, std::string_view id) { impl_->add(row, id); }

ReviewResult ReviewFeed::finish() && { return impl_->finish(); }

const PlanVersion* version_in_force(const ReviewInput& in, LocalDay d, const Zone* z) {
  Instant end = day_begin(d + date::days{1}, z, in.days);
  const PlanVersion* best = nullptr;
  for (const auto& v : in.versions)
    if (v.saved_at < end && (!best || v.saved_at >= best->saved_at)) best = &v;
  return best;
}

ReviewResult review_period(const ReviewInput& in) {
  return in.rows.empty() ? review_entries(in, in.entries) : review_entries(in, in.rows);
}

}  // namespace ebb
