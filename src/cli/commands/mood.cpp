#include <memory>

#include "commands.hpp"
#include "entry_options.hpp"

namespace ebb {

Runner setup_mood(CLI::App& sub) {
  struct Args {
    std::string score;
    EntryOptions o;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("score", a->score, "How you feel, 1 (very low) to 10 (very good)")
      ->required()
      ->type_name("1-10");
  add_common_options(sub, a->o);
  add_mood_options(sub, a->o);
  return [a](Env& env) {
    Entry e;
    e.kind = Kind::mood;
    stamp(e, env, env.now);
    e.score = parse_scale(a->score, "A mood score", 1, 10);
    apply_options(a->o, e, env);
    return log_entry(env, e, "");
  };
}

}  // namespace ebb
