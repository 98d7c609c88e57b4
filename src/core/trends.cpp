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

std::optional<double> ratio(double part, double whole, double scale) {
  if (whole <= 0) return std::nullopt;
  return part / whole * scale;
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

// The catalog's usual unit of a substance: "drink" for the alcohol class; "" when unknown.
// substance_unit and the trends' accumulator both start from it.
std::string usual_unit(std::string_view name, std::string_view cls) {
  if (lower(cls) == "alcohol") return "drink";
  SubstanceMatch m = lookup_substance(name);
  return m.known ? std::string(m.known->usual_unit) : std::string();
}

// The unit logged most often (unit -> uses with an amount), a named unit before "" on a tie:
// the unit when none of the amounts converts to the usual one.
std::string most_logged_unit(const std::map<std::string, int>& logged) {
  std::string best;
  int best_count = 0;
  for (const auto& [unit, count] : logged)
    if (count > best_count || (count == best_count && best.empty() && !unit.empty())) {
      best = unit;
      best_count = count;
    }
  return best;
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

// What the trends keep of the entries as they come: per day of the two periods (the one
// before first, then the period), each substance's amount, whether it was used and whether
// an amount counted; each day's mood scores, nones and whether anything was logged; per
// period the urges' counts and words. Kept in the order the entries come, so every sum adds
// the same numbers in the same order as a walk over a list of them would.
struct TrendsAccumulator::State {
  // One substance over both periods. Its unit is the usual one (substance_unit) as soon as
  // one of its amounts converts to it; until then its amounts wait in `pending`, since with
  // none converting the unit is the one logged most often, known only at the end.
  struct Substance {
    Interned key;  // the name as logged ("" for unnamed)
    std::string name, substance_class, usual;
    bool decided = false;  // amounts are summed in `usual`
    struct Waiting {
      int day;
      TrendEntry e;
    };
    std::vector<Waiting> pending;
    std::map<std::string, int> logged;  // unit -> uses with an amount, for the fallback
    std::vector<double> amount;         // per day of both periods, in the unit
    std::vector<char> has_amount, used;
    int uses[2] = {0, 0};
    double spent[2] = {0, 0};
    bool any_cost[2] = {false, false};
    std::map<std::string, double> others[2];  // amounts that don't convert, by their unit
  };
  struct Urges {
    int count = 0, with_intensity = 0, with_outcome = 0, ridden_out = 0, other = 0;
    double intensity_sum = 0;
    WordCounter triggers, feelings;
  };
  struct Moods {
    int count = 0, scored = 0;
    double sum = 0;
    std::optional<int> min, max;
  };

  const TrendsInput& in;
  LocalDay today{}, last{};
  int days = 0;        // of each period
  LocalDay first_day{};  // the first day of the period before
  std::optional<Instant> first, loaded_from;
  bool first_weeks_fed = false;
  std::optional<SpendingWeeks> weeks;
  std::optional<std::string> filter_name;  // the filter's canonical name, for nones

  std::map<std::string, Substance> substances;  // by name, as shown
  std::vector<std::pair<Interned, Substance*>> recent;  // names as logged -> their sums
  std::vector<std::pair<int, Interned>> nones;          // day, substance ("" for all)
  std::vector<char> logged;                             // per day: any entry
  std::vector<int> mood_sum, mood_n;                    // per day: scores
  Urges urges[2];
  Moods moods[2];

  explicit State(const TrendsInput& settings) : in(settings) {}

  int index(LocalDay d) const {
    auto i = (d - first_day).count();
    return (i >= 0 && i < 2 * days) ? static_cast<int>(i) : -1;
  }

  Substance& substance_of(const TrendEntry& e) {
    for (auto& [key, s] : recent)
      if (key == e.substance) return *s;
    std::string name = substance_key(e);
    auto [it, added] = substances.try_emplace(name);
    Substance& s = it->second;
    if (added) {
      s.key = e.substance;
      s.name = name;
      s.substance_class = e.substance_class;  // the class of its first use
      s.usual = usual_unit(name, s.substance_class);
      s.amount.assign(static_cast<size_t>(2 * days), 0.0);
      s.has_amount.assign(static_cast<size_t>(2 * days), 0);
      s.used.assign(static_cast<size_t>(2 * days), 0);
    }
    recent.emplace_back(e.substance, &s);
    return s;
  }

  void add_amount(Substance& s, int day, const TrendEntry& e, const std::string& unit) {
    if (auto a = amount_in_unit(e, unit, in.drinks)) {
      s.amount[static_cast<size_t>(day)] += *a;
      s.has_amount[static_cast<size_t>(day)] = 1;
    } else {
      s.others[day / days][e.unit] += *e.amount;
    }
  }

  void add_use(const TrendEntry& e, int day) {
    Substance& s = substance_of(e);
    int w = day / days;
    ++s.uses[w];
    s.used[static_cast<size_t>(day)] = 1;
    if (e.amount) {
      ++s.logged[e.unit];
      if (s.decided) {
        add_amount(s, day, e, s.usual);
      } else if (!s.usual.empty() && amount_in_unit(e, s.usual, DrinkSettings{})) {
        s.decided = true;  // the usual unit it is: what waited counts in it, in order
        for (const auto& p : s.pending) add_amount(s, p.day, p.e, s.usual);
        s.pending = {};
        add_amount(s, day, e, s.usual);
      } else {
        s.pending.push_back({day, e});
      }
    }
    if (e.cost) {
      s.spent[w] += *e.cost;
      s.any_cost[w] = true;
    }
  }

  // The unit a substance's amounts are summed in, the waiting ones added in it.
  void settle(Substance& s) {
    if (s.decided) return;
    // Nothing logged with an amount: the usual unit; else none converted to it.
    const std::string unit =
        !s.usual.empty() && s.pending.empty() ? s.usual : most_logged_unit(s.logged);
    s.usual = unit;
    s.decided = true;
    for (const auto& p : s.pending) add_amount(s, p.day, p.e, unit);
    s.pending = {};
  }

  // Per day of period `w` (0: before, 1: the period): a none for `substance` ("" for the
  // figure over everything) was logged.
  std::vector<bool> nones_on(int w, std::string_view substance) const {
    std::vector<bool> out(static_cast<size_t>(days), false);
    for (const auto& [day, name] : nones)
      if (day / days == w && none_covers(name, substance))
        out[static_cast<size_t>(day - w * days)] = true;
    return out;
  }

  Coverage coverage() const {
    Coverage c;
    c.today = today;
    if (first) c.first = logical_day(*first, in.zone, in.days);
    return c;
  }

  SubstanceFigures substance_figures(int w, const Substance& s) const {
    SubstanceFigures f;
    f.substance = s.name;
    f.substance_class = s.substance_class;
    f.unit = s.usual;
    const size_t from = static_cast<size_t>(w * days), n = static_cast<size_t>(days);
    f.daily_amounts.assign(s.amount.begin() + from, s.amount.begin() + from + n);
    f.daily_use.resize(n);
    std::vector<bool> has_amount(n);
    for (size_t i = 0; i < n; ++i) {
      f.daily_use[i] = s.used[from + i] != 0;
      has_amount[i] = s.has_amount[from + i] != 0;
    }
    f.uses = s.uses[w];
    const Coverage cov = coverage();
    const std::vector<bool> none = nones_on(w, s.name);
    const LocalDay wfirst = first_day + date::days{w * days};
    for (int i = 0; i < days; ++i) {
      if (f.daily_use[i]) ++f.use_days;
      DayState st = day_state(cov, wfirst + date::days{i}, f.daily_use[i], none[i]);
      if (st == DayState::off) ++f.days_off;
      if (!has_amount[i]) continue;
      ++f.days_with_amount;
      f.total += f.daily_amounts[i];
      f.max_in_a_day = std::max(f.max_in_a_day.value_or(0.0), f.daily_amounts[i]);
    }
    f.counted_days = f.use_days + f.days_off;
    f.percent_days_abstinent = ratio(f.days_off, f.counted_days, 100);
    f.amount_per_use_day = ratio(f.total, f.days_with_amount, 1);
    f.heavy_day_threshold = heavy_threshold(in, s.name, s.substance_class, s.usual);
    f.daily_has_amount = std::move(has_amount);
    if (f.heavy_day_threshold) {
      int heavy = 0;
      for (int i = 0; i < days; ++i)
        if (is_heavy_day(f, static_cast<size_t>(i))) ++heavy;
      f.heavy_days = heavy;
      f.percent_heavy_days = ratio(heavy, f.counted_days, 100);
    }
    if (s.any_cost[w]) f.spending = s.spent[w];
    for (const auto& [unit, total] : s.others[w]) f.other_amounts.push_back({unit, total});
    return f;
  }

  UrgeFigures urge_figures(int w) {
    Urges& x = urges[w];
    UrgeFigures u;
    u.count = x.count;
    u.with_outcome = x.with_outcome;
    u.ridden_out = x.ridden_out;
    u.met_another_way = x.other;
    u.mean_intensity = ratio(x.intensity_sum, x.with_intensity, 1);
    u.not_acted_on = u.ridden_out + u.met_another_way;
    u.percent_ridden_out = ratio(u.ridden_out, u.with_outcome, 100);
    u.percent_not_acted_on = ratio(u.not_acted_on, u.with_outcome, 100);
    u.top_triggers = std::move(x.triggers).finish();
    u.top_feelings = std::move(x.feelings).finish();
    if (u.top_triggers.size() > 3) u.top_triggers.resize(3);
    if (u.top_feelings.size() > 3) u.top_feelings.resize(3);
    return u;
  }

  MoodFigures mood_figures(int w, const std::vector<bool>& any_use) const {
    const Moods& x = moods[w];
    MoodFigures m;
    m.count = x.count;
    m.min = x.min;
    m.max = x.max;
    m.mean = ratio(x.sum, x.scored, 1);
    // Scores are whole numbers: their sums are exact in any order.
    double use_sum = 0, off_sum = 0;
    int use_n = 0, off_n = 0;
    for (int i = 0; i < days; ++i) {
      const size_t day = static_cast<size_t>(w * days + i);
      if (any_use[static_cast<size_t>(i)]) {
        use_sum += mood_sum[day];
        use_n += mood_n[day];
      } else {
        off_sum += mood_sum[day];
        off_n += mood_n[day];
      }
    }
    m.mean_on_use_days = ratio(use_sum, use_n, 1);
    m.mean_on_other_days = ratio(off_sum, off_n, 1);
    return m;
  }

  PeriodFigures period_figures(int w) {
    PeriodFigures p;
    p.first = first_day + date::days{w * days};
    p.last = p.first + date::days{days - 1};
    p.days = days;
    std::vector<bool> any_use(static_cast<size_t>(days), false);
    double spent = 0;
    bool any_cost = false;
    for (const auto& [name, s] : substances) {
      SubstanceFigures f = substance_figures(w, s);
      p.entries += f.uses;
      for (int i = 0; i < days; ++i)
        if (f.daily_use[i]) any_use[i] = true;
      if (f.spending) {
        spent += *f.spending;
        any_cost = true;
      }
      p.substances.push_back(std::move(f));
    }
    // With a substance filter, a none for that substance counts as well as one for everything.
    const std::vector<bool> none = nones_on(w, filter_name.value_or(""));
    const Coverage cov = coverage();
    for (int i = 0; i < days; ++i) {
      DayState st = day_state(cov, p.first + date::days{i}, any_use[i], none[i]);
      p.daily_state.push_back(st);
      if (st == DayState::used) ++p.use_days;
      if (st == DayState::off) ++p.days_off;
      if (logged[static_cast<size_t>(w * days + i)]) ++p.logged_days;
    }
    p.counted_days = p.use_days + p.days_off;
    p.percent_days_abstinent = ratio(p.days_off, p.counted_days, 100);
    if (cov.first && *cov.first > p.first && *cov.first <= p.last) p.log_starts = cov.first;
    if (any_cost) p.spending = spent;
    p.urges = urge_figures(w);
    p.entries += p.urges.count;
    p.moods = mood_figures(w, any_use);
    p.entries += p.moods.count;
    return p;
  }

  // The spending of the first weeks of the log, loaded apart, before what was loaded here.
  void feed_first_weeks(std::optional<Instant> until) {
    first_weeks_fed = true;
    if (!weeks) return;
    for (const TrendEntry& e : in.first_weeks)
      if (!until || e.at < *until)
        add_spending(e, logical_day(e.at, in.zone, in.days),
                     !in.substance || matches_substance(e, *in.substance));
  }

  // With a substance filter, only its uses cost anything.
  void add_spending(const TrendEntry& e, LocalDay d, bool relevant) {
    bool use = e.kind == Kind::use && relevant;
    weeks->add({d, use, use ? std::optional<double>(e.cost) : std::nullopt});
  }
};


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
std::optional<double> amount_from(const E& e, std::string_view from, std::string_view unit,
                                  const DrinkSettings& drinks) {
  if (!e.amount) return std::nullopt;
  if (from.empty() || from == unit) return *e.amount;
  if (unit.empty()) return std::nullopt;
  return convert_amount(*e.amount, from, unit, e.abv, drinks,
                        drink_style(e.substance_class, e.beverage));
}

template <typename E>
std::optional<double> amount_in(const E& e, std::string_view unit, const DrinkSettings& drinks,
                                std::string_view usual) {
  if (!e.amount) return std::nullopt;
  // A bare number is read in the substance's own unit ("beer 2" is 2 drinks). Stored units
  // are canonical already; imported or hand-edited rows are made so here.
  std::string from = e.unit.empty() ? std::string(usual) : canonical_unit(e.unit);
  if (from.empty()) from = e.unit;
  return amount_from(e, from, unit, drinks);
}

}  // namespace

TrendEntry changes_fields(const TrendEntry& row) {
  TrendEntry out;
  out.kind = row.kind;
  out.at = row.at;
  out.substance = row.substance;
  out.substance_class = row.substance_class;
  out.amount = row.amount;
  out.unit = row.unit;
  out.abv = row.abv;
  out.beverage = row.beverage;
  out.cost = row.cost;
  out.intensity = row.intensity;
  out.outcome = row.outcome;
  out.score = row.score;
  return out;
}

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

std::optional<double> amount_from_unit(const Entry& e, std::string_view from,
                                       std::string_view unit, const DrinkSettings& drinks) {
  return amount_from(e, from, unit, drinks);
}

std::optional<double> amount_from_unit(const TrendEntry& e, std::string_view from,
                                       std::string_view unit, const DrinkSettings& drinks) {
  return amount_from(e, from, unit, drinks);
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
  const std::string usual = usual_unit(substance, substance_class);
  // The usual unit wins unless nothing logged converts to it (someone counting joints).
  if (!usual.empty()) {
    DrinkSettings any_drinks;
    bool converts = with_amount.empty();
    for (const TrendEntry* e : with_amount)
      if (amount_in_unit(*e, usual, any_drinks)) converts = true;
    if (converts) return usual;
  }
  return most_logged_unit(logged);
}

TrendsAccumulator::TrendsAccumulator(const TrendsInput& settings)
    : TrendsAccumulator(settings, Start{settings.first_entry_at, std::nullopt}) {}

TrendsAccumulator::TrendsAccumulator(const TrendsInput& settings, Start start)
    : s_(std::make_unique<State>(settings)) {
  State& s = *s_;
  const TrendsInput& in = settings;
  s.today = logical_day(in.now, in.zone, in.days);
  s.last = std::min(in.period.last, s.today);
  s.days = std::max(0, static_cast<int>((s.last - in.period.first).count()) + 1);
  s.first_day = in.period.first - date::days{s.days};
  s.loaded_from = start.loaded_from;
  s.logged.assign(static_cast<size_t>(2 * s.days), 0);
  s.mood_sum.assign(static_cast<size_t>(2 * s.days), 0);
  s.mood_n.assign(static_cast<size_t>(2 * s.days), 0);
  if (in.substance) s.filter_name = lookup_substance(*in.substance).name;
  if (start.first_at) begin_money(*start.first_at);
}

TrendsAccumulator::TrendsAccumulator(TrendsAccumulator&&) noexcept = default;
TrendsAccumulator::~TrendsAccumulator() = default;

void TrendsAccumulator::begin_money(Instant first) {
  State& s = *s_;
  s.first = first;
  if (s.days <= 0) return;
  SpendingInput si;
  si.tracked_from = logical_day(first, s.in.zone, s.in.days);
  si.first = s.in.period.first;
  si.last = s.last;
  si.today = s.today;
  si.days = s.in.days;
  si.set_baseline = s.in.spending_baseline;
  s.weeks.emplace(si);
}

void TrendsAccumulator::add(const TrendEntry& e) {
  State& s = *s_;
  const TrendsInput& in = s.in;
  if (!s.first) begin_money(e.at);  // no first entry given: this one, entries by time
  else if (e.at < *s.first) s.first = e.at;
  if (!s.first_weeks_fed) s.feed_first_weeks(s.loaded_from ? s.loaded_from : e.at);
  const LocalDay d = logical_day(e.at, in.zone, in.days);
  const bool relevant = !in.substance || matches_substance(e, *in.substance);
  if (s.weeks) s.add_spending(e, d, relevant);
  const int day = s.index(d);
  if (day < 0) return;
  const int w = day / s.days;
  s.logged[static_cast<size_t>(day)] = 1;
  if (e.kind == Kind::none) {  // days off noted, never uses; a none for all counts in any filter
    s.nones.emplace_back(day, e.substance);
  } else if (e.kind == Kind::mood) {  // moods stay whatever the filter
    State::Moods& m = s.moods[w];
    ++m.count;
    if (!e.score) return;
    int score = *e.score;
    m.sum += score;
    ++m.scored;
    m.min = std::min(m.min.value_or(score), score);
    m.max = std::max(m.max.value_or(score), score);
    s.mood_sum[static_cast<size_t>(day)] += score;
    ++s.mood_n[static_cast<size_t>(day)];
  } else if (!relevant) {
    return;
  } else if (e.kind == Kind::urge) {
    State::Urges& u = s.urges[w];
    ++u.count;
    if (e.intensity) {
      u.intensity_sum += *e.intensity;
      ++u.with_intensity;
    }
    if (e.outcome != Outcome::none) ++u.with_outcome;
    if (e.outcome == Outcome::rode_out) ++u.ridden_out;
    if (e.outcome == Outcome::other) ++u.other;
    u.triggers.add(e.trigger);
    u.feelings.add(e.feeling);
  } else {
    s.add_use(e, day);
  }
}

TrendsResult TrendsAccumulator::finish() && {
  State& s = *s_;
  const TrendsInput& in = s.in;
  if (!s.first_weeks_fed) s.feed_first_weeks(s.loaded_from);
  for (auto& [name, sub] : s.substances) s.settle(sub);

  TrendsResult r;
  r.label = in.period.label;
  r.substance = in.substance;
  r.currency = in.currency;
  r.by = in.by;
  r.current = s.period_figures(1);
  // Breaks: the use days of both periods and the last use before them; a past period is seen
  // from its own last day, so nothing after it is guessed.
  for (auto& f : r.current.substances) {
    const State::Substance& sub = s.substances.at(f.substance);
    std::vector<LocalDay> use_days;
    for (size_t i = 0; i < sub.used.size(); ++i)
      if (sub.used[i]) use_days.push_back(s.first_day + date::days{static_cast<int>(i)});
    if (auto it = in.uses_before.find(f.substance); it != in.uses_before.end())
      use_days.push_back(logical_day(it->second, in.zone, in.days));
    if (s.days > 0) f.breaks = compute_breaks(use_days, in.period.first, s.last, s.last);
    if (s.last != s.today) f.breaks.days_since_last.reset();
  }
  r.previous = s.period_figures(0);
  if (s.weeks) r.money = s.weeks->finish();
  r.has_money = !r.money.weeks.empty() &&
                (in.spending_baseline.has_value() || r.current.spending.has_value());
  r.buckets = bucket_rows(r.current, in.by, in.days);
  r.changes = positive_changes(r);
  if (s.days > 0)
    r.words = in.words ? *in.words
                       : collect_words(in.word_entries, in.period.first, s.last, in.zone,
                                       in.days, in.substance);
  return r;
}

TrendsResult compute_trends(const TrendsInput& in) {
  TrendsAccumulator::Start start{in.first_entry_at, std::nullopt};
  for (const TrendEntry& e : in.entries) {
    if (!start.first_at || e.at < *start.first_at) start.first_at = e.at;
    if (!start.loaded_from || e.at < *start.loaded_from) start.loaded_from = e.at;
  }
  TrendsAccumulator trends(in, start);
  for (const TrendEntry& e : in.entries) trends.add(e);
  return std::move(trends).finish();
}

}  // namespace ebb
