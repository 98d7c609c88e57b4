#include "ebb/exchange/text_window.hpp"

#include <algorithm>

namespace ebb {

void TextWindow::refill(size_t keep) {
  if (at_end_) return;
  s_ = std::string_view();  // buf_ moves; nothing points into it if a read throws
  keep = std::min(keep, buf_.size());
  buf_.erase(0, keep);
  base_ += keep;
  // At least as much as is kept: an entry longer than the window is read again only a few
  // times (the window doubles), not once for every read.
  const size_t want = std::max(min_read_, buf_.size());
  size_t got = 0;
  while (got < want) {
    const size_t old = buf_.size();
    const size_t ask = std::max(want - got, size_t{64 * 1024});
    buf_.resize(old + ask);
    const size_t n = read_(buf_.data() + old, ask);
    buf_.resize(old + n);
    if (n == 0) {
      at_end_ = true;
      break;
    }
    got += n;
  }
  s_ = buf_;
}

}  // namespace ebb
