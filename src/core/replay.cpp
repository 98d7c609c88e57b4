#include "ebb/core/replay.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "ebb/util/chart.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/json.hpp"
#include "ebb/util/text.hpp"
#include "ebb/core/zone.hpp"

namespace ebb {

bool parse_replay_day(std::string_view text, const WhenContext& ctx, LocalDay* out,
                      std::string* err) {
  const std::string forms =
      "Give one day, like yesterday, sat, 2026-11-14 or \"3 days ago\".";
  Period p;
  std::string ignored;
  if (parse_period(text, ctx, &p, &ignored)) {
    if (p.first != p.last) {
      *err = fmt::format("Replay looks at one day, and \"{}\" is {} days. {}", text,
                         period_days(p), forms);
      return false;
    }
    *out = p.first;
    return true;
  }
  Instant t;
  std::string bound_err;
  if (!parse_bound(text, ctx, false, &t, &bound_err)) {
    *err = fmt::format("ebb couldn't read \"{}\" as a day. {}", text, forms);
    return false;
  }
  LocalDay day = logical_day(t, ctx.zone, ctx.days);
  if (day > logical_day(ctx.now, ctx.zone, ctx.days)) {
    *err = fmt::format("\"{}\" is still ahead; replay looks back. {}", text, forms);
    return false;
  }
  *out = day;
  return true;
}

TimeWindow occasion_window(std::span<const Entry> entries, const Entry& anchor,
                           std::chrono::minutes gap) {
  Instant first = anchor.at, last = anchor.at;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& e : entries) {
      if (e.kind != Kind::use) continue;
      if (e.at < first && e.at >= first - gap) first = e.at, grew = true;
      if (e.at > last && e.at <= last + gap) last = e.at, grew = true;
    }
  }
  return {first - gap, last + gap + std::chrono::seconds{1}};
}

std::vector<const Entry*> replay_entries(const ReplayInput& in) {
  std::vector<const Entry*> out;
  for (const auto& e : in.entries)
    if (e.at >= in.window.from && e.at < in.window.until) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(),
                   [](const Entry* a, const Entry* b) { return a->at < b->at; });
  return out;
}

namespace {

std::string_view weekday_word(LocalDay d) {
  static constexpr std::string_view kNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                "Thursday", "Friday", "Saturday"};
  return kNames[date::weekday{d}.c_encoding()];
}

std::string quoted_line(std::string_view s) { return "\"" + one_line(s) + "\""; }

// What the person wrote and marked on an entry, beyond its summary: one line of context and
// one of their words, so the moment reads as it was logged.
std::vector<std::string> details(const Entry& e) {
  std::vector<std::string> context, words;
  if (e.kind == Kind::use) {
    if (!e.route.empty()) context.push_back(e.route);
    if (!e.place.empty()) context.push_back("at " + quoted_line(e.place));
    if (!e.with_whom.empty()) context.push_back("with " + quoted_line(e.with_whom));
    if (e.alone && *e.alone) context.emplace_back("alone");
    if (e.tested) context.emplace_back(*e.tested ? "tested" : "not tested");
    if (e.mood_before) context.push_back(fmt::format("mood before {}/10", *e.mood_before));
    if (!trim(e.reason).empty()) words.push_back("for " + quoted_line(e.reason));
  } else if (e.kind == Kind::urge) {
    if (e.minutes) context.push_back(fmt::format("{} min", *e.minutes));
    if (!trim(e.trigger).empty()) words.push_back("set off by " + quoted_line(e.trigger));
    if (!trim(e.feeling).empty()) words.push_back("felt " + quoted_line(e.feeling));
    if (!trim(e.wanted).empty()) words.push_back("wanted " + quoted_line(e.wanted));
  } else if (e.kind == Kind::mood) {
    if (e.energy) context.push_back(fmt::format("energy {}/10", *e.energy));
  }
  std::vector<std::string> out;
  if (!context.empty()) out.push_back(fmt::format("{}", fmt::join(context, ", ")));
  if (!words.empty()) out.push_back(fmt::format("{}", fmt::join(words, ", ")));
  if (!trim(e.note).empty()) out.push_back("note: " + quoted_line(e.note));
  return out;
}

std::string note_line(const Reminder& r, bool color) {
  std::string_view lead = reminder_lead(r);
  std::string out;
  if (!lead.empty())
    out += paint(lead, r.severity == "dangerous" ? "1;31" : "33", ChartStyle{true, color}) + " ";
  return out + r.text;
}

// The entry in the window each safety note follows: the latest of its entries shown; none
// when it concerns no shown entry.
std::map<const Entry*, std::vector<const Reminder*>> notes_by_entry(
    const std::vector<const Entry*>& shown, std::span<const Reminder> safety,
    std::vector<const Reminder*>* loose) {
  std::map<const Entry*, std::vector<const Reminder*>> out;
  for (const auto& r : safety) {
    const Entry* after = nullptr;
    for (const Entry* e : shown)
      if (std::find(r.entry_ids.begin(), r.entry_ids.end(), e->id) != r.entry_ids.end())
        after = e;
    if (after) out[after].push_back(&r);
    else loose->push_back(&r);
  }
  return out;
}

}  // namespace

std::vector<std::string> replay_lines(const ReplayInput& in, bool utf8, bool color) {
  std::vector<std::string> out;
  auto shown = replay_entries(in);
  std::string start = fmt::format("{:02}:{:02}", in.days.day_start.count() / 60,
                                  in.days.day_start.count() % 60);
  if (in.occasion)
    out.push_back(fmt::format(
        "Replay of an occasion: {} {} {} to {}{}", weekday_word(in.day), format_day(in.day),
        format_clock(in.window.from, in.zone),
        logical_day(in.window.until, in.zone, in.days) != in.day
            ? fmt::format("{} ", format_day(logical_day(in.window.until, in.zone, in.days)))
            : "",
        format_clock(in.window.until, in.zone)));
  else
    out.push_back(fmt::format("Replay: {} {} (your day runs from {} to {} the next morning)",
                              weekday_word(in.day), format_day(in.day), start, start));
  if (shown.empty()) {
    out.emplace_back(in.occasion ? std::string("Nothing logged in these hours.")
                                 : fmt::format("Nothing logged on this day. If you want to add "
                                               "something from then, --at takes the time, like "
                                               "ebb mood 5 --at \"{} 22:00\".",
                                               format_day(in.day)));
    return out;
  }
  out.emplace_back("");
  std::vector<const Reminder*> loose;
  auto notes = notes_by_entry(shown, in.safety, &loose);
  const std::string_view bar = utf8 ? "│" : "|";
  size_t uses = 0, urges = 0, moods = 0, nones = 0, ridden = 0, other = 0;
  for (const Entry* e : shown) {
    LocalDay cal = date::floor<date::days>(in.zone->to_local(e->at));
    // A clock time past midnight names its weekday: 01:30 (Sun) on Saturday's night.
    std::string mark = cal != in.day ? fmt::format(" ({})", weekday_word(cal).substr(0, 3)) : "";
    out.push_back(fmt::format("{}{}  {}  [{}]", format_clock(e->at, in.zone), mark,
                              entry_summary(*e), short_id(e->id)));
    for (const auto& d : details(*e)) out.push_back(fmt::format("       {} {}", bar, d));
    if (auto it = notes.find(e); it != notes.end())
      for (const Reminder* r : it->second)
        out.push_back(fmt::format("       {} {}", bar, note_line(*r, color)));
    switch (e->kind) {
      case Kind::use: ++uses; break;
      case Kind::urge:
        ++urges;
        if (e->outcome == Outcome::rode_out) ++ridden;
        if (e->outcome == Outcome::other) ++other;
        break;
      case Kind::mood: ++moods; break;
      case Kind::none: ++nones; break;
    }
  }
  for (const Reminder* r : loose) out.push_back(note_line(*r, color));
  out.emplace_back("");
  std::vector<std::string> all;
  if (uses) all.push_back(count_text(uses, "use", "uses"));
  if (urges) {
    std::string u = count_text(urges, "urge", "urges");
    std::vector<std::string> how;
    if (ridden) how.push_back(fmt::format("{} ridden out", ridden));
    if (other) how.push_back(fmt::format("{} met another way", other));
    if (!how.empty()) u += fmt::format(" ({})", fmt::join(how, ", "));
    all.push_back(u);
  }
  if (moods) all.push_back(count_text(moods, "mood", "moods"));
  if (nones) all.push_back(count_text(nones, "day-off note", "day-off notes"));
  if (!in.safety.empty())
    all.push_back(count_text(in.safety.size(), "safety note", "safety notes"));
  out.push_back(fmt::format("In these hours: {}.", fmt::join(all, ", ")));
  // An invitation to look closer, once, at the end; not when the person already wrote it all.
  // The example names a moment without words, so it works as typed.
  const Entry* quiet = nullptr;
  for (const Entry* e : shown)
    if (!quiet && trim(e->note).empty() && trim(e->reason).empty() && trim(e->wanted).empty())
      quiet = e;
  if (quiet)
    out.push_back(fmt::format("If it helps to look closer: what came just before, what you "
                              "wanted, what helped. ebb edit {} --note \"your words\" adds them "
                              "to a moment.",
                              short_id(quiet->id)));
  return out;
}

void write_replay_json(JsonWriter& w, const ReplayInput& in, const std::string* occasion_id) {
  auto shown = replay_entries(in);
  std::vector<const Reminder*> loose;
  auto notes = notes_by_entry(shown, in.safety, &loose);
  w.begin_object();
  w.field("day", format_day(in.day));
  w.field("from", format_rfc3339(in.window.from, in.zone));
  w.field("until", format_rfc3339(in.window.until, in.zone));
  w.key("occasion");
  if (occasion_id) w.value(*occasion_id);
  else w.null();
  w.key("entries").begin_array();
  for (const Entry* e : shown) {
    w.begin_object();
    write_entry_fields(w, *e);
    w.key("safety").begin_array();
    if (auto it = notes.find(e); it != notes.end())
      for (const Reminder* r : it->second) w.value(r->id);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("safety").begin_array();
  for (const auto& r : in.safety) write_reminder_json(w, r);
  w.end_array();
  w.end_object();
}

}  // namespace ebb
