#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "periods.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/reflect.hpp"
#include "ebb/core/review.hpp"

namespace ebb {

Runner setup_review(CLI::App& sub) {
  struct Args {
    std::string period, since, until;
    bool by_plan = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("period", a->period,
                 "today, yesterday, week (default), last-week, month, last-month, year, 30d, "
                 "2026-11")
      ->type_name("PERIOD");
  sub.add_option("--since", a->since, "Start of the period: a day, 30d, mon, ...")
      ->type_name("WHEN");
  sub.add_option("--until", a->until, "End of the period (a day includes all of it)")
      ->type_name("WHEN");
  sub.add_flag("--by-plan", a->by_plan,
               "The measures under each plan version in force in the period, side by side");
  return [a](Env& env) {
    Period period = resolve_period(env, a->period, a->since, a->until);
    auto versions = load_plans(env);
    if (a->by_plan) {
      // The review the report's by-plan section takes (review_for: rows, not whole entries).
      ReviewResult r = review_for(env, period, versions);
      TrendsInput base = trends_input(env, period, {});
      PlanStretchesCollector collect(r, versions, base);
      each_trend_entry(env, period, 0, [&](const TrendEntry& row) { collect.add(row); });
      auto stretches = std::move(collect).finish();
      if (env.json) {
        JsonWriter w(true);
        w.begin_object()
            .field("first", format_day(r.period.first))
            .field("last", format_day(r.period.last))
            .key("by_plan");
        write_plan_stretches_json(w, stretches);
        w.end_object();
        env.sink.out(w.str() + "\n");
      } else {
        env.sink.out(render_plan_stretches(stretches, env.sink.color));
      }
      return static_cast<int>(kExitOk);
    }
    ReviewResult r = review_for(env, period, versions);
    if (env.json) {
      write_review_json(r, true, [&](std::string_view piece) { env.sink.out(piece); });
      env.sink.out("\n");
      return static_cast<int>(kExitOk);
    }
    const Plan* current = versions.empty() ? nullptr : &versions.back().plan;
    // One good thing about changing, in the person's words, at most once a person's day: the
    // first review of the day quotes it, whatever the days held (never a reply to a lapse).
    std::string changing;
    constexpr std::string_view kQuoted = "balance:good_about_changing";
    LocalDay today = logical_day(env.now, env.zone, env.config.days);
    if (current && !current->balance.good_about_changing.empty()) {
      auto last = env.store().reminder_shown_at(kQuoted);
      if (!last || logical_day(*last, env.zone, env.config.days) != today)
        changing = balance_quote(current->balance.good_about_changing, today);
    }
    std::string out;
    for (const auto& line : review_lines(r, current, env.sink.utf8, changing)) out += line + "\n";
    env.sink.out(out);
    if (!changing.empty()) env.store().mark_reminders_shown({std::string(kQuoted)}, env.now);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
