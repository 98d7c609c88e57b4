// Upgrades, backups, forgetting for real, and file modes.
#include <doctest/doctest.h>

#include "test_support.hpp"
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "ebb/util/exit_codes.hpp"
#include "ebb/store/store.hpp"

using namespace ebb;
using ebb::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Runs with a permissive umask, so a private mode can only come from ebb itself.
struct OpenUmask {
  mode_t old = ::umask(022);
  ~OpenUmask() { ::umask(old); }
};

Instant at(int64_t s) { return Instant{std::chrono::seconds{s}}; }

Entry use(const std::string& substance, int64_t t, const std::string& note) {
  Entry e;
  e.kind = Kind::use;
  e.at = at(t);
  e.zone = "UTC";
  e.substance = substance;
  e.amount = 1;
  e.note = note;
  return e;
}

int mode_of(const fs::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Everything on disk for the database: the file and its WAL.
std::string raw(const fs::path& db) {
  return bytes_of(db) + bytes_of(db.string() + "-wal");
}

// One integer from a SQL query on a separate connection.
int64_t sql_int(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql, -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  int64_t v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
  return v;
}

std::string integrity(const fs::path& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  std::string v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return v;
}

void sql_exec(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  CHECK(sqlite3_exec(h, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
}

}  // namespace

TEST_CASE("a version 1 database is copied beside itself, then migrated forward") {
  OpenUmask umask;
  TempDir dir;
  auto path = dir.path / "ebb.db";
  {
    auto store = Store::open(path.string());
    Entry a = use("alcohol", 1000, "from the old version");
    store->add(a, at(2000));
    Entry b = use("cannabis", 1100, "");
    store->add(b, at(2000));
  }
  sql_exec(path, ebb::test::kBackToSchemaOne);
  REQUIRE(latest_schema_version() == 7);

  auto store = Store::open(path.string());
  CHECK(store->schema_version() == 7);
  CHECK(store->count(std::nullopt) == 2);
  CHECK(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'journal_entry'") == 1);
  CHECK(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'entries_%_id'") == 3);
  CHECK(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'entries_at'") == 0);
  EntryQuery oldest_first;
  oldest_first.newest_first = false;
  auto listed = store->query(oldest_first);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].note == "from the old version");

  // The undo journal written before batches: each change is undone on its own.
  CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('journal') WHERE name = 'batch'") == 1);
  auto u = store->undo();
  REQUIRE(u);
  REQUIRE(u->entries.size() == 1);
  CHECK(u->entries[0].substance == "cannabis");
  CHECK(store->count(std::nullopt) == 1);

  auto bak = dir.path / "ebb.db.bak-1";
  REQUIRE(fs::exists(bak));
  CHECK(mode_of(bak) == 0600);
  CHECK(sql_int(bak, "PRAGMA user_version") == 1);
  CHECK(sql_int(bak, "SELECT count(*) FROM entries") == 2);
  CHECK(sql_int(bak, "SELECT count(*) FROM entries WHERE note = 'from the old version'") == 1);
  CHECK(sql_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'journal_entry'") == 0);

  // Opening again is a no-op: no second copy.
  store.reset();
  Store::open(path.string());
  CHECK_FALSE(fs::exists(dir.path / "ebb.db.bak-2"));
}

TEST_CASE("an empty new database gets no backup copy") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  Store::open(path.string());
  for (const auto& f : fs::directory_iterator(dir.path))
    CHECK(f.path().filename().string().find(".bak-") == std::string::npos);
}

TEST_CASE("a database from a newer ebb is refused and not one byte changes") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  {
    auto store = Store::open(path.string());
    Entry a = use("alcohol", 1000, "future");
    store->add(a, at(2000));
  }
  sql_exec(path, "PRAGMA user_version = 99");
  auto before = bytes_of(path);
  try {
    Store::open(path.string());
    FAIL("opened a newer database");
  } catch (const Error& e) {
    CHECK(e.exit_code() == kExitData);
    std::string msg = e.what();
    CHECK(msg.find("newer ebb") != std::string::npos);
    CHECK(msg.find("left as it is") != std::string::npos);
  }
  CHECK(bytes_of(path) == before);
  CHECK_FALSE(fs::exists(dir.path / "ebb.db.bak-7"));
  CHECK(sql_int(path, "PRAGMA user_version") == 99);
}

TEST_CASE("backup_to writes a private, complete copy and never overwrites") {
  OpenUmask umask;
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  for (int i = 0; i < 50; ++i) {
    Entry e = use("alcohol", 1000 + i, "entry " + std::to_string(i));
    store->add(e, at(5000));
  }
  store->save_plan("why = \"me\"", at(100));
  auto copy = dir.path / "copy.db";
  store->backup_to(copy.string());
  CHECK(mode_of(copy) == 0600);
  CHECK(sql_int(copy, "SELECT count(*) FROM entries") == 50);
  CHECK(sql_int(copy, "SELECT count(*) FROM plans") == 1);
  CHECK(sql_int(copy, "PRAGMA user_version") == latest_schema_version());
  CHECK(integrity(copy) == "ok");
  // The copy is itself a database ebb opens.
  CHECK(Store::open(copy.string())->count(std::nullopt) == 50);

  auto before = bytes_of(copy);
  try {
    store->backup_to(copy.string());
    FAIL("overwrote a file");
  } catch (const Error& e) {
    CHECK(e.exit_code() == kExitUsage);
    CHECK(std::string(e.what()).find("already a file") != std::string::npos);
  }
  CHECK(bytes_of(copy) == before);
  CHECK_THROWS_AS(store->backup_to((dir.path / "no" / "such" / "dir.db").string()), Error);
}

TEST_CASE("forget by substance erases entries and every copy in the undo journal") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  auto store = Store::open(path.string());
  Entry kept = use("cannabis", 1000, "kept-note-7c1");
  store->add(kept, at(5000));
  Entry a = use("alcohol", 1100, "secret-note-4f9");
  store->add(a, at(5000));
  Entry removed = use("alcohol", 1200, "removed-note-2b8");
  store->add(removed, at(5000));
  REQUIRE(store->remove(removed.id, at(5100)));
  // Once alcohol, now cannabis: the entry stays, its alcohol past goes.
  Entry changed = use("alcohol", 1300, "was-alcohol-note-9d3");
  store->add(changed, at(5000));
  changed.substance = "cannabis";
  changed.note = "now-cannabis";
  store->update(changed, at(5200));
  REQUIRE(raw(path).find("secret-note-4f9") != std::string::npos);

  ForgetQuery q;
  q.substance = "alcohol";
  CHECK(store->forget_count(q) == 1);
  Forgotten done = store->forget(q);
  CHECK(done.entries == 1);
  CHECK(done.undo_snapshots == 2);  // the removed entry and the edited one's old version
  CHECK(done.plans == 0);
  CHECK(done.wal_cleared);

  CHECK(store->count(std::nullopt) == 2);
  std::string err;
  CHECK(store->find(kept.id, &err));
  CHECK(store->find(changed.id, &err)->note == "now-cannabis");
  CHECK_FALSE(store->find(a.id, &err));

  std::string bytes = raw(path);
  CHECK(bytes.find("secret-note-4f9") == std::string::npos);
  CHECK(bytes.find("removed-note-2b8") == std::string::npos);
  CHECK(bytes.find("was-alcohol-note-9d3") == std::string::npos);
  CHECK(bytes.find("kept-note-7c1") != std::string::npos);  // the search does find text
  CHECK(fs::file_size(path.string() + "-wal") == 0);

  // Forgetting is final: undo can't take it back, nor reach past it to older changes.
  auto u = store->undo();
  REQUIRE(u);
  CHECK(u->op == "forget");
  CHECK(store->count(std::nullopt) == 2);
  CHECK(integrity(path) == "ok");
}

TEST_CASE("forget before a time, with and without a substance") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  for (int i = 0; i < 10; ++i) {
    Entry e = use(i % 2 ? "alcohol" : "cannabis", 1000 + i * 100, "");
    store->add(e, at(5000));
  }
  ForgetQuery q;
  q.before = at(1500);  // 1000..1400: five entries, two of them alcohol
  q.substance = "alcohol";
  CHECK(store->forget_count(q) == 2);
  CHECK(store->forget(q).entries == 2);
  q.substance.clear();
  CHECK(store->forget(q).entries == 3);
  EntryQuery all;
  auto left = store->query(all);
  REQUIRE(left.size() == 5);
  CHECK(left.back().at == at(1500));
  CHECK_THROWS_AS(store->forget(ForgetQuery{}), Error);
}

TEST_CASE("forget all leaves nothing: entries, plans, undo history, reminders") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  auto store = Store::open(path.string());
  Entry e = use("alcohol", 1000, "all-gone-5e2");
  store->add(e, at(5000));
  store->save_plan("why = \"plan-text-8a1\"", at(100));
  store->mark_reminders_shown({"long-break:alcohol"}, at(200));
  ForgetQuery q;
  q.all = true;
  Forgotten done = store->forget(q);
  CHECK(done.entries == 1);
  CHECK(done.plans == 1);
  CHECK(store->count(std::nullopt) == 0);
  CHECK(store->plans().empty());
  CHECK_FALSE(store->reminder_shown_at("long-break:alcohol"));
  CHECK(store->undo()->op == "forget");
  std::string bytes = raw(path);
  CHECK(bytes.find("all-gone-5e2") == std::string::npos);
  CHECK(bytes.find("plan-text-8a1") == std::string::npos);
  CHECK(bytes.find("long-break") == std::string::npos);
  // Still a working database.
  Entry next = use("alcohol", 2000, "");
  store->add(next, at(5000));
  CHECK(store->count(std::nullopt) == 1);
}

// The file's identity on the disk, to tell a file rewritten in place from a new one.
ino_t inode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_ino;
}

// Names in `dir` that a cut-off or discarded copy would leave.
std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& f : fs::directory_iterator(dir)) {
    std::string name = f.path().filename().string();
    if (name.find("ebb-tmp") != std::string::npos || name.starts_with(".ebb.db"))
      out.push_back(name);
  }
  return out;
}

TEST_CASE("forget puts a new, private file in place of the old one, without free pages") {
  OpenUmask open_umask;
  TempDir dir;
  auto path = dir.path / "ebb.db";
  auto store = Store::open(path.string());
  for (int i = 0; i < 300; ++i) {
    Entry e = use(i % 3 ? "cannabis" : "alcohol", 1000 + i,
                  fmt::format("note-{}-{}", i % 3 ? "kept" : "gone", std::string(300, 'x')));
    store->add(e, at(5000));
  }
  auto size = fs::file_size(path);
  auto inode = inode_of(path);
  ForgetQuery q;
  q.substance = "alcohol";
  Forgotten done = store->forget(q);
  CHECK(done.entries == 100);
  CHECK(done.compacted);
  CHECK(done.compaction_problem.empty());
  CHECK(done.wal_cleared);
  CHECK(inode_of(path) != inode);
  CHECK(mode_of(path) == 0600);
  CHECK(fs::file_size(path) < size);
  CHECK(sql_int(path, "PRAGMA freelist_count") == 0);
  CHECK(raw(path).find("note-gone") == std::string::npos);
  CHECK(raw(path).find("note-kept") != std::string::npos);
  CHECK(leftovers(dir.path).empty());
  // The store goes on with the new file.
  CHECK(store->count(std::nullopt) == 200);
  Entry next = use("alcohol", 9000, "after");
  store->add(next, at(9000));
  CHECK(store->count(std::nullopt) == 201);
  CHECK(integrity(path) == "ok");
}

TEST_CASE("forget while another ebb has the database open loses nothing") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  auto other = Store::open(path.string());  // a command still running: a plan being edited
  for (int i = 0; i < 50; ++i) {
    Entry e =
        use(i % 2 ? "cannabis" : "alcohol", 1000 + i, i % 2 ? "kept-note-31" : "gone-note-47");
    other->add(e, at(5000));
  }
  auto store = Store::open(path.string());
  auto inode = inode_of(path);
  ForgetQuery q;
  q.substance = "alcohol";

  SUBCASE("it closes within the wait: the forget waits for it, then compacts") {
    std::thread closing([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      Entry late = use("cannabis", 2000, "late-note-59");
      other->add(late, at(5100));
      other.reset();
    });
    Forgotten done = store->forget(q);
    closing.join();
    CHECK(done.entries == 25);
    CHECK(done.compacted);
    CHECK(done.wal_cleared);
    CHECK(inode_of(path) != inode);
    CHECK(mode_of(path) == 0600);
    CHECK(store->count(std::nullopt) == 26);  // its late entry too
    CHECK(raw(path).find("late-note-59") != std::string::npos);
  }

  SUBCASE("it stays open past the wait: forgotten and zeroed, the file kept as it is") {
    store->patience(std::chrono::milliseconds(300));
    Forgotten done = store->forget(q);
    CHECK(done.entries == 25);
    CHECK_FALSE(done.compacted);
    CHECK(done.compaction_problem.find("another ebb") != std::string::npos);
    CHECK(done.wal_cleared);
    CHECK(inode_of(path) == inode);
    // Both stores go on with the same file, and see each other's writes.
    Entry mine = use("cannabis", 2000, "mine-note-61");
    store->add(mine, at(5100));
    Entry theirs = use("cannabis", 2100, "theirs-note-67");
    other->add(theirs, at(5200));
    CHECK(store->count(std::nullopt) == 27);
    CHECK(other->count(std::nullopt) == 27);
  }
  CHECK(raw(path).find("gone-note-47") == std::string::npos);
  CHECK(raw(path).find("kept-note-31") != std::string::npos);
  CHECK(leftovers(dir.path).empty());
  CHECK(integrity(path) == "ok");
}

TEST_CASE("privacy_warning names the chmod, only for ebb's own folder") {
  TempDir dir;
  auto folder = dir.path / "ebb";
  auto db = folder / "ebb.db";
  Store::open(db.string());
  CHECK(privacy_warning(db.string()).empty());

  fs::permissions(db, fs::perms(0644));
  auto w = privacy_warning(db.string());
  CHECK(w.find("chmod 600 " + db.string()) != std::string::npos);
  CHECK(w.find("folder") == std::string::npos);
  CHECK(w.find('\n') == std::string::npos);

  fs::permissions(folder, fs::perms(0755));
  w = privacy_warning(db.string());
  CHECK(w.find("chmod 700 " + folder.string()) != std::string::npos);
  CHECK(w.find("chmod 600 ") != std::string::npos);

  fs::permissions(db, fs::perms(0600));
  w = privacy_warning(db.string());
  CHECK(w.find("folder") != std::string::npos);
  CHECK(w.find("chmod 600") == std::string::npos);

  // A database in a shared folder: only the file is ebb's business.
  auto other = dir.path / "my notes.db";
  Store::open(other.string());
  fs::permissions(dir.path, fs::perms(0755));
  CHECK(privacy_warning(other.string()).empty());
  fs::permissions(other, fs::perms(0640));
  CHECK(privacy_warning(other.string()).find("chmod 600 '" + other.string() + "'") !=
        std::string::npos);
}
