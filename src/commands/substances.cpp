#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/catalog.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/json.hpp"
#include "ebb/table.hpp"

namespace ebb {

Runner setup_substances(CLI::App&) {
  return [](Env& env) {
    if (env.json) {
      JsonWriter w(true);
      w.begin_array();
      for (const auto& s : catalog()) {
        w.begin_object();
        w.field("name", s.name).field("class", s.substance_class);
        w.key("groups").begin_array();
        for (auto g : s.groups) w.value(g);
        w.end_array();
        w.key("aliases").begin_array();
        for (auto al : s.aliases) w.value(al);
        w.end_array();
        w.field("usual_unit", s.usual_unit);
        w.end_object();
      }
      w.end_array();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    Table t({"name", "class", "usual unit", "also known as"});
    for (const auto& s : catalog()) {
      std::string aliases;
      for (size_t i = 0; i < s.aliases.size(); ++i)
        aliases += fmt::format("{}{}", i ? ", " : "", s.aliases[i]);
      t.row({std::string(s.name), std::string(s.substance_class), std::string(s.usual_unit),
             aliases});
    }
    env.sink.out(t.render(env.sink.color));
    env.sink.out("Any other name works too; ebb keeps it as you wrote it.\n");
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
