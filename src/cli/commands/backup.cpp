#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"

namespace ebb {

namespace {

// ebb-backup-20261120-213000.db beside the database, in the person's local time.
std::string default_backup_path(const Env& env, const std::string& db) {
  auto local = env.zone->to_local(env.now);
  auto name = date::format("ebb-backup-%Y%m%d-%H%M%S.db", local);
  return (std::filesystem::path(db).parent_path() / name).string();
}

}  // namespace

Runner setup_backup(CLI::App& sub) {
  auto file = std::make_shared<std::string>();
  sub.add_option("file", *file,
                 "Where to write the copy (default: ebb-backup-DATE-TIME.db beside the database)")
      ->type_name("FILE");
  return [file](Env& env) {
    Store& store = env.store();
    // Beside the database file itself, where forget and encrypt look for copies. Never over
    // one of ebb's own files, nor over any file (backup_to refuses one that exists).
    std::string dest = file->empty() ? default_backup_path(env, store.real_path())
                                     : output_path(env, *file, false, false);
    // The count is the copy's own, read back from it when it was checked.
    int64_t entries = store.backup_to(dest);
    if (env.json) {
      JsonWriter w(true);
      w.begin_object()
          .field("backup", dest)
          .field("entries", entries)
          .field("encrypted", store.encrypted())
          .end_object();
      env.sink.out(w.str() + "\n");
    } else {
      env.sink.out(fmt::format(
          "Copied the whole database ({} {}) to {}. The copy was opened and checks out; only "
          "you can read it{}.\n",
          entries, entries == 1 ? "entry" : "entries", dest,
          store.encrypted() ? ", and it opens with the same key as the database" : ""));
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
