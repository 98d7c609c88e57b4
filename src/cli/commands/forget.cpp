#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/store/vault.hpp"

namespace ebb {

namespace {

std::string plural(int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

bool confirmed(Env& env, const std::string& question) {
  env.sink.err(question + " This can't be undone. [y/N] ");
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

}  // namespace

Runner setup_forget(CLI::App& sub) {
  struct Args {
    bool all = false, yes = false;
    std::string before, substance;
  };
  auto a = std::make_shared<Args>();
  auto* all = sub.add_flag("--all", a->all,
                           "Everything ebb holds: entries, plan versions, undo history");
  sub.add_option("--before", a->before, "Entries before this day or time: 2026-01-01, 30d")
      ->type_name("WHEN")
      ->excludes(all);
  sub.add_option("--substance", a->substance, "Entries for this substance (names and aliases)")
      ->type_name("NAME")
      ->excludes(all);
  sub.add_flag("--yes", a->yes, "Go ahead without asking (needed when no one can answer)");
  return [a](Env& env) {
    ForgetQuery q;
    q.all = a->all;
    if (!a->before.empty()) {
      std::string err;
      Instant t;
      if (!parse_bound(a->before, env.when(), false, &t, &err))
        throw Error(kExitUsage, err + " Nothing was forgotten.");
      q.before = t;
    }
    if (!a->substance.empty()) q.substance = lookup_substance(a->substance).name;
    if (!q.all && !q.before && q.substance.empty())
      throw Error(kExitUsage, "Tell ebb what to forget: --all, --before WHEN or --substance "
                              "NAME (the last two can go together). Nothing was forgotten.");

    Store& store = env.store();
    int64_t n = store.forget_count(q);
    int64_t plans = q.all ? static_cast<int64_t>(store.plans().size()) : 0;
    if (n == 0 && plans == 0 && !q.all) {
      env.sink.err("No entries match, so there is nothing to forget.\n");
      return static_cast<int>(kExitFalse);
    }
    std::string what = q.all ? fmt::format("everything ebb holds ({}, {} and the undo history)",
                                           plural(n, "entry", "entries"),
                                           plural(plans, "plan version", "plan versions"))
                             : plural(n, "entry", "entries");
    if (!a->yes) {
      if (!env.sink.stdin_tty)
        throw Error(kExitUsage, fmt::format("This would forget {} for good, and there is no one "
                                            "here to ask. Add --yes to go ahead. Nothing was "
                                            "forgotten.",
                                            what));
      if (!confirmed(env, fmt::format("Forget {} for good?", what))) {
        env.sink.err("Nothing was forgotten.\n");
        return static_cast<int>(kExitFalse);
      }
    }

    Forgotten done = store.forget(q);
    // An unsaved plan draft is plan text too: everything means it as well.
    bool draft = q.all && std::filesystem::remove(plan_draft_path(store.path()));
    auto copies = copies_beside(store.real_path());
    if (env.json) {
      JsonWriter w(true);
      w.begin_object()
          .field("forgotten", done.entries)
          .field("undo_snapshots", done.undo_snapshots)
          .field("plans", done.plans)
          .field("wal_cleared", done.wal_cleared)
          .field("compacted", done.compacted)
          .field("copies", copies)
          .end_object();
      env.sink.out(w.str() + "\n");
    } else {
      std::string line = fmt::format("Forgot {}", plural(done.entries, "entry", "entries"));
      if (q.all) line += fmt::format(", {}", plural(done.plans, "plan version", "plan versions"));
      if (draft) line += ", your unsaved plan draft";
      if (done.undo_snapshots > 0)
        line += fmt::format(" and {} kept for undo",
                            plural(done.undo_snapshots, "earlier version", "earlier versions"));
      // Only claim what holds: a reader of the old version keeps it on disk for a while.
      const char* they = done.entries == 1 && !q.all ? "It is" : "They are";
      env.sink.out(fmt::format("{}. {} gone from {}.\n", line, they,
                               done.wal_cleared ? "the database file" : "your log"));
    }
    if (!done.wal_cleared)
      env.sink.err("Another ebb was reading the database all along, so the old text stays on "
                   "disk, in the database file and its -wal file, until that ebb is done.\n");
    // Zeros are in the file only once the WAL is in it: the line above says where the text is
    // otherwise.
    if (!done.compacted)
      env.sink.err(fmt::format("The file couldn't be compacted just now ({}){}, and the file "
                               "keeps its size until the next ebb forget.\n",
                               done.compaction_problem,
                               done.wal_cleared ? "; what was forgotten was overwritten with "
                                                  "zeros all the same"
                                                : ""));
    if (!copies.empty()) {
      std::string list;
      for (const auto& c : copies) list += "\n  " + c;
      env.sink.err(fmt::format("Copies made earlier still hold what they held; delete them too if "
                               "you want it gone there:{}\n",
                               list));
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
