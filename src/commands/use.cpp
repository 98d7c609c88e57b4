#include <memory>

#include "commands.hpp"
#include "common.hpp"

namespace ebb {

Runner setup_use(CLI::App& sub) {
  struct Args {
    std::string substance, amount, unit;
    EntryOptions o;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("substance", a->substance, "What you used (a name or alias: beer, weed, ...)")
      ->required()
      ->type_name("SUBSTANCE");
  sub.add_option("amount", a->amount, "How much: 2, 2.5, 150mg, \"0.5 g\" (optional)")
      ->type_name("AMOUNT");
  sub.add_option("unit", a->unit, "The unit, when not written with the amount: mg, g, drinks, ...")
      ->type_name("UNIT");
  add_common_options(sub, a->o);
  add_use_options(sub, a->o);
  add_new_name_option(sub, a->o);
  add_insist_option(sub, a->o);
  return [a](Env& env) {
    Entry e;
    e.kind = Kind::use;
    stamp(e, env, env.now);
    std::string hint = set_substance(e, a->substance, a->o.new_name);
    apply_options(a->o, e, env);
    if (!a->amount.empty()) set_amount(e, a->amount, a->unit, env.config.drinks, a->o.insist);
    return log_entry(env, e, hint);
  };
}

}  // namespace ebb
