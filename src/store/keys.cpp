#include "ebb/store/keys.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <sodium.h>

#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

namespace {

constexpr size_t kMaxPassphrase = 1024;

// Reads up to a newline or EOF into locked memory; the newline (and a CR before it) is not
// part of the passphrase.
SecretBytes read_line(int fd, bool* too_long) {
  SecretBytes buf(kMaxPassphrase + 1);
  size_t n = 0;
  *too_long = false;
  while (true) {
    uint8_t c = 0;
    ssize_t r = ::read(fd, &c, 1);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw Error(kExitData, fmt::format("Couldn't read the passphrase: {}.", std::strerror(errno)));
    }
    if (r == 0 || c == '\n') break;
    if (n == kMaxPassphrase) {
      *too_long = true;
      continue;
    }
    buf.data()[n++] = c;
  }
  if (n > 0 && buf.data()[n - 1] == '\r') --n;
  buf.truncate(n);
  return buf;
}

// Terminal with echo off for as long as it lives; restores it on every way out.
class NoEcho {
 public:
  explicit NoEcho(int fd) : fd_(fd) {
    if (tcgetattr(fd_, &saved_) != 0) return;
    termios t = saved_;
    t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    t.c_lflag |= ECHONL;
    active_ = tcsetattr(fd_, TCSAFLUSH, &t) == 0;
  }
  ~NoEcho() {
    if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

SecretBytes ask(int in, int out, const std::string& prompt) {
  // Echo goes off before the prompt shows, so a passphrase typed ahead is not shown either.
  NoEcho quiet(in);
  if (::write(out, prompt.data(), prompt.size()) < 0) {
    // Nowhere to show the prompt; reading still works.
  }
  bool too_long = false;
  SecretBytes p = read_line(in, &too_long);
  if (too_long)
    throw Error(kExitUsage, fmt::format("A passphrase can be up to {} characters.", kMaxPassphrase));
  return p;
}

SecretBytes key_from_passphrase(const SecretBytes& pass, const CryptHeader& h) {
  SecretBytes key;
  std::string err;
  if (!derive_key({pass.data(), pass.size()}, h, &key, &err))
    throw Error(kExitInternal, fmt::format("Couldn't unlock the database: {}.", err));
  return key;
}

}  // namespace

SecretBytes read_key_file(const std::string& path) {
  // O_NONBLOCK: a named pipe given as the key file is refused below instead of hanging here.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    throw Error(kExitData, fmt::format("Couldn't read the key file {}: {}.", path,
                                       std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(kExitData, fmt::format("The key file {} isn't a regular file; an ebb key is a "
                                       "file of 32 bytes.",
                                       path));
  }
  if (st.st_mode & 077) {
    ::close(fd);
    throw Error(kExitData,
                fmt::format("The key file {} can be read or changed by other accounts (mode "
                            "{:o}), so ebb won't use it. 'chmod 600 {}' makes it private.",
                            path, st.st_mode & 0777, path));
  }
  SecretBytes key(kCryptKeySize);
  uint8_t extra = 0;
  ssize_t n = ::read(fd, key.data(), key.size());
  ssize_t more = n == static_cast<ssize_t>(key.size()) ? ::read(fd, &extra, 1) : 0;
  ::close(fd);
  if (n != static_cast<ssize_t>(kCryptKeySize) || more != 0)
    throw Error(kExitData, fmt::format("The key file {} isn't an ebb key (an ebb key is "
                                       "exactly 32 bytes).",
                                       path));
  return key;
}

SecretBytes create_key_file(const std::string& path) {
  SecretBytes key = random_key();
  // A missing folder is made private (umask 077 is set for the whole run).
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      throw Error(kExitUsage, fmt::format("{} already exists; ebb won't replace it. Name a new "
                                          "file, or use it with --key-file.",
                                          path));
    throw Error(kExitInternal, fmt::format("Couldn't create the key file {}: {}.", path,
                                           std::strerror(errno)));
  }
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(path.c_str());
    throw Error(kExitInternal, fmt::format("Couldn't write the key file {}.", path));
  }
  return key;
}

SecretBytes read_passphrase_fd(int fd) {
  bool too_long = false;
  SecretBytes p = read_line(fd, &too_long);
  if (too_long)
    throw Error(kExitUsage, fmt::format("A passphrase can be up to {} characters.", kMaxPassphrase));
  return p;
}

SecretBytes prompt_passphrase(const std::string& prompt, bool confirm) {
  int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  int in = tty >= 0 ? tty : STDIN_FILENO;
  int out = tty >= 0 ? tty : STDERR_FILENO;
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } closer{tty};
  SecretBytes first = ask(in, out, prompt);
  if (first.empty()) throw Error(kExitUsage, "An empty passphrase can't protect anything; nothing was changed.");
  if (confirm) {
    SecretBytes again = ask(in, out, "Once more, to be sure: ");
    if (again.size() != first.size() ||
        sodium_memcmp(again.data(), first.data(), first.size()) != 0)
      throw Error(kExitUsage, "The two passphrases differ; nothing was changed.");
  }
  return first;
}

KeySource key_source_from_env(const std::string& flag, const std::string& configured) {
  KeySource s;
  const char* env = std::getenv("EBB_KEY_FILE");
  const char* home = std::getenv("HOME");
  if (!flag.empty()) s.key_file = flag;
  else if (env && *env) s.key_file = env;
  else if (configured.rfind("~/", 0) == 0 && home) s.key_file = home + configured.substr(1);
  else s.key_file = configured;
  const char* fd = std::getenv("EBB_PASSPHRASE_FD");
  if (fd && *fd) {
    char* end = nullptr;
    long n = std::strtol(fd, &end, 10);
    if (*end != '\0' || n < 0 || n > 1 << 20)
      throw Error(kExitUsage, fmt::format("EBB_PASSPHRASE_FD takes a file descriptor number, "
                                          "like 3; it is \"{}\".",
                                          fd));
    s.passphrase_fd = static_cast<int>(n);
    // The passphrase is for ebb alone: the editor and notify-send must not inherit the fd.
    int flags = ::fcntl(s.passphrase_fd, F_GETFD);
    if (flags < 0)
      throw Error(kExitUsage, fmt::format("EBB_PASSPHRASE_FD is {}, but nothing is open on that "
                                          "file descriptor.",
                                          n));
    ::fcntl(s.passphrase_fd, F_SETFD, flags | FD_CLOEXEC);
  }
  s.can_prompt = ::isatty(STDIN_FILENO) == 1;
  return s;
}

SecretBytes KeySource::key_for(const CryptHeader& h, const std::string& db_path) const {
  SecretBytes key;
  if (h.kind == KeyKind::key_file) {
    if (key_file.empty())
      throw Error(missing_key_exit, fmt::format("The database at {} is encrypted with a key file. Name "
                                         "it with --key-file, EBB_KEY_FILE or key_file in the "
                                         "config.",
                                         db_path));
    key = read_key_file(key_file);
    if (!key_matches(h, key))
      throw Error(kExitData, fmt::format("The key file {} doesn't open the database at {}. The "
                                         "database was left as it is.",
                                         key_file, db_path));
    return key;
  }
  if (passphrase_fd >= 0) {
    key = key_from_passphrase(read_passphrase_fd(passphrase_fd), h);
  } else if (can_prompt) {
    key = key_from_passphrase(
        prompt_passphrase(fmt::format("Passphrase for {}: ", db_path), false), h);
  } else {
    throw Error(missing_key_exit, fmt::format("The database at {} is encrypted with a passphrase. Run "
                                       "ebb at a terminal to type it, or give it on a file "
                                       "descriptor with EBB_PASSPHRASE_FD.",
                                       db_path));
  }
  if (!key_matches(h, key))
    throw Error(kExitData, fmt::format("That passphrase doesn't open the database at {}. The "
                                       "database was left as it is.",
                                       db_path));
  return key;
}

}  // namespace ebb
