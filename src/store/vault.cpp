#include "ebb/store/vault.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

namespace {

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

// Two bytes of the lock file, locked as open file description locks (per open, like flock,
// so two stores in one process exclude each other too): the gate, which a waiting conversion
// holds so that no new store slips in, and the database itself.
constexpr off_t kGate = 0, kUse = 1;

bool try_lock(int fd, off_t byte, short type) {
  struct flock l {};
  l.l_type = type;
  l.l_whence = SEEK_SET;
  l.l_start = byte;
  l.l_len = 1;
  return ::fcntl(fd, F_OFD_SETLK, &l) == 0;
}

void unlock(int fd, off_t byte) { try_lock(fd, byte, F_UNLCK); }

// Waits for the lock until `until`; `waiting`, when set, is called once a second into the wait
// (when `told` is still false), so a person at a terminal knows why nothing happens.
bool lock_within(int fd, off_t byte, short type, std::chrono::steady_clock::time_point until,
                 const std::function<void()>& waiting = {}, bool* told = nullptr) {
  const auto start = std::chrono::steady_clock::now();
  while (!try_lock(fd, byte, type)) {
    if (errno != EAGAIN && errno != EACCES && errno != EINTR) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now > until) return false;
    if (waiting && told && !*told && now - start >= std::chrono::seconds(1)) {
      *told = true;
      waiting();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace

FileLock::FileLock(const std::string& db_path, Mode mode, std::chrono::milliseconds wait,
                   const std::function<void()>& first, const std::function<void()>& waiting) {
  std::string lock_path = db_path + ".lock";
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) {
    if (mode == Mode::shared && (errno == EACCES || errno == EROFS || errno == EPERM)) return;
    throw Error(kExitInternal, fmt::format("Couldn't open the lock file {}: {}.", lock_path,
                                           std::strerror(errno)));
  }
  auto until = std::chrono::steady_clock::now() + wait;
  bool ok, told = false;
  if (mode == Mode::shared) {
    ok = lock_within(fd_, kGate, F_RDLCK, until, waiting, &told) &&
         lock_within(fd_, kUse, F_RDLCK, until, waiting, &told);
    unlock(fd_, kGate);
  } else {
    ok = lock_within(fd_, kGate, F_WRLCK, until, waiting, &told);
    if (ok && first) {
      try {
        first();
      } catch (...) {
        ::close(fd_);
        fd_ = -1;
        throw;
      }
    }
    ok = ok && lock_within(fd_, kUse, F_WRLCK, until, waiting, &told);
  }
  if (ok) return;
  int e = errno;
  ::close(fd_);
  fd_ = -1;
  if (e != EAGAIN && e != EACCES && e != EINTR)
    throw Error(kExitInternal, fmt::format("Couldn't lock {}: {}.", lock_path, std::strerror(e)));
  if (mode == Mode::shared)
    throw LockTimeout(kExitInternal,
                      fmt::format("Another ebb has been rewriting the database at {} "
                                  "(encrypting, decrypting or compacting it) for over a minute, "
                                  "and it can't be opened meanwhile. Nothing was saved; try "
                                  "again when it is done.",
                                  db_path));
  throw LockTimeout(kExitInternal,
                    fmt::format("Another ebb has the database at {} open (a plan being edited, "
                                "perhaps), and it can't be converted while it does. Nothing was "
                                "changed; try again when that ebb is done.",
                                db_path));
}

void FileLock::downgrade() {
  if (fd_ < 0) return;
  try_lock(fd_, kUse, F_RDLCK);  // converting a held lock never waits
  unlock(fd_, kGate);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the locks
}

std::string real_db_path(const std::string& path) {
  // A link to a file not made yet: where it points.
  std::filesystem::path p(path);
  std::error_code ec;
  for (int hops = 0; hops < 40 && std::filesystem::is_symlink(p, ec); ++hops) {
    auto target = std::filesystem::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  if (char* r = ::realpath(p.c_str(), nullptr)) {
    std::string out = r;
    std::free(r);
    return out;
  }
  std::string dir = p.parent_path().empty() ? "." : p.parent_path().string();
  if (char* r = ::realpath(dir.c_str(), nullptr)) {
    std::string out = (std::filesystem::path(r) / p.filename()).string();
    std::free(r);
    return out;
  }
  return p.string();
}

bool is_encrypted_file(const std::string& path) {
  std::string head = read_header_bytes(path);
  return looks_encrypted({reinterpret_cast<const uint8_t*>(head.data()), head.size()});
}

std::string read_header_bytes(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return "";
  struct stat st {};
  std::string out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    out.resize(kPageHeaderSize);
    ssize_t n = read_up_to(fd, reinterpret_cast<uint8_t*>(out.data()), out.size());
    out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
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

std::vector<std::string> copies_beside(const std::string& path) {
  std::vector<std::string> out;
  std::filesystem::path p(path);
  std::string bak_prefix = p.filename().string() + ".bak";
  std::error_code ec;
  std::filesystem::path dir = p.parent_path().empty() ? "." : p.parent_path();
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = f.path().filename().string();
    // Migration copies (ebb.db.bak-N) and ebb backup's default names.
    bool is_copy = name.rfind(bak_prefix, 0) == 0 ||
                   (name.rfind("ebb-backup-", 0) == 0 && f.path().extension() == ".db");
    if (is_copy) out.push_back(f.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void forbid_core_dumps() {
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  struct rlimit none {};
  ::setrlimit(RLIMIT_CORE, &none);
}

}  // namespace ebb
