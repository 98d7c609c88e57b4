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
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--format", a->format, "json (the default, with your plans) or csv (entries only)")
      ->check(CLI::IsMember({"json", "csv"}))
      ->type_name("FORMAT");
  sub.add_option("--since", a->since, "Only entries from then on: a day, 30d, mon, ...")
      ->type_name("WHEN");
  sub.add_option("--output,-o", a->output, "Write to FILE (mode 0600) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--force", a->force, "Replace the --output file when there is one already");
  return [a](Env& env) {
    bool csv = a->format == "csv";
    EntryQuery q;
    q.newest_first = false;
    if (!a->since.empty()) {
      Instant t;
      std::string err;
      if (!parse_bound(a->since, env.when(), false, &t, &err)) throw Error(kExitUsage, err);
      q.since = t;
    }
    // The file is written beside its final name and renamed at the end, so a failed export
    // leaves an earlier file there as it was.
    std::unique_ptr<PrivateFile> file;
    if (!a->output.empty())
      file = std::make_unique<PrivateFile>(output_path(env, a->output, a->force));
    ExportWriter writer(csv ? ExchangeFormat::csv : ExchangeFormat::json,
                        format_rfc3339(env.now, env.zone), [&](std::string_view chunk) {
                          if (file) file->write(chunk);
                          else env.sink.data(chunk);
                        });
    // Entries stream from the database to the output one at a time; exporting from a
    // database that isn't there yet gives an empty export, creating nothing.
    int64_t entries = 0;
    std::vector<StoredPlan> plans;
    if (std::filesystem::exists(env.paths.db)) {
      Store& store = env.store();
      store.read([&] {
        store.each(q, [&](const Entry& e) {
          writer.entry(e);
          ++entries;
        });
        plans = store.plans();
      });
    }
    writer.finish(plans);
    if (file) file->commit();
    else env.sink.flush();
    std::string what = fmt::format("{} {}", entries, entries == 1 ? "entry" : "entries");
    if (!csv) what += fmt::format(" and {} plan {}", plans.size(), plans.size() == 1 ? "version" : "versions");
    if (file) env.sink.err(fmt::format("Exported {} to {}.\n", what, a->output));
    else if (env.sink.stderr_tty) env.sink.err(fmt::format("Exported {}.\n", what));
    if (csv && !plans.empty())
      env.sink.err("Your plans aren't in CSV; --format json carries them too.\n");
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
