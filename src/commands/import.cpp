#include <algorithm>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/exchange.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/json.hpp"
#include "ebb/psychonautwiki.hpp"
#include "ebb/vault.hpp"

namespace ebb {

namespace {

// Imports this size and up show a progress bar on a terminal.
constexpr size_t kProgressFrom = 2000;

std::string count_of(int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

Runner setup_import(CLI::App& sub) {
  struct Args {
    std::string file, from = "ebb";
  };
  auto a = std::make_shared<Args>();
  sub.add_option("file", a->file, "An ebb export (JSON or CSV, told apart by content), or -")
      ->required()
      ->type_name("FILE");
  sub.add_option("--from", a->from,
                 "ebb (the default) or psychonautwiki (a PsychonautWiki Journal export)")
      ->check(CLI::IsMember({"ebb", "psychonautwiki"}))
      ->type_name("APP");
  return [a](Env& env) {
    InputText input(a->file);
    const std::string_view text = input.text();
    std::string name = a->file == "-" ? "standard input" : a->file;
    std::string err;
    ExchangeFormat format = ExchangeFormat::json;
    std::vector<StoredPlan> plans;
    int other_people = 0;
    size_t total = 0;

    // The same rule as logging: what is imported has already happened. An export from a
    // machine whose clock runs ahead is named, with the fix.
    auto late = [&](const Entry& e, size_t n, std::string* why) {
      if (e.at <= env.now + kClockSlack) return false;
      std::string which = a->from == "psychonautwiki"
                              ? fmt::format("the ingestion of {}", e.substance)
                          : format == ExchangeFormat::csv ? fmt::format("row {}", n)
                                                          : fmt::format("entry {}", n);
      *why = fmt::format("{} is dated {}, which is still to come; ebb keeps what has already "
                         "happened, as when you log. If this machine's clock is behind, set it "
                         "right and import again",
                         which, format_rfc3339_offset(e.at, e.utc_offset));
      return true;
    };
    auto refuse = [&](const std::string& why) {
      throw Error(kExitData, fmt::format("{}: {}. Nothing was added.", name, why));
    };

    // A bar on a terminal for a long import. The file is read as it is written to the
    // database, so the number of entries is known only at the end: until then it is
    // estimated from how far into the file the reading is.
    const bool bar_wanted = env.sink.stderr_tty && !env.json;
    bool bar = false;
    auto progress = [&](size_t done, size_t offset) {
      size_t estimate = offset ? static_cast<size_t>(static_cast<double>(done) *
                                                     static_cast<double>(text.size()) /
                                                     static_cast<double>(offset))
                               : done;
      if (!bar && estimate <= kProgressFrom) return;
      bar = true;
      env.sink.status("Importing " + progress_line(done, std::max(done, estimate)));
    };

    // A PsychonautWiki journal (one person's, small) is read whole, before the database is
    // opened.
    PsychonautWikiImport pw;
    if (a->from == "psychonautwiki") {
      if (!read_psychonautwiki(text, env.zone, &pw, &err)) refuse(err);
      other_people = pw.other_people;
      for (const Entry& e : pw.entries)
        if (late(e, 0, &err)) refuse(err);
    } else if (!std::filesystem::exists(real_db_path(env.paths.db))) {
      // An ebb export is read as it is written, inside the database's transaction. A file
      // that is not right must not leave a new, empty database behind, so when there is none
      // yet the file is read through once first, checked, holding nothing.
      auto check = [&](const ImportedEntry& item, std::string* why) {
        if (item.number % 250 == 0) input.release_before(item.offset);
        return !late(item.entry, item.number, why);
      };
      std::vector<StoredPlan> ignored;
      if (!read_import_each(text, &format, check, &ignored, &err)) refuse(err);
      input.read_again();
    }

    // Entries go into the database as they are read, in one transaction: nothing is added
    // when any of them is not right, and only one entry at a time is held in memory.
    ImportCounts counts = env.store().import([&](Store::Import& im) {
      if (a->from == "psychonautwiki") {
        for (const Entry& e : pw.entries) im.add(e);
        total = pw.entries.size();
        return;
      }
      auto each = [&](const ImportedEntry& item, std::string* why) {
        if (late(item.entry, item.number, why)) return false;
        im.add(item.entry);
        total = item.number;
        if (total % 250 == 0) {
          if (bar_wanted) progress(total, item.offset);
          input.release_before(item.offset);
        }
        return true;
      };
      if (!read_import_each(text, &format, each, &plans, &err)) refuse(err);
      im.add_plans(plans);
      if (bar) progress(total, text.size());
    });
    if (bar) env.sink.status("");

    int64_t here = static_cast<int64_t>(total) - counts.entries_added;
    int64_t plans_here = static_cast<int64_t>(plans.size()) - counts.plans_added;
    if (env.json) {
      JsonWriter w(true);
      w.begin_object()
          .field("entries_added", counts.entries_added)
          .field("entries_already_here", here)
          .field("plans_added", counts.plans_added)
          .field("plans_already_here", plans_here)
          .field("left_out_other_people", other_people)
          .end_object();
      env.sink.out(w.str() + "\n");
    } else {
      std::string line = fmt::format("Added {}, {} already here", 
                                     count_of(counts.entries_added, "entry", "entries"), here);
      if (!plans.empty())
        line += fmt::format("; {}{}", count_of(counts.plans_added, "plan version", "plan versions"),
                            plans_here ? fmt::format(" ({} already here)", plans_here) : "");
      env.sink.out(line + ".\n");
      if (other_people > 0)
        env.sink.out(fmt::format("Left out {} logged for other people.\n",
                                 count_of(other_people, "ingestion", "ingestions")));
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
