#pragma once
/// `ebb __complete WORD...`: the engine behind the bash, zsh and fish completions. It walks
/// the CLI11 command tree with the words typed so far (the last one is the word being
/// completed, possibly empty) and prints one candidate a line, as `candidate<TAB>description`
/// (no description: no TAB). `__complete` must be the first argument; the words after it are
/// taken raw, never parsed as options. `--opt=val` in the last word gives `--opt=VALUE`
/// candidates; `--` ends the options; `--db PATH` / `--db=PATH` among the words is the
/// database ids and logged names come from (a missing one is never created). Prints nothing
/// when there is nothing to offer (free text, numbers, paths): the scripts then offer files.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ebb {

struct Env;

int run_complete(const CLI::App& app, const std::vector<std::string>& words, Env& env);

/// Field names `ebb edit --clear` takes.
std::vector<std::string> clearable_fields();

}  // namespace ebb
