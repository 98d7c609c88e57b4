// The store's encrypted files, copies and rewrites. An encrypted database is read and written
// through a CryptVfs (crypt_vfs.cpp), so everything else in the store works on it as on a
// plain one. Copies (backup, the copy kept before a schema upgrade) and rewrites (encrypt,
// decrypt, re-key, the older whole-image format, the compaction after a forget) all go the
// same way: VACUUM INTO a TempOutput, which streams the database b-tree by b-tree; open that
// copy as the next ebb will and check it; only then give it its name. Part of the store:
// SQLite calls stay here and in store.cpp and its other parts (store_schema.cpp,
// store_entries.cpp, store_forget.cpp).

#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "ebb/store/crypt.hpp"
#include "ebb/store/crypt_vfs.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/store/keys.hpp"
#include "ebb/store/store.hpp"
#include "ebb/store/vault.hpp"
#include "store_sql.hpp"

namespace ebb {

namespace {

constexpr int kBusyMs = 60000;

// An SQLite error in a copy or conversion: a damaged encrypted source says what it found.
[[noreturn]] void fail(sqlite3* db, const std::string& doing, const std::string& what) {
  if (auto damage = db ? crypt_damage(db) : std::nullopt)
    throw CopyError(kExitData, fmt::format("Couldn't {}: {}. Nothing was changed.", doing,
                                           *damage),
                    *damage);
  throw CopyError(kExitInternal, fmt::format("Couldn't {}: {}. Nothing was changed.", doing,
                                             what),
                  what);
}

void run(sqlite3* db, const std::string& sql, const std::string& doing) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    fail(db, doing, m);
  }
}

// The first column of the first row of `sql`, as text.
std::string value_of(sqlite3* db, const std::string& sql, const std::string& doing) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    fail(db, doing, sqlite3_errmsg(db));
  std::string out;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    auto t = sqlite3_column_text(s, 0);
    out = t ? reinterpret_cast<const char*>(t) : "";
  }
  std::string err = sqlite3_errmsg(db);
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db, doing, err);
  return out;
}

// URIs name TempOutputs and their VFS (VACUUM INTO reads its target as one). SQLite reads
// the header of the database as it opens it: what a CryptVfs refused then is its own to tell.
sqlite3* open_db(const std::string& name, const CryptVfs* crypt, const std::string& doing,
                 const char* vfs = nullptr) {
  sqlite3* db = nullptr;
  if (crypt) vfs = crypt->name();
  int rc = sqlite3_open_v2(name.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, vfs);
  if (rc != SQLITE_OK) {
    std::string problem = crypt ? crypt->problem() : "";
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    if (!problem.empty())
      throw StoreError(kExitData, fmt::format("Couldn't {}: {}.", doing, problem));
    throw StoreError(kExitInternal, fmt::format("Couldn't {}: {}.", doing, msg));
  }
  sqlite3_busy_timeout(db, kBusyMs);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

struct Closer {
  sqlite3*& db;
  ~Closer() {
    sqlite3_close(db);
    db = nullptr;
  }
};

// What a copy must hold: the schema version and the rows of every table.
using Rows = std::map<std::string, std::string>;
Rows rows_of(sqlite3* db, const std::string& doing) {
  Rows out{{"user_version", value_of(db, "PRAGMA user_version", doing)}};
  std::vector<std::string> tables;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &s,
                         nullptr) != SQLITE_OK)
    fail(db, doing, sqlite3_errmsg(db));
  while (sqlite3_step(s) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  for (const auto& t : tables)
    out[t] = value_of(db, fmt::format("SELECT count(*) FROM \"{}\"", t), doing);
  return out;
}

int64_t entries_in(const Rows& rows) {
  auto it = rows.find("entries");
  return it == rows.end() ? 0 : std::stoll(it->second);
}

// A copy of `src`'s database as it is at one moment, in a TempOutput beside `beside`:
// encrypted with `header` and `key` (a new file id, the same key settings) when given. It is
// opened as the next ebb will open it, put in WAL mode like every ebb database and checked
// before it is returned; the caller publishes it.
struct Copy {
  std::unique_ptr<TempOutput> out;
  Rows rows;
};
Copy write_copy(sqlite3* src, const std::string& beside, const CryptHeader* header,
                const SecretBytes* key, const std::string& doing) {
  Copy copy;
  copy.out = std::make_unique<TempOutput>(beside);
  std::unique_ptr<CryptVfs> vfs;
  const char* vfs_name = temp_vfs_name();
  if (header) {
    // The copy has the source's page size; it is known before SQLite writes a page, which
    // need not be page 1 first.
    CryptHeader h = *header;
    h.page_size = static_cast<uint32_t>(std::stoul(value_of(src, "PRAGMA page_size", doing)));
    vfs = std::make_unique<CryptVfs>(h, *key, true);
    vfs_name = vfs->name();
    // Each page of the copy keeps room for its seal (a plain source has none).
    int reserve = static_cast<int>(kUnitOverhead);
    sqlite3_file_control(src, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  }
  std::string uri = fmt::format("file:{}?vfs={}", copy.out->name(), vfs_name);
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(src, "VACUUM INTO ?", -1, &s, nullptr) != SQLITE_OK)
    fail(src, doing, sqlite3_errmsg(src));
  sqlite3_bind_text(s, 1, uri.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(s);
  std::string err = sqlite3_errmsg(src);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    if ((sqlite3_extended_errcode(src) & 0xff) == SQLITE_FULL ||
        sqlite3_system_errno(src) == ENOSPC)
      fail(src, doing, "the disk is full");
    // What the copy's own VFS refused is an ebb error, not damage: say what it was.
    std::string refused = vfs ? vfs->problem() : "";
    fail(src, doing, refused.empty() ? err : err + " (" + refused + ")");
  }

  sqlite3* check = open_db(copy.out->name(), vfs.get(), doing, vfs_name);
  Closer closer{check};
  // No shared memory for a file only this process sees: the WAL index stays in memory.
  run(check, "PRAGMA locking_mode = EXCLUSIVE", doing);
  if (value_of(check, "PRAGMA journal_mode = WAL", doing) != "wal")
    fail(nullptr, doing, "the copy couldn't be put in WAL mode");
  std::string verdict = value_of(check, "PRAGMA integrity_check", doing);
  if (verdict != "ok")
    fail(nullptr, doing, fmt::format("the copy didn't pass SQLite's integrity check ({})",
                                     verdict));
  copy.rows = rows_of(check, doing);
  return copy;
}

bool same_file(const std::string& path, uint64_t dev, uint64_t ino) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_dev) == dev &&
         static_cast<uint64_t>(st.st_ino) == ino;
}

// Gives the file at `path` a second name `base` (or `base-2`, ...) to keep it by once another
// file takes its place; an earlier try cut off may have given it that name already.
std::string keep_as(const std::string& path, const std::string& base) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  for (int i = 1;; ++i) {
    std::string name = i == 1 ? base : fmt::format("{}-{}", base, i);
    if (same_file(name, st.st_dev, st.st_ino)) return name;
    if (::link(path.c_str(), name.c_str()) == 0) return name;
    if (errno != EEXIST) return "";
  }
}

// An encrypted file in the older whole-image format, decrypted into memory once and copied
// page by page into the current format (same key settings, so the same passphrase or key file
// opens it); the old file stays, renamed. Needs the lock exclusive. Returns the notice for the
// person, or "" when another ebb converted it meanwhile.
std::string convert_whole_image(const std::string& path, const std::string& real,
                                const CryptHeader& h, const SecretBytes& key) {
  const std::string doing = fmt::format("convert the encrypted database at {}", path);
  std::string file = read_whole_file(real);
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(file.data()), file.size());
  if (encrypted_format(bytes) != 1) return "";  // converted by another ebb while we waited
  size_t n = sealed_plain_size(file.size());
  auto* image = static_cast<unsigned char*>(sqlite3_malloc64(std::max<size_t>(n, 1)));
  if (!image) throw StoreError(kExitInternal, "Out of memory while opening the database.");
  std::string err;
  if (open_sealed(bytes, key, image, &err) != OpenFailure::none) {
    sqlite3_free(image);
    throw StoreError(kExitData, fmt::format("The encrypted database at {} can't be opened: {}. "
                                            "It was left as it is.",
                                            path, err));
  }
  sodium_memzero(file.data(), file.size());
  // A WAL-mode image (bytes 18-19 = 2) can't be opened in memory; rollback mode is the same
  // data.
  if (n >= 20) image[18] = image[19] = 1;
  sqlite3* mem = open_db(":memory:", nullptr, doing);
  Closer closer{mem};
  if (sqlite3_deserialize(mem, "main", image, static_cast<sqlite3_int64>(n),
                          static_cast<sqlite3_int64>(n),
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK)
    fail(mem, doing, sqlite3_errmsg(mem));
  struct Wipe {  // the decrypted image, zeroed before SQLite frees it
    sqlite3* db;
    ~Wipe() {
      sqlite3_int64 size = 0;
      if (unsigned char* p = sqlite3_serialize(db, "main", &size, SQLITE_SERIALIZE_NOCOPY))
        sodium_memzero(p, static_cast<size_t>(size));
    }
  } wipe{mem};
  run(mem, "PRAGMA temp_store = MEMORY", doing);
  Rows before = rows_of(mem, doing);
  CryptHeader next = header_for_copy(h);
  Copy copy = write_copy(mem, real, &next, &key, doing);
  if (copy.rows != before) fail(nullptr, doing, "the copy doesn't hold the same rows");
  std::string kept = keep_as(real, real + ".bak-crypt1");
  if (kept.empty())
    fail(nullptr, doing, fmt::format("couldn't keep the old file beside it: {}",
                                     std::strerror(errno)));
  copy.out->publish_over(real);
  return fmt::format("ebb now encrypts {} page by page, so saving a change no longer rewrites "
                     "the whole log. The file in the older format is kept as {}, locked with "
                     "the same key; delete it once ebb works as you expect.",
                     path, kept);
}

}  // namespace

std::unique_ptr<Store> Store::open_encrypted(const std::string& path, const std::string& real,
                                             const KeySource* keys,
                                             std::unique_ptr<FileLock> lock,
                                             std::vector<std::string> notices) {
  auto header_of = [&](std::string* bytes) {
    *bytes = read_header_bytes(real);
    CryptHeader h;
    std::string err;
    if (!parse_header({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()}, &h,
                      &err))
      throw StoreError(kExitData, fmt::format("The encrypted database at {} can't be opened: {}. "
                                              "It was left as it is.",
                                              path, err));
    return h;
  };
  std::string bytes;
  CryptHeader h = header_of(&bytes);
  if (!keys)
    throw StoreError(kExitData, fmt::format("The database at {} is encrypted and no key was "
                                            "given.",
                                            path));
  forbid_core_dumps();
  SecretBytes key = keys->key_for(h, path);
  if (h.version == 1) {
    lock.reset();  // exclusive, to replace the file: wait for every other ebb to close it
    auto only = std::make_unique<FileLock>(real, FileLock::Mode::exclusive);
    std::string notice = convert_whole_image(path, real, h, key);
    if (!notice.empty()) notices.push_back(notice);
    only->downgrade();
    lock = std::move(only);
    h = header_of(&bytes);
    if (!key_matches(h, key))
      throw StoreError(kExitData, fmt::format("The database at {} was re-encrypted with another "
                                              "key while this ebb waited; nothing was changed. "
                                              "Run the command again.",
                                              path));
  }
  if (!header_mac_matches({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, key))
    throw StoreError(kExitData, fmt::format("The header of the encrypted database at {} failed "
                                            "its authentication check: it was changed after ebb "
                                            "wrote it. It was left as it is.",
                                            path));
  std::unique_ptr<Store> store(new Store(nullptr, path));
  store->lock_ = std::move(lock);
  store->real_path_ = real;
  store->notices_ = std::move(notices);
  store->vfs_ = std::make_unique<CryptVfs>(h, key);
  store->reopen();
  store->migrate();
  return store;
}

void Store::reopen() {
  const std::string doing = fmt::format("open the database at {}", path_);
  db_ = open_db(real_path_, vfs_.get(), doing);
  // Waiting for another ebb: told after a second, as in Store::open.
  sqlite3_busy_handler(db_, &Store::busy_handler, this);
  // The first read opens page 1 and recovers the WAL: a damaged file shows here.
  run(db_, "SELECT count(*) FROM sqlite_schema", doing);
  run(db_, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", doing);
  // Temporary tables and sorts stay in memory, never in /var/tmp (the VFS keeps an encrypted
  // database's temp files in memory anyway).
  run(db_, "PRAGMA temp_store = MEMORY", doing);
  run(db_, kPageCache, doing);
  if (!vfs_) return;
  if (value_of(db_, "PRAGMA journal_mode", doing) != "wal")
    fail(nullptr, doing, "the encrypted database isn't in WAL mode");
}

void Store::check_not_replaced() {
  // A conversion waits until no other ebb has the database open, so this holds unless
  // another program replaced the file. Only stat: opening and closing the file would drop
  // SQLite's POSIX locks on it.
  if (same_file(path_, file_dev_, file_ino_)) return;
  throw StoreError(kExitData, fmt::format("The database at {} was replaced (encrypted, "
                                          "decrypted or moved) by another program while this ebb "
                                          "ran; nothing was saved. Run the command again.",
                                          path_));
}

void Store::rewrite(const CryptHeader* h, const SecretBytes* key, const std::string& doing) {
  // Replacing the file (and with it its WAL) is safe only while no other ebb has it open.
  finalize_statements();
  sqlite3_close(db_);
  db_ = nullptr;
  lock_.reset();
  std::unique_ptr<CryptVfs> next = h ? std::make_unique<CryptVfs>(*h, *key) : nullptr;
  std::unique_ptr<FileLock> only;
  try {
    // Still the file this store opened? No other rewrite can start once we hold the gate, so
    // the answer holds; and it comes before the wait for other ebbs to close it.
    only = std::make_unique<FileLock>(
        real_path_, FileLock::Mode::exclusive, patience_, [&] {
          if (!same_file(real_path_, file_dev_, file_ino_))
            throw CopyError(kExitData,
                            fmt::format("The database at {} was changed by another ebb "
                                        "(encrypted, decrypted or given another key) while "
                                        "this one waited; nothing was changed. Run the command "
                                        "again.",
                                        path_),
                            "another ebb encrypted or decrypted it meanwhile");
        },
        [this] {
          if (on_wait_) on_wait_();
        });
    sqlite3* src = open_db(real_path_, vfs_.get(), doing);
    Copy copy;
    {
      Closer closer{src};
      run(src, "PRAGMA temp_store = MEMORY", doing);
      Rows before = rows_of(src, doing);
      copy = write_copy(src, real_path_, h, key, doing);
      if (copy.rows != before) fail(nullptr, doing, "the copy doesn't hold the same rows");
    }  // the last connection to the old file: SQLite folds its WAL in and removes it
    std::string wal = real_path_ + "-wal";
    struct stat st {};
    if (::stat(wal.c_str(), &st) == 0 && st.st_size > 0)
      throw CopyError(kExitInternal,
                      fmt::format("Couldn't {}: another program has the database open (its WAL "
                                  "is in use). Nothing was changed.",
                                  doing),
                      "another program has the database open");
    copy.out->publish_over(real_path_);
    for (const char* suffix : {"-wal", "-shm"}) ::unlink((real_path_ + suffix).c_str());
    if (::stat(real_path_.c_str(), &st) == 0) {
      file_dev_ = static_cast<uint64_t>(st.st_dev);
      file_ino_ = static_cast<uint64_t>(st.st_ino);
    }
    vfs_ = std::move(next);
  } catch (...) {
    // As it was: the old file, open again.
    try {
      if (only) only->downgrade();
      lock_ = only ? std::move(only)
                   : std::make_unique<FileLock>(real_path_, FileLock::Mode::shared);
      reopen();
    } catch (...) {
    }
    throw;
  }
  only->downgrade();
  lock_ = std::move(only);
  reopen();
}

void Store::encrypt(const CryptHeader& h, SecretBytes key) {
  forbid_core_dumps();
  rewrite(&h, &key, fmt::format("encrypt the database at {}", path_));
}

void Store::decrypt() {
  if (vfs_) rewrite(nullptr, nullptr, fmt::format("decrypt the database at {}", path_));
}

void Store::compact() {
  const std::string doing = fmt::format("compact the database at {}", path_);
  if (!vfs_) return rewrite(nullptr, nullptr, doing);
  // The same key and key settings, so the same passphrase or key file opens it; a new file id
  // all the same, as for every new file, so no page of the old file fits the new one.
  CryptHeader h = header_for_copy(vfs_->header());
  SecretBytes key = vfs_->key().clone();
  rewrite(&h, &key, doing);
}

namespace {

// A checked copy of the database at `real` as it is now, in the folder of `beside`, while
// other processes may keep writing: sealed with the same key when `vfs` is given.
Copy copy_of(const std::string& real, const CryptVfs* vfs, const std::string& beside,
             const std::string& doing) {
  std::optional<CryptHeader> h;
  if (vfs) h = header_for_copy(vfs->header());
  sqlite3* src = open_db(real, vfs, doing);
  Closer closer{src};
  return write_copy(src, beside, h ? &*h : nullptr, vfs ? &vfs->key() : nullptr, doing);
}

}  // namespace

int64_t Store::backup_to(const std::string& dest) {
  auto exists = [&] {
    return StoreError(kExitUsage, fmt::format("There is already a file at {}; ebb leaves it as "
                                              "it is. Name another file for the backup.",
                                              dest));
  };
  if (std::filesystem::exists(std::filesystem::symlink_status(dest))) throw exists();
  Copy copy = copy_of(real_path_, vfs_.get(), dest,
                      fmt::format("back up the database to {}", dest));
  if (!copy.out->publish_as_new(dest)) throw exists();
  return entries_in(copy.rows);
}

void Store::make_upgrade_copy(const std::string& backup) {
  if (std::filesystem::exists(std::filesystem::symlink_status(backup))) return;
  Copy copy = copy_of(real_path_, vfs_.get(), backup,
                      fmt::format("keep a copy of the database as {} before upgrading it", backup));
  copy.out->publish_as_new(backup);  // false: another ebb kept the same version first
}

}  // namespace ebb
