#pragma once
/// A small JSON writer (objects, arrays, strings, numbers, booleans, null) for `--json`
/// output. Keys are written in the order given; numbers are written as numbers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ebb {

class JsonWriter {
 public:
  /// pretty: two-space indentation and one key per line; otherwise one line.
  explicit JsonWriter(bool pretty = false) : pretty_(pretty) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);
  JsonWriter& value(int64_t i);
  JsonWriter& value(int i) { return value(static_cast<int64_t>(i)); }
  JsonWriter& value(bool b);
  JsonWriter& null();

  /// Writes null when empty.
  template <class T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  JsonWriter& value(const std::vector<std::string>& list);

  /// key + value in one call.
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// Inserts already-serialised JSON as a value.
  JsonWriter& raw(std::string_view json);

  const std::string& str() const { return out_; }
  /// Forgets what has been written so far (once str() was handed on), keeping the nesting and
  /// the memory for what comes next: for output written a piece at a time.
  void drop_written() { out_.clear(); }
  size_t size() const { return out_.size(); }
  /// Hands what has been written to `out` and forgets it, once it holds a piece (64 KB) or
  /// more: long output goes on a piece at a time, cut where the caller calls this.
  template <class Out>
  void hand_on_piece(Out&& out) {
    if (out_.size() < kPiece) return;
    out(std::string_view(out_));
    out_.clear();
  }
  static constexpr size_t kPiece = 64 * 1024;

 private:
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool pretty_;
  bool after_key_ = false;
};

/// `s` as a quoted JSON string.
std::string json_quote(std::string_view s);
/// Appends `s` quoted as a JSON string to `out`.
void append_json_quoted(std::string& out, std::string_view s);

}  // namespace ebb
