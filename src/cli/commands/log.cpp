#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/table.hpp"

namespace ebb {

namespace {

std::string details(const Entry& e) {
  std::vector<std::string> parts;
  auto add = [&](const std::string& label, const std::string& v) {
    if (!v.empty()) parts.push_back(label.empty() ? v : label + " " + v);
  };
  add("", e.route);
  add("at", e.place);
  add("with", e.with_whom);
  if (e.alone.value_or(false)) parts.push_back("alone");
  if (e.cost) add("cost", fmt::format("{:g}", *e.cost));
  add("for", e.reason);
  if (e.tested) parts.push_back(*e.tested ? "tested" : "not tested");
  if (e.mood_before) parts.push_back(fmt::format("mood before {}/10", *e.mood_before));
  if (e.felt) parts.push_back(fmt::format("felt {}/10 after", *e.felt));
  add("trigger:", e.trigger);
  add("feeling:", e.feeling);
  add("wanted:", e.wanted);
  if (e.minutes) parts.push_back(fmt::format("{} min", *e.minutes));
  if (e.energy) parts.push_back(fmt::format("energy {}/10", *e.energy));
  add("", e.note);
  for (const auto& t : e.tags) parts.push_back("#" + t);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

// --limit N: a whole number of entries. What was typed is echoed back at most 20 characters
// long (a 309-digit number isn't worth repeating, nor a range up to 1.8e308).
int parse_limit(const std::string& text) {
  constexpr int kMost = 999999999;
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && text.size() <= 9) return std::stoi(text);
  std::string shown = text.size() > 20 ? text.substr(0, 20) + "..." : text;
  throw Error(kExitUsage,
              digits ? fmt::format("--limit goes up to {}; for every entry, use --all.", kMost)
                     : fmt::format("--limit takes a whole number of entries, like 20; \"{}\" "
                                   "isn't one. For every entry, use --all.",
                                   shown));
}

}  // namespace

Runner setup_log(CLI::App& sub) {
  struct Args {
    std::string since, until, kind, substance;
    std::string limit = "50";
    bool all = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--since", a->since, "From this time or day: 2026-11-01, mon, 7d, yesterday 21:00")
      ->type_name("WHEN");
  sub.add_option("--until", a->until, "Up to this time or day (a day includes all of it)")
      ->type_name("WHEN");
  sub.add_option("--kind", a->kind, "Only uses, urges, moods or days noted with none")
      ->check(CLI::IsMember({"use", "urge", "mood", "none"}))
      ->type_name("KIND");
  sub.add_option("--substance", a->substance, "Only this substance (names and aliases work)")
      ->type_name("NAME");
  auto* limit = sub.add_option("--limit", a->limit, "At most this many (default 50)")
                    ->type_name("N");
  sub.add_flag("--all", a->all, "Every matching entry")->excludes(limit);
  return [a](Env& env) {
    EntryQuery q;
    std::string err;
    auto ctx = env.when();
    if (!a->since.empty()) {
      Instant t;
      if (!parse_bound(a->since, ctx, false, &t, &err)) throw Error(kExitUsage, err);
      q.since = t;
    }
    if (!a->until.empty()) {
      Instant t;
      if (!parse_bound(a->until, ctx, true, &t, &err)) throw Error(kExitUsage, err);
      q.until = t;
    }
    if (!a->kind.empty()) {
      Kind k;
      parse_kind(a->kind, &k);
      q.kind = k;
    }
    if (!a->substance.empty()) q.substance = lookup_substance(a->substance).name;
    q.limit = a->all ? -1 : parse_limit(a->limit);
    if (env.json) {
      // Entries go out as they are read, about 64 KB at a time: `--all` over years of a log
      // is hundreds of megabytes as entries and as JSON.
      JsonWriter w(true);
      w.begin_array();
      int64_t n = 0;
      Store& store = env.store();
      store.read([&] {
        store.each(q, [&](const Entry& e) {
          write_entry_json(w, e);
          ++n;
          w.hand_on_piece([&](std::string_view piece) { env.sink.out(piece); });
        });
      });
      w.end_array();
      env.sink.out(w.str() + "\n");
      return n == 0 ? kExitFalse : kExitOk;
    }
    // Read twice in one read transaction, a row at a time: once to fit the columns, once to
    // write the lines, about 64 KB at a time (`--all` over years of a log is a table of
    // hundreds of megabytes).
    Table t({"id", "when", "what", "details"});
    auto cells = [&](const Entry& e) {
      return std::vector<std::string>{short_id(e.id),
                                      format_when(e.at, env.now, env.zone, env.config.days),
                                      entry_summary(e), details(e)};
    };
    int64_t n = 0;
    Store& store = env.store();
    store.read([&] {
      store.each(q, [&](const Entry& e) {
        t.fit(cells(e));
        ++n;
      });
      if (n == 0) return;
      std::string out = t.head(env.sink.color);
      store.each(q, [&](const Entry& e) {
        out += t.line(cells(e));
        if (out.size() < 64 * 1024) return;
        env.sink.out(out);
        out.clear();
      });
      env.sink.out(out);
    });
    if (n == 0) {
      bool filtered = !a->since.empty() || !a->until.empty() || !a->kind.empty() ||
                      !a->substance.empty();
      env.sink.err(filtered ? "No entries match that.\n"
                            : "Nothing logged yet. Whenever it's useful: ebb use, ebb urge, "
                              "ebb mood.\n");
      return kExitFalse;
    }
    return kExitOk;
  };
}

}  // namespace ebb
