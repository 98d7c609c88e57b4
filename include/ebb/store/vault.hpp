#pragma once
/// The files around a database: the lock file `PATH.lock` that keeps a rewrite (encrypt,
/// decrypt, re-key, the compaction after a forget) from replacing the file under another ebb,
/// the encryption header, copies beside it, and keeping secrets out of core dumps.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "ebb/store/crypt.hpp"
#include "ebb/util/error.hpp"

namespace ebb {

/// What FileLock throws when other ebbs kept the lock for the whole wait.
class LockTimeout : public Error {
 public:
  using Error::Error;
};

/// A lock on `PATH.lock` (0600), released when destroyed. Every store holds it shared for as
/// long as it has the database open; a rewrite of the file (a conversion, a forget's compaction)
/// holds it exclusive, so it never replaces the file (and its WAL) while another ebb uses it.
/// A rewrite waiting for it keeps new stores from taking it meanwhile, so a stream of short
/// commands cannot keep it waiting forever.
class FileLock {
 public:
  enum class Mode { shared, exclusive };
  /// Waits up to `wait` for the lock. Throws LockTimeout when other ebbs kept it all the
  /// while, Error when it cannot have it for another reason; shared, it goes without (valid()
  /// false) when the lock file can't be made (a read-only folder).
  /// Exclusive, `first` runs as soon as no other rewrite can start, before the wait for
  /// the stores still open; what it throws ends the wait. `waiting` is called once when the
  /// lock has not come within a second.
  FileLock(const std::string& db_path, Mode mode,
           std::chrono::milliseconds wait = std::chrono::seconds(60),
           const std::function<void()>& first = {}, const std::function<void()>& waiting = {});
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool valid() const { return fd_ >= 0; }
  /// Exclusive to shared, in one step: no other rewrite can come in between.
  void downgrade();

 private:
  int fd_ = -1;
};

/// The path of the file itself when `path` is (or goes through) a symbolic link, so that
/// locks, copies and renames all happen beside the real file; `path` when it doesn't exist yet
/// (its folder resolved).
std::string real_db_path(const std::string& path);

/// True when the file at `path` starts with the encrypted-file magic (any format).
bool is_encrypted_file(const std::string& path);
/// The encryption header of the file at `path` (up to kPageHeaderSize bytes; fewer when the
/// file is shorter); empty when it can't be read.
std::string read_header_bytes(const std::string& path);

/// Reads a whole file. Throws Error (exit 3) when it cannot.
std::string read_whole_file(const std::string& path);

/// Copies beside `path` that forget and encrypt cannot reach: `PATH.bak-*` (migration copies)
/// and `ebb-backup-*.db` (ebb backup's default names).
std::vector<std::string> copies_beside(const std::string& path);

/// No core dumps from here on (they would hold keys and the decrypted log): the process is
/// made non-dumpable and its core size limit 0.
void forbid_core_dumps();

}  // namespace ebb
