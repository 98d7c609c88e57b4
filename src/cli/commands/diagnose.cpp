#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/core/config.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"

namespace ebb {

namespace {

// Permission bits of `path`; nullopt when it isn't there.
std::optional<unsigned> mode_of(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<unsigned>(st.st_mode & 07777);
}

}  // namespace

Runner setup_diagnose(CLI::App& sub) {
  (void)sub;
  return [](Env& env) {
    const std::string& db = env.paths.db;
    auto db_mode = mode_of(db);
    auto dir = std::filesystem::path(db).parent_path().string();
    auto dir_mode = mode_of(dir);
    bool config_found = std::filesystem::exists(env.paths.config);
    std::optional<StoreInfo> info;
    std::string db_problem;
    if (db_mode) {
      try {
        info = Store::inspect(db);
      } catch (const Error& e) {
        db_problem = e.what();
      }
    }
    // A -shm left read-only by a read of a read-only database stops writes until mended.
    const std::optional<unsigned> shm_file = info ? mode_of(info->path + "-shm") : std::nullopt;
    const unsigned shm_mode = shm_file.value_or(0);
    const bool shm_stuck = shm_file && !(shm_mode & 0200) && db_mode && (*db_mode & 0200);
    bool shared = db_mode && (*db_mode & 077) != 0;
    bool dir_shared = dir_mode && (*dir_mode & 077) != 0;
    std::string start = fmt::format("{:02}:{:02}", env.config.days.day_start.count() / 60,
                                    env.config.days.day_start.count() % 60);
    const char* const kWeekdays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday",
                                     "friday", "saturday"};
    std::string week_start = kWeekdays[env.config.days.week_start.c_encoding()];

    const char* tz = std::getenv("TZ");
    const char* pinned = std::getenv("EBB_NOW");
    // An encrypted file shows only its header without the key, and diagnose never asks for it.
    const bool encrypted = info && !info->encryption.empty();
    std::optional<std::string> schema_note;
    if (encrypted) {
    } else if (info && info->schema_version > latest_schema_version())
      schema_note = "written by a newer ebb";
    else if (info && info->schema_version < latest_schema_version())
      schema_note = "older; it is brought up to date the next time ebb writes to it";

    if (env.json) {
      JsonWriter w(true);
      w.begin_object();
      w.field("version", EBB_VERSION);
      w.field("sqlite_version", sqlite_version());
      w.field("schema_version_supported", latest_schema_version());
      w.key("database").begin_object();
      w.field("path", db);
      w.field("exists", db_mode.has_value());
      w.field("mode", db_mode ? std::optional<std::string>(fmt::format("{:04o}", *db_mode))
                              : std::nullopt);
      w.field("folder_mode", dir_mode ? std::optional<std::string>(fmt::format("{:04o}", *dir_mode))
                                      : std::nullopt);
      w.field("readable_by_others", shared || dir_shared);
      if (!db_problem.empty()) w.field("problem", db_problem);
      if (info && info->path != db) w.field("real_path", info->path);
      if (info && !info->foreign.empty()) w.field("not_ebb", info->foreign);
      if (shm_stuck) w.field("shm_mode", fmt::format("{:04o}", shm_mode));
      if (info) {
        w.key("leftovers").begin_array();
        for (const auto& f : info->leftovers) w.value(f);
        w.end_array();
      }
      if (encrypted) {
        w.key("encryption").begin_object()
            .field("format", info->encryption)
            .field("key", info->key_kind)
            .end_object();
      } else if (info) {
        w.field("schema_version", info->schema_version);
        w.field("journal_mode", info->journal_mode);
        w.key("entries").begin_object()
            .field("use", info->uses)
            .field("urge", info->urges)
            .field("mood", info->moods)
            .end_object();
        w.field("plan_versions", info->plans);
        w.field("first_entry", info->first_at ? std::optional<std::string>(format_rfc3339(*info->first_at, env.zone)) : std::nullopt);
        w.field("last_entry", info->last_at ? std::optional<std::string>(format_rfc3339(*info->last_at, env.zone)) : std::nullopt);
      }
      w.end_object();
      w.key("config").begin_object();
      w.field("path", env.paths.config);
      w.field("found", config_found);
      w.field("named_explicitly", env.paths.config_explicit);
      w.end_object();
      w.key("time").begin_object();
      w.field("zone", env.zone->name());
      w.field("zone_from", tz && *tz ? "TZ" : "system");
      w.field("now", format_rfc3339(env.now, env.zone));
      w.field("now_pinned", pinned && *pinned);
      w.field("day_start", start);
      w.field("week_start", week_start);
      w.end_object();
      w.end_object();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }

    std::string out;
    auto line = [&out](std::string_view k, const std::string& v) {
      out += fmt::format("{:<16}{}\n", k, v);
    };
    line("ebb", EBB_VERSION);
    line("SQLite", sqlite_version());
    line("schema", fmt::format("up to version {}", latest_schema_version()));
    out += "\n";
    if (!db_mode) {
      line("database", db);
      line("", "not there yet; ebb creates it (mode 0600) when you first log something");
    } else {
      line("database", fmt::format("{} (mode {:04o})", db, *db_mode));
      if (!db_problem.empty()) line("", db_problem);
      if (info && info->path != db) line("", "a link to " + info->path);
      if (info && !info->foreign.empty())
        line("", fmt::format("an SQLite database, but not one of ebb's (it holds {}); ebb "
                             "leaves it as it is",
                             info->foreign));
      if (shm_stuck)
        line("", fmt::format("its -shm file is read-only (mode {:04o}), which stops writes; "
                             "the next ebb command mends it",
                             shm_mode));
      if (encrypted) {
        line("encrypted", fmt::format("{}, with a {}", info->encryption, info->key_kind));
        line("", "(what it holds needs the key, and diagnose doesn't ask for it)");
      } else if (info && info->foreign.empty()) {
        line("schema version", fmt::format("{}{}", info->schema_version,
                                           schema_note ? " (" + *schema_note + ")" : ""));
        line("journal mode", info->journal_mode);
        auto n = [](int64_t k, const char* one, const char* many) {
          return fmt::format("{} {}", k, k == 1 ? one : many);
        };
        line("entries", fmt::format("{}, {}, {}", n(info->uses, "use", "uses"),
                                    n(info->urges, "urge", "urges"), n(info->moods, "mood", "moods")));
        line("plan versions", std::to_string(info->plans));
        if (info->first_at)
          line("logged", fmt::format("{} to {}", format_rfc3339(*info->first_at, env.zone),
                                     format_rfc3339(*info->last_at, env.zone)));
      }
      if (info && !info->leftovers.empty()) {
        line("leftovers", "from an encrypt or decrypt that was cut off; the next ebb that");
        line("", "opens the database removes them:");
        for (const auto& f : info->leftovers) line("", "  " + f);
      }
    }
    line("config", fmt::format("{} ({})", env.paths.config,
                               config_found ? "found" : "not there; the defaults apply"));
    out += "\n";
    line("zone", fmt::format("{} (from {})", env.zone->name(), tz && *tz ? "TZ" : "the system"));
    line("now", fmt::format("{}{}", format_rfc3339(env.now, env.zone),
                            pinned && *pinned ? " (pinned by EBB_NOW)" : ""));
    line("day starts", start);
    line("week starts", week_start);
    env.sink.out(out);
    if (shared || dir_shared)
      env.sink.err(fmt::format(
          "Other people on this machine can read {}. If you want it private: chmod {} {}\n",
          shared ? "your database" : "the folder your database is in", shared ? "600" : "700",
          shared ? db : dir));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
