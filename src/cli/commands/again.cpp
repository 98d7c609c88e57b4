#include <memory>

#include "commands.hpp"
#include "entry_options.hpp"
#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

// `ebb again`: the last use, once more, now: a new entry with the same substance, amount and
// how (route, company, testing, strength, cost), its reminders as after `ebb use`. The
// reasons, notes and mood of the first one are its own, so they are not copied.
Runner setup_again(CLI::App& sub) {
  auto o = std::make_shared<EntryOptions>();
  add_common_options(sub, *o);
  add_use_options(sub, *o);
  return [o](Env& env) {
    EntryQuery q;
    q.kind = Kind::use;
    q.limit = 1;
    auto last = env.store().query(q);
    if (last.empty())
      throw Error(kExitUsage, "There's no use in your log to repeat yet. Log one with "
                              "ebb use SUBSTANCE [AMOUNT], e.g. ebb use beer 1.");
    const Entry& before = last.front();
    Entry e;
    e.kind = Kind::use;
    stamp(e, env, env.now);
    e.substance = before.substance;
    e.substance_class = before.substance_class;
    e.beverage = before.beverage;
    e.amount = before.amount;
    e.unit = before.unit;
    e.abv = before.abv;
    e.route = before.route;
    e.place = before.place;
    e.with_whom = before.with_whom;
    e.alone = before.alone;
    e.tested = before.tested;
    e.cost = before.cost;
    apply_options(*o, e, env);
    return log_entry(env, e, "");
  };
}

}  // namespace ebb
