#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/entry_format.hpp"
#include "ebb/exit_codes.hpp"

namespace ebb {

Runner setup_rm(CLI::App& sub) {
  auto ids = std::make_shared<std::vector<std::string>>();
  sub.add_option("id", *ids, "Ids of the entries to remove (or the start or end of them)")
      ->required()
      ->type_name("ID");
  return [ids](Env& env) {
    // Find them all first, so a typo in the third id removes nothing.
    std::vector<Entry> found;
    for (const auto& id : *ids) found.push_back(entry_named(env, id, "Nothing was removed."));
    JsonWriter w(true);
    w.begin_array();
    // All or none, journaled with one time, so one undo brings them all back.
    env.store().transaction([&] {
      for (const auto& e : found) env.store().remove(e.id, env.now);
    });
    for (const auto& e : found) {
      if (env.json) write_entry_json(w, e);
      else
        env.sink.out(fmt::format("Removed {} at {}.\n", entry_summary(e),
                                 format_when(e.at, env.now, env.zone, env.config.days)));
    }
    w.end_array();
    if (env.json) env.sink.out(w.str() + "\n");
    else
      env.sink.err(found.size() == 1 ? "'ebb undo' brings it back.\n"
                                     : "'ebb undo' brings them all back.\n");
    return kExitOk;
  };
}

}  // namespace ebb
