#pragma once
/// Files the commands read and write: input read once or mapped, and private output (mode
/// 0600, replaced whole, never one of ebb's own files).

#include <cstddef>
#include <string>
#include <string_view>

#include "ebb/cli/env.hpp"
#include "ebb/exchange/text_window.hpp"

namespace ebb {

/// Where `ebb plan edit` keeps the text being written until it is saved: beside the database
/// file, named after it.
inline std::string plan_draft_path(const std::string& db_path) {
  return db_path + ".plan-draft.toml";
}

/// Reads FILE, or standard input for "-". Throws Error (exit 2) when it cannot.
std::string read_input_file(const std::string& path);

/// FILE's text, read once from start to end (import): a regular file is mapped rather than
/// copied, and the part already read is let go (release_before), so memory stays small
/// however long the file. Standard input ("-") is mapped too when it is a regular file (a
/// redirect); from a pipe it is copied into an unnamed file (O_TMPFILE, mode 0600, gone with
/// the process however it ends) in `spool_dir` and that is mapped, or read whole when
/// `spool_dir` is empty or can't hold such a file. Other files are read whole. Throws Error
/// (exit 2) when FILE can't be read, and when the copy of standard input can't be written.
///
/// With `stream` (and no `spool_dir`), standard input from a pipe is neither copied nor held
/// whole: text() is only its start (at least 64 KB, and to the end of the line with the first
/// thing that isn't white space: enough to tell the format by), streamed() is true, and
/// reader() gives the whole text from the start a piece at a time, for a reader with a
/// window (text_window.hpp). read_rest() reads the rest into text() when it is needed whole.
class InputText {
 public:
  explicit InputText(const std::string& path, const std::string& spool_dir = "",
                     bool stream = false);
  ~InputText();
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  std::string_view text() const { return text_; }
  /// The text before `offset` won't be read again (if it is, it comes back from the file).
  void release_before(size_t offset);
  /// The text is read again from the start (what was let go comes back as it is read, and
  /// is let go again).
  void read_again();
  /// Only the start is in text(); the rest is still to be read (see above).
  bool streamed() const { return streamed_; }
  /// The whole text from its start: what text() holds, then the rest of standard input.
  /// Once only.
  TextRead reader();
  /// Reads the rest of standard input into text().
  void read_rest();

 private:
  bool streamed_ = false;
  std::string copy_;  // standard input, or a file that can't be mapped
  void* map_ = nullptr;
  size_t map_size_ = 0, released_ = 0;
  std::string_view text_;
};

/// A file written with mode 0600 through a private temporary file beside it that commit()
/// renames into place, so a reader never sees half a file and an existing file is replaced
/// whole. Without commit() (an error on the way) the temporary file is removed.
class PrivateFile {
 public:
  explicit PrivateFile(std::string path);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;
  void write(std::string_view text);
  void commit();

 private:
  [[noreturn]] void fail(int saved);
  std::string path_, tmp_;
  int fd_ = -1;
};

/// Writes `text` to `path` with mode 0600: a private temporary file beside it, then a rename,
/// so a reader never sees half a file and an existing file is replaced whole.
void write_private_output(const std::string& path, const std::string& text);

/// The file a command may write its output to (-o/--output, a backup): the real file when
/// `path` is a link. Throws Error (exit 2, nothing written) for ebb's own files (the
/// database, its -wal, -shm, -journal and lock files, the key file), whatever name they are
/// reached by; for what isn't a regular file; and for an existing file unless `replace`
/// (--force; `offer_force` says whether the command has it, for the message).
std::string output_path(Env& env, const std::string& path, bool replace, bool offer_force = true);

}  // namespace ebb
