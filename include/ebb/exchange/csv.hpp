#pragma once
/// CSV as RFC 4180 has it: fields separated by commas, records by CRLF (LF is read too),
/// a field quoted when it holds a comma, a quote, CR or LF, quotes doubled inside quotes.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/exchange/text_window.hpp"

namespace ebb {

/// One field, quoted only when it needs to be.
std::string csv_field(std::string_view text);

/// One record: the fields joined with commas, ending in CRLF.
std::string csv_record(const std::vector<std::string>& fields);

/// A text cell a spreadsheet won't run as a formula (OWASP's CSV injection rule): one that
/// starts with = + - @ a tab or CR gets a ' in front, and so does one that starts with ' and
/// then one of those or another ', so that csv_unguard() can always tell the two apart.
std::string csv_guard(std::string_view text);

/// The text csv_guard() was given: the leading ' it added is taken off again. A ' that
/// csv_guard() would not have added ("'tis") stays.
std::string csv_unguard(std::string_view cell);

struct CsvRecord {
  int line = 0;  ///< the line the record starts on (1-based)
  std::vector<std::string> fields;
};

/// Reads records one at a time, so a long file never sits in memory as records whole.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  /// Reads from a stream through a window that is refilled (text_window.hpp): only the
  /// record being read and what `read` last gave are held. The same records and errors.
  explicit CsvReader(TextRead read, size_t min_read = 64 * 1024);
  /// The next record; false at the end, or on a problem (failed(), with *err as parse_csv).
  bool next(CsvRecord* out, std::string* err);
  bool failed() const { return failed_; }
  size_t offset() const { return w_.base() + i_; }  ///< bytes read so far

 private:
  bool record(CsvRecord* out, std::string* err);
  TextWindow w_;
  size_t i_ = 0;  // in the window
  int line_ = 1;
  bool started_ = false;  // past the byte order mark, if there is one
  bool failed_ = false;
};

/// Reads every record. Empty lines are skipped. False with *err naming the line on a quote
/// left open, a quote inside an unquoted field, or text after a closing quote.
bool parse_csv(std::string_view text, std::vector<CsvRecord>* out, std::string* err);

}  // namespace ebb
