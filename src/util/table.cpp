#include "ebb/util/table.hpp"

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

std::string Table::render(bool color) const {
  std::vector<size_t> width(header_.size(), 0);
  for (size_t i = 0; i < header_.size(); ++i) width[i] = display_width(one_line(header_[i]));
  for (const auto& r : rows_)
    for (size_t i = 0; i < r.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], display_width(one_line(r[i])));
  auto line = [&](const std::vector<std::string>& cells, bool bold) {
    std::string out;
    if (bold && color) out += style_mark("1");
    for (size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < cells.size() ? one_line(cells[i]) : "";
      out += cell;
      if (i + 1 < width.size()) out.append(width[i] - display_width(cell) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (bold && color) out += style_mark("0");
    return out + "\n";
  };
  std::string out = line(header_, true);
  for (const auto& r : rows_) out += line(r, false);
  return out;
}

}  // namespace ebb
