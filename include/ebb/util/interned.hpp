#pragma once
/// Texts that repeat from row to row (a substance's name, its class, a unit, a trigger), kept
/// once for the whole run: a row holds 4 bytes for each instead of a std::string's 32 and its
/// copy. For the rows a long report holds at once (a year is some 20 000 rows, ten years at
/// 1M entries a million). The texts are never freed, so this is for values that repeat, not
/// for every note a person wrote. One thread (ebb runs one command at a time).

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

namespace ebb {

class Interned {
 public:
  Interned() = default;  ///< ""
  Interned(std::string_view text);  // NOLINT(google-explicit-constructor): any text will do

  const std::string& str() const { return n_ ? *table_[n_] : kEmpty; }
  operator const std::string&() const { return str(); }  // NOLINT: reads as the text
  operator std::string_view() const { return str(); }    // NOLINT
  bool empty() const { return n_ == 0; }

  /// Equal texts have one number, so comparing two is comparing numbers.
  friend bool operator==(Interned a, Interned b) { return a.n_ == b.n_; }
  friend bool operator==(Interned a, std::string_view b) { return a.str() == b; }
  friend bool operator==(Interned a, const std::string& b) { return a.str() == b; }
  friend bool operator==(Interned a, const char* b) { return a.str() == b; }

 private:
  static const std::string kEmpty;
  // Each text's number is its place here (0: ""). The table may move as it grows; the texts
  // don't. 4 bytes a text in a row instead of a pointer's 8.
  inline static const std::string* const* table_ = nullptr;
  uint32_t n_ = 0;
};

/// An optional number in the room of the number: NaN stands for none, so the value itself is
/// never NaN (amounts, strengths and costs are not). Reads like std::optional<double>.
class MaybeNumber {
 public:
  MaybeNumber() = default;
  MaybeNumber(std::optional<double> v) : v_(v ? *v : kNone) {}  // NOLINT: from an optional
  explicit operator bool() const { return has_value(); }
  bool has_value() const { return v_ == v_; }  // false only for NaN
  double operator*() const { return v_; }
  double value_or(double other) const { return has_value() ? v_ : other; }
  operator std::optional<double>() const {  // NOLINT: to an optional
    return has_value() ? std::optional<double>(v_) : std::nullopt;
  }

 private:
  static constexpr double kNone = __builtin_nan("");
  double v_ = kNone;
};

/// Texts that don't repeat (entry ids) kept side by side in large blocks and freed together:
/// a row holds a view of 16 bytes and the text its own length, without a std::string's 32
/// bytes and its allocation each. Views stay valid while the arena lives (moves included).
class TextArena {
 public:
  std::string_view keep(std::string_view text);

 private:
  static constexpr size_t kBlock = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = kBlock;  // in the last block
};

}  // namespace ebb
