// The store's encrypted mode: the SQLite image lives in memory (sqlite3_deserialize) and is
// sealed and saved after every committed write. Part of the store: SQLite calls stay here and
// in store.cpp.

#include <sodium.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "ebb/crypt.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/store.hpp"
#include "ebb/vault.hpp"

namespace ebb {

namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

void run(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    throw StoreError(kExitInternal, fmt::format("database error: {}", m));
  }
}

sqlite3* open_memory() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw StoreError(kExitInternal, "Couldn't open an in-memory database.");
  }
  sqlite3_extended_result_codes(db, 1);
  return db;
}

sqlite3* open_file(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StoreError(kExitInternal, fmt::format("Couldn't open {}: {}.", path, msg));
  }
  sqlite3_busy_timeout(db, 60000);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

// Plaintext never spills into temp files; foreign keys as in store.cpp.
void set_memory_pragmas(sqlite3* db) {
  run(db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
}

// The in-memory image: the buffer SQLite is using, no copy.
std::span<uint8_t> image_of(sqlite3* db) {
  sqlite3_int64 size = 0;
  unsigned char* p = sqlite3_serialize(db, "main", &size, SQLITE_SERIALIZE_NOCOPY);
  if (!p) return {};
  return {p, static_cast<size_t>(size)};
}

// Decrypts `file` and hands the image to `db` (replacing its main database).
void load_image(sqlite3* db, const Vault& vault, const std::string& file) {
  size_t n = sealed_plain_size(file.size());
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(std::max<size_t>(n, 1)));
  if (!buf) throw StoreError(kExitInternal, "Out of memory while opening the database.");
  try {
    vault.decrypt(bytes_of(file), buf);
  } catch (...) {
    sqlite3_free(buf);
    throw;
  }
  // A WAL-mode image (bytes 18-19 = 2) can't be opened in memory; rollback mode is the same
  // data.
  if (n >= 20) buf[18] = buf[19] = 1;
  auto image = image_of(db);
  sodium_memzero(image.data(), image.size());  // the version being replaced
  if (sqlite3_deserialize(db, "main", buf, static_cast<sqlite3_int64>(n),
                          static_cast<sqlite3_int64>(n),
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK)
    throw StoreError(kExitInternal, fmt::format("Couldn't load the decrypted database: {}.",
                                                sqlite3_errmsg(db)));
}

void check_integrity(sqlite3* db, const std::string& what) {
  sqlite3_stmt* s = nullptr;
  std::string result;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    auto t = sqlite3_column_text(s, 0);
    result = t ? reinterpret_cast<const char*>(t) : "";
  } else {
    result = sqlite3_errmsg(db);
  }
  sqlite3_finalize(s);
  if (result != "ok")
    throw StoreError(kExitInternal, fmt::format("The {} didn't pass SQLite's integrity check "
                                                "({}); the database was left as it was.",
                                                what, result));
}

// Opens `sealed` the way a later run will, and checks it, before it replaces anything.
sqlite3* verified_memory(const std::string& sealed, const Vault& vault) {
  sqlite3* db = open_memory();
  try {
    load_image(db, vault, sealed);
    check_integrity(db, "encrypted copy");
    set_memory_pragmas(db);
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  return db;
}

}  // namespace

std::unique_ptr<Store> Store::open_encrypted(const std::string& path, const KeySource* keys) {
  std::string file;
  auto vault = Vault::unlock(path, keys, &file);
  std::unique_ptr<Store> store(new Store(open_memory(), path));
  store->vault_ = std::move(vault);
  load_image(store->db_, *store->vault_, file);
  if (sqlite3_exec(store->db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    throw StoreError(kExitData, fmt::format("The encrypted database at {} decrypts but can't be "
                                            "read ({}). It was left as it is.",
                                            path, sqlite3_errmsg(store->db_)));
  set_memory_pragmas(store->db_);
  store->migrate();
  return store;
}

std::unique_ptr<FileLock> Store::lock_for_write() {
  if (!vault_) return nullptr;
  auto lock = std::make_unique<FileLock>(path_);
  std::string file;
  if (vault_->changed_on_disk(&file)) {
    load_image(db_, *vault_, file);
    vault_->mark_saved(bytes_of(file));
  }
  return lock;
}

void Store::save_encrypted() {
  if (!vault_) return;
  auto image = image_of(db_);
  if (image.empty()) throw StoreError(kExitInternal, "Couldn't read the in-memory database.");
  vault_->save(image);
}

void Store::check_not_replaced() {
  // `ebb encrypt` holds the write lock until its file has replaced this one, so a writer
  // that gets the lock afterwards sees another file here and saves nothing into the old
  // one. Only stat: opening and closing the file would drop SQLite's POSIX locks on it.
  if (vault_) return;
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_dev) == file_dev_ &&
      static_cast<uint64_t>(st.st_ino) == file_ino_)
    return;
  throw StoreError(kExitData, fmt::format("The database at {} was replaced (encrypted or "
                                          "moved) by another program while this ebb ran; "
                                          "nothing was saved. Run the command again.",
                                          path_));
}

void Store::wipe_memory() {
  if (!vault_ || !db_) return;
  auto image = image_of(db_);
  sodium_memzero(image.data(), image.size());
}

void Store::encrypt(const CryptHeader& h, SecretBytes key) {
  auto next = std::make_unique<Vault>(path_, h, std::move(key));
  if (vault_) {
    // Re-keying: the image is already in memory.
    auto lock = lock_for_write();
    std::string sealed = next->seal_image(image_of(db_));
    sqlite3_close(verified_memory(sealed, *next));
    replace_file(path_, bytes_of(sealed));
    next->mark_saved(bytes_of(sealed));
    vault_ = std::move(next);
    return;
  }
  FileLock lock(path_);
  // Fold the WAL into the file, then hold off other writers until the file is replaced.
  sqlite3_exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  run(db_, "BEGIN IMMEDIATE");
  sqlite3* mem = nullptr;
  std::string sealed;
  try {
    sqlite3_int64 size = 0;
    unsigned char* copy = sqlite3_serialize(db_, "main", &size, 0);
    if (!copy) throw StoreError(kExitInternal, "Couldn't read the database to encrypt it.");
    sealed = next->seal_image({copy, static_cast<size_t>(size)});
    sodium_memzero(copy, static_cast<size_t>(size));
    sqlite3_free(copy);
    mem = verified_memory(sealed, *next);
    replace_file(path_, bytes_of(sealed));
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (mem) sqlite3_close(mem);
    throw;
  }
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db_);
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  db_ = mem;
  next->mark_saved(bytes_of(sealed));
  vault_ = std::move(next);
}

void Store::decrypt() {
  if (!vault_) return;
  auto lock = lock_for_write();
  std::string tmp = write_temp_beside(path_, image_of(db_));
  try {
    sqlite3* check = open_file(tmp);
    try {
      // Back to the mode a plain ebb database has.
      run(check, "PRAGMA journal_mode = WAL");
      check_integrity(check, "decrypted copy");
    } catch (...) {
      sqlite3_close(check);
      throw;
    }
    sqlite3_close(check);
    rename_into_place(tmp, path_);
  } catch (...) {
    std::filesystem::remove(tmp);
    throw;
  }
  wipe_memory();
  sqlite3_close(db_);
  db_ = nullptr;
  vault_.reset();
  db_ = open_file(path_);
  run(db_, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    file_dev_ = st.st_dev;
    file_ino_ = st.st_ino;
  }
}

}  // namespace ebb
