#include <doctest/doctest.h>

#include "test_support.hpp"
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "ebb/store/crypt.hpp"
#include "ebb/store/crypt_vfs.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/store/keys.hpp"
#include "ebb/store/store.hpp"
#include "ebb/store/vault.hpp"

using namespace ebb;
using ebb::test::TempDir;
namespace fs = std::filesystem;

namespace {

Entry mood(int score, int64_t t, const std::string& note) {
  Entry e;
  e.kind = Kind::mood;
  e.at = Instant{std::chrono::seconds{t}};
  e.zone = "UTC";
  e.score = score;
  e.note = note;
  return e;
}

std::string contents(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void put(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

void flip(const fs::path& p, size_t offset) {
  std::string b = contents(p);
  REQUIRE(offset < b.size());
  b[offset] = static_cast<char>(b[offset] ^ 0x10);
  put(p, b);
}

Instant now() { return Instant{std::chrono::seconds{1'800'000'000}}; }

KeySource key_file(const std::string& path) {
  KeySource k;
  k.key_file = path;
  return k;
}

// A database encrypted with a new key file, holding `n` moods with notes "note-<i>".
struct Encrypted {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  std::string key_path = (dir.path / "key").string();
  KeySource keys = key_file(key_path);
  explicit Encrypted(int n = 3) {
    auto s = Store::open(db);
    for (int i = 0; i < n; ++i) {
      Entry e = mood(5, 1'700'000'000 + i, "note-" + std::to_string(i));
      s->add(e, now());
    }
    s->encrypt(new_key_file_header(), create_key_file(key_path));
  }
};

// How an open through `vfs` and a full integrity check of the file went: SQLite's verdict,
// or the error and what the VFS found.
struct Checked {
  bool ok = false;
  int code = SQLITE_OK;
  std::string verdict, problem;
};
Checked check_through(const std::string& path, const CryptVfs& vfs) {
  Checked out;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, vfs.name());
  if (rc == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
      out.verdict = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
  }
  out.code = rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db);
  out.problem = vfs.problem();
  out.ok = rc == SQLITE_OK && out.verdict == "ok";
  sqlite3_close(db);
  return out;
}

CryptHeader header_of(const std::string& path) {
  std::string head = read_header_bytes(path);
  CryptHeader h;
  std::string err;
  REQUIRE(parse_header({reinterpret_cast<const uint8_t*>(head.data()), head.size()}, &h, &err));
  return h;
}

// All the bytes of every file in `dir`.
std::string all_files(const fs::path& dir) {
  std::string out;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file()) out += contents(f.path());
  return out;
}

int expect_exit(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.exit_code();
  }
  return 0;
}

}  // namespace

TEST_CASE("encrypted store: encrypt, reopen with the key, writes from two stores both kept") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  std::string key_path = (dir.path / "key").string();
  {
    auto s = Store::open(db);
    Entry e = mood(6, 1'700'000'000, "violet-heron-2231");
    s->add(e, now());
    CHECK_FALSE(s->encrypted());
    s->encrypt(new_key_file_header(), create_key_file(key_path));
    CHECK(s->encrypted());
    // The same store keeps working, and saves encrypted.
    Entry e2 = mood(3, 1'700'000'100, "second-note-8812");
    s->add(e2, now());
    // While it is open the WAL holds the change: sealed too.
    CHECK(all_files(dir.path).find("second-note-8812") == std::string::npos);
  }
  std::string bytes = contents(db);
  CHECK(bytes.substr(0, 8) == "EBBCRYPT");
  CHECK(bytes[8] == 2);
  CHECK(all_files(dir.path).find("violet-heron-2231") == std::string::npos);
  CHECK(all_files(dir.path).find("second-note-8812") == std::string::npos);
  CHECK(bytes.find("SQLite format 3") == std::string::npos);
  CHECK_FALSE(fs::exists(db + "-wal"));
  struct stat st {};
  REQUIRE(::stat(db.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  KeySource keys = key_file(key_path);

  SUBCASE("no key source, or a wrong key: exit 3, file unchanged") {
    CHECK(expect_exit([&] { Store::open(db); }) == kExitData);
    std::string other = (dir.path / "other").string();
    create_key_file(other);
    KeySource wrong = key_file(other);
    try {
      Store::open(db, &wrong);
      FAIL("opened with a wrong key");
    } catch (const Error& err) {
      CHECK(err.exit_code() == kExitData);
      CHECK(std::string(err.what()).find("doesn't open") != std::string::npos);
    }
    CHECK(contents(db) == bytes);
  }

  SUBCASE("two stores open at once: each sees the other's writes, nothing lost") {
    auto a = Store::open(db, &keys);
    auto b = Store::open(db, &keys);
    Entry ea = mood(5, 1'700'000'200, "from-a");
    a->add(ea, now());
    Entry eb = mood(4, 1'700'000'300, "from-b");
    b->add(eb, now());
    Entry ea2 = mood(7, 1'700'000'400, "from-a-again");
    a->add(ea2, now());
    auto c = Store::open(db, &keys);
    CHECK(c->count(Kind::mood) == 5);
    std::string err;
    CHECK(c->find(ea.id, &err));
    CHECK(c->find(eb.id, &err));
    CHECK(c->find(ea2.id, &err));
    CHECK(all_files(dir.path).find("from-a-again") == std::string::npos);
  }

  SUBCASE("re-key to a passphrase, then decrypt back to plain SQLite") {
    auto s = Store::open(db, &keys);
    CryptHeader h = new_passphrase_header({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
    SecretBytes k;
    std::string err;
    std::string pass = "river stone";
    REQUIRE(derive_key({reinterpret_cast<const uint8_t*>(pass.data()), pass.size()}, h, &k, &err));
    SecretBytes again = k.clone();
    s->encrypt(h, std::move(k));
    CHECK(contents(db).substr(0, 8) == "EBBCRYPT");
    CHECK(contents(db)[9] == 1);  // passphrase kind
    CHECK(expect_exit([&] { Store::open(db, &keys); }) == kExitData);
    Entry e3 = mood(8, 1'700'000'450, "after-rekey");
    s->add(e3, now());
    // The new key opens it, through its own VFS.
    CryptVfs vfs(header_of(db), again);
    CHECK(check_through(db, vfs).ok);
    s->decrypt();
    CHECK_FALSE(s->encrypted());
    CHECK(contents(db).substr(0, 15) == "SQLite format 3");
    Entry e4 = mood(8, 1'700'000'500, "after-decrypt");
    s->add(e4, now());
    auto plain = Store::open(db);
    CHECK(plain->count(Kind::mood) == 4);
  }
}

TEST_CASE("encrypted store: encrypt waits for another store to close, and keeps its entries") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  auto a = Store::open(db);
  Entry e = mood(6, 1'700'000'000, "before");
  a->add(e, now());
  auto b = Store::open(db);
  // `a` is a command still running (a plan being edited): it saves once more, then ends.
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Entry late = mood(2, 1'700'000'100, "late-entry");
    a->add(late, now());
    a.reset();
  });
  b->encrypt(new_key_file_header(), create_key_file((dir.path / "key").string()));
  other.join();
  CHECK(b->encrypted());
  CHECK(b->count(Kind::mood) == 2);
  CHECK(all_files(dir.path).find("late-entry") == std::string::npos);
}

TEST_CASE("encrypted store: a conversion that can't have the database to itself changes nothing") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  auto a = Store::open(db);
  Entry e = mood(6, 1'700'000'000, "kept");
  a->add(e, now());
  FileLock held(db, FileLock::Mode::shared);  // another ebb, still running
  try {
    FileLock only(db, FileLock::Mode::exclusive, std::chrono::milliseconds(200));
    FAIL("had the lock exclusive while another held it");
  } catch (const Error& err) {
    CHECK(std::string(err.what()).find("Nothing was changed") != std::string::npos);
  }
  CHECK(contents(db).substr(0, 15) == "SQLite format 3");
  CHECK(a->count(Kind::mood) == 1);
}

TEST_CASE("encrypted store: two encrypts at once, one refuses and no key or entry is lost") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  // Both opened the plain file; then each asked for a passphrase, one slower than the other.
  auto first = Store::open(db);
  auto second = Store::open(db);
  Entry e = mood(6, 1'700'000'000, "one");
  first->add(e, now());
  std::string k[2] = {(dir.path / "k1").string(), (dir.path / "k2").string()};
  int code[2] = {-1, -1};
  std::string message[2];
  auto encrypt = [&](int i, std::unique_ptr<Store>& s, int delay_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    if (i == 0) {
      Entry between = mood(3, 1'700'000'100, "logged-between");
      s->add(between, now());
    }
    try {
      s->encrypt(new_key_file_header(), create_key_file(k[i]));
      code[i] = 0;
    } catch (const Error& err) {
      code[i] = err.exit_code();
      message[i] = err.what();
    }
    s.reset();  // the command ends
  };
  std::thread a(encrypt, 0, std::ref(first), 100);
  std::thread b(encrypt, 1, std::ref(second), 0);
  a.join();
  b.join();
  CAPTURE(message[0]);
  CAPTURE(message[1]);
  REQUIRE((code[0] == 0) != (code[1] == 0));  // exactly one converted the file
  int won = code[0] == 0 ? 0 : 1;
  CHECK(code[1 - won] == kExitData);
  CHECK(message[1 - won].find("changed by another ebb") != std::string::npos);
  KeySource winner = key_file(k[won]), loser = key_file(k[1 - won]);
  CHECK(Store::open(db, &winner)->count(Kind::mood) == 2);
  CHECK(expect_exit([&] { Store::open(db, &loser); }) == kExitData);
}

TEST_CASE("encrypted store: through a symbolic link the real file is encrypted, the link stays") {
  TempDir dir;
  fs::create_directories(dir.path / "synced");
  std::string real = (dir.path / "synced" / "ebb.db").string();
  std::string link = (dir.path / "ebb.db").string();
  fs::create_symlink(real, link);
  {
    auto s = Store::open(link);
    Entry e = mood(6, 1'700'000'000, "through-the-link");
    s->add(e, now());
    s->encrypt(new_key_file_header(), create_key_file((dir.path / "key").string()));
    Entry e2 = mood(4, 1'700'000'100, "after");
    s->add(e2, now());
  }
  CHECK(fs::is_symlink(link));
  CHECK(contents(real).substr(0, 8) == "EBBCRYPT");
  CHECK(all_files(dir.path).find("through-the-link") == std::string::npos);
  CHECK(fs::exists(real + ".lock"));
  KeySource keys = key_file((dir.path / "key").string());
  CHECK(Store::open(link, &keys)->count(Kind::mood) == 2);
  CHECK(Store::open(real, &keys)->count(Kind::mood) == 2);
}

TEST_CASE("encrypted store: a changed byte in any page is refused, never read as data") {
  Encrypted enc(200);
  SecretBytes key = read_key_file(enc.key_path);
  CryptHeader h = header_of(enc.db);
  {
    CryptVfs vfs(h, key);
    REQUIRE(check_through(enc.db, vfs).ok);
  }
  const size_t page = h.page_size;
  const std::string original = contents(enc.db);
  const size_t pages = (original.size() - kPageHeaderSize) / page;
  REQUIRE(pages >= 10);
  fs::path copy = enc.dir.path / "tampered.db";
  for (size_t k = 1; k <= pages; ++k) {
    put(copy, original);
    size_t offset = kPageHeaderSize + (k - 1) * page + randombytes_uniform(page);
    flip(copy, offset);
    CryptVfs vfs(h, key);
    Checked got = check_through(copy.string(), vfs);
    CAPTURE(k);
    CAPTURE(offset);
    // integrity_check reports the refused read as one of its findings; page 1 fails the open.
    CHECK_FALSE(got.ok);
    CHECK(got.verdict.find("ok") != 0);
    if (k == 1) CHECK(got.code == SQLITE_IOERR_DATA);
    CHECK(got.problem.find(fmt::format("page {} of", k)) != std::string::npos);
  }

  SUBCASE("through the store: exit 3 and a message naming what failed") {
    put(copy, original);
    flip(copy, kPageHeaderSize + 100);  // page 1
    try {
      Store::open(copy.string(), &enc.keys);
      FAIL("opened a tampered file");
    } catch (const Error& err) {
      CHECK(err.exit_code() == kExitData);
      CHECK(std::string(err.what()).find("page 1 of") != std::string::npos);
      CHECK(std::string(err.what()).find("authentication check") != std::string::npos);
    }
  }
  SUBCASE("the header: a changed byte fails its MAC") {
    put(copy, original);
    flip(copy, 200);
    try {
      Store::open(copy.string(), &enc.keys);
      FAIL("opened a file with a changed header");
    } catch (const Error& err) {
      CHECK(err.exit_code() == kExitData);
      CHECK(std::string(err.what()).find("header") != std::string::npos);
    }
  }
  SUBCASE("cut short, inside a page or at a page boundary: all of it or a refusal") {
    // What was cut can't be read: every read of it is refused, and what is read is right.
    const size_t whole = original.size();
    for (size_t cut : {whole - 100, whole - page, whole - 3 * page, whole / 2, whole / 2 + 77}) {
      CAPTURE(cut);
      put(copy, original.substr(0, cut));
      {
        CryptVfs vfs(h, key);
        Checked got = check_through(copy.string(), vfs);
        CHECK_FALSE(got.ok);
      }
      try {
        auto st = Store::open(copy.string(), &enc.keys);
        EntryQuery everything;
        auto rows = st->query(everything);
        REQUIRE(rows.size() == 200);
        for (const auto& e : rows) CHECK(e.note.rfind("note-", 0) == 0);
      } catch (const Error& err) {
        CHECK(err.exit_code() == kExitData);
        std::string msg = err.what();
        CHECK((msg.find("cut short") != std::string::npos ||
               msg.find("authentication") != std::string::npos));
      }
    }
  }
  SUBCASE("a page from another file encrypted with the same key: refused") {
    auto other = Store::open((enc.dir.path / "other.db").string());
    Entry e = mood(1, 1, "x");
    other->add(e, now());
    other->encrypt(new_key_file_header(), read_key_file(enc.key_path));
    other.reset();
    std::string theirs = contents(enc.dir.path / "other.db");
    std::string mixed = original;
    mixed.replace(kPageHeaderSize + page, page, theirs.substr(kPageHeaderSize + page, page));
    put(copy, mixed);
    CryptVfs vfs(h, key);
    Checked got = check_through(copy.string(), vfs);
    CHECK_FALSE(got.ok);
    CHECK(got.problem.find("page 2 of") != std::string::npos);
  }
}

namespace {

// A snapshot of an encrypted database with five changes in its WAL, not yet folded into the
// file: the database and WAL as a crash would leave them.
struct WithWal {
  Encrypted enc{2};
  fs::path copy_dir = enc.dir.path / "snapshot";
  std::string db = (copy_dir / "ebb.db").string();
  std::string wal_bytes;
  WithWal() {
    fs::create_directories(copy_dir);
    auto s = Store::open(enc.db, &enc.keys);
    for (int i = 0; i < 5; ++i) {
      Entry e = mood(6, 1'700'001'000 + i, "in-the-wal-" + std::to_string(i));
      s->add(e, now());
    }
    REQUIRE(fs::exists(enc.db + "-wal"));
    fs::copy_file(enc.db, db);
    wal_bytes = contents(enc.db + "-wal");
    put(db + "-wal", wal_bytes);
    ::chmod((db + "-wal").c_str(), 0600);
  }
  size_t frame_size() const { return 24 + header_of(db).page_size; }
  size_t frames() const { return (wal_bytes.size() - 72) / frame_size(); }
  int64_t moods() {
    auto s = Store::open(db, &enc.keys);
    return s->count(Kind::mood);
  }
};

}  // namespace

TEST_CASE("encrypted WAL: recovered after a crash, sealed, and a changed byte is refused") {
  WithWal w;
  CHECK(w.wal_bytes.find("in-the-wal") == std::string::npos);
  REQUIRE(w.frames() >= 5);

  SUBCASE("as the crash left it: every committed change is there") { CHECK(w.moods() == 7); }
  SUBCASE("a changed byte in an early frame, with later commits after it: refused") {
    flip(w.db + "-wal", 72 + 100);
    try {
      w.moods();
      FAIL("read a WAL with a changed frame");
    } catch (const Error& err) {
      CHECK(err.exit_code() == kExitData);
      CHECK(std::string(err.what()).find("frame 1 of") != std::string::npos);
    }
  }
  SUBCASE("a changed byte in the WAL's header: refused") {
    flip(w.db + "-wal", 20);
    CHECK(expect_exit([&] { w.moods(); }) == kExitData);
  }
  SUBCASE("the last frame torn by a crash: the change it belonged to is left out, as SQLite does") {
    // The last frame is the commit of the last change. Cut inside it, or fill it with what a
    // torn write leaves: the last change was never confirmed, so it goes; the others stay.
    std::string torn = w.wal_bytes;
    size_t last = 72 + (w.frames() - 1) * w.frame_size();
    std::fill(torn.begin() + last + 500, torn.begin() + last + 1500, '\0');
    put(w.db + "-wal", torn);
    CHECK(w.moods() == 6);
  }
  SUBCASE("the WAL cut inside its last frame: the last change is left out") {
    put(w.db + "-wal", w.wal_bytes.substr(0, w.wal_bytes.size() - 1000));
    CHECK(w.moods() == 6);
  }
  SUBCASE("the WAL put beside another database with the same key: refused") {
    std::string alien = (w.copy_dir / "alien.db").string();
    {
      auto o = Store::open(alien);
      Entry e = mood(1, 1'700'000'000, "alien");
      o->add(e, now());
      o->encrypt(new_key_file_header(), read_key_file(w.enc.key_path));
    }
    // Sealed for the other file's id: its header doesn't open here.
    put(alien + "-wal", w.wal_bytes);
    CHECK(expect_exit([&] { Store::open(alien, &w.enc.keys)->count(Kind::mood); }) == kExitData);
  }
}

TEST_CASE("encrypted WAL: a transaction bigger than SQLite's page cache, rewritten in place") {
  // With a tiny cache SQLite writes pages to the WAL before the commit, writes some of them
  // again in place (a page without its frame header) and then rewrites the frame headers'
  // checksums (reading each frame whole, then writing its header alone).
  Encrypted enc(0);
  CryptHeader h = header_of(enc.db);
  SecretBytes key = read_key_file(enc.key_path);
  CryptVfs vfs(h, key);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(enc.db.c_str(), &db, SQLITE_OPEN_READWRITE, vfs.name()) == SQLITE_OK);
  auto exec = [&](const char* sql) {
    char* msg = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    CAPTURE(sql);
    CAPTURE(msg ? msg : "");
    CHECK(rc == SQLITE_OK);
    sqlite3_free(msg);
  };
  exec("PRAGMA cache_size = 5; PRAGMA synchronous = FULL; CREATE TABLE big (x BLOB)");
  exec("BEGIN; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) "
       "INSERT INTO big SELECT hex(randomblob(150)) || 'secret-blob' FROM c; "
       "UPDATE big SET x = x || 'y'; COMMIT");
  // The state a crash would leave: the file and the WAL, recovered by a new process.
  fs::path snap = enc.dir.path / "snap";
  fs::create_directories(snap);
  fs::copy_file(enc.db, snap / "ebb.db");
  fs::copy_file(enc.db + "-wal", snap / "ebb.db-wal");
  CHECK(all_files(snap).find("secret-blob") == std::string::npos);
  sqlite3_close(db);
  CryptVfs again(h, key);
  CHECK(check_through((snap / "ebb.db").string(), again).ok);
  sqlite3* r = nullptr;
  REQUIRE(sqlite3_open_v2((snap / "ebb.db").c_str(), &r, SQLITE_OPEN_READWRITE, again.name()) ==
          SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(r, "SELECT count(*), sum(x LIKE '%secret-bloby') FROM big", -1, &s,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s, 0) == 2000);
  CHECK(sqlite3_column_int(s, 1) == 2000);
  sqlite3_finalize(s);
  sqlite3_close(r);
}

TEST_CASE("encrypted store: checkpoints fold the WAL into the file, sealed page by page") {
  Encrypted enc(0);
  auto s = Store::open(enc.db, &enc.keys);
  for (int i = 0; i < 300; ++i) {  // over a thousand pages: SQLite checkpoints on its own
    Entry e = mood(5, 1'700'000'000 + i, std::string(200, 'n') + "-ckpt-" + std::to_string(i));
    s->add(e, now());
  }
  CHECK(all_files(enc.dir.path).find("-ckpt-") == std::string::npos);
  s.reset();
  CHECK_FALSE(fs::exists(enc.db + "-wal"));
  auto again = Store::open(enc.db, &enc.keys);
  CHECK(again->count(Kind::mood) == 300);
  CryptVfs vfs(header_of(enc.db), read_key_file(enc.key_path));
  CHECK(check_through(enc.db, vfs).ok);
}

TEST_CASE("encrypted store: forget leaves neither old pages nor a bigger file") {
  Encrypted enc(0);
  auto s = Store::open(enc.db, &enc.keys);
  for (int i = 0; i < 400; ++i) {
    Entry e = mood(5, 1'700'000'000 + i, std::string(300, 'f') + std::to_string(i));
    s->add(e, now());
  }
  s.reset();
  auto big = fs::file_size(enc.db);
  s = Store::open(enc.db, &enc.keys);
  ForgetQuery all;
  all.all = true;
  auto done = s->forget(all);
  CHECK(done.entries == 400);
  CHECK(done.wal_cleared);
  s.reset();
  CHECK(fs::file_size(enc.db) < big / 2);
  CHECK_FALSE(fs::exists(enc.db + "-wal"));
  CHECK(Store::open(enc.db, &enc.keys)->count(std::nullopt) == 0);
}

// Every page of the encrypted database at `path` as SQLite sees it, opened through `vfs`:
// what a search of the file's bytes would find if it weren't encrypted.
std::string plain_pages(const std::string& path, const CryptVfs& vfs) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, vfs.name()) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT page_count, page_size FROM pragma_page_count, "
                             "pragma_page_size", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  int64_t pages = sqlite3_column_int64(s, 0), size = sqlite3_column_int64(s, 1);
  sqlite3_finalize(s);
  sqlite3_file* f = nullptr;
  REQUIRE(sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) == SQLITE_OK);
  std::string out(static_cast<size_t>(pages * size), '\0');
  for (int64_t i = 0; i < pages; ++i)
    CHECK(f->pMethods->xRead(f, out.data() + i * size, static_cast<int>(size), i * size) ==
          SQLITE_OK);
  sqlite3_close(db);
  return out;
}

TEST_CASE("encrypted store: forget puts a new file in place, the same key opens it") {
  Encrypted enc(0);
  auto s = Store::open(enc.db, &enc.keys);
  for (int i = 0; i < 200; ++i) {
    std::string note = (i < 100 ? "gone-" : "kept-") + std::string(300, 'n');
    Entry e = mood(5, 1'700'000'000 + i, note);
    s->add(e, now());
  }
  s.reset();
  CryptHeader before = header_of(enc.db);
  SecretBytes key = read_key_file(enc.key_path);
  {
    CryptVfs vfs(before, key);
    REQUIRE(plain_pages(enc.db, vfs).find("gone-nnn") != std::string::npos);
  }
  struct stat st {};
  REQUIRE(::stat(enc.db.c_str(), &st) == 0);
  ino_t inode = st.st_ino;

  s = Store::open(enc.db, &enc.keys);
  ForgetQuery q;
  q.before = Instant{std::chrono::seconds{1'700'000'100}};
  Forgotten done = s->forget(q);
  CHECK(done.entries == 100);
  CHECK(done.compacted);
  CHECK(done.wal_cleared);
  CHECK(s->encrypted());
  CHECK(s->count(Kind::mood) == 100);  // the store goes on with the new file
  s.reset();

  REQUIRE(::stat(enc.db.c_str(), &st) == 0);
  CHECK(st.st_ino != inode);
  CHECK((st.st_mode & 0777) == 0600);
  CryptHeader after = header_of(enc.db);
  CHECK(after.file_id != before.file_id);  // a new file: no page of the old one fits it
  CHECK(after.kind == before.kind);
  CHECK(after.key_check == before.key_check);
  CHECK_FALSE(fs::exists(enc.db + "-wal"));
  for (const auto& f : fs::directory_iterator(enc.dir.path))
    CHECK(f.path().filename().string().find("ebb-tmp") == std::string::npos);
  CryptVfs vfs(after, key);
  std::string pages = plain_pages(enc.db, vfs);
  CHECK(pages.find("gone-nnn") == std::string::npos);
  CHECK(pages.find("kept-nnn") != std::string::npos);
  CHECK(check_through(enc.db, vfs).ok);
  auto again = Store::open(enc.db, &enc.keys);
  CHECK(again->count(Kind::mood) == 100);
}

TEST_CASE("encrypted store: backup is an encrypted copy that opens with the same key") {
  Encrypted enc(12);
  auto s = Store::open(enc.db, &enc.keys);
  std::string dest = (enc.dir.path / "backup.db").string();
  CHECK(s->backup_to(dest) == 12);
  std::string b = contents(dest);
  CHECK(b.substr(0, 8) == "EBBCRYPT");
  CHECK(b.find("note-1") == std::string::npos);
  CHECK(header_of(dest).file_id != header_of(enc.db).file_id);
  struct stat st {};
  REQUIRE(::stat(dest.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(Store::open(dest, &enc.keys)->count(Kind::mood) == 12);
  CHECK(expect_exit([&] { s->backup_to(dest); }) == kExitUsage);
  // Nothing else was left beside it.
  for (const auto& f : fs::directory_iterator(enc.dir.path))
    CHECK(f.path().filename().string().find("ebb-tmp") == std::string::npos);
}

TEST_CASE("encrypted store: a file in the whole-image format converts on first open") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  std::string key_path = (dir.path / "key").string();
  SecretBytes key = create_key_file(key_path);
  {
    auto s = Store::open(db);
    for (int i = 0; i < 5; ++i) {
      Entry e = mood(4, 1'700'000'000 + i, "old-format-" + std::to_string(i));
      s->add(e, now());
    }
  }
  // The older ebb's file: the whole image sealed in one piece.
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_int64 size = 0;
  unsigned char* image = sqlite3_serialize(h, "main", &size, 0);
  REQUIRE(image);
  CryptHeader old = new_key_file_header();
  std::string sealed = seal(old, key, {image, static_cast<size_t>(size)});
  sqlite3_free(image);
  sqlite3_close(h);
  fs::remove(db);
  put(db, sealed);
  ::chmod(db.c_str(), 0600);
  SUBCASE("the first try") {}
  SUBCASE("after a try cut off once it had kept the old file") {
    fs::create_hard_link(db, db + ".bak-crypt1");
  }

  KeySource keys = key_file(key_path);
  auto s = Store::open(db, &keys);
  REQUIRE(s->notices().size() == 1);
  CHECK(s->notices()[0].find("page by page") != std::string::npos);
  CHECK(s->notices()[0].find("ebb.db.bak-crypt1") != std::string::npos);
  CHECK(s->count(Kind::mood) == 5);
  CHECK(contents(db)[8] == 2);
  CHECK(contents(db + ".bak-crypt1") == sealed);
  CHECK_FALSE(fs::exists(db + ".bak-crypt1-2"));
  CHECK(all_files(dir.path).find("old-format-") == std::string::npos);
  s.reset();
  auto again = Store::open(db, &keys);
  CHECK(again->notices().empty());
  CHECK(again->count(Kind::mood) == 5);
}

TEST_CASE("encrypted store: leftovers of a cut-off conversion are removed and reported") {
  Encrypted enc(1);
  std::string stale = (enc.dir.path / ".ebb.db.ebb-tmp-Ab12Cd").string();
  put(stale, "SQLite format 3 plain leftover");
  std::string old_style = (enc.dir.path / ".ebb.db.x1Y2z3").string();
  put(old_style, "EBBCRYPT sealed leftover");
  std::string unrelated = (enc.dir.path / ".ebb.db.notes").string();
  put(unrelated, "someone's own file");
  auto info = Store::inspect(enc.db);
  CHECK(info.encryption == "page by page");
  CHECK(info.key_kind == "key file");
  CHECK(info.leftovers.size() == 2);
  auto s = Store::open(enc.db, &enc.keys);
  CHECK_FALSE(fs::exists(stale));
  CHECK_FALSE(fs::exists(old_style));
  CHECK(fs::exists(unrelated));
  REQUIRE(s->notices().size() == 2);
  CHECK(s->notices()[0].find("left by an encrypt or decrypt") != std::string::npos);
}

TEST_CASE("TempOutput: invisible until published, gone when not") {
  TempDir dir;
  std::string target = (dir.path / "ebb.db").string();
  auto names = [&] {
    std::vector<std::string> out;
    for (const auto& f : fs::directory_iterator(dir.path)) out.push_back(f.path().filename());
    return out;
  };
  auto write = [](TempOutput& t, const std::string& text) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(t.name().c_str(), &db, SQLITE_OPEN_READWRITE, temp_vfs_name()) ==
            SQLITE_OK);
    std::string sql = "CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('" + text + "')";
    CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  };
  SUBCASE("unnamed: no name in the folder while it is written, none left when dropped") {
    {
      TempOutput t(target);
      write(t, "dropped");
      CHECK(names().empty());
    }
    CHECK(names().empty());
  }
  SUBCASE("unnamed, published over a file and as a new one") {
    put(target, "old");
    {
      TempOutput t(target);
      write(t, "new-content");
      t.publish_over(target);
    }
    CHECK(contents(target).find("new-content") != std::string::npos);
    TempOutput t2(target);
    write(t2, "second");
    CHECK_FALSE(t2.publish_as_new(target));  // never over an existing file
    CHECK(t2.publish_as_new((dir.path / "copy.db").string()));
    CHECK(contents(dir.path / "copy.db").find("second") != std::string::npos);
  }
  SUBCASE("named (no unnamed files here): hidden, found as a leftover, removed when dropped") {
    {
      TempOutput t(target, false);
      write(t, "named");
      auto now = names();
      REQUIRE(now.size() == 1);
      CHECK(now[0].rfind(".ebb.db.ebb-tmp-", 0) == 0);
      CHECK(stale_temp_files(target).size() == 1);
      struct stat st {};
      REQUIRE(::stat((dir.path / now[0]).c_str(), &st) == 0);
      CHECK((st.st_mode & 0777) == 0600);
    }
    CHECK(names().empty());
    {
      TempOutput t(target, false);
      write(t, "named-published");
      t.publish_over(target);
    }
    CHECK(names() == std::vector<std::string>{"ebb.db"});
    TempOutput t3(target, false);
    write(t3, "named-new");
    CHECK(t3.publish_as_new((dir.path / "b.db").string()));
  }
}

TEST_CASE("encrypted store: an older encrypted database is kept sealed beside itself, then "
          "migrated") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  std::string key_path = (dir.path / "key").string();
  {
    auto s = Store::open(db);
    Entry e = mood(6, 1'700'000'000, "old-schema-note-6612");
    s->add(e, now());
  }
  // The file an ebb of schema 1 left after `ebb encrypt`: the plain image of that schema,
  // sealed with a key file.
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, ebb::test::kBackToSchemaOne, nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
  std::string image = contents(db);
  REQUIRE(image.substr(0, 15) == "SQLite format 3");
  SecretBytes key = create_key_file(key_path);
  std::string sealed = seal(new_key_file_header(), key,
                            {reinterpret_cast<const uint8_t*>(image.data()), image.size()});
  {
    std::ofstream out(db, std::ios::binary | std::ios::trunc);
    out << sealed;
  }
  KeySource keys;
  keys.key_file = key_path;

  auto s = Store::open(db, &keys);
  CHECK(s->encrypted());
  CHECK(s->schema_version() == latest_schema_version());
  EntryQuery all;
  auto entries = s->query(all);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].note == "old-schema-note-6612");
  // The file in the older format is kept as it was; the copy of the old schema is sealed
  // page by page, private, and is the old schema: opened on its own, it is upgraded too.
  CHECK(contents(db + ".bak-crypt1") == sealed);
  std::string old_copy = contents(db + ".bak-1");
  CHECK(old_copy.substr(0, 8) == "EBBCRYPT");
  CHECK(old_copy.find("old-schema-note-6612") == std::string::npos);
  struct stat st {};
  REQUIRE(::stat((db + ".bak-1").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  {
    TempDir elsewhere;
    std::string copy = (elsewhere.path / "ebb.db").string();
    fs::copy_file(db + ".bak-1", copy);
    auto c = Store::open(copy, &keys);
    CHECK(c->count(Kind::mood) == 1);
    CHECK(fs::exists(copy + ".bak-1"));
  }
  // The migrated file is sealed too, with nothing readable in it or beside it.
  CHECK(contents(db).substr(0, 8) == "EBBCRYPT");
  CHECK(all_files(dir.path).find("old-schema-note-6612") == std::string::npos);
  // It keeps working: a new entry, and undo of the one journaled before the upgrade.
  Entry e = mood(4, 1'700'000'100, "after-upgrade");
  s->add(e, now());
  s.reset();
  auto again = Store::open(db, &keys);
  CHECK(again->schema_version() == latest_schema_version());
  CHECK(again->count(Kind::mood) == 2);
  REQUIRE(again->undo());
  REQUIRE(again->undo());
  CHECK(again->count(Kind::mood) == 0);
  CHECK_FALSE(fs::exists(db + ".bak-2"));  // opening an up-to-date file copies nothing
}
