#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "periods.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/util/chart.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/reflect.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

ChartStyle chart_style(Env& env, bool ascii) {
  return ChartStyle{env.sink.utf8 && !ascii, env.sink.color};
}

namespace {

// The days plan version `id` was in force, up to today; bad input (exit 2) when there is no
// such version or it was never in force for a whole day.
Period trends_plan_period(Env& env, std::span<const PlanVersion> versions, int64_t id) {
  LocalDay today = logical_day(env.now, env.zone, env.config.days);
  auto p = plan_version_period(versions, id, env.zone, env.config.days, today);
  if (!p) {
    bool exists = std::any_of(versions.begin(), versions.end(),
                              [&](const PlanVersion& v) { return v.id == id; });
    throw Error(kExitUsage,
                exists ? fmt::format("Version {} of your plan was replaced the day it was saved, "
                                     "so no day was lived under it. ebb plan history lists the "
                                     "versions.",
                                     id)
                       : fmt::format("There's no version {} of your plan; ebb plan history "
                                     "lists them.",
                                     id));
  }
  p->label = fmt::format("under plan version {}", id);
  return *p;
}

}  // namespace

Runner setup_trends(CLI::App& sub) {
  struct Args {
    std::string period, since, until, by = "week", substance;
    int64_t plan = 0;
    bool ascii = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("period", a->period, "week (default), month, last-month, 30d, 365d, 2026-11, ...")
      ->type_name("PERIOD");
  sub.add_option("--since", a->since, "Start of the period")->type_name("WHEN");
  sub.add_option("--until", a->until, "End of the period")->type_name("WHEN");
  sub.add_option("--by", a->by,
                 "Rows of the table: day, week (default) or month; or the measures by "
                 "with, where, alone, tested, reason or hour")
      ->check(CLI::IsMember({"day", "week", "month", "with", "where", "alone", "tested",
                             "reason", "hour"}))
      ->type_name("BY");
  sub.add_option("--plan", a->plan, "The days this plan version was in force (ebb plan history)")
      ->type_name("N");
  sub.add_option("--substance", a->substance, "Only this substance or class")->type_name("NAME");
  sub.add_flag("--ascii", a->ascii, "Draw charts with ASCII only");
  return [a](Env& env) {
    if (a->plan && (!a->period.empty() || !a->since.empty() || !a->until.empty()))
      throw Error(kExitUsage, "--plan N is a period of its own: the days version N was in "
                              "force. Give it without a period, --since or --until.");
    auto versions = load_plans(env);
    Period period = a->plan ? trends_plan_period(env, versions, a->plan)
                            : resolve_period(env, a->period, a->since, a->until);
    std::optional<std::string> substance;
    if (!a->substance.empty()) substance = a->substance;
    SettingKey key{};
    bool by_setting_key = parse_setting_key(a->by, &key);
    TrendsInput in = trends_input(env, period, {});
    in.currency = currency_in_use(env, versions);
    add_spending_baseline(env, versions, &in);
    in.substance = substance;
    if (!by_setting_key) parse_bucket(a->by, &in.by);
    // The period and the one before of the same length, read once: the trends, the person's
    // words, the mood around a use and set and setting from the week before on.
    TrendsAsk ask;
    if (by_setting_key) {
      ask.setting = key;
      ask.review = review_input(env, period, versions, {});  // days off, within the plan
    }
    TrendsRead read = read_trends(env, in, ask);
    const TrendsResult& r = read.trends;
    const AfterUse& after = read.after;
    std::optional<SettingResult> setting;
    if (by_setting_key) setting = read.setting->finish(r.current, read.review->days);
    if (env.json) {
      auto more = [&](JsonWriter& w) {
        w.key("after_use");
        write_after_use_json(w, after);
        if (setting) {
          w.key("setting");
          write_setting_json(w, *setting);
        }
      };
      write_trends_json(r, true, more, [&](std::string_view piece) { env.sink.out(piece); });
      env.sink.out("\n");
      return static_cast<int>(kExitOk);
    }
    ChartStyle style = chart_style(env, a->ascii);
    std::string out = render_trends(r, style);
    if (auto lines = after_use_lines(after); !lines.empty()) {
      out += "\n" + paint("Before and after a use", "1", style) + "\n";
      for (const auto& l : lines) out += l + "\n";
    }
    if (setting) out += "\n" + render_setting(*setting, style.color);
    env.sink.out(out);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
