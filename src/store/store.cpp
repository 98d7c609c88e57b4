#include "ebb/store/store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <thread>
#include <chrono>

#include <fmt/format.h>

#include "ebb/store/crypt_vfs.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/prefault.hpp"
#include "ebb/store/vault.hpp"

namespace ebb {

namespace {

// How long a command waits for another process to finish with the database.
constexpr int kBusyTimeoutMs = 60000;

// The columns of schema 1 to 3, as text: migration 1 creates them and migration 4 copies them
// over. Literals, so the lists below are built from them at compile time.
#define EBB_ENTRY_COLUMNS_V1                                                                \
  "id, kind, at, zone, utc_offset, created_at, updated_at, substance, class, amount, unit, " \
  "abv, route, place, with_whom, alone, cost, reason, tested, mood_before, intensity, "      \
  "urge_trigger, feeling, wanted, outcome, outcome_note, minutes, intensity_after, score, "  \
  "feelings, energy, note, tags"
// Every column's definition after `kind`, as in schema 1.
#define EBB_ENTRY_DEFS_AFTER_KIND                                                           \
  "at INTEGER NOT NULL, zone TEXT NOT NULL, utc_offset INTEGER NOT NULL, "                  \
  "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, "                              \
  "substance TEXT, class TEXT, amount REAL, unit TEXT, abv REAL, route TEXT, place TEXT, "  \
  "with_whom TEXT, alone INTEGER, cost REAL, reason TEXT, tested INTEGER, "                 \
  "mood_before INTEGER, intensity INTEGER, urge_trigger TEXT, feeling TEXT, wanted TEXT, "  \
  "outcome TEXT, outcome_note TEXT, minutes INTEGER, intensity_after INTEGER, "             \
  "score INTEGER, feelings TEXT, energy INTEGER, note TEXT, tags TEXT"

// Column list shared by the entries table, the undo journal and every SELECT, so the three
// can never drift apart.
constexpr const char* kEntryColumns = EBB_ENTRY_COLUMNS_V1 ", beverage, felt";
constexpr int kEntryColumnCount = 35;
constexpr const char* kEntryColumnsV1 = EBB_ENTRY_COLUMNS_V1;
// The same columns for a light query (EntryQuery::light): what reminders, the plan, the
// review and the trends never read is NULL, in its place, so one reader serves both. The
// review quotes reasons, notes, triggers and what urges wanted, the trends count feelings.
constexpr const char* kEntryColumnsLight =
    "id, kind, at, zone, utc_offset, NULL, NULL, substance, class, amount, unit, abv, route, "
    "NULL, NULL, alone, cost, reason, tested, NULL, intensity, urge_trigger, feeling, wanted, "
    "outcome, "
    "outcome_note, NULL, intensity_after, score, NULL, NULL, note, NULL, beverage, felt";

// Schema 1's columns; never changed, since migration 1 creates them (see kEntryColumnDefsV4).
constexpr const char* kEntryColumnDefs =
    "id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('use','urge','mood')), "
    EBB_ENTRY_DEFS_AFTER_KIND;

// Schema 4: a "none" kind (`ebb none`, a day recorded with nothing used) and the beverage the
// person named for a drink ("beer", "vodka"), kept beside substance = alcohol.
constexpr const char* kEntryColumnDefsV4 =
    "id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('use','urge','mood','none')), "
    EBB_ENTRY_DEFS_AFTER_KIND ", beverage TEXT";

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

std::string mode_text(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? fmt::format("{:04o}", st.st_mode & 07777) : "";
}

bool owner_can_write(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0 || (st.st_mode & S_IWUSR) != 0;
}

// A failed SQLite call as a message in ebb's voice. What an encrypted database's VFS refused
// (a page that fails its authentication check) is a damaged file, not an ebb error: say what
// it found. The faults a disk has (full, read-only, held by another program, failing) say
// what happened, and that the write didn't happen: every write is one transaction, rolled
// back whole.
[[noreturn]] void fail_sql(sqlite3* db, const char* message = nullptr) {
  if (auto damage = crypt_damage(db))
    throw StoreError(kExitData, fmt::format("The encrypted database can't be read: {}. Nothing "
                                            "was changed, and no wrong data was shown.",
                                            *damage));
  int rc = sqlite3_extended_errcode(db);
  const char* name = sqlite3_db_filename(db, "main");
  std::string file = name ? name : "";
  std::string where = file.empty() ? "the database" : file;
  // A full disk can come back as an I/O error (no room for the -shm file, say).
  int primary = sqlite3_system_errno(db) == ENOSPC ? SQLITE_FULL : rc & 0xff;
  switch (primary) {
    case SQLITE_FULL:
      throw StoreError(kExitInternal, fmt::format("The disk holding {} is full. Nothing was "
                                                  "saved; free some space and try again.",
                                                  where));
    case SQLITE_READONLY: {
      std::string why = "it, its -wal or -shm file, or its folder is read-only";
      if (!file.empty() && !owner_can_write(file))
        why = fmt::format("it is read-only, mode {}; 'chmod 600 {}' lets ebb write to it",
                          mode_text(file), file);
      else if (!file.empty() && !owner_can_write(file + "-shm"))
        why = fmt::format("its {}-shm file is read-only, mode {}; 'chmod 600 {}-shm' mends it",
                          file, mode_text(file + "-shm"), file);
      throw StoreError(kExitData, fmt::format("ebb can't write to {} ({}). Nothing was saved.",
                                              where, why));
    }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StoreError(kExitInternal, fmt::format("Another program held {} for a minute. Nothing "
                                                  "was saved; try again when it is done.",
                                                  where));
    case SQLITE_IOERR:
      throw StoreError(kExitInternal, fmt::format("The disk reported an error with {} ({}). "
                                                  "Nothing was saved.",
                                                  where, sqlite3_errmsg(db)));
    default:
      throw StoreError(kExitInternal,
                       fmt::format("database error: {}", message ? message : sqlite3_errmsg(db)));
  }
}

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) fail_sql(db);
  }
  // A statement kept by the store for the life of its connection: prepared the first time,
  // reset and given back when done.
  Stmt(Store::Statements& cache, sqlite3* db, std::string sql)
      : db_(db), cache_(&cache), sql_(std::move(sql)) {
    s_ = cache.borrow(db, sql_);
    if (!s_) fail_sql(db);
  }
  ~Stmt() {
    if (!cache_) {
      sqlite3_finalize(s_);
      return;
    }
    reset();
    cache_->give_back(sql_, s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  void bind(int i, std::string_view v) {  // empty text is NULL: a field not given
    if (v.empty()) sqlite3_bind_null(s_, i);
    else bind_text(i, v);
  }
  void bind_text(int i, std::string_view v) {  // always text, "" included
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, Instant t) { bind(i, static_cast<int64_t>(t.time_since_epoch().count())); }
  void bind(int i, std::optional<double> v) {
    if (v) sqlite3_bind_double(s_, i, *v);
    else sqlite3_bind_null(s_, i);
  }
  void bind(int i, std::optional<int> v) {
    if (v) sqlite3_bind_int64(s_, i, *v);
    else sqlite3_bind_null(s_, i);
  }
  void bind(int i, std::optional<bool> v) {
    if (v) sqlite3_bind_int64(s_, i, *v ? 1 : 0);
    else sqlite3_bind_null(s_, i);
  }

  /// True while there is a row.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail_sql(db_);
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  bool is_null(int c) { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  int64_t integer(int c) { return sqlite3_column_int64(s_, c); }
  std::string text(int c) {
    auto p = sqlite3_column_text(s_, c);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }
  // Into a string already there: a row read over one before reuses its room.
  void text_into(int c, std::string& out) {
    auto p = sqlite3_column_text(s_, c);
    if (!p) {
      out.clear();
      return;
    }
    out.assign(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s_, c)));
  }
  std::optional<double> opt_real(int c) {
    if (is_null(c)) return std::nullopt;
    return sqlite3_column_double(s_, c);
  }
  std::optional<int> opt_int(int c) {
    if (is_null(c)) return std::nullopt;
    return static_cast<int>(sqlite3_column_int64(s_, c));
  }
  std::optional<bool> opt_bool(int c) {
    if (is_null(c)) return std::nullopt;
    return sqlite3_column_int64(s_, c) != 0;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  Store::Statements* cache_ = nullptr;
  std::string sql_;
};

void exec(sqlite3* db, const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    fail_sql(db, m.c_str());
  }
}

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += '\n';
    out += items[i];
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

void bind_entry(Stmt& s, const Entry& e, int first) {
  int i = first;
  s.bind(i++, e.id);
  s.bind(i++, kind_name(e.kind));
  s.bind(i++, e.at);
  s.bind(i++, e.zone);
  s.bind(i++, static_cast<int64_t>(e.utc_offset));
  s.bind(i++, e.created_at);
  s.bind(i++, e.updated_at);
  s.bind(i++, e.substance);
  s.bind(i++, e.substance_class);
  s.bind(i++, e.amount);
  s.bind(i++, e.unit);
  s.bind(i++, e.abv);
  s.bind(i++, e.route);
  s.bind(i++, e.place);
  s.bind(i++, e.with_whom);
  s.bind(i++, e.alone);
  s.bind(i++, e.cost);
  s.bind(i++, e.reason);
  s.bind(i++, e.tested);
  s.bind(i++, e.mood_before);
  s.bind(i++, e.intensity);
  s.bind(i++, e.trigger);
  s.bind(i++, e.feeling);
  s.bind(i++, e.wanted);
  s.bind(i++, outcome_name(e.outcome));
  s.bind(i++, e.outcome_note);
  s.bind(i++, e.minutes);
  s.bind(i++, e.intensity_after);
  s.bind(i++, e.score);
  s.bind(i++, join_lines(e.feelings));
  s.bind(i++, e.energy);
  s.bind(i++, e.note);
  s.bind(i++, join_lines(e.tags));
  s.bind(i++, e.beverage);
  s.bind(i++, e.felt);
}

void read_entry_into(Stmt& s, Entry& e) {
  int i = 0;
  s.text_into(i++, e.id);
  parse_kind(s.text(i++), &e.kind);
  e.at = Instant{std::chrono::seconds{s.integer(i++)}};
  s.text_into(i++, e.zone);
  e.utc_offset = static_cast<int>(s.integer(i++));
  e.created_at = Instant{std::chrono::seconds{s.integer(i++)}};
  e.updated_at = Instant{std::chrono::seconds{s.integer(i++)}};
  s.text_into(i++, e.substance);
  s.text_into(i++, e.substance_class);
  e.amount = s.opt_real(i++);
  s.text_into(i++, e.unit);
  e.abv = s.opt_real(i++);
  s.text_into(i++, e.route);
  s.text_into(i++, e.place);
  s.text_into(i++, e.with_whom);
  e.alone = s.opt_bool(i++);
  e.cost = s.opt_real(i++);
  s.text_into(i++, e.reason);
  e.tested = s.opt_bool(i++);
  e.mood_before = s.opt_int(i++);
  e.intensity = s.opt_int(i++);
  s.text_into(i++, e.trigger);
  s.text_into(i++, e.feeling);
  s.text_into(i++, e.wanted);
  parse_outcome(s.text(i++), &e.outcome);
  s.text_into(i++, e.outcome_note);
  e.minutes = s.opt_int(i++);
  e.intensity_after = s.opt_int(i++);
  e.score = s.opt_int(i++);
  e.feelings = split_lines(s.text(i++));
  e.energy = s.opt_int(i++);
  s.text_into(i++, e.note);
  e.tags = split_lines(s.text(i++));
  s.text_into(i++, e.beverage);
  e.felt = s.opt_int(i++);
}

Entry read_entry(Stmt& s) {
  Entry e;
  read_entry_into(s, e);
  return e;
}

std::string placeholders(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// mkdir -p, giving directories we create mode 0700: the path itself says what is logged.
void make_private_dirs(const std::filesystem::path& dir) {
  if (dir.empty() || std::filesystem::exists(dir)) return;
  make_private_dirs(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw StoreError(kExitInternal, fmt::format("Couldn't create the folder {}: {}.",
                                                dir.string(), std::strerror(errno)));
}

std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// The real path of the database (real_db_path: a link, to a synced folder say, followed
// once, so the file, its WAL, its lock, its backups and every rename are beside the real file
// and no save ever replaces the link itself), checked to be a place ebb can keep its log.
// What isn't a regular file is refused before anything opens it: a named pipe would hang,
// /dev/null would answer "disk I/O error". A link to a file not made yet names where the new
// database goes, when that folder is there.
std::string usable_db_path(const std::string& given) {
  auto refuse = [&](const std::string& why) {
    throw StoreError(kExitData, fmt::format("{} Nothing was changed. Use --db or EBB_DB to name "
                                            "the database file.",
                                            why));
  };
  std::string real = real_db_path(given);
  struct stat st {};
  if (::stat(real.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode))
      refuse(fmt::format("{} is {}, so ebb can't keep its log there.", given,
                         file_kind(st.st_mode)));
    return real;
  }
  if (errno != ENOENT) refuse(fmt::format("Couldn't look at {}: {}.", given, std::strerror(errno)));
  std::filesystem::path dir = std::filesystem::path(real).parent_path();
  struct stat d {};
  if (::stat(dir.empty() ? "." : dir.c_str(), &d) != 0 || !S_ISDIR(d.st_mode)) {
    std::error_code ec;
    if (std::filesystem::is_symlink(given, ec))
      refuse(fmt::format("{} is a link to {}, whose folder isn't there.", given,
                         std::filesystem::read_symlink(given, ec).string()));
    refuse(fmt::format("Couldn't find the folder {}.", dir.string()));
  }
  return real;
}

// A database the owner can write with a -wal or -shm file that isn't writable (left by an
// earlier read of a read-only database: SQLite gives them the database's mode) stops every
// later write. They take the database's mode again, as SQLite would have given them.
void mend_leftovers(const std::string& path) {
  struct stat db {};
  if (::stat(path.c_str(), &db) != 0 || db.st_uid != ::geteuid() || !(db.st_mode & S_IWUSR))
    return;
  for (const char* suffix : {"-wal", "-shm"}) {
    std::string side = path + suffix;
    struct stat st {};
    if (::lstat(side.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == db.st_uid &&
        !(st.st_mode & S_IWUSR))
      ::chmod(side.c_str(), db.st_mode & 0777);
  }
}

// The first few tables of an SQLite file at schema version 0, which a new ebb database has
// none of (ebb's first step creates its tables and sets the version in one transaction): a
// file with tables of its own is someone else's. "" when there are none.
std::string foreign_tables(sqlite3* db) {
  Stmt t(db, "SELECT group_concat(name, ', ') FROM (SELECT name FROM sqlite_schema "
             "WHERE name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 5)");
  return t.step() && !t.is_null(0) ? t.text(0) : "";
}

// Refuses anything that is not an SQLite file before SQLite can touch it.
void check_header(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return;
    throw StoreError(kExitData, fmt::format("Couldn't read the database at {}: {}.", path,
                                            std::strerror(errno)));
  }
  char header[16] = {};
  ssize_t n = ::read(fd, header, sizeof header);
  ::close(fd);
  if (n == 0) return;  // an empty file is a new database
  if (n != 16 || std::memcmp(header, "SQLite format 3", 16) != 0)
    throw StoreError(kExitData,
                     fmt::format("The file at {} isn't an ebb database (it isn't SQLite). "
                                 "It was left as it is. Use --db or EBB_DB to point "
                                 "ebb at another file.",
                                 path));
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

std::string new_ulid(Instant now) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // Millisecond part from the real clock when it is later than `now` (EBB_NOW pins `now`,
  // but ids of entries logged in one run should still sort by creation).
  auto real_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch())
                    .count();
  uint64_t ms = static_cast<uint64_t>(std::max<int64_t>(real_ms, now_ms));
  unsigned char rnd[10];
  size_t got = 0;
  while (got < sizeof rnd) {
    ssize_t r = getrandom(rnd + got, sizeof rnd - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw StoreError(kExitInternal, "Couldn't get random bytes for a new id.");
    }
    got += static_cast<size_t>(r);
  }
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[i] = kAlphabet[ms & 31];
    ms >>= 5;
  }
  // 80 random bits -> 16 characters of 5 bits, most significant first.
  for (int c = 0; c < 16; ++c) {
    unsigned v = 0;
    for (int b = 0; b < 5; ++b) {
      int bit = c * 5 + b;
      v = (v << 1) | ((rnd[bit / 8] >> (7 - bit % 8)) & 1u);
    }
    out[10 + c] = kAlphabet[v];
  }
  return out;
}

std::unique_ptr<Store> Store::open(const std::string& path, const KeySource* keys) {
  make_private_dirs(std::filesystem::path(path).parent_path());
  // One real file for everything below: SQLite, the lock, leftovers, copies and renames.
  const std::string real = usable_db_path(path);
  // What isn't SQLite (nor an encrypted ebb file) is refused before a lock file is made
  // beside it. Conversions rename whole files, so this look sees one or the other.
  if (!is_encrypted_file(real)) check_header(real);
  const bool lock_was_there = std::filesystem::exists(real + ".lock");
  // Shared for as long as the store lives: a conversion (encrypt, decrypt) waits for it.
  auto lock = std::make_unique<FileLock>(real, FileLock::Mode::shared);
  // What a cut-off conversion left: none is running while we hold the lock.
  std::vector<std::string> notices;
  for (const auto& f : stale_temp_files(real))
    if (::unlink(f.c_str()) == 0)
      notices.push_back(fmt::format("Removed {}, left by an encrypt or decrypt that was cut "
                                    "off; the database itself was not changed by it.",
                                    f));
  if (is_encrypted_file(real)) return open_encrypted(path, real, keys, std::move(lock), notices);
  mend_leftovers(real);
  bool existed = std::filesystem::exists(real);
  if (!existed) {
    // Create the file ourselves so it is 0600 whatever the umask.
    int fd = ::open(real.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      throw StoreError(kExitInternal, fmt::format("Couldn't create the database at {}: {}.",
                                                  path, std::strerror(errno)));
    ::close(fd);
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(real.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StoreError(kExitData, fmt::format("Couldn't open the database at {}: {}.", path, msg));
  }
  std::unique_ptr<Store> store(new Store(db, path));
  store->lock_ = std::move(lock);
  store->real_path_ = real;
  store->lock_was_there_ = lock_was_there;
  store->notices_ = std::move(notices);
  sqlite3_busy_handler(db, &Store::busy_handler, store.get());
  sqlite3_extended_result_codes(db, 1);
  // Reading the schema fails on files SQLite cannot use; nothing has been written yet.
  rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK && sqlite3_system_errno(db) == ENOSPC)
    throw StoreError(kExitInternal, fmt::format("The disk holding {} is full, so ebb couldn't "
                                                "open the database. Nothing was saved; free "
                                                "some space and try again.",
                                                path));
  if (rc != SQLITE_OK)
    throw StoreError(kExitData, fmt::format("The database at {} can't be read ({}). It was "
                                            "left as it is.",
                                            path, sqlite3_errmsg(db)));
  // Temporary tables and VACUUM's copy stay in memory, never in /var/tmp.
  exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;");
  store->migrate();
  return store;
}

Store::Store(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), patience_(kBusyTimeoutMs) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    file_dev_ = st.st_dev;
    file_ino_ = st.st_ino;
  }
}

int Store::busy_handler(void* arg, int count) {
  auto* self = static_cast<Store*>(arg);
  using Clock = std::chrono::steady_clock;
  if (count == 0) {
    self->wait_start_ = Clock::now();
    self->told_ = false;
  }
  auto waited = Clock::now() - self->wait_start_;
  if (waited >= self->patience_) return 0;  // SQLite gives up: SQLITE_BUSY
  if (!self->told_ && waited >= std::chrono::seconds(1) && self->on_wait_) {
    self->told_ = true;
    self->on_wait_();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 << std::min(count, 6), 50)));
  return 1;
}

Store::Statements::~Statements() { clear(); }

sqlite3_stmt* Store::Statements::borrow(sqlite3* db, const std::string& sql) {
  // A handful of statements: a look down the list costs less than hashing the SQL.
  for (auto it = held_.begin(); it != held_.end(); ++it)
    if (it->first == sql) {
      sqlite3_stmt* s = it->second;
      held_.erase(it);
      return s;
    }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(s);
    return nullptr;
  }
  ++prepared_;
  return s;
}

void Store::Statements::give_back(const std::string& sql, sqlite3_stmt* s) {
  for (const auto& held : held_)
    if (held.first == sql) {  // another one of the same, lent out at the same time
      sqlite3_finalize(s);
      return;
    }
  held_.emplace_back(sql, s);
}

void Store::Statements::clear() {
  for (auto& held : held_) sqlite3_finalize(held.second);
  held_.clear();
}

void Store::finalize_statements() { stmts_.clear(); }

Store::~Store() {
  finalize_statements();
  sqlite3_close(db_);
}

void Store::on_statement(std::function<void(const std::string& sql)> seen) {
  on_statement_ = std::move(seen);
  if (!on_statement_) {
    sqlite3_trace_v2(db_, 0, nullptr, nullptr);
    return;
  }
  sqlite3_trace_v2(
      db_, SQLITE_TRACE_STMT,
      [](unsigned, void* self, void* stmt, void*) {
        const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
        if (sql) static_cast<Store*>(self)->on_statement_(sql);
        return 0;
      },
      this);
}

std::string Store::query_plan(const std::string& sql) {
  Stmt s(db_, "EXPLAIN QUERY PLAN " + sql);
  std::string out;
  while (s.step()) out += s.text(3) + "\n";
  return out;
}

template <class F>
void Store::write(F&& body) {
  if (writing_) {  // part of a transaction() already under way
    body();
    return;
  }
  struct Writing {
    explicit Writing(bool& flag) : flag(flag) { flag = true; }
    ~Writing() { flag = false; }
    bool& flag;
  } writing(writing_);
  batch_ = 0;
  exec(db_, "BEGIN IMMEDIATE");
  try {
    check_not_replaced();
    body();
    exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Store::transaction(const std::function<void()>& body) { write(body); }

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

void Store::add(Entry& e, Instant now) {
  if (e.id.empty()) e.id = new_ulid(now);
  e.created_at = now;
  e.updated_at = now;
  write([&] {
    Stmt ins(stmts_, db_, fmt::format("INSERT INTO entries ({}) VALUES ({})", kEntryColumns,
                              placeholders(kEntryColumnCount)));
    bind_entry(ins, e, 1);
    ins.step();
    journal("add", e.id, now);
  });
}

namespace {
void delete_entry(sqlite3* db, const std::string& id) {
  Stmt del(db, "DELETE FROM entries WHERE id = ?");
  del.bind(1, id);
  del.step();
}

// Marks journal row `seq` as undone.
void mark_undone(sqlite3* db, int64_t seq) {
  Stmt mark(db, "UPDATE journal SET undone = 1 WHERE seq = ?");
  mark.bind(1, seq);
  mark.step();
}
}  // namespace

void Store::journal(const char* op, const std::string& id, Instant now) {
  Stmt j(stmts_, db_,
         fmt::format("INSERT INTO journal (at, op, entry_id, batch) VALUES (?, '{}', ?, ?)", op));
  j.bind(1, now);
  j.bind(2, id);
  if (batch_) j.bind(3, batch_);
  j.step();
  int64_t seq = sqlite3_last_insert_rowid(db_);
  if (!batch_) batch_ = seq;
  if (std::string_view(op) == "add") return;
  // The stored row of `id` before the change, for undo.
  Stmt copy(db_, fmt::format("INSERT INTO journal_before (seq, {0}) SELECT ?, {0} FROM entries "
                             "WHERE id = ?",
                             kEntryColumns));
  copy.bind(1, seq);
  copy.bind(2, id);
  copy.step();
}

void Store::update(Entry& e, Instant now) {
  e.updated_at = now;
  write([&] {
    journal("edit", e.id, now);
    delete_entry(db_, e.id);
    Stmt ins(db_, fmt::format("INSERT INTO entries ({}) VALUES ({})", kEntryColumns,
                              placeholders(kEntryColumnCount)));
    bind_entry(ins, e, 1);
    ins.step();
  });
}

bool Store::remove(const std::string& id, Instant now) {
  bool found = false;
  write([&] {
    Stmt chk(db_, "SELECT 1 FROM entries WHERE id = ?");
    chk.bind(1, id);
    found = chk.step();
    if (!found) return;
    journal("rm", id, now);
    delete_entry(db_, id);
  });
  return found;
}

std::optional<Undone> Store::undo() {
  std::optional<Undone> result;
  write([&] {
    // Never past a forget: the journal as it was then is gone for undo.
    Stmt barrier(db_, "SELECT max(seq) FROM undo_barrier");
    int64_t forgot = -1;
    if (barrier.step() && !barrier.is_null(0)) forgot = barrier.integer(0);
    // The latest change not undone, and the rest of the command it was part of: its first
    // row (the batch's seq) and every later row naming it.
    Stmt last(db_, "SELECT seq, coalesce(batch, seq) FROM journal WHERE undone = 0 AND seq > ? "
                   "ORDER BY seq DESC LIMIT 1");
    last.bind(1, forgot);
    if (!last.step()) {
      if (forgot >= 0) {  // the change before is a forget, which undo can't take back
        result.emplace();
        result->op = "forget";
      }
      return;
    }
    int64_t latest = last.integer(0), first = std::max(last.integer(1), forgot + 1);
    Stmt rows(db_, "SELECT seq, op, entry_id FROM journal WHERE undone = 0 AND seq BETWEEN ? AND ? "
                   "AND (seq = ? OR batch = ?) ORDER BY seq DESC");
    rows.bind(1, first);
    rows.bind(2, latest);
    rows.bind(3, last.integer(1));
    rows.bind(4, last.integer(1));
    Undone u;
    while (rows.step()) {
      int64_t seq = rows.integer(0);
      u.op = rows.text(1);
      u.entries.insert(u.entries.begin(), revert(seq, u.op, rows.text(2)));
    }
    result = std::move(u);
  });
  return result;
}

Entry Store::revert(int64_t seq, const std::string& op, const std::string& id) {
  // An added entry is as it is now; an edited or removed one as its journal copy has it.
  const bool added = op == "add";
  Entry before;
  Stmt get(db_, fmt::format("SELECT {} FROM {} WHERE {} = ?", kEntryColumns,
                            added ? "entries" : "journal_before", added ? "id" : "seq"));
  if (added) get.bind(1, id);
  else get.bind(1, seq);
  if (get.step()) before = read_entry(get);
  delete_entry(db_, id);
  if (!added) {
    Stmt put(db_, fmt::format("INSERT INTO entries ({0}) SELECT {0} FROM journal_before "
                              "WHERE seq = ?",
                              kEntryColumns));
    put.bind(1, seq);
    put.step();
  }
  mark_undone(db_, seq);
  return before;
}

std::optional<Entry> Store::find(std::string_view id, std::string* err, FindFailure* why) {
  FindFailure ignored;
  if (!why) why = &ignored;
  std::string want(id);
  for (auto& c : want) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (want.size() < 4) {
    *why = FindFailure::too_short;
    *err = fmt::format("\"{}\" is too short to find an entry; give at least 4 characters of "
                       "its id (ebb log shows them).",
                       id);
    return std::nullopt;
  }
  // Ids are upper-case base32, so a prefix is a range scan on the primary key. The log shows
  // the end of each id (the random part), so a unique ending works too; that one reads every
  // id, so a whole id (26 characters: its own prefix and ending) skips it.
  const bool whole = want.size() >= 26;
  Stmt s(stmts_, db_, whole ? fmt::format("SELECT {} FROM entries WHERE id >= ? AND id < ? LIMIT 2",
                                  kEntryColumns)
                    : fmt::format("SELECT {} FROM entries WHERE id >= ? AND id < ? UNION "
                                  "SELECT {} FROM entries WHERE substr(id, -?) = ? LIMIT 2",
                                  kEntryColumns, kEntryColumns));
  s.bind(1, want);
  s.bind(2, want + "\x7f");
  if (!whole) {
    s.bind(3, static_cast<int64_t>(want.size()));
    s.bind(4, want);
  }
  std::vector<Entry> found;
  while (s.step()) found.push_back(read_entry(s));
  if (found.empty()) {
    *why = FindFailure::none;
    *err = fmt::format("No entry has the id {}. ebb log shows the ids.", id);
    return std::nullopt;
  }
  if (found.size() > 1) {
    *why = FindFailure::several;
    *err = fmt::format("More than one entry starts with {}; give a few more characters.", id);
    return std::nullopt;
  }
  return found.front();
}

namespace {

// The WHERE clause of an entry query, with a function binding its parameters from 1 on (it
// returns the next free index).
struct EntryFilter {
  explicit EntryFilter(const EntryQuery& q) : q(q) {
    if (q.since) where += " AND at >= :since";
    if (q.until) where += " AND at < :until";
    if (q.kind) where += " AND kind = :kind";
    if (!q.substance.empty()) where += " AND substance = :substance";
  }
  int bind(Stmt& s) const {
    int i = 1;
    if (q.since) s.bind(i++, *q.since);
    if (q.until) s.bind(i++, *q.until);
    if (q.kind) s.bind(i++, kind_name(*q.kind));
    if (!q.substance.empty()) s.bind(i++, q.substance);
    return i;
  }
  std::string select() const {
    std::string sql =
        fmt::format("SELECT {} FROM entries{}", q.light ? kEntryColumnsLight : kEntryColumns, where);
    sql += q.newest_first ? " ORDER BY at DESC, id DESC" : " ORDER BY at, id";
    if (q.limit >= 0) sql += " LIMIT :limit";
    return sql;
  }
  void bind_select(Stmt& s) const {
    int i = bind(s);
    if (q.limit >= 0) s.bind(i, static_cast<int64_t>(q.limit));
  }
  const EntryQuery& q;
  std::string where = " WHERE 1";
};

}  // namespace

void Store::read(const std::function<void()>& body) {
  if (!sqlite3_get_autocommit(db_)) {  // already inside one
    body();
    return;
  }
  exec(db_, "BEGIN");
  try {
    body();
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  exec(db_, "COMMIT");
}

std::vector<Entry> Store::query(const EntryQuery& q) {
  EntryFilter f(q);
  std::vector<Entry> out;
  // The count and the rows come from one read transaction, so the count is the number of rows
  // that follow: they are read straight into place, never moved while the vector grows.
  read([&] {
    if (q.limit >= 0 && q.limit <= 1000) {
      out.reserve(static_cast<size_t>(q.limit));  // a few rows: no need to count them first
    } else {
      out.reserve(static_cast<size_t>(count_matching(q)));
      prefault(out.data(), out.capacity() * sizeof(Entry));
    }
    Stmt s(stmts_, db_, f.select());
    f.bind_select(s);
    while (s.step()) read_entry_into(s, out.emplace_back());
  });
  return out;
}

std::pair<std::optional<Instant>, std::optional<Instant>> Store::time_bounds() {
  // Two look-ups at the ends of the (at, id) index; min() and max() in one SELECT would scan.
  Stmt s(stmts_, db_, "SELECT (SELECT min(at) FROM entries), (SELECT max(at) FROM entries)");
  std::pair<std::optional<Instant>, std::optional<Instant>> out;
  if (s.step() && !s.is_null(0)) {
    out.first = Instant{std::chrono::seconds{s.integer(0)}};
    out.second = Instant{std::chrono::seconds{s.integer(1)}};
  }
  return out;
}

int64_t Store::count_matching(const EntryQuery& q) {
  EntryFilter f(q);
  Stmt count(stmts_, db_, "SELECT count(*) FROM entries" + f.where);
  f.bind(count);
  count.step();
  int64_t n = count.integer(0);
  return q.limit >= 0 ? std::min<int64_t>(n, q.limit) : n;
}

void Store::each(const EntryQuery& q, const std::function<void(const Entry&)>& visit) {
  EntryFilter f(q);
  Stmt s(stmts_, db_, f.select());
  f.bind_select(s);
  Entry e;
  while (s.step()) {
    read_entry_into(s, e);
    visit(e);
  }
}

bool Store::Import::add(const Entry& e) {
  // Made once: an import calls this for every row.
  static const std::string sql = fmt::format("INSERT OR IGNORE INTO entries ({}) VALUES ({})",
                                             kEntryColumns, placeholders(kEntryColumnCount));
  Stmt ins(store_.stmts_, store_.db_, sql);
  bind_entry(ins, e, 1);
  ins.step();
  bool added = sqlite3_changes(store_.db_) > 0;
  counts_.entries_added += added;
  if (!added) replace(e);
  return added;
}

void Store::Import::replace(const Entry& e) {
  // An entry of the file whose id is stored already: the same content is here already; other
  // content (edited in the app it came from) replaces the stored entry, unless that was
  // changed later here, and the old version is journaled as an edit, for undo.
  static const std::string get = fmt::format("SELECT {} FROM entries WHERE id = ?", kEntryColumns);
  static const std::string put = fmt::format("INSERT INTO entries ({}) VALUES ({})", kEntryColumns,
                                             placeholders(kEntryColumnCount));
  Entry have;
  {
    Stmt stored(store_.stmts_, store_.db_, get);
    stored.bind(1, e.id);
    if (!stored.step()) return;
    have = read_entry(stored);
  }
  if (have == e) return;
  if (have.updated_at > e.updated_at) {
    ++counts_.entries_kept;
    return;
  }
  store_.journal("edit", e.id, e.updated_at);
  delete_entry(store_.db_, e.id);
  Stmt ins(store_.stmts_, store_.db_, put);
  bind_entry(ins, e, 1);
  ins.step();
  ++counts_.entries_updated;
}

void Store::Import::add_plans(const std::vector<StoredPlan>& plans) {
  std::vector<const StoredPlan*> sorted;
  for (const auto& p : plans) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(), [](const StoredPlan* a, const StoredPlan* b) {
    return a->saved_at != b->saved_at ? a->saved_at < b->saved_at : a->id < b->id;
  });
  Stmt have(store_.stmts_, store_.db_, "SELECT 1 FROM plans WHERE saved_at = ? AND text = ?");
  Stmt put(store_.stmts_, store_.db_, "INSERT INTO plans (saved_at, text) VALUES (?, ?)");
  for (const auto* p : sorted) {
    have.bind(1, p->saved_at);
    have.bind_text(2, p->text);
    bool found = have.step();
    have.reset();
    if (found) continue;
    put.bind(1, p->saved_at);
    put.bind_text(2, p->text);
    put.step();
    put.reset();
    ++counts_.plans_added;
  }
}

ImportCounts Store::import(const std::function<void(Import&)>& body) {
  Import im(*this);
  write([&] { body(im); });
  return im.counts();
}

int64_t Store::import_entries(const std::vector<Entry>& entries) {
  return import([&](Import& im) {
           for (const auto& e : entries) im.add(e);
         }).entries_added;
}

ImportCounts Store::import_all(const std::vector<Entry>& entries,
                              const std::vector<StoredPlan>& plans,
                              const std::function<void(size_t)>& progress) {
  return import([&](Import& im) {
    size_t done = 0;
    for (const auto& e : entries) {
      im.add(e);
      if (progress && ++done % 250 == 0) progress(done);
    }
    if (progress && done % 250 != 0) progress(done);
    im.add_plans(plans);
  });
}

std::string sqlite_version() { return sqlite3_libversion(); }

StoreInfo Store::inspect(const std::string& given) {
  const std::string path = usable_db_path(given);
  StoreInfo info;
  info.path = path;
  info.leftovers = stale_temp_files(path);
  if (is_encrypted_file(path)) {
    // Only the header can be read without the key.
    std::string head = read_header_bytes(path);
    CryptHeader h;
    std::string err;
    if (!parse_header({reinterpret_cast<const uint8_t*>(head.data()), head.size()}, &h, &err))
      throw StoreError(kExitData, fmt::format("The encrypted database at {} can't be read: {}.",
                                              path, err));
    info.encryption = h.version == 1 ? "whole image (ebb makes it page by page when it next opens it)"
                                     : "page by page";
    info.key_kind = h.kind == KeyKind::passphrase ? "passphrase" : "key file";
    return info;
  }
  check_header(path);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(db, sqlite3_close);
  if (rc != SQLITE_OK)
    throw StoreError(kExitData, fmt::format("Couldn't open the database at {}: {}.", path,
                                            db ? sqlite3_errmsg(db) : "out of memory"));
  sqlite3_busy_timeout(db, 5000);
  {
    Stmt v(db, "PRAGMA user_version");
    v.step();
    info.schema_version = static_cast<int>(v.integer(0));
  }
  {
    Stmt m(db, "PRAGMA journal_mode");
    if (m.step()) info.journal_mode = m.text(0);
  }
  if (info.schema_version == 0) info.foreign = foreign_tables(db);
  if (info.schema_version < 1 || info.schema_version > latest_schema_version()) return info;
  Stmt k(db, "SELECT kind, count(*) FROM entries GROUP BY kind");
  while (k.step()) {
    std::string kind = k.text(0);
    (kind == "use" ? info.uses : kind == "urge" ? info.urges : info.moods) = k.integer(1);
  }
  Stmt r(db, "SELECT min(at), max(at) FROM entries");
  if (r.step() && !r.is_null(0)) {
    info.first_at = Instant{std::chrono::seconds{r.integer(0)}};
    info.last_at = Instant{std::chrono::seconds{r.integer(1)}};
  }
  Stmt p(db, "SELECT count(*) FROM plans");
  p.step();
  info.plans = p.integer(0);
  return info;
}

int64_t Store::count(std::optional<Kind> kind) {
  Stmt s(stmts_, db_, kind ? "SELECT count(*) FROM entries WHERE kind = ?" : "SELECT count(*) FROM entries");
  if (kind) s.bind(1, kind_name(*kind));
  s.step();
  return s.integer(0);
}

std::vector<std::string> Store::substances() {
  Stmt s(stmts_, db_, "SELECT substance FROM entries WHERE substance IS NOT NULL GROUP BY substance "
              "ORDER BY count(*) DESC, substance");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

int64_t Store::save_plan(std::string_view text, Instant now) {
  int64_t id = 0;
  write([&] {
    Stmt s(stmts_, db_, "INSERT INTO plans (saved_at, text) VALUES (?, ?)");
    s.bind(1, now);
    s.bind_text(2, text);  // an empty plan is a plan cleared, not a missing one
    s.step();
    id = sqlite3_last_insert_rowid(db_);
  });
  return id;
}

std::vector<StoredPlan> Store::plans() {
  Stmt s(stmts_, db_, "SELECT id, saved_at, text FROM plans ORDER BY saved_at, id");
  std::vector<StoredPlan> out;
  while (s.step())
    out.push_back({s.integer(0), Instant{std::chrono::seconds{s.integer(1)}}, s.text(2)});
  return out;
}

std::map<std::string, Instant> Store::last_use_by_substance(Instant before) {
  // A GROUP BY over every use reads the whole history on each `ebb use`; instead walk the
  // distinct substances on the (substance, at) index and take each one's latest use before
  // `before` (`+kind` keeps SQLite on that index), so the cost grows with the number of
  // substances, not of entries.
  Stmt s(stmts_, db_,
         "WITH RECURSIVE subs(name) AS ("
         " SELECT (SELECT min(substance) FROM entries WHERE substance IS NOT NULL)"
         " UNION ALL"
         " SELECT (SELECT min(substance) FROM entries WHERE substance > name) FROM subs"
         " WHERE name IS NOT NULL) "
         "SELECT name, (SELECT max(at) FROM entries WHERE substance = name AND +kind = 'use'"
         " AND at < ?) FROM subs WHERE name IS NOT NULL");
  s.bind(1, before);
  std::map<std::string, Instant> out;
  while (s.step())
    if (!s.is_null(1)) out[s.text(0)] = Instant{std::chrono::seconds{s.integer(1)}};
  return out;
}

std::optional<Instant> Store::reminder_shown_at(std::string_view key) {
  Stmt s(stmts_, db_, "SELECT shown_at FROM reminders_shown WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return Instant{std::chrono::seconds{s.integer(0)}};
}

void Store::mark_reminders_shown(const std::vector<std::string>& keys, Instant now) {
  if (keys.empty()) return;
  write([&] {
    Stmt s(stmts_, db_, "INSERT INTO reminders_shown (key, shown_at) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET shown_at = excluded.shown_at");
    for (const auto& k : keys) {
      s.bind(1, k);
      s.bind(2, now);
      s.step();
      s.reset();
    }
  });
}

}  // namespace ebb

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
  // Empty the WAL into the file, rebuild the file without free pages, and empty the WAL
  // again (VACUUM writes through it). A reader in another process holding an older version
  // keeps its pages in the WAL: wait a little for it, with passive checkpoints that never
  // hold up other writers (a checkpoint that waits for readers would stop every `ebb use`).
  settle_wal();
  if (sqlite3_exec(db_, "VACUUM", nullptr, nullptr, nullptr) != SQLITE_OK) {
    done.compacted = false;
    done.compaction_problem = sqlite3_system_errno(db_) == ENOSPC ||
                                      (sqlite3_extended_errcode(db_) & 0xff) == SQLITE_FULL
                                  ? "the disk is full"
                                  : sqlite3_errmsg(db_);
  }
  done.wal_cleared = settle_wal();
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
