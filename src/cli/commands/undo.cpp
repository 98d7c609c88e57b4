#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

Runner setup_undo(CLI::App&) {
  return [](Env& env) {
    auto undone = env.store().undo();
    if (!undone) {
      env.sink.err("Nothing to undo.\n");
      return static_cast<int>(kExitFalse);
    }
    if (undone->op == "forget") {
      env.sink.err("The change before this is an ebb forget, and forgetting is final: undo can't "
                   "take it back, and doesn't reach past it. Nothing was changed.\n");
      return static_cast<int>(kExitFalse);
    }
    if (env.json) {
      JsonWriter w(true);
      w.begin_object().field("undone", undone->op).key("entries").begin_array();
      for (const auto& e : undone->entries) write_entry_json(w, e);
      w.end_array().end_object();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    for (const auto& e : undone->entries) {
      std::string what = fmt::format("{} at {}", entry_summary(e),
                                     format_when(e.at, env.now, env.zone, env.config.days));
      if (undone->op == "add") env.sink.out(fmt::format("Undid adding {}.\n", what));
      else if (undone->op == "edit")
        env.sink.out(fmt::format("Undid the edit; back to {}.\n", what));
      else env.sink.out(fmt::format("Brought back {}.\n", what));
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
