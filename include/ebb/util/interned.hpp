#pragma once
/// Texts that repeat from row to row (a substance's name, its class, a unit, a trigger), kept
/// once for the whole run: a row holds 8 bytes for each instead of a std::string's 32 and its
/// copy. For the rows a long report holds at once (a year is some 20 000 rows, ten years at
/// 1M entries a million). The texts are never freed, so this is for values that repeat, not
/// for every note a person wrote. One thread (ebb runs one command at a time).

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

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }  // NOLINT: reads as the text
  operator std::string_view() const { return *text_; }    // NOLINT
  bool empty() const { return text_->empty(); }

  /// Equal texts are one object, so comparing two is comparing addresses.
  friend bool operator==(Interned a, Interned b) { return a.text_ == b.text_; }
  friend bool operator==(Interned a, std::string_view b) { return *a.text_ == b; }
  friend bool operator==(Interned a, const std::string& b) { return *a.text_ == b; }
  friend bool operator==(Interned a, const char* b) { return *a.text_ == b; }

 private:
  static const std::string kEmpty;
  const std::string* text_ = &kEmpty;
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
