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

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ebb
