#pragma once
/// The store: the only code that speaks SQL. One SQLite file in WAL mode, STRICT tables,
/// schema versioned with `PRAGMA user_version` and forward migrations, every write in a
/// `BEGIN IMMEDIATE` transaction with a busy timeout so concurrent processes never lose
/// an entry. Failures throw StoreError carrying the exit status to use.

#include <chrono>
#include <cstdint>
#include <map>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/util/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace ebb {

struct TrendEntry;

class CryptVfs;
class FileLock;
class SecretBytes;
struct CryptHeader;
struct KeySource;

using StoreError = Error;

struct EntryQuery {
  std::optional<Instant> since;  ///< at >= since
  std::optional<Instant> until;  ///< at < until
  std::optional<Kind> kind;
  std::string substance;         ///< canonical name; empty = any
  int limit = -1;                ///< -1 = no limit
  bool newest_first = true;
  /// Only what reminders, the plan, the review and the trends read: created/updated times,
  /// place, with whom, mood before, minutes, a mood's feelings and energy, and tags are left
  /// empty, so a long period costs less to read.
  bool light = false;
  /// For the review of a period (review, report): as light, and the entry's own zone and
  /// offset and an urge's intensity after are left empty too (none of what the review reads).
  bool for_review = false;
  /// each_row only: rows with only what the changes from a period before read
  /// (changes_fields in trends.hpp); the other columns are not read.
  bool for_changes = false;
};

/// One saved version of the plan text.
struct StoredPlan {
  int64_t id = 0;
  Instant saved_at{};
  std::string text;
};

/// What `undo` reverted: the changes of one command (`ebb rm A B` removes two entries, and
/// one `undo` brings both back).
struct Undone {
  std::string op;              ///< "add", "edit" or "rm"; "forget" when the change before is a
                               ///< forget, which undo can't take back (nothing was reverted)
  std::vector<Entry> entries;  ///< each entry as it was added / edited / removed, in the
                               ///< order the command changed them (empty for "forget")
};

/// Why `find` found no single entry.
enum class FindFailure { too_short, none, several };

/// What an import added.
struct ImportCounts {
  int64_t entries_added = 0;
  int64_t entries_updated = 0;  ///< stored ones replaced by a newer version from the file
  int64_t entries_kept = 0;     ///< stored ones edited in ebb since, kept as they are
  int64_t plans_added = 0;
};

/// Facts about a database file, read without changing it (`ebb diagnose`).
struct StoreInfo {
  std::string path;     ///< the file itself (a link followed)
  std::string foreign;  ///< the tables of an SQLite file that isn't ebb's; empty when it is
  int schema_version = 0;
  std::string journal_mode;
  int64_t uses = 0, urges = 0, moods = 0, plans = 0;
  std::optional<Instant> first_at, last_at;
  /// Encrypted: "page by page", or "whole image" (an older ebb's format, converted the next
  /// time ebb opens it); "" when plain. Reading the counts above needs the key, so for an
  /// encrypted file they stay 0.
  std::string encryption;
  std::string key_kind;  ///< "passphrase" or "key file"
  /// Leftovers of a copy that was cut off (encrypt, decrypt), which the next ebb removes.
  std::vector<std::string> leftovers;
};

/// The SQLite library version in use, "3.40.1".
std::string sqlite_version();

/// What `forget` erases. With `all`, everything the store holds; otherwise the entries that
/// match every condition given (at least one must be).
struct ForgetQuery {
  bool all = false;
  std::optional<Instant> before;  ///< at < before
  std::string substance;          ///< canonical name; empty = any
};

/// What `forget` did.
struct Forgotten {
  int64_t entries = 0;         ///< entries removed from the log
  int64_t undo_snapshots = 0;  ///< earlier versions of entries removed from the undo journal
  int64_t plans = 0;           ///< plan versions removed (only with `all`)
  /// False when another process kept reading the old version for the whole wait: the
  /// forgotten text is out of the log, but stays on disk in the database file and its -wal
  /// file until that reader is done.
  bool wal_cleared = true;
  /// False when the file couldn't be rewritten without its free pages (a full disk, another
  /// ebb that kept the database open for the whole wait); the forget itself is saved, and
  /// freed pages were zeroed all the same.
  bool compacted = true;
  /// Why not, when !compacted, as a clause: "the disk is full".
  std::string compaction_problem;
};

/// Latest schema version this build knows.
int latest_schema_version();

class Store {
 public:
  /// Reads facts about the database at `path` read-only: no file is created, nothing is
  /// migrated. Throws Error (kExitData) when it cannot be read.
  static StoreInfo inspect(const std::string& path);

  /// Opens the database at `path`, creating it (and its directory, 0700) when missing, and
  /// migrates it forward (after a backup copy `PATH.bak-<version>` when it held data).
  /// A file that is not an SQLite database, or comes from a newer ebb, is left untouched.
  /// An encrypted file (see crypt.hpp) is unlocked with a key from `keys` and read and written
  /// through a CryptVfs, page by page; one in the older whole-image format is converted first
  /// (the old file kept as `PATH.bak-crypt1`). While open, the store holds `PATH.lock` shared,
  /// and removes what an interrupted conversion left (see notices()).
  static std::unique_ptr<Store> open(const std::string& path, const KeySource* keys = nullptr);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Adds `e`, giving it an id (ULID) when it has none and created/updated times `now`.
  void add(Entry& e, Instant now);
  /// Replaces the stored entry with the same id; remembers the old one for undo.
  void update(Entry& e, Instant now);
  /// Removes the entry; remembers it for undo. False when no such id.
  bool remove(const std::string& id, Instant now);
  /// Runs `body` as one write transaction: the writes it makes through this store commit
  /// together (one sync to disk) or, when it throws, not at all. Reads inside see them, and
  /// `undo` takes back its changes together.
  void transaction(const std::function<void()>& body);
  /// Reverts the latest change not yet undone, with the others made in the same write
  /// transaction; nullopt when there is none. Never reaches past a forget: with only changes
  /// from before one left, it reverts nothing and says "forget".
  std::optional<Undone> undo();

  /// The entry whose id is `id`, starts with `id` or ends with it (at least 4 characters,
  /// any case; the log shows the end of each id). Sets *err (and *why) and returns nullopt
  /// when the id is too short, or none or several match.
  std::optional<Entry> find(std::string_view id, std::string* err, FindFailure* why = nullptr);
  std::vector<Entry> query(const EntryQuery& q);
  /// When the first and the latest entry of the whole log happened; nullopt for an empty log.
  std::pair<std::optional<Instant>, std::optional<Instant>> time_bounds();
  /// When the latest entry before `t` happened; nullopt when there is none.
  std::optional<Instant> latest_before(Instant t);
  /// How many entries `query(q)` would return.
  int64_t count_matching(const EntryQuery& q);
  /// Calls `visit` with each entry `q` matches, in order, one row at a time: a single Entry is
  /// in memory however long the history is.
  void each(const EntryQuery& q, const std::function<void(const Entry&)>& visit);
  /// The same as rows (TrendEntry: what the trends and the review read, without the id or
  /// the person's words), read straight from the columns they keep; `q.light` is implied.
  void each_row(const EntryQuery& q, const std::function<void(const TrendEntry&)>& visit);
  /// Runs `body` in one read transaction: all it reads is from the same moment, while other
  /// processes go on writing.
  void read(const std::function<void()>& body);
  /// Adds entries that are not stored yet (by id) in one transaction; returns how many.
  int64_t import_entries(const std::vector<Entry>& entries);
  /// Adds entries not stored yet (by id) and plan versions not stored yet (by saved_at and
  /// text, oldest first), all in one transaction: all or nothing. An entry whose id is stored
  /// already with other content replaces it when the stored one was not changed later than
  /// the file's (updated_at): an edit made in the other app comes in, an edit made in ebb
  /// since stays (counted as kept). A replaced entry is journaled like an edit, so `undo`
  /// brings the old version back; added ones are not journaled (undo does not take them
  /// back). `progress(rows_done)` is called every few hundred rows.
  ImportCounts import_all(const std::vector<Entry>& entries, const std::vector<StoredPlan>& plans,
                          const std::function<void(size_t)>& progress = {});
  /// An import being written: entries go in as they are read, inside the one write
  /// transaction import() runs, so memory holds one entry at a time, not the file.
  class Import {
   public:
    /// Adds `e`; true when it was added. An entry with its id stored already stays when it
    /// holds the same, or was changed here after `e` was (counted as kept); otherwise `e`
    /// replaces it (counted as updated), and undo brings back the one before.
    bool add(const Entry& e);
    /// Adds the plan versions not stored yet (by saved_at and text), oldest first.
    void add_plans(const std::vector<StoredPlan>& plans);
    const ImportCounts& counts() const { return counts_; }

   private:
    friend class Store;
    explicit Import(Store& s) : store_(s) {}
    void replace(const Entry& e);
    Store& store_;
    ImportCounts counts_;
  };
  /// Runs `body` as one write transaction that imports: all of it is added, or (when `body`
  /// throws) none of it. New entries are not journaled (undo does not take them back);
  /// replaced ones are.
  ImportCounts import(const std::function<void(Import&)>& body);
  int64_t count(std::optional<Kind> kind);
  /// Distinct substance names in the log, most used first.
  std::vector<std::string> substances();
  /// True when some entry has `unit` (as stored, canonical or the person's own word).
  bool unit_in_log(std::string_view unit);

  int64_t save_plan(std::string_view text, Instant now);
  std::vector<StoredPlan> plans();  ///< oldest first

  /// The latest use of each substance before `before` (substance -> when), for breaks longer
  /// than the entries a command loads.
  std::map<std::string, Instant> last_use_by_substance(Instant before);

  std::optional<Instant> reminder_shown_at(std::string_view key);
  void mark_reminders_shown(const std::vector<std::string>& keys, Instant now);

  /// Copies the whole database, as it is at one moment, to a new file `dest` (mode 0600)
  /// while other processes may keep writing: encrypted with the same key when the database
  /// is. The copy is opened and checked (integrity_check) before it appears under its name;
  /// an interrupted backup leaves no file. Refuses to overwrite an existing file. Returns the
  /// number of entries in the copy.
  int64_t backup_to(const std::string& dest);

  /// How many entries `forget(q)` would remove from the log.
  int64_t forget_count(const ForgetQuery& q);
  /// Erases for real: deletes with secure_delete on (freed pages are zeroed), drops the undo
  /// journal rows that hold copies of what is forgotten, and saves that; then empties the WAL
  /// into the file and rewrites the file without its free pages, the way encrypt does (a
  /// checked copy beside it, renamed over it once no other ebb has it open, with the same key
  /// when encrypted), so the text is left neither in free pages nor in the WAL.
  Forgotten forget(const ForgetQuery& q);

  int schema_version();
  const std::string& path() const { return path_; }
  /// The file itself (a link followed), beside which ebb keeps its lock, copies and backups.
  const std::string& real_path() const { return real_path_; }

  /// `notice` is called once when a command has waited a second for another process that
  /// holds the database (a forget, a long import), so the person knows what is happening.
  void on_wait(std::function<void()> notice) { on_wait_ = std::move(notice); }

  /// How long to wait for other processes that hold the database (for SQLite's locks, and for
  /// other ebbs to close it before a rewrite): a minute unless told; for tests.
  void patience(std::chrono::milliseconds wait) { patience_ = wait; }

  /// For tests: calls `seen` with the SQL of each statement this store runs from now on (an
  /// empty function stops it), so a test can ask SQLite how the store's own queries run.
  void on_statement(std::function<void(const std::string& sql)> seen);
  /// SQLite's plan for `sql` on this database (EXPLAIN QUERY PLAN), one step a line.
  std::string query_plan(const std::string& sql);

  /// True when the file on disk is encrypted.
  bool encrypted() const { return vfs_ != nullptr; }
  /// Encrypts the file with `h` and `key` (or re-encrypts an encrypted one with them): waits
  /// until no other ebb has the database open, copies it page by page into a new encrypted
  /// file, checks that copy (integrity_check, the same rows) and renames it over the old one.
  /// An interruption leaves the old file as it was. Refuses (exit 3) when another ebb changed
  /// the file since this store opened it.
  void encrypt(const CryptHeader& h, SecretBytes key);
  /// Writes the file back as plain SQLite (WAL mode), the same way.
  void decrypt();
  /// Things the person should know about opening (a converted file, leftovers removed).
  const std::vector<std::string>& notices() const { return notices_; }

 private:
  Store(sqlite3* db, std::string path);
  void migrate();
  template <class F>
  void write(F&& body);
  // Records a change of entry `id` for undo, in the batch of the write under way; for an edit
  // or removal, with a copy of the row as it is before.
  void journal(const char* op, const std::string& id, Instant now);
  // Undoes one journal row; returns the entry as the change left it.
  Entry revert(int64_t seq, const std::string& op, const std::string& id);
  // Encrypted files, copies and conversions (store_crypt.cpp).
  static std::unique_ptr<Store> open_encrypted(const std::string& path, const std::string& real,
                                               const KeySource* keys,
                                               std::unique_ptr<FileLock> lock,
                                               std::vector<std::string> notices);
  // Writes the file anew, the old one replaced once a checked copy is ready (see encrypt):
  // encrypted with `h` and `key`, or plain when `h` is null. Throws CopyError, LockTimeout or
  // Error, with the old file as it was and open again.
  void rewrite(const CryptHeader* h, const SecretBytes* key, const std::string& doing);
  // The file rewritten as it is (the same key, when encrypted), without its free pages.
  void compact();
  void reopen();          // db_ on real_path_, through vfs_ when encrypted
  void make_upgrade_copy(const std::string& backup);
  void check_not_replaced();  // the file was replaced (another ebb converted it) meanwhile
  bool settle_wal();  // all of the WAL in the file and the WAL emptied; false: a reader
  void finalize_statements();  // before the connection closes

 public:
  /// Statements prepared once for the life of a connection, by their SQL: a look-up run many
  /// times (a reminder's "shown at", an insert per imported row) is parsed once. A statement
  /// is lent out whole (two uses of the same SQL at once get two), reset when it comes back,
  /// and finalised before the connection closes or is reopened.
  class Statements {
   public:
    ~Statements();
    sqlite3_stmt* borrow(sqlite3* db, const std::string& sql);  // nullptr: prepare failed
    void give_back(const std::string& sql, sqlite3_stmt* s);
    void clear();  // finalises every statement held
    size_t size() const { return held_.size(); }
    int64_t prepared() const { return prepared_; }

   private:
    std::vector<std::pair<std::string, sqlite3_stmt*>> held_;
    int64_t prepared_ = 0;
  };
  /// For tests: how many statements are kept, and how many were ever prepared.
  const Statements& statements() const { return stmts_; }

 private:
  Statements stmts_;

  std::unique_ptr<FileLock> lock_;  // PATH.lock, shared while the database is open
  std::unique_ptr<CryptVfs> vfs_;   // encrypted files only
  sqlite3* db_;
  std::string path_;       // as given, for messages
  std::string real_path_;  // the file itself (symbolic links resolved) for locks and renames
  bool lock_was_there_ = true;  // false: this store made PATH.lock
  std::vector<std::string> notices_;
  uint64_t file_dev_ = 0, file_ino_ = 0;  // the file this store opened
  bool writing_ = false;                   // inside write()
  int64_t batch_ = 0;                      // seq of the write's first journal row, once made
  std::function<void(const std::string&)> on_statement_;
  // Waiting for other processes (SQLite's busy handler).
  static int busy_handler(void* store, int count);
  std::function<void()> on_wait_;
  std::chrono::milliseconds patience_{};  // how long to wait for the database
  std::chrono::steady_clock::time_point wait_start_{};
  bool told_ = false;
};

/// One line for the person when the database file (or the folder ebb keeps it in) can be read
/// by other people on this machine, naming the chmod that fixes it; empty when it is private.
/// ebb never changes the modes of existing files itself.
std::string privacy_warning(const std::string& db_path);

/// A new ULID: 48-bit millisecond time + 80 random bits, Crockford base32 (26 characters).
std::string new_ulid(Instant now);

}  // namespace ebb
