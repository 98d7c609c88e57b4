#include "ebb/store/store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
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
#include "ebb/store/vault.hpp"
#include "store_sql.hpp"

namespace ebb {

namespace {

std::string mode_text(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? fmt::format("{:04o}", st.st_mode & 07777) : "";
}

bool owner_can_write(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0 || (st.st_mode & S_IWUSR) != 0;
}

}  // namespace

[[noreturn]] void fail_sql(sqlite3* db, const char* message) {
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

uint64_t null_columns(std::string_view columns) {
  uint64_t out = 0;
  int i = 0;
  while (!columns.empty()) {
    size_t comma = columns.find(',');
    std::string_view item = columns.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "NULL" && i < 64) out |= uint64_t{1} << i;
    ++i;
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
  return out;
}

void exec(sqlite3* db, const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    fail_sql(db, m.c_str());
  }
}

namespace {

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

}  // namespace

std::string foreign_tables(sqlite3* db) {
  Stmt t(db, "SELECT group_concat(name, ', ') FROM (SELECT name FROM sqlite_schema "
             "WHERE name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 5)");
  return t.step() && !t.is_null(0) ? t.text(0) : "";
}

namespace {

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
  // Temporary tables and sorts stay in memory, never in /var/tmp.
  exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;");
  exec(db, kPageCache);
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

void Store::transaction(const std::function<void()>& body) { write(body); }

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

}  // namespace ebb
