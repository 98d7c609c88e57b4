#pragma once
/// Plain text tables for the terminal: a header row and left-aligned columns sized to fit.

#include <string>
#include <vector>

namespace ebb {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  /// The table as text; the header is bold when `color`. Widths count UTF-8 code points. A
  /// cell is one line: line breaks inside it (a note written on several lines) show as " / ",
  /// so no cell can start a row of its own.
  std::string render(bool color) const;

  /// The same a row at a time, for tables too long to hold: each row is given to fit() once
  /// (widening the columns, keeping nothing), then head() and line() for each row again, in
  /// the same order, make what render() would have.
  void fit(const std::vector<std::string>& cells);
  std::string head(bool color) const { return line(header_, true, color); }
  std::string line(const std::vector<std::string>& cells) const { return line(cells, false, false); }

 private:
  std::string line(const std::vector<std::string>& cells, bool bold, bool color) const;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> width_;  // as fitted so far (fit)
};

}  // namespace ebb
