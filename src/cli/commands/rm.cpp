#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

Runner setup_rm(CLI::App& sub) {
  auto ids = std::make_shared<std::vector<std::string>>();
  sub.add_option("id", *ids, "Ids of the entries to remove (or the start or end of them)")
      ->required()
      ->type_name("ID");
  return [ids](Env& env) {
    // Every id is looked up before anything is removed, in the same transaction as the
    // removals: a typo in the third id removes nothing, and one `undo` brings all back.
    std::vector<Entry> removed;
    Store& store = env.store();
    store.transaction([&] {
      for (const auto& id : *ids) {
        Entry e = find_entry(env, id, "Nothing was removed.");
        bool again = std::any_of(removed.begin(), removed.end(),
                                 [&](const Entry& r) { return r.id == e.id; });
        if (!again) removed.push_back(std::move(e));
      }
      for (const auto& e : removed) store.remove(e.id, env.now);
    });
    JsonWriter w(true);
    w.begin_array();
    for (const auto& e : removed) {
      if (env.json) write_entry_json(w, e);
      else
        env.sink.out(fmt::format("Removed {} at {}.\n", entry_summary(e),
                                 format_when(e.at, env.now, env.zone, env.config.days)));
    }
    w.end_array();
    if (env.json) env.sink.out(w.str() + "\n");
    else
      env.sink.err(removed.size() == 1 ? "'ebb undo' brings it back.\n"
                                       : "'ebb undo' brings them all back.\n");
    return kExitOk;
  };
}

}  // namespace ebb
