#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/catalog.hpp"
#include "ebb/chart.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/trends.hpp"

namespace ebb {

ChartStyle chart_style(Env& env, bool ascii) {
  return ChartStyle{env.sink.utf8 && !ascii, env.sink.color};
}

Runner setup_trends(CLI::App& sub) {
  struct Args {
    std::string period, since, until, by = "week", substance;
    bool ascii = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("period", a->period, "week (default), month, last-month, 30d, 365d, 2026-11, ...")
      ->type_name("PERIOD");
  sub.add_option("--since", a->since, "Start of the period")->type_name("WHEN");
  sub.add_option("--until", a->until, "End of the period")->type_name("WHEN");
  sub.add_option("--by", a->by, "Rows of the table: day, week (default) or month")
      ->check(CLI::IsMember({"day", "week", "month"}))
      ->type_name("BUCKET");
  sub.add_option("--substance", a->substance, "Only this substance or class")->type_name("NAME");
  sub.add_flag("--ascii", a->ascii, "Draw charts with ASCII only");
  return [a](Env& env) {
    Period period = resolve_period(env, a->period, a->since, a->until);
    // The previous period of the same length comes just before this one.
    TrendsInput in =
        trends_input(env, period, trend_entries_around(env, period, period_days(period)));
    auto versions = load_plans(env);
    in.currency = currency_in_use(env, versions);
    add_spending_baseline(env, versions, &in);
    // The person's words come from whole entries of the period itself.
    auto words = entries_around(env, period, 0);
    in.word_entries = words;
    if (!a->substance.empty()) in.substance = a->substance;
    parse_bucket(a->by, &in.by);
    TrendsResult r = compute_trends(in);
    if (env.json) env.sink.out(trends_json(r, true) + "\n");
    else env.sink.out(render_trends(r, chart_style(env, a->ascii)));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
