#include "ebb/core/meanings.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "ebb/util/json.hpp"
#include "ebb/util/text.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

namespace {

// Words that carry no meaning of their own in a short phrase about why.
constexpr std::string_view kSmallWords[] = {
    "a",    "an",   "the",   "to",    "for",  "of",      "and",  "or",     "me",   "my",
    "myself", "i",  "i'm",   "im",    "it",   "its",     "some", "just",   "get",  "got",
    "be",   "bit",  "little", "so",   "with", "feel",    "feeling", "felt", "help", "helps",
    "want", "wanted", "need", "needed", "really", "very", "too",  "from",   "at",   "in",
    "on",   "was",  "is"};

bool small_word(std::string_view w) {
  return std::find(std::begin(kSmallWords), std::end(kSmallWords), w) != std::end(kSmallWords);
}

bool ends_with(std::string_view w, std::string_view end) {
  return w.size() >= end.size() && w.substr(w.size() - end.size()) == end;
}

// The plain endings: -ies to -y, a final -s, -ing on longer words (and a doubled letter then).
std::string stem(std::string w) {
  if (w.size() > 4 && ends_with(w, "ies")) {
    w.resize(w.size() - 3);
    w += 'y';
  } else if (w.size() > 3 && ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") &&
             !ends_with(w, "is") && !ends_with(w, "'s")) {
    w.pop_back();
  }
  if (w.size() >= 6 && ends_with(w, "ing")) {
    w.resize(w.size() - 3);
    size_t n = w.size();
    if (n >= 2 && w[n - 1] == w[n - 2] && std::string_view("lsz").find(w[n - 1]) ==
                                               std::string_view::npos &&
        std::isalpha(static_cast<unsigned char>(w[n - 1])))
      w.pop_back();
  }
  return w;
}

bool word_char(unsigned char c) {
  return std::isalnum(c) || c == '\'' || c >= 0x80;
}

// Lower-cased words as written, punctuation dropped (the raw words, before small words and
// endings are set aside).
std::vector<std::string> raw_words(std::string_view phrase) {
  std::vector<std::string> out;
  std::string w;
  for (size_t i = 0; i <= phrase.size(); ++i) {
    unsigned char c = i < phrase.size() ? static_cast<unsigned char>(phrase[i]) : ' ';
    if (word_char(c)) {
      w += static_cast<char>(std::tolower(c));
      continue;
    }
    while (!w.empty() && w.back() == '\'') w.pop_back();
    while (!w.empty() && w.front() == '\'') w.erase(w.begin());
    if (!w.empty()) out.push_back(w);
    w.clear();
  }
  return out;
}

bool holds_all(const std::vector<std::string>& words, const std::vector<std::string>& want) {
  if (want.empty()) return false;
  for (const auto& w : want)
    if (std::find(words.begin(), words.end(), w) == words.end()) return false;
  return true;
}

}  // namespace

std::vector<std::string> meaning_words(std::string_view phrase) {
  std::vector<std::string> out;
  for (auto& w : raw_words(phrase))
    if (!small_word(w)) out.push_back(stem(std::move(w)));
  return out;
}

std::string meaning_key(std::string_view phrase) {
  std::string out;
  for (const auto& w : meaning_words(phrase)) out += (out.empty() ? "" : " ") + w;
  return out;
}

bool phrase_has_meaning(std::string_view phrase, std::string_view meaning) {
  return holds_all(meaning_words(phrase), meaning_words(meaning));
}

const Alternatives* alternatives_for(const Plan& plan, std::string_view wanted) {
  auto words = meaning_words(wanted);
  for (const auto& a : plan.alternatives)
    if (holds_all(words, meaning_words(a.meaning))) return &a;
  return nullptr;
}

std::vector<PhraseGroup> group_phrases(std::span<const std::string> phrases,
                                       std::span<const std::string> plan_meanings) {
  std::vector<std::vector<std::string>> words(phrases.size());
  // Words that some phrase is made of alone, with how many phrases are just that word.
  std::map<std::string, int> alone;
  for (size_t i = 0; i < phrases.size(); ++i) {
    words[i] = meaning_words(phrases[i]);
    if (words[i].size() == 1) ++alone[words[i][0]];
  }
  std::vector<std::vector<std::string>> plan_words;
  for (const auto& m : plan_meanings) plan_words.push_back(meaning_words(m));

  std::vector<PhraseGroup> groups;
  std::map<std::string, size_t> by_key;  // "plan:KEY" / "word:KEY" / "all:KEY" -> group
  auto group_for = [&](const std::string& id, const std::string& key, bool in_plan,
                       std::string label) -> PhraseGroup& {
    auto [it, added] = by_key.try_emplace(id, groups.size());
    if (added) groups.push_back({std::move(label), key, in_plan, {}});
    return groups[it->second];
  };
  for (size_t i = 0; i < phrases.size(); ++i) {
    if (trim(phrases[i]).empty()) continue;
    const auto& w = words[i];
    size_t p = 0;
    while (p < plan_words.size() && !holds_all(w, plan_words[p])) ++p;
    if (p < plan_words.size()) {
      std::string key = meaning_key(plan_meanings[p]);
      group_for("plan:" + key, key, true, std::string(trim(plan_meanings[p]))).members.push_back(i);
      continue;
    }
    const std::string* anchor = nullptr;
    int best = 0;
    for (const auto& x : w)
      if (auto it = alone.find(x); it != alone.end() && it->second > best)
        anchor = &it->first, best = it->second;
    if (anchor) {
      group_for("word:" + *anchor, *anchor, false, "").members.push_back(i);
      continue;
    }
    std::string key = w.empty() ? lower(one_line(phrases[i])) : meaning_key(phrases[i]);
    group_for("all:" + key, key, false, "").members.push_back(i);
  }
  // Labels: the plan's words; else the shared word when a phrase has it as written; else the
  // most common phrase, first spelling.
  for (auto& g : groups) {
    if (g.in_plan) continue;
    std::vector<std::string> texts;
    for (size_t i : g.members) texts.push_back(phrases[i]);
    auto counted = count_words(texts);
    g.label = counted.empty() ? g.key : counted.front().text;
    if (g.key.find(' ') != std::string::npos) continue;
    // A group keyed by one word is named by that word as a phrase made of it alone wrote it
    // ("friends" for "Friends" and "with friends").
    for (size_t i : g.members) {
      if (words[i].size() != 1) continue;
      for (const auto& r : raw_words(phrases[i]))
        if (!small_word(r)) g.label = r;
      break;
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [](const PhraseGroup& a, const PhraseGroup& b) {
    return a.members.size() > b.members.size();
  });
  return groups;
}

namespace {

std::vector<ContextGroup> context_groups(const std::vector<std::string>& texts) {
  std::vector<ContextGroup> out;
  for (const auto& g : group_phrases(texts, {})) {
    ContextGroup c;
    c.label = g.label;
    std::vector<std::string> members;
    for (size_t i : g.members) members.push_back(texts[i]);
    c.count = static_cast<int>(members.size());
    c.phrases = count_words(members);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

MeaningsCollector::MeaningsCollector(const MeaningsInput& in) : in_(in) { in_.entries = {}; }

void MeaningsCollector::add(const Entry& e) {
  if (e.kind != Kind::use && e.kind != Kind::urge) return;
  LocalDay d = logical_day(e.at, in_.zone, in_.days);
  if (d < in_.first || d > in_.last) return;
  if (in_.substance && !matches_substance(e, *in_.substance)) return;
  auto [it, added] = by_substance_.try_emplace(e.substance);
  Gathered& g = it->second;
  if (added) g.s.substance = e.substance, g.order = by_substance_.size();
  if (e.kind == Kind::use) {
    ++g.s.uses;
    if (trim(e.reason).empty()) return;
    ++g.s.uses_with_reason;
    g.phrases.push_back(one_line(e.reason));
    g.sources.push_back(Source{Kind::use, Outcome::none, {}});
  } else {
    ++g.s.urges;
    if (!trim(e.trigger).empty()) g.triggers.push_back(one_line(e.trigger));
    if (!trim(e.feeling).empty()) g.feelings.push_back(one_line(e.feeling));
    if (trim(e.wanted).empty()) return;
    ++g.s.urges_with_wanted;
    g.phrases.push_back(one_line(e.wanted));
    g.sources.push_back(Source{Kind::urge, e.outcome,
                               e.outcome == Outcome::other ? one_line(e.outcome_note) : ""});
  }
}

MeaningsMap map_meanings(const MeaningsInput& in) {
  std::vector<const Entry*> picked;
  for (const auto& e : in.entries) picked.push_back(&e);
  std::stable_sort(picked.begin(), picked.end(),
                   [](const Entry* a, const Entry* b) { return a->at < b->at; });
  MeaningsCollector c(in);
  for (const Entry* e : picked) c.add(*e);
  return std::move(c).finish();
}

MeaningsMap MeaningsCollector::finish() && {
  MeaningsMap m;
  std::vector<std::string> plan_meanings;
  if (in_.plan)
    for (const auto& a : in_.plan->alternatives) plan_meanings.push_back(a.meaning);
  m.plan_has_alternatives = !plan_meanings.empty();
  std::vector<bool> plan_used(plan_meanings.size(), false);

  std::vector<Gathered*> ordered;
  for (auto& [name, g] : by_substance_) ordered.push_back(&g);
  std::stable_sort(ordered.begin(), ordered.end(), [](const Gathered* a, const Gathered* b) {
    if (a->s.substance.empty() != b->s.substance.empty()) return b->s.substance.empty();
    int ca = a->s.uses + a->s.urges, cb = b->s.uses + b->s.urges;
    return ca != cb ? ca > cb : a->order < b->order;
  });
  for (Gathered* g : ordered) {
    for (const auto& pg : group_phrases(g->phrases, plan_meanings)) {
      Meaning mn;
      mn.label = pg.label;
      mn.key = pg.key;
      mn.in_plan = pg.in_plan;
      std::vector<std::string> texts, instead;
      for (size_t i : pg.members) {
        const Source& e = g->sources[i];
        texts.push_back(g->phrases[i]);
        if (e.kind == Kind::use) {
          ++mn.uses;
          continue;
        }
        ++mn.urges;
        if (e.outcome == Outcome::rode_out) ++mn.rode_out;
        if (e.outcome == Outcome::used) ++mn.used;
        if (e.outcome == Outcome::other) {
          ++mn.other;
          instead.push_back(e.instead);
        }
      }
      mn.phrases = count_words(texts);
      mn.instead = count_words(instead);
      if (pg.in_plan)
        for (size_t p = 0; p < plan_meanings.size(); ++p)
          if (meaning_key(plan_meanings[p]) == pg.key) {
            mn.alternatives = in_.plan->alternatives[p].ideas;
            plan_used[p] = true;
          }
      g->s.meanings.push_back(std::move(mn));
    }
    g->s.triggers = context_groups(g->triggers);
    g->s.feelings = context_groups(g->feelings);
    m.substances.push_back(std::move(g->s));
  }
  for (size_t p = 0; p < plan_meanings.size(); ++p)
    if (!plan_used[p]) m.other_alternatives.push_back(in_.plan->alternatives[p]);
  return m;
}

namespace {

std::string context_list(const std::vector<ContextGroup>& groups, bool utf8) {
  std::vector<std::string> parts;
  for (const auto& g : groups) {
    std::string part = counted_list(g.phrases, utf8);
    if (g.phrases.size() > 1) part = fmt::format("{} ({})", g.label, part);
    parts.push_back(part);
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string urge_outcomes(const Meaning& mn, bool utf8) {
  std::vector<std::string> parts;
  if (mn.rode_out) parts.push_back(fmt::format("{} ridden out", mn.rode_out));
  if (mn.other)
    parts.push_back(fmt::format("{} met another way{}", mn.other,
                                mn.instead.empty() ? ""
                                                   : " (" + counted_list(mn.instead, utf8) + ")"));
  if (mn.used) parts.push_back(fmt::format("{} acted on", mn.used));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::vector<std::string> meanings_lines(const MeaningsMap& m, const std::string& heading,
                                        bool utf8) {
  std::vector<std::string> out;
  out.push_back("What use did for you, " + heading);
  if (m.substances.empty()) {
    out.emplace_back("No uses or urges logged in these days. Log whenever it's useful; "
                     "--reason on a use and --wanted on an urge are what this map is made of.");
    return out;
  }
  out.emplace_back("From your own words: the reasons you gave for uses, and what urges wanted.");
  bool any_words = false;
  for (const auto& s : m.substances) {
    out.emplace_back("");
    std::vector<std::string> counts;
    if (s.uses)
      counts.push_back(s.uses_with_reason == s.uses
                           ? count_text(s.uses, "use", "uses")
                           : fmt::format("{} ({} with a reason)", count_text(s.uses, "use", "uses"),
                                         s.uses_with_reason));
    if (s.urges)
      counts.push_back(s.urges_with_wanted == s.urges
                           ? count_text(s.urges, "urge", "urges")
                           : fmt::format("{} ({} saying what they wanted)",
                                         count_text(s.urges, "urge", "urges"),
                                         s.urges_with_wanted));
    out.push_back(fmt::format("{}: {}", s.substance.empty() ? "Urges for no substance named"
                                                            : s.substance,
                              fmt::join(counts, ", ")));
    for (const auto& mn : s.meanings) {
      any_words = true;
      std::vector<std::string> what;
      if (mn.uses) what.push_back(count_text(mn.uses, "use", "uses"));
      if (mn.urges) what.push_back(count_text(mn.urges, "urge", "urges"));
      bool label_is_phrase = mn.phrases.size() == 1 && mn.phrases.front().text == mn.label;
      out.push_back(fmt::format("  {} ({}){}", mn.label, fmt::join(what, ", "),
                                label_is_phrase ? "" : ": " + counted_list(mn.phrases, utf8)));
      if (mn.urges) {
        std::string outcomes = urge_outcomes(mn, utf8);
        if (!outcomes.empty()) out.push_back("    the urges: " + outcomes);
      }
      if (!mn.alternatives.empty())
        out.push_back("    your ideas for instead: " + quoted_list(mn.alternatives));
    }
    if (!s.triggers.empty()) out.push_back("  What set urges off: " + context_list(s.triggers, utf8));
    if (!s.feelings.empty()) out.push_back("  How urges felt: " + context_list(s.feelings, utf8));
  }
  if (!m.other_alternatives.empty()) {
    out.emplace_back("");
    std::vector<std::string> parts;
    for (const auto& a : m.other_alternatives)
      parts.push_back(fmt::format("{}: {}", a.meaning, quoted_list(a.ideas)));
    out.push_back("Your other ideas for instead: " + fmt::format("{}", fmt::join(parts, "; ")));
  }
  out.emplace_back("");
  if (!any_words)
    out.emplace_back("No reasons or wants written yet. If you want, --reason on a use or "
                     "--wanted on an urge adds yours.");
  out.emplace_back("Phrases count together when their words match once case, punctuation, "
                   "small words like \"to\" and endings like -s and -ing are set aside.");
  if (!m.plan_has_alternatives && any_words)
    out.emplace_back("If you want, [alternatives] in your plan holds your own ideas for a "
                     "meaning (sleep = [\"podcast\"]); ebb shows them here and after an urge "
                     "that wants it.");
  return out;
}

void write_meanings_json(JsonWriter& w, const MeaningsMap& m) {
  auto counted = [&](std::string_view key, const std::vector<CountedText>& items) {
    w.key(key).begin_array();
    for (const auto& c : items)
      w.begin_object().field("text", c.text).field("count", c.count).end_object();
    w.end_array();
  };
  auto context = [&](std::string_view key, const std::vector<ContextGroup>& groups) {
    w.key(key).begin_array();
    for (const auto& g : groups) {
      w.begin_object().field("label", g.label).field("count", g.count);
      counted("phrases", g.phrases);
      w.end_object();
    }
    w.end_array();
  };
  w.begin_object();
  w.key("substances").begin_array();
  for (const auto& s : m.substances) {
    w.begin_object();
    w.key("substance");
    if (s.substance.empty()) w.null();
    else w.value(s.substance);
    w.field("uses", s.uses).field("uses_with_reason", s.uses_with_reason);
    w.field("urges", s.urges).field("urges_with_wanted", s.urges_with_wanted);
    w.key("meanings").begin_array();
    for (const auto& mn : s.meanings) {
      w.begin_object().field("label", mn.label).field("key", mn.key).field("in_plan", mn.in_plan);
      w.field("uses", mn.uses).field("urges", mn.urges);
      w.field("rode_out", mn.rode_out).field("other", mn.other).field("used", mn.used);
      counted("phrases", mn.phrases);
      counted("instead", mn.instead);
      w.field("alternatives", mn.alternatives);
      w.end_object();
    }
    w.end_array();
    context("triggers", s.triggers);
    context("feelings", s.feelings);
    w.end_object();
  }
  w.end_array();
  w.key("other_alternatives").begin_array();
  for (const auto& a : m.other_alternatives)
    w.begin_object().field("meaning", a.meaning).field("ideas", a.ideas).end_object();
  w.end_array();
  w.end_object();
}

}  // namespace ebb
