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

void each_trend_entry(Env& env, const Period& p, int days_before,
                      const std::function<void(const TrendEntry&)>& take) {
  Store& store = env.store();
  store.read([&] {
    store.each_row(around(env, p, days_before, true), take);
  });
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
  // Each is read once and none is held: the trends take it as a row (TrendsAccumulator; only
  // they read what comes before the review's weeks, read straight into rows), the review as a
  // row with its id (ReviewFeed, which holds only what a stretch of a long period reads), the
  // person's words and the safety notes as it streams by (WordsCollector, SafetyStream).
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
  TrendsInput t = trends_input(env, p, {});
  t.currency = currency;
  TrendsAccumulator trends(t);  // for the changes from the period before
  ReviewFeed review(review_input(env, p, versions, {}));
  EntryQuery q;
  q.for_review = true;  // what the review, the safety notes and the trends read
  q.since = read_from;
  q.until = day_begin(p.last + date::days{1}, env.zone, day_settings);
  q.newest_first = false;
  // Before the review's weeks only the trends read (rows); from there on whole entries.
  EntryQuery earlier = q;
  earlier.until = review_from;
  earlier.for_changes = true;  // the review shows only the changes from the period before
  EntryQuery reviewed = q;
  reviewed.since = review_from;
  Store& store = env.store();
  store.read([&] {
    if (read_from < review_from)
      store.each_row(earlier, [&](const TrendEntry& row) { trends.add(row); });
    store.each(reviewed, [&](const Entry& e) {
      TrendEntry row(e);
      trends.add(row);
      review.add(row, e.id);
      words.add(e);
      safety.add(e);
    });
  });
  std::vector<std::string> changes = std::move(trends).finish().changes;
  ReviewResult r = std::move(review).finish();
  r.words = std::move(words).finish();  // complete only once the read is done
  if (r.spending.currency.empty()) r.spending.currency = currency;
  r.changes = std::move(changes);
  r.safety = std::move(safety).finish();
  return r;
}

TrendsRead read_trends(Env& env, const TrendsInput& settings, const TrendsAsk& ask) {
  const DaySettings& day_settings = env.config.days;
  const Zone* zone = env.zone;
  const Period& p = settings.period;
  const std::optional<std::string>& substance = settings.substance;
  int days = period_days(p);
  const Instant trends_from = day_begin(p.first - date::days{days}, zone, day_settings);
  const Instant week_from = day_begin(p.first - date::days{7}, zone, day_settings);
  const Instant read_from = std::min(trends_from, week_from);
  LocalDay today = logical_day(env.now, zone, day_settings);
  const LocalDay last = std::min(p.last, today);
  TrendsRead out;
  WordsCollector words(p.first, last, zone, day_settings, substance);
  if (ask.setting) out.setting.emplace(*ask.setting, zone, day_settings, substance);
  TrendsAccumulator trends(settings);
  AfterUseCollector after(p.first, last, zone, day_settings, substance);
  std::optional<PlanStretchesCollector> plan;
  if (ask.plan_of) plan.emplace(*ask.plan_of, ask.versions, settings);
  std::optional<ReviewFeed> review;
  if (ask.review) review.emplace(*ask.review);
  // The trends read from the period before (or, for a period under a week, from its own
  // length before); the mood around a use, set and setting and the rows kept from the week
  // before the period.
  auto add_row = [&](const TrendEntry& row) {
    if (row.at < trends_from) return;
    trends.add(row);
    if (plan) plan->add(row);
  };
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
    if (read_from < week_from) store.each_row(light, add_row);
    store.each(whole, [&](const Entry& e) {
      TrendEntry row(e);
      add_row(row);
      after.add(row);
      words.add(e);
      if (out.setting) out.setting->add(e);
      if (review) review->add(row, e.id);
    });
  });
  out.trends = std::move(trends).finish();
  // The words of the period's days up to today, moved in rather than copied (years of notes).
  out.trends.words = std::move(words).finish();
  out.after = std::move(after).finish(out.trends.current);
  if (plan) out.plan = std::move(*plan).finish();
  if (review) out.review = std::move(*review).finish();
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
