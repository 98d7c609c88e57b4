#include "ebb/sink.hpp"

#include <unistd.h>

#include <cstdio>

namespace ebb {

StdSink::StdSink() {
  stdin_tty = ::isatty(STDIN_FILENO) == 1;
  stdout_tty = ::isatty(STDOUT_FILENO) == 1;
  stderr_tty = ::isatty(STDERR_FILENO) == 1;
}

void StdSink::out(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void StdSink::err(std::string_view text) {
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace ebb
