#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "ebb/exchange.hpp"
#include "ebb/exit_codes.hpp"

namespace ebb {

Runner setup_export(CLI::App& sub) {
  struct Args {
    std::string format = "json", since, output;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--format", a->format, "json (the default, with your plans) or csv (entries only)")
      ->check(CLI::IsMember({"json", "csv"}))
      ->type_name("FORMAT");
  sub.add_option("--since", a->since, "Only entries from then on: a day, 30d, mon, ...")
      ->type_name("WHEN");
  sub.add_option("--output,-o", a->output, "Write to FILE (mode 0600) instead of standard output")
      ->type_name("FILE");
  return [a](Env& env) {
    std::vector<Entry> entries;
    std::vector<StoredPlan> plans;
    // Exporting from a database that isn't there yet gives an empty export, creating nothing.
    if (std::filesystem::exists(env.paths.db)) {
      EntryQuery q;
      q.newest_first = false;
      if (!a->since.empty()) {
        Instant t;
        std::string err;
        if (!parse_bound(a->since, env.when(), false, &t, &err)) throw Error(kExitUsage, err);
        q.since = t;
      }
      entries = env.store().query(q);
      plans = env.store().plans();
    }
    bool csv = a->format == "csv";
    std::string text = csv ? export_csv(entries)
                           : export_json(entries, plans, format_rfc3339(env.now, env.zone));
    std::string what = fmt::format("{} {}", entries.size(), entries.size() == 1 ? "entry" : "entries");
    if (!csv) what += fmt::format(" and {} plan {}", plans.size(), plans.size() == 1 ? "version" : "versions");
    if (a->output.empty()) {
      env.sink.out(text);
      if (env.sink.stderr_tty) env.sink.err(fmt::format("Exported {}.\n", what));
    } else {
      write_private_output(a->output, text);
      env.sink.err(fmt::format("Exported {} to {}.\n", what, a->output));
    }
    if (csv && !plans.empty())
      env.sink.err("Your plans aren't in CSV; --format json carries them too.\n");
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
