#include "ebb/core/words.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "ebb/util/json.hpp"
#include "ebb/util/text.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

namespace {


}  // namespace

std::string WrittenNote::at_text() const { return format_rfc3339(at, zone); }

bool Words::empty() const {
  return reasons.empty() && wanted.empty() && triggers.empty() && instead.empty() &&
         notes.empty();
}

void WordCounter::add(std::string_view text) {
  std::string shown = one_line(text);
  if (shown.empty()) return;
  auto [it, added] = index_.try_emplace(lower(shown), counted_.size());
  if (added) counted_.push_back({shown, 0});
  ++counted_[it->second].count;
}

std::vector<CountedText> WordCounter::finish() && {
  std::stable_sort(counted_.begin(), counted_.end(),
                   [](const CountedText& a, const CountedText& b) { return a.count > b.count; });
  return std::move(counted_);
}

std::vector<CountedText> count_words(std::span<const std::string> texts) {
  WordCounter c;
  for (const auto& text : texts) c.add(text);
  return std::move(c).finish();
}

WordsCollector::WordsCollector(LocalDay first, LocalDay last, const Zone* zone, DaySettings days,
                               std::optional<std::string> substance)
    : first_(first), last_(last), zone_(zone), days_(days), substance_(std::move(substance)) {}

void WordsCollector::add(const Entry& e) {
  LocalDay d = logical_day(e.at, zone_, days_);
  if (d < first_ || d > last_) return;
  if (substance_ && e.kind != Kind::mood && !matches_substance(e, *substance_)) return;
  if (e.kind == Kind::use && !trim(e.reason).empty()) {
    auto [it, added] = reason_index_.try_emplace(e.substance, reasons_.size());
    if (added) reasons_.push_back({e.substance, {}});
    reasons_[it->second].second.add(e.reason);
  }
  if (e.kind == Kind::urge) {
    wanted_.add(e.wanted);
    triggers_.add(e.trigger);
    if (e.outcome == Outcome::other) instead_.add(e.outcome_note);
  }
  if (!trim(e.note).empty()) {
    if (!words_.texts) words_.texts = std::make_shared<TextArena>();
    words_.notes.push_back({d, e.kind, e.kind == Kind::mood ? Interned() : Interned(e.substance),
                            e.at, zone_, words_.texts->keep(one_line(e.note))});
  }
}

Words WordsCollector::finish() && {
  for (auto& [substance, counter] : reasons_)
    words_.reasons.push_back({substance, std::move(counter).finish()});
  words_.wanted = std::move(wanted_).finish();
  words_.triggers = std::move(triggers_).finish();
  words_.instead = std::move(instead_).finish();
  return std::move(words_);
}

Words collect_words(std::span<const Entry> entries, LocalDay first, LocalDay last,
                    const Zone* zone, const DaySettings& days,
                    const std::optional<std::string>& substance) {
  std::vector<const Entry*> in;
  in.reserve(entries.size());
  for (const auto& e : entries) in.push_back(&e);
  std::stable_sort(in.begin(), in.end(),
                   [](const Entry* a, const Entry* b) { return a->at < b->at; });
  WordsCollector c(first, last, zone, days, substance);
  for (const Entry* e : in) c.add(*e);
  return std::move(c).finish();
}

std::string counted_list(const std::vector<CountedText>& items, bool utf8) {
  std::string out;
  for (const auto& c : items) {
    if (!out.empty()) out += ", ";
    out += "\"" + c.text + "\"";
    if (c.count > 1) out += fmt::format(" {}{}", utf8 ? "×" : "x", c.count);
  }
  return out;
}

std::vector<std::string> words_lines(const Words& w, const std::string& why, size_t recent_notes,
                                     bool utf8) {
  std::vector<std::string> out;
  if (w.empty() && why.empty()) return out;
  out.emplace_back("In your words");
  if (!why.empty()) out.push_back(fmt::format("  Your reasons: \"{}\"", one_line(why)));
  for (const auto& r : w.reasons)
    out.push_back(fmt::format("  {} was for: {}", r.substance, counted_list(r.reasons, utf8)));
  if (!w.wanted.empty()) out.push_back("  Urges wanted: " + counted_list(w.wanted, utf8));
  if (!w.triggers.empty()) out.push_back("  What set urges off: " + counted_list(w.triggers, utf8));
  if (!w.instead.empty())
    out.push_back("  What you did instead of acting on an urge: " + counted_list(w.instead, utf8));
  if (recent_notes > 0 && !w.notes.empty()) {
    size_t from = w.notes.size() > recent_notes ? w.notes.size() - recent_notes : 0;
    out.emplace_back(from == 0 ? std::string("  Your notes:")
                     : from == 1
                         ? std::string("  Your latest notes (1 earlier one is in ebb report):")
                         : fmt::format("  Your latest notes ({} earlier ones are in ebb "
                                       "report):",
                                       from));
    for (size_t i = from; i < w.notes.size(); ++i) {
      const WrittenNote& n = w.notes[i];
      std::string about = n.about.empty() ? std::string(kind_name(n.kind)) : n.about.str();
      out.push_back(fmt::format("    {} {}, {}: \"{}\"", weekday_name(n.day), format_day(n.day),
                                about, n.text));
    }
  }
  return out;
}

void write_words_json(JsonWriter& w, const Words& words, const std::function<void()>& after_note) {
  auto counted = [&](std::string_view key, const std::vector<CountedText>& items) {
    w.key(key).begin_array();
    for (const auto& c : items)
      w.begin_object().field("text", c.text).field("count", c.count).end_object();
    w.end_array();
  };
  w.begin_object();
  w.key("reasons").begin_array();
  for (const auto& r : words.reasons) {
    w.begin_object().field("substance", r.substance);
    counted("reasons", r.reasons);
    w.end_object();
  }
  w.end_array();
  counted("wanted", words.wanted);
  counted("triggers", words.triggers);
  counted("instead", words.instead);
  w.key("notes").begin_array();
  for (const auto& n : words.notes) {
    w.begin_object()
        .field("date", format_day(n.day))
        .field("at", n.at_text())
        .field("kind", kind_name(n.kind))
        .field("about", n.about.str())
        .field("text", n.text)
        .end_object();
    if (after_note) after_note();
  }
  w.end_array();
  w.end_object();
}

}  // namespace ebb
