#include "ebb/util/sink.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

constexpr char kMark = kStyleMark;

// The styles ebb draws with; any other mark is not one of ebb's.
bool known_style(std::string_view sgr) {
  return sgr == "0" || sgr == "1" || sgr == "4" || sgr == "32" || sgr == "33" ||
         sgr == "36" || sgr == "1;31";
}

bool shown_escaped(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string terminal_text(std::string_view text, bool color) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {  // the usual case, byte by byte
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {  // a CSV line end
      out += "\r\n";
      i += 2;
      continue;
    }
    if (c == static_cast<unsigned char>(kMark) && i + 1 < text.size() && text[i + 1] == '[') {
      size_t end = text.find('m', i + 2);
      if (end != std::string_view::npos && known_style(text.substr(i + 2, end - i - 2))) {
        if (color) out += "\x1b" + std::string(text.substr(i + 1, end - i));
        i = end + 1;
        continue;
      }
    }
    Utf8Char u = utf8_char_at(text, i);
    if (u.length == 0) {
      out += "\uFFFD";
      ++i;
    } else if (shown_escaped(u.code)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(u.code));
      i += u.length;
    } else {
      out.append(text.substr(i, u.length));
      i += u.length;
    }
  }
  return out;
}

StdSink::StdSink() {
  stdin_tty = ::isatty(STDIN_FILENO) == 1;
  stdout_tty = ::isatty(STDOUT_FILENO) == 1;
  stderr_tty = ::isatty(STDERR_FILENO) == 1;
}

void StdSink::failed(int error) {
  std::clearerr(stdout);
  flush_error_ = 0;
  throw Error(kExitInternal, fmt::format("Couldn't write to standard output: {}. What was "
                                         "written there is incomplete.",
                                         std::strerror(error)));
}

void StdSink::write_out(std::string_view bytes) {
  if (flush_error_) failed(flush_error_);
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size()) failed(errno);
}

void StdSink::out(std::string_view text) {
  // A piece at a time, cut after a line end (nothing terminal_text reads as one spans one),
  // so a long report (ten years as JSON is megabytes) is not held a second time made safe.
  constexpr size_t kPiece = 64 * 1024;
  while (text.size() > kPiece) {
    size_t cut = text.rfind('\n', kPiece);
    if (cut == std::string_view::npos) cut = text.find('\n', kPiece);
    if (cut == std::string_view::npos) break;
    write_out(terminal_text(text.substr(0, cut + 1), color));
    text.remove_prefix(cut + 1);
  }
  write_out(terminal_text(text, color));
}

void StdSink::data(std::string_view text) {
  if (stdout_tty) write_out(terminal_text(text, false));
  else write_out(text);
}

void StdSink::err(std::string_view text) {
  // What went to stdout comes first; a failure to get it there is reported by flush().
  if (std::fflush(stdout) != 0 && !flush_error_) flush_error_ = errno;
  std::string safe = terminal_text(text, false);
  std::fwrite(safe.data(), 1, safe.size(), stderr);
}

void StdSink::status(std::string_view line) {
  std::string safe = "\r" + terminal_text(line, false) + "\x1b[K";
  std::fwrite(safe.data(), 1, safe.size(), stderr);
}

void StdSink::flush() {
  if (std::fflush(stdout) != 0) failed(errno);
  if (flush_error_) failed(flush_error_);
  if (std::ferror(stdout)) failed(EIO);
}

}  // namespace ebb
