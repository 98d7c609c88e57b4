#pragma once
/// What the parts of the store share, private to src/store/ (store.cpp opens and checks the
/// file, store_schema.cpp migrates it, store_entries.cpp reads and writes entries,
/// store_forget.cpp forgets): the column lists, a prepared statement, and the write
/// transaction every change goes through.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ebb/core/time.hpp"
#include "ebb/store/store.hpp"

namespace ebb {

// How long a command waits for another process to finish with the database.
constexpr int kBusyTimeoutMs = 60000;

// The columns of schema 1 to 3, as text: migration 1 creates them and migration 4 copies them
// over. Literals, so the lists below are built from them at compile time.
#define EBB_ENTRY_COLUMNS_V1                                                                \
  "id, kind, at, zone, utc_offset, created_at, updated_at, substance, class, amount, unit, " \
  "abv, route, place, with_whom, alone, cost, reason, tested, mood_before, intensity, "      \
  "urge_trigger, feeling, wanted, outcome, outcome_note, minutes, intensity_after, score, "  \
  "feelings, energy, note, tags"
// Every column's definition after `kind`, as in schema 1.
#define EBB_ENTRY_DEFS_AFTER_KIND                                                           \
  "at INTEGER NOT NULL, zone TEXT NOT NULL, utc_offset INTEGER NOT NULL, "                  \
  "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, "                              \
  "substance TEXT, class TEXT, amount REAL, unit TEXT, abv REAL, route TEXT, place TEXT, "  \
  "with_whom TEXT, alone INTEGER, cost REAL, reason TEXT, tested INTEGER, "                 \
  "mood_before INTEGER, intensity INTEGER, urge_trigger TEXT, feeling TEXT, wanted TEXT, "  \
  "outcome TEXT, outcome_note TEXT, minutes INTEGER, intensity_after INTEGER, "             \
  "score INTEGER, feelings TEXT, energy INTEGER, note TEXT, tags TEXT"

// The page cache of every connection: 512 KiB, not SQLite's 2 MiB. A command reads each page
// of a period about once and the b-trees' inner pages fit; the rest was memory touched for
// nothing (review --since 365d at 100k: 1454 -> 1067 page faults, 3% faster; importing 1M
// entries 2% slower, at the same peak).
constexpr const char* kPageCache = "PRAGMA cache_size = -512";

// Column list shared by the entries table, the undo journal and every SELECT, so the three
// can never drift apart.
constexpr const char* kEntryColumns = EBB_ENTRY_COLUMNS_V1 ", beverage, felt";
constexpr int kEntryColumnCount = 35;
constexpr const char* kEntryColumnsV1 = EBB_ENTRY_COLUMNS_V1;
// The same columns for a light query (EntryQuery::light): what reminders, the plan, the
// review and the trends never read is NULL, in its place, so one reader serves both. The
// review quotes reasons, notes, triggers and what urges wanted, the trends count feelings.
constexpr const char* kEntryColumnsLight =
    "id, kind, at, zone, utc_offset, NULL, NULL, substance, class, amount, unit, abv, route, "
    "NULL, NULL, alone, cost, reason, tested, NULL, intensity, urge_trigger, feeling, wanted, "
    "outcome, "
    "outcome_note, NULL, intensity_after, score, NULL, NULL, note, NULL, beverage, felt";
// For the review of a period (EntryQuery::for_review): the light columns without the entry's
// own zone and offset and an urge's intensity after, which neither the review, its safety
// notes, the person's words nor the trends read.
constexpr const char* kEntryColumnsReview =
    "id, kind, at, NULL, NULL, NULL, NULL, substance, class, amount, unit, abv, route, "
    "NULL, NULL, alone, cost, reason, tested, NULL, intensity, urge_trigger, feeling, wanted, "
    "outcome, "
    "outcome_note, NULL, NULL, score, NULL, NULL, note, NULL, beverage, felt";

// Schema 1's columns; never changed, since migration 1 creates them (see kEntryColumnDefsV4).
constexpr const char* kEntryColumnDefs =
    "id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('use','urge','mood')), "
    EBB_ENTRY_DEFS_AFTER_KIND;

// Schema 4: a "none" kind (`ebb none`, a day recorded with nothing used) and the beverage the
// person named for a drink ("beer", "vodka"), kept beside substance = alcohol.
constexpr const char* kEntryColumnDefsV4 =
    "id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('use','urge','mood','none')), "
    EBB_ENTRY_DEFS_AFTER_KIND ", beverage TEXT";

// A failed SQLite call as a message in ebb's voice. What an encrypted database's VFS refused
// (a page that fails its authentication check) is a damaged file, not an ebb error: say what
// it found. The faults a disk has (full, read-only, held by another program, failing) say
// what happened, and that the write didn't happen: every write is one transaction, rolled
// back whole.
[[noreturn]] void fail_sql(sqlite3* db, const char* message = nullptr);

// A copy or rewrite of the file (store_crypt.cpp) that didn't happen: the message for a
// command that stops there, and what went wrong as a clause ("the disk is full") for one that
// goes on without it (forget, whose deletion holds when its compaction doesn't).
class CopyError : public StoreError {
 public:
  CopyError(int exit_code, const std::string& message, std::string why)
      : StoreError(exit_code, message), why_(std::move(why)) {}
  const std::string& why() const { return why_; }

 private:
  std::string why_;
};

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) fail_sql(db);
  }
  // A statement kept by the store for the life of its connection: prepared the first time,
  // reset and given back when done.
  Stmt(Store::Statements& cache, sqlite3* db, std::string sql)
      : db_(db), cache_(&cache), sql_(std::move(sql)) {
    s_ = cache.borrow(db, sql_);
    if (!s_) fail_sql(db);
  }
  ~Stmt() {
    if (!cache_) {
      sqlite3_finalize(s_);
      return;
    }
    reset();
    cache_->give_back(sql_, s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  void bind(int i, std::string_view v) {  // empty text is NULL: a field not given
    if (v.empty()) sqlite3_bind_null(s_, i);
    else bind_text(i, v);
  }
  void bind_text(int i, std::string_view v) {  // always text, "" included
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, Instant t) { bind(i, static_cast<int64_t>(t.time_since_epoch().count())); }
  void bind(int i, std::optional<double> v) {
    if (v) sqlite3_bind_double(s_, i, *v);
    else sqlite3_bind_null(s_, i);
  }
  void bind(int i, std::optional<int> v) {
    if (v) sqlite3_bind_int64(s_, i, *v);
    else sqlite3_bind_null(s_, i);
  }
  void bind(int i, std::optional<bool> v) {
    if (v) sqlite3_bind_int64(s_, i, *v ? 1 : 0);
    else sqlite3_bind_null(s_, i);
  }

  /// True while there is a row.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail_sql(db_);
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  // Each column is fetched with one call into SQLite (sqlite3_column_value) and read from the
  // value, rather than two or three sqlite3_column_* calls that each look the column up again:
  // a long report reads hundreds of thousands of columns. Reading such a value is safe on a
  // connection used by one thread (every ebb connection is opened NOMUTEX and never shared).
  // Columns the SELECT gives as a NULL literal (a light query keeps its reader's places,
  // null_columns()): read as NULL without asking SQLite, a call a column a row saved.
  void set_known_null(uint64_t columns) { known_null_ = columns; }
  bool is_known_null(int c) const { return c < 64 && (known_null_ >> c & 1) != 0; }

  // The column's value, or nullptr when it is NULL.
  sqlite3_value* value(int c) {
    if (is_known_null(c)) return nullptr;
    sqlite3_value* v = sqlite3_column_value(s_, c);
    return sqlite3_value_type(v) == SQLITE_NULL ? nullptr : v;
  }
  bool is_null(int c) { return value(c) == nullptr; }
  int64_t integer(int c) { return is_known_null(c) ? 0 : sqlite3_column_int64(s_, c); }
  std::string text(int c) {
    std::string out;
    text_into(c, out);
    return out;
  }
  // The text of a column as it is in the row: valid until the statement steps or resets.
  // NULL reads as "".
  std::string_view view(int c) {
    if (is_known_null(c)) return {};
    sqlite3_value* v = sqlite3_column_value(s_, c);
    const void* p = sqlite3_value_blob(v);
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v))};
  }
  // Into a string already there: a row read over one before reuses its room. A TEXT value is
  // taken as its bytes (sqlite3_value_blob: no conversion, and no copy made to end it with a
  // NUL); NULL and "" both leave `out` empty.
  void text_into(int c, std::string& out) {
    std::string_view v = view(c);
    if (v.empty()) out.clear();
    else out.assign(v.data(), v.size());
  }
  std::optional<double> opt_real(int c) {
    sqlite3_value* v = value(c);
    if (!v) return std::nullopt;
    return sqlite3_value_double(v);
  }
  std::optional<int> opt_int(int c) {
    sqlite3_value* v = value(c);
    if (!v) return std::nullopt;
    return static_cast<int>(sqlite3_value_int64(v));
  }
  std::optional<bool> opt_bool(int c) {
    sqlite3_value* v = value(c);
    if (!v) return std::nullopt;
    return sqlite3_value_int64(v) != 0;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  Store::Statements* cache_ = nullptr;
  std::string sql_;
  uint64_t known_null_ = 0;
};

// The places of the NULL literals in a column list ("id, NULL, at" -> bit 1), for
// Stmt::set_known_null.
uint64_t null_columns(std::string_view columns);

void exec(sqlite3* db, const std::string& sql);

// The first few tables of an SQLite file at schema version 0, which a new ebb database has
// none of (ebb's first step creates its tables and sets the version in one transaction): a
// file with tables of its own is someone else's. "" when there are none.
std::string foreign_tables(sqlite3* db);

template <class F>
void Store::write(F&& body) {
  if (writing_) {  // part of a transaction() already under way
    body();
    return;
  }
  struct Writing {
    explicit Writing(bool& flag) : flag(flag) { flag = true; }
    ~Writing() { flag = false; }
    bool& flag;
  } writing(writing_);
  batch_ = 0;
  exec(db_, "BEGIN IMMEDIATE");
  try {
    check_not_replaced();
    body();
    exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace ebb
