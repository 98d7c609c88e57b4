#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <CLI/CLI.hpp>

#include "../src/cli/commands/commands.hpp"
#include "ebb/cli/complete.hpp"
#include "ebb/cli/env.hpp"
#include "ebb/util/exit_codes.hpp"

using namespace ebb;
namespace fs = std::filesystem;

namespace {

// The command tree as the CLI builds it: global options, then one subcommand a table row.
struct Tree {
  CLI::App app{"ebb"};
  std::string db, config, color;
  bool json = false;
  Tree() {
    app.add_option("--db", db, "Database file");
    app.add_option("--config", config, "Config file");
    app.add_option("--color", color, "Colour");
    app.add_flag("--json", json, "Print data as JSON");
    for (const auto& c : command_table()) {
      CLI::App* sub = app.add_subcommand(c.name, c.summary);
      sub->group("Commands");
      c.setup(*sub);
    }
  }
};

struct Completion {
  std::vector<std::string> words;         // candidates, in order
  std::vector<std::string> descriptions;  // "" where none
  std::string db;                         // the database completion looked at
};

// Runs the engine on `typed` (the last word being completed) with a database that does not
// exist, so nothing comes from a log.
Completion complete(std::vector<std::string> typed) {
  Tree tree;
  StringSink sink;
  Env env{sink, Paths{}, {}, nullptr, {}, false, {}};
  env.paths.db = (fs::temp_directory_path() / ("ebb-complete-none-" + std::to_string(::getpid()) +
                                               ".db"))
                     .string();
  std::string missing = env.paths.db;
  REQUIRE(run_complete(tree.app, typed, env) == kExitOk);
  CHECK(sink.err_text.empty());
  Completion c;
  c.db = env.paths.db;
  std::istringstream lines(sink.out_text);
  for (std::string line; std::getline(lines, line);) {
    auto tab = line.find('\t');
    c.words.push_back(line.substr(0, tab));
    c.descriptions.push_back(tab == std::string::npos ? "" : line.substr(tab + 1));
  }
  CHECK_FALSE(fs::exists(missing));  // completing never creates a database
  return c;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("complete: commands, with their summaries") {
  // Every row of the table, in its order, with its summary; commands added later included.
  std::vector<std::string> names, summaries, starting_with_u;
  for (const auto& cmd : command_table()) {
    names.emplace_back(cmd.name);
    summaries.emplace_back(cmd.summary);
    if (cmd.name[0] == 'u') starting_with_u.emplace_back(cmd.name);
  }
  auto c = complete({""});
  CHECK(c.words == names);
  CHECK(c.descriptions == summaries);
  CHECK(has(c.words, "substances"));
  CHECK(c.descriptions[0].rfind("Log a use", 0) == 0);
  CHECK(complete({"u"}).words == starting_with_u);
  CHECK(has(starting_with_u, "undo"));
  CHECK(complete({"us"}).words == std::vector<std::string>{"use"});
  CHECK(complete({"x"}).words.empty());
}

TEST_CASE("complete: options of the command and the global ones, no others") {
  auto c = complete({"use", "--"});
  CHECK(has(c.words, "--route"));
  CHECK(has(c.words, "--at"));
  CHECK(has(c.words, "--db"));
  CHECK(has(c.words, "--json"));
  CHECK_FALSE(has(c.words, "--trigger"));
  CHECK_FALSE(has(c.words, "--"));
  CHECK(complete({"use", "--r"}).words == std::vector<std::string>{"--route", "--reason"});
  CHECK(complete({"urge", "--r"}).words == std::vector<std::string>{"--rode-out"});
  // A flag takes no value: the next word is still an option.
  CHECK(complete({"use", "beer", "--alone", "--r"}).words ==
        std::vector<std::string>{"--route", "--reason"});
  // Each candidate once, though --help exists on the command and at the top.
  auto h = complete({"use", "--h"});
  CHECK(std::count(h.words.begin(), h.words.end(), "--help") == 1);
}

TEST_CASE("complete: option values, separate and after =") {
  CHECK(complete({"log", "--kind", ""}).words == std::vector<std::string>{"use", "urge", "mood", "none"});
  CHECK(complete({"log", "--kind", "u"}).words == std::vector<std::string>{"use", "urge"});
  CHECK(complete({"log", "--kind=u"}).words ==
        std::vector<std::string>{"--kind=use", "--kind=urge"});
  CHECK(complete({"--color", "n"}).words == std::vector<std::string>{"never"});
  // A value given with = takes no next word: --s is an option again.
  CHECK(complete({"log", "--kind=use", "--su"}).words == std::vector<std::string>{"--substance"});
  // The value of an option is not a command.
  CHECK(complete({"--db", "use", "mo"}).words == std::vector<std::string>{"mood"});
  auto fields = complete({"edit", "ABCD", "--clear", "mo"});
  CHECK(fields.words == std::vector<std::string>{"mood-before"});
}

TEST_CASE("complete: positionals") {
  auto c = complete({"use", "be"});
  CHECK(has(c.words, "beer"));
  for (const auto& w : c.words) CHECK(w.rfind("be", 0) == 0);
  CHECK(c.descriptions[std::find(c.words.begin(), c.words.end(), "beer") - c.words.begin()] ==
        "alcohol");
  CHECK(has(complete({"use", "beer", "2", "m"}).words, "ml"));
  // After the substance comes the amount: nothing to offer for a number.
  CHECK(complete({"use", "beer", ""}).words.empty());
}

TEST_CASE("complete: -- ends the options") {
  CHECK(complete({"use", "--", "--r"}).words.empty());
  CHECK(complete({"log", "--", "--kind", ""}).words.empty());
}

TEST_CASE("complete: --db on the line is the database completion reads") {
  CHECK(complete({"--db", "/tmp/a b.db", "rm", ""}).db == "/tmp/a b.db");
  CHECK(complete({"rm", "--db", "/tmp/x.db", ""}).db == "/tmp/x.db");
  CHECK(complete({"--db=/tmp/y.db", "rm", ""}).db == "/tmp/y.db");
  // Only words before the one being completed count.
  CHECK(complete({"rm", "--db"}).db.find("ebb-complete-none-") != std::string::npos);
}
