#pragma once
/// The command line: global options, the command table, error reporting and exit codes.

namespace ebb {

/// Parses argv, runs the chosen command, returns the process exit status.
int run_cli(int argc, char** argv);

}  // namespace ebb
