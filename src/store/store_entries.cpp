#include "ebb/store/store.hpp"

#include <sqlite3.h>
#include <sys/random.h>

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ebb/util/exit_codes.hpp"
#include "ebb/util/prefault.hpp"
#include "ebb/core/trends.hpp"
#include "store_sql.hpp"

namespace ebb {

namespace {

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += '\n';
    out += items[i];
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

void bind_entry(Stmt& s, const Entry& e, int first) {
  int i = first;
  s.bind(i++, e.id);
  s.bind(i++, kind_name(e.kind));
  s.bind(i++, e.at);
  s.bind(i++, e.zone);
  s.bind(i++, static_cast<int64_t>(e.utc_offset));
  s.bind(i++, e.created_at);
  s.bind(i++, e.updated_at);
  s.bind(i++, e.substance);
  s.bind(i++, e.substance_class);
  s.bind(i++, e.amount);
  s.bind(i++, e.unit);
  s.bind(i++, e.abv);
  s.bind(i++, e.route);
  s.bind(i++, e.place);
  s.bind(i++, e.with_whom);
  s.bind(i++, e.alone);
  s.bind(i++, e.cost);
  s.bind(i++, e.reason);
  s.bind(i++, e.tested);
  s.bind(i++, e.mood_before);
  s.bind(i++, e.intensity);
  s.bind(i++, e.trigger);
  s.bind(i++, e.feeling);
  s.bind(i++, e.wanted);
  s.bind(i++, outcome_name(e.outcome));
  s.bind(i++, e.outcome_note);
  s.bind(i++, e.minutes);
  s.bind(i++, e.intensity_after);
  s.bind(i++, e.score);
  s.bind(i++, join_lines(e.feelings));
  s.bind(i++, e.energy);
  s.bind(i++, e.note);
  s.bind(i++, join_lines(e.tags));
  s.bind(i++, e.beverage);
  s.bind(i++, e.felt);
}

void read_entry_into(Stmt& s, Entry& e) {
  int i = 0;
  s.text_into(i++, e.id);
  parse_kind(s.view(i++), &e.kind);
  e.at = Instant{std::chrono::seconds{s.integer(i++)}};
  s.text_into(i++, e.zone);
  e.utc_offset = static_cast<int>(s.integer(i++));
  e.created_at = Instant{std::chrono::seconds{s.integer(i++)}};
  e.updated_at = Instant{std::chrono::seconds{s.integer(i++)}};
  s.text_into(i++, e.substance);
  s.text_into(i++, e.substance_class);
  e.amount = s.opt_real(i++);
  s.text_into(i++, e.unit);
  e.abv = s.opt_real(i++);
  s.text_into(i++, e.route);
  s.text_into(i++, e.place);
  s.text_into(i++, e.with_whom);
  e.alone = s.opt_bool(i++);
  e.cost = s.opt_real(i++);
  s.text_into(i++, e.reason);
  e.tested = s.opt_bool(i++);
  e.mood_before = s.opt_int(i++);
  e.intensity = s.opt_int(i++);
  s.text_into(i++, e.trigger);
  s.text_into(i++, e.feeling);
  s.text_into(i++, e.wanted);
  parse_outcome(s.view(i++), &e.outcome);
  s.text_into(i++, e.outcome_note);
  e.minutes = s.opt_int(i++);
  e.intensity_after = s.opt_int(i++);
  e.score = s.opt_int(i++);
  e.feelings = split_lines(s.text(i++));
  e.energy = s.opt_int(i++);
  s.text_into(i++, e.note);
  e.tags = split_lines(s.text(i++));
  s.text_into(i++, e.beverage);
  e.felt = s.opt_int(i++);
}

Entry read_entry(Stmt& s) {
  Entry e;
  read_entry_into(s, e);
  return e;
}

std::string placeholders(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

std::string new_ulid(Instant now) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // Millisecond part from the real clock when it is later than `now` (EBB_NOW pins `now`,
  // but ids of entries logged in one run should still sort by creation).
  auto real_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch())
                    .count();
  uint64_t ms = static_cast<uint64_t>(std::max<int64_t>(real_ms, now_ms));
  unsigned char rnd[10];
  size_t got = 0;
  while (got < sizeof rnd) {
    ssize_t r = getrandom(rnd + got, sizeof rnd - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw StoreError(kExitInternal, "Couldn't get random bytes for a new id.");
    }
    got += static_cast<size_t>(r);
  }
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[i] = kAlphabet[ms & 31];
    ms >>= 5;
  }
  // 80 random bits -> 16 characters of 5 bits, most significant first.
  for (int c = 0; c < 16; ++c) {
    unsigned v = 0;
    for (int b = 0; b < 5; ++b) {
      int bit = c * 5 + b;
      v = (v << 1) | ((rnd[bit / 8] >> (7 - bit % 8)) & 1u);
    }
    out[10 + c] = kAlphabet[v];
  }
  return out;
}

void Store::add(Entry& e, Instant now) {
  if (e.id.empty()) e.id = new_ulid(now);
  e.created_at = now;
  e.updated_at = now;
  write([&] {
    Stmt ins(stmts_, db_, fmt::format("INSERT INTO entries ({}) VALUES ({})", kEntryColumns,
                              placeholders(kEntryColumnCount)));
    bind_entry(ins, e, 1);
    ins.step();
    journal("add", e.id, now);
  });
}

namespace {
void delete_entry(sqlite3* db, const std::string& id) {
  Stmt del(db, "DELETE FROM entries WHERE id = ?");
  del.bind(1, id);
  del.step();
}

// Marks journal row `seq` as undone.
void mark_undone(sqlite3* db, int64_t seq) {
  Stmt mark(db, "UPDATE journal SET undone = 1 WHERE seq = ?");
  mark.bind(1, seq);
  mark.step();
}
}  // namespace

void Store::journal(const char* op, const std::string& id, Instant now) {
  Stmt j(stmts_, db_,
         fmt::format("INSERT INTO journal (at, op, entry_id, batch) VALUES (?, '{}', ?, ?)", op));
  j.bind(1, now);
  j.bind(2, id);
  if (batch_) j.bind(3, batch_);
  j.step();
  int64_t seq = sqlite3_last_insert_rowid(db_);
  if (!batch_) batch_ = seq;
  if (std::string_view(op) == "add") return;
  // The stored row of `id` before the change, for undo.
  Stmt copy(db_, fmt::format("INSERT INTO journal_before (seq, {0}) SELECT ?, {0} FROM entries "
                             "WHERE id = ?",
                             kEntryColumns));
  copy.bind(1, seq);
  copy.bind(2, id);
  copy.step();
}

void Store::update(Entry& e, Instant now) {
  e.updated_at = now;
  write([&] {
    journal("edit", e.id, now);
    delete_entry(db_, e.id);
    Stmt ins(db_, fmt::format("INSERT INTO entries ({}) VALUES ({})", kEntryColumns,
                              placeholders(kEntryColumnCount)));
    bind_entry(ins, e, 1);
    ins.step();
  });
}

bool Store::remove(const std::string& id, Instant now) {
  bool found = false;
  write([&] {
    Stmt chk(db_, "SELECT 1 FROM entries WHERE id = ?");
    chk.bind(1, id);
    found = chk.step();
    if (!found) return;
    journal("rm", id, now);
    delete_entry(db_, id);
  });
  return found;
}

std::optional<Undone> Store::undo() {
  std::optional<Undone> result;
  write([&] {
    // Never past a forget: the journal as it was then is gone for undo.
    Stmt barrier(db_, "SELECT max(seq) FROM undo_barrier");
    int64_t forgot = -1;
    if (barrier.step() && !barrier.is_null(0)) forgot = barrier.integer(0);
    // The latest change not undone, and the rest of the command it was part of: its first
    // row (the batch's seq) and every later row naming it.
    Stmt last(db_, "SELECT seq, coalesce(batch, seq) FROM journal WHERE undone = 0 AND seq > ? "
                   "ORDER BY seq DESC LIMIT 1");
    last.bind(1, forgot);
    if (!last.step()) {
      if (forgot >= 0) {  // the change before is a forget, which undo can't take back
        result.emplace();
        result->op = "forget";
      }
      return;
    }
    int64_t latest = last.integer(0), first = std::max(last.integer(1), forgot + 1);
    Stmt rows(db_, "SELECT seq, op, entry_id FROM journal WHERE undone = 0 AND seq BETWEEN ? AND ? "
                   "AND (seq = ? OR batch = ?) ORDER BY seq DESC");
    rows.bind(1, first);
    rows.bind(2, latest);
    rows.bind(3, last.integer(1));
    rows.bind(4, last.integer(1));
    Undone u;
    while (rows.step()) {
      int64_t seq = rows.integer(0);
      u.op = rows.text(1);
      u.entries.insert(u.entries.begin(), revert(seq, u.op, rows.text(2)));
    }
    result = std::move(u);
  });
  return result;
}

Entry Store::revert(int64_t seq, const std::string& op, const std::string& id) {
  // An added entry is as it is now; an edited or removed one as its journal copy has it.
  const bool added = op == "add";
  Entry before;
  Stmt get(db_, fmt::format("SELECT {} FROM {} WHERE {} = ?", kEntryColumns,
                            added ? "entries" : "journal_before", added ? "id" : "seq"));
  if (added) get.bind(1, id);
  else get.bind(1, seq);
  if (get.step()) before = read_entry(get);
  delete_entry(db_, id);
  if (!added) {
    Stmt put(db_, fmt::format("INSERT INTO entries ({0}) SELECT {0} FROM journal_before "
                              "WHERE seq = ?",
                              kEntryColumns));
    put.bind(1, seq);
    put.step();
  }
  mark_undone(db_, seq);
  return before;
}

std::optional<Entry> Store::find(std::string_view id, std::string* err, FindFailure* why) {
  FindFailure ignored;
  if (!why) why = &ignored;
  std::string want(id);
  for (auto& c : want) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (want.size() < 4) {
    *why = FindFailure::too_short;
    *err = fmt::format("\"{}\" is too short to find an entry; give at least 4 characters of "
                       "its id (ebb log shows them).",
                       id);
    return std::nullopt;
  }
  // Ids are upper-case base32, so a prefix is a range scan on the primary key. The log shows
  // the end of each id (the random part), so a unique ending works too; that one reads every
  // id, so a whole id (26 characters: its own prefix and ending) skips it.
  const bool whole = want.size() >= 26;
  Stmt s(stmts_, db_, whole ? fmt::format("SELECT {} FROM entries WHERE id >= ? AND id < ? LIMIT 2",
                                  kEntryColumns)
                    : fmt::format("SELECT {} FROM entries WHERE id >= ? AND id < ? UNION "
                                  "SELECT {} FROM entries WHERE substr(id, -?) = ? LIMIT 2",
                                  kEntryColumns, kEntryColumns));
  s.bind(1, want);
  s.bind(2, want + "\x7f");
  if (!whole) {
    s.bind(3, static_cast<int64_t>(want.size()));
    s.bind(4, want);
  }
  std::vector<Entry> found;
  while (s.step()) found.push_back(read_entry(s));
  if (found.empty()) {
    *why = FindFailure::none;
    *err = fmt::format("No entry has the id {}. ebb log shows the ids.", id);
    return std::nullopt;
  }
  if (found.size() > 1) {
    *why = FindFailure::several;
    *err = fmt::format("More than one entry starts with {}; give a few more characters.", id);
    return std::nullopt;
  }
  return found.front();
}

namespace {

// The WHERE clause of an entry query, with a function binding its parameters from 1 on (it
// returns the next free index).
struct EntryFilter {
  explicit EntryFilter(const EntryQuery& q) : q(q) {
    if (q.since) where += " AND at >= :since";
    if (q.until) where += " AND at < :until";
    if (q.kind) where += " AND kind = :kind";
    if (!q.substance.empty()) where += " AND substance = :substance";
  }
  int bind(Stmt& s) const {
    int i = 1;
    if (q.since) s.bind(i++, *q.since);
    if (q.until) s.bind(i++, *q.until);
    if (q.kind) s.bind(i++, kind_name(*q.kind));
    if (!q.substance.empty()) s.bind(i++, q.substance);
    return i;
  }
  std::string select() const {
    std::string sql = fmt::format("SELECT {} FROM entries{}", columns, where);
    sql += q.newest_first ? " ORDER BY at DESC, id DESC" : " ORDER BY at, id";
    if (q.limit >= 0) sql += " LIMIT :limit";
    return sql;
  }
  void bind_select(Stmt& s) const {
    s.set_known_null(nulls);
    int i = bind(s);
    if (q.limit >= 0) s.bind(i, static_cast<int64_t>(q.limit));
  }
  const EntryQuery& q;
  std::string where = " WHERE 1";
  // What is selected, and which of it are NULL literals (worked out once a list).
  const char* columns = q.for_review ? kEntryColumnsReview : q.light ? kEntryColumnsLight
                                                                     : kEntryColumns;
  uint64_t nulls = q.for_review ? review_nulls() : q.light ? light_nulls() : 0;

  static uint64_t light_nulls() {
    static const uint64_t nulls = null_columns(kEntryColumnsLight);
    return nulls;
  }
  static uint64_t review_nulls() {
    static const uint64_t nulls = null_columns(kEntryColumnsReview);
    return nulls;
  }
};

}  // namespace

std::vector<Entry> Store::query(const EntryQuery& q) {
  EntryFilter f(q);
  std::vector<Entry> out;
  // The count and the rows come from one read transaction, so the count is the number of rows
  // that follow: they are read straight into place, never moved while the vector grows.
  read([&] {
    if (q.limit >= 0 && q.limit <= 1000) {
      out.reserve(static_cast<size_t>(q.limit));  // a few rows: no need to count them first
    } else {
      out.reserve(static_cast<size_t>(count_matching(q)));
      prefault(out.data(), out.capacity() * sizeof(Entry));
    }
    Stmt s(stmts_, db_, f.select());
    f.bind_select(s);
    while (s.step()) read_entry_into(s, out.emplace_back());
  });
  return out;
}

std::pair<std::optional<Instant>, std::optional<Instant>> Store::time_bounds() {
  // Two look-ups at the ends of the (at, id) index; min() and max() in one SELECT would scan.
  Stmt s(stmts_, db_, "SELECT (SELECT min(at) FROM entries), (SELECT max(at) FROM entries)");
  std::pair<std::optional<Instant>, std::optional<Instant>> out;
  if (s.step() && !s.is_null(0)) {
    out.first = Instant{std::chrono::seconds{s.integer(0)}};
    out.second = Instant{std::chrono::seconds{s.integer(1)}};
  }
  return out;
}

std::optional<Instant> Store::latest_before(Instant t) {
  Stmt s(stmts_, db_, "SELECT max(at) FROM entries WHERE at < ?");
  s.bind(1, t);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return Instant{std::chrono::seconds{s.integer(0)}};
}

int64_t Store::count_matching(const EntryQuery& q) {
  EntryFilter f(q);
  Stmt count(stmts_, db_, "SELECT count(*) FROM entries" + f.where);
  f.bind(count);
  count.step();
  int64_t n = count.integer(0);
  return q.limit >= 0 ? std::min<int64_t>(n, q.limit) : n;
}

void Store::each(const EntryQuery& q, const std::function<void(const Entry&)>& visit) {
  EntryFilter f(q);
  Stmt s(stmts_, db_, f.select());
  f.bind_select(s);
  Entry e;
  while (s.step()) {
    read_entry_into(s, e);
    visit(e);
  }
}

void Store::each_row(const EntryQuery& q, const std::function<void(const TrendEntry&)>& visit) {
  // Only the columns a row keeps, and whether a reason or a note says what was going on
  // (not their text): a long period's rows cost less to read than its entries.
  // For the changes alone, NULL (no column read) for what changes_fields leaves empty.
  static constexpr const char* kRow =
      "kind, at, substance, class, amount, unit, abv, route, alone, cost, tested, "
      "intensity, urge_trigger, feeling, outcome, score, beverage, felt, "
      "coalesce(reason, '') != '' OR coalesce(note, '') != ''";
  static constexpr const char* kChanges =
      "kind, at, substance, class, amount, unit, abv, NULL, NULL, cost, NULL, "
      "intensity, NULL, NULL, outcome, score, beverage, NULL, 0";
  static const uint64_t changes_nulls = null_columns(kChanges);
  EntryFilter f(q);
  f.columns = q.for_changes ? kChanges : kRow;
  f.nulls = q.for_changes ? changes_nulls : 0;
  Stmt s(stmts_, db_, f.select());
  f.bind_select(s);
  Entry e;  // the fields a row reads, the rest left empty
  while (s.step()) {
    int i = 0;
    parse_kind(s.view(i++), &e.kind);
    e.at = Instant{std::chrono::seconds{s.integer(i++)}};
    s.text_into(i++, e.substance);
    s.text_into(i++, e.substance_class);
    e.amount = s.opt_real(i++);
    s.text_into(i++, e.unit);
    e.abv = s.opt_real(i++);
    s.text_into(i++, e.route);
    e.alone = s.opt_bool(i++);
    e.cost = s.opt_real(i++);
    e.tested = s.opt_bool(i++);
    e.intensity = s.opt_int(i++);
    s.text_into(i++, e.trigger);
    s.text_into(i++, e.feeling);
    parse_outcome(s.view(i++), &e.outcome);
    e.score = s.opt_int(i++);
    s.text_into(i++, e.beverage);
    e.felt = s.opt_int(i++);
    TrendEntry row(e);
    row.explained = s.integer(i++) != 0;
    visit(row);
  }
}

bool Store::Import::add(const Entry& e) {
  // Made once: an import calls this for every row.
  static const std::string sql = fmt::format("INSERT OR IGNORE INTO entries ({}) VALUES ({})",
                                             kEntryColumns, placeholders(kEntryColumnCount));
  Stmt ins(store_.stmts_, store_.db_, sql);
  bind_entry(ins, e, 1);
  ins.step();
  bool added = sqlite3_changes(store_.db_) > 0;
  counts_.entries_added += added;
  if (!added) replace(e);
  return added;
}

void Store::Import::replace(const Entry& e) {
  // An entry of the file whose id is stored already: the same content is here already; other
  // content (edited in the app it came from) replaces the stored entry, unless that was
  // changed later here, and the old version is journaled as an edit, for undo.
  static const std::string get = fmt::format("SELECT {} FROM entries WHERE id = ?", kEntryColumns);
  static const std::string put = fmt::format("INSERT INTO entries ({}) VALUES ({})", kEntryColumns,
                                             placeholders(kEntryColumnCount));
  Entry have;
  {
    Stmt stored(store_.stmts_, store_.db_, get);
    stored.bind(1, e.id);
    if (!stored.step()) return;
    have = read_entry(stored);
  }
  if (have == e) return;
  if (have.updated_at > e.updated_at) {
    ++counts_.entries_kept;
    return;
  }
  store_.journal("edit", e.id, e.updated_at);
  delete_entry(store_.db_, e.id);
  Stmt ins(store_.stmts_, store_.db_, put);
  bind_entry(ins, e, 1);
  ins.step();
  ++counts_.entries_updated;
}

void Store::Import::add_plans(const std::vector<StoredPlan>& plans) {
  std::vector<const StoredPlan*> sorted;
  for (const auto& p : plans) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(), [](const StoredPlan* a, const StoredPlan* b) {
    return a->saved_at != b->saved_at ? a->saved_at < b->saved_at : a->id < b->id;
  });
  Stmt have(store_.stmts_, store_.db_, "SELECT 1 FROM plans WHERE saved_at = ? AND text = ?");
  Stmt put(store_.stmts_, store_.db_, "INSERT INTO plans (saved_at, text) VALUES (?, ?)");
  for (const auto* p : sorted) {
    have.bind(1, p->saved_at);
    have.bind_text(2, p->text);
    bool found = have.step();
    have.reset();
    if (found) continue;
    put.bind(1, p->saved_at);
    put.bind_text(2, p->text);
    put.step();
    put.reset();
    ++counts_.plans_added;
  }
}

ImportCounts Store::import(const std::function<void(Import&)>& body) {
  Import im(*this);
  write([&] { body(im); });
  return im.counts();
}

int64_t Store::import_entries(const std::vector<Entry>& entries) {
  return import([&](Import& im) {
           for (const auto& e : entries) im.add(e);
         }).entries_added;
}

ImportCounts Store::import_all(const std::vector<Entry>& entries,
                              const std::vector<StoredPlan>& plans,
                              const std::function<void(size_t)>& progress) {
  return import([&](Import& im) {
    size_t done = 0;
    for (const auto& e : entries) {
      im.add(e);
      if (progress && ++done % 250 == 0) progress(done);
    }
    if (progress && done % 250 != 0) progress(done);
    im.add_plans(plans);
  });
}

int64_t Store::count(std::optional<Kind> kind) {
  Stmt s(stmts_, db_, kind ? "SELECT count(*) FROM entries WHERE kind = ?" : "SELECT count(*) FROM entries");
  if (kind) s.bind(1, kind_name(*kind));
  s.step();
  return s.integer(0);
}

std::vector<std::string> Store::substances() {
  Stmt s(stmts_, db_, "SELECT substance FROM entries WHERE substance IS NOT NULL GROUP BY substance "
              "ORDER BY count(*) DESC, substance");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

bool Store::unit_in_log(std::string_view unit) {
  Stmt s(stmts_, db_, "SELECT 1 FROM entries WHERE unit = ?1 LIMIT 1");
  s.bind(1, unit);
  return s.step();
}

int64_t Store::save_plan(std::string_view text, Instant now) {
  int64_t id = 0;
  write([&] {
    Stmt s(stmts_, db_, "INSERT INTO plans (saved_at, text) VALUES (?, ?)");
    s.bind(1, now);
    s.bind_text(2, text);  // an empty plan is a plan cleared, not a missing one
    s.step();
    id = sqlite3_last_insert_rowid(db_);
  });
  return id;
}

std::vector<StoredPlan> Store::plans() {
  Stmt s(stmts_, db_, "SELECT id, saved_at, text FROM plans ORDER BY saved_at, id");
  std::vector<StoredPlan> out;
  while (s.step())
    out.push_back({s.integer(0), Instant{std::chrono::seconds{s.integer(1)}}, s.text(2)});
  return out;
}

std::map<std::string, Instant> Store::last_use_by_substance(Instant before) {
  // A GROUP BY over every use reads the whole history on each `ebb use`; instead walk the
  // distinct substances on the (substance, at) index and take each one's latest use before
  // `before` (`+kind` keeps SQLite on that index), so the cost grows with the number of
  // substances, not of entries.
  Stmt s(stmts_, db_,
         "WITH RECURSIVE subs(name) AS ("
         " SELECT (SELECT min(substance) FROM entries WHERE substance IS NOT NULL)"
         " UNION ALL"
         " SELECT (SELECT min(substance) FROM entries WHERE substance > name) FROM subs"
         " WHERE name IS NOT NULL) "
         "SELECT name, (SELECT max(at) FROM entries WHERE substance = name AND +kind = 'use'"
         " AND at < ?) FROM subs WHERE name IS NOT NULL");
  s.bind(1, before);
  std::map<std::string, Instant> out;
  while (s.step())
    if (!s.is_null(1)) out[s.text(0)] = Instant{std::chrono::seconds{s.integer(1)}};
  return out;
}

std::optional<Instant> Store::reminder_shown_at(std::string_view key) {
  Stmt s(stmts_, db_, "SELECT shown_at FROM reminders_shown WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return Instant{std::chrono::seconds{s.integer(0)}};
}

void Store::mark_reminders_shown(const std::vector<std::string>& keys, Instant now) {
  if (keys.empty()) return;
  write([&] {
    Stmt s(stmts_, db_, "INSERT INTO reminders_shown (key, shown_at) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET shown_at = excluded.shown_at");
    for (const auto& k : keys) {
      s.bind(1, k);
      s.bind(2, now);
      s.step();
      s.reset();
    }
  });
}

}  // namespace ebb
