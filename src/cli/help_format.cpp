#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/commands.hpp"

// What `ebb COMMAND --help` prints reads like the man page: options in groups (what happened,
// around it, which entries, output), one example per command, none of CLI11's "Excludes:",
// "Needs:" or "REQUIRED" marks (the man page says which options go together). Both tables are
// here, not in the command files: a new option lands in "Options" until it gets a row.

namespace ebb {

namespace {

constexpr std::string_view kHappened = "What happened";
constexpr std::string_view kAround = "Around it";
constexpr std::string_view kEntries = "Which entries";
constexpr std::string_view kOutput = "Output";
constexpr std::string_view kFiles = "Files";
constexpr std::string_view kKey = "The key";
constexpr std::string_view kOther = "Options";
// The order groups are printed in; any other group comes after these.
constexpr std::string_view kGroupOrder[] = {kHappened, kAround, kEntries, kKey, kOutput, kFiles, kOther};

struct OptionGroup {
  std::string_view command;  // "" for every command, else "use", "plan edit", ...
  std::string_view option;   // the long name, without dashes
  std::string_view group;
};

// A row for a command comes before the row for every command, and wins.
constexpr OptionGroup kOptionGroups[] = {
    // Logging and editing: what happened...
    {"", "at", kHappened},
    {"", "route", kHappened},
    {"", "abv", kHappened},
    {"", "tested", kHappened},
    {"", "untested", kHappened},
    {"", "rode-out", kHappened},
    {"", "used", kHappened},
    {"", "other", kHappened},
    {"", "minutes", kHappened},
    {"", "after", kHappened},
    {"", "feel", kHappened},
    {"", "energy", kHappened},
    {"", "amount", kHappened},
    {"", "unit", kHappened},
    {"", "intensity", kHappened},
    {"", "score", kHappened},
    {"", "clear", kHappened},
    {"", "new", kHappened},
    {"", "insist", kHappened},
    {"urge", "substance", kHappened},
    {"edit", "substance", kHappened},
    {"none", "substance", kHappened},
    // ...and around it.
    {"", "where", kAround},
    {"", "with", kAround},
    {"", "alone", kAround},
    {"", "cost", kAround},
    {"", "reason", kAround},
    {"", "mood-before", kAround},
    {"", "trigger", kAround},
    {"", "feeling", kAround},
    {"", "wanted", kAround},
    {"", "note", kAround},
    {"", "tag", kAround},
    // Reading: which entries, and how they are shown.
    {"", "since", kEntries},
    {"", "until", kEntries},
    {"", "kind", kEntries},
    {"", "substance", kEntries},
    {"", "before", kEntries},
    {"forget", "all", kEntries},
    {"", "unknown", kEntries},
    {"import", "from", kEntries},
    {"", "limit", kOutput},
    {"", "all", kOutput},
    {"", "by", kOutput},
    {"", "ascii", kOutput},
    {"", "format", kOutput},
    {"", "output", kOutput},
    {"", "force", kOutput},
    {"", "quiet", kOutput},
    {"", "notify", kOutput},
    {"", "discreet", kOutput},
    {"", "json", kOutput},
    {"", "color", kOutput},
    {"", "db", kFiles},
    {"", "config", kFiles},
    {"", "key-file", kFiles},
    {"check", "with", kHappened},
    {"", "felt", kAround},
    {"", "occasion", kEntries},
    {"", "plan", kEntries},
    {"", "medications", kEntries},
    {"", "by-plan", kOutput},
    {"", "diff", kOutput},
    {"", "peek", kOutput},
    {"", "mark-shown", kOutput},
    {"", "short", kOutput},
    {"encrypt", "key-file", kKey},
    {"encrypt", "new-key-file", kKey},
};

struct Example {
  std::string_view command;
  std::string_view line;
};

// One example per command, as a person would type it.
constexpr Example kExamples[] = {
    {"", "ebb use alcohol 2 drinks"},
    {"use", "ebb use beer 2 pints --with Sam --at \"last night 23:00\""},
    {"urge", "ebb urge 7 --trigger \"long day\" --other \"went for a run\" --after 3"},
    {"mood", "ebb mood 6 --feel calm,tired"},
    {"none", "ebb none --substance alcohol --at yesterday"},
    {"log", "ebb log --since 7d --kind use"},
    {"edit", "ebb edit 3f2a --note \"after work, with Sam\""},
    {"rm", "ebb rm 3f2a"},
    {"undo", "ebb undo"},
    {"plan", "ebb plan edit"},
    {"plan show", "ebb plan show"},
    {"plan edit", "EDITOR=nano ebb plan edit"},
    {"plan set", "ebb plan set my-plan.toml"},
    {"plan check", "ebb plan check my-plan.toml"},
    {"plan history", "ebb plan history"},
    {"review", "ebb review last-week"},
    {"trends", "ebb trends 30d --by day --substance alcohol"},
    {"calendar", "ebb calendar last --substance cannabis"},
    {"backup", "ebb backup ~/ebb-copy.db"},
    {"forget", "ebb forget --before 2026-01-01"},
    {"check", "ebb check -q; [ $? -eq 1 ] && echo \"ebb has a note for you\""},
    {"report", "ebb report month --format html -o month.html"},
    {"export", "ebb export --format csv -o ebb.csv"},
    {"import", "ebb import --from psychonautwiki journal.json"},
    {"diagnose", "ebb diagnose"},
    {"encrypt", "ebb encrypt --new-key-file ~/.config/ebb/ebb.key"},
    {"decrypt", "ebb decrypt"},
    {"substances", "ebb substances --unknown"},
    {"help", "ebb help review"},
    {"again", "ebb again --where home"},
    {"now", "ebb now --short"},
    {"surf", "ebb surf --substance alcohol --minutes 20"},
    {"backfill", "ebb backfill 14d"},
    {"meanings", "ebb meanings 90d --substance alcohol"},
    {"replay", "ebb replay sat"},
};

std::string_view group_of(const CLI::App* app, const CLI::Option* opt) {
  const std::string command = command_path_of(app);
  std::string name = opt->get_lnames().empty() ? opt->get_name() : opt->get_lnames().front();
  for (std::string_view want : {std::string_view(command), std::string_view()})
    for (const auto& row : kOptionGroups)
      if (row.command == want && row.option == name) return row.group;
  return kOther;
}

class EbbFormatter : public CLI::Formatter {
 public:
  EbbFormatter() {
    label("Positionals", "Arguments");
    column_width(28);
  }

  // CLI11's make_help and make_expanded, with the options in ebb's groups.
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
    return make_description(app) + make_usage(app, name) + make_positionals(app) +
           grouped_options(app, mode) + make_subcommands(app, mode) + "\n" + make_footer(app);
  }

  std::string make_expanded(const CLI::App* sub) const override {
    std::string out = sub->get_display_name(true) + "\n" + make_description(sub) +
                      make_positionals(sub) + grouped_options(sub, CLI::AppFormatMode::Sub) +
                      make_subcommands(sub, CLI::AppFormatMode::Sub);
    out = CLI::detail::find_and_replace(out, "\n\n", "\n");
    out.pop_back();
    return CLI::detail::find_and_replace(out, "\n", "\n  ") + "\n";
  }

  std::string grouped_options(const CLI::App* app, CLI::AppFormatMode mode) const {
    std::vector<std::string_view> order(std::begin(kGroupOrder), std::end(kGroupOrder));
    std::vector<std::pair<std::string_view, std::vector<const CLI::Option*>>> groups;
    for (auto g : order) groups.push_back({g, {}});
    for (const CLI::Option* opt : app->get_options()) {
      if (opt->get_group().empty() || !opt->nonpositional()) continue;  // hidden, positional
      if (mode == CLI::AppFormatMode::Sub &&
          (opt == app->get_help_ptr() || opt == app->get_help_all_ptr()))
        continue;
      std::string_view g = group_of(app, opt);
      auto it = std::find_if(groups.begin(), groups.end(), [g](auto& e) { return e.first == g; });
      it->second.push_back(opt);
    }
    std::string out;
    for (const auto& [name, opts] : groups) {
      if (opts.empty()) continue;
      out += make_group(std::string(name), false, opts);
    }
    return out;
  }

  // The value's name and default only: "--with WHO", "--color WHEN".
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
    if (opt->get_type_size() == 0) return "";
    std::string type = opt->get_type_name();
    type = type.substr(0, type.find(':'));  // "KIND:{use,urge}": the choices are in the text
    std::string out = type.empty() ? "" : " " + type;
    if (!opt->get_default_str().empty()) out += "=" + opt->get_default_str();
    if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
    return out;
  }

  std::string make_description(const CLI::App* app) const override {
    return app->get_description().empty() ? "" : app->get_description() + "\n";
  }

  std::string make_footer(const CLI::App* app) const override {
    std::string out;
    if (const std::string_view line = help_example(command_path_of(app)); !line.empty())
      out += "Example:\n  " + std::string(line) + "\n";
    if (!app->get_footer().empty()) out += (out.empty() ? "" : "\n") + app->get_footer() + "\n";
    return out;
  }
};

}  // namespace

std::string command_path_of(const CLI::App* app) {
  std::string p;
  for (const CLI::App* a = app; a && a->get_parent(); a = a->get_parent())
    p = a->get_name() + (p.empty() ? "" : " " + p);
  return p;
}

std::string_view help_example(std::string_view command) {
  for (const auto& e : kExamples)
    if (e.command == command) return e.line;
  return {};
}

std::shared_ptr<CLI::FormatterBase> help_formatter() { return std::make_shared<EbbFormatter>(); }

}  // namespace ebb
