#include "ebb/store/store.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "ebb/store/vault.hpp"
#include "ebb/util/exit_codes.hpp"
#include "store_sql.hpp"

namespace ebb {

namespace {

// The WHERE clause of a ForgetQuery over a table with the entry columns; bound in order.
std::string forget_where(const ForgetQuery& q) {
  std::string w = " WHERE 1";
  if (q.all) return w;
  if (q.before) w += " AND at < ?";
  if (!q.substance.empty()) w += " AND substance = ?";
  return w;
}

// Binds the query's parameters `times` times over, for SQL that repeats its WHERE clause.
void bind_forget(Stmt& s, const ForgetQuery& q, int times = 1) {
  if (q.all) return;
  int i = 1;
  for (int t = 0; t < times; ++t) {
    if (q.before) s.bind(i++, *q.before);
    if (!q.substance.empty()) s.bind(i++, q.substance);
  }
}

void check_forget(const ForgetQuery& q) {
  if (!q.all && !q.before && q.substance.empty())
    throw StoreError(kExitUsage, "forget needs --all, --before or --substance.");
}

int64_t count_where(sqlite3* db, const std::string& table, const ForgetQuery& q) {
  Stmt s(db, "SELECT count(*) FROM " + table + forget_where(q));
  bind_forget(s, q);
  s.step();
  return s.integer(0);
}

}  // namespace

bool Store::settle_wal() {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  bool told = false;
  while (true) {
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc == SQLITE_OK && log == done) break;
    if (Clock::now() >= deadline) return false;
    if (!told && on_wait_ && Clock::now() >= deadline - std::chrono::seconds(9)) {
      told = true;
      on_wait_();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Everything is in the file now; truncating the WAL only needs a moment's patience.
  auto saved = std::exchange(patience_, std::chrono::milliseconds(2000));
  int rc = sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  patience_ = saved;
  return rc == SQLITE_OK;
}

int64_t Store::forget_count(const ForgetQuery& q) {
  check_forget(q);
  return count_where(db_, "entries", q);
}

Forgotten Store::forget(const ForgetQuery& q) {
  check_forget(q);
  Forgotten done;
  // Freed pages are zeroed from here on, in the WAL and in the file.
  exec(db_, "PRAGMA secure_delete = ON");
  write([&] {
    done.entries = count_where(db_, "entries", q);
    std::string where = forget_where(q);
    // Whose whole history goes: the matching entries, and removed entries (gone from
    // `entries`) that a matching snapshot belongs to, so undo never meets half an entry.
    std::string ids = fmt::format(
        "SELECT id FROM entries{0} UNION SELECT entry_id FROM journal WHERE seq IN "
        "(SELECT seq FROM journal_before{0}) AND entry_id NOT IN (SELECT id FROM entries)",
        where);
    // Snapshots hold whole copies of entries: those of the entries above, and any other
    // that matches on its own (an entry's earlier version, say before an edit).
    std::string snapshots = fmt::format(
        "SELECT seq FROM journal WHERE entry_id IN ({}) UNION SELECT seq FROM journal_before{}",
        ids, where);
    Stmt count(db_, "SELECT count(*) FROM journal_before WHERE seq IN (" + snapshots + ")");
    bind_forget(count, q, 3);
    count.step();
    done.undo_snapshots = count.integer(0);
    // Which reminders were shown names entries, days and substances: it goes whole (at
    // worst a reminder about what is left shows once more).
    exec(db_, "DELETE FROM reminders_shown");
    // Undo stops here: what was changed before a forget can't be taken back across it.
    exec(db_, "DELETE FROM undo_barrier; INSERT INTO undo_barrier (seq) VALUES (coalesce("
              "(SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0))");
    if (q.all) {
      done.plans = count_where(db_, "plans", q);
      exec(db_, "DELETE FROM journal_before; DELETE FROM journal; DELETE FROM entries; "
                "DELETE FROM plans;");
      return;
    }
    // journal_before rows go with their journal row (ON DELETE CASCADE).
    Stmt del_snapshots(db_, "DELETE FROM journal WHERE seq IN (" + snapshots + ")");
    bind_forget(del_snapshots, q, 3);
    del_snapshots.step();
    Stmt del_entries(db_, "DELETE FROM entries" + where);
    bind_forget(del_entries, q);
    del_entries.step();
  });
  // Empty the WAL into the file: the deletion, with its zeroed pages, is all in the file now.
  // A reader in another process holding an older version keeps its pages in the WAL: wait a
  // little for it, with passive checkpoints that never hold up other writers (a checkpoint
  // that waits for readers would stop every `ebb use`).
  bool settled = settle_wal();
  // Then the file without its free pages: a copy made beside it and put in its place once no
  // other ebb has it open, as encrypt does (VACUUM would build the whole copy in memory).
  try {
    compact();
    done.wal_cleared = true;  // the copy has no WAL, and the old file is gone with its own
  } catch (const Error& e) {
    done.compacted = false;
    if (auto* copy = dynamic_cast<const CopyError*>(&e))
      done.compaction_problem = copy->why();
    else if (dynamic_cast<const LockTimeout*>(&e))
      done.compaction_problem = "another ebb had the database open for over a minute";
    else
      done.compaction_problem = e.what();
    if (done.compaction_problem.ends_with('.')) done.compaction_problem.pop_back();
    // The old file, open again: its WAL emptied if the first try couldn't.
    done.wal_cleared = settled || (db_ && settle_wal());
  }
  return done;
}

namespace {

std::string shell_quote(const std::string& s) {
  if (s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                          "/._-+~") == std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string privacy_warning(const std::string& db_path) {
  std::vector<std::string> fixes;
  std::string what;
  struct stat st;
  if (::stat(db_path.c_str(), &st) == 0 && (st.st_mode & 077)) {
    fixes.push_back("chmod 600 " + shell_quote(db_path));
    what = "your ebb database";
  }
  // Only the folder ebb keeps for itself: a shared folder (/tmp, a home) is not ours to judge.
  std::filesystem::path dir = std::filesystem::path(db_path).parent_path();
  if (dir.filename() == "ebb" && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
      st.st_uid == ::getuid() && (st.st_mode & 077)) {
    fixes.insert(fixes.begin(), "chmod 700 " + shell_quote(dir.string()));
    what = what.empty() ? "the folder of your ebb database" : what + " and its folder";
  }
  if (fixes.empty()) return "";
  return fmt::format("Other people on this machine can open {}. If you want it private: {}",
                     what, fixes.size() > 1 ? fixes[0] + "; " + fixes[1] : fixes[0]);
}

}  // namespace ebb
