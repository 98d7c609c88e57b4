#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

// `ebb help [COMMAND]`: what `ebb --help` and `ebb COMMAND --help` print, for people who type
// it the other way round. Touches no database.
Runner setup_help(CLI::App& sub) {
  auto command = std::make_shared<std::string>();
  sub.add_option("command", *command, "The command to show help for")->type_name("COMMAND");
  CLI::App* root = sub.get_parent();
  return [command, root](Env& env) {
    if (command->empty()) {
      env.sink.out(ebb_overview(*root));
      return static_cast<int>(kExitOk);
    }
    for (const CLI::App* c : root->get_subcommands({}))
      if (c->get_name() == *command) {
        env.sink.out(c->help("ebb"));
        return static_cast<int>(kExitOk);
      }
    std::string names;
    for (const CLI::App* c : root->get_subcommands({}))
      if (!c->get_group().empty()) names += (names.empty() ? "" : ", ") + c->get_name();
    throw Error(kExitUsage, fmt::format("There's no command called \"{}\". The commands: {}.",
                                        *command, names));
  };
}

}  // namespace ebb
