#include <doctest/doctest.h>

#include "test_support.hpp"
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ebb/util/exit_codes.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/store/store.hpp"

using namespace ebb;
using ebb::test::TempDir;
namespace fs = std::filesystem;

namespace {

Instant at(int64_t s) { return Instant{std::chrono::seconds{s}}; }

Entry use(const std::string& substance, int64_t t) {
  Entry e;
  e.kind = Kind::use;
  e.at = at(t);
  e.zone = "Europe/Berlin";
  e.utc_offset = 3600;
  e.substance = substance;
  e.substance_class = "alcohol";
  e.amount = 2;
  e.unit = "drink";
  e.tags = {"friday", "party"};
  return e;
}

int mode_of(const fs::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("a new database is private, versioned and in WAL mode") {
  TempDir dir;
  auto path = dir.path / "sub" / "ebb.db";
  auto store = Store::open(path.string());
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path.parent_path()) == 0700);
  CHECK(store->schema_version() == latest_schema_version());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "wal");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

TEST_CASE("entries round-trip through the store with every field") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry e = use("alcohol", 1'700'000'000);
  e.abv = 5;
  e.route = "oral";
  e.place = "home";
  e.alone = true;
  e.cost = 7.5;
  e.reason = "unwind";
  e.tested = false;
  e.mood_before = 4;
  e.note = "after work";
  store->add(e, at(1'700'000'100));
  CHECK(e.id.size() == 26);
  CHECK(e.created_at == at(1'700'000'100));

  std::string err;
  auto got = store->find(e.id, &err);
  REQUIRE(got);
  CHECK(got->substance == "alcohol");
  CHECK(got->amount == doctest::Approx(2));
  CHECK(got->abv == doctest::Approx(5));
  CHECK(got->alone == true);
  CHECK(got->tested == false);
  CHECK(got->mood_before == 4);
  CHECK(got->cost == doctest::Approx(7.5));
  CHECK(got->tags == std::vector<std::string>{"friday", "party"});
  CHECK(got->utc_offset == 3600);
  CHECK(got->zone == "Europe/Berlin");
  CHECK_FALSE(got->intensity.has_value());

  // The end of the id (what the log shows) finds it too, in any case.
  std::string tail = e.id.substr(e.id.size() - 7);
  for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(store->find(tail, &err));
  CHECK_FALSE(store->find("ZZZZZZZZ", &err));
  CHECK(err.find("No entry") != std::string::npos);
  CHECK_FALSE(store->find("AB", &err));
}

TEST_CASE("query filters by time, kind and substance, newest first") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  for (int i = 0; i < 5; ++i) {
    Entry e = use(i % 2 ? "cannabis" : "alcohol", 1000 + i * 100);
    store->add(e, at(5000));
  }
  Entry u;
  u.kind = Kind::urge;
  u.at = at(1250);
  u.zone = "UTC";
  u.intensity = 7;
  u.outcome = Outcome::rode_out;
  store->add(u, at(5000));

  EntryQuery q;
  auto all = store->query(q);
  REQUIRE(all.size() == 6);
  CHECK(all.front().at == at(1400));
  CHECK(all.back().at == at(1000));

  q.substance = "alcohol";
  CHECK(store->query(q).size() == 3);
  q = {};
  q.kind = Kind::urge;
  auto urges = store->query(q);
  REQUIRE(urges.size() == 1);
  CHECK(urges[0].outcome == Outcome::rode_out);
  q = {};
  q.since = at(1100);
  q.until = at(1300);  // [1100, 1300)
  CHECK(store->query(q).size() == 3);  // 1100, 1200, and the urge at 1250
  q = {};
  q.limit = 2;
  q.newest_first = false;
  auto two = store->query(q);
  REQUIRE(two.size() == 2);
  CHECK(two[0].at == at(1000));
  CHECK(store->count(Kind::use) == 5);
  CHECK(store->substances() == std::vector<std::string>{"alcohol", "cannabis"});
}

TEST_CASE("undo reverts add, edit and remove, newest first") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry e = use("alcohol", 1000);
  store->add(e, at(2000));
  Entry changed = e;
  changed.amount = 5;
  store->update(changed, at(2100));
  REQUIRE(store->remove(e.id, at(2200)));
  CHECK_FALSE(store->remove("NOPE", at(2300)));
  std::string err;
  CHECK_FALSE(store->find(e.id, &err));

  auto u1 = store->undo();
  REQUIRE(u1);
  CHECK(u1->op == "rm");
  REQUIRE(u1->entries.size() == 1);
  CHECK(u1->entries[0].amount == doctest::Approx(5));
  auto back = store->find(e.id, &err);
  REQUIRE(back);
  CHECK(back->amount == doctest::Approx(5));

  auto u2 = store->undo();
  REQUIRE(u2);
  CHECK(u2->op == "edit");
  CHECK(store->find(e.id, &err)->amount == doctest::Approx(2));

  auto u3 = store->undo();
  REQUIRE(u3);
  CHECK(u3->op == "add");
  CHECK_FALSE(store->find(e.id, &err));
  CHECK_FALSE(store->undo());
}

TEST_CASE("undo takes back the changes of one write transaction together") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry a = use("alcohol", 1000), b = use("cannabis", 1100), c = use("nicotine", 1200);
  for (Entry* e : {&a, &b, &c}) store->add(*e, at(2000));
  store->transaction([&] {
    REQUIRE(store->remove(a.id, at(2100)));
    REQUIRE(store->remove(c.id, at(2100)));
  });
  CHECK(store->count(std::nullopt) == 1);
  Entry edited = b;
  edited.note = "changed";
  store->update(edited, at(2200));  // a command of its own

  auto u = store->undo();
  REQUIRE(u);
  CHECK(u->op == "edit");
  REQUIRE(u->entries.size() == 1);
  CHECK(u->entries[0].note.empty());
  u = store->undo();
  REQUIRE(u);
  CHECK(u->op == "rm");
  REQUIRE(u->entries.size() == 2);  // both removals, in the order they were made
  CHECK(u->entries[0].id == a.id);
  CHECK(u->entries[1].id == c.id);
  CHECK(store->count(std::nullopt) == 3);
  u = store->undo();  // then the three adds, one at a time: each was its own command
  REQUIRE(u);
  CHECK(u->op == "add");
  REQUIRE(u->entries.size() == 1);
  CHECK(u->entries[0].id == c.id);
  CHECK(store->count(std::nullopt) == 2);

  // A transaction that fails leaves no journal rows behind: the next undo is the add before.
  CHECK_THROWS_AS(store->transaction([&] {
    store->remove(a.id, at(2300));
    throw Error(kExitInternal, "stop");
  }), Error);
  CHECK(store->count(std::nullopt) == 2);
  u = store->undo();
  REQUIRE(u);
  CHECK(u->entries.at(0).id == b.id);
  u = store->undo();
  REQUIRE(u);
  CHECK(u->entries.at(0).id == a.id);
  CHECK_FALSE(store->undo());
}

TEST_CASE("find tells a short id, no match and several matches apart") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry a = use("alcohol", 1000), b = use("alcohol", 1001);
  a.id = "01AAAAAAAAAAAAAAAAAAAAAAAA";
  b.id = "01AAAAAAAAAAAAAAAAAAAAAAAB";
  store->import_entries({a, b});
  std::string err;
  FindFailure why = FindFailure::none;
  CHECK_FALSE(store->find("01A", &err, &why));
  CHECK(why == FindFailure::too_short);
  CHECK_FALSE(store->find("01AAAA", &err, &why));
  CHECK(why == FindFailure::several);
  CHECK_FALSE(store->find("ZZZZ", &err, &why));
  CHECK(why == FindFailure::none);
  CHECK(store->find("aaab", &err, &why)->id == b.id);  // the end, any case
  CHECK(store->find("01aaaaaaaaaaaaaaaaaaaaaaaa", &err, &why)->id == a.id);
}

TEST_CASE("undo brings back together what one rm removed, and only that") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry a = use("alcohol", 1000), b = use("cannabis", 1100), c = use("heroin", 1200);
  for (Entry* e : {&a, &b, &c}) store->add(*e, at(2000));
  REQUIRE(store->remove(a.id, at(3000)));  // one rm
  store->transaction([&] {                 // rm B C
    REQUIRE(store->remove(b.id, at(3100)));
    REQUIRE(store->remove(c.id, at(3100)));
  });
  auto u = store->undo();
  REQUIRE(u);
  CHECK(u->op == "rm");
  REQUIRE(u->entries.size() == 2);
  CHECK(u->entries[0].id == b.id);
  CHECK(u->entries[1].id == c.id);
  std::string err;
  CHECK(store->find(b.id, &err));
  CHECK(store->find(c.id, &err));
  CHECK_FALSE(store->find(a.id, &err));  // an rm of its own: its own undo
  auto u2 = store->undo();
  REQUIRE(u2);
  REQUIRE(u2->entries.size() == 1);
  CHECK(u2->entries[0].id == a.id);
}

TEST_CASE("import adds only entries it does not have") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry a = use("alcohol", 1000), b = use("alcohol", 2000);
  a.id = "01AAAAAAAAAAAAAAAAAAAAAAAA";
  b.id = "01BBBBBBBBBBBBBBBBBBBBBBBB";
  CHECK(store->import_entries({a, b}) == 2);
  CHECK(store->import_entries({a, b}) == 0);
  CHECK(store->count(std::nullopt) == 2);
}

TEST_CASE("plans are kept as versions and reminders remember when they were shown") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  store->save_plan("why = \"one\"", at(100));
  store->save_plan("why = \"two\"", at(200));
  auto plans = store->plans();
  REQUIRE(plans.size() == 2);
  CHECK(plans[0].text == "why = \"one\"");
  CHECK(plans[1].saved_at == at(200));
  CHECK_FALSE(store->reminder_shown_at("k"));
  store->mark_reminders_shown({"k"}, at(300));
  store->mark_reminders_shown({"k"}, at(400));
  CHECK(store->reminder_shown_at("k") == at(400));
}

TEST_CASE("a file that is not SQLite is refused and left untouched") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  {
    std::ofstream f(path);
    f << "these are my notes, not a database\n";
  }
  auto before = fs::file_size(path);
  try {
    Store::open(path.string());
    FAIL("opened a text file");
  } catch (const Error& e) {
    CHECK(e.exit_code() == kExitData);
    CHECK(std::string(e.what()).find("isn't an ebb database") != std::string::npos);
  }
  CHECK(fs::file_size(path) == before);
  CHECK_FALSE(fs::exists(dir.path / "ebb.db-wal"));
}

TEST_CASE("a database from a newer ebb is refused") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  {
    auto store = Store::open(path.string());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    Store::open(path.string());
    FAIL("opened a newer database");
  } catch (const Error& e) {
    CHECK(e.exit_code() == kExitData);
    CHECK(std::string(e.what()).find("newer ebb") != std::string::npos);
  }
}

TEST_CASE("ULIDs are 26 Crockford characters, time-ordered and distinct") {
  auto a = new_ulid(at(1'700'000'000));
  auto b = new_ulid(at(1'700'000'000));
  CHECK(a.size() == 26);
  CHECK(a != b);
  CHECK(a.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") == std::string::npos);
  auto later = new_ulid(at(4'000'000'000));
  CHECK(later.substr(0, 10) > a.substr(0, 10));
}

TEST_CASE("last_use_by_substance: each substance's latest use before the time asked for") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  CHECK(store->last_use_by_substance(at(10'000)).empty());
  for (auto [name, t] : std::vector<std::pair<std::string, int64_t>>{
           {"alcohol", 1000}, {"alcohol", 3000}, {"alcohol", 9000}, {"cannabis", 2000},
           {"nicotine", 8000}}) {
    Entry e = use(name, t);
    store->add(e, at(t));
  }
  // An urge names a substance but is not a use; a mood names none.
  Entry urge;
  urge.kind = Kind::urge;
  urge.at = at(4000);
  urge.zone = "Europe/Berlin";
  urge.substance = "cannabis";
  urge.intensity = 5;
  store->add(urge, at(4000));
  Entry urge_only = urge;
  urge_only.id.clear();
  urge_only.substance = "cocaine";
  store->add(urge_only, at(4000));
  Entry mood;
  mood.kind = Kind::mood;
  mood.at = at(4500);
  mood.zone = "Europe/Berlin";
  mood.score = 6;
  store->add(mood, at(4500));

  auto last = store->last_use_by_substance(at(5000));
  CHECK(last.size() == 2);
  CHECK(last.at("alcohol") == at(3000));
  CHECK(last.at("cannabis") == at(2000));  // the urge at 4000 is not a use
  CHECK(last.count("nicotine") == 0);      // only after 5000
  CHECK(last.count("cocaine") == 0);       // only urges
  // Strictly before: a use exactly at the bound is left out.
  CHECK(store->last_use_by_substance(at(3000)).at("alcohol") == at(1000));
  CHECK(store->last_use_by_substance(at(10'000)).at("nicotine") == at(8000));
}

TEST_CASE("each visits what query returns, in the same order, one entry at a time") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  // Several entries in the same second: the id breaks the tie, the same way everywhere.
  for (int i = 0; i < 40; ++i) {
    Entry e = use(i % 3 ? "alcohol" : "cannabis", 1000 + (i / 4) * 60);
    e.note = i % 2 ? "" : "a note " + std::to_string(i);
    store->add(e, at(9000));
  }
  for (bool newest_first : {false, true}) {
    EntryQuery q;
    q.newest_first = newest_first;
    q.since = at(1060);
    auto listed = store->query(q);
    REQUIRE(listed.size() == 36);
    std::vector<std::string> seen;
    std::vector<std::string> notes;
    store->each(q, [&](const Entry& e) {
      seen.push_back(e.id);
      notes.push_back(e.note);
    });
    REQUIRE(seen.size() == listed.size());
    for (size_t i = 0; i < seen.size(); ++i) {
      CHECK(seen[i] == listed[i].id);
      CHECK(notes[i] == listed[i].note);  // a reused entry carries nothing over
    }
    CHECK(std::is_sorted(listed.begin(), listed.end(), [&](const Entry& a, const Entry& b) {
      auto ka = std::pair(a.at, a.id), kb = std::pair(b.at, b.id);
      return newest_first ? ka > kb : ka < kb;
    }));
  }
  EntryQuery few;
  few.limit = 3;
  CHECK(store->query(few).size() == 3);
}

TEST_CASE("transaction: writes inside commit together, or not at all") {
  TempDir dir;
  auto path = (dir.path / "ebb.db").string();
  auto store = Store::open(path);
  Entry a = use("alcohol", 1000);
  store->transaction([&] {
    store->add(a, at(5000));
    store->mark_reminders_shown({"r1"}, at(5000));
    // Reads inside see the transaction's own writes.
    CHECK(store->query({}).size() == 1);
  });
  CHECK(store->count(std::nullopt) == 1);
  CHECK(store->reminder_shown_at("r1") == at(5000));

  Entry b = use("alcohol", 2000);
  CHECK_THROWS_AS(store->transaction([&] {
    store->add(b, at(5000));
    store->mark_reminders_shown({"r2"}, at(5000));
    throw Error(kExitInternal, "stop here");
  }), Error);
  CHECK(store->count(std::nullopt) == 1);
  CHECK_FALSE(store->reminder_shown_at("r2"));
  // Another process sees the committed entry only.
  auto other = Store::open(path);
  CHECK(other->count(std::nullopt) == 1);
}

TEST_CASE("a period is read in order straight off an index, without sorting") {
  // The README's claim: entries are read in order straight off the (at, id), (kind, at, id)
  // and (substance, at, id) indexes. Checked on the SQL the store itself runs for each kind
  // of listing the commands ask for, not on SQL written here.
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  for (int i = 0; i < 50; ++i) {
    Entry e = use(i % 3 ? "alcohol" : "cannabis", 1000 + i * 600);
    store->add(e, at(100000));
  }
  std::vector<std::string> seen;
  store->on_statement([&](const std::string& sql) {
    if (std::find(seen.begin(), seen.end(), sql) == seen.end()) seen.push_back(sql);
  });
  auto ran = [&](auto&& what) {
    seen.clear();
    what();
    std::vector<std::string> reads;
    for (const auto& sql : seen)
      if (sql.find("entries") != std::string::npos && sql.find("SELECT") != std::string::npos)
        reads.push_back(sql);
    REQUIRE(!reads.empty());
    return reads;
  };
  EntryQuery period;  // review, trends, report, reminders: a period, oldest first
  period.since = at(2000);
  period.until = at(9000);
  period.newest_first = false;
  EntryQuery latest;  // log, and the latest entry for reminders
  latest.limit = 20;
  EntryQuery kind;  // log --kind, --since
  kind.kind = Kind::use;
  kind.since = at(2000);
  EntryQuery substance;  // log --substance --until
  substance.substance = "alcohol";
  substance.until = at(20000);
  std::vector<std::vector<std::string>> listings = {
      ran([&] { store->query(period); }),
      ran([&] { store->query(latest); }),
      ran([&] { store->query(kind); }),
      ran([&] { store->query(substance); }),
      ran([&] { store->each(period, [](const Entry&) {}); }),
      ran([&] { store->count_matching(kind); }),
      ran([&] { store->last_use_by_substance(at(20000)); }),
  };
  store->on_statement({});
  for (const auto& reads : listings)
    for (const auto& sql : reads) {
      std::string p = store->query_plan(sql);
      CAPTURE(sql);
      CAPTURE(p);
      CHECK(p.find("USING") != std::string::npos);  // an index, and
      CHECK(p.find("TEMP B-TREE") == std::string::npos);  // no sorting afterwards
      for (size_t at = p.find("SCAN entries"); at != std::string::npos;
           at = p.find("SCAN entries", at + 1))  // no walk through the whole table
        CHECK(p.substr(at, p.find('\n', at) - at).find(" USING ") != std::string::npos);
    }
  // Nothing was seen once the function is gone.
  seen.clear();
  store->query(latest);
  CHECK(seen.empty());
}

TEST_CASE("undo never reaches past a forget, and says so") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry keep = use("alcohol", 1000), gone = use("cannabis", 1100);
  store->add(keep, at(2000));
  store->add(gone, at(2001));
  REQUIRE(store->remove(keep.id, at(2002)));  // an older, unrelated removal
  ForgetQuery q;
  q.substance = "cannabis";
  store->forget(q);
  auto u = store->undo();
  REQUIRE(u);
  CHECK(u->op == "forget");
  std::string err;
  CHECK_FALSE(store->find(keep.id, &err));  // the removal before the forget stays
  // Changes after the forget undo as usual, then the forget stops undo again.
  Entry later = use("alcohol", 3000);
  store->add(later, at(3001));
  auto u2 = store->undo();
  REQUIRE(u2);
  CHECK(u2->op == "add");
  CHECK(store->undo()->op == "forget");
  CHECK(store->count(std::nullopt) == 0);
}

TEST_CASE("statements kept for the connection: prepared once, never stale, closed with it") {
  TempDir dir;
  auto path = dir.path / "ebb.db";
  auto backup = dir.path / "copy.db";
  {
    auto store = Store::open(path.string());
    Entry a = use("alcohol", 1000), b = use("cannabis", 2000), c = use("alcohol", 3000);
    store->add(a, at(1000));
    store->add(b, at(2000));
    EntryQuery q;
    q.newest_first = false;
    REQUIRE(store->query(q).size() == 2);
    const int64_t prepared = store->statements().prepared();
    CHECK(store->statements().size() > 0);
    // The same look-ups again prepare nothing new.
    REQUIRE(store->query(q).size() == 2);
    CHECK(store->reminder_shown_at("x") == std::nullopt);
    CHECK(store->reminder_shown_at("x") == std::nullopt);
    CHECK(store->statements().prepared() == prepared + 1);
    // Undo, forget and backup change the rows (forget puts a new file in place and opens it
    // again) while the statements are kept: what they read afterwards is what is there now.
    store->add(c, at(3000));
    REQUIRE(store->query(q).size() == 3);
    REQUIRE(store->undo());
    CHECK(store->query(q).size() == 2);
    std::string err;
    CHECK_FALSE(store->find(c.id, &err).has_value());
    ForgetQuery f;
    f.substance = "cannabis";
    CHECK(store->forget(f).entries == 1);
    auto left = store->query(q);
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == a.id);
    CHECK(store->time_bounds().first == at(1000));
    CHECK(store->backup_to(backup.string()) == 1);
    store->add(b, at(4000));
    CHECK(store->query(q).size() == 2);
    CHECK(store->time_bounds().second == at(2000));
  }
  // Every statement was finalised, so the connection really closed: the last one out folds
  // the WAL into the file and removes it.
  CHECK_FALSE(fs::exists(dir.path / "ebb.db-wal"));
  auto again = Store::open(backup.string());
  CHECK(again->query(EntryQuery{}).size() == 1);
}

TEST_CASE("light queries leave out only what reminders and reviews never read") {
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry e = use("alcohol", 1000);
  e.place = "home";
  e.with_whom = "Sam";
  e.reason = "to relax";
  e.note = "a note";
  e.beverage = "beer";
  e.abv = 5;
  e.cost = 4;
  e.tested = true;
  store->add(e, at(1000));
  EntryQuery q;
  q.light = true;
  auto got = store->query(q);
  REQUIRE(got.size() == 1);
  const Entry& l = got[0];
  CHECK(l.id == e.id);
  CHECK(l.at == e.at);
  CHECK(l.zone == e.zone);
  CHECK(l.utc_offset == e.utc_offset);
  CHECK(l.substance == "alcohol");
  CHECK(l.substance_class == "alcohol");
  CHECK(l.amount == 2);
  CHECK(l.unit == "drink");
  CHECK(l.abv == 5);
  CHECK(l.cost == 4);
  CHECK(l.tested == true);
  CHECK(l.reason == "to relax");
  CHECK(l.note == "a note");
  CHECK(l.beverage == "beer");
  CHECK(l.place.empty());
  CHECK(l.with_whom.empty());
  CHECK(l.tags.empty());
  // For a review, the entry's zone and offset are left out too, the rest as light.
  q.for_review = true;
  auto r = store->query(q);
  REQUIRE(r.size() == 1);
  CHECK(r[0].zone.empty());
  CHECK(r[0].utc_offset == 0);
  CHECK(r[0].id == e.id);
  CHECK(r[0].reason == "to relax");
  CHECK(r[0].note == "a note");
  CHECK(r[0].tested == true);
  CHECK(r[0].beverage == "beer");
  // The full query still has everything.
  CHECK(store->query(EntryQuery{})[0].tags == e.tags);
}

TEST_CASE("each_row for the changes reads what changes_fields keeps, and nothing else") {
  // The review reads the period before only for the changes: the store leaves out the
  // columns changes_fields (trends.hpp) does not keep, and reads each it keeps.
  TempDir dir;
  auto store = Store::open((dir.path / "ebb.db").string());
  Entry u = use("alcohol", 1'700'000'000);
  u.abv = 5;
  u.beverage = "beer";
  u.route = "oral";
  u.alone = true;
  u.tested = false;
  u.cost = 7.5;
  u.reason = "unwind";
  u.felt = 6;
  Entry g;
  g.kind = Kind::urge;
  g.at = at(1'700'000'100);
  g.zone = "UTC";
  g.substance = "alcohol";
  g.intensity = 7;
  g.trigger = "payday";
  g.feeling = "restless";
  g.outcome = Outcome::rode_out;
  g.note = "walked it off";
  Entry m;
  m.kind = Kind::mood;
  m.at = at(1'700'000'200);
  m.zone = "UTC";
  m.score = 4;
  m.felt = 5;
  for (Entry* e : {&u, &g, &m}) store->add(*e, at(1'700'000'300));
  EntryQuery q;
  q.newest_first = false;
  std::vector<TrendEntry> whole, cut;
  store->each_row(q, [&](const TrendEntry& r) { whole.push_back(r); });
  q.for_changes = true;
  store->each_row(q, [&](const TrendEntry& r) { cut.push_back(r); });
  REQUIRE(whole.size() == 3);
  REQUIRE(cut.size() == 3);
  // The whole rows have what the cut ones leave out.
  CHECK(whole[0].route == "oral");
  CHECK(whole[0].alone == true);
  CHECK(whole[0].felt == 6);
  CHECK(whole[1].trigger == "payday");
  CHECK(whole[1].explained);
  for (size_t i = 0; i < 3; ++i) {
    const TrendEntry want = changes_fields(whole[i]);
    const TrendEntry& got = cut[i];
    CHECK(got.at == want.at);
    CHECK(got.kind == want.kind);
    CHECK(got.substance == want.substance);
    CHECK(got.substance_class == want.substance_class);
    CHECK(got.beverage == want.beverage);
    CHECK(got.unit == want.unit);
    CHECK(got.trigger == want.trigger);
    CHECK(got.feeling == want.feeling);
    CHECK(got.route == want.route);
    CHECK(got.outcome == want.outcome);
    CHECK(got.intensity == want.intensity);
    CHECK(got.score == want.score);
    CHECK(got.alone == want.alone);
    CHECK(got.tested == want.tested);
    CHECK(got.mood_before == want.mood_before);
    CHECK(got.felt == want.felt);
    CHECK(got.explained == want.explained);
    CHECK(std::optional<double>(got.amount) == std::optional<double>(want.amount));
    CHECK(std::optional<double>(got.abv) == std::optional<double>(want.abv));
    CHECK(std::optional<double>(got.cost) == std::optional<double>(want.cost));
  }
  CHECK(cut[0].beverage == "beer");
  CHECK(cut[1].intensity == 7);
  CHECK(cut[2].score == 4);
}
