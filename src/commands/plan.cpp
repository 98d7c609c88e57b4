#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/json.hpp"
#include "ebb/plan.hpp"
#include "ebb/table.hpp"

namespace ebb {

namespace {

std::string read_file_or_stdin(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path);
  if (!in) throw Error(kExitUsage, fmt::format("Couldn't read {}.", path));
  text << in.rdbuf();
  return text.str();
}

void write_private_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw Error(kExitInternal, fmt::format("Couldn't write {}.", path.string()));
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

// The draft lives beside the database (a private folder), never in a shared /tmp.
std::filesystem::path draft_path(Env& env) {
  return std::filesystem::path(env.paths.db).parent_path() / "plan-draft.toml";
}

// Runs $VISUAL, else $EDITOR, else vi, through the shell so "code --wait" works.
int run_editor(const std::filesystem::path& file) {
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  if (!editor || !*editor) editor = "vi";
  std::fflush(stdout);
  pid_t pid = ::fork();
  if (pid < 0) throw Error(kExitInternal, "Couldn't start the editor.");
  if (pid == 0) {
    std::string cmd = std::string(editor) + " \"$1\"";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), "sh", file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Current {
  std::optional<StoredPlan> stored;
  std::optional<Plan> plan;
};

Current current_plan(Env& env) {
  Current c;
  auto versions = env.store().plans();
  if (versions.empty()) return c;
  c.stored = versions.back();
  Plan p;
  PlanError err;
  if (parse_plan(c.stored->text, &p, &err)) c.plan = p;
  return c;
}

int show(Env& env, bool raw) {
  auto c = current_plan(env);
  if (!c.stored) {
    if (env.json) env.sink.out("null\n");
    else env.sink.err("You haven't written a plan yet. When you want to: ebb plan edit.\n");
    return kExitFalse;
  }
  if (raw) {
    env.sink.data(c.stored->text);
    if (!c.stored->text.empty() && c.stored->text.back() != '\n') env.sink.data("\n");
    return kExitOk;
  }
  if (env.json) {
    JsonWriter w(true);
    w.begin_object();
    w.field("version", static_cast<int64_t>(c.stored->id));
    w.field("saved_at", format_rfc3339(c.stored->saved_at, env.zone));
    w.field("text", c.stored->text);
    if (c.plan) {
      w.field("why", c.plan->why);
      w.field("when_urge", c.plan->when_urge);
      w.field("summary", describe_plan(*c.plan));
    }
    w.end_object();
    env.sink.out(w.str() + "\n");
    return kExitOk;
  }
  env.sink.out(fmt::format("Your plan (version {}, saved {}):\n\n", c.stored->id,
                           format_rfc3339(c.stored->saved_at, env.zone)));
  if (c.plan) {
    env.sink.out(describe_plan(*c.plan));
  } else {
    env.sink.out(c.stored->text);
  }
  env.sink.err("ebb plan edit changes it; ebb plan show --raw prints the text.\n");
  return kExitOk;
}

int save(Env& env, const std::string& text) {
  int64_t id = env.store().save_plan(text, env.now);
  if (env.json) {
    JsonWriter w(true);
    w.begin_object().field("version", id).end_object();
    env.sink.out(w.str() + "\n");
  } else {
    env.sink.out(fmt::format("Saved your plan (version {}). Earlier versions are kept; "
                             "ebb plan history lists them.\n", id));
  }
  return kExitOk;
}

bool ask_to_reopen(Env& env) {
  env.sink.err("Press Enter to fix it in the editor, or type q and Enter to keep it for later: ");
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer.empty() || (answer[0] != 'q' && answer[0] != 'Q');
}

int edit(Env& env) {
  auto draft = draft_path(env);
  auto c = current_plan(env);
  std::string original = c.stored ? c.stored->text : std::string(plan_template());
  if (std::filesystem::exists(draft)) {
    env.sink.err(fmt::format("Starting from your unsaved draft in {}.\n", draft.string()));
  } else {
    env.store();  // makes sure the private folder exists
    write_private_file(draft, original);
  }
  while (true) {
    int rc = run_editor(draft);
    if (rc != 0)
      throw Error(kExitInternal,
                  fmt::format("The editor stopped with status {}. Your text is kept in {}; "
                              "ebb plan edit picks it up again.",
                              rc, draft.string()));
    std::string text = read_file_or_stdin(draft.string());
    if (c.stored && text == c.stored->text) {
      std::filesystem::remove(draft);
      env.sink.out("No changes; your plan stays as it was.\n");
      return kExitOk;
    }
    Plan plan;
    PlanError err;
    if (parse_plan(text, &plan, &err)) {
      std::filesystem::remove(draft);
      return save(env, text);
    }
    env.sink.err(fmt::format("Your plan has a problem at {}.\n", format_plan_error(err)));
    if (!env.sink.stdin_tty || !ask_to_reopen(env)) {
      env.sink.err(fmt::format("Nothing was lost: your text is in {}. ebb plan edit opens it "
                               "again; your saved plan is unchanged.\n",
                               draft.string()));
      return kExitUsage;
    }
  }
}

int set_or_check(Env& env, const std::string& file, bool store_it) {
  std::string text = read_file_or_stdin(file);
  Plan plan;
  PlanError err;
  if (!parse_plan(text, &plan, &err)) {
    throw Error(kExitUsage,
                fmt::format("{}:{}:{}: {}{}", file == "-" ? "stdin" : file, err.line, err.column,
                            err.message,
                            store_it ? " Your saved plan is unchanged." : ""));
  }
  if (store_it) return save(env, text);
  if (env.json) env.sink.out("{\"valid\": true}\n");
  else env.sink.out("This plan reads well.\n" + describe_plan(plan));
  return kExitOk;
}

int history(Env& env) {
  auto versions = env.store().plans();
  if (versions.empty()) {
    if (env.json) env.sink.out("[]\n");
    else env.sink.err("No plan saved yet. When you want to: ebb plan edit.\n");
    return kExitFalse;
  }
  if (env.json) {
    JsonWriter w(true);
    w.begin_array();
    for (const auto& v : versions)
      w.begin_object()
          .field("version", static_cast<int64_t>(v.id))
          .field("saved_at", format_rfc3339(v.saved_at, env.zone))
          .field("text", v.text)
          .end_object();
    w.end_array();
    env.sink.out(w.str() + "\n");
    return kExitOk;
  }
  Table t({"version", "saved", "rules"});
  for (const auto& v : versions) {
    Plan p;
    PlanError err;
    std::string rules = parse_plan(v.text, &p, &err)
                            ? (p.has_rules() ? fmt::format("{} section(s)", p.substances.size())
                                             : "words only")
                            : "unreadable now";
    t.row({std::to_string(v.id), format_rfc3339(v.saved_at, env.zone), rules});
  }
  env.sink.out(t.render(env.sink.color));
  return kExitOk;
}

}  // namespace

Runner setup_plan(CLI::App& sub) {
  struct Args {
    std::string file;
    bool raw = false;
    CLI::App *show, *edit, *set, *check, *history;
  };
  auto a = std::make_shared<Args>();
  a->show = sub.add_subcommand("show", "Show the plan in force (the default)");
  a->show->add_flag("--raw", a->raw, "Print the plan's text as you wrote it");
  a->edit = sub.add_subcommand("edit", "Write or change your plan in $VISUAL / $EDITOR");
  a->set = sub.add_subcommand("set", "Save a plan from a file, or - for standard input");
  a->set->add_option("file", a->file, "The plan file, or -")->required()->type_name("FILE");
  a->check = sub.add_subcommand("check", "Check a plan file without saving it");
  a->check->add_option("file", a->file, "The plan file, or -")->required()->type_name("FILE");
  a->history = sub.add_subcommand("history", "List every saved version");
  for (auto* s : {a->show, a->edit, a->set, a->check, a->history}) s->group("Commands");
  sub.require_subcommand(0, 1);
  return [a](Env& env) {
    if (a->edit->parsed()) return edit(env);
    if (a->set->parsed()) return set_or_check(env, a->file, true);
    if (a->check->parsed()) return set_or_check(env, a->file, false);
    if (a->history->parsed()) return history(env);
    return show(env, a->raw);
  };
}

}  // namespace ebb
