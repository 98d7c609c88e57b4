// Mood before and after use, set and setting, and plan experiments: figures read off the
// trends' per-day figures and the review's days (reflect.hpp).
#include "ebb/core/reflect.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "ebb/core/catalog.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

std::optional<double> mean_of(double sum, int n, int least) {
  if (n < least || n == 0) return std::nullopt;
  return sum / n;
}

template <class E>
bool is_matching_use(const E& e, const std::optional<std::string>& substance) {
  return e.kind == Kind::use && (!substance || matches_substance(e, *substance));
}

int day_index(LocalDay d, const PeriodFigures& p) {
  auto i = (d - p.first).count();
  return (i >= 0 && i < p.days) ? static_cast<int>(i) : -1;
}

}  // namespace

// ---- After a use ----------------------------------------------------------------------------

namespace {

template <class E>
AfterUse after_use_of(std::span<const E> entries, const PeriodFigures& current,
                      const Zone* zone, const DaySettings& days,
                      const std::optional<std::string>& substance) {
  AfterUseCollector c(current.first, current.first + date::days{current.days - 1}, zone, days,
                      substance);
  // By time, as the store gives them (sorted again to be sure, keeping the order of ties).
  bool sorted = std::is_sorted(entries.begin(), entries.end(),
                               [](const E& x, const E& y) { return x.at < y.at; });
  if (sorted) {
    for (const E& e : entries) c.add(e);
  } else {
    std::vector<const E*> by_time;
    for (const E& e : entries) by_time.push_back(&e);
    std::stable_sort(by_time.begin(), by_time.end(),
                     [](const E* x, const E* y) { return x->at < y->at; });
    for (const E* e : by_time) c.add(*e);
  }
  return std::move(c).finish(current);
}

}  // namespace

AfterUse after_use(std::span<const Entry> entries, const PeriodFigures& current,
                   const Zone* zone, const DaySettings& days,
                   const std::optional<std::string>& substance) {
  return after_use_of(entries, current, zone, days, substance);
}

AfterUse after_use(std::span<const TrendEntry> rows, const PeriodFigures& current,
                   const Zone* zone, const DaySettings& days,
                   const std::optional<std::string>& substance) {
  return after_use_of(rows, current, zone, days, substance);
}

AfterUseCollector::AfterUseCollector(LocalDay first, LocalDay last, const Zone* zone,
                                     const DaySettings& days,
                                     std::optional<std::string> substance)
    : first_(first),
      days_(std::max(0, static_cast<int>((last - first).count()) + 1)),
      zone_(zone),
      day_settings_(days),
      substance_(std::move(substance)),
      mood_sum_(static_cast<size_t>(days_), 0),
      mood_n_(static_cast<size_t>(days_), 0) {}

void AfterUseCollector::add(const Entry& e) { take(e); }
void AfterUseCollector::add(const TrendEntry& e) { take(e); }

// The nearest mood at or before the use, within the window and with no other use between:
// known once an entry later than the use has come (moods at the same moment count as before).
void AfterUseCollector::settle_before(Use& u) const {
  u.before_done = true;
  if (u.has_before || !last_mood_) return;
  const auto& [at, score] = *last_mood_;
  if (at >= u.at - kMoodLinkWindow && at >= u.prev_use) {
    u.has_before = true;
    u.before = score;
  }
}

template <class E>
void AfterUseCollector::take(const E& e) {
  for (Use& u : open_) {
    if (!u.before_done && e.at > u.at) settle_before(u);
    // Nothing more can come at the moment of the mood after: it stands.
    if (u.mood_after && e.at > u.mood_after->first) {
      u.has_after = true;
      u.after = u.mood_after->second;
      u.mood_after.reset();
      u.after_done = true;
    }
  }
  const bool use = is_matching_use(e, substance_);
  const bool mood = !use && e.kind == Kind::mood && e.score;
  if (mood) {
    // The first mood after a use is its mood after, when near enough and before the next use
    // (a use at the same moment as the mood, still to come, takes it away).
    for (Use& u : open_)
      if (!u.after_done && !u.mood_after && e.at > u.at) {
        if (!u.has_after && e.at <= u.at + kMoodLinkWindow) u.mood_after.emplace(e.at, *e.score);
        else u.after_done = true;
      }
    last_mood_.emplace(e.at, *e.score);
    int i = static_cast<int>((logical_day(e.at, zone_, day_settings_) - first_).count());
    if (i >= 0 && i < days_) {
      mood_sum_[static_cast<size_t>(i)] += *e.score;
      ++mood_n_[static_cast<size_t>(i)];
    }
  }
  if (use) {
    // The uses before this one have their mood after, if any, before it: one at this very
    // moment is not before it.
    for (Use& u : open_) {
      u.mood_after.reset();
      u.after_done = true;
    }
    Use u;
    u.at = e.at;
    u.prev_use = last_use_;
    u.has_before = e.mood_before.has_value();
    u.has_after = e.felt.has_value();
    u.before = u.has_before ? *e.mood_before : 0;
    u.after = u.has_after ? *e.felt : 0;
    int i = static_cast<int>((logical_day(e.at, zone_, day_settings_) - first_).count());
    u.in_period = i >= 0 && i < days_;
    last_use_ = e.at;
    open_.push_back(u);
  }
  close();
}

void AfterUseCollector::close() {
  size_t n = 0;
  for (; n < open_.size() && open_[n].before_done && open_[n].after_done; ++n) {
    const Use& u = open_[n];
    if (!u.in_period) continue;
    ++a_.uses;
    if (u.has_before) ++a_.with_before;
    if (u.has_after) ++a_.with_after;
    if (!u.has_before || !u.has_after) continue;
    ++a_.pairs;
    before_sum_ += u.before;
    after_sum_ += u.after;
    if (u.after > u.before) ++a_.higher;
    else if (u.after < u.before) ++a_.lower;
    else ++a_.same;
  }
  open_.erase(open_.begin(), open_.begin() + static_cast<std::ptrdiff_t>(n));
}

AfterUse AfterUseCollector::finish(const PeriodFigures& current) && {
  for (Use& u : open_) {
    if (!u.before_done) settle_before(u);
    if (u.mood_after) {
      u.has_after = true;
      u.after = u.mood_after->second;
    }
    u.after_done = true;
  }
  close();
  AfterUse a = a_;
  a.before = mean_of(before_sum_, a.pairs, kMinPairs);
  a.after = mean_of(after_sum_, a.pairs, kMinPairs);
  // The day after: every mood of day d+1, by the state of day d.
  double use_sum = 0, off_sum = 0;
  for (int i = 1; i < days_ && i < current.days; ++i) {
    DayState st = current.daily_state[static_cast<size_t>(i - 1)];
    if (st == DayState::used) {
      use_sum += mood_sum_[static_cast<size_t>(i)];
      a.day_after_use.n += mood_n_[static_cast<size_t>(i)];
    } else if (st == DayState::off) {
      off_sum += mood_sum_[static_cast<size_t>(i)];
      a.day_after_off.n += mood_n_[static_cast<size_t>(i)];
    }
  }
  a.day_after_use.mean = mean_of(use_sum, a.day_after_use.n, kMinPairs);
  a.day_after_off.mean = mean_of(off_sum, a.day_after_off.n, kMinPairs);
  return a;
}

// ---- Set and setting ------------------------------------------------------------------------

std::string_view setting_key_name(SettingKey k) {
  switch (k) {
    case SettingKey::with: return "with";
    case SettingKey::where: return "where";
    case SettingKey::alone: return "alone";
    case SettingKey::tested: return "tested";
    case SettingKey::reason: return "reason";
    case SettingKey::hour: return "hour";
  }
  return "with";
}

bool parse_setting_key(std::string_view text, SettingKey* out) {
  std::string t = lower(trim(text));
  for (SettingKey k : {SettingKey::with, SettingKey::where, SettingKey::alone, SettingKey::tested,
                       SettingKey::reason, SettingKey::hour})
    if (t == setting_key_name(k)) {
      *out = k;
      return true;
    }
  return false;
}

namespace {

constexpr const char* kNotSaid = "not said";
const std::vector<Interned> kNoValues;

// The band of the day a use started in, by the local clock: the person's day runs from
// day_start, so a use at 01:30 with the default 04:00 belongs to the late evening before.
std::string hour_band(const Entry& e, const Zone* zone, const DaySettings& days) {
  auto local = e.at.time_since_epoch() + std::chrono::seconds{utc_offset_at(e.at, zone)};
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(local).count();
  long minute = static_cast<long>(((secs % 86400) + 86400) % 86400 / 60);
  long start = days.day_start.count();
  if (minute < start) minute += 24 * 60;  // after midnight, before the day starts: late
  long hour = minute / 60;
  if (hour < 12) return "started before 12:00";
  if (hour < 17) return "started 12:00-16:59";
  if (hour < 21) return "started 17:00-20:59";
  return "started 21:00 or later";
}

}  // namespace

std::vector<std::string> setting_values(const Entry& use, SettingKey key, const Zone* zone,
                                        const DaySettings& days) {
  std::vector<std::string> out;
  auto one = [&](std::string_view v) {
    std::string t(trim(v));
    out.push_back(t.empty() ? kNotSaid : t);
  };
  switch (key) {
    case SettingKey::with: {
      if (use.alone == true) return {"alone"};
      size_t start = 0;
      const std::string& w = use.with_whom;
      while (start <= w.size()) {
        size_t comma = w.find(',', start);
        if (comma == std::string::npos) comma = w.size();
        std::string part(trim(std::string_view(w).substr(start, comma - start)));
        if (!part.empty()) out.push_back(part);
        start = comma + 1;
      }
      if (out.empty()) out.push_back(kNotSaid);
      return out;
    }
    case SettingKey::where: one(use.place); return out;
    case SettingKey::alone:
      if (use.alone == true) return {"alone"};
      if (use.alone == false || !use.with_whom.empty()) return {"with others"};
      return {kNotSaid};
    case SettingKey::tested:
      if (!use.tested) return {kNotSaid};
      return {*use.tested ? "tested" : "not tested"};
    case SettingKey::reason: one(use.reason); return out;
    case SettingKey::hour:
      // A use filled in afterwards (ebb backfill) sits at the middle of its day: its hour
      // is not known.
      if (std::find(use.tags.begin(), use.tags.end(), "backfill") != use.tags.end())
        return {kNotSaid};
      return {hour_band(use, zone, days)};
  }
  return {kNotSaid};
}

SettingCollector::SettingCollector(SettingKey key, const Zone* zone, const DaySettings& days,
                                   std::optional<std::string> substance)
    : key_(key), zone_(zone), days_(days), substance_(std::move(substance)) {}

void SettingCollector::add(const Entry& e) {
  if (!is_matching_use(e, substance_)) return;
  LocalDay d = logical_day(e.at, zone_, days_);
  Day& day = by_substance_[e.substance.empty() ? std::string("unnamed") : e.substance][d];
  if (key_ == SettingKey::hour) {
    // The first use decides (the earliest; the first given of those at one time).
    if (!day.first || e.at < *day.first) {
      day.first = e.at;
      day.values = {Interned(setting_values(e, key_, zone_, days_)[0])};
    }
    return;
  }
  // Each value once, in the order of their texts (as a set of them would hold them).
  for (const std::string& v : setting_values(e, key_, zone_, days_)) {
    auto at = std::lower_bound(day.values.begin(), day.values.end(), v,
                               [](Interned a, const std::string& b) { return a.str() < b; });
    if (at == day.values.end() || at->str() != v) day.values.insert(at, Interned(v));
  }
}

SettingResult SettingCollector::finish(const PeriodFigures& current,
                                       std::span<const ReviewDay> review_days) const {
  SettingResult r;
  r.key = key_;
  std::map<LocalDay, const ReviewDay*> review_of;
  for (const ReviewDay& d : review_days) review_of[d.date] = &d;

  for (const SubstanceFigures& f : current.substances) {
    SettingSubstance s;
    s.substance = f.substance;
    s.unit = f.unit;
    s.heavy_threshold = f.heavy_day_threshold;
    // value key (folded) -> shown spelling, and the days it was seen on.
    std::vector<std::string> order;
    std::map<std::string, std::string> shown;
    std::map<std::string, std::vector<bool>> value_days;
    std::vector<const std::vector<Interned>*> values_of_day(static_cast<size_t>(current.days),
                                                            &kNoValues);
    if (auto it = by_substance_.find(f.substance); it != by_substance_.end())
      for (const auto& [d, day] : it->second)
        if (int i = day_index(d, current); i >= 0)
          values_of_day[static_cast<size_t>(i)] = &day.values;
    for (size_t i = 0; i < values_of_day.size(); ++i) {
      std::set<std::string> folded;
      for (Interned value : *values_of_day[i]) {
        const std::string& v = value.str();
        std::string k = lower(v);
        if (!shown.count(k)) {
          shown[k] = v;
          order.push_back(k);
          value_days[k].assign(static_cast<size_t>(current.days), false);
        }
        value_days[k][i] = true;
        folded.insert(k);
      }
      if (folded.size() > 1) ++s.shared_days;
    }
    for (const std::string& k : order) {
      SettingValue v;
      v.value = shown[k];
      double total = 0;
      int heavy = 0;
      for (size_t i = 0; i < value_days[k].size(); ++i) {
        if (!value_days[k][i]) continue;
        ++v.use_days;
        if (f.daily_has_amount[i]) {
          ++v.days_with_amount;
          total += f.daily_amounts[i];
        }
        if (is_heavy_day(f, i)) ++heavy;
        auto rd = review_of.find(current.first + date::days{static_cast<int>(i)});
        if (rd != review_of.end() && rd->second->has_plan && counted(rd->second->state)) {
          ++v.plan_days;
          if (rd->second->within_plan) ++v.within_plan;
        }
      }
      v.amount_per_use_day = mean_of(total, v.days_with_amount, 1);
      if (f.heavy_day_threshold) v.heavy_days = heavy;
      s.values.push_back(std::move(v));
    }
    std::stable_sort(s.values.begin(), s.values.end(),
                     [](const SettingValue& x, const SettingValue& y) {
                       if ((x.value == kNotSaid) != (y.value == kNotSaid))
                         return y.value == kNotSaid;
                       return x.use_days > y.use_days;
                     });
    if (!s.values.empty()) r.substances.push_back(std::move(s));
  }
  return r;
}

SettingResult by_setting(SettingKey key, const PeriodFigures& current,
                         std::span<const Entry> entries, const Zone* zone,
                         const DaySettings& days, std::span<const ReviewDay> review_days,
                         const std::optional<std::string>& substance) {
  SettingCollector c(key, zone, days, substance);
  for (const Entry& e : entries) c.add(e);
  return c.finish(current, review_days);
}

// ---- Plan experiments -----------------------------------------------------------------------

std::vector<DayRun> plan_runs(std::span<const ReviewDay> days) {
  std::vector<DayRun> runs;
  for (const ReviewDay& d : days) {
    if (!d.plan_version) continue;
    if (!runs.empty() && runs.back().version == *d.plan_version &&
        runs.back().last + date::days{1} == d.date) {
      runs.back().last = d.date;
      continue;
    }
    runs.push_back({*d.plan_version, d.date, d.date});
  }
  return runs;
}

PlanStretchesCollector::PlanStretchesCollector(const ReviewResult& review,
                                               std::span<const PlanVersion> versions,
                                               const TrendsInput& base)
    : review_(review), versions_(versions), runs_(plan_runs(review.days)) {
  for (const DayRun& run : runs_) {
    // The base's settings over the run's days, without entries or words (only the figures
    // of the days are read).
    auto in = std::make_unique<TrendsInput>(base);
    in->period = Period{run.first, run.last, ""};
    in->entries.clear();
    in->word_entries = {};
    in->words.reset();
    trends_.emplace_back(*in);
    settings_.push_back(std::move(in));
  }
}

void PlanStretchesCollector::add(const TrendEntry& e) {
  for (TrendsAccumulator& t : trends_) t.add(e);
}

std::vector<PlanStretch> PlanStretchesCollector::finish() && {
  std::vector<PlanStretch> out;
  for (size_t i = 0; i < runs_.size(); ++i) {
    const DayRun& run = runs_[i];
    PlanStretch s;
    s.version = run.version;
    s.first = run.first;
    s.last = run.last;
    for (const PlanVersion& v : versions_)
      if (v.id == run.version) s.rules = describe_plan_rules(v.plan);
    s.figures = std::move(trends_[i]).finish().current;
    for (const ReviewDay& d : review_.days) {
      if (d.date < run.first || d.date > run.last || !d.has_plan || !counted(d.state)) continue;
      ++s.plan_days;
      if (d.within_plan) ++s.within_plan;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<PlanStretch> plan_stretches(const ReviewResult& review,
                                        std::span<const PlanVersion> versions,
                                        TrendsInput base) {
  std::vector<TrendEntry> entries = std::move(base.entries);
  base.entries.clear();
  // As compute_trends reads a list: the log from its first entry, or the earliest here.
  for (const TrendEntry& e : entries)
    if (!base.first_entry_at || e.at < *base.first_entry_at) base.first_entry_at = e.at;
  PlanStretchesCollector c(review, versions, base);
  std::vector<const TrendEntry*> by_time;
  for (const TrendEntry& e : entries) by_time.push_back(&e);
  std::stable_sort(by_time.begin(), by_time.end(),
                   [](const TrendEntry* x, const TrendEntry* y) { return x->at < y->at; });
  for (const TrendEntry* e : by_time) c.add(*e);
  return std::move(c).finish();
}

std::optional<Period> plan_version_period(std::span<const PlanVersion> versions, int64_t id,
                                          const Zone* zone, const DaySettings& days,
                                          LocalDay today) {
  const PlanVersion* self = nullptr;
  for (const PlanVersion& v : versions)
    if (v.id == id) self = &v;
  if (!self) return std::nullopt;
  // In force on a day when it is the latest saved before that day ends (review.hpp).
  LocalDay first = logical_day(self->saved_at, zone, days);
  std::optional<Instant> next;
  for (const PlanVersion& v : versions)
    if (v.id != id && (v.saved_at > self->saved_at ||
                       (v.saved_at == self->saved_at && v.id > self->id)) &&
        (!next || v.saved_at < *next))
      next = v.saved_at;
  LocalDay last = today;
  if (next) last = logical_day(*next, zone, days) - date::days{1};
  if (last < first) return std::nullopt;
  return Period{first, std::min(last, today), ""};
}

}  // namespace ebb
