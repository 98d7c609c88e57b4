#include "ebb/text.hpp"

#include <cctype>

namespace ebb {

namespace {
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
char lower_char(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_char(c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : trim(s)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

std::string fold_name(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += lower_char(c);
  }
  return out;
}

Utf8Char utf8_char_at(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (i >= s.size()) return {};
  unsigned char c = byte(i);
  if (c < 0x80) return {c, 1};
  std::size_t n;
  char32_t code;
  char32_t least;  // the smallest code point a sequence of this length may hold
  if (c >= 0xC2 && c <= 0xDF) n = 2, code = c & 0x1Fu, least = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, code = c & 0x0Fu, least = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, code = c & 0x07u, least = 0x10000;
  else return {};
  if (s.size() - i < n) return {};
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {};
  return {code, n};
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = utf8_char_at(s, i).length;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace ebb
