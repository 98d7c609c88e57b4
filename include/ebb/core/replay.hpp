#pragma once
/// Replay: one day (or one night's occasion) in order, for the careful look back that therapy
/// calls microanalysis: moods, urges, uses, the person's notes, and the safety notes of those
/// hours as review computes them. Pure: the caller loads entries and safety notes.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/when.hpp"

namespace ebb {

class JsonWriter;

/// The person's day a word names: anything a one-day period takes ("today", "yesterday",
/// "2026-11-14"), or a day or moment --since takes ("sat", "fri 23:00", "2 days ago"), whose
/// person's day it is. A period of more than one day ("week", "30d") is an error naming the
/// forms that work.
bool parse_replay_day(std::string_view text, const WhenContext& ctx, LocalDay* out,
                      std::string* err);

/// The hours an occasion covers: the uses (of anything) linked to `anchor` by gaps of at most
/// `gap`, from `gap` before the first to `gap` after the last, so the urge and the mood before
/// and the hours after are in it. `until` is exclusive.
struct TimeWindow {
  Instant from{};
  Instant until{};
};
TimeWindow occasion_window(std::span<const Entry> entries, const Entry& anchor,
                           std::chrono::minutes gap);

struct ReplayInput {
  std::span<const Entry> entries;   ///< any order; only those in the window are shown
  std::span<const Reminder> safety;  ///< safety notes of the window (safety_events), any order
  TimeWindow window;
  LocalDay day{};                   ///< the day asked for, or the occasion's first day
  bool occasion = false;            ///< the window is an occasion, not a whole day
  const Zone* zone = nullptr;
  DaySettings days;
};

/// The entries of the window, oldest first.
std::vector<const Entry*> replay_entries(const ReplayInput& in);

/// One screen: a heading, each entry at its clock time with the person's words under it and
/// the safety notes right after the entry they are about, then what the hours held in all.
/// `color` paints the lead words of safety notes.
std::vector<std::string> replay_lines(const ReplayInput& in, bool utf8, bool color);

/// {"day", "from", "until", "occasion", "entries": [entry objects, each with "safety": [ids of notes
/// about it]], "safety": [every note]}.
void write_replay_json(JsonWriter& w, const ReplayInput& in, const std::string* occasion_id);

}  // namespace ebb
