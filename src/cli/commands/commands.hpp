#pragma once
/// The command table: one row per subcommand. Each command lives in its own file as a setup
/// function that declares its options on a CLI11 subcommand and returns what runs it.

#include <functional>
#include <memory>
#include <string_view>
#include <span>

#include <CLI/CLI.hpp>

#include "ebb/cli/env.hpp"

namespace ebb {

using Runner = std::function<int(Env&)>;

struct Command {
  const char* name;
  const char* summary;
  Runner (*setup)(CLI::App& sub);
};

std::span<const Command> command_table();

/// What `ebb` alone and `ebb help` print: what ebb is, the commands, how to start.
std::string ebb_overview(const CLI::App& app);

/// How --help is laid out (src/cli/help_format.cpp): options in groups, one example per command.
std::shared_ptr<CLI::FormatterBase> help_formatter();
/// A command's words after ebb: "plan edit" for `ebb plan edit`, "" for ebb itself.
std::string command_path_of(const CLI::App* app);
/// The example --help shows for a command ("use", "plan edit"; "" for ebb), or "".
std::string_view help_example(std::string_view command);

Runner setup_use(CLI::App& sub);
Runner setup_urge(CLI::App& sub);
Runner setup_mood(CLI::App& sub);
Runner setup_none(CLI::App& sub);
Runner setup_surf(CLI::App& sub);
Runner setup_backfill(CLI::App& sub);
Runner setup_help(CLI::App& sub);
Runner setup_log(CLI::App& sub);
Runner setup_edit(CLI::App& sub);
Runner setup_rm(CLI::App& sub);
Runner setup_undo(CLI::App& sub);
Runner setup_substances(CLI::App& sub);
Runner setup_plan(CLI::App& sub);
Runner setup_review(CLI::App& sub);
Runner setup_trends(CLI::App& sub);
Runner setup_calendar(CLI::App& sub);
Runner setup_backup(CLI::App& sub);
Runner setup_forget(CLI::App& sub);
Runner setup_check(CLI::App& sub);
Runner setup_now(CLI::App& sub);
Runner setup_again(CLI::App& sub);
Runner setup_export(CLI::App& sub);
Runner setup_import(CLI::App& sub);
Runner setup_report(CLI::App& sub);
Runner setup_diagnose(CLI::App& sub);
Runner setup_encrypt(CLI::App& sub);
Runner setup_decrypt(CLI::App& sub);
Runner setup_meanings(CLI::App& sub);
Runner setup_replay(CLI::App& sub);

}  // namespace ebb
