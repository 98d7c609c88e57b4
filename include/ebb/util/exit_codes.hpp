#pragma once
/// Exit statuses, shared by every command and documented in ebb(1).

namespace ebb {

enum ExitCode : int {
  kExitOk = 0,
  kExitFalse = 1,      ///< nothing matched / the condition asked about is false
  kExitUsage = 2,      ///< bad command line or bad input; nothing written
  kExitData = 3,       ///< the database or a file cannot be used as it is (corrupt, newer schema)
  kExitInternal = 4,   ///< an unexpected failure (I/O, SQLite); nothing partial is kept
  kExitNoKey = 5,      ///< check only: the database is encrypted and no key was given
};

}  // namespace ebb
