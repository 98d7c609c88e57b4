#pragma once
/// "In your words": what the person wrote over a period, given back to them grouped and
/// counted (review, trends, report). Their words beat ours (VOICE.md). Pure.
///
/// A value is counted whole, as written: "payday, boredom" is one trigger, not two (the person
/// chose to write it as one). Values match case-insensitively, surrounding space ignored; the
/// first spelling seen is the one shown.

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/util/interned.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

class JsonWriter;

struct CountedText {
  std::string text;  ///< as first written by the person
  int count = 0;
};

/// What one substance was for, in the person's words (`--reason`).
struct SubstanceReasons {
  std::string substance;
  std::vector<CountedText> reasons;  ///< most common first
};

/// A note the person wrote on an entry. Ten years of a busy log hold a hundred thousand of
/// them, so each is small: its text is kept in the Words' arena, the time as an instant.
struct WrittenNote {
  LocalDay day{};
  Kind kind = Kind::use;
  Interned about;  ///< the substance of a use or urge; "" for a mood or an urge for nothing
  Instant at{};
  const Zone* zone = nullptr;  ///< the person's zone, for at_text
  std::string_view text;       ///< one line, in the Words' arena

  /// RFC 3339 in the person's zone.
  std::string at_text() const;
};

struct Words {
  std::vector<SubstanceReasons> reasons;  ///< substances in order of first use in the period
  std::vector<CountedText> wanted;        ///< what urges wanted (`--wanted`)
  std::vector<CountedText> triggers;      ///< what set urges off (`--trigger`)
  std::vector<CountedText> instead;       ///< what was done instead of an urge (`--other`)
  std::vector<WrittenNote> notes;         ///< every note of the period, oldest first
  std::shared_ptr<TextArena> texts;       ///< where the notes' texts are kept

  bool empty() const;
};

/// Counts whole values (see above), most common first, ties in order of first appearance.
/// Empty values are skipped.
std::vector<CountedText> count_words(std::span<const std::string> texts);

/// count_words a value at a time: each value kept once, with its count.
class WordCounter {
 public:
  void add(std::string_view text);
  std::vector<CountedText> finish() &&;

 private:
  std::map<std::string, size_t> index_;  // folded text -> place in counted_
  std::vector<CountedText> counted_;
};

/// collect_words an entry at a time, for entries streamed from the store: give it every
/// entry in time order; it keeps only what is shown (each value once with its count, and
/// the notes).
class WordsCollector {
 public:
  WordsCollector(LocalDay first, LocalDay last, const Zone* zone, DaySettings days,
                 std::optional<std::string> substance = std::nullopt);
  void add(const Entry& e);
  Words finish() &&;

 private:
  LocalDay first_, last_;
  const Zone* zone_;
  DaySettings days_;
  std::optional<std::string> substance_;
  std::map<std::string, size_t> reason_index_;  // substance -> place in reasons_
  std::vector<std::pair<std::string, WordCounter>> reasons_;  // by first use with a reason
  WordCounter wanted_, triggers_, instead_;
  Words words_;
};

/// The words of entries on days [first, last] (the person's days in `zone`). With `substance`,
/// only uses and urges about it (canonical name, alias or class), and every mood.
Words collect_words(std::span<const Entry> entries, LocalDay first, LocalDay last,
                    const Zone* zone, const DaySettings& days,
                    const std::optional<std::string>& substance = std::nullopt);

/// "In your words" for a terminal: the plan's reasons (`why`, when given), what each substance
/// was for, what urges wanted, what set them off, what the person did instead, and the last
/// `recent_notes` notes with how many earlier ones `ebb report` holds. Nothing at all when
/// there are no words. `utf8` false writes "x3" for "×3".
std::vector<std::string> words_lines(const Words& w, const std::string& why, size_t recent_notes,
                                     bool utf8);

/// `"to sleep" ×3, "to come down"`: counted values, each quoted, joined for one line.
std::string counted_list(const std::vector<CountedText>& items, bool utf8);

/// {"reasons": [{"substance", "reasons": [{"text", "count"}]}], "wanted", "triggers",
/// "instead", "notes": [{"date", "at", "kind", "about", "text"}]}. `after_note`, when given, is
/// called after each note is written (output handed on a piece at a time: years of notes are
/// megabytes).
void write_words_json(JsonWriter& w, const Words& words,
                      const std::function<void()>& after_note = {});

}  // namespace ebb
