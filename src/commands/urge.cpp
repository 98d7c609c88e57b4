#include <memory>

#include "commands.hpp"
#include "common.hpp"

namespace ebb {

Runner setup_urge(CLI::App& sub) {
  struct Args {
    std::string intensity;
    EntryOptions o;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("intensity", a->intensity, "How strong, 0-10")->required()->type_name("0-10");
  add_common_options(sub, a->o);
  add_urge_options(sub, a->o);
  add_new_name_option(sub, a->o);
  return [a](Env& env) {
    Entry e;
    e.kind = Kind::urge;
    stamp(e, env, env.now);
    e.intensity = parse_scale(a->intensity, "Intensity", 0, 10);
    std::string hint;
    if (a->o.given("--substance")) hint = set_substance(e, a->o.substance, a->o.new_name);
    apply_options(a->o, e, env);
    return log_entry(env, e, hint);
  };
}

}  // namespace ebb
