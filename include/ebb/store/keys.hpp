#pragma once
/// Where the key of an encrypted database comes from: a key file (--key-file, $EBB_KEY_FILE,
/// config key_file), a passphrase on an inherited file descriptor ($EBB_PASSPHRASE_FD, like
/// gpg's --passphrase-fd), or a passphrase typed at the terminal with echo off. Never from
/// the command line or an environment variable holding the secret itself.

#include <string>

#include "ebb/store/crypt.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

struct KeySource {
  std::string key_file;     ///< empty: none named
  int passphrase_fd = -1;   ///< -1: none given
  bool can_prompt = false;  ///< stdin is a terminal
  int missing_key_exit = kExitData;  ///< the exit status when no key is given

  /// The key for a file with header `h`, checked against its key check. Throws Error (exit 3)
  /// when it doesn't match, and with `missing_key_exit` when no key is given.
  SecretBytes key_for(const CryptHeader& h, const std::string& db_path) const;
};

/// The KeySource from the environment: the key file named by `flag` (--key-file), else
/// $EBB_KEY_FILE, else `configured` (config key_file, "~/" meaning $HOME); then
/// $EBB_PASSPHRASE_FD (made close-on-exec, so no program ebb starts inherits it) and whether
/// stdin is a terminal. Throws Error on a bad fd number or one that isn't open.
KeySource key_source_from_env(const std::string& flag, const std::string& configured);

/// Reads a 32-byte key file. Throws Error (exit 3) when missing, readable by others, or the
/// wrong size.
SecretBytes read_key_file(const std::string& path);

/// Writes a new random key to `path` (0600, refusing to replace a file). Throws Error.
SecretBytes create_key_file(const std::string& path);

/// A passphrase from fd `fd` (up to the first newline). Throws Error when unreadable.
SecretBytes read_passphrase_fd(int fd);

/// Asks on the terminal with echo off; `confirm` asks twice. Throws Error when the two
/// differ or the passphrase is empty.
SecretBytes prompt_passphrase(const std::string& prompt, bool confirm);

}  // namespace ebb
