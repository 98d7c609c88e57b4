#include "ebb/cli/cli.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/cli/complete.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

bool locale_is_utf8() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* v = std::getenv(name);
    if (v && *v) {
      std::string s(v);
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s.find("utf-8") != std::string::npos || s.find("utf8") != std::string::npos;
    }
  }
  return false;
}

// The locale that says how things are measured (LC_MEASUREMENT's own order of precedence).
std::string_view measurement_locale() {
  for (const char* name : {"LC_ALL", "LC_MEASUREMENT", "LANG"}) {
    const char* v = std::getenv(name);
    if (v && *v) return v;
  }
  return "";
}

// Drink sizes follow the locale until the config names a country.
void default_drinks_country(Config& config) {
  std::string_view code = country_of_locale(measurement_locale());
  if (code.empty()) return;
  if (const CountryDrinks* c = find_country(code)) {
    config.drinks.country = c->code;
    config.drinks.grams_per_drink = c->standard_drink_g;
  }
}

// --color wins; otherwise colour only on a terminal, and never with NO_COLOR or TERM=dumb.
bool want_color(const std::string& flag, bool tty) {
  if (flag == "always") return true;
  if (flag == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return tty;
}

void load_config(Env& env) {
  default_drinks_country(env.config);
  if (env.paths.config.empty()) return;  // nowhere to look (no HOME): the defaults
  std::ifstream in(env.paths.config);
  if (!in) {
    if (env.paths.config_explicit)
      throw Error(kExitUsage, fmt::format("Couldn't read the config file {}.", env.paths.config));
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string err;
  if (!parse_config(text.str(), env.paths.config, &env.config, &err) ||
      !set_own_substances(env.config.substances, &err) ||
      !resolve_medications(&env.config.medications, &err))
    throw Error(kExitUsage, fmt::format("The config file has a problem: {}", err));
}

// "ebb plan set", say: the command line as far as CLI11 parsed it.
// The innermost command the words named ("ebb plan edit" for `ebb plan edit ...`).
const CLI::App* innermost(const CLI::App& app) {
  const CLI::App* a = &app;
  while (!a->get_subcommands().empty()) a = a->get_subcommands().front();
  return a;
}

std::string command_path(const CLI::App& app) {
  std::string where = "ebb";
  for (const CLI::App* a = &app;;) {
    auto subs = a->get_subcommands();
    if (subs.empty()) return where;
    a = subs.front();
    where += " " + a->get_name();
  }
}

// For an option the command doesn't have ("--feeling"): the one it most likely meant, as a
// message that names both ("ebb mood has no option --feeling; did you mean --feel?"). Empty
// when nothing left over is an option, or none is near.
std::string unknown_option_text(const CLI::App& app, const std::string& where) {
  // A typo, or one name a start of the other ("--feeling" for "--feel").
  auto near = [](std::string_view typed, std::string_view name) {
    bool start = std::min(typed.size(), name.size()) >= 3 &&
                 (typed.starts_with(name) || name.starts_with(typed));
    if (start) return 1;
    if (typed.size() < 4) return 3;  // too short to guess from
    int limit = typed.size() < 6 ? 1 : 2, d = edit_distance(typed, name, limit);
    return d > limit ? 3 : d;
  };
  const CLI::App* cmd = innermost(app);
  for (const auto& word : app.remaining(true)) {
    if (word.rfind("--", 0) != 0 || word.size() < 3) continue;
    std::string typed = word.substr(0, word.find('='));
    std::string best;
    int best_d = 3;
    for (const CLI::App* a = cmd; a; a = a->get_parent())
      for (const CLI::Option* o : a->get_options())
        for (const auto& name : o->get_lnames())
          if (int d = near(typed.substr(2), name); d < best_d) best = "--" + name, best_d = d;
    return best.empty() ? fmt::format("{} has no option {}.", where, typed)
                        : fmt::format("{} has no option {}; did you mean {}?", where, typed, best);
  }
  return "";
}

// Whether the command saves something a person would miss (an entry, a plan, a change to the
// database): its refusals say "Nothing was saved."; a command that only reads doesn't.
bool saves(std::string_view where) {
  for (std::string_view c : {"ebb use", "ebb urge", "ebb mood", "ebb none", "ebb edit", "ebb rm",
                             "ebb undo", "ebb plan edit", "ebb plan set", "ebb forget",
                             "ebb import", "ebb encrypt", "ebb decrypt", "ebb backup"})
    if (where == c) return true;
  return false;
}

}  // namespace

std::string ebb_overview(const CLI::App& app) {
  std::string out =
      "ebb keeps a private log of your use, urges and moods, on this machine only.\n"
      "Write your own plan, then see how your days compare, without judgment.\n\n"
      "Commands:\n";
  for (const auto* sub : app.get_subcommands([](const CLI::App* a) {
         return !a->get_group().empty();
       }))
    out += fmt::format("  {:<12} {}\n", sub->get_name(), sub->get_description());
  out += "\nTo start: ebb use alcohol 2 drinks, ebb urge 6 --rode-out, ebb mood 7.\n"
         "ebb help COMMAND shows what a command takes; man ebb has the rest.\n";
  return out;
}

namespace {

// The global options that take a value (their value is not the command's name).
constexpr std::string_view kGlobalWithValue[] = {"--db", "--config", "--key-file", "--color"};

// The command the words name: the first word that is neither a global option nor its value.
std::string_view named_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "--") return {};
    if (word.size() > 1 && word.front() == '-') {
      if (std::find(std::begin(kGlobalWithValue), std::end(kGlobalWithValue), word) !=
          std::end(kGlobalWithValue))
        ++i;
      continue;
    }
    return word;
  }
  return {};
}

bool wants_whole_tree(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "__complete") return true;
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help-all") return true;
  return false;
}

}  // namespace

int run_cli(int argc, char** argv) {
  ::umask(077);  // everything ebb writes (database, WAL, backups, exports) is private
  StdSink sink;

  CLI::App app{"ebb: a private, local log of use, urges and moods, with your own plan."};
  app.name("ebb");
  app.formatter(help_formatter());  // before the commands: they take their parent's
  app.set_version_flag("--version", std::string("ebb ") + EBB_VERSION);
  app.set_help_all_flag("--help-all", "Show help for every command");
  std::string db_flag, config_flag, key_file_flag, color = "auto";
  bool json = false;
  app.add_option("--db", db_flag, "Database file (default: $EBB_DB, else $XDG_DATA_HOME/ebb/ebb.db)")
      ->type_name("PATH");
  app.add_option("--config", config_flag,
                 "Config file (default: $EBB_CONFIG, else $XDG_CONFIG_HOME/ebb/config.toml)")
      ->type_name("PATH");
  app.add_option("--key-file", key_file_flag,
                 "Key file of an encrypted database (default: $EBB_KEY_FILE, else config key_file)")
      ->type_name("FILE");
  app.add_option("--color", color, "Colour: auto, always or never (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_flag("--json", json, "Print data as JSON");
  app.fallthrough();
  app.require_subcommand(0, 1);

  // Declaring every command, let alone its options, costs more than most commands' work, so
  // when the words name a command only that one is declared; completion, --help-all and
  // anything the words don't settle see them all.
  const std::string_view named = named_command(argc, argv);
  const bool whole_tree = wants_whole_tree(argc, argv) || named == "help";
  const auto& table = command_table();
  const bool only_named =
      !whole_tree && std::any_of(table.begin(), table.end(),
                                 [&](const auto& c) { return c.name == named; });
  std::vector<std::pair<CLI::App*, Runner>> runners;
  auto add = [&](size_t i) {  // the command, without its options
    if (runners[i].first) return;
    runners[i].first = app.add_subcommand(table[i].name, table[i].summary);
    runners[i].first->group("Commands");
  };
  auto declare = [&](size_t i) {  // the command and its options
    add(i);
    if (!runners[i].second) runners[i].second = table[i].setup(*runners[i].first);
  };
  runners.resize(table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    if (only_named && table[i].name != named) continue;
    if (whole_tree || table[i].name == named) declare(i);
    else add(i);
  }
  // `ebb __complete WORD...` takes its words raw: given to CLI11 they would be parsed ("--"
  // dropped, "--kind" refused, "--help" run) instead of completed.
  if (argc >= 2 && std::string_view(argv[1]) == "__complete") {
    // A completion prints nothing but words: no privacy warning on stderr.
    Env env{sink, resolve_paths(db_flag, config_flag, std::getenv), {}, nullptr, {}, false, {},
            false};
    // The person's own substances complete too; a config with a problem just leaves them out.
    try {
      load_config(env);
    } catch (const std::exception&) {
    }
    return run_complete(app, std::vector<std::string>(argv + 2, argv + argc), env);
  }

  // When the words name a command in a way named_command didn't foresee, a command can parse
  // without its options (or fail to): then every command gets its options and the words are
  // parsed again, so the answer is what the whole tree would give.
  auto parse_with_whole_tree = [&] {
    for (size_t i = 0; i < table.size(); ++i) declare(i);
    app.clear();
    app.parse(argc, argv);
  };
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (whole_tree || e.get_exit_code() == 0) throw;
      parse_with_whole_tree();
    }
    for (const auto& [sub, run] : runners)
      if (sub && sub->parsed() && !run) parse_with_whole_tree();
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here as "errors" with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string where = command_path(app);
    std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e))
      if (std::string better = unknown_option_text(app, where); !better.empty()) what = better;
    sink.err(fmt::format("ebb: {}\n{}'{} --help' shows what it takes.\n", what,
                         saves(where) ? "Nothing was saved. " : "", where));
    return kExitUsage;
  }

  Env env{sink, resolve_paths(db_flag, config_flag, std::getenv), {}, nullptr, {}, false, {},
          true};
  env.json = json;
  env.paths.key_file = key_file_flag;
  sink.color = want_color(color, sink.stdout_tty);
  sink.utf8 = locale_is_utf8();

  try {
    const Runner* runner = nullptr;
    bool help = false;
    for (const auto& [sub, run] : runners)
      if (sub && sub->parsed() && run) runner = &run, help = sub->get_name() == "help";
    if (!runner) {
      sink.out(ebb_overview(app));
      sink.flush();
      return kExitOk;
    }
    if (help) {  // like --help: no clock, zone, config or database
      int rc = (*runner)(env);
      sink.flush();
      return rc;
    }
    // What every command needs; a command that saves says that nothing was.
    const std::string nothing_saved = saves(command_path(app)) ? " Nothing was saved." : "";
    if (!env.paths.problem.empty()) throw Error(kExitUsage, env.paths.problem + nothing_saved);
    std::string err;
    if (!now_from_env(&env.now, &err)) throw Error(kExitUsage, err + nothing_saved);
    env.zone = zone_from_env(&err);
    if (!env.zone) throw Error(kExitUsage, err + nothing_saved);
    load_config(env);
    int rc = (*runner)(env);
    sink.flush();  // output that didn't arrive (a full disk, /dev/full) is a failure
    return rc;
  } catch (const Error& e) {
    sink.err(fmt::format("ebb: {}\n", e.what()));
    return e.exit_code();
  } catch (const std::exception& e) {
    sink.err(fmt::format("ebb: something went wrong: {}\n", e.what()));
    return kExitInternal;
  }
}

}  // namespace ebb
