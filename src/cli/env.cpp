#include "ebb/cli/env.hpp"

#include <fmt/format.h>

#include "ebb/util/exit_codes.hpp"
#include "ebb/store/keys.hpp"

namespace ebb {

Paths resolve_paths(const std::string& db_flag, const std::string& config_flag,
                    const std::function<const char*(const char*)>& getenv) {
  auto var = [&](const char* name) -> std::string {
    const char* v = getenv(name);
    return v ? std::string(v) : std::string();
  };
  const std::string home = var("HOME");
  auto absolute = [](const std::string& path) { return !path.empty() && path.front() == '/'; };
  // Under an XDG folder when it is set (absolute), else under HOME; "" when neither works,
  // with *problem saying why.
  auto place = [&](const char* xdg, const char* under_home, const std::string& rest,
                   std::string* problem) -> std::string {
    std::string base = var(xdg);
    if (!base.empty() && !absolute(base)) {
      *problem = fmt::format("{} is \"{}\", a relative path; it needs to be an absolute one "
                             "(or unset).",
                             xdg, base);
      return "";
    }
    if (!base.empty()) return base + rest;
    if (!absolute(home)) {
      *problem = home.empty() ? std::string("HOME isn't set, so ebb can't tell where your files "
                                            "go.")
                              : fmt::format("HOME is \"{}\", not an absolute path, so ebb can't "
                                            "tell where your files go.",
                                            home);
      return "";
    }
    return home + under_home + rest;
  };
  Paths p;
  if (!db_flag.empty()) p.db = db_flag;
  else if (!var("EBB_DB").empty()) p.db = var("EBB_DB");
  else if (p.db = place("XDG_DATA_HOME", "/.local/share", "/ebb/ebb.db", &p.problem); p.db.empty())
    p.problem += " Name the database with --db or EBB_DB if you want.";

  p.config_explicit = true;
  if (!config_flag.empty()) p.config = config_flag;
  else if (!var("EBB_CONFIG").empty()) p.config = var("EBB_CONFIG");
  else {
    p.config_explicit = false;
    // Without a HOME there is no config of one's own to read; a relative XDG_CONFIG_HOME is
    // a mistake to point out, not a reason to quietly leave the person's settings out.
    std::string unplaced;
    p.config = place("XDG_CONFIG_HOME", "/.config", "/ebb/config.toml", &unplaced);
    if (p.config.empty() && !var("XDG_CONFIG_HOME").empty() && p.problem.empty())
      p.problem = unplaced + " Name the config with --config or EBB_CONFIG if you want.";
  }
  return p;
}

Store& Env::store() {
  if (!store_) {
    KeySource keys = key_source_from_env(paths.key_file, config.key_file);
    if (!may_prompt) {
      keys.can_prompt = false;
      keys.missing_key_exit = kExitNoKey;
    }
    store_ = Store::open(paths.db, &keys);
    for (const auto& notice : store_->notices()) sink.err(notice + "\n");
    // Someone at a terminal is told why nothing happens; a script just waits.
    if (sink.stderr_tty)
      store_->on_wait([this] {
        sink.err("Another ebb is busy with the database (an import, a forget or a plan being "
                 "edited, say); waiting for it, up to a minute.\n");
      });
    std::string warning = warn_privacy ? privacy_warning(paths.db) : std::string();
    if (!warning.empty()) sink.err(warning + "\n");
  }
  return *store_;
}

}  // namespace ebb
