#include "ebb/exchange/json_read.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <unordered_set>

#include "ebb/exchange/text_window.hpp"

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

// Reads from a TextWindow: the whole text, or a window over a stream. Positions (pos_) are
// indexes into the window; a byte past its end that may still come throws
// TextWindow::NeedMore, and JsonStream reads again from its mark once the window is refilled.
// Lines are counted as the reading goes (only white space holds line ends: a text value
// can't), so an error's line and column need nothing before the window.
class Parser {
 public:
  explicit Parser(std::string_view text) : w_(text) {}
  Parser(TextRead read, size_t min_read) : w_(std::move(read), min_read) {}

  JsonValue document() {
    start();
    JsonValue v = value(0);
    end();
    return v;
  }

  // The pieces JsonStream walks the outer level with.
  void start() {
    w_.more(2);
    if (w_.text().substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
    skip_ws();
    if (!more(pos_)) throw Fail{pos_, "the file is empty"};
  }
  char peek() {
    skip_ws();
    return more(pos_) ? w_[pos_] : '\0';
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
    if (more(pos_)) throw Fail{pos_, "there is more text after the end of the document"};
  }
  size_t pos() const { return pos_; }
  size_t offset() const { return w_.base() + pos_; }
  int line() const { return line_; }

  // Where reading starts again after more text is read (JsonStream's mark).
  struct Mark {
    size_t pos;
    int line;
    size_t line_start;
  };
  Mark mark() const { return {pos_, line_, line_start_}; }
  // Back to `m`, with the window refilled from there.
  void refill_from(const Mark& m) {
    pos_ = m.pos;
    line_ = m.line;
    line_start_ = m.line_start;
    const size_t base = w_.base(), next_base = base + pos_;
    if (line_start_ < next_base) {  // the line's start is let go: count its characters first
      size_t from = 0;
      if (chars_for_ != line_start_) {
        chars_before_ = 0;
        chars_for_ = line_start_;
        from = line_start_ - base;  // a line start not yet counted is in the window
      }
      chars_before_ += characters(from, pos_);
    }
    w_.refill(pos_);
    pos_ = 0;
  }

  // 1-based line and character column of `pos`, a position on the line being read (every
  // error is on it: text values hold no line end, and white space is passed only forward).
  void locate(size_t pos, int* line, int* column) const {
    const size_t base = w_.base();
    size_t col = 1;
    if (line_start_ >= base) {
      col += characters(line_start_ - base, pos);
    } else {
      col += chars_before_ + characters(0, pos);
    }
    *line = line_;
    *column = static_cast<int>(col);
  }

 private:
  bool more(size_t i) const { return w_.more(i); }

  // Characters (UTF-8 code points) that start in the window between `from` and `to`.
  size_t characters(size_t from, size_t to) const {
    size_t n = 0;
    for (size_t i = from; i < to && i < w_.size(); ++i)
      if ((static_cast<unsigned char>(w_[i]) & 0xC0) != 0x80) ++n;
    return n;
  }

  void skip_ws() {
    while (more(pos_)) {
      char c = w_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = w_.base() + pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        break;
      }
      ++pos_;
    }
  }

  [[noreturn]] void unexpected(const char* wanted) {
    if (!more(pos_)) throw Fail{pos_, fmt::format("the document ends where {} was expected", wanted)};
    unsigned char c = static_cast<unsigned char>(w_[pos_]);
    if (c >= 0x20 && c < 0x7f)
      throw Fail{pos_, fmt::format("expected {}, found '{}'", wanted, static_cast<char>(c))};
    throw Fail{pos_, fmt::format("expected {}, found byte 0x{:02x}", wanted, c)};
  }

  void literal(std::string_view word) {
    more(pos_ + word.size() - 1);
    if (w_.text().substr(pos_, word.size()) != word) unexpected("a value");
    pos_ += word.size();
  }

  JsonValue value(int depth) {
    if (depth >= kJsonMaxDepth)
      throw Fail{pos_, fmt::format("lists and objects are nested more than {} deep", kJsonMaxDepth)};
    if (!more(pos_)) unexpected("a value");
    int line = line_;
    JsonValue v;
    const char c = w_[pos_];
    switch (c) {
      case '{': v = object(depth); break;
      case '[': v = array(depth); break;
      case '"': v = JsonValue(string()); break;
      case 't': literal("true"); v = JsonValue(true); break;
      case 'f': literal("false"); v = JsonValue(false); break;
      case 'n': literal("null"); break;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) v = JsonValue(number());
        else unexpected("a value");
    }
    v.line = line;
    return v;
  }

  bool next_is(char c) { return more(pos_) && w_[pos_] == c; }

  JsonValue object(int depth) {
    ++pos_;  // {
    JsonObject members;
    std::unordered_set<std::string> seen;
    skip_ws();
    if (next_is('}')) {
      ++pos_;
      return JsonValue(std::move(members));
    }
    while (true) {
      skip_ws();
      if (!next_is('"')) unexpected("a key in quotes");
      size_t key_pos = pos_;
      std::string key = string();
      if (!seen.insert(key).second)
        throw Fail{key_pos, fmt::format("the key \"{}\" appears twice in one object", key)};
      skip_ws();
      if (!next_is(':')) unexpected("':'");
      ++pos_;
      skip_ws();
      JsonValue v = value(depth + 1);
      members.emplace_back(std::move(key), std::move(v));
      skip_ws();
      if (next_is(',')) {
        ++pos_;
        continue;
      }
      if (next_is('}')) {
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
    if (next_is(']')) {
      ++pos_;
      return JsonValue(std::move(items));
    }
    while (true) {
      skip_ws();
      items.push_back(value(depth + 1));
      skip_ws();
      if (next_is(',')) {
        ++pos_;
        continue;
      }
      if (next_is(']')) {
        ++pos_;
        return JsonValue(std::move(items));
      }
      unexpected("',' or ']'");
    }
  }

  unsigned hex4() {
    if (!more(pos_ + 3)) throw Fail{pos_, "a \\u escape needs four hex digits"};
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = w_[pos_ + static_cast<size_t>(i)];
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
    auto b = [&](size_t i) { return static_cast<unsigned char>(w_[i]); };
    unsigned char c = b(pos_);
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1Fu;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0Fu;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07u;
    else throw Fail{pos_, "the text is not valid UTF-8"};
    if (!more(pos_ + n)) throw Fail{pos_, "the text is not valid UTF-8"};
    for (size_t i = 1; i <= n; ++i) {
      if ((b(pos_ + i) & 0xC0) != 0x80) throw Fail{pos_, "the text is not valid UTF-8"};
      cp = (cp << 6) | (b(pos_ + i) & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      throw Fail{pos_, "the text is not valid UTF-8"};
    out.append(w_.text().substr(pos_, n + 1));
    pos_ += n + 1;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (!more(pos_)) throw Fail{pos_, "a text value is not closed with '\"'"};
      // A run of plain characters is copied at once.
      size_t plain = pos_;
      while (plain < w_.size()) {
        auto b = static_cast<unsigned char>(w_[plain]);
        if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) break;
        ++plain;
      }
      if (plain > pos_) {
        out.append(w_.text().substr(pos_, plain - pos_));
        pos_ = plain;
        continue;
      }
      unsigned char c = static_cast<unsigned char>(w_[pos_]);
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
      size_t esc = pos_;
      ++pos_;
      if (!more(pos_)) throw Fail{pos_, "a text value is not closed with '\"'"};
      char e = w_[pos_++];
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
            more(pos_ + 1);
            if (w_.text().substr(pos_, 2) != "\\u")
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
    auto digit = [&] { return more(pos_) && w_[pos_] >= '0' && w_[pos_] <= '9'; };
    if (w_[pos_] == '-') ++pos_;
    if (!digit()) throw Fail{start, "a number needs digits"};
    if (w_[pos_] == '0') {
      ++pos_;
      if (digit()) throw Fail{start, "a number can't start with 0 (leading zeros)"};
    } else {
      while (digit()) ++pos_;
    }
    if (next_is('.')) {
      ++pos_;
      if (!digit()) throw Fail{start, "a number needs digits after the '.'"};
      while (digit()) ++pos_;
    }
    if (next_is('e') || next_is('E')) {
      ++pos_;
      if (next_is('+') || next_is('-')) ++pos_;
      if (!digit()) throw Fail{start, "a number needs digits after the exponent"};
      while (digit()) ++pos_;
    }
    const std::string_view s = w_.text();
    double v = 0;
    auto [end, ec] = std::from_chars(s.data() + start, s.data() + pos_, v);
    if (ec == std::errc::result_out_of_range) {
      // strtod tells overflow (HUGE_VAL) from underflow (zero or subnormal, kept).
      v = std::strtod(std::string(s.substr(start, pos_ - start)).c_str(), nullptr);
      if (std::isinf(v)) throw Fail{start, "a number is too large"};
    } else if (ec != std::errc() || end != s.data() + pos_ || !std::isfinite(v)) {
      throw Fail{start, "a number can't be read"};
    }
    return v;
  }

  TextWindow w_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;   // offset in the whole text where the line being read starts
  size_t chars_for_ = SIZE_MAX, chars_before_ = 0;  // characters of that line let go
};

}  // namespace json_parsing

struct JsonStream::Impl {
  explicit Impl(std::string_view text) : p(text) {}
  Impl(TextRead read, size_t min_read) : p(std::move(read), min_read) {}
  json_parsing::Parser p;
  JsonError error;
  bool failed = false;
  // The lists being read item by item: the outer one, or one member's value.
  struct Level {
    int open_lists = 0;
    int item_depth = 1;  // the items of the outer list are at depth 1, of a member's list at 2
    bool first_item = true, first_key = true;
  } level;
  std::unordered_set<std::string> keys;  // of the outer object
  const std::string* key_added = nullptr;  // by the step being read, taken back to read it again

  // One step (a key, an item, ...) from where the last one ended. When the window ends
  // inside it, the window is refilled from where it began and the step is read again.
  template <class F>
  bool guard(F&& f) {
    if (failed) return false;
    while (true) {
      const auto mark = p.mark();
      const Level before = level;
      key_added = nullptr;
      try {
        return f();
      } catch (const TextWindow::NeedMore&) {
        level = before;
        if (key_added) keys.erase(std::string(*key_added));
        p.refill_from(mark);
      } catch (const json_parsing::Fail& fail) {
        p.locate(fail.pos, &error.line, &error.column);
        error.message = fail.message;
        failed = true;
        return false;
      }
    }
  }
};

JsonStream::JsonStream(std::string_view text) : impl_(std::make_unique<Impl>(text)) {}
JsonStream::JsonStream(TextRead read, size_t min_read)
    : impl_(std::make_unique<Impl>(std::move(read), min_read)) {}
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
      impl_->level.open_lists = 1;
      impl_->level.first_item = true;
    }
    impl_->level.first_key = true;
    return true;
  });
}

bool JsonStream::next_key(std::string* key, int* line) {
  return impl_->guard([&] {
    json_parsing::Parser& p = impl_->p;
    if (impl_->level.first_key) {
      impl_->level.first_key = false;
      if (p.take_if('}')) return false;
    } else {
      if (p.take_if('}')) return false;
      p.take(',', "',' or '}'");
    }
    p.peek();
    *line = p.line();
    size_t at = p.pos();
    *key = p.key();
    auto [it, added] = impl_->keys.insert(*key);
    if (!added)
      throw json_parsing::Fail{at, fmt::format("the key \"{}\" appears twice in one object", *key)};
    impl_->key_added = &*it;
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
    ++impl_->level.open_lists;
    impl_->level.item_depth = 2;
    impl_->level.first_item = true;
    return true;
  });
}

bool JsonStream::next_item(JsonValue* v) {
  return impl_->guard([&] {
    json_parsing::Parser& p = impl_->p;
    if (impl_->level.first_item) {
      impl_->level.first_item = false;
      if (p.take_if(']')) {
        --impl_->level.open_lists;
        return false;
      }
    } else {
      if (p.take_if(']')) {
        --impl_->level.open_lists;
        return false;
      }
      p.take(',', "',' or ']'");
    }
    *v = p.whole_value(impl_->level.item_depth);
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
size_t JsonStream::offset() const { return impl_->p.offset(); }

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
