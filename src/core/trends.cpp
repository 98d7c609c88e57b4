#include "ebb/core/trends.hpp"
#include "ebb/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "ebb/core/catalog.hpp"

namespace ebb {

namespace {

std::string substance_key(const TrendEntry& e) {
  return e.substance.empty() ? std::string("unnamed") : e.substance;
}

struct Window {
  LocalDay first{};
  int days = 0;
};

struct SubstanceInfo {
  std::string name;
  std::string substance_class;
  std::string unit;
  std::optional<double> heavy_threshold;
};

struct TrendContext {
  const TrendsInput& in;
  std::vector<const TrendEntry*> uses, urges, moods;  // already filtered
  std::vector<const TrendEntry*> nones;               // every `ebb none`, unfiltered
  std::vector<SubstanceInfo> substances;
  std::vector<LocalDay> day_of;  // the person's day of each of in.entries, worked out once
  Coverage coverage;
};

int day_index(const TrendEntry& e, const Window& w, const TrendContext& cx) {
  auto i = (cx.day_of[static_cast<size_t>(&e - cx.in.entries.data())] - w.first).count();
  return (i >= 0 && i < w.days) ? static_cast<int>(i) : -1;
}

// Per day of `w`: a none for `substance` ("" for the figure over everything) was logged.
std::vector<bool> nones_on(const Window& w, const TrendContext& cx, std::string_view substance) {
  std::vector<bool> out(static_cast<size_t>(w.days), false);
  for (const TrendEntry* e : cx.nones) {
    int i = day_index(*e, w, cx);
    if (i >= 0 && none_covers(e->substance, substance)) out[static_cast<size_t>(i)] = true;
  }
  return out;
}

std::optional<double> ratio(double part, double whole, double scale) {
  if (whole <= 0) return std::nullopt;
  return part / whole * scale;
}

// The most common few of the person's words, each value whole (words.hpp).
std::vector<CountedText> top_texts(const std::vector<std::string>& texts, size_t keep) {
  std::vector<CountedText> out = count_words(texts);
  if (out.size() > keep) out.resize(keep);
  return out;
}

std::optional<double> heavy_threshold(const TrendsInput& in, const std::string& name,
                                      const std::string& cls, const std::string& unit) {
  if (auto it = in.heavy_day.find(name); it != in.heavy_day.end()) return it->second;
  if (auto it = in.heavy_day.find(cls); it != in.heavy_day.end()) return it->second;
  // The default is NIAAA's 4 US standard drinks (56 g of ethanol), in the person's standard
  // drinks (7 UK units); alcohol counted in cans has no default.
  if (cls == "alcohol" && unit == "drink" && in.drinks.grams_per_drink > 0)
    return std::round(kDefaultAlcoholHeavyDay * 14.0 / in.drinks.grams_per_drink * 10) / 10;
  return std::nullopt;
}

SubstanceFigures substance_figures(const Window& w, const SubstanceInfo& info,
                                   const TrendContext& cx) {
  SubstanceFigures f;
  f.substance = info.name;
  f.substance_class = info.substance_class;
  f.unit = info.unit;
  f.daily_amounts.assign(static_cast<size_t>(w.days), 0.0);
  f.daily_use.assign(static_cast<size_t>(w.days), false);
  std::vector<bool> has_amount(static_cast<size_t>(w.days), false);
  std::map<std::string, double> others;
  double spent = 0;
  bool any_cost = false;
  for (const TrendEntry* e : cx.uses) {
    if (substance_key(*e) != info.name) continue;
    int i = day_index(*e, w, cx);
    if (i < 0) continue;
    ++f.uses;
    f.daily_use[i] = true;
    if (e->amount) {
      if (auto a = amount_in_unit(*e, info.unit, cx.in.drinks)) {
        f.daily_amounts[i] += *a;
        has_amount[i] = true;
      } else {
        others[e->unit] += *e->amount;
      }
    }
    if (e->cost) {
      spent += *e->cost;
      any_cost = true;
    }
  }
  const std::vector<bool> none = nones_on(w, cx, info.name);
  for (int i = 0; i < w.days; ++i) {
    if (f.daily_use[i]) ++f.use_days;
    DayState st = day_state(cx.coverage, w.first + date::days{i}, f.daily_use[i], none[i]);
    if (st == DayState::off) ++f.days_off;
    if (!has_amount[i]) continue;
    ++f.days_with_amount;
    f.total += f.daily_amounts[i];
    f.max_in_a_day = std::max(f.max_in_a_day.value_or(0.0), f.daily_amounts[i]);
  }
  f.counted_days = f.use_days + f.days_off;
  f.percent_days_abstinent = ratio(f.days_off, f.counted_days, 100);
  f.amount_per_use_day = ratio(f.total, f.days_with_amount, 1);
  f.heavy_day_threshold = info.heavy_threshold;
  f.daily_has_amount = std::move(has_amount);
  if (info.heavy_threshold) {
    int heavy = 0;
    for (int i = 0; i < w.days; ++i)
      if (is_heavy_day(f, static_cast<size_t>(i))) ++heavy;
    f.heavy_days = heavy;
    f.percent_heavy_days = ratio(heavy, f.counted_days, 100);
  }
  if (any_cost) f.spending = spent;
  for (const auto& [unit, total] : others) f.other_amounts.push_back({unit, total});
  return f;
}

UrgeFigures urge_figures(const Window& w, const TrendContext& cx, int* entries) {
  UrgeFigures u;
  double intensity_sum = 0;
  int with_intensity = 0;
  std::vector<std::string> triggers, feelings;
  for (const TrendEntry* e : cx.urges) {
    if (day_index(*e, w, cx) < 0) continue;
    ++*entries;
    ++u.count;
    if (e->intensity) {
      intensity_sum += *e->intensity;
      ++with_intensity;
    }
    if (e->outcome != Outcome::none) ++u.with_outcome;
    if (e->outcome == Outcome::rode_out) ++u.ridden_out;
    if (e->outcome == Outcome::other) ++u.met_another_way;
    triggers.push_back(e->trigger);
    feelings.push_back(e->feeling);
  }
  u.mean_intensity = ratio(intensity_sum, with_intensity, 1);
  u.not_acted_on = u.ridden_out + u.met_another_way;
  u.percent_ridden_out = ratio(u.ridden_out, u.with_outcome, 100);
  u.percent_not_acted_on = ratio(u.not_acted_on, u.with_outcome, 100);
  u.top_triggers = top_texts(triggers, 3);
  u.top_feelings = top_texts(feelings, 3);
  return u;
}

MoodFigures mood_figures(const Window& w, const std::vector<bool>& any_use, const TrendContext& cx,
                         int* entries) {
  MoodFigures m;
  double sum = 0, use_sum = 0, off_sum = 0;
  int scored = 0, use_n = 0, off_n = 0;
  for (const TrendEntry* e : cx.moods) {
    int i = day_index(*e, w, cx);
    if (i < 0) continue;
    ++*entries;
    ++m.count;
    if (!e->score) continue;
    int s = *e->score;
    sum += s;
    ++scored;
    m.min = std::min(m.min.value_or(s), s);
    m.max = std::max(m.max.value_or(s), s);
    if (any_use[i]) {
      use_sum += s;
      ++use_n;
    } else {
      off_sum += s;
      ++off_n;
    }
  }
  m.mean = ratio(sum, scored, 1);
  m.mean_on_use_days = ratio(use_sum, use_n, 1);
  m.mean_on_other_days = ratio(off_sum, off_n, 1);
  return m;
}

PeriodFigures period_figures(const Window& w, const TrendContext& cx) {
  PeriodFigures p;
  p.first = w.first;
  p.last = w.first + date::days{w.days - 1};
  p.days = w.days;
  std::vector<bool> any_use(static_cast<size_t>(w.days), false);
  double spent = 0;
  bool any_cost = false;
  for (const auto& info : cx.substances) {
    SubstanceFigures f = substance_figures(w, info, cx);
    p.entries += f.uses;
    for (int i = 0; i < w.days; ++i)
      if (f.daily_use[i]) any_use[i] = true;
    if (f.spending) {
      spent += *f.spending;
      any_cost = true;
    }
    p.substances.push_back(std::move(f));
  }
  // With a substance filter, a none for that substance counts as well as one for everything.
  const std::vector<bool> none =
      nones_on(w, cx, cx.in.substance ? lookup_substance(*cx.in.substance).name : "");
  std::vector<bool> logged(static_cast<size_t>(w.days), false);
  for (const TrendEntry& e : cx.in.entries)
    if (int i = day_index(e, w, cx); i >= 0) logged[static_cast<size_t>(i)] = true;
  for (int i = 0; i < w.days; ++i) {
    DayState st = day_state(cx.coverage, w.first + date::days{i}, any_use[i], none[i]);
    p.daily_state.push_back(st);
    if (st == DayState::used) ++p.use_days;
    if (st == DayState::off) ++p.days_off;
    if (logged[static_cast<size_t>(i)]) ++p.logged_days;
  }
  p.counted_days = p.use_days + p.days_off;
  p.percent_days_abstinent = ratio(p.days_off, p.counted_days, 100);
  if (cx.coverage.first && *cx.coverage.first > w.first && *cx.coverage.first <= p.last)
    p.log_starts = cx.coverage.first;
  if (any_cost) p.spending = spent;
  p.urges = urge_figures(w, cx, &p.entries);
  p.moods = mood_figures(w, any_use, cx, &p.entries);
  return p;
}

LocalDay bucket_start(LocalDay d, Bucket by, const DaySettings& days) {
  switch (by) {
    case Bucket::day: return d;
    case Bucket::week: return week_begin(d, days);
    case Bucket::month: {
      date::year_month_day ymd{d};
      return LocalDay{ymd.year() / ymd.month() / 1};
    }
  }
  return d;
}

std::vector<BucketRow> bucket_rows(const PeriodFigures& p, Bucket by, const DaySettings& days) {
  std::vector<BucketRow> rows;
  for (int i = 0; i < p.days; ++i) {
    LocalDay d = p.first + date::days{i};
    if (rows.empty() || bucket_start(d, by, days) != bucket_start(rows.back().first, by, days)) {
      BucketRow row;
      row.first = d;
      row.substances.resize(p.substances.size());
      rows.push_back(std::move(row));
    }
    BucketRow& row = rows.back();
    row.last = d;
    ++row.days;
    for (size_t s = 0; s < p.substances.size(); ++s) {
      if (p.substances[s].daily_use[i]) ++row.substances[s].use_days;
      row.substances[s].total += p.substances[s].daily_amounts[i];
    }
  }
  return rows;
}

}  // namespace

bool is_heavy_day(const SubstanceFigures& f, size_t i) {
  return f.heavy_day_threshold && i < f.daily_has_amount.size() && f.daily_has_amount[i] &&
         f.daily_amounts[i] >= *f.heavy_day_threshold - 1e-9;
}

std::string_view bucket_name(Bucket b) {
  switch (b) {
    case Bucket::day: return "day";
    case Bucket::week: return "week";
    case Bucket::month: return "month";
  }
  return "week";
}

bool parse_bucket(std::string_view text, Bucket* out) {
  std::string t = lower(trim(text));
  if (t == "day" || t == "days") *out = Bucket::day;
  else if (t == "week" || t == "weeks") *out = Bucket::week;
  else if (t == "month" || t == "months") *out = Bucket::month;
  else return false;
  return true;
}

namespace {

// Intensities and scores are 0-10 (the command line and import check them); a hand-edited
// row past what 8 bits hold is read as the nearest that fits.
std::optional<int8_t> small(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return static_cast<int8_t>(std::clamp(*v, -128, 127));
}

}  // namespace

TrendEntry::TrendEntry(const Entry& e)
    : at(e.at),
      substance(e.substance),
      substance_class(e.substance_class),
      beverage(e.beverage),
      unit(e.unit),
      trigger(e.trigger),
      feeling(e.feeling),
      route(e.route),
      kind(e.kind),
      outcome(e.outcome),
      intensity(small(e.intensity)),
      score(small(e.score)),
      alone(e.alone),
      tested(e.tested),
      mood_before(small(e.mood_before)),
      felt(small(e.felt)),
      explained(!e.reason.empty() || !e.note.empty()),
      amount(e.amount),
      abv(e.abv),
      cost(e.cost) {}

namespace {

bool matches(const std::string& substance, const std::string& substance_class,
             std::string_view filter) {
  std::string f = lower(trim(filter));
  if (f.empty()) return true;
  std::string name = lower(substance);
  if (name.empty()) return false;
  if (name == f || lower(substance_class) == f) return true;
  SubstanceMatch m = lookup_substance(f);
  return m.known != nullptr && name == lower(m.name);
}

template <typename E>
std::optional<double> amount_in(const E& e, std::string_view unit, const DrinkSettings& drinks,
                                std::string_view usual) {
  if (!e.amount) return std::nullopt;
  // A bare number is read in the substance's own unit ("beer 2" is 2 drinks). Stored units
  // are canonical already; imported or hand-edited rows are made so here.
  std::string from = e.unit.empty() ? std::string(usual) : canonical_unit(e.unit);
  if (from.empty()) from = e.unit;
  if (from.empty() || from == unit) return *e.amount;
  if (unit.empty()) return std::nullopt;
  return convert_amount(*e.amount, from, unit, e.abv, drinks,
                        drink_style(e.substance_class, e.beverage));
}

}  // namespace

bool matches_substance(const Entry& e, std::string_view filter) {
  return matches(e.substance, e.substance_class, filter);
}

bool matches_substance(const TrendEntry& e, std::string_view filter) {
  return matches(e.substance, e.substance_class, filter);
}

std::optional<double> amount_in_unit(const Entry& e, std::string_view unit,
                                     const DrinkSettings& drinks, std::string_view usual) {
  return amount_in(e, unit, drinks, usual);
}

std::optional<double> amount_in_unit(const TrendEntry& e, std::string_view unit,
                                     const DrinkSettings& drinks, std::string_view usual) {
  return amount_in(e, unit, drinks, usual);
}

std::string substance_unit(std::string_view substance, std::string_view substance_class,
                           std::span<const Entry> uses) {
  std::vector<TrendEntry> rows(uses.begin(), uses.end());
  std::vector<const TrendEntry*> all;
  all.reserve(rows.size());
  for (const TrendEntry& e : rows) all.push_back(&e);
  return substance_unit(substance, substance_class, all);
}

std::string substance_unit(std::string_view substance, std::string_view substance_class,
                           std::span<const TrendEntry* const> uses) {
  std::map<std::string, int> logged;  // unit -> entries, for the fallback
  std::vector<const TrendEntry*> with_amount;
  for (const TrendEntry* e : uses)
    if (e->kind == Kind::use && substance_key(*e) == substance && e->amount) {
      ++logged[e->unit];
      with_amount.push_back(e);
    }
  std::string usual;
  if (lower(substance_class) == "alcohol") {
    usual = "drink";
  } else {
    SubstanceMatch m = lookup_substance(substance);
    if (m.known) usual = std::string(m.known->usual_unit);
  }
  // The usual unit wins unless nothing logged converts to it (someone counting joints).
  if (!usual.empty()) {
    DrinkSettings any_drinks;
    bool converts = with_amount.empty();
    for (const TrendEntry* e : with_amount)
      if (amount_in_unit(*e, usual, any_drinks)) converts = true;
    if (converts) return usual;
  }
  std::string best;
  int best_count = 0;
  for (const auto& [unit, count] : logged)
    if (count > best_count || (count == best_count && best.empty() && !unit.empty())) {
      best = unit;
      best_count = count;
    }
  return best;
}

// Spending by week against the baseline: the first weeks of the log (when they were loaded
// apart) and the loaded entries; with a substance filter, only its uses cost anything. Fed to
// the weeks an entry at a time, so no list of them is made.
static SpendingBaseline money_figures(const TrendsInput& in, const TrendContext& cx,
                                      Instant first_at, LocalDay from, LocalDay last,
                                      LocalDay today) {
  SpendingInput si;
  si.tracked_from = logical_day(first_at, in.zone, in.days);
  si.first = from;
  si.last = last;
  si.today = today;
  si.days = in.days;
  si.set_baseline = in.spending_baseline;
  SpendingWeeks weeks(si);
  std::optional<Instant> loaded_from;
  for (const TrendEntry& e : in.entries)
    if (!loaded_from || e.at < *loaded_from) loaded_from = e.at;
  auto add = [&](const TrendEntry& e, LocalDay d) {
    bool use = e.kind == Kind::use && (!in.substance || matches_substance(e, *in.substance));
    weeks.add({d, use, use ? std::optional<double>(e.cost) : std::nullopt});
  };
  for (const TrendEntry& e : in.first_weeks)
    if (!loaded_from || e.at < *loaded_from) add(e, logical_day(e.at, in.zone, in.days));
  for (size_t i = 0; i < in.entries.size(); ++i) add(in.entries[i], cx.day_of[i]);
  return weeks.finish();
}

TrendsResult compute_trends(const TrendsInput& in) {
  TrendsResult r;
  r.label = in.period.label;
  r.substance = in.substance;
  r.currency = in.currency;
  r.by = in.by;

  LocalDay today = logical_day(in.now, in.zone, in.days);
  LocalDay last = std::min(in.period.last, today);
  int days = std::max(0, static_cast<int>((last - in.period.first).count()) + 1);
  Window current{in.period.first, days};
  Window previous{in.period.first - date::days{days}, days};

  TrendContext cx{in, {}, {}, {}, {}, {}, {}, {}};
  cx.day_of.reserve(in.entries.size());
  std::optional<Instant> first = in.first_entry_at;
  for (const TrendEntry& e : in.entries) {
    cx.day_of.push_back(logical_day(e.at, in.zone, in.days));
    if (!first || e.at < *first) first = e.at;
  }
  cx.coverage.today = today;
  if (first) cx.coverage.first = logical_day(*first, in.zone, in.days);
  for (const TrendEntry& e : in.entries) {
    bool relevant = !in.substance || matches_substance(e, *in.substance);
    if (e.kind == Kind::none) cx.nones.push_back(&e);  // days off noted, never uses
    else if (e.kind == Kind::mood) cx.moods.push_back(&e);
    else if (!relevant) continue;
    else if (e.kind == Kind::urge) cx.urges.push_back(&e);
    else if (day_index(e, current, cx) >= 0 || day_index(e, previous, cx) >= 0) {
      cx.uses.push_back(&e);
    }
  }

  std::map<std::string, std::string> classes;
  for (const TrendEntry* e : cx.uses) classes.emplace(substance_key(*e), e->substance_class);
  for (const auto& [name, cls] : classes) {
    std::string unit = substance_unit(name, cls, cx.uses);
    cx.substances.push_back({name, cls, unit, heavy_threshold(in, name, cls, unit)});
  }

  r.current = period_figures(current, cx);
  // Breaks: the use days of the period and the last use before it; a past period is seen
  // from its own last day, so nothing after it is guessed.
  for (auto& f : r.current.substances) {
    std::vector<LocalDay> use_days;
    for (const TrendEntry* e : cx.uses)
      if (substance_key(*e) == f.substance)
        use_days.push_back(cx.day_of[static_cast<size_t>(e - in.entries.data())]);
    if (auto it = in.uses_before.find(f.substance); it != in.uses_before.end())
      use_days.push_back(logical_day(it->second, in.zone, in.days));
    if (days > 0) f.breaks = compute_breaks(use_days, current.first, last, last);
    if (last != today) f.breaks.days_since_last.reset();
  }
  r.previous = period_figures(previous, cx);
  if (first && days > 0) r.money = money_figures(in, cx, *first, current.first, last, today);
  r.has_money = !r.money.weeks.empty() &&
                (in.spending_baseline.has_value() || r.current.spending.has_value());
  r.buckets = bucket_rows(r.current, in.by, in.days);
  r.changes = positive_changes(r);
  if (days > 0)
    r.words = in.words ? *in.words
                       : collect_words(in.word_entries, current.first, last, in.zone, in.days,
                                       in.substance);
  return r;
}

}  // namespace ebb
