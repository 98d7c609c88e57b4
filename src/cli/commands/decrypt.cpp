#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"

namespace ebb {

Runner setup_decrypt(CLI::App& sub) {
  sub.footer("The key comes from --key-file, EBB_KEY_FILE, key_file in the config, "
               "EBB_PASSPHRASE_FD or the terminal, as for every command.");
  return [](Env& env) {
    Store& store = env.store();
    if (!store.encrypted()) {
      env.sink.err(fmt::format("The database at {} isn't encrypted; nothing to do.\n",
                               store.path()));
      return static_cast<int>(kExitFalse);
    }
    store.decrypt();
    if (env.json) {
      JsonWriter w(true);
      w.begin_object().field("path", store.path()).field("encrypted", false).end_object();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    env.sink.out(fmt::format("Decrypted {}: it is a plain SQLite file again, readable by "
                             "anyone who can read the file.\n",
                             store.path()));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
