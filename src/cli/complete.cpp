#include "ebb/cli/complete.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/cli/env.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/store/vault.hpp"

namespace ebb {

namespace {

struct Candidate {
  std::string word;
  std::string description;
};

const CLI::Option* find_option(const CLI::App* app, const std::string& flag) {
  for (const CLI::App* a = app; a; a = a->get_parent())
    for (const auto* opt : a->get_options())
      for (const auto& name : opt->get_lnames())
        if (flag == "--" + name) return opt;
  for (const CLI::App* a = app; a; a = a->get_parent())
    for (const auto* opt : a->get_options())
      for (const auto& name : opt->get_snames())
        if (flag == "-" + name) return opt;
  return nullptr;
}

const CLI::App* find_subcommand(const CLI::App* app, const std::string& name) {
  for (const auto* sub : app->get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == name && !sub->get_group().empty()) return sub;
  return nullptr;
}

void add_substances(std::vector<Candidate>& out, Env& env) {
  for (const auto& s : catalog()) {
    out.push_back({std::string(s.name), std::string(s.substance_class)});
    for (auto a : s.aliases) out.push_back({std::string(a), std::string(s.name)});
  }
  // Names the person has used before, without creating a database just to complete (nor
  // asking for a passphrase in the middle of a completion).
  if (!std::filesystem::exists(env.paths.db) || (!env.store_ && is_encrypted_file(env.paths.db)))
    return;
  try {
    for (const auto& s : env.store().substances()) out.push_back({s, "in your log"});
  } catch (const std::exception&) {
  }
}

void add_ids(std::vector<Candidate>& out, Env& env) {
  if (!std::filesystem::exists(env.paths.db) || (!env.store_ && is_encrypted_file(env.paths.db)))
    return;
  try {
    EntryQuery q;
    q.limit = 30;
    for (const auto& e : env.store().query(q)) {
      std::string desc = entry_summary(e);
      out.push_back({short_id(e.id), desc});
      out.push_back({e.id, desc});
    }
  } catch (const std::exception&) {
  }
}

void add_words(std::vector<Candidate>& out, std::initializer_list<const char*> words) {
  for (const char* w : words) out.push_back({w, ""});
}

void option_values(const std::string& command, const std::string& flag,
                   std::vector<Candidate>& out, Env& env) {
  if (flag == "--substance" || (command == "check" && flag == "--with")) add_substances(out, env);
  else if (flag == "--occasion") add_ids(out, env);
  else if (flag == "--route")
    add_words(out, {"oral", "smoked", "vaped", "snorted", "injected", "sublingual", "buccal",
                    "rectal", "inhaled", "chewed"});
  else if (flag == "--kind") add_words(out, {"use", "urge", "mood", "none"});
  else if (flag == "--color") add_words(out, {"auto", "always", "never"});
  else if (flag == "--format" && command == "export")
    add_words(out, {"json", "csv", "psychonautwiki", "tlfb", "ics", "trackandgraph"});
  else if (flag == "--format" && command == "report") add_words(out, {"markdown", "html"});
  else if (flag == "--by")
    add_words(out, {"day", "week", "month", "with", "where", "alone", "tested", "reason",
                    "hour"});
  else if (flag == "--from") add_words(out, {"ebb", "psychonautwiki", "trackandgraph"});
  else if (flag == "--clear")
    for (const auto& f : clearable_fields()) out.push_back({f, ""});
  else if (flag == "--at")
    add_words(out, {"now", "today", "yesterday", "last night", "1h ago", "30m ago", "mon", "tue",
                    "wed", "thu", "fri", "sat", "sun"});
  else if (flag == "--since" || flag == "--until" || flag == "--before")
    add_words(out, {"today", "yesterday", "7d", "30d", "365d", "mon"});
}

void positional_values(const CLI::App& root, const std::string& command, int index,
                       std::vector<Candidate>& out, Env& env) {
  if (command == "use" && index == 0) {
    for (const auto& p : env.config.presets) out.push_back({p.name, "preset: " + p.text});
    add_substances(out, env);
  }
  else if (command == "help" && index == 0)
    for (const auto* sub : root.get_subcommands([](const CLI::App* a) {
           return !a->get_group().empty();
         }))
      out.push_back({sub->get_name(), sub->get_description()});
  else if (command == "edit" && index == 0) add_ids(out, env);
  else if (command == "rm") add_ids(out, env);
  else if ((command == "review" || command == "trends" || command == "report" ||
            command == "meanings") &&
           index == 0)
    add_words(out, {"today", "yesterday", "week", "last-week", "month", "last-month", "year",
                    "7d", "30d", "90d", "365d"});
  else if (command == "calendar" && index == 0) add_words(out, {"this", "last"});
  else if (command == "replay" && index == 0)
    add_words(out, {"today", "yesterday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"});
  else if (command == "use" && index == 2)
    add_words(out, {"mg", "g", "ug", "ml", "l", "drinks", "units", "pints", "cans", "bottles",
                    "glasses", "shots", "doubles", "pills", "tabs"});
}

}  // namespace

int run_complete(const CLI::App& app, const std::vector<std::string>& words, Env& env) {
  const CLI::App* cur = &app;
  const CLI::Option* pending = nullptr;
  int positional = 0;
  bool options_ended = false;
  std::string current = words.empty() ? "" : words.back();
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& w = words[i];
    if (pending) {
      // Ids and names come from the database typed on the line, as the command will use it.
      if (pending->check_lname("db")) env.paths.db = w;
      pending = nullptr;
      continue;
    }
    if (w == "--" && !options_ended) {
      options_ended = true;
      continue;
    }
    if (w.rfind("-", 0) == 0 && w.size() > 1 && !options_ended) {
      if (w.rfind("--db=", 0) == 0) env.paths.db = w.substr(5);
      if (w.find('=') != std::string::npos) continue;
      const CLI::Option* opt = find_option(cur, w);
      if (opt && opt->get_type_size_max() > 0 && opt->get_expected_max() > 0) pending = opt;
      continue;
    }
    if (const CLI::App* sub = find_subcommand(cur, w)) {
      cur = sub;
      positional = 0;
      continue;
    }
    ++positional;
  }

  std::vector<Candidate> all;
  std::string prefix = current;
  if (pending) {
    option_values(command_path_of(cur), "--" + pending->get_lnames().front(), all, env);
  } else if (current.rfind("--", 0) == 0 && current.find('=') != std::string::npos) {
    std::string flag = current.substr(0, current.find('='));
    std::vector<Candidate> values;
    option_values(command_path_of(cur), flag, values, env);
    for (auto& v : values) all.push_back({flag + "=" + v.word, v.description});
  } else if (current.rfind("-", 0) == 0 && !options_ended) {
    for (const CLI::App* a = cur; a; a = a->get_parent())
      for (const auto* opt : a->get_options())
        for (const auto& name : opt->get_lnames())
          all.push_back({"--" + name, opt->get_description()});
  } else {
    for (const auto* sub : cur->get_subcommands([](const CLI::App*) { return true; }))
      if (!sub->get_group().empty()) all.push_back({sub->get_name(), sub->get_description()});
    positional_values(app, command_path_of(cur), positional, all, env);
  }

  // One candidate a line, TAB before the description: names from the log could hold either.
  auto has_control = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20; });
  };
  std::set<std::string> seen;
  std::string out;
  for (auto& c : all) {
    if (c.word.rfind(prefix, 0) != 0 || has_control(c.word) || !seen.insert(c.word).second)
      continue;
    for (auto& ch : c.description)
      if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    out += c.description.empty() ? c.word + "\n" : c.word + "\t" + c.description + "\n";
  }
  env.sink.out(out);
  return kExitOk;
}

}  // namespace ebb
