#pragma once
/// SQLite VFS shims for encrypted databases: the store opens an encrypted database through a
/// CryptVfs, which seals every page of the database and every frame of its WAL on the way to
/// the disk and opens (and checks) them on the way back, so SQLite's own locking, WAL and crash
/// recovery work as for a plain file. crypt.hpp has the format; docs/privacy.md the reasons.
/// Copies (encrypt, decrypt, re-key, backup) are written into a TempOutput that nobody sees
/// until it has been checked and is published.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ebb/store/crypt.hpp"

struct sqlite3;

namespace ebb {

/// A VFS, registered under a name of its own while it lives, for one encrypted database file
/// and its WAL. Pages and frames are sealed one by one (fresh random nonce for every write);
/// what SQLite keeps for itself (temp tables, sorting, statement journals) lives in memory; a
/// rollback journal is refused, since ebb keeps encrypted databases in WAL mode. A read or
/// write in a shape this VFS does not know is refused, never written in the clear.
class CryptVfs {
 public:
  /// For the file with header `h` (as read from it, or with page_size 0 for a new file, which
  /// gets it when its first page is written) and its key. `over_temp`: the file is a
  /// TempOutput's, opened by its name().
  CryptVfs(const CryptHeader& h, const SecretBytes& key, bool over_temp = false);
  ~CryptVfs();
  CryptVfs(const CryptVfs&) = delete;
  CryptVfs& operator=(const CryptVfs&) = delete;

  /// The name to open the database with (sqlite3_open_v2's zVfs, or ?vfs= in a URI).
  const char* name() const;
  /// The header (page_size filled in once known) and the key.
  CryptHeader header() const;
  const SecretBytes& key() const;
  /// What the VFS refused last (see crypt_problem), "" when nothing.
  std::string problem() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// What the CryptVfs under the main database of `db` refused or found last, as a clause for a
/// message ("page 7 of PATH failed its authentication check: ..."), "" when nothing; nullopt
/// when the database is not encrypted.
std::optional<std::string> crypt_problem(sqlite3* db);
/// When the last error of `db` is an encrypted database found damaged (a unit that fails its
/// check, a structure SQLite finds broken: pages missing or put back), what was found, as a
/// clause; nullopt otherwise (another error, or a plain database).
std::optional<std::string> crypt_damage(sqlite3* db);

/// A new file for a copy, in the folder of `beside`, that nobody can see until it is
/// published: an unnamed file (O_TMPFILE) where the file system has them, else a hidden
/// ".NAME.ebb-tmp-XXXXXX" beside it (0600) that stale_temp_files() finds after a crash.
/// SQLite opens it by name() through temp_vfs_name() (or a CryptVfs over it); its journal and
/// WAL live in memory.
class TempOutput {
 public:
  /// Throws Error when the folder has no room for a new file. `unnamed` false: the hidden
  /// name even where unnamed files exist (tests of that path).
  explicit TempOutput(const std::string& beside, bool unnamed = true);
  ~TempOutput();  // discards the file unless it was published
  TempOutput(const TempOutput&) = delete;
  TempOutput& operator=(const TempOutput&) = delete;

  /// The name SQLite opens it by.
  const std::string& name() const { return name_; }
  /// Flushes it to the disk. Throws Error.
  void sync();
  /// Syncs it, renames it over `target` (in the same folder) and syncs the folder.
  void publish_over(const std::string& target);
  /// Syncs it and gives it the name `target`, which must not exist: false when it does.
  bool publish_as_new(const std::string& target);

 private:
  std::string link_name() const;  // a fresh hidden name beside the target
  int fd_ = -1;
  std::string dir_, base_, named_, name_;
  bool published_ = false;
};

/// The VFS TempOutputs are opened through (registered on first use).
const char* temp_vfs_name();

/// Leftovers of copies that were cut off beside the database at `db_path`: TempOutputs
/// (".NAME.ebb-tmp-*") and the temp files of older ebbs (".NAME.XXXXXX" holding a database).
std::vector<std::string> stale_temp_files(const std::string& db_path);

}  // namespace ebb
