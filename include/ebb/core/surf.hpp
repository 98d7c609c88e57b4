#pragma once
/// Guided urge surfing (`ebb surf`) and the Timeline Followback done by the person
/// (`ebb backfill`): the parts that are pure (reading an answer, drawing the wave, what is
/// saved and said at the end). The commands do the asking and the waiting.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

// ---- Urge surfing ---------------------------------------------------------------------------

/// The questions for getting curious about an urge, offered one at a time between check-ins.
/// What the person answers is kept on the urge: the first as its trigger, the second as what it
/// wanted, the third in its note.
std::span<const std::string_view> surf_questions();

/// A rating typed at "how strong now, 0-10?": a whole number 0-10, surrounding space ignored.
std::optional<int> parse_rating(std::string_view text);

/// One line of the wave: the minute, a bar as long as the rating, the rating.
/// "  4 min  ██████░░░░  6" (ASCII: "#" and ".").
std::string wave_line(int minute, int rating, bool utf8);

struct SurfSession {
  std::vector<int> ratings;           ///< every rating, in order
  int seconds = 0;                    ///< how long it ran
  Outcome outcome = Outcome::none;
  std::string other;                  ///< what the person did instead, for Outcome::other
  std::vector<std::string> answers;   ///< to surf_questions(), "" when skipped
  bool interrupted = false;           ///< ended with Ctrl-C or end of input
};

/// The urge entry a session makes: intensity (the first rating) and intensity after (the
/// last), minutes (rounded, at least the whole minutes that passed), outcome and the answers.
/// False when there is nothing to save (no rating at all).
bool surf_entry(const SurfSession& s, Entry* e);

/// What is said at the end: "The urge went from 8 to 3 over 20 minutes." and, when it came
/// down, a word of credit; never a verdict when it didn't.
std::string surf_summary(const SurfSession& s);

// ---- Back-fill ------------------------------------------------------------------------------

/// One day of the walk back, with what is already logged on it as an anchor.
struct BackfillDay {
  LocalDay day{};
  bool weekend = false;
  std::string label;                ///< "sat 2026-11-14 (weekend)", "mon 2026-11-16"
  std::vector<std::string> logged;  ///< summaries of the uses and nones already logged
  bool has_use_or_none = false;     ///< such a day is shown, not asked about
};

/// The `n` days before today, oldest first, each with the uses and nones of `entries` on it
/// (entry_summary() of each).
std::vector<BackfillDay> backfill_days(std::span<const Entry> entries, const Zone* zone,
                                       const DaySettings& days, LocalDay today, int n);

/// What was typed for a day.
struct BackfillItem {
  std::string substance;  ///< as typed
  std::string amount;     ///< "" when none was given
  std::string unit;
};
struct BackfillAnswer {
  enum class Kind { skip, nothing, uses, stop } kind = Kind::skip;
  std::vector<BackfillItem> items;
};

/// "" skips the day, "0" / "none" / "nothing" records a day without use, "q" / "quit" / "stop"
/// ends the walk; else a comma-separated list "beer 3, weed 0.5 g, mdma": each a name, then
/// an amount and a unit when given. nullopt (with *err) for a list item without a name.
std::optional<BackfillAnswer> parse_backfill_answer(std::string_view text, std::string* err);

}  // namespace ebb
