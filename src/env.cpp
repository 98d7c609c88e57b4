#include "ebb/env.hpp"

#include "ebb/keys.hpp"

namespace ebb {

Paths resolve_paths(const std::string& db_flag, const std::string& config_flag,
                    const std::function<const char*(const char*)>& getenv) {
  auto var = [&](const char* name) -> std::string {
    const char* v = getenv(name);
    return v ? std::string(v) : std::string();
  };
  std::string home = var("HOME");
  Paths p;
  if (!db_flag.empty()) p.db = db_flag;
  else if (!var("EBB_DB").empty()) p.db = var("EBB_DB");
  else if (!var("XDG_DATA_HOME").empty()) p.db = var("XDG_DATA_HOME") + "/ebb/ebb.db";
  else p.db = home + "/.local/share/ebb/ebb.db";

  p.config_explicit = true;
  if (!config_flag.empty()) p.config = config_flag;
  else if (!var("EBB_CONFIG").empty()) p.config = var("EBB_CONFIG");
  else {
    p.config_explicit = false;
    if (!var("XDG_CONFIG_HOME").empty()) p.config = var("XDG_CONFIG_HOME") + "/ebb/config.toml";
    else p.config = home + "/.config/ebb/config.toml";
  }
  return p;
}

Store& Env::store() {
  if (!store_) {
    KeySource keys = key_source_from_env(paths.key_file, config.key_file);
    store_ = Store::open(paths.db, &keys);
    // Someone at a terminal is told why nothing happens; a script just waits.
    if (sink.stderr_tty)
      store_->on_wait([this] {
        sink.err("Another ebb is busy with the database (a forget or an import, say); waiting "
                 "for it, up to a minute.\n");
      });
    std::string warning = warn_privacy ? privacy_warning(paths.db) : std::string();
    if (!warning.empty()) sink.err(warning + "\n");
  }
  return *store_;
}

}  // namespace ebb
