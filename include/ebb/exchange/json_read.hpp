#pragma once
/// A small, strict JSON reader (RFC 8259) for imports: no comments, no trailing commas, no
/// leading zeros, one document and nothing after it. Objects keep their keys in document order.
/// Strings are checked as UTF-8 and \uXXXX escapes (with surrogate pairs) become UTF-8.
/// Errors carry the 1-based line and column of the first problem.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ebb/exchange/text_window.hpp"

namespace ebb {

class JsonValue;

using JsonArray = std::vector<JsonValue>;
using JsonObject = std::vector<std::pair<std::string, JsonValue>>;  ///< in document order

class JsonValue {
 public:
  enum class Type { null, boolean, number, string, array, object };

  JsonValue() = default;
  explicit JsonValue(bool b) : v_(b) {}
  explicit JsonValue(double d) : v_(d) {}
  explicit JsonValue(std::string s) : v_(std::move(s)) {}
  explicit JsonValue(JsonArray a) : v_(std::move(a)) {}
  explicit JsonValue(JsonObject o) : v_(std::move(o)) {}

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::null; }
  bool is_bool() const { return type() == Type::boolean; }
  bool is_number() const { return type() == Type::number; }
  bool is_string() const { return type() == Type::string; }
  bool is_array() const { return type() == Type::array; }
  bool is_object() const { return type() == Type::object; }

  /// The value; only valid for the matching type.
  bool as_bool() const { return std::get<bool>(v_); }
  double as_number() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const JsonArray& as_array() const { return std::get<JsonArray>(v_); }
  const JsonObject& as_object() const { return std::get<JsonObject>(v_); }

  /// The first member named `key` of an object; nullptr when missing or not an object.
  const JsonValue* find(std::string_view key) const;

  /// The line the value starts on (1-based), for messages about its content.
  int line = 0;

 private:
  std::variant<std::monostate, bool, double, std::string, JsonArray, JsonObject> v_;
};

/// "null", "true/false", "a number", "text", "a list", "an object": for messages.
std::string_view json_type_name(JsonValue::Type t);

/// line and column are 1-based; the column counts characters (UTF-8 code points).
struct JsonError {
  int line = 0;
  int column = 0;
  std::string message;
};

/// Nesting deeper than this is refused, so a hostile file cannot exhaust the stack.
inline constexpr int kJsonMaxDepth = 256;

/// Reads a document an outer member or list item at a time, so a long list never sits in
/// memory whole: the outer object (or list) is walked here, and each member's value, or each
/// item of the outer list or of a member's list, is parsed whole by the same rules as
/// parse_json. After a false, failed() tells an error (error()) from the end of the level.
class JsonStream {
 public:
  explicit JsonStream(std::string_view text);
  /// Reads the document from a stream through a window that is refilled (text_window.hpp):
  /// only the step being read (an entry) and what `read` last gave are held. The same
  /// answers and errors (with their line and column) as from the whole text.
  explicit JsonStream(TextRead read, size_t min_read = 64 * 1024);
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  /// Starts the document: an object or a list is entered (read with next_key / next_item);
  /// any other value is read whole and only its type is told.
  bool open(JsonValue::Type* outer);
  /// The next key of the outer object, before its value; false after the last.
  bool next_key(std::string* key, int* line);
  /// The value of the member whose key was just read, whole.
  bool value(JsonValue* v);
  /// The value of the member whose key was just read is a list: its items follow through
  /// next_item. False (not failed) when it isn't a list, for value() to read.
  bool enter_list();
  /// The next item of the list being read; false after the last.
  bool next_item(JsonValue* v);
  /// Nothing but white space follows the document.
  bool finish();

  bool failed() const;
  const JsonError& error() const;
  size_t offset() const;  ///< bytes read so far, from the start of the text

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Parses one JSON document. False with *err on the first problem. A UTF-8 byte order mark at
/// the start is skipped.
bool parse_json(std::string_view text, JsonValue* out, JsonError* err);

}  // namespace ebb
