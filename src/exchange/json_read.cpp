#include "ebb/exchange/json_read.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <unordered_set>

#include <fmt/format.h>

namespace ebb {

const JsonValue* JsonValue::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

std::string_view json_type_name(JsonValue::Type t) {
  switch (t) {
    case JsonValue::Type::null: return "null";
    case JsonValue::Type::boolean: return "true/false";
    case JsonValue::Type::number: return "a number";
    case JsonValue::Type::string: return "text";
    case JsonValue::Type::array: return "a list";
    case JsonValue::Type::object: return "an object";
  }
  return "";
}

// Not in an anonymous namespace: JsonStream::Impl, a member of a class with external linkage,
// holds a Parser (GCC warns of such a member when this file is compiled inside a unity unit).
namespace json_parsing {

struct Fail {
  size_t pos;
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  JsonValue document() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
    skip_ws();
    if (pos_ == s_.size()) throw Fail{pos_, "the file is empty"};
    JsonValue v = value(0);
    skip_ws();
    if (pos_ != s_.size()) throw Fail{pos_, "there is more text after the end of the document"};
    return v;
  }

  // The pieces JsonStream walks the outer level with.
  void start() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
    skip_ws();
    if (pos_ == s_.size()) throw Fail{pos_, "the file is empty"};
  }
  char peek() {
    skip_ws();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  void take(char c, const char* wanted) {
    if (peek() != c) unexpected(wanted);
    ++pos_;
  }
  bool take_if(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  std::string key() {
    if (peek() != '"') unexpected("a key in quotes");
    return string();
  }
  JsonValue whole_value(int depth) {
    skip_ws();
    return value(depth);
  }
  void end() {
    skip_ws();
    if (pos_ != s_.size()) throw Fail{pos_, "there is more text after the end of the document"};
  }
  size_t pos() const { return pos_; }
  int line() const { return line_; }

  // 1-based line and character column of byte offset `pos`.
  void locate(size_t pos, int* line, int* column) const {
    int l = 1;
    size_t start = s_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    for (size_t i = 0; i < pos && i < s_.size(); ++i)
      if (s_[i] == '\n') {
        ++l;
        start = i + 1;
      }
    int col = 1;
    for (size_t i = start; i < pos && i < s_.size(); ++i)
      if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++col;
    *line = l;
    *column = col;
  }

 private:
  void skip_ws() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        break;
      }
      ++pos_;
    }
  }

  [[noreturn]] void unexpected(const char* wanted) {
    if (pos_ >= s_.size()) throw Fail{pos_, fmt::format("the document ends where {} was expected", wanted)};
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c >= 0x20 && c < 0x7f)
      throw Fail{pos_, fmt::format("expected {}, found '{}'", wanted, static_cast<char>(c))};
    throw Fail{pos_, fmt::format("expected {}, found byte 0x{:02x}", wanted, c)};
  }

  void literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) unexpected("a value");
    pos_ += word.size();
  }

  JsonValue value(int depth) {
    if (depth >= kJsonMaxDepth)
      throw Fail{pos_, fmt::format("lists and objects are nested more than {} deep", kJsonMaxDepth)};
    if (pos_ >= s_.size()) unexpected("a value");
    int line = line_;
    JsonValue v;
    switch (s_[pos_]) {
      case '{': v = object(depth); break;
      case '[': v = array(depth); break;
      case '"': v = JsonValue(string()); break;
      case 't': literal("true"); v = JsonValue(true); break;
      case 'f': literal("false"); v = JsonValue(false); break;
      case 'n': literal("null"); break;
      default:
        if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) v = JsonValue(number());
        else unexpected("a value");
    }
    v.line = line;
    return v;
  }

  JsonValue object(int depth) {
    ++pos_;  // {
    JsonObject members;
    std::unordered_set<std::string> seen;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return JsonValue(std::move(members));
    }
    while (true) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') unexpected("a key in quotes");
      size_t key_pos = pos_;
      std::string key = string();
      if (!seen.insert(key).second)
        throw Fail{key_pos, fmt::format("the key \"{}\" appears twice in one object", key)};
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') unexpected("':'");
      ++pos_;
      skip_ws();
      JsonValue v = value(depth + 1);
      members.emplace_back(std::move(key), std::move(v));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return JsonValue(std::move(members));
      }
      unexpected("',' or '}'");
    }
  }

  JsonValue array(int depth) {
    ++pos_;  // [
    JsonArray items;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return JsonValue(std::move(items));
    }
    while (true) {
      skip_ws();
      items.push_back(value(depth + 1));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return JsonValue(std::move(items));
      }
      unexpected("',' or ']'");
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) throw Fail{pos_, "a \\u escape needs four hex digits"};
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_ + static_cast<size_t>(i)];
      unsigned d;
      if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
      else throw Fail{pos_ + static_cast<size_t>(i), "a \\u escape needs four hex digits"};
      v = v * 16 + d;
    }
    pos_ += 4;
    return v;
  }

  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Copies one well-formed UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF).
  void utf8_char(std::string& out) {
    auto b = [&](size_t i) { return static_cast<unsigned char>(s_[i]); };
    unsigned char c = b(pos_);
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1Fu;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0Fu;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07u;
    else throw Fail{pos_, "the text is not valid UTF-8"};
    if (pos_ + n >= s_.size()) throw Fail{pos_, "the text is not valid UTF-8"};
    for (size_t i = 1; i <= n; ++i) {
      if ((b(pos_ + i) & 0xC0) != 0x80) throw Fail{pos_, "the text is not valid UTF-8"};
      cp = (cp << 6) | (b(pos_ + i) & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      throw Fail{pos_, "the text is not valid UTF-8"};
    out.append(s_.substr(pos_, n + 1));
    pos_ += n + 1;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) throw Fail{pos_, "a text value is not closed with '\"'"};
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20)
        throw Fail{pos_, c == '\n' ? "a text value runs past the end of the line (write \\n)"
                                   : "a control character inside text must be escaped"};
      if (c >= 0x80) {
        utf8_char(out);
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      size_t esc = pos_;
      ++pos_;
      if (pos_ >= s_.size()) throw Fail{pos_, "a text value is not closed with '\"'"};
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF)
            throw Fail{esc, "a \\u escape holds a low surrogate without a high one before it"};
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(pos_, 2) != "\\u")
              throw Fail{esc, "a \\u escape holds a high surrogate without a low one after it"};
            pos_ += 2;
            unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF)
              throw Fail{esc, "a \\u escape holds a high surrogate without a low one after it"};
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(out, cp);
          break;
        }
        default: throw Fail{esc, fmt::format("\\{} is not a JSON escape", e)};
      }
    }
  }

  double number() {
    size_t start = pos_;
    auto digit = [&] { return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; };
    if (s_[pos_] == '-') ++pos_;
    if (!digit()) throw Fail{start, "a number needs digits"};
    if (s_[pos_] == '0') {
      ++pos_;
      if (digit()) throw Fail{start, "a number can't start with 0 (leading zeros)"};
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digit()) throw Fail{start, "a number needs digits after the '.'"};
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digit()) throw Fail{start, "a number needs digits after the exponent"};
      while (digit()) ++pos_;
    }
    double v = 0;
    auto [end, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, v);
    if (ec == std::errc::result_out_of_range) {
      // strtod tells overflow (HUGE_VAL) from underflow (zero or subnormal, kept).
      v = std::strtod(std::string(s_.substr(start, pos_ - start)).c_str(), nullptr);
      if (std::isinf(v)) throw Fail{start, "a number is too large"};
    } else if (ec != std::errc() || end != s_.data() + pos_ || !std::isfinite(v)) {
      throw Fail{start, "a number can't be read"};
    }
    return v;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace json_parsing

struct JsonStream::Impl {
  explicit Impl(std::string_view text) : p(text) {}
  json_parsing::Parser p;
  JsonError error;
  bool failed = false;
  bool started = false;
  // The lists being read item by item: the outer one, or one member's value.
  int open_lists = 0;
  int item_depth = 1;  // the items of the outer list are at depth 1, of a member's list at 2
  bool first_item = true, first_key = true;
  std::unordered_set<std::string> keys;  // of the outer object

  template <class F>
  bool guard(F&& f) {
    if (failed) return false;
    try {
      return f();
    } catch (const json_parsing::Fail& fail) {
      p.locate(fail.pos, &error.line, &error.column);
      error.message = fail.message;
      failed = true;
      return false;
    }
  }
};

JsonStream::JsonStream(std::string_view text) : impl_(std::make_unique<Impl>(text)) {}
JsonStream::~JsonStream() = default;

bool JsonStream::open(JsonValue::Type* outer) {
  return impl_->guard([&] {
    impl_->p.start();
    char c = impl_->p.peek();
    if (c != '{' && c != '[') {
      JsonValue v = impl_->p.whole_value(0);
      impl_->p.end();
      *outer = v.type();
      return true;
    }
    impl_->p.take(c, "a value");
    *outer = c == '{' ? JsonValue::Type::object : JsonValue::Type::array;
    if (c == '[') {
      impl_->open_lists = 1;
      impl_->first_item = true;
    }
    impl_->first_key = true;
    return true;
  });
}

bool JsonStream::next_key(std::string* key, int* line) {
  return impl_->guard([&] {
    json_parsing::Parser& p = impl_->p;
    if (impl_->first_key) {
      impl_->first_key = false;
      if (p.take_if('}')) return false;
    } else {
      if (p.take_if('}')) return false;
      p.take(',', "',' or '}'");
    }
    p.peek();
    *line = p.line();
    size_t at = p.pos();
    *key = p.key();
    if (!impl_->keys.insert(*key).second)
      throw json_parsing::Fail{at, fmt::format("the key \"{}\" appears twice in one object", *key)};
    p.take(':', "':'");
    return true;
  });
}

bool JsonStream::value(JsonValue* v) {
  return impl_->guard([&] {
    *v = impl_->p.whole_value(1);
    return true;
  });
}

bool JsonStream::enter_list() {
  return impl_->guard([&] {
    if (!impl_->p.take_if('[')) return false;
    ++impl_->open_lists;
    impl_->item_depth = 2;
    impl_->first_item = true;
    return true;
  });
}

bool JsonStream::next_item(JsonValue* v) {
  return impl_->guard([&] {
    json_parsing::Parser& p = impl_->p;
    if (impl_->first_item) {
      impl_->first_item = false;
      if (p.take_if(']')) {
        --impl_->open_lists;
        return false;
      }
    } else {
      if (p.take_if(']')) {
        --impl_->open_lists;
        return false;
      }
      p.take(',', "',' or ']'");
    }
    *v = p.whole_value(impl_->item_depth);
    return true;
  });
}

bool JsonStream::finish() {
  return impl_->guard([&] {
    impl_->p.end();
    return true;
  });
}

bool JsonStream::failed() const { return impl_->failed; }
const JsonError& JsonStream::error() const { return impl_->error; }
size_t JsonStream::offset() const { return impl_->p.pos(); }

bool parse_json(std::string_view text, JsonValue* out, JsonError* err) {
  json_parsing::Parser p(text);
  try {
    *out = p.document();
    return true;
  } catch (const json_parsing::Fail& f) {
    p.locate(f.pos, &err->line, &err->column);
    err->message = f.message;
    return false;
  }
}

}  // namespace ebb
