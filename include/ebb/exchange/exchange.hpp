#pragma once
/// Export and import files (`ebb export`, `ebb import`). Pure: entries and plan versions in,
/// text out, and back.
///
/// JSON: one document
///   {"ebb_export": 1, "exported_at": RFC 3339, "entries": [ENTRY...],
///    "plans": [{"version": N, "saved_at": RFC 3339, "text": "..."}...]}
/// where ENTRY is what write_entry_json writes. A bare list of entries (`ebb log --json`)
/// reads too.
/// CSV: a header row naming the columns of `csv_columns()` (any order; columns other than
/// id, kind and at may be left out), one record per entry, empty = none, booleans
/// true/false, tags and feelings joined with ';' (a ';' or '\' inside one is escaped with
/// '\'). Text cells are guarded against spreadsheet formulas (csv_guard) and unguarded on
/// import. Plans are not in CSV.
///
/// Numbers are written in their shortest form that reads back as the same double, so export,
/// import and export again give the same bytes.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/exchange/text_window.hpp"
#include "ebb/util/json.hpp"
#include "ebb/store/store.hpp"

namespace ebb {

enum class ExchangeFormat { json, csv };

/// The version of the JSON document this build writes and reads.
inline constexpr int kExportVersion = 1;

/// Writes an export a piece at a time, so a long history never sits in memory whole: the
/// document is handed to `emit` in consecutive chunks of about `chunk` bytes. Together they are
/// exactly what `export_json` / `export_csv` return for the same entries and plans.
class ExportWriter {
 public:
  using Emit = std::function<void(std::string_view)>;
  ExportWriter(ExchangeFormat format, std::string_view exported_at, Emit emit,
               size_t chunk = 64 * 1024);
  void entry(const Entry& e);
  /// Ends the document (JSON: with the plan versions; CSV has none) and emits the rest.
  void finish(std::span<const StoredPlan> plans);

 private:
  void flush_if_full();
  ExchangeFormat format_;
  Emit emit_;
  size_t chunk_;
  JsonWriter json_{true};
  std::string csv_;
};

/// The whole JSON document, pretty-printed, with a final newline.
std::string export_json(std::span<const Entry> entries, std::span<const StoredPlan> plans,
                        std::string_view exported_at);

/// Every CSV column, in the order `export_csv` writes them.
std::span<const std::string_view> csv_columns();

/// The header row and one record per entry.
std::string export_csv(std::span<const Entry> entries);

/// What an import file holds, checked.
struct ImportData {
  ExchangeFormat format = ExchangeFormat::json;
  std::vector<Entry> entries;
  std::vector<StoredPlan> plans;  ///< id = the version number in the file
};

/// JSON when the first non-space character is '{' or '[', CSV when the first line is a header
/// naming ebb's columns; otherwise false with *err.
bool detect_format(std::string_view text, ExchangeFormat* out, std::string* err);

/// Reads and checks a whole file (format detected). False with *err naming the entry (its
/// number and line) and the problem on the first one that is not right; nothing is returned
/// then. Entries the file leaves without created_at get `at`; without updated_at, created_at.
bool read_import(std::string_view text, ImportData* out, std::string* err);

/// One entry of an import file as it is read: checked, numbered from 1 in file order, with
/// the line it starts on and how far into the file the reading has come (bytes).
struct ImportedEntry {
  Entry& entry;
  size_t number;
  int line;
  size_t offset;
};
/// Called with each entry as it is read; false stops the reading, with *err saying why.
using ImportEach = std::function<bool(const ImportedEntry&, std::string* err)>;

/// Reads and checks a file (format detected) an entry at a time, so a long file never sits in
/// memory whole: `each` gets every entry in file order, and the plan versions (JSON) go into
/// *plans. False with *err as read_import on the first problem; the entries handed out before
/// it are to be thrown away then (import adds them inside one transaction, rolled back). The
/// same id twice is told at the end, after the last entry.
bool read_import_each(std::string_view text, ExchangeFormat* format, const ImportEach& each,
                      std::vector<StoredPlan>* plans, std::string* err);
/// The same from a stream (standard input from a pipe): `head` is the start of the text,
/// enough to tell its format by (its first line, and the first character that isn't white
/// space), and `read` gives the whole text from the start, `min_read` bytes or more at a time
/// (text_window.hpp). Only a window of it is held.
bool read_import_each(std::string_view head, TextRead read, ExchangeFormat* format,
                      const ImportEach& each, std::vector<StoredPlan>* plans, std::string* err,
                      size_t min_read = 64 * 1024);

/// Checks one entry the way import does: an id of 26 Crockford base32 characters (a ULID;
/// lower case is made upper), a known kind, a zone in the tz database, intensity 0-10 (needed
/// for an urge), score 1-10 (needed for a mood), energy and mood_before 1-10, intensity_after
/// 0-10, minutes 0-10080, amount and cost not negative, abv above 0 and at most 100, times in
/// the years 0001 to 9998 in UTC (`writable_instant`, so they are written in any zone), a
/// substance for a use, tags and feelings not empty and on one line, no control characters
/// but tab and line breaks in text.
bool check_entry(Entry& e, std::string* err);

/// "[#########-----------]  4500 of 10000": a progress line for long imports.
std::string progress_line(std::size_t done, std::size_t total, int width = 30);

}  // namespace ebb
