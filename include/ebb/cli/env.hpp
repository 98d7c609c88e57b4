#pragma once
/// What every command runs with: the output sink, "now", the zone, the config, and the
/// store, opened only when a command first asks for it (so --help never touches it).

#include <functional>
#include <memory>
#include <string>

#include "ebb/core/config.hpp"
#include "ebb/util/sink.hpp"
#include "ebb/store/store.hpp"
#include "ebb/core/when.hpp"

namespace ebb {

/// Where files live: flag, then environment, then XDG defaults.
struct Paths {
  std::string db;
  std::string config;
  bool config_explicit = false;  ///< named by --config or EBB_CONFIG: it must exist
  std::string key_file;          ///< --key-file; else $EBB_KEY_FILE, then config key_file
  /// Why the database's place can't be told (HOME unset, a relative XDG_DATA_HOME): a
  /// message naming the variable and what works; empty when `db` is right.
  std::string problem;
};

/// Resolves the paths. `getenv` is injected so tests can pass their own environment. XDG
/// folders must be absolute (the XDG spec); a default needs HOME to be an absolute path.
/// When it isn't, `problem` says so (a database under / or the current folder would be
/// found by no later run). Without HOME there is no config to read (the defaults apply).
Paths resolve_paths(const std::string& db_flag, const std::string& config_flag,
                    const std::function<const char*(const char*)>& getenv);

struct Env {
  Sink& sink;
  Paths paths;
  Instant now{};
  const Zone* zone = nullptr;
  Config config;
  bool json = false;

  /// Opens the store on first use. Throws Error when it cannot.
  Store& store();
  WhenContext when() const { return WhenContext{now, zone, config.days}; }

  std::unique_ptr<Store> store_;
  /// Say so on stderr when the database is open to others (off while completing words).
  bool warn_privacy = true;
  /// Whether ebb may ask for a passphrase at the terminal. `check` (run by prompt lines, where
  /// a question would hang the shell) never does; without a key it fails with kExitNoKey.
  bool may_prompt = true;
};

}  // namespace ebb
