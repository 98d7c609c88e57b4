#pragma once
/// A failure the shell reports to the person: a message in ebb's voice and the exit status.

#include <stdexcept>
#include <string>
#include <utility>

namespace ebb {

class Error : public std::runtime_error {
 public:
  Error(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

/// Sets `*err` to `msg` and returns false: the last step of a reader's failing path
/// (`return fail_with(err, "...");`).
inline bool fail_with(std::string* err, std::string msg) {
  *err = std::move(msg);
  return false;
}

}  // namespace ebb
