#pragma once
/// The meanings map: what use did for the person, from their own words, grouped and counted
/// per substance beside the alternatives they wrote in their plan. Pure.
///
/// The grouping is plain, so it can be explained in one breath (ebb(1), MEANINGS):
/// - A phrase's words are lower-cased with punctuation dropped; small words ("to", "for", "me",
///   "help", "feel", ...) are set aside; an ending -ies becomes -y, a final -s goes (not from
///   -ss, -us or -is), and -ing
///   goes from words of six letters or more (a doubled last letter then made single, except ll,
///   ss and zz): "to sleep", "Sleeping", "help me sleep" all read "sleep".
/// - A phrase holding every word of a meaning the plan names in `[alternatives]` counts under
///   that meaning (the first one in the plan's order).
/// - Otherwise a phrase holding a word that some phrase is made of alone ("couldn't sleep" when
///   someone wrote "sleep") counts under that word (the one most phrases are made of).
/// - Otherwise phrases count together when their words read the same.
/// The person's phrases are always shown as they wrote them, with their counts.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/words.hpp"

namespace ebb {

class JsonWriter;

/// The words of a phrase that carry its meaning, normalised as above, in order.
std::vector<std::string> meaning_words(std::string_view phrase);

/// meaning_words joined by one space: "" when the phrase has none.
std::string meaning_key(std::string_view phrase);

/// True when every word of `meaning` is among the words of `phrase` (both normalised), and
/// `meaning` has at least one.
bool phrase_has_meaning(std::string_view phrase, std::string_view meaning);

/// The plan's alternatives for what an urge wanted: the first meaning in `plan` the phrase
/// holds; nullptr when there is none.
const Alternatives* alternatives_for(const Plan& plan, std::string_view wanted);

/// Phrases grouped by the rules above.
struct PhraseGroup {
  std::string label;            ///< the plan's meaning as written, the shared word, or the
                                ///< most common phrase
  std::string key;              ///< the normalised words the group is keyed by
  bool in_plan = false;         ///< the key is a meaning of the plan's [alternatives]
  std::vector<size_t> members;  ///< indexes into the phrases, in order
};

/// Groups `phrases` (empty ones are skipped), with `plan_meanings` as written in the plan.
/// Most members first, ties in order of first appearance.
std::vector<PhraseGroup> group_phrases(std::span<const std::string> phrases,
                                       std::span<const std::string> plan_meanings);

/// One thing use did for the person, with what they wrote about it.
struct Meaning {
  std::string label;
  std::string key;
  bool in_plan = false;
  int uses = 0;      ///< uses whose --reason is in the group
  int urges = 0;     ///< urges whose --wanted is in the group
  int rode_out = 0;  ///< of those urges: ridden out
  int other = 0;     ///< met another way
  int used = 0;      ///< acted on
  std::vector<CountedText> phrases;       ///< as written, most common first
  std::vector<CountedText> instead;       ///< what was done instead (urge --other)
  std::vector<std::string> alternatives;  ///< the plan's ideas for this meaning
  int count() const { return uses + urges; }
};

/// Context words grouped the same way (triggers, feelings around urges).
struct ContextGroup {
  std::string label;
  int count = 0;
  std::vector<CountedText> phrases;
};

struct SubstanceMeanings {
  std::string substance;  ///< "" for urges that named no substance
  int uses = 0;
  int uses_with_reason = 0;
  int urges = 0;
  int urges_with_wanted = 0;
  std::vector<Meaning> meanings;        ///< most counted first
  std::vector<ContextGroup> triggers;   ///< what set urges off
  std::vector<ContextGroup> feelings;   ///< how urges felt
};

struct MeaningsInput {
  std::span<const Entry> entries;  ///< any order; those outside [first, last] are skipped
  LocalDay first{};
  LocalDay last{};
  const Zone* zone = nullptr;
  DaySettings days;
  std::optional<std::string> substance;  ///< only uses and urges about it (name, alias, class)
  const Plan* plan = nullptr;            ///< the plan in force now; nullptr when none
};

struct MeaningsMap {
  std::vector<SubstanceMeanings> substances;  ///< most entries first; "" last
  std::vector<Alternatives> other_alternatives;  ///< plan meanings nothing in the period held
  bool plan_has_alternatives = false;
};

MeaningsMap map_meanings(const MeaningsInput& in);

/// The same taken an entry at a time, oldest first (the store's order), keeping only what the
/// map needs of each (its words, and what an urge's person did): years of entries are never
/// all held. `in.entries` is not read. map_meanings() is this fed `in.entries` by time.
class MeaningsCollector {
 public:
  explicit MeaningsCollector(const MeaningsInput& in);
  void add(const Entry& e);
  MeaningsMap finish() &&;

 private:
  struct Source {  // what the entry behind a phrase was and did
    Kind kind;
    Outcome outcome;
    std::string instead;  // an urge met another way: what the person did
  };
  struct Gathered {  // what one substance's entries said, before grouping
    SubstanceMeanings s;
    size_t order = 0;
    std::vector<std::string> phrases;  // reasons of uses, then wanted of urges, by time
    std::vector<Source> sources;       // what each phrase's entry was and did
    std::vector<std::string> triggers, feelings;
  };
  MeaningsInput in_;  // without its entries
  std::map<std::string, Gathered> by_substance_;
};

/// The map for a terminal, headed with `heading` (the period). `utf8` false writes "x3".
std::vector<std::string> meanings_lines(const MeaningsMap& m, const std::string& heading,
                                        bool utf8);

/// {"substances": [{"substance", "uses", "uses_with_reason", "urges", "urges_with_wanted",
/// "meanings": [{"label", "key", "in_plan", "uses", "urges", "rode_out", "other", "used",
/// "phrases", "instead", "alternatives"}], "triggers", "feelings"}], "other_alternatives"}.
void write_meanings_json(JsonWriter& w, const MeaningsMap& m);

}  // namespace ebb
