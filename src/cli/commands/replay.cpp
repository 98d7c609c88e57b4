#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "notes.hpp"
#include "periods.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/replay.hpp"

namespace ebb {

// `ebb replay DAY [--occasion ID]`: one day, or the hours around one occasion, in order.
Runner setup_replay(CLI::App& sub) {
  struct Args {
    std::string day, occasion;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("day", a->day, "yesterday, sat, 2026-11-14, 3 days ago, ... (default: today)")
      ->type_name("DAY");
  sub.add_option("--occasion", a->occasion,
                 "The hours around this entry's occasion (an id from ebb log)")
      ->type_name("ID");
  return [a](Env& env) {
    if (!a->day.empty() && !a->occasion.empty())
      throw Error(kExitUsage, "Give a day or --occasion ID, not both: an occasion finds its "
                              "own hours.");
    const DaySettings& days = env.config.days;
    // Review's occasion gap: uses closer than this belong to one occasion.
    const std::chrono::minutes gap{3 * 60};
    ReplayInput in;
    in.zone = env.zone;
    in.days = days;
    std::string occasion_id;
    std::vector<Entry> entries;
    Instant loaded_from{};
    // Safety notes need the weeks before (breaks, mixes across the start): the rule of review.
    int before = std::max(21, env.config.reminders.tolerance_break_days + 1);
    if (!a->occasion.empty()) {
      Entry anchor = find_entry(env, a->occasion, "");
      occasion_id = anchor.id;
      EntryQuery q;
      q.since = anchor.at - date::days{before};
      q.until = anchor.at + date::days{2};
      q.newest_first = false;
      loaded_from = *q.since;
      entries = env.store().query(q);
      in.window = occasion_window(entries, anchor, gap);
      in.day = logical_day(in.window.from + gap, env.zone, days);
      in.occasion = true;
    } else {
      std::string err;
      LocalDay day = logical_day(env.now, env.zone, days);
      if (!a->day.empty() && !parse_replay_day(a->day, env.when(), &day, &err))
        throw Error(kExitUsage, err);
      in.day = day;
      in.window = {day_begin(day, env.zone, days), day_begin(day + date::days{1}, env.zone, days)};
      Period p{day, day, ""};
      entries = entries_around(env, p, before);
      loaded_from = day_begin(day - date::days{before}, env.zone, days);
    }
    auto versions = load_plans(env);
    auto safety =
        safety_events_between(env, in.window.from, in.window.until, versions, entries, loaded_from);
    in.entries = entries;
    in.safety = safety;
    if (env.json) {
      JsonWriter w(true);
      write_replay_json(w, in, occasion_id.empty() ? nullptr : &occasion_id);
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    std::string out;
    for (const auto& line : replay_lines(in, env.sink.utf8, env.sink.color)) out += line + "\n";
    env.sink.out(out);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
