#include "ebb/table.hpp"

#include "ebb/chart.hpp"

namespace ebb {

std::string Table::render(bool color) const {
  std::vector<size_t> width(header_.size(), 0);
  for (size_t i = 0; i < header_.size(); ++i) width[i] = display_width(header_[i]);
  for (const auto& r : rows_)
    for (size_t i = 0; i < r.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], display_width(r[i]));
  auto line = [&](const std::vector<std::string>& cells, bool bold) {
    std::string out;
    if (bold && color) out += "\x1b[1m";
    for (size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      out += cell;
      if (i + 1 < width.size()) out.append(width[i] - display_width(cell) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (bold && color) out += "\x1b[0m";
    return out + "\n";
  };
  std::string out = line(header_, true);
  for (const auto& r : rows_) out += line(r, false);
  return out;
}

}  // namespace ebb
