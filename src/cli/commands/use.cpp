#include <memory>

#include "commands.hpp"
#include "entry_options.hpp"

namespace ebb {

Runner setup_use(CLI::App& sub) {
  auto a = std::make_shared<UseArgs>();
  add_use_arguments(sub, *a);
  return [a](Env& env) {
    std::string hint;
    Entry e = use_entry(env, *a, &hint);
    return log_entry(env, e, hint);
  };
}

}  // namespace ebb
