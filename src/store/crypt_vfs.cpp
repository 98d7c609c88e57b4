// The VFS shims of encrypted databases (crypt_vfs.hpp). Part of the store: SQLite's file layer.
//
// SQLite reads and writes its files in a few known shapes, and the shims accept only those:
//   database: whole pages at page offsets, plus small reads inside page 1 (the header);
//   WAL: the 32-byte header at 0; a frame as its 24-byte header then its page, or either alone
//        (SQLite rewrites checksums, or the page of a frame written earlier in a transaction);
//        reads of whole frames (recovery), of pages and of parts of frame headers.
// On disk the database gets a 4096-byte header in front (every offset moves by it) and the
// WAL's header gets its nonce and tag behind it (frames move by 40 bytes); a page or frame
// keeps its size, since the nonce and tag fill the 40 bytes SQLite reserves in each page.

#include "ebb/store/crypt_vfs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

namespace {

// A file-control op of ours (SQLite keeps those below 100): the last problem, into a
// std::string*.
constexpr int kFcntlProblem = 0xEBB0;
constexpr int64_t kWalHeader = 32, kWalHeaderOnDisk = kWalHeader + kUnitOverhead;
constexpr int kFrameHeader = 24;

uint32_t get_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool all_zero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}

// ---- Files in memory: journals of copies, temp files SQLite makes for itself ----

struct MemState {
  std::vector<uint8_t> bytes;
};
struct MemHandle {
  sqlite3_file base;
  MemState* s;
};

MemState& mem(sqlite3_file* f) { return *reinterpret_cast<MemHandle*>(f)->s; }

int mem_close(sqlite3_file* f) {
  auto* h = reinterpret_cast<MemHandle*>(f);
  if (!h->s->bytes.empty()) sodium_memzero(h->s->bytes.data(), h->s->bytes.size());
  delete h->s;
  h->s = nullptr;
  return SQLITE_OK;
}
int mem_read(sqlite3_file* f, void* out, int n, sqlite3_int64 off) {
  auto& b = mem(f).bytes;
  auto* o = static_cast<uint8_t*>(out);
  size_t have = off < static_cast<sqlite3_int64>(b.size()) ? b.size() - off : 0;
  size_t take = std::min(have, static_cast<size_t>(n));
  if (take) std::memcpy(o, b.data() + off, take);
  if (take < static_cast<size_t>(n)) {
    std::memset(o + take, 0, n - take);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}
int mem_write(sqlite3_file* f, const void* in, int n, sqlite3_int64 off) {
  auto& b = mem(f).bytes;
  try {
    if (b.size() < static_cast<size_t>(off) + n) b.resize(off + n);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  std::memcpy(b.data() + off, in, n);
  return SQLITE_OK;
}
int mem_truncate(sqlite3_file* f, sqlite3_int64 size) {
  auto& b = mem(f).bytes;
  if (static_cast<size_t>(size) < b.size()) {
    sodium_memzero(b.data() + size, b.size() - size);
    b.resize(size);
  }
  return SQLITE_OK;
}
int mem_sync(sqlite3_file*, int) { return SQLITE_OK; }
int mem_size(sqlite3_file* f, sqlite3_int64* out) {
  *out = static_cast<sqlite3_int64>(mem(f).bytes.size());
  return SQLITE_OK;
}
int no_lock(sqlite3_file*, int) { return SQLITE_OK; }
int no_reserved(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int no_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int sector_4k(sqlite3_file*) { return 4096; }
int powersafe(sqlite3_file*) { return SQLITE_IOCAP_POWERSAFE_OVERWRITE; }

const sqlite3_io_methods kMemMethods = {
    1, mem_close, mem_read, mem_write, mem_truncate, mem_sync, mem_size, no_lock, no_lock,
    no_reserved, no_control, sector_4k, powersafe, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr};

int open_mem(sqlite3_file* f, int flags, int* out_flags) {
  auto* h = reinterpret_cast<MemHandle*>(f);
  h->s = new (std::nothrow) MemState;
  if (!h->s) return SQLITE_NOMEM;
  h->base.pMethods = &kMemMethods;
  if (out_flags) *out_flags = flags;
  return SQLITE_OK;
}

// ---- The file of a TempOutput, by its descriptor; nobody else can see it, so no locks ----

struct PosixHandle {
  sqlite3_file base;
  int fd;
};
int fd_of(sqlite3_file* f) { return reinterpret_cast<PosixHandle*>(f)->fd; }

int posix_close(sqlite3_file* f) {
  ::close(fd_of(f));
  return SQLITE_OK;
}
int posix_read(sqlite3_file* f, void* out, int n, sqlite3_int64 off) {
  auto* o = static_cast<uint8_t*>(out);
  int got = 0;
  while (got < n) {
    ssize_t r = ::pread(fd_of(f), o + got, n - got, off + got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return SQLITE_IOERR_READ;
    }
    if (r == 0) break;
    got += static_cast<int>(r);
  }
  if (got < n) {
    std::memset(o + got, 0, n - got);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}
int posix_write(sqlite3_file* f, const void* in, int n, sqlite3_int64 off) {
  auto* p = static_cast<const uint8_t*>(in);
  int done = 0;
  while (done < n) {
    ssize_t w = ::pwrite(fd_of(f), p + done, n - done, off + done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno == ENOSPC || errno == EDQUOT ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    }
    done += static_cast<int>(w);
  }
  return SQLITE_OK;
}
int posix_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return ::ftruncate(fd_of(f), size) == 0 ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
}
int posix_sync(sqlite3_file* f, int) {
  return ::fsync(fd_of(f)) == 0 ? SQLITE_OK : SQLITE_IOERR_FSYNC;
}
int posix_size(sqlite3_file* f, sqlite3_int64* out) {
  struct stat st {};
  if (::fstat(fd_of(f), &st) != 0) return SQLITE_IOERR_FSTAT;
  *out = st.st_size;
  return SQLITE_OK;
}

const sqlite3_io_methods kPosixMethods = {
    1, posix_close, posix_read, posix_write, posix_truncate, posix_sync, posix_size, no_lock,
    no_lock, no_reserved, no_control, sector_4k, powersafe, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr};

// ---- The "ebb-temp" VFS: TempOutputs by name, everything else in memory ----

std::mutex temp_mutex;
std::map<std::string, int>& temp_files() {
  static std::map<std::string, int> files;
  return files;
}

sqlite3_vfs* default_vfs() { return sqlite3_vfs_find(nullptr); }

int temp_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  f->pMethods = nullptr;
  if (!(flags & SQLITE_OPEN_MAIN_DB)) return open_mem(f, flags, out_flags);
  int fd = -1;
  {
    std::lock_guard<std::mutex> g(temp_mutex);
    auto it = name ? temp_files().find(name) : temp_files().end();
    if (it == temp_files().end()) return SQLITE_CANTOPEN;
    fd = ::fcntl(it->second, F_DUPFD_CLOEXEC, 0);
  }
  if (fd < 0) return SQLITE_CANTOPEN;
  auto* h = reinterpret_cast<PosixHandle*>(f);
  h->fd = fd;
  h->base.pMethods = &kPosixMethods;
  if (out_flags) *out_flags = flags;
  return SQLITE_OK;
}
int temp_delete(sqlite3_vfs*, const char*, int) { return SQLITE_OK; }
int temp_access(sqlite3_vfs*, const char*, int, int* out) {
  *out = 0;  // journals and WALs of copies live in memory: never one left to recover
  return SQLITE_OK;
}
int temp_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  if (static_cast<int>(std::strlen(name)) >= n) return SQLITE_CANTOPEN;
  std::strcpy(out, name);
  return SQLITE_OK;
}
int fwd_randomness(sqlite3_vfs*, int n, char* out) {
  return default_vfs()->xRandomness(default_vfs(), n, out);
}
int fwd_sleep(sqlite3_vfs*, int us) { return default_vfs()->xSleep(default_vfs(), us); }
int fwd_time(sqlite3_vfs*, double* out) {
  return default_vfs()->xCurrentTime(default_vfs(), out);
}
int fwd_last_error(sqlite3_vfs*, int n, char* out) {
  return default_vfs()->xGetLastError(default_vfs(), n, out);
}
int fwd_time64(sqlite3_vfs*, sqlite3_int64* out) {
  return default_vfs()->xCurrentTimeInt64(default_vfs(), out);
}

constexpr int kHandleSize = static_cast<int>(
    std::max({sizeof(MemHandle), sizeof(PosixHandle), sizeof(sqlite3_file) + sizeof(void*)}));

// A VFS of ours: its own files, the default VFS's clock, randomness and sleep.
using OpenFn = int (*)(sqlite3_vfs*, const char*, sqlite3_file*, int, int*);
using DeleteFn = int (*)(sqlite3_vfs*, const char*, int);
using AccessFn = int (*)(sqlite3_vfs*, const char*, int, int*);
using PathFn = int (*)(sqlite3_vfs*, const char*, int, char*);
sqlite3_vfs make_vfs(const char* name, int max_path, void* data, OpenFn open, DeleteFn del,
                     AccessFn access, PathFn full_path) {
  sqlite3_vfs v{};
  v.iVersion = 2;
  v.szOsFile = kHandleSize;
  v.mxPathname = max_path;
  v.zName = name;
  v.pAppData = data;
  v.xOpen = open;
  v.xDelete = del;
  v.xAccess = access;
  v.xFullPathname = full_path;
  v.xRandomness = fwd_randomness;
  v.xSleep = fwd_sleep;
  v.xCurrentTime = fwd_time;
  v.xGetLastError = fwd_last_error;
  v.xCurrentTimeInt64 = fwd_time64;
  return v;
}

sqlite3_vfs* temp_vfs() {
  static sqlite3_vfs vfs = make_vfs("ebb-temp", 512, nullptr, temp_open, temp_delete,
                                    temp_access, temp_full_pathname);
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_vfs_register(&vfs, 0); });
  return &vfs;
}

}  // namespace

const char* temp_vfs_name() { return temp_vfs()->zName; }

// ---- CryptVfs ----

struct CryptVfs::Impl {
  sqlite3_vfs vfs{};
  sqlite3_vfs* inner = nullptr;
  bool over_temp = false;
  std::string name;
  SecretBytes key, page_key;
  std::mutex mu;  // guards what follows
  CryptHeader header;
  std::string problem;

  void set_problem(std::string p) {
    std::lock_guard<std::mutex> g(mu);
    problem = std::move(p);
  }
};

namespace {

using Impl = CryptVfs::Impl;

// One open database or WAL file under a CryptVfs. Every read goes to the disk: other
// processes write the same files, and SQLite alone knows (from its locks and the WAL index)
// when what it read before is still current. The plain text of the last WAL frame read is
// kept (`last`) only for a write that follows that read directly: SQLite reads a frame,
// then writes its header with a new checksum.
struct CryptFile {
  Impl* vfs = nullptr;
  bool wal = false;
  std::string path;
  std::unique_ptr<uint8_t[]> inner_mem;
  sqlite3_file* inner = nullptr;
  uint32_t page = 0;          // SQLite page size, 0 while a new file has none
  bool fresh = false;         // a new file, its header not written yet
  std::vector<uint8_t> unit;  // a unit being sealed or opened
  // WAL only.
  std::vector<uint8_t> last;
  int64_t last_read = -1;  // the frame in `last`, while nothing was written since
  std::array<uint8_t, kWalHeader> wal_header{};  // as last read
  bool pending = false;  // a frame header waiting for its page
  int64_t pending_frame = -1;
  std::array<uint8_t, kFrameHeader> pending_header{};

  ~CryptFile() {
    for (auto* v : {&unit, &last})
      if (!v->empty()) sodium_memzero(v->data(), v->size());
  }
  int64_t frame_size() const { return kFrameHeader + page; }
  void size_buffers() {
    unit.assign(kFrameHeader + page, 0);
    last.assign(kFrameHeader + page, 0);
    last_read = -1;
  }
};

struct CryptHandle {
  sqlite3_file base;
  CryptFile* f;
};
CryptFile& cf(sqlite3_file* f) { return *reinterpret_cast<CryptHandle*>(f)->f; }

constexpr int kShort = -1;  // nothing there: the unit is at or past the end of the file

int refuse_io(CryptFile& f, int code, std::string problem) {
  f.vfs->set_problem(std::move(problem));
  return code;
}

// Reads n bytes at `off` of the file underneath: SQLITE_OK when all were there, kShort when
// none (at or past the end), SQLITE_IOERR_DATA when the file ends inside them.
int read_disk(CryptFile& f, uint8_t* buf, int n, int64_t off) {
  int rc = f.inner->pMethods->xRead(f.inner, buf, n, off);
  if (rc != SQLITE_IOERR_SHORT_READ) return rc;
  sqlite3_int64 size = 0;
  rc = f.inner->pMethods->xFileSize(f.inner, &size);
  if (rc != SQLITE_OK) return rc;
  return size <= off ? kShort : SQLITE_IOERR_DATA;
}

int write_disk(CryptFile& f, const uint8_t* buf, int n, int64_t off) {
  return f.inner->pMethods->xWrite(f.inner, buf, n, off);
}

// What one unit gives a read: `take` bytes from `data`, or zeros (data null); `missing`: the
// unit is past the end of the file. rc other than SQLITE_OK ends the read.
struct Piece {
  int rc = SQLITE_OK;
  const uint8_t* data = nullptr;
  int take = 0;
  bool missing = false;
};

// Serves a read of n bytes at `off` unit by unit: next(off, n) gives the piece at `off`.
template <class Next>
int serve_read(uint8_t* out, int n, int64_t off, Next next) {
  bool short_read = false;
  while (n > 0) {
    Piece p = next(off, n);
    if (p.rc != SQLITE_OK) return p.rc;
    if (p.data) std::memcpy(out, p.data, p.take);
    else std::memset(out, 0, p.take);
    short_read = short_read || p.missing;
    out += p.take;
    off += p.take;
    n -= p.take;
  }
  return short_read ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

// ---- The database file ----

int64_t page_offset(const CryptFile& f, int64_t pgno) {
  return static_cast<int64_t>(kPageHeaderSize) + (pgno - 1) * f.page;
}

// Page 1 holds SQLite's own header: its page size and reserved bytes must be the ones the
// seal relies on.
bool page_one_fits(const CryptFile& f, const uint8_t* p) {
  uint32_t size = (uint32_t{p[16]} << 8) | p[17];
  if (size == 1) size = 65536;
  return size == f.page && p[20] >= kUnitOverhead;
}

int load_page(CryptFile& f, int64_t pgno) {
  int rc = read_disk(f, f.unit.data(), f.page, page_offset(f, pgno));
  if (rc == SQLITE_IOERR_DATA)
    return refuse_io(f, rc, fmt::format("{} is cut short: it ends inside page {}", f.path, pgno));
  if (rc != SQLITE_OK) return rc;
  if (!open_unit(f.vfs->page_key, f.vfs->header.file_id, UnitKind::page,
                 static_cast<uint32_t>(pgno), f.unit.data(), f.page))
    return refuse_io(f, SQLITE_IOERR_DATA,
                     fmt::format("page {} of {} failed its authentication check: it was changed "
                                 "or damaged after ebb wrote it",
                                 pgno, f.path));
  // The reserved bytes, as SQLite wrote them: zero.
  std::memset(f.unit.data() + f.page - kUnitOverhead, 0, kUnitOverhead);
  if (pgno == 1 && !page_one_fits(f, f.unit.data()))
    return refuse_io(f, SQLITE_IOERR_DATA,
                     fmt::format("the SQLite header inside {} doesn't match its encryption "
                                 "header",
                                 f.path));
  return SQLITE_OK;
}

int db_read(CryptFile& f, uint8_t* out, int n, int64_t off) {
  if (f.page == 0 || f.fresh) {  // a new file, nothing written yet
    std::memset(out, 0, n);
    return SQLITE_IOERR_SHORT_READ;
  }
  return serve_read(out, n, off, [&](int64_t at, int left) {
    Piece p;
    int64_t pgno = at / f.page + 1;
    int64_t in_page = at % f.page;
    p.take = static_cast<int>(std::min<int64_t>(left, f.page - in_page));
    int rc = load_page(f, pgno);
    if (rc == kShort) {
      // SQLite reads past the end of a file it knows only when pages are missing.
      if (!f.fresh)
        f.vfs->set_problem(fmt::format("{} is cut short: it ends before page {}", f.path, pgno));
      p.missing = true;
    } else if (rc != SQLITE_OK) {
      p.rc = rc;
    } else {
      p.data = f.unit.data() + in_page;
    }
    return p;
  });
}

// A new file gets its header with its first page. Its page size is the VFS's (a copy has
// its source's), else the first page written tells it: then that must be page 1.
int start_new_file(CryptFile& f, const uint8_t* p, int n, int64_t off) {
  if (f.page == 0) {
    bool pow2 = n >= 512 && n <= 65536 && (n & (n - 1)) == 0;
    if (off != 0 || !pow2)
      return refuse_io(f, SQLITE_IOERR_WRITE,
                       fmt::format("SQLite began {} with {} bytes at offset {}, not page 1",
                                   f.path, n, off));
    f.page = static_cast<uint32_t>(n);
    if (!page_one_fits(f, p))
      return refuse_io(f, SQLITE_IOERR_WRITE,
                       "SQLite's pages have no room for the seal (too few reserved bytes)");
    f.size_buffers();
  }
  f.fresh = false;
  CryptHeader h;
  {
    std::lock_guard<std::mutex> g(f.vfs->mu);
    f.vfs->header.page_size = f.page;
    h = f.vfs->header;
  }
  auto bytes = format_page_header(h, f.vfs->key);
  return write_disk(f, bytes.data(), static_cast<int>(bytes.size()), 0);
}

int db_write(CryptFile& f, const uint8_t* p, int n, int64_t off) {
  if (f.fresh) {
    int rc = start_new_file(f, p, n, off);
    if (rc != SQLITE_OK) return rc;
  }
  if (n != static_cast<int>(f.page) || off % f.page != 0)
    return refuse_io(f, SQLITE_IOERR_WRITE,
                     fmt::format("SQLite wrote {} bytes at offset {} of {}, not a whole page",
                                 n, off, f.path));
  if (!all_zero(p + f.page - kUnitOverhead, kUnitOverhead))
    return refuse_io(f, SQLITE_IOERR_WRITE,
                     "SQLite wrote into the bytes each page keeps for the seal");
  int64_t pgno = off / f.page + 1;
  if (pgno == 1 && !page_one_fits(f, p))
    return refuse_io(f, SQLITE_IOERR_WRITE,
                     "SQLite's pages have no room for the seal (too few reserved bytes)");
  std::memcpy(f.unit.data(), p, f.page);
  seal_unit(f.vfs->page_key, f.vfs->header.file_id, UnitKind::page, static_cast<uint32_t>(pgno),
            f.unit.data(), f.page - kUnitOverhead);
  return write_disk(f, f.unit.data(), f.page, page_offset(f, pgno));
}

// ---- The WAL ----

int64_t frame_offset(const CryptFile& f, int64_t i) { return kWalHeaderOnDisk + i * f.frame_size(); }

int load_wal_header(CryptFile& f) {
  uint8_t buf[kWalHeaderOnDisk];
  int rc = read_disk(f, buf, sizeof buf, 0);
  // A header cut short is one whose first write never finished: the WAL holds nothing yet.
  if (rc == kShort || rc == SQLITE_IOERR_DATA) return kShort;
  if (rc != SQLITE_OK) return rc;
  if (!open_unit(f.vfs->page_key, f.vfs->header.file_id, UnitKind::wal_header, 0, buf,
                 sizeof buf))
    return refuse_io(f, SQLITE_IOERR_DATA,
                     fmt::format("the header of {} failed its authentication check: it was "
                                 "changed or damaged after ebb wrote it, or belongs to another "
                                 "database",
                                 f.path));
  std::memcpy(f.wal_header.data(), buf, kWalHeader);
  return SQLITE_OK;
}

// Opens frame i of the WAL into `buf` (frame_size() bytes): kShort, SQLITE_OK, or
// SQLITE_IOERR_DATA when it is cut or fails its check.
int open_frame(CryptFile& f, int64_t i, uint8_t* buf) {
  int rc = read_disk(f, buf, static_cast<int>(f.frame_size()), frame_offset(f, i));
  if (rc != SQLITE_OK) return rc;
  if (!open_unit(f.vfs->page_key, f.vfs->header.file_id, UnitKind::frame,
                 static_cast<uint32_t>(i), buf, f.frame_size()))
    return SQLITE_IOERR_DATA;
  std::memset(buf + f.frame_size() - kUnitOverhead, 0, kUnitOverhead);
  return SQLITE_OK;
}

// SQLite's WAL checksum (wal.c, walChecksumBytes) over n bytes, continuing from s.
void wal_checksum(bool native, const uint8_t* p, size_t n, uint32_t s[2]) {
  for (size_t k = 0; k + 8 <= n; k += 8) {
    uint32_t x0, x1;
    std::memcpy(&x0, p + k, 4);
    std::memcpy(&x1, p + k + 4, 4);
    if (!native) {
      x0 = __builtin_bswap32(x0);
      x1 = __builtin_bswap32(x1);
    }
    s[0] += x0 + s[1];
    s[1] += x1 + s[0];
  }
}

// A frame that does not open may be the last write before a crash: SQLite syncs the WAL at
// every commit, so only frames after the last synced commit can be torn, and SQLite ends the
// log at the first bad frame as it would after a crash. It cannot be torn when a commit after
// it was followed by a frame chained to that commit: the next transaction started only once
// the commit was on the disk, and frame i with it. Then it was changed or damaged.
bool may_be_torn(CryptFile& f, int64_t i) {
  if (load_wal_header(f) != SQLITE_OK) return true;
  sqlite3_int64 size = 0;
  if (f.inner->pMethods->xFileSize(f.inner, &size) != SQLITE_OK) return true;
  int64_t frames = (size - kWalHeaderOnDisk) / f.frame_size();
  const uint8_t* salts = f.wal_header.data() + 16;
  bool native = (get_be32(f.wal_header.data()) & 1) == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
  std::vector<uint8_t> a(f.frame_size()), b(f.frame_size());
  for (int64_t c = i + 1; c + 1 < frames; ++c) {
    if (open_frame(f, c, a.data()) != SQLITE_OK || std::memcmp(a.data() + 8, salts, 8) != 0 ||
        get_be32(a.data() + 4) == 0)
      continue;
    // Frame c is a commit of this WAL's generation. Does the next one chain to it?
    bool chained = false;
    if (open_frame(f, c + 1, b.data()) == SQLITE_OK && std::memcmp(b.data() + 8, salts, 8) == 0) {
      uint32_t s[2] = {get_be32(a.data() + 16), get_be32(a.data() + 20)};
      wal_checksum(native, b.data(), 8, s);
      wal_checksum(native, b.data() + kFrameHeader, f.page, s);
      chained = s[0] == get_be32(b.data() + 16) && s[1] == get_be32(b.data() + 20);
    }
    sodium_memzero(a.data(), a.size());
    sodium_memzero(b.data(), b.size());
    return !chained;
  }
  sodium_memzero(a.data(), a.size());
  return true;
}

// Frame i into `last`. `lenient`: SQLite reads whole frames when it recovers the WAL, and
// a frame torn by a crash must then read as invalid (zeros) so that SQLite ends the log there;
// *zeros says so.
int load_frame(CryptFile& f, int64_t i, bool lenient, bool* zeros) {
  *zeros = false;
  f.last_read = -1;
  int rc = open_frame(f, i, f.last.data());
  if (rc == SQLITE_IOERR_DATA) {
    if (lenient && may_be_torn(f, i)) {
      *zeros = true;
      return SQLITE_OK;
    }
    return refuse_io(f, rc,
                     fmt::format("frame {} of {} failed its authentication check, and later "
                                 "changes build on it: it was changed or damaged after ebb wrote "
                                 "it",
                                 i + 1, f.path));
  }
  if (rc != SQLITE_OK) return rc;
  f.last_read = i;
  return SQLITE_OK;
}

int seal_frame(CryptFile& f, int64_t i) {  // f.unit holds the plain frame
  seal_unit(f.vfs->page_key, f.vfs->header.file_id, UnitKind::frame, static_cast<uint32_t>(i),
            f.unit.data(), f.frame_size() - kUnitOverhead);
  return write_disk(f, f.unit.data(), static_cast<int>(f.frame_size()), frame_offset(f, i));
}

// A frame header written alone goes with the frame's page, on disk already (SQLite rewrites
// checksums) or coming next (a new frame: header, then page). `f.last` holds frame i.
int write_frame_header(CryptFile& f, int64_t i, const uint8_t* header) {
  std::memcpy(f.unit.data(), header, kFrameHeader);
  std::memcpy(f.unit.data() + kFrameHeader, f.last.data() + kFrameHeader,
              f.frame_size() - kFrameHeader - kUnitOverhead);
  f.last_read = -1;
  return seal_frame(f, i);
}

int flush_pending(CryptFile& f) {
  if (!f.pending) return SQLITE_OK;
  f.pending = false;
  bool zeros = false;
  if (load_frame(f, f.pending_frame, false, &zeros) != SQLITE_OK)
    return refuse_io(f, SQLITE_IOERR_WRITE,
                     fmt::format("SQLite wrote the header of frame {} of {} without its page",
                                 f.pending_frame + 1, f.path));
  return write_frame_header(f, f.pending_frame, f.pending_header.data());
}

// The page size of a WAL: its database's, or from the WAL's own header.
bool wal_page_size(CryptFile& f) {
  if (f.page) return true;
  {
    std::lock_guard<std::mutex> g(f.vfs->mu);
    f.page = f.vfs->header.page_size;
  }
  if (!f.page && load_wal_header(f) == SQLITE_OK) f.page = get_be32(f.wal_header.data() + 8);
  if (f.page) f.size_buffers();
  return f.page != 0;
}

int wal_read(CryptFile& f, uint8_t* out, int n, int64_t off) {
  int rc = flush_pending(f);
  if (rc != SQLITE_OK) return rc;
  const bool whole_frame = f.page && off >= kWalHeader &&
                           (off - kWalHeader) % f.frame_size() == 0 && n == f.frame_size();
  return serve_read(out, n, off, [&](int64_t at, int left) {
    Piece p;
    if (at < kWalHeader) {
      p.take = static_cast<int>(std::min<int64_t>(left, kWalHeader - at));
      int rc = load_wal_header(f);
      if (rc == kShort) p.missing = true;
      else if (rc != SQLITE_OK) p.rc = rc;
      else p.data = f.wal_header.data() + at;
    } else if (!wal_page_size(f)) {
      p.take = left;
      p.missing = true;
    } else {
      int64_t i = (at - kWalHeader) / f.frame_size();
      int64_t in_frame = (at - kWalHeader) % f.frame_size();
      p.take = static_cast<int>(std::min<int64_t>(left, f.frame_size() - in_frame));
      bool zeros = false;
      int rc = load_frame(f, i, whole_frame, &zeros);
      if (rc == kShort) p.missing = true;
      else if (rc != SQLITE_OK) p.rc = rc;
      else if (!zeros) p.data = f.last.data() + in_frame;
    }
    return p;
  });
}

int wal_write(CryptFile& f, const uint8_t* p, int n, int64_t off) {
  if (off == 0 && n == kWalHeader) {
    int rc = flush_pending(f);
    if (rc != SQLITE_OK) return rc;
    f.last_read = -1;
    if (!f.page) {
      f.page = get_be32(p + 8);
      bool pow2 = f.page >= 512 && f.page <= 65536 && (f.page & (f.page - 1)) == 0;
      if (!pow2) {
        f.page = 0;
        return refuse_io(f, SQLITE_IOERR_WRITE, "SQLite began a WAL without a page size");
      }
      f.size_buffers();
    }
    uint8_t buf[kWalHeaderOnDisk];
    std::memcpy(buf, p, kWalHeader);
    seal_unit(f.vfs->page_key, f.vfs->header.file_id, UnitKind::wal_header, 0, buf, kWalHeader);
    return write_disk(f, buf, sizeof buf, 0);
  }
  if (!wal_page_size(f) || off < kWalHeader)
    return refuse_io(f, SQLITE_IOERR_WRITE,
                     fmt::format("SQLite wrote {} bytes at offset {} of {}, a shape ebb doesn't "
                                 "know",
                                 n, off, f.path));
  int64_t i = (off - kWalHeader) / f.frame_size();
  int64_t in_frame = (off - kWalHeader) % f.frame_size();
  if (in_frame == 0 && n == kFrameHeader) {
    if (f.pending && f.pending_frame != i) {
      int rc = flush_pending(f);
      if (rc != SQLITE_OK) return rc;
    }
    if (f.last_read == i) return write_frame_header(f, i, p);  // right after SQLite read it
    f.last_read = -1;
    f.pending = true;
    f.pending_frame = i;
    std::memcpy(f.pending_header.data(), p, kFrameHeader);
    return SQLITE_OK;
  }
  if (in_frame == kFrameHeader && n == static_cast<int>(f.page)) {
    if (!all_zero(p + f.page - kUnitOverhead, kUnitOverhead))
      return refuse_io(f, SQLITE_IOERR_WRITE,
                       "SQLite wrote into the bytes each page keeps for the seal");
    std::array<uint8_t, kFrameHeader> header{};
    if (f.pending && f.pending_frame == i) {
      header = f.pending_header;
      f.pending = false;
    } else {
      // The page of a frame this transaction wrote before (SQLite rewrites it in place): its
      // header is on the disk, and only this writer writes the WAL now.
      int rc = flush_pending(f);
      if (rc != SQLITE_OK) return rc;
      bool zeros = false;
      if (load_frame(f, i, false, &zeros) != SQLITE_OK)
        return refuse_io(f, SQLITE_IOERR_WRITE,
                         fmt::format("SQLite wrote the page of frame {} of {} without its header",
                                     i + 1, f.path));
      std::memcpy(header.data(), f.last.data(), kFrameHeader);
    }
    f.last_read = -1;
    std::memcpy(f.unit.data(), header.data(), kFrameHeader);
    std::memcpy(f.unit.data() + kFrameHeader, p, f.page - kUnitOverhead);
    return seal_frame(f, i);
  }
  return refuse_io(f, SQLITE_IOERR_WRITE,
                   fmt::format("SQLite wrote {} bytes at offset {} of {}, a shape ebb doesn't know",
                               n, off, f.path));
}

// ---- The io methods ----

int crypt_close(sqlite3_file* h) {
  auto* handle = reinterpret_cast<CryptHandle*>(h);
  CryptFile* f = handle->f;
  int rc = SQLITE_OK;
  if (f->inner && f->inner->pMethods) rc = f->inner->pMethods->xClose(f->inner);
  delete f;
  handle->f = nullptr;
  return rc;
}

int crypt_read(sqlite3_file* h, void* out, int n, sqlite3_int64 off) {
  CryptFile& f = cf(h);
  auto* o = static_cast<uint8_t*>(out);
  return f.wal ? wal_read(f, o, n, off) : db_read(f, o, n, off);
}

int crypt_write(sqlite3_file* h, const void* in, int n, sqlite3_int64 off) {
  CryptFile& f = cf(h);
  auto* p = static_cast<const uint8_t*>(in);
  return f.wal ? wal_write(f, p, n, off) : db_write(f, p, n, off);
}

int crypt_truncate(sqlite3_file* h, sqlite3_int64 size) {
  CryptFile& f = cf(h);
  if (f.wal) {
    int rc = flush_pending(f);
    if (rc != SQLITE_OK) return rc;
    f.last_read = -1;
    return f.inner->pMethods->xTruncate(f.inner, size == 0 ? 0 : size + kUnitOverhead);
  }
  if (f.page == 0 || f.fresh) return SQLITE_OK;  // nothing written yet
  return f.inner->pMethods->xTruncate(f.inner, size + kPageHeaderSize);
}

int crypt_sync(sqlite3_file* h, int flags) {
  CryptFile& f = cf(h);
  int rc = flush_pending(f);
  if (rc != SQLITE_OK) return rc;
  return f.inner->pMethods->xSync(f.inner, flags);
}

int crypt_size(sqlite3_file* h, sqlite3_int64* out) {
  CryptFile& f = cf(h);
  sqlite3_int64 size = 0;
  int rc = f.inner->pMethods->xFileSize(f.inner, &size);
  if (rc != SQLITE_OK) return rc;
  int64_t extra = f.wal ? kWalHeaderOnDisk : static_cast<int64_t>(kPageHeaderSize);
  *out = size < extra ? 0 : size - (f.wal ? kUnitOverhead : kPageHeaderSize);
  return SQLITE_OK;
}

int crypt_lock(sqlite3_file* h, int l) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xLock(f.inner, l);
}
int crypt_unlock(sqlite3_file* h, int l) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xUnlock(f.inner, l);
}
int crypt_reserved(sqlite3_file* h, int* out) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xCheckReservedLock(f.inner, out);
}

int crypt_control(sqlite3_file* h, int op, void* arg) {
  CryptFile& f = cf(h);
  switch (op) {
    case kFcntlProblem: {
      std::lock_guard<std::mutex> g(f.vfs->mu);
      *static_cast<std::string*>(arg) = f.vfs->problem;
      return SQLITE_OK;
    }
    case SQLITE_FCNTL_SIZE_HINT: {
      sqlite3_int64 hint = *static_cast<sqlite3_int64*>(arg) +
                           (f.wal ? kUnitOverhead : static_cast<int64_t>(kPageHeaderSize));
      return f.inner->pMethods->xFileControl(f.inner, op, &hint);
    }
    case SQLITE_FCNTL_MMAP_SIZE:  // memory-mapped reads would bypass the seal
      *static_cast<sqlite3_int64*>(arg) = 0;
      return SQLITE_OK;
    default:
      return f.inner->pMethods->xFileControl(f.inner, op, arg);
  }
}

int crypt_sector(sqlite3_file* h) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xSectorSize(f.inner);
}

int crypt_device(sqlite3_file* h) {
  CryptFile& f = cf(h);
  // Every unit is written whole, and never in pieces: no atomic-write shortcuts, and no WAL
  // padding (which splits a frame at a sector boundary).
  int d = f.inner->pMethods->xDeviceCharacteristics(f.inner);
  d &= ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 | SQLITE_IOCAP_ATOMIC1K |
         SQLITE_IOCAP_ATOMIC2K | SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K |
         SQLITE_IOCAP_ATOMIC16K | SQLITE_IOCAP_ATOMIC32K | SQLITE_IOCAP_ATOMIC64K |
         SQLITE_IOCAP_BATCH_ATOMIC);
  return d | SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

int crypt_shm_map(sqlite3_file* h, int region, int size, int extend, void volatile** out) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xShmMap(f.inner, region, size, extend, out);
}
int crypt_shm_lock(sqlite3_file* h, int offset, int n, int flags) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xShmLock(f.inner, offset, n, flags);
}
void crypt_shm_barrier(sqlite3_file* h) {
  CryptFile& f = cf(h);
  f.inner->pMethods->xShmBarrier(f.inner);
}
int crypt_shm_unmap(sqlite3_file* h, int del) {
  CryptFile& f = cf(h);
  return f.inner->pMethods->xShmUnmap(f.inner, del);
}
int crypt_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;  // no memory-mapped pages: SQLite reads them through crypt_read
  return SQLITE_OK;
}
int crypt_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

// Over the default VFS, with its shared memory for the WAL index; over a TempOutput without
// (SQLite then keeps the WAL index in memory, with locking_mode = EXCLUSIVE).
const sqlite3_io_methods kCryptMethods = {
    3, crypt_close, crypt_read, crypt_write, crypt_truncate, crypt_sync, crypt_size, crypt_lock,
    crypt_unlock, crypt_reserved, crypt_control, crypt_sector, crypt_device, crypt_shm_map,
    crypt_shm_lock, crypt_shm_barrier, crypt_shm_unmap, crypt_fetch, crypt_unfetch};
const sqlite3_io_methods kCryptMethodsNoShm = {
    1, crypt_close, crypt_read, crypt_write, crypt_truncate, crypt_sync, crypt_size, crypt_lock,
    crypt_unlock, crypt_reserved, crypt_control, crypt_sector, crypt_device, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr};

// A database file: an existing one must carry this VFS's header (the file the key was
// checked against, not one put in its place since), unchanged (its MAC).
int check_db_header(CryptFile& f) {
  sqlite3_int64 size = 0;
  int rc = f.inner->pMethods->xFileSize(f.inner, &size);
  if (rc != SQLITE_OK) return rc;
  CryptHeader want;
  {
    std::lock_guard<std::mutex> g(f.vfs->mu);
    want = f.vfs->header;
  }
  if (size == 0) {
    // A new file is a copy being made; a file of the database found empty was replaced.
    if (!f.vfs->over_temp) return refuse_io(f, SQLITE_NOTADB, fmt::format("{} is empty", f.path));
    f.fresh = true;
    f.page = want.page_size;
    if (f.page) f.size_buffers();
    return SQLITE_OK;
  }
  std::vector<uint8_t> bytes(kPageHeaderSize);
  rc = read_disk(f, bytes.data(), static_cast<int>(bytes.size()), 0);
  if (rc == kShort || rc == SQLITE_IOERR_DATA)
    return refuse_io(f, SQLITE_NOTADB,
                     fmt::format("{} is cut short: its header is incomplete", f.path));
  if (rc != SQLITE_OK) return rc;
  CryptHeader got;
  std::string err;
  if (!parse_header(bytes, &got, &err) || got.version != 2)
    return refuse_io(f, SQLITE_NOTADB, fmt::format("{}: {}", f.path, err));
  if (got.file_id != want.file_id)
    return refuse_io(f, SQLITE_NOTADB,
                     fmt::format("{} was replaced by another file while ebb had it open",
                                 f.path));
  if (!header_mac_matches(bytes, f.vfs->key))
    return refuse_io(f, SQLITE_NOTADB,
                     fmt::format("the header of {} failed its authentication check: it was "
                                 "changed after ebb wrote it",
                                 f.path));
  f.page = got.page_size;
  {
    std::lock_guard<std::mutex> g(f.vfs->mu);
    f.vfs->header.page_size = f.page;
  }
  f.size_buffers();
  // Noted, not refused: after a crash while SQLite folded the WAL in, the WAL still holds the
  // page, and reads of it come from there. A read of it from the file is refused.
  int64_t body = size - static_cast<int64_t>(kPageHeaderSize);
  if (body % f.page)
    f.vfs->set_problem(fmt::format("{} is cut short: it ends inside page {}", f.path,
                                   body / f.page + 1));
  return SQLITE_OK;
}

int crypt_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* h, int flags, int* out_flags) {
  auto* impl = static_cast<Impl*>(vfs->pAppData);
  h->pMethods = nullptr;
  bool db = flags & SQLITE_OPEN_MAIN_DB, wal = flags & SQLITE_OPEN_WAL;
  if (!db && !wal) {
    if ((flags & SQLITE_OPEN_MAIN_JOURNAL) && !impl->over_temp) {
      impl->set_problem(fmt::format("SQLite asked for a rollback journal for {}, and ebb keeps "
                                    "encrypted databases in WAL mode only",
                                    name ? name : "the database"));
      return SQLITE_CANTOPEN;
    }
    return open_mem(h, flags, out_flags);  // temp files, and the journal of a copy
  }
  auto f = std::make_unique<CryptFile>();
  f->vfs = impl;
  f->wal = wal;
  f->path = name ? name : "the database";
  f->inner_mem.reset(new (std::nothrow) uint8_t[impl->inner->szOsFile]());
  if (!f->inner_mem) return SQLITE_NOMEM;
  f->inner = reinterpret_cast<sqlite3_file*>(f->inner_mem.get());
  int rc = impl->inner->xOpen(impl->inner, name, f->inner, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (f->inner->pMethods) f->inner->pMethods->xClose(f->inner);
    return rc;
  }
  if (db) rc = check_db_header(*f);
  if (rc != SQLITE_OK) {
    f->inner->pMethods->xClose(f->inner);
    return rc;
  }
  if (wal) wal_page_size(*f);
  auto* handle = reinterpret_cast<CryptHandle*>(h);
  handle->f = f.release();
  h->pMethods = impl->inner->iVersion >= 2 && handle->f->inner->pMethods->iVersion >= 2
                    ? &kCryptMethods
                    : &kCryptMethodsNoShm;
  return SQLITE_OK;
}

Impl* impl_of(sqlite3_vfs* v) { return static_cast<Impl*>(v->pAppData); }
int crypt_delete(sqlite3_vfs* v, const char* name, int sync) {
  auto* in = impl_of(v)->inner;
  return in->xDelete(in, name, sync);
}
int crypt_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
  auto* in = impl_of(v)->inner;
  return in->xAccess(in, name, flags, out);
}
int crypt_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  auto* in = impl_of(v)->inner;
  return in->xFullPathname(in, name, n, out);
}

std::atomic<unsigned> vfs_count{0};

}  // namespace

CryptVfs::CryptVfs(const CryptHeader& h, const SecretBytes& key, bool over_temp)
    : impl_(std::make_unique<Impl>()) {
  if (!crypt_init()) throw Error(kExitInternal, "libsodium could not start.");
  Impl& i = *impl_;
  i.inner = over_temp ? temp_vfs() : default_vfs();
  i.over_temp = over_temp;
  i.header = h;
  i.key = key.clone();
  i.page_key = page_key_of(key);
  i.name = fmt::format("ebb-crypt-{}", ++vfs_count);
  i.vfs = make_vfs(i.name.c_str(), i.inner->mxPathname, &i, crypt_open, crypt_delete,
                   crypt_access, crypt_full_pathname);
  if (sqlite3_vfs_register(&i.vfs, 0) != SQLITE_OK)
    throw Error(kExitInternal, "Couldn't set up the encrypted file layer.");
}

CryptVfs::~CryptVfs() { sqlite3_vfs_unregister(&impl_->vfs); }

const char* CryptVfs::name() const { return impl_->name.c_str(); }

CryptHeader CryptVfs::header() const {
  std::lock_guard<std::mutex> g(impl_->mu);
  return impl_->header;
}

const SecretBytes& CryptVfs::key() const { return impl_->key; }

std::string CryptVfs::problem() const {
  std::lock_guard<std::mutex> g(impl_->mu);
  return impl_->problem;
}

std::optional<std::string> crypt_problem(sqlite3* db) {
  std::string problem;
  if (sqlite3_file_control(db, "main", kFcntlProblem, &problem) != SQLITE_OK) return std::nullopt;
  return problem;
}

std::optional<std::string> crypt_damage(sqlite3* db) {
  int code = sqlite3_extended_errcode(db);
  if (code != SQLITE_IOERR_DATA && (code & 0xff) != SQLITE_CORRUPT && (code & 0xff) != SQLITE_NOTADB)
    return std::nullopt;
  auto problem = crypt_problem(db);
  if (!problem) return std::nullopt;
  if (!problem->empty()) return problem;
  // Every page read opened and checked out, yet the structure is broken: pages are missing
  // (the file was cut at a page boundary) or older pages were put back.
  const char* file = sqlite3_db_filename(db, "main");
  return fmt::format("{} is damaged or cut short: its pages check out, but SQLite finds their "
                     "structure broken ({})",
                     file && *file ? file : "the file", sqlite3_errstr(code));
}

// ---- TempOutput ----

namespace {

std::atomic<unsigned> temp_count{0};

[[noreturn]] void fail_temp(const std::string& what, const std::string& where, int e) {
  throw Error(kExitInternal, fmt::format("Couldn't {} in {}: {}.", what, where, std::strerror(e)));
}

std::string random_suffix() {
  static constexpr char kChars[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s(6, 'x');
  for (auto& c : s) c = kChars[randombytes_uniform(sizeof kChars - 1)];
  return s;
}

void sync_folder(const std::string& dir) {
  int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d >= 0) {
    ::fsync(d);
    ::close(d);
  }
}

std::string proc_fd(int fd) { return fmt::format("/proc/self/fd/{}", fd); }

}  // namespace

TempOutput::TempOutput(const std::string& beside, bool unnamed) {
  crypt_init();
  std::filesystem::path p(beside);
  dir_ = p.parent_path().empty() ? "." : p.parent_path().string();
  base_ = p.filename().string();
  // An unnamed file vanishes with the process, whatever stops it; publishing it needs /proc.
  if (unnamed) fd_ = ::open(dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ >= 0 && ::access(proc_fd(fd_).c_str(), F_OK) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) {
    std::string tmpl = link_name();
    tmpl.replace(tmpl.size() - 6, 6, "XXXXXX");
    fd_ = ::mkstemp(tmpl.data());  // 0600
    if (fd_ < 0) fail_temp("make a file for the copy", dir_, errno);
    ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
    named_ = tmpl;
  }
  name_ = fmt::format("/ebb-temp/{}/{}", ::getpid(), ++temp_count);
  std::lock_guard<std::mutex> g(temp_mutex);
  temp_files()[name_] = fd_;
}

TempOutput::~TempOutput() {
  {
    std::lock_guard<std::mutex> g(temp_mutex);
    temp_files().erase(name_);
  }
  if (fd_ >= 0) ::close(fd_);
  if (!published_ && !named_.empty()) ::unlink(named_.c_str());
}

std::string TempOutput::link_name() const {
  return (std::filesystem::path(dir_) / ("." + base_ + ".ebb-tmp-" + random_suffix())).string();
}

void TempOutput::sync() {
  if (::fsync(fd_) != 0) fail_temp("write the copy to the disk", dir_, errno);
}

void TempOutput::publish_over(const std::string& target) {
  sync();
  std::string from = named_;
  if (from.empty()) {
    for (int tries = 0;; ++tries) {
      from = link_name();
      if (::linkat(AT_FDCWD, proc_fd(fd_).c_str(), AT_FDCWD, from.c_str(), AT_SYMLINK_FOLLOW) ==
          0)
        break;
      if (errno != EEXIST || tries > 20) fail_temp("name the copy", dir_, errno);
    }
    named_ = from;  // unlinked by the destructor should the rename fail
  }
  if (::rename(from.c_str(), target.c_str()) != 0) fail_temp("put the copy in place", dir_, errno);
  published_ = true;
  sync_folder(dir_);
}

bool TempOutput::publish_as_new(const std::string& target) {
  sync();
  int rc = named_.empty() ? ::linkat(AT_FDCWD, proc_fd(fd_).c_str(), AT_FDCWD, target.c_str(),
                                     AT_SYMLINK_FOLLOW)
                          : ::link(named_.c_str(), target.c_str());
  if (rc != 0) {
    if (errno == EEXIST) return false;
    fail_temp("name the copy", std::filesystem::path(target).parent_path().string(), errno);
  }
  // Not published_: the destructor removes the hidden name; the new one stays.
  std::string dir = std::filesystem::path(target).parent_path().string();
  sync_folder(dir.empty() ? "." : dir);
  return true;
}

std::vector<std::string> stale_temp_files(const std::string& db_path) {
  std::filesystem::path p(db_path);
  std::string dir = p.parent_path().empty() ? "." : p.parent_path().string();
  std::string base = p.filename().string();
  std::string ours = "." + base + ".ebb-tmp-", old = "." + base + ".";
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    std::string full = (std::filesystem::path(dir) / name).string();
    if (name.rfind(ours, 0) == 0) {
      out.push_back(full);
      continue;
    }
    // Older ebbs saved through ".NAME.XXXXXX" (mkstemp): only such a file holding a database.
    if (name.size() != old.size() + 6 || name.rfind(old, 0) != 0) continue;
    int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    uint8_t head[16] = {};
    ssize_t n = ::read(fd, head, sizeof head);
    ::close(fd);
    if (n == 16 && (looks_encrypted(head) || std::memcmp(head, "SQLite format 3", 16) == 0))
      out.push_back(full);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ebb
