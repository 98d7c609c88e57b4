#include "ebb/vault.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "ebb/error.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/keys.hpp"

namespace ebb {

namespace {

bool write_all(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Reads up to n bytes; fewer only at the end of the file.
ssize_t read_up_to(int fd, uint8_t* p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, p + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(got);
}

}  // namespace

FileLock::FileLock(const std::string& db_path) {
  std::string lock_path = db_path + ".lock";
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0)
    throw Error(kExitInternal, fmt::format("Couldn't open the lock file {}: {}.", lock_path,
                                           std::strerror(errno)));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int e = errno;
      ::close(fd_);
      throw Error(kExitInternal, fmt::format("Couldn't lock {}: {}.", lock_path, std::strerror(e)));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(fd_);
      throw Error(kExitInternal, fmt::format("Another ebb has held the database for a minute "
                                             "({} is locked). Nothing was saved; try again "
                                             "when it is done.",
                                             lock_path));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

bool is_encrypted_file(const std::string& path) {
  // O_NONBLOCK: a named pipe given as the database must not hang this look at it.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return false;
  }
  uint8_t prefix[8] = {};
  ssize_t n = read_up_to(fd, prefix, sizeof prefix);
  ::close(fd);
  return n == static_cast<ssize_t>(sizeof prefix) && looks_encrypted({prefix, sizeof prefix});
}

std::string read_whole_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(kExitData, fmt::format("Couldn't read the database at {}: {}.", path,
                                       std::strerror(errno)));
  std::string out;
  uint8_t buf[1 << 16];
  while (true) {
    ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      throw Error(kExitData, fmt::format("Couldn't read the database at {}: {}.", path,
                                         std::strerror(e)));
    }
    if (r == 0) break;
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(r));
  }
  ::close(fd);
  return out;
}

namespace {
std::string folder_of(const std::string& path) {
  std::filesystem::path p(path);
  return p.parent_path().empty() ? "." : p.parent_path().string();
}

[[noreturn]] void fail_write(const std::string& path, int e) {
  throw Error(kExitInternal, fmt::format("Couldn't write a new copy of {}: {}. The old one was "
                                         "kept.",
                                         path, std::strerror(e)));
}
}  // namespace

std::string write_temp_beside(const std::string& path, std::span<const uint8_t> data) {
  std::string tmpl = (std::filesystem::path(folder_of(path)) /
                      ("." + std::filesystem::path(path).filename().string() + ".XXXXXX"))
                         .string();
  int fd = ::mkstemp(tmpl.data());  // 0600
  if (fd < 0) fail_write(path, errno);
  bool ok = write_all(fd, data.data(), data.size()) && ::fsync(fd) == 0;
  int e = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(tmpl.c_str());
    fail_write(path, e);
  }
  return tmpl;
}

void rename_into_place(const std::string& tmp, const std::string& path) {
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  bool ok = fd >= 0 && ::fsync(fd) == 0;
  int e = errno;
  if (fd >= 0) ::close(fd);
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    e = errno;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    fail_write(path, e);
  }
  // The rename itself is durable only once the folder is synced.
  int dfd = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void replace_file(const std::string& path, std::span<const uint8_t> data) {
  rename_into_place(write_temp_beside(path, data), path);
}

std::vector<std::string> copies_beside(const std::string& path) {
  std::vector<std::string> out;
  std::filesystem::path p(path);
  std::string bak_prefix = p.filename().string() + ".bak";
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(folder_of(path), ec)) {
    std::string name = f.path().filename().string();
    // Migration copies (ebb.db.bak-N) and ebb backup's default names.
    bool is_copy = name.rfind(bak_prefix, 0) == 0 ||
                   (name.rfind("ebb-backup-", 0) == 0 && f.path().extension() == ".db");
    if (is_copy) out.push_back(f.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::unique_ptr<Vault> Vault::unlock(const std::string& path, const KeySource* keys,
                                     std::string* file) {
  if (!crypt_init()) throw Error(kExitInternal, "libsodium could not start.");
  *file = read_whole_file(path);
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(file->data()), file->size());
  CryptHeader h;
  std::string err;
  if (!parse_header(bytes, &h, &err))
    throw Error(kExitData, fmt::format("The encrypted database at {} can't be opened: {}. It was "
                                       "left as it is.",
                                       path, err));
  if (!keys)
    throw Error(kExitData, fmt::format("The database at {} is encrypted and no key was given.",
                                       path));
  auto v = std::make_unique<Vault>(path, h, keys->key_for(h, path));
  v->mark_saved(bytes);
  return v;
}

void Vault::mark_saved(std::span<const uint8_t> file) {
  std::memcpy(on_disk_.data(), file.data(), std::min(file.size(), on_disk_.size()));
}

bool Vault::changed_on_disk(std::string* file) {
  std::array<uint8_t, kCryptHeaderSize> now{};
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error(kExitData, fmt::format("The database at {} was moved or removed while ebb "
                                       "was running; nothing was saved.",
                                       path_));
  ssize_t n = read_up_to(fd, now.data(), now.size());
  ::close(fd);
  if (n == static_cast<ssize_t>(now.size()) && now == on_disk_) return false;
  *file = read_whole_file(path_);
  return true;
}

void Vault::decrypt(std::span<const uint8_t> file, uint8_t* out) const {
  std::string err;
  CryptHeader h;
  if (!parse_header(file, &h, &err))
    throw Error(kExitData, fmt::format("The database at {} was changed by another program "
                                       "while ebb was running ({}); nothing was saved.",
                                       path_, err));
  if (h.kind != header_.kind || h.salt != header_.salt || !key_matches(h, key_))
    throw Error(kExitData, fmt::format("The database at {} was re-encrypted with another key "
                                       "while ebb was running; nothing was saved. Run the "
                                       "command again.",
                                       path_));
  if (open_sealed(file, key_, out, &err) != OpenFailure::none)
    throw Error(kExitData, fmt::format("The encrypted database at {} can't be opened: {}. It "
                                       "was left as it is.",
                                       path_, err));
}

std::string Vault::seal_image(std::span<const uint8_t> image) const {
  return seal(header_, key_, image);
}

void Vault::save(std::span<const uint8_t> image) {
  std::string sealed = seal_image(image);
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(sealed.data()), sealed.size());
  replace_file(path_, bytes);
  mark_saved(bytes);
}

}  // namespace ebb
