#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "periods.hpp"
#include "ebb/core/calendar.hpp"
#include "ebb/util/chart.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

ChartStyle chart_style(Env& env, bool ascii);

Runner setup_calendar(CLI::App& sub) {
  struct Args {
    std::string month, substance;
    bool ascii = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("month", a->month, "The month: 2026-11, or this (default) / last")
      ->type_name("MONTH");
  sub.add_option("--substance", a->substance, "Only this substance or class")->type_name("NAME");
  sub.add_flag("--ascii", a->ascii, "Draw with ASCII only");
  return [a](Env& env) {
    CalendarInput in;
    LocalDay today = logical_day(env.now, env.zone, env.config.days);
    date::year_month_day t{today};
    date::year_month month = t.year() / t.month();
    if (a->month == "last") {
      month -= date::months{1};
    } else if (!a->month.empty() && a->month != "this") {
      LocalDay d;
      if (!parse_day(a->month + "-01", &d))
        throw Error(kExitUsage, fmt::format("\"{}\" isn't a month ebb can read; write it like "
                                            "2026-11, or this / last.",
                                            a->month));
      date::year_month_day md{d};
      month = md.year() / md.month();
    }
    Period p;
    p.first = LocalDay{month / 1};
    p.last = LocalDay{month / date::last};
    in.entries = entries_around(env, p, 0);
    in.month = month;
    in.zone = env.zone;
    in.days = env.config.days;
    in.drinks = env.config.drinks;
    if (!a->substance.empty()) in.substance = a->substance;
    in.now = env.now;
    in.first_entry_at = first_entry_at(env);
    CalendarResult r = compute_calendar(in);
    if (env.json) env.sink.out(calendar_json(r, true) + "\n");
    else env.sink.out(render_calendar(r, chart_style(env, a->ascii)));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
