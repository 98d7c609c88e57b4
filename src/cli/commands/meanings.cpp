#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "periods.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/meanings.hpp"

namespace ebb {

// `ebb meanings [PERIOD] [--substance X]`: what use did for the person, in their words,
// grouped and counted per substance beside the alternatives their plan holds.
Runner setup_meanings(CLI::App& sub) {
  struct Args {
    std::string period, since, until, substance;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("period", a->period,
                 "30d (default), week, month, last-month, year, 2026-11, ...")
      ->type_name("PERIOD");
  sub.add_option("--since", a->since, "Start of the period: a day, 30d, mon, ...")
      ->type_name("WHEN");
  sub.add_option("--until", a->until, "End of the period (a day includes all of it)")
      ->type_name("WHEN");
  sub.add_option("--substance", a->substance, "Only this substance or class")->type_name("NAME");
  return [a](Env& env) {
    bool custom = !a->since.empty() || !a->until.empty();
    Period period =
        resolve_period(env, a->period.empty() && !custom ? "30d" : a->period, a->since, a->until);
    auto versions = load_plans(env);
    MeaningsInput in;
    in.first = period.first;
    in.last = period.last;
    in.zone = env.zone;
    in.days = env.config.days;
    if (!a->substance.empty()) in.substance = a->substance;
    if (!versions.empty()) in.plan = &versions.back().plan;
    // Entries are taken as the store gives them (by time), so years of them are never all
    // held (MeaningsCollector keeps their words).
    MeaningsCollector collect(in);
    EntryQuery q;
    q.light = true;  // the words it reads are among the light columns (EntryQuery::light)
    q.since = day_begin(period.first, env.zone, env.config.days);
    q.until = day_begin(period.last + date::days{1}, env.zone, env.config.days);
    q.newest_first = false;
    Store& store = env.store();
    store.read([&] { store.each(q, [&](const Entry& e) { collect.add(e); }); });
    MeaningsMap m = std::move(collect).finish();
    if (env.json) {
      JsonWriter w(true);
      w.begin_object();
      w.field("first", format_day(period.first)).field("last", format_day(period.last));
      w.key("map");
      write_meanings_json(w, m);
      w.end_object();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    std::string heading = fmt::format("{}{} to {}", period.label.empty() ? "" : period.label + ", ",
                                      format_day(period.first), format_day(period.last));
    if (in.substance) heading += ", " + *in.substance;
    std::string out;
    for (const auto& line : meanings_lines(m, heading, env.sink.utf8)) out += line + "\n";
    env.sink.out(out);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
