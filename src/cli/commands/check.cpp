#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "notes.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/reminders.hpp"

namespace ebb {

namespace {

// notify-send from PATH, or "" when there is none.
std::string find_notify_send() {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string dirs = path;
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/notify-send";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return "";
}

// Runs notify-send directly, never through a shell: the text may hold the person's words.
// A dangerous note is sent as critical, so it stays until it is read.
void notify(const std::string& program, const std::string& text, bool critical) {
  std::string body = text;
  while (!body.empty() && body.back() == '\n') body.pop_back();
  std::vector<const char*> argv = {program.c_str(), "--app-name=ebb"};
  if (critical) argv.push_back("--urgency=critical");
  for (const char* a : {"--", "ebb", body.c_str()}) argv.push_back(a);
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return;
  if (pid == 0) {
    ::execv(program.c_str(), const_cast<char* const*>(argv.data()));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// Whether this run counts as showing the notes, so the next `check` waits `repeat_hours`:
// text and notifications a person reads do; --json and --quiet, which a status bar or a
// prompt polls, only when asked (--mark-shown); --peek never.
bool counts_as_shown(bool json, bool peek, bool mark_shown) {
  if (peek) return false;
  return mark_shown || !json;
}

// `check --with SUBSTANCE [AMOUNT [UNIT]]` (or a preset): the entry that logging it now would
// make, never saved. Its id marks it in the JSON's entry_ids.
Entry what_if_entry(Env& env, const std::vector<std::string>& words, bool keep_new,
                    std::string* hint) {
  // Read as `ebb use` reads it, so a preset from [presets] works here too.
  UseArgs typed;
  typed.substance = words.front();
  if (words.size() > 1) typed.amount = words[1];
  if (words.size() > 2) typed.unit = words[2];
  typed.o.new_name = keep_new;
  Entry e = use_entry(env, typed, hint);
  e.id = "what-if";
  e.created_at = e.updated_at = env.now;
  return e;
}

// The notes a what-if shows: what concerns the use itself, not encouragement for logging.
bool about_the_use(const Reminder& r) {
  return r.kind == "safety" || r.kind == "tolerance" || r.kind == "redose" || r.kind == "plan";
}

}  // namespace

Runner setup_check(CLI::App& sub) {
  struct Args {
    bool quiet = false, notify = false, all = false, discreet = false, peek = false,
         mark_shown = false;
    std::vector<std::string> with;
    bool new_name = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_flag("--quiet,-q", a->quiet,
               "Print nothing; exit 1 when there is something to say, 0 when not");
  sub.add_flag("--notify", a->notify, "Show them with notify-send, when it is installed");
  sub.add_flag("--all", a->all, "Show everything, even what was shown recently");
  sub.add_flag("--discreet", a->discreet, "Name no substance");
  sub.add_flag("--peek", a->peek, "Show them without counting them as shown");
  sub.add_flag("--mark-shown", a->mark_shown,
               "With --json: count what is printed as shown (a bar that shows the notes itself)");
  sub.add_option("--with", a->with,
                 "What logging this now would bring up, writing nothing: SUBSTANCE [AMOUNT [UNIT]]")
      ->expected(1, 3)
      ->type_name("SUBSTANCE");
  sub.add_flag("--new", a->new_name,
               "With --with: take a new substance name even when it is close to one ebb knows");
  return [a](Env& env) {
    bool discreet = a->discreet || env.config.reminders.discreet;
    if (!a->with.empty() && a->mark_shown)
      throw Error(kExitUsage,
                  "--with writes nothing, so it marks nothing as shown; leave out --mark-shown.");
    // check runs from prompts and timers: it never asks for a passphrase. Without a key it
    // has nothing to say and exits 5 (never 1, which a prompt reads as "something to note").
    env.may_prompt = false;
    try {
      env.store();
    } catch (const Error& e) {
      if (e.exit_code() != kExitNoKey) throw;
      if (!a->quiet)
        env.sink.err(fmt::format("{} ebb check never asks for it.\n", e.what()));
      return static_cast<int>(kExitNoKey);
    }
    if (!a->with.empty()) {
      std::string hint;
      Entry e = what_if_entry(env, a->with, a->new_name, &hint);
      std::vector<Reminder> notes;
      for (auto& r : load_reminders(env, nullptr, discreet, &e))
        if (about_the_use(r)) notes.push_back(std::move(r));
      if (a->quiet) return static_cast<int>(notes.empty() ? kExitOk : kExitFalse);
      show_few(env, &notes, notes.size(), false);  // composed, all of them, marked as nothing
      if (env.json) {
        JsonWriter w(true);
        w.begin_object().key("with").begin_object();
        write_entry_fields(w, e);
        w.end_object().key("reminders").begin_array();
        for (const auto& r : notes) write_reminder_json(w, r);
        w.end_array().end_object();
        env.sink.out(w.str() + "\n");
      } else {
        std::string what = discreet ? "" : " (" + entry_summary(e) + ")";
        std::string out =
            notes.empty()
                ? fmt::format("Nothing in your log or plan to note if you used it now{}.\n", what)
                : fmt::format("If you used it now{}:\n", what);
        out += format_reminders(notes, env.config.reminders.country, env.sink.color);
        env.sink.out(out);
      }
      if (!hint.empty()) env.sink.err(hint + "\n");
      return static_cast<int>(kExitOk);
    }
    auto all = load_reminders(env, nullptr, discreet);
    std::vector<Reminder> due;
    auto repeat = std::chrono::hours{env.config.reminders.repeat_hours};
    for (auto& r : all) {
      auto shown = a->all ? std::nullopt : env.store().reminder_shown_at(r.id);
      if (!shown || env.now - *shown >= repeat) due.push_back(std::move(r));
    }
    // --quiet only asks; it leaves the reminders for the next `ebb check` to show.
    // Exit 1 when there is something to say, 0 when not (the contract: a prompt
    // tests `[ $? -eq 1 ]`; errors are 2 and above, so they never read as a note).
    if (a->quiet) return static_cast<int>(due.empty() ? kExitOk : kExitFalse);

    // Plain text shows the few that matter most (every dangerous one among them); --all,
    // --json and --notify show all that are due.
    size_t left = show_few(env, &due, a->all || env.json || a->notify ? due.size() : 3,
                           counts_as_shown(env.json, a->peek, a->mark_shown));
    std::string notifier = a->notify ? find_notify_send() : "";
    const std::string& country = env.config.reminders.country;
    if (env.json) {
      JsonWriter w(true);
      w.begin_object().key("reminders").begin_array();
      for (const auto& r : due) write_reminder_json(w, r);
      w.end_array().end_object();
      env.sink.out(w.str() + "\n");
    } else if (!notifier.empty()) {
      // One notification a note, worded as on the terminal (help lines once).
      bool helped = false;
      for (const auto& r : due) {
        Reminder one = r;
        if (helped) one.help_lines.clear();
        helped |= !r.help_lines.empty();
        notify(notifier, format_reminders({&one, 1}, country, false), r.severity == "dangerous");
      }
    } else {
      env.sink.out(format_reminders(due, country, env.sink.color) +
                   more_notes(left, "ebb check --all"));
      if (due.empty() && env.sink.stdout_tty) env.sink.err("Nothing to note right now.\n");
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
