#pragma once
/// The encrypted database file on disk: reading it, saving a new version atomically (temp
/// file 0600 in the same folder, fsync, rename, fsync of the folder), and the lock file
/// `PATH.lock` that writers hold so two processes never lose each other's entries.
/// The store decrypts the image into memory and calls save() after each committed write.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ebb/crypt.hpp"

namespace ebb {

struct KeySource;

/// An exclusive flock on `PATH.lock`, released when destroyed.
class FileLock {
 public:
  /// Waits for the lock (up to a minute, like SQLite's busy timeout). Throws Error.
  explicit FileLock(const std::string& db_path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

/// True when the file at `path` starts with the encrypted-file magic.
bool is_encrypted_file(const std::string& path);

/// Reads a whole file. Throws Error (exit 3) when it cannot.
std::string read_whole_file(const std::string& path);

/// Replaces `path` with `data` atomically: temp file 0600 beside it, fsync, rename, fsync of
/// the folder. A crash leaves either the old or the new file. Throws Error (exit 4).
void replace_file(const std::string& path, std::span<const uint8_t> data);
/// The two halves of replace_file, for a caller that checks the temp file in between:
/// writes and syncs `data` to a new 0600 file beside `path` and returns its name...
std::string write_temp_beside(const std::string& path, std::span<const uint8_t> data);
/// ...then syncs `tmp` again, renames it over `path` and syncs the folder.
void rename_into_place(const std::string& tmp, const std::string& path);

/// Copies beside `path` that forget and encrypt cannot reach: `PATH.bak-*` (migration copies)
/// and `ebb-backup-*.db` (ebb backup's default names).
std::vector<std::string> copies_beside(const std::string& path);

class Vault {
 public:
  /// Reads the encrypted file at `path` and gets its key from `keys`. Sets *file to the
  /// bytes read. Throws Error (exit 3) on a bad header or key; the file is never written.
  static std::unique_ptr<Vault> unlock(const std::string& path, const KeySource* keys,
                                       std::string* file);
  /// A vault for a file being encrypted now with `h` and `key`.
  Vault(std::string path, CryptHeader h, SecretBytes key)
      : path_(std::move(path)), header_(h), key_(std::move(key)) {}

  /// True when the file on disk is not the version this process read or saved last
  /// (another process saved since). Sets *file to the new bytes when so.
  bool changed_on_disk(std::string* file);
  /// Decrypts `file` into `out` (sealed_plain_size(file.size()) bytes) with this vault's key.
  /// Throws Error (exit 3) when the file was re-keyed or damaged.
  void decrypt(std::span<const uint8_t> file, uint8_t* out) const;
  /// Seals `image` with a fresh nonce and replaces the file with it.
  void save(std::span<const uint8_t> image);
  /// Seals `image` into file bytes without writing them.
  std::string seal_image(std::span<const uint8_t> image) const;
  /// Remembers `file` as the version on disk (after replace_file of sealed bytes).
  void mark_saved(std::span<const uint8_t> file);

  const std::string& path() const { return path_; }
  const CryptHeader& header() const { return header_; }

 private:
  std::string path_;
  CryptHeader header_;
  SecretBytes key_;
  std::array<uint8_t, kCryptHeaderSize> on_disk_{};  ///< header (with nonce) of the version read
};

}  // namespace ebb
