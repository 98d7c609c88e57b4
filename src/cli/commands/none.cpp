#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

// `ebb none`: a day recorded with nothing used, of one substance or of anything. A chosen day
// off is then a fact in the log, not only inferred from an empty day, and today counts as a
// day off from the moment it is noted (coverage.hpp).
Runner setup_none(CLI::App& sub) {
  struct Args {
    EntryOptions o;
  };
  auto a = std::make_shared<Args>();
  add_common_options(sub, a->o);
  sub.get_option("--at")->description(
      "The day (default today): yesterday, fri, 2026-11-20, or a time on it");
  sub.add_option("--substance", a->o.substance,
                 "Nothing of this substance that day (default: nothing at all)")
      ->type_name("NAME");
  add_new_name_option(sub, a->o);
  return [a](Env& env) {
    Entry e;
    e.kind = Kind::none;
    // A day: its middle, so the day start and DST never move it to a neighbouring day.
    auto ctx = env.when();
    LocalDay day = logical_day(env.now, env.zone, env.config.days);
    if (a->o.given("--at")) {
      Instant t;
      std::string err;
      if (!parse_bound(a->o.at, ctx, false, &t, &err))
        throw Error(kExitUsage, err + " Nothing was saved.");
      day = logical_day(t, env.zone, env.config.days);
      if (t > env.now)
        throw Error(kExitUsage, fmt::format("{} is still to come. ebb logs what already "
                                            "happened. Nothing was saved.",
                                            format_day(day)));
    }
    Instant at = day_begin(day, env.zone, env.config.days) + std::chrono::hours{12};
    if (at > env.now) at = env.now;
    stamp(e, env, at);
    std::string hint;
    if (a->o.given("--substance")) hint = set_substance(e, a->o.substance, a->o.new_name);
    if (a->o.given("--note") || a->o.given("--tag")) {
      apply_options(a->o, e, env);  // note and tags; --at was read above as a day
      stamp(e, env, at);
    }

    // A day that holds a use of it can't also be a day with none.
    EntryQuery q;
    q.since = day_begin(day, env.zone, env.config.days);
    q.until = day_begin(day + date::days{1}, env.zone, env.config.days);
    q.newest_first = false;
    for (const Entry& other : env.store().query(q)) {
      if (other.kind == Kind::use && (e.substance.empty() || other.substance == e.substance))
        throw Error(kExitUsage,
                    fmt::format("{} already has {} logged ({} in ebb log), so it isn't a day "
                                "without {}. Nothing was saved.",
                                format_day(day), entry_summary(other), short_id(other.id),
                                e.substance.empty() ? std::string("use") : e.substance));
      if (other.kind == Kind::none && other.substance == e.substance) {
        env.sink.out(fmt::format("{} is noted already as a day without {}.\n", format_day(day),
                                 e.substance.empty() ? std::string("use") : e.substance));
        return static_cast<int>(kExitOk);
      }
    }
    return log_entry(env, e, hint);
  };
}

}  // namespace ebb
