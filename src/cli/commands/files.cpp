#include "files.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include "ebb/store/vault.hpp"
#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "ebb/store/keys.hpp"
#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

std::string read_input_file(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(kExitUsage, fmt::format("Couldn't read {}: {}.", path, std::strerror(errno)));
  text << in.rdbuf();
  return text.str();
}

namespace {

// Up to `n` bytes of standard input at `buf`; 0 at its end.
size_t read_standard_input(char* buf, size_t n) {
  for (;;) {
    ssize_t got = ::read(STDIN_FILENO, buf, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno == EINTR) continue;
    throw Error(kExitUsage, fmt::format("Couldn't read standard input: {}. Nothing was added.",
                                        std::strerror(errno)));
  }
}

// Standard input, from a pipe, copied into a new unnamed file in `dir` (it has no name, so
// nothing is left behind whatever ends the process); -1 when `dir` can't have one.
int spool_standard_input(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t n;
    try {
      n = static_cast<ssize_t>(read_standard_input(buf.data(), buf.size()));
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (n == 0) return fd;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(fd, buf.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        int saved = errno;
        ::close(fd);
        throw Error(kExitInternal,
                    fmt::format("Couldn't keep standard input in {} while importing it: {}. "
                                "Nothing was added; free some space there, or import from a "
                                "file.",
                                dir, std::strerror(saved)));
      }
      done += w;
    }
  }
}

}  // namespace

InputText::InputText(const std::string& path, const std::string& spool_dir, bool stream) {
  int fd = -1;
  struct stat st {};
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } else if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
             ::lseek(STDIN_FILENO, 0, SEEK_CUR) == 0) {
    fd = ::dup(STDIN_FILENO);  // a redirect from a whole file: mapped as the file is
  } else if (!spool_dir.empty()) {
    fd = spool_standard_input(spool_dir);
  } else if (stream) {
    // Only the start is read now: enough to tell the format by (the first line, and the
    // first thing that isn't white space); the rest is read as it is imported.
    streamed_ = true;
    auto done = [&] {
      size_t i = copy_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
      i = copy_.find_first_not_of(" \t\r\n", i);
      return copy_.size() >= 64 * 1024 && i != std::string::npos &&
             copy_.find('\n', i) != std::string::npos;
    };
    while (!done()) {
      size_t old = copy_.size();
      copy_.resize(old + 64 * 1024);
      size_t n = read_standard_input(copy_.data() + old, 64 * 1024);
      copy_.resize(old + n);
      if (n == 0) {
        streamed_ = false;  // that was all of it
        break;
      }
    }
    text_ = copy_;
    return;
  }
  if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      map_ = p;
      map_size_ = static_cast<size_t>(st.st_size);
      ::madvise(map_, map_size_, MADV_SEQUENTIAL);
      text_ = std::string_view(static_cast<const char*>(map_), map_size_);
    }
  }
  if (fd >= 0) ::close(fd);
  if (map_) return;
  copy_ = read_input_file(path);
  text_ = copy_;
}

TextRead InputText::reader() {
  return [this, given = size_t{0}](char* buf, size_t n) mutable -> size_t {
    if (given < copy_.size()) {
      size_t k = std::min(n, copy_.size() - given);
      std::memcpy(buf, copy_.data() + given, k);
      given += k;
      return k;
    }
    return read_standard_input(buf, n);
  };
}

void InputText::read_rest() {
  if (!streamed_) return;
  std::vector<char> buf(1 << 16);
  while (size_t n = read_standard_input(buf.data(), buf.size())) copy_.append(buf.data(), n);
  streamed_ = false;
  text_ = copy_;
}

void InputText::read_again() {
  release_before(map_size_);
  released_ = 0;
}

InputText::~InputText() {
  if (map_) ::munmap(map_, map_size_);
}

void InputText::release_before(size_t offset) {
  if (!map_) return;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t upto = std::min(offset, map_size_) / page * page;
  if (upto <= released_) return;
  ::madvise(static_cast<char*>(map_) + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

PrivateFile::PrivateFile(std::string path) : path_(std::move(path)) {
  std::filesystem::path target(path_);
  tmp_ = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path())
             .append("." + target.filename().string() + ".XXXXXX")
             .string();
  fd_ = ::mkstemp(tmp_.data());  // mode 0600
  if (fd_ < 0)
    throw Error(kExitInternal, fmt::format("Couldn't write {}: {}.", path_, std::strerror(errno)));
}

PrivateFile::~PrivateFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(tmp_.c_str());
}

void PrivateFile::fail(int saved) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(tmp_.c_str());
  throw Error(kExitInternal, fmt::format("Couldn't write {}: {}. Nothing was changed there.",
                                         path_, std::strerror(saved)));
}

void PrivateFile::write(std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    done += static_cast<size_t>(n);
  }
}

void PrivateFile::commit() {
  if (::fsync(fd_) != 0 || ::fchmod(fd_, 0600) != 0) fail(errno);
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0 || ::rename(tmp_.c_str(), path_.c_str()) != 0) fail(errno);
}

std::string output_path(Env& env, const std::string& path, bool replace, bool offer_force) {
  // The files themselves (links followed), by the one rule the store uses.
  const std::string db = real_db_path(env.paths.db);
  std::vector<std::pair<std::string, std::string>> own = {
      {db, "ebb's database"},
      {db + "-wal", "the -wal file of ebb's database"},
      {db + "-shm", "the -shm file of ebb's database"},
      {db + "-journal", "the journal of ebb's database"},
      {db + ".lock", "the lock file of ebb's database"}};
  for (const std::string& key :
       {env.paths.key_file, key_source_from_env(env.paths.key_file, env.config.key_file).key_file})
    if (!key.empty()) own.emplace_back(real_db_path(key), "the key file of ebb's database");
  const std::string target = real_db_path(path);
  struct stat out {};
  const bool exists = ::stat(target.c_str(), &out) == 0;
  for (const auto& [file, what] : own) {
    struct stat st {};
    bool same = file == target || (exists && ::stat(file.c_str(), &st) == 0 &&
                                   st.st_dev == out.st_dev && st.st_ino == out.st_ino);
    if (same)
      throw Error(kExitUsage, fmt::format("{} is {}; writing there would destroy it. Nothing "
                                          "was written; name another file.",
                                          path, what));
  }
  struct stat link {};
  if (!exists && ::lstat(path.c_str(), &link) == 0)
    throw Error(kExitUsage, fmt::format("{} is a link to a file that isn't there. Nothing was "
                                        "written; name the file itself.",
                                        path));
  if (!exists) {
    std::filesystem::path dir = std::filesystem::path(target).parent_path();
    struct stat d {};
    if (::stat(dir.empty() ? "." : dir.c_str(), &d) != 0 || !S_ISDIR(d.st_mode))
      throw Error(kExitUsage, fmt::format("There is no folder {}, so ebb can't write {}. Nothing "
                                          "was written; name a file in a folder that is there.",
                                          dir.string(), path));
  }
  if (exists && !S_ISREG(out.st_mode))
    throw Error(kExitUsage, fmt::format("{} isn't a regular file, so ebb won't write there. "
                                        "Nothing was written; name a file (or leave out -o for "
                                        "standard output).",
                                        path));
  if (exists && !replace)
    throw Error(kExitUsage, fmt::format("There is already a file at {}; ebb leaves it as it is. "
                                        "{}ame another file.",
                                        path, offer_force ? "Add --force to replace it, or n" : "N"));
  return target;
}

void write_private_output(const std::string& path, const std::string& text) {
  PrivateFile f(path);
  f.write(text);
  f.commit();
}

}  // namespace ebb
