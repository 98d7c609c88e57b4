#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/exchange/exchange.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/exchange/psychonautwiki.hpp"
#include "ebb/exchange/trackandgraph.hpp"
#include "ebb/store/vault.hpp"

namespace ebb {

namespace {

// Imports this size and up show a progress bar on a terminal.
constexpr size_t kProgressFrom = 2000;

std::string count_of(int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The stored entries of e's kind (and substance) in the same second as `e`: what another app
// sends back of ebb's own entries, or of an earlier import under other ids.
std::vector<Entry> stored_in_same_second(Store& store, const Entry& e) {
  EntryQuery q;
  q.since = e.at;
  q.until = e.at + std::chrono::seconds{1};
  q.kind = e.kind;
  q.substance = e.kind == Kind::use ? e.substance : std::string();
  q.newest_first = false;
  return store.query(q);
}

// Takes out the entries whose id was cleared: they are here already.
void drop_cleared(std::vector<Entry>& entries) {
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [](const Entry& e) { return e.id.empty(); }),
                entries.end());
}

// Ingestions an earlier ebb imported under other ids (before ids came from the app's creation
// times), found by what they hold: a use of the same substance at the same second, created at
// the same second, tagged psychonautwiki. Such an entry takes the stored id, so a new import
// updates it instead of adding it twice. Entries logged in ebb itself, exported with `ebb
// export --format psychonautwiki` and come back from the app, are here already: left out, so
// what the app can't hold (with whom, cost, ...) is never overwritten.
void adopt_earlier_ids(Store& store, std::vector<Entry>& entries) {
  std::set<std::string> in_file;
  for (const auto& e : entries) in_file.insert(e.id);
  std::set<std::string> taken;
  store.read([&] {
    for (auto& e : entries) {
      std::vector<Entry> here = stored_in_same_second(store, e);
      if (std::any_of(here.begin(), here.end(), [&](const Entry& h) { return h.id == e.id; }))
        continue;
      for (const auto& h : here) {
        if (h.created_at != e.created_at || in_file.count(h.id) || taken.count(h.id)) continue;
        bool from_app = std::find(h.tags.begin(), h.tags.end(), "psychonautwiki") != h.tags.end();
        e.id = from_app ? h.id : std::string();
        taken.insert(h.id);
        break;
      }
    }
  });
  drop_cleared(entries);
}

// Moods from another app that are here already, logged in ebb and sent there with `ebb export
// --format trackandgraph`: a mood at the same second with the same score. Left out, so a
// round trip adds nothing.
void drop_logged_moods(Store& store, std::vector<Entry>& entries) {
  store.read([&] {
    for (auto& e : entries)
      for (const auto& h : stored_in_same_second(store, e))
        if (h.id != e.id && h.score == e.score) {
          e.id.clear();
          break;
        }
  });
  drop_cleared(entries);
}

}  // namespace

Runner setup_import(CLI::App& sub) {
  struct Args {
    std::string file, from;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("file", a->file,
                 "An ebb export (JSON or CSV) or a PsychonautWiki Journal export, told apart "
                 "by content; - reads standard input")
      ->required()
      ->type_name("FILE");
  sub.add_option("--from", a->from,
                 "Say what made the file instead of ebb telling by its content: ebb, "
                 "psychonautwiki (a PsychonautWiki Journal export) or trackandgraph (moods "
                 "from Track & Graph's CSV)")
      ->check(CLI::IsMember({"ebb", "psychonautwiki", "trackandgraph"}))
      ->type_name("APP");
  return [a](Env& env) {
    // Standard input from a pipe is kept in an unnamed file beside the database while it is
    // read, not in memory; beside an encrypted database it is read as it is imported
    // instead (a window at a time), so what the person keeps encrypted is never written out
    // in the clear.
    const std::string db_file = real_db_path(env.paths.db);
    const std::string db_dir = std::filesystem::path(db_file).parent_path().string();
    const bool encrypted = is_encrypted_file(db_file);
    InputText input(a->file, encrypted ? "" : db_dir.empty() ? "." : db_dir, encrypted);
    // While input.streamed(), only the start of the text: enough to tell the format by.
    std::string_view text = input.text();
    std::string name = a->file == "-" ? "standard input" : a->file;
    std::string err;
    ExchangeFormat format = ExchangeFormat::json;
    std::vector<StoredPlan> plans;
    size_t total = 0;
    // Another app's file is read whole; so is one that can only be told from its whole text.
    auto whole_text = [&] {
      input.read_rest();
      text = input.text();
    };
    if (input.streamed() &&
        (a->from == "psychonautwiki" || a->from == "trackandgraph" ||
         (a->from.empty() && may_be_psychonautwiki(text))))
      whole_text();
    const bool from_pw =
        a->from == "psychonautwiki" || (a->from.empty() && looks_like_psychonautwiki(text));
    const bool from_tg =
        a->from == "trackandgraph" || (a->from.empty() && looks_like_trackandgraph(text));
    if (input.streamed() && (from_tg || !std::filesystem::exists(db_file))) whole_text();

    // The same rule as logging: what is imported has already happened. An export from a
    // machine whose clock runs ahead is named, with the fix.
    auto late = [&](const Entry& e, size_t n, std::string* why) {
      if (e.at <= env.now + kClockSlack) return false;
      std::string which =
          from_pw   ? fmt::format("the ingestion of {}", e.substance)
          : from_tg ? fmt::format("the mood at {}", format_rfc3339_offset(e.at, e.utc_offset))
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
      if (input.streamed()) {  // how long the text is isn't known
        if (!bar && done <= kProgressFrom) return;
        bar = true;
        env.sink.status(fmt::format("Importing: {} entries read", done));
        return;
      }
      size_t estimate = offset ? static_cast<size_t>(static_cast<double>(done) *
                                                     static_cast<double>(text.size()) /
                                                     static_cast<double>(offset))
                               : done;
      if (!bar && estimate <= kProgressFrom) return;
      bar = true;
      env.sink.status("Importing " + progress_line(done, std::max(done, estimate)));
    };

    // Another app's file (one person's, small) is read whole, before the database is opened.
    PsychonautWikiImport pw;
    TrackAndGraphImport tg;
    std::vector<Entry> whole;
    if (from_tg || from_pw) {
      if (from_tg ? !read_trackandgraph(text, env.zone, &tg, &err)
                  : !read_psychonautwiki(text, env.zone, &pw, &err))
        refuse(err);
      whole = std::move(from_tg ? tg.entries : pw.entries);
      for (const Entry& e : whole)
        if (late(e, 0, &err)) refuse(err);
      total = whole.size();
      if (std::filesystem::exists(db_file)) {
        if (from_pw) adopt_earlier_ids(env.store(), whole);
        else drop_logged_moods(env.store(), whole);
      }
    } else if (!std::filesystem::exists(db_file)) {
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
    std::set<std::string> unknown;  // names ebb doesn't know, named after the import
    auto note_unknown = [&](const Entry& e) {
      if (e.kind == Kind::use && e.substance_class == "unknown") unknown.insert(e.substance);
    };
    ImportCounts counts = env.store().import([&](Store::Import& im) {
      if (from_tg || from_pw) {
        for (const Entry& e : whole) {
          im.add(e);
          note_unknown(e);
        }
        return;
      }
      auto each = [&](const ImportedEntry& item, std::string* why) {
        if (late(item.entry, item.number, why)) return false;
        im.add(item.entry);
        note_unknown(item.entry);
        total = item.number;
        if (total % 250 == 0) {
          if (bar_wanted) progress(total, item.offset);
          input.release_before(item.offset);
        }
        return true;
      };
      if (input.streamed() ? !read_import_each(text, input.reader(), &format, each, &plans, &err)
                           : !read_import_each(text, &format, each, &plans, &err))
        refuse(err);
      im.add_plans(plans);
      if (bar) progress(total, text.size());
    });
    if (bar) env.sink.status("");

    int64_t here = static_cast<int64_t>(total) - counts.entries_added - counts.entries_updated -
                   counts.entries_kept;
    int64_t plans_here = static_cast<int64_t>(plans.size()) - counts.plans_added;
    if (env.json) {
      JsonWriter w(true);
      w.begin_object()
          .field("entries_added", counts.entries_added)
          .field("entries_updated", counts.entries_updated)
          .field("entries_kept_as_edited_here", counts.entries_kept)
          .field("entries_already_here", here)
          .field("plans_added", counts.plans_added)
          .field("plans_already_here", plans_here)
          .field("left_out_other_people", pw.other_people)
          .field("left_out_other_trackers", tg.other_rows);
      w.key("unknown_substances").begin_array();
      for (const auto& u : unknown) w.value(u);
      w.end_array();
      w.end_object();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    std::string line = fmt::format("Added {}", count_of(counts.entries_added, "entry", "entries"));
    if (counts.entries_updated > 0) line += fmt::format(", updated {}", counts.entries_updated);
    line += fmt::format(", {} already here", here);
    if (!plans.empty())
      line += fmt::format("; {}{}", count_of(counts.plans_added, "plan version", "plan versions"),
                          plans_here ? fmt::format(" ({} already here)", plans_here) : "");
    env.sink.out(line + ".\n");
    if (counts.entries_updated > 0)
      env.sink.out("The file had newer versions of entries imported before; `ebb undo` brings "
                   "back the versions before.\n");
    if (counts.entries_kept > 0)
      env.sink.out(fmt::format("Kept {} as you changed {} in ebb since.\n",
                               count_of(counts.entries_kept, "entry", "entries"),
                               counts.entries_kept == 1 ? "it" : "them"));
    if (pw.other_people > 0)
      env.sink.out(fmt::format("Left out {} logged for other people.\n",
                               count_of(pw.other_people, "ingestion", "ingestions")));
    if (tg.other_rows > 0)
      env.sink.out(fmt::format("Left out {} of trackers other than Mood and Energy.\n",
                               count_of(tg.other_rows, "row", "rows")));
    if (pw.experiences_without_uses > 0)
      env.sink.out(fmt::format("{} with notes but no ingestion of yours {} not imported.\n",
                               count_of(pw.experiences_without_uses, "experience", "experiences"),
                               pw.experiences_without_uses == 1 ? "was" : "were"));
    for (const auto& u : unknown) {
      auto near = suggest_substance(u);
      env.sink.out(near ? fmt::format("\"{}\" isn't in ebb's catalog; if you meant {}, `ebb edit` "
                                      "can change it.\n", u, *near)
                        : fmt::format("\"{}\" isn't in ebb's catalog; it is kept as written.\n", u));
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
