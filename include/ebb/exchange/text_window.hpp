#pragma once
/// The part of a text a reader is working on, for the import readers (JsonStream, CsvReader):
/// either the whole text (a mapped file), or a window over a stream (standard input from a
/// pipe) that is refilled as the reading goes on, so only the part being read is in memory.
///
/// A reader works from a mark (the start of what it is reading: an entry, a record). When it
/// needs a byte past the window's end before the text's end, more() throws NeedMore; the
/// reader goes back to its mark, calls refill(mark) and reads again. refill lets go of what
/// lies before the mark and reads at least as much as it kept (and at least min_read), so
/// an entry longer than the window is read again only a few times, not once per read.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace ebb {

/// Fills up to `n` bytes at `buf` from the stream; 0 at its end. Throws to fail.
using TextRead = std::function<size_t(char* buf, size_t n)>;

class TextWindow {
 public:
  struct NeedMore {};

  /// The whole text: nothing to refill.
  explicit TextWindow(std::string_view whole) : s_(whole), at_end_(true) {}
  /// A stream, read `min_read` bytes or more at a time.
  explicit TextWindow(TextRead read, size_t min_read = 64 * 1024)
      : read_(std::move(read)), min_read_(min_read ? min_read : 1) {}

  /// The bytes held, from offset base() of the text.
  std::string_view text() const { return s_; }
  size_t size() const { return s_.size(); }
  char operator[](size_t i) const { return s_[i]; }
  /// The offset in the whole text of text()[0].
  size_t base() const { return base_; }
  /// Whether there is a byte at `i` (an index into text()); throws NeedMore when that isn't
  /// known before more is read.
  bool more(size_t i) const {
    if (i < s_.size()) return true;
    if (at_end_) return false;
    throw NeedMore{};
  }
  /// The window ends where the text ends.
  bool at_end() const { return at_end_; }
  /// Lets go of the bytes before `keep` (an index into text()) and reads more. Afterwards
  /// the byte that was at `keep` is at index 0.
  void refill(size_t keep);

 private:
  std::string buf_;
  std::string_view s_;
  size_t base_ = 0;
  bool at_end_ = false;
  TextRead read_;
  size_t min_read_ = 64 * 1024;
};

}  // namespace ebb
