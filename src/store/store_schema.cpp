#include "ebb/store/store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "ebb/util/exit_codes.hpp"
#include "ebb/store/vault.hpp"
#include "store_sql.hpp"

namespace ebb {

namespace {

// Migration i takes the schema from version i to i + 1. Never edit a released step: add one.
std::vector<std::string> migrations() {
  return {
      fmt::format("CREATE TABLE entries ({}, PRIMARY KEY (id)) STRICT;"
                  "CREATE INDEX entries_at ON entries (at);"
                  "CREATE INDEX entries_substance_at ON entries (substance, at);"
                  "CREATE INDEX entries_kind_at ON entries (kind, at);"
                  "CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                  "  at INTEGER NOT NULL, op TEXT NOT NULL CHECK (op IN ('add','edit','rm')), "
                  "  entry_id TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0) STRICT;"
                  "CREATE TABLE journal_before (seq INTEGER PRIMARY KEY "
                  "  REFERENCES journal (seq) ON DELETE CASCADE, {}) STRICT;"
                  "CREATE TABLE plans (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                  "  saved_at INTEGER NOT NULL, text TEXT NOT NULL) STRICT;"
                  "CREATE TABLE reminders_shown (key TEXT PRIMARY KEY, "
                  "  shown_at INTEGER NOT NULL) STRICT;",
                  kEntryColumnDefs, kEntryColumnDefs),
      // 2: forget finds every journal row of the entries it erases without a full scan.
      "CREATE INDEX journal_entry ON journal (entry_id);",
      // 3: every listing is ordered by (at, id); with id in the index a period is read in
      // order straight off it, without sorting rows that share a second.
      "DROP INDEX IF EXISTS entries_at; CREATE INDEX entries_at_id ON entries (at, id);"
      "DROP INDEX IF EXISTS entries_kind_at;"
      "CREATE INDEX entries_kind_at_id ON entries (kind, at, id);"
      "DROP INDEX IF EXISTS entries_substance_at;"
      "CREATE INDEX entries_substance_at_id ON entries (substance, at, id);",
      // 4: kind 'none' and the beverage column. SQLite cannot change a CHECK in place, so
      // the entries and the undo copies are rebuilt with every row carried over.
      fmt::format("CREATE TABLE entries_v4 ({0}, PRIMARY KEY (id)) STRICT;"
                  "INSERT INTO entries_v4 ({1}) SELECT {1} FROM entries;"
                  "DROP TABLE entries;"
                  "ALTER TABLE entries_v4 RENAME TO entries;"
                  "CREATE INDEX entries_at_id ON entries (at, id);"
                  "CREATE INDEX entries_kind_at_id ON entries (kind, at, id);"
                  "CREATE INDEX entries_substance_at_id ON entries (substance, at, id);"
                  "CREATE TABLE journal_before_v4 (seq INTEGER PRIMARY KEY "
                  "  REFERENCES journal (seq) ON DELETE CASCADE, {0}) STRICT;"
                  "INSERT INTO journal_before_v4 (seq, {1}) SELECT seq, {1} FROM journal_before;"
                  "DROP TABLE journal_before;"
                  "ALTER TABLE journal_before_v4 RENAME TO journal_before;",
                  kEntryColumnDefsV4, kEntryColumnsV1),
      // 5: forgetting is final: undo never reaches past the journal as it was at a forget.
      "CREATE TABLE undo_barrier (seq INTEGER NOT NULL) STRICT;",
      // 6: the changes one command makes are undone together (`rm A B`, one `undo`). The
      // first journal row of a command has no batch; the others name its seq.
      "ALTER TABLE journal ADD COLUMN batch INTEGER;",
      // 7: how a use felt afterwards (`ebb use --felt N`, 1-10), for mood before and after.
      "ALTER TABLE entries ADD COLUMN felt INTEGER;"
      "ALTER TABLE journal_before ADD COLUMN felt INTEGER;",
  };
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

int Store::schema_version() {
  Stmt s(stmts_, db_, "PRAGMA user_version");
  s.step();
  return static_cast<int>(s.integer(0));
}

namespace {
// WAL has to be set outside a transaction; it is a property of the file and sticks. The switch
// needs the file to itself, and SQLite answers SQLITE_BUSY at once, without the busy handler,
// when another process has it open (two first entries into a new database at the same moment).
// So it is retried here with the same patience as every other wait for the database.
void use_wal(sqlite3* db, const std::string& path) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &s, nullptr);
    std::string mode;
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(s);
      if (rc == SQLITE_ROW) {
        auto p = sqlite3_column_text(s, 0);
        mode = p ? reinterpret_cast<const char*>(p) : "";
        rc = SQLITE_OK;
      }
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_OK && mode == "wal") return;
    int primary = rc & 0xff;
    bool busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    if (rc == SQLITE_OK || !busy || Clock::now() >= deadline)
      throw StoreError(kExitInternal,
                       fmt::format("Couldn't prepare the database at {} for use ({}). Nothing "
                                   "was saved; try again in a moment.",
                                   path, rc == SQLITE_OK ? "journal mode " + mode
                                                         : std::string(sqlite3_errmsg(db))));
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}
}  // namespace

void Store::migrate() {
  const int latest = latest_schema_version();
  int version = schema_version();
  if (version == latest) return;
  if (version == 0) {
    std::string tables = foreign_tables(db_);
    // Another ebb may have made its tables between the two reads (two first entries at the
    // same moment): then its version, committed with them, is there to read now.
    if (!tables.empty()) version = schema_version();
    if (version == latest) return;
    if (version == 0 && !tables.empty()) {
      // Someone else's file: the lock file made for it goes again, so nothing is left beside it.
      if (!lock_was_there_) ::unlink((real_path_ + ".lock").c_str());
      throw StoreError(kExitData,
                       fmt::format("The file at {} is an SQLite database, but not one of ebb's "
                                   "(it holds {}). It was left as it is. Use --db or EBB_DB to "
                                   "point ebb at another file.",
                                   path_, tables));
    }
  }
  if (version > latest)
    throw StoreError(kExitData,
                     fmt::format("The database at {} was written by a newer ebb (schema {}, this "
                                 "one knows up to {}). It was left as it is; a newer ebb can "
                                 "open it.",
                                 path_, version, latest));
  use_wal(db_, path_);
  if (version > 0) {
    // Keep a copy of the old file before changing its shape (a copy can't be made inside the
    // migration's transaction; two processes racing here both copy the same old version, and
    // the first one's copy stays). A copy of an encrypted database is encrypted.
    make_upgrade_copy(fmt::format("{}.bak-{}", real_path_, version));
  }
  auto steps = migrations();
  write([&] {
    int v = schema_version();  // another process may have migrated while we waited
    if (v > latest)
      throw StoreError(kExitData, fmt::format("The database at {} was written by a newer ebb.",
                                              path_));
    for (; v < latest; ++v) exec(db_, steps[static_cast<size_t>(v)]);
    exec(db_, fmt::format("PRAGMA user_version = {}", latest));
  });
}

}  // namespace ebb
