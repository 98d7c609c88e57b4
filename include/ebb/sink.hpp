#pragma once
/// Where commands write: standard output for data, standard error for messages. Commands
/// never write to the terminal directly, so tests can capture everything.

#include <string>
#include <string_view>

namespace ebb {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void out(std::string_view text) = 0;
  virtual void err(std::string_view text) = 0;

  bool color = false;       ///< ANSI colour allowed on stdout
  bool utf8 = true;         ///< the locale can show UTF-8 (charts fall back to ASCII)
  bool stdin_tty = false;   ///< someone can answer a question
  bool stdout_tty = false;
  bool stderr_tty = false;
};

/// The process's stdout and stderr.
class StdSink : public Sink {
 public:
  StdSink();
  void out(std::string_view text) override;
  void err(std::string_view text) override;
};

/// Collects output in memory (tests).
class StringSink : public Sink {
 public:
  void out(std::string_view text) override { out_text += text; }
  void err(std::string_view text) override { err_text += text; }
  std::string out_text;
  std::string err_text;
};

}  // namespace ebb
