#include "ebb/util/style.hpp"

namespace ebb {

std::string style_mark(std::string_view sgr) {
  std::string out(1, kStyleMark);
  out += '[';
  out += sgr;
  out += 'm';
  return out;
}

}  // namespace ebb
