#include "periods.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/prefault.hpp"
#include "notes.hpp"

namespace ebb {

std::optional<Instant> first_entry_at(Env& env) { return env.store().time_bounds().first; }

std::vector<PlanVersion> load_plans(Env& env) {
  std::vector<PlanVersion> out;
  for (auto& stored : env.store().plans()) {
    PlanVersion v;
    v.id = stored.id;
    v.saved_at = stored.saved_at;
    v.text = std::move(stored.text);
    PlanError err;
    if (!parse_plan(v.text, &v.plan, &err)) {
      env.sink.err(fmt::format("Plan version {} can't be read any more ({}); it is left out.\n",
                               v.id, format_plan_error(err)));
      continue;
    }
    out.push_back(std::move(v));
  }
  return out;
}

Period resolve_period(Env& env, const std::string& period, const std::string& since,
                      const std::string& until) {
  auto ctx = env.when();
  std::string err;
  Period p;
  if (!parse_period(period.empty() ? "week" : period, ctx, &p, &err)) throw Error(kExitUsage, err);
  if (since.empty() && until.empty()) return p;
  if (!period.empty()) throw Error(kExitUsage, "Give a period or --since/--until, not both.");
  LocalDay today = logical_day(env.now, env.zone, env.config.days);
  p.first = today - date::days{6};
  p.last = today;
  if (!since.empty()) {
    Instant t;
    if (!parse_bound(since, ctx, false, &t, &err)) throw Error(kExitUsage, err);
    p.first = logical_day(t, env.zone, env.config.days);
  }
  if (!until.empty()) {
    Instant t;
    if (!parse_bound(until, ctx, true, &t, &err)) throw Error(kExitUsage, err);
    p.last = logical_day(t - std::chrono::seconds{1}, env.zone, env.config.days);
  }
  if (p.last < p.first) throw Error(kExitUsage, "--until comes before --since.");
  p.label.clear();  // the dates are the name: headings print them beside any label
  return p;
}

namespace {

EntryQuery around(Env& env, const Period& p, int days_before, bool light = false) {
  EntryQuery q;
  q.light = light;
  q.since = day_begin(p.first - date::days{days_before}, env.zone, env.config.days);
  q.until = day_begin(p.last + date::days{1}, env.zone, env.config.days);
  q.newest_first = false;
  return q;
}

}  // namespace

std::vector<Entry> entries_around(Env& env, const Period& p, int days_before, bool light) {
  return env.store().query(around(env, p, days_before, light));
}

std::vector<TrendEntry> trend_entries_around(Env& env, const Period& p, int days_before) {
  EntryQuery q = around(env, p, days_before, true);
  std::vector<TrendEntry> out;
  Store& store = env.store();
  store.read([&] {
    out.reserve(static_cast<size_t>(store.count_matching(q)));
    prefault(out.data(), out.capacity() * sizeof(TrendEntry));
    store.each(q, [&](const Entry& e) { out.emplace_back(e); });
  });
  return out;
}

ReviewInput review_input(Env& env, const Period& p, std::span<const PlanVersion> versions,
                         std::span<const Entry> entries) {
  ReviewInput in;
  in.versions = versions;
  in.entries = entries;
  in.period = p;
  in.zone = env.zone;
  in.days = env.config.days;
  in.drinks = env.config.drinks;
  in.now = env.now;
  in.combination_window = std::chrono::hours{env.config.reminders.combination_window_hours};
  in.first_entry_at = first_entry_at(env);
  in.stretch_days = 56;  // eight weeks of uses indexed at a time, as the safety notes read
  return in;
}

ReviewResult review_for(Env& env, const Period& p, std::span<const PlanVersion> versions) {
  // Entries from three weeks before the period: weekly totals and gaps between uses for the
  // review, mixes across its start and breaks for the safety notes. With the rest of the
  // period before (when longer), they are what the trends read for the positive changes.
  // Each is read once: the review is fed it as a row with its id (ReviewFeed, which holds
  // only what a stretch of a long period reads), the person's words and the safety notes
  // take it as it streams by (WordsCollector, SafetyStream), and the trends keep the rows.
  const DaySettings& day_settings = env.config.days;
  int days = period_days(p);
  int before = std::max(21, env.config.reminders.tolerance_break_days + 1);
  std::string currency = currency_in_use(env, versions);
  const Instant review_from = day_begin(p.first - date::days{before}, env.zone, day_settings);
  const Instant read_from =
      days > before ? day_begin(p.first - date::days{days}, env.zone, day_settings)
                    : review_from;
  LocalDay today = logical_day(env.now, env.zone, day_settings);
  WordsCollector words(p.first, std::min(p.last, today), env.zone, day_settings);
  SafetyStream safety(env, p, versions, review_from, review_from);
  ReviewFeed review(review_input(env, p, versions, {}));
  std::vector<TrendEntry> rows;
  EntryQuery q;
  q.light = true;  // what the review, the safety notes and the trends read (EntryQuery::light)
  q.since = read_from;
  q.until = day_begin(p.last + date::days{1}, env.zone, day_settings);
  q.newest_first = false;
  Store& store = env.store();
  store.read([&] {
    rows.reserve(static_cast<size_t>(store.count_matching(q)));
    prefault(rows.data(), rows.capacity() * sizeof(TrendEntry));
    store.each(q, [&](const Entry& e) {
      const TrendEntry& row = rows.emplace_back(e);
      if (e.at < review_from) return;
      review.add(row, e.id);
      words.add(e);
      safety.add(e);
    });
  });
  TrendsInput t = trends_input(env, p, std::move(rows));  // the rows stay where they are
  t.currency = currency;
  std::vector<std::string> changes = compute_trends(t).changes;
  ReviewResult r = std::move(review).finish();
  r.words = std::move(words).finish();
  if (r.spending.currency.empty()) r.spending.currency = currency;
  r.changes = std::move(changes);
  r.safety = std::move(safety).finish();
  return r;
}

TrendsRead read_trends(Env& env, const Period& p, const std::optional<std::string>& substance,
                       std::optional<SettingKey> setting, bool ids) {
  const DaySettings& day_settings = env.config.days;
  const Zone* zone = env.zone;
  int days = period_days(p);
  const Instant trends_from = day_begin(p.first - date::days{days}, zone, day_settings);
  const Instant week_from = day_begin(p.first - date::days{7}, zone, day_settings);
  const Instant read_from = std::min(trends_from, week_from);
  LocalDay today = logical_day(env.now, zone, day_settings);
  TrendsRead out;
  out.in = trends_input(env, p, {});
  WordsCollector words(p.first, std::min(p.last, today), zone, day_settings, substance);
  if (setting) out.setting.emplace(*setting, zone, day_settings, substance);
  std::vector<TrendEntry> rows;
  // Light rows before the week before the period (only the trends read them), whole entries
  // from there on (the words, set and setting, the mood around a use).
  EntryQuery light;
  light.light = true;
  light.since = read_from;
  light.until = week_from;
  light.newest_first = false;
  EntryQuery whole;
  whole.since = week_from;
  whole.until = day_begin(p.last + date::days{1}, zone, day_settings);
  whole.newest_first = false;
  Store& store = env.store();
  store.read([&] {
    size_t n = static_cast<size_t>(store.count_matching(whole));
    if (read_from < week_from) n += static_cast<size_t>(store.count_matching(light));
    rows.reserve(n);
    prefault(rows.data(), rows.capacity() * sizeof(TrendEntry));
    if (read_from < week_from) store.each(light, [&](const Entry& e) { rows.emplace_back(e); });
    store.each(whole, [&](const Entry& e) {
      TrendEntry& row = rows.emplace_back(e);
      words.add(e);
      if (out.setting) out.setting->add(e);
      if (ids && e.kind == Kind::use) row.id = out.ids.keep(e.id);  // the review names uses
    });
  });
  auto from = [&](Instant t) {
    return static_cast<size_t>(
        std::lower_bound(rows.begin(), rows.end(), t,
                         [](const TrendEntry& e, Instant at) { return e.at < at; }) -
        rows.begin());
  };
  if (read_from < trends_from) {  // a period under a week: the trends read less than is held
    out.in.entries.assign(rows.begin() + static_cast<std::ptrdiff_t>(from(trends_from)),
                          rows.end());
    out.week_rows = std::move(rows);
    out.around = out.week_rows;
  } else {
    size_t week = from(week_from);
    out.in.entries = std::move(rows);  // the rows stay where they are
    out.around = std::span<const TrendEntry>(out.in.entries).subspan(week);
  }
  out.in.words = std::move(words).finish();
  return out;
}

std::string currency_in_use(const Env& env, std::span<const PlanVersion> versions) {
  if (!versions.empty() && !versions.back().plan.spending.currency.empty())
    return versions.back().plan.spending.currency;
  return env.config.currency;
}

void add_spending_baseline(Env& env, std::span<const PlanVersion> versions, TrendsInput* in) {
  if (!versions.empty()) in->spending_baseline = versions.back().plan.spending.baseline_per_week;
  if (in->spending_baseline || !in->first_entry_at) return;
  // The first four whole weeks start at most a week after the first entry.
  EntryQuery q;
  q.since = *in->first_entry_at;
  q.until = *in->first_entry_at + date::days{36};
  q.newest_first = false;
  for (const auto& e : env.store().query(q)) in->first_weeks.emplace_back(e);
}

TrendsInput trends_input(Env& env, const Period& p, std::vector<TrendEntry> entries) {
  TrendsInput in;
  in.period = p;
  in.entries = std::move(entries);
  in.zone = env.zone;
  in.days = env.config.days;
  in.drinks = env.config.drinks;
  in.heavy_day = env.config.heavy_day;
  in.now = env.now;
  in.currency = env.config.currency;
  in.first_entry_at = first_entry_at(env);
  in.uses_before = env.store().last_use_by_substance(day_begin(p.first, env.zone, env.config.days));
  return in;
}

}  // namespace ebb
