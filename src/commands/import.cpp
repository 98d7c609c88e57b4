#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/exchange.hpp"
#include "ebb/exit_codes.hpp"
#include "ebb/json.hpp"
#include "ebb/psychonautwiki.hpp"

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
    std::string text = read_input_file(a->file);
    std::string name = a->file == "-" ? "standard input" : a->file;
    ImportData data;
    int other_people = 0;
    std::string err;
    if (a->from == "psychonautwiki") {
      PsychonautWikiImport pw;
      if (!read_psychonautwiki(text, env.zone, &pw, &err))
        throw Error(kExitData, fmt::format("{}: {}. Nothing was added.", name, err));
      data.entries = std::move(pw.entries);
      other_people = pw.other_people;
    } else if (!read_import(text, &data, &err)) {
      throw Error(kExitData, fmt::format("{}: {}. Nothing was added.", name, err));
    }

    // The same rule as logging: what is imported has already happened. An export from a
    // machine whose clock runs ahead is named, with the fix.
    auto late = std::find_if(data.entries.begin(), data.entries.end(),
                             [&](const Entry& e) { return e.at > env.now + kClockSlack; });
    if (late != data.entries.end()) {
      auto n = late - data.entries.begin() + 1;
      std::string which = a->from == "psychonautwiki"
                              ? fmt::format("the ingestion of {}", late->substance)
                          : data.format == ExchangeFormat::csv ? fmt::format("row {}", n)
                                                               : fmt::format("entry {}", n);
      throw Error(kExitData,
                  fmt::format("{}: {} is dated {}, which is still to come; ebb keeps what has "
                              "already happened, as when you log. If this machine's clock is "
                              "behind, set it right and import again. Nothing was added.",
                              name, which, format_rfc3339_offset(late->at, late->utc_offset)));
    }

    const size_t total = data.entries.size();
    std::function<void(size_t)> progress;
    bool bar = env.sink.stderr_tty && total > kProgressFrom && !env.json;
    if (bar)
      progress = [&env, total](size_t done) {
        env.sink.status("Importing " + progress_line(done, total));
      };
    ImportCounts counts = env.store().import_all(data.entries, data.plans, progress);
    if (bar) env.sink.status("");

    int64_t here = static_cast<int64_t>(total) - counts.entries_added;
    int64_t plans_here = static_cast<int64_t>(data.plans.size()) - counts.plans_added;
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
      if (!data.plans.empty())
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
