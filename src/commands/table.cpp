#include "commands.hpp"

namespace ebb {

std::span<const Command> command_table() {
  static const Command kCommands[] = {
      {"use", "Log a use: what, how much, and the context around it", setup_use},
      {"urge", "Log an urge: how strong, what set it off, what you did", setup_urge},
      {"mood", "Log how you feel, 1-10", setup_mood},
      {"log", "List entries, newest first", setup_log},
      {"edit", "Change fields of an entry", setup_edit},
      {"rm", "Remove an entry (ebb undo brings it back)", setup_rm},
      {"undo", "Revert the last add, edit or remove", setup_undo},
      {"substances", "List the substances and aliases ebb knows", setup_substances},
  };
  return kCommands;
}

}  // namespace ebb
