// `ebb backfill 30d`: the Timeline Followback, done by the person. It walks back over the last
// N days one at a time, oldest first, with weekends and the days already logged shown as
// anchors, and asks what was used on each. A day with nothing is recorded as such (the same
// entry as `ebb none`), so it is a fact in the log and not only inferred.
#include <unistd.h>

#include <cctype>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "periods.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/core/surf.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

// "30d", "30", "2w": how many days to walk back; Error (exit 2) otherwise.
int backfill_count(const std::string& text) {
  std::string t = lower(trim(text));
  int mult = 1;
  if (!t.empty() && (t.back() == 'd' || t.back() == 'w')) {
    mult = t.back() == 'w' ? 7 : 1;
    t.pop_back();
  }
  bool digits = !t.empty() && t.size() <= 3;
  for (char c : t) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  int n = digits ? std::stoi(t) * mult : 0;
  if (n < 1 || n > 366)
    throw Error(kExitUsage, fmt::format("\"{}\" isn't a number of days ebb can walk back: "
                                        "try 7d, 30d or 2w (up to 366 days).",
                                        text));
  return n;
}

bool backfill_read(std::string* line) {
  line->clear();
  return static_cast<bool>(std::getline(std::cin, *line));
}

}  // namespace

Runner setup_backfill(CLI::App& sub) {
  struct Args {
    std::string days = "30d";
  };
  auto a = std::make_shared<Args>();
  sub.add_option("days", a->days, "How far back: 7d, 30d (default), 2w")->type_name("DAYS");
  return [a](Env& env) {
    int n = backfill_count(a->days);
    if (!env.sink.stdin_tty || !env.sink.stdout_tty)
      throw Error(kExitUsage,
                  "ebb backfill asks about each day in turn, so it needs a terminal to talk "
                  "with. From a script, log each day with ebb use ... --at DAY or ebb none "
                  "--at DAY.");
    LocalDay today = logical_day(env.now, env.zone, env.config.days);
    Period p{today - date::days{n}, today - date::days{1}, ""};
    auto entries = entries_around(env, p, 0);
    auto days = backfill_days(entries, env.zone, env.config.days, today, n);
    auto say = [&](const std::string& text) {
      env.sink.out(text);
      env.sink.flush();
    };
    say(fmt::format(
        "Looking back over {} days, one at a time, oldest first. For each day, what you used, "
        "like \"beer 3, weed 0.5 g\"; 0 for a day with nothing; Enter to skip a day you don't "
        "remember; q to stop. Each day is saved as you go.\n",
        n));
    int with_use = 0, nothing = 0, skipped = 0;
    Store& store = env.store();
    std::string line;
    bool stop = false;
    for (const BackfillDay& d : days) {
      if (stop) break;
      const std::string& label = d.label;
      if (d.has_use_or_none) {
        say(fmt::format("{}: logged already: {}\n", label, fmt::join(d.logged, "; ")));
        continue;
      }
      for (;;) {
        say(fmt::format("{}: ", label));
        if (!backfill_read(&line)) {
          say("\n");
          stop = true;
          break;
        }
        std::string err;
        auto answer = parse_backfill_answer(line, &err);
        if (!answer) {
          say(err + "\n");
          continue;
        }
        if (answer->kind == BackfillAnswer::Kind::stop) {
          stop = true;
          break;
        }
        if (answer->kind == BackfillAnswer::Kind::skip) {
          ++skipped;
          break;
        }
        // The middle of the day, as for `ebb none`: the day start and DST never move it.
        Instant at = day_begin(d.day, env.zone, env.config.days) + std::chrono::hours{12};
        std::vector<Entry> made;
        try {
          if (answer->kind == BackfillAnswer::Kind::nothing) {
            Entry e;
            e.kind = Kind::none;
            stamp(e, env, at);
            made.push_back(std::move(e));
          } else {
            for (const BackfillItem& item : answer->items) {
              Entry e;
              e.kind = Kind::use;
              stamp(e, env, at);
              set_substance(e, checked_text(item.substance, "The name"), false);
              if (!item.amount.empty())
                set_amount(e, item.amount, item.unit, env.config.drinks, false);
              e.tags.push_back("backfill");
              made.push_back(std::move(e));
            }
          }
        } catch (const Error& ex) {
          say(fmt::format("{} Nothing was saved for this day yet; type it again.\n", ex.what()));
          continue;
        }
        store.transaction([&] {
          for (Entry& e : made) store.add(e, env.now);
        });
        if (answer->kind == BackfillAnswer::Kind::nothing) {
          ++nothing;
          say("  noted: a day without use\n");
        } else {
          ++with_use;
          std::vector<std::string> what;
          for (const Entry& e : made) what.push_back(entry_summary(e));
          say(fmt::format("  noted: {}\n", fmt::join(what, "; ")));
        }
        break;
      }
    }
    auto days_text = [](int k) { return fmt::format("{} day{}", k, k == 1 ? "" : "s"); };
    std::vector<std::string> parts;
    if (with_use) parts.push_back(days_text(with_use) + " with use");
    if (nothing) parts.push_back(days_text(nothing) + " without");
    if (parts.empty()) say("Nothing new was saved. ebb backfill picks up whenever you want.\n");
    else
      say(fmt::format("Filled in {}{}. Thank you for looking back; ebb review and ebb trends "
                      "count them now.\n",
                      fmt::join(parts, " and "),
                      skipped ? fmt::format("; {} left open", days_text(skipped)) : ""));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
