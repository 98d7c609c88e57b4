#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/entry_format.hpp"
#include "ebb/json.hpp"
#include "ebb/reminders.hpp"

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
void notify(const std::string& program, const std::string& text) {
  pid_t pid = ::fork();
  if (pid < 0) return;
  if (pid == 0) {
    const char* argv[] = {program.c_str(), "--app-name=ebb", "--", "ebb", text.c_str(), nullptr};
    ::execv(program.c_str(), const_cast<char* const*>(argv));
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

// `check --with SUBSTANCE [AMOUNT [UNIT]]`: the entry that logging it now would make, never
// saved. Its id marks it in the JSON's entry_ids.
Entry what_if_entry(Env& env, const std::vector<std::string>& words, bool keep_new,
                    std::string* hint) {
  Entry e;
  e.id = "what-if";
  e.kind = Kind::use;
  stamp(e, env, env.now);
  e.created_at = e.updated_at = env.now;
  *hint = set_substance(e, words.front(), keep_new);
  if (words.size() > 1)
    set_amount(e, words[1], words.size() > 2 ? words[2] : "", env.config.drinks, false);
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
    if (!a->with.empty()) {
      if (a->mark_shown)
        throw Error(kExitUsage, "--with writes nothing, so it marks nothing as shown; leave out --mark-shown.");
      std::string hint;
      Entry e = what_if_entry(env, a->with, a->new_name, &hint);
      std::vector<Reminder> notes;
      for (auto& r : load_reminders(env, nullptr, discreet, &e))
        if (about_the_use(r)) notes.push_back(std::move(r));
      if (a->quiet) return static_cast<int>(notes.empty() ? kExitOk : kExitFalse);
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
        for (const auto& r : notes) out += format_reminder(r, env.config.reminders.country);
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

    std::string notifier = a->notify ? find_notify_send() : "";
    if (env.json) {
      JsonWriter w(true);
      w.begin_object().key("reminders").begin_array();
      for (const auto& r : due) write_reminder_json(w, r);
      w.end_array().end_object();
      env.sink.out(w.str() + "\n");
    } else if (!notifier.empty()) {
      for (const auto& r : due) notify(notifier, format_reminder(r, env.config.reminders.country));
    } else {
      std::string out;
      for (const auto& r : due) out += format_reminder(r, env.config.reminders.country);
      env.sink.out(out);
      if (due.empty() && env.sink.stdout_tty) env.sink.err("Nothing to note right now.\n");
    }
    if (counts_as_shown(env.json, a->peek, a->mark_shown)) mark_shown(env, due);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
