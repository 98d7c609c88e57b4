#pragma once
/// Where commands write: standard output for data, standard error for messages. Commands
/// never write to the terminal directly, so tests can capture everything.
///
/// The sink is also the one place where text is made safe to show: text from a log, a plan
/// or an import file may hold bytes a terminal acts on (escape sequences, a carriage return
/// that overwrites a line, bidi overrides that reorder it). terminal_text() shows each of
/// them as a visible \uXXXX instead. ebb's own colours travel as marks (see style_mark) that
/// only the sink turns into escape sequences.

#include <string>
#include <string_view>

#include "ebb/util/style.hpp"

namespace ebb {


/// `text` made safe for a terminal and for anyone reading it: line feeds, tabs and CR LF line
/// ends stay; other
/// C0 controls, DEL, C1 controls (U+0080-U+009F) and the bidi embeddings, overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069) become the six characters \uXXXX (inside a JSON
/// string that is the same character, so JSON stays lossless); a byte that isn't UTF-8
/// becomes U+FFFD. Style marks become SGR sequences when `color`, and nothing otherwise.
std::string terminal_text(std::string_view text, bool color);

class Sink {
 public:
  virtual ~Sink() = default;
  /// Text for people (and JSON): always passed through terminal_text().
  virtual void out(std::string_view text) = 0;
  /// Messages on standard error, passed through terminal_text() the same way.
  virtual void err(std::string_view text) = 0;
  /// Data a program reads back byte for byte (an export, a plan's raw text): unchanged when
  /// standard output is a file or a pipe, made safe like out() when it is a terminal.
  virtual void data(std::string_view text) = 0;
  /// A progress line on standard error that the next one replaces ("" clears it). Only for a
  /// terminal: the caller checks stderr_tty.
  virtual void status(std::string_view line) = 0;
  /// Makes sure what went to standard output arrived; throws Error (exit 4) when it didn't.
  /// Commands call it before saying something was written; the CLI calls it at the end.
  virtual void flush() {}

  bool color = false;       ///< ANSI colour allowed on stdout
  bool utf8 = true;         ///< the locale can show UTF-8 (charts fall back to ASCII)
  bool stdin_tty = false;   ///< someone can answer a question
  bool stdout_tty = false;
  bool stderr_tty = false;
};

/// The process's stdout and stderr. A failed write to standard output (a full disk, a closed
/// pipe's reader gone, /dev/full) throws Error (exit 4): output that didn't arrive is never
/// reported as done. finish() flushes and checks what is still buffered.
class StdSink : public Sink {
 public:
  StdSink();
  void out(std::string_view text) override;
  void err(std::string_view text) override;
  void data(std::string_view text) override;
  void status(std::string_view line) override;
  void flush() override;

 private:
  void write_out(std::string_view bytes);
  [[noreturn]] void failed(int error);
  int flush_error_ = 0;  // errno of a flush that failed while writing to stderr
};

/// Collects output in memory (tests), made safe the same way as StdSink's.
class StringSink : public Sink {
 public:
  void out(std::string_view text) override { out_text += terminal_text(text, color); }
  void err(std::string_view text) override { err_text += terminal_text(text, false); }
  void data(std::string_view text) override { out_text += text; }
  void status(std::string_view line) override { err_text += terminal_text(line, false); }
  std::string out_text;
  std::string err_text;
};

}  // namespace ebb
