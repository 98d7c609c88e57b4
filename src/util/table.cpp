#include "ebb/util/table.hpp"

#include <algorithm>

#include "ebb/util/chart.hpp"
#include "ebb/util/style.hpp"

namespace ebb {

namespace {

std::string one_line(const std::string& cell) {
  if (cell.find_first_of("\r\n") == std::string::npos) return cell;
  std::string out;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] != '\n' && cell[i] != '\r') {
      out += cell[i];
      continue;
    }
    while (i + 1 < cell.size() && (cell[i + 1] == '\n' || cell[i + 1] == '\r')) ++i;
    out += " / ";
  }
  return out;
}

}  // namespace

void Table::fit(const std::vector<std::string>& cells) {
  if (width_.empty()) {
    width_.assign(header_.size(), 0);
    for (size_t i = 0; i < header_.size(); ++i) width_[i] = display_width(one_line(header_[i]));
  }
  for (size_t i = 0; i < cells.size() && i < width_.size(); ++i)
    width_[i] = std::max(width_[i], display_width(one_line(cells[i])));
}

std::string Table::line(const std::vector<std::string>& cells, bool bold, bool color) const {
  std::string out;
  if (bold && color) out += style_mark("1");
  for (size_t i = 0; i < width_.size(); ++i) {
    std::string cell = i < cells.size() ? one_line(cells[i]) : "";
    out += cell;
    if (i + 1 < width_.size()) out.append(width_[i] - display_width(cell) + 2, ' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (bold && color) out += style_mark("0");
  return out + "\n";
}

std::string Table::render(bool color) const {
  Table t(header_);
  t.fit({});
  for (const auto& r : rows_) t.fit(r);
  std::string out = t.head(color);
  for (const auto& r : rows_) out += t.line(r);
  return out;
}

}  // namespace ebb
