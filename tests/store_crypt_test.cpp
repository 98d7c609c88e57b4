#include <doctest/doctest.h>

#include "test_support.hpp"
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ebb/crypt.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/keys.hpp"
#include "ebb/store.hpp"
#include "ebb/vault.hpp"

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

Instant now() { return Instant{std::chrono::seconds{1'800'000'000}}; }

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
  }
  std::string bytes = contents(db);
  CHECK(bytes.substr(0, 8) == "EBBCRYPT");
  CHECK(bytes.find("violet-heron-2231") == std::string::npos);
  CHECK(bytes.find("second-note-8812") == std::string::npos);
  CHECK_FALSE(fs::exists(db + "-wal"));
  struct stat st {};
  REQUIRE(::stat(db.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  KeySource keys;
  keys.key_file = key_path;

  SUBCASE("no key source, or a wrong key: exit 3, file unchanged") {
    try {
      Store::open(db);
      FAIL("opened without a key");
    } catch (const Error& err) {
      CHECK(err.exit_code() == kExitData);
    }
    std::string other = (dir.path / "other").string();
    create_key_file(other);
    KeySource wrong;
    wrong.key_file = other;
    try {
      Store::open(db, &wrong);
      FAIL("opened with a wrong key");
    } catch (const Error& err) {
      CHECK(err.exit_code() == kExitData);
      CHECK(std::string(err.what()).find("doesn't open") != std::string::npos);
    }
    CHECK(contents(db) == bytes);
  }

  SUBCASE("two stores open at once: the second reloads before writing, nothing lost") {
    auto a = Store::open(db, &keys);
    auto b = Store::open(db, &keys);
    Entry ea = mood(5, 1'700'000'200, "from-a");
    a->add(ea, now());
    Entry eb = mood(4, 1'700'000'300, "from-b");
    b->add(eb, now());  // b read the file before a saved: it must pick up a's entry first
    Entry ea2 = mood(7, 1'700'000'400, "from-a-again");
    a->add(ea2, now());
    auto c = Store::open(db, &keys);
    CHECK(c->count(Kind::mood) == 5);
    std::string err;
    CHECK(c->find(ea.id, &err));
    CHECK(c->find(eb.id, &err));
    CHECK(c->find(ea2.id, &err));
  }

  SUBCASE("re-key to a passphrase, then decrypt back to plain SQLite") {
    auto s = Store::open(db, &keys);
    CryptHeader h = new_passphrase_header({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
    SecretBytes k;
    std::string err;
    std::string pass = "river stone";
    REQUIRE(derive_key({reinterpret_cast<const uint8_t*>(pass.data()), pass.size()}, h, &k, &err));
    s->encrypt(h, std::move(k));
    CHECK(contents(db).substr(0, 8) == "EBBCRYPT");
    CHECK(contents(db)[9] == 1);  // passphrase kind
    try {
      Store::open(db, &keys);
      FAIL("the old key file still opened it");
    } catch (const Error& e) {
      CHECK(e.exit_code() == kExitData);
    }
    s->decrypt();
    CHECK_FALSE(s->encrypted());
    CHECK(contents(db).substr(0, 15) == "SQLite format 3");
    Entry e3 = mood(8, 1'700'000'500, "after-decrypt");
    s->add(e3, now());
    auto plain = Store::open(db);
    CHECK(plain->count(Kind::mood) == 3);
  }
}

TEST_CASE("encrypted store: a plain store open while another encrypts saves nothing stale") {
  TempDir dir;
  std::string db = (dir.path / "ebb.db").string();
  auto a = Store::open(db);
  Entry e = mood(6, 1'700'000'000, "before");
  a->add(e, now());
  auto b = Store::open(db);
  b->encrypt(new_key_file_header(), create_key_file((dir.path / "key").string()));
  std::string sealed = contents(db);
  Entry late = mood(2, 1'700'000'100, "late");
  try {
    a->add(late, now());
    FAIL("a wrote into the replaced plain file");
  } catch (const Error& err) {
    CHECK(err.exit_code() == kExitData);
    CHECK(std::string(err.what()).find("was replaced") != std::string::npos);
  }
  CHECK(contents(db) == sealed);
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
  // The copy of the old version is the sealed file as it was: never a plain image.
  CHECK(contents(db + ".bak-1") == sealed);
  struct stat st {};
  REQUIRE(::stat((db + ".bak-1").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // The migrated file is sealed too, with nothing readable in it or beside it.
  std::string after = contents(db);
  CHECK(after.substr(0, 8) == "EBBCRYPT");
  CHECK(after.find("old-schema-note-6612") == std::string::npos);
  CHECK_FALSE(fs::exists(db + "-wal"));
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
