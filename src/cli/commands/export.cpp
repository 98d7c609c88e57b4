#include <algorithm>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "periods.hpp"
#include "ebb/exchange/calendar_files.hpp"
#include "ebb/exchange/exchange.hpp"
#include "ebb/exchange/psychonautwiki.hpp"
#include "ebb/core/review.hpp"
#include "ebb/exchange/trackandgraph.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

namespace {

// The formats other tools read. PsychonautWiki and Track & Graph files go out as the
// entries are read (a day's uses, a mood, at a time); the day rows and the calendar are
// made from a review's or a plan's figures, whole.
int export_for_other_tools(Env& env, const std::string& format, const std::string& since,
                           const std::string& output, bool force) {
  std::optional<Instant> from;
  if (!since.empty()) {
    Instant t;
    std::string err;
    if (!parse_bound(since, env.when(), false, &t, &err)) throw Error(kExitUsage, err);
    from = t;
  }
  std::string path = output.empty() ? "" : output_path(env, output, force);
  bool have_db = std::filesystem::exists(env.paths.db);
  // Written beside its final name and renamed at the end, as an ebb export.
  std::unique_ptr<PrivateFile> file;
  auto emit = [&](std::string_view piece) {
    if (!path.empty() && !file) file = std::make_unique<PrivateFile>(path);
    if (file) file->write(piece);
    else env.sink.data(piece);
  };
  std::string what;
  if (format == "trackandgraph") {
    int64_t moods = 0;
    emit(trackandgraph_header());
    if (have_db) {
      EntryQuery q;
      q.newest_first = false;
      q.since = from;
      q.kind = Kind::mood;
      Store& store = env.store();
      store.read([&] {
        store.each(q, [&](const Entry& e) {
          ++moods;
          emit(trackandgraph_rows(e));
        });
      });
    }
    what = fmt::format("{} {}", moods, moods == 1 ? "mood" : "moods");
  } else if (format == "psychonautwiki") {
    int64_t uses = 0, others = 0;
    EntryQuery q;
    q.newest_first = false;
    q.since = from;
    if (have_db) {
      Store& store = env.store();
      store.read([&] {
        others = store.count_matching(q);
        q.kind = Kind::use;
        others -= store.count_matching(q);
      });
    }
    // Said every time, before anything else: the app's import is a replacement.
    env.sink.err("PsychonautWiki Journal deletes everything it holds when it imports a file, "
                 "and keeps only what the file has. If the app holds entries you want to keep, "
                 "export them from the app first (ebb can import that file too).\n");
    if (others > 0)
      env.sink.err(fmt::format("Left out {} {} that {} a use (urges, moods, days without use): "
                               "the app has no place for them.\n",
                               others, others == 1 ? "entry" : "entries",
                               others == 1 ? "isn't" : "aren't"));
    PsychonautWikiWriter writer(env.zone, env.config.days, emit);
    if (have_db) {
      Store& store = env.store();
      store.read([&] {
        store.each(q, [&](const Entry& e) {
          ++uses;
          writer.use(e);
        });
      });
    }
    writer.finish();
    what = fmt::format("{} {}", uses, uses == 1 ? "use" : "uses");
  } else if (format == "tlfb") {
    auto versions = load_plans(env);
    LocalDay today = logical_day(env.now, env.zone, env.config.days);
    Period p;
    p.last = today;
    std::optional<Instant> first = have_db ? first_entry_at(env) : std::nullopt;
    p.first = from ? logical_day(*from, env.zone, env.config.days)
                   : first ? logical_day(*first, env.zone, env.config.days) : today;
    // The review the reports make (review_for: rows read once, not whole entries): the
    // whole history at a time, so what it holds matters.
    ReviewResult r = have_db ? review_for(env, p, versions) : ReviewResult{};
    std::string text = tlfb_csv(r);
    size_t rows = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
    what = fmt::format("{} {}", rows, rows == 1 ? "row" : "rows");
    emit(text);
  } else {
    auto versions = have_db ? load_plans(env) : std::vector<PlanVersion>{};
    if (versions.empty() || versions.back().plan.empty())
      throw Error(kExitFalse, "There is no plan to put in a calendar yet; `ebb plan edit` "
                                 "writes one.");
    emit(plan_ics(versions.back(), env.zone));
    what = "your plan's days off and review date";
  }
  if (!path.empty()) {
    file->commit();
    env.sink.err(fmt::format("Exported {} to {}.\n", what, output));
  } else {
    env.sink.flush();
    if (env.sink.stderr_tty) env.sink.err(fmt::format("Exported {}.\n", what));
  }
  return static_cast<int>(kExitOk);
}

}  // namespace

Runner setup_export(CLI::App& sub) {
  struct Args {
    std::string format = "json", since, output;
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--format", a->format,
                 "json (the default, with your plans), csv (entries only), psychonautwiki "
                 "(uses, for PsychonautWiki Journal), tlfb (Timeline Followback: a row per day "
                 "and substance), ics (your plan's days off and review date as a calendar) or "
                 "trackandgraph (moods, for Track & Graph)")
      ->check(CLI::IsMember({"json", "csv", "psychonautwiki", "tlfb", "ics", "trackandgraph"}))
      ->type_name("FORMAT");
  sub.add_option("--since", a->since, "Only entries from then on: a day, 30d, mon, ...")
      ->type_name("WHEN");
  sub.add_option("--output,-o", a->output, "Write to FILE (mode 0600) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--force", a->force, "Replace the --output file when there is one already");
  return [a](Env& env) {
    if (a->format == "psychonautwiki" || a->format == "tlfb" || a->format == "ics" ||
        a->format == "trackandgraph")
      return export_for_other_tools(env, a->format, a->since, a->output, a->force);
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
