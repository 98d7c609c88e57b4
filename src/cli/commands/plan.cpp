#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/util/table.hpp"

namespace ebb {

namespace {

// The draft belongs to one database and its owner: it is named after the database file
// (two databases in one folder have a draft each), and only a regular 0600 file of this
// account is ever read, so another account can't plant a draft in a shared folder that is
// then saved as this person's plan.
std::filesystem::path draft_path(Env& env) { return plan_draft_path(env.store().path()); }

// Whether a draft is there: false when not, true when it is one this person can trust.
// Throws Error (exit 2) for anything else, naming what is wrong; it is left as it is.
bool trusted_draft(const std::filesystem::path& draft) {
  struct stat st {};
  if (::lstat(draft.c_str(), &st) != 0) {
    if (errno == ENOENT) return false;
    throw Error(kExitInternal, fmt::format("Couldn't look at the plan draft {}: {}.",
                                           draft.string(), std::strerror(errno)));
  }
  std::string why;
  if (!S_ISREG(st.st_mode)) why = "isn't a regular file";
  else if (st.st_uid != ::geteuid()) why = "belongs to another account";
  else if (st.st_mode & 077) why = fmt::format("can be read or changed by others (mode {:04o})",
                                              st.st_mode & 07777);
  if (why.empty()) return true;
  throw Error(kExitUsage, fmt::format("There is a plan draft at {} that {}, so ebb won't use "
                                      "it. Look at it, and remove it when you want to start "
                                      "from your saved plan. Nothing was changed.",
                                      draft.string(), why));
}

// A new draft with `text`: created 0600 by this process, never through a link.
void write_draft(const std::filesystem::path& draft, const std::string& text) {
  int fd = ::open(draft.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(kExitInternal, fmt::format("Couldn't write the plan draft {}: {}.",
                                           draft.string(), std::strerror(errno)));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(draft.c_str());
    throw Error(kExitInternal, fmt::format("Couldn't write the plan draft {}.", draft.string()));
  }
}

// The draft's text, read only when it is still a trusted file (the editor may have replaced it).
std::string read_draft(const std::filesystem::path& draft) {
  trusted_draft(draft);
  int fd = ::open(draft.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    throw Error(kExitInternal, fmt::format("Couldn't read the plan draft {}: {}.",
                                           draft.string(), std::strerror(errno)));
  std::string text;
  char buf[8192];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(fd);
  if (n < 0)
    throw Error(kExitInternal, fmt::format("Couldn't read the plan draft {}.", draft.string()));
  return text;
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

// The latest version, or the one with id `version` when given.
Current current_plan(Env& env, std::optional<int64_t> version = std::nullopt) {
  Current c;
  auto versions = env.store().plans();
  if (version) {
    auto it = std::find_if(versions.begin(), versions.end(),
                           [&](const StoredPlan& v) { return v.id == *version; });
    if (it == versions.end()) return c;
    c.stored = *it;
  } else {
    if (versions.empty()) return c;
    c.stored = versions.back();
  }
  Plan p;
  PlanError err;
  if (parse_plan(c.stored->text, &p, &err)) c.plan = p;
  return c;
}

int show(Env& env, bool raw, std::optional<int64_t> version) {
  auto c = current_plan(env, version);
  if (!c.stored) {
    if (env.json) env.sink.out("null\n");
    else if (version)
      env.sink.err(fmt::format("There's no version {} of your plan; ebb plan history lists "
                               "them.\n",
                               *version));
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

int save(Env& env, const std::string& text, const Plan& plan) {
  int64_t id = env.store().save_plan(text, env.now);
  if (env.json) {
    JsonWriter w(true);
    w.begin_object().field("version", id).field("empty", plan.empty()).end_object();
    env.sink.out(w.str() + "\n");
  } else if (plan.empty()) {
    env.sink.out(fmt::format("Cleared your plan (version {} is empty); from now on there is no "
                             "plan to compare with. Earlier versions are kept; ebb plan history "
                             "lists them.\n",
                             id));
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
  if (trusted_draft(draft))
    env.sink.err(fmt::format("Starting from your unsaved draft in {}.\n", draft.string()));
  else
    write_draft(draft, original);
  while (true) {
    int rc = run_editor(draft);
    if (rc != 0)
      throw Error(kExitInternal,
                  fmt::format("The editor stopped with status {}. Your text is kept in {}; "
                              "ebb plan edit picks it up again.",
                              rc, draft.string()));
    std::string text = read_draft(draft);
    if (c.stored && text == c.stored->text) {
      std::filesystem::remove(draft);
      env.sink.out("No changes; your plan stays as it was.\n");
      return kExitOk;
    }
    // The template left as it was is no plan: nothing is saved.
    if (!c.stored && text == plan_template()) {
      std::filesystem::remove(draft);
      env.sink.out("Nothing saved: the template is as it was. ebb plan edit, whenever you "
                   "want to write your plan.\n");
      return kExitOk;
    }
    Plan plan;
    PlanError err;
    if (parse_plan(text, &plan, &err)) {
      // The draft goes only once the save has committed: a save that fails (a full disk,
      // the database locked or encrypted meanwhile) loses nothing the person wrote.
      try {
        save(env, text, plan);
      } catch (const Error& e) {
        throw Error(e.exit_code(),
                    fmt::format("{} Your text is kept in {}; ebb plan edit picks it up again.",
                                e.what(), draft.string()));
      }
      std::filesystem::remove(draft);
      return kExitOk;
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
  std::string text = read_input_file(file);
  Plan plan;
  PlanError err;
  if (!parse_plan(text, &plan, &err)) {
    throw Error(kExitUsage,
                fmt::format("{}:{}:{}: {}{}", file == "-" ? "stdin" : file, err.line, err.column,
                            err.message,
                            store_it ? " Your saved plan is unchanged." : ""));
  }
  if (store_it) return save(env, text, plan);
  if (env.json) env.sink.out("{\"valid\": true}\n");
  else env.sink.out("This plan reads well.\n" + describe_plan(plan));
  return kExitOk;
}

// The parsed plan of each stored version; nullopt for one that no longer reads.
std::vector<std::optional<Plan>> parsed_versions(const std::vector<StoredPlan>& versions) {
  std::vector<std::optional<Plan>> out;
  for (const auto& v : versions) {
    Plan p;
    PlanError err;
    out.push_back(parse_plan(v.text, &p, &err) ? std::optional<Plan>(p) : std::nullopt);
  }
  return out;
}

int history(Env& env, bool diff) {
  auto versions = env.store().plans();
  auto parsed = parsed_versions(versions);
  // What moved since the version before (the latest earlier one that still reads).
  auto changes_of = [&](size_t i) -> std::optional<std::pair<int64_t, std::vector<PlanChange>>> {
    if (!parsed[i]) return std::nullopt;
    for (size_t j = i; j-- > 0;)
      if (parsed[j]) return std::make_pair(versions[j].id, diff_plans(*parsed[j], *parsed[i]));
    return std::nullopt;
  };
  if (versions.empty()) {
    if (env.json) env.sink.out("[]\n");
    else env.sink.err("No plan saved yet. When you want to: ebb plan edit.\n");
    return kExitFalse;
  }
  if (env.json) {
    JsonWriter w(true);
    w.begin_array();
    for (size_t i = 0; i < versions.size(); ++i) {
      const auto& v = versions[i];
      w.begin_object()
          .field("version", static_cast<int64_t>(v.id))
          .field("saved_at", format_rfc3339(v.saved_at, env.zone))
          .field("text", v.text);
      if (diff) {
        auto c = changes_of(i);
        w.key("from");
        if (c) w.value(c->first);
        else w.null();
        w.key("changes").begin_array();
        if (c)
          for (const auto& ch : c->second)
            w.begin_object()
                .field("part", ch.part)
                .field("added", ch.added)
                .field("dropped", ch.dropped)
                .end_object();
        w.end_array();
      }
      w.end_object();
    }
    w.end_array();
    env.sink.out(w.str() + "\n");
    return kExitOk;
  }
  Table t({"version", "saved", "rules"});
  for (size_t i = 0; i < versions.size(); ++i) {
    const auto& v = versions[i];
    const auto& p = parsed[i];
    std::string rules = !p               ? "unreadable now"
                        : p->has_rules() ? fmt::format("{} section(s)", p->substances.size())
                        : p->empty()     ? "empty (cleared)"
                                         : "words only";
    t.row({std::to_string(v.id), format_rfc3339(v.saved_at, env.zone), rules});
  }
  std::string out = t.render(env.sink.color);
  for (size_t i = 1; diff && i < versions.size(); ++i) {
    auto c = changes_of(i);
    if (!c) continue;
    out += fmt::format("\nVersion {} (saved {}), beside version {}:\n", versions[i].id,
                       format_rfc3339(versions[i].saved_at, env.zone), c->first);
    for (const auto& line : plan_change_lines(c->second)) out += line + "\n";
  }
  env.sink.out(out);
  return kExitOk;
}

}  // namespace

Runner setup_plan(CLI::App& sub) {
  struct Args {
    std::string file;
    bool raw = false, diff = false;
    std::optional<int64_t> version;
    CLI::App *show, *edit, *set, *check, *history;
  };
  auto a = std::make_shared<Args>();
  a->show = sub.add_subcommand("show", "Show the plan in force (the default)");
  a->show->add_flag("--raw", a->raw, "Print the plan's text as you wrote it");
  // `plan show --version 2` means the plan's version 2, not ebb's version.
  a->show->add_option("--version", a->version, "Show this saved version (ebb plan history)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  a->edit = sub.add_subcommand("edit", "Write or change your plan in $VISUAL / $EDITOR");
  a->set = sub.add_subcommand("set", "Save a plan from a file, or - for standard input");
  a->set->add_option("file", a->file, "The plan file, or -")->required()->type_name("FILE");
  a->check = sub.add_subcommand("check", "Check a plan file without saving it");
  a->check->add_option("file", a->file, "The plan file, or -")->required()->type_name("FILE");
  a->history = sub.add_subcommand("history", "List every saved version");
  a->history->add_flag("--diff", a->diff,
                       "Show what moved from each version to the next: your balance, ideas, "
                       "reasons and rules");
  for (auto* s : {a->show, a->edit, a->set, a->check, a->history}) s->group("Commands");
  sub.require_subcommand(0, 1);
  return [a](Env& env) {
    if (a->edit->parsed()) return edit(env);
    if (a->set->parsed()) return set_or_check(env, a->file, true);
    if (a->check->parsed()) return set_or_check(env, a->file, false);
    if (a->history->parsed()) return history(env, a->diff);
    return show(env, a->raw, a->version);
  };
}

}  // namespace ebb
