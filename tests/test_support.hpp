#pragma once
// Helpers shared by the unit tests.

#include <doctest/doctest.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "ebb/core/catalog.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/time.hpp"

namespace ebb::test {

/// A fresh private folder under /tmp, removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/ebb-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

/// SQL that takes a database of the latest schema back to schema 1, as an ebb of that
/// version left it, as far as migrating it forward can tell: versions 2 and 3 only changed
/// indexes, 4 rebuilds the entries from the columns of version 1 and 5 added a journal column.
inline constexpr const char* kBackToSchemaOne =
    "ALTER TABLE journal DROP COLUMN batch; DROP TABLE undo_barrier;"
    "DROP INDEX journal_entry;"
    "DROP INDEX entries_at_id; CREATE INDEX entries_at ON entries (at);"
    "DROP INDEX entries_kind_at_id; CREATE INDEX entries_kind_at ON entries (kind, at);"
    "DROP INDEX entries_substance_at_id;"
    "CREATE INDEX entries_substance_at ON entries (substance, at);"
    "PRAGMA user_version = 1;";

/// An instant from RFC 3339 text; fails the test when it does not read.
inline Instant at(std::string_view rfc3339) {
  Instant t{};
  REQUIRE(parse_rfc3339(rfc3339, &t));
  return t;
}

/// A day from "YYYY-MM-DD"; fails the test when it does not read.
/// A plan version saved at `saved` (RFC 3339) from the TOML `toml`; fails the test when the
/// plan does not parse.
inline PlanVersion plan_version(int64_t id, const char* saved, const char* toml) {
  PlanVersion v;
  v.id = id;
  v.saved_at = at(saved);
  v.text = toml;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(toml, &v.plan, &err), format_plan_error(err));
  return v;
}

inline LocalDay day(std::string_view text) {
  LocalDay d{};
  REQUIRE(parse_day(text, &d));
  return d;
}

/// A use as `ebb use` would log it: the substance looked up in the catalog.
inline Entry logged_use(std::string id, std::string_view when, std::string_view substance,
                        std::optional<double> amount = std::nullopt, std::string unit = "") {
  Entry e;
  e.id = std::move(id);
  e.kind = Kind::use;
  e.at = at(when);
  SubstanceMatch m = lookup_substance(substance);
  e.substance = m.name;
  e.substance_class = m.substance_class;
  e.amount = amount;
  e.unit = std::move(unit);
  return e;
}

/// True when `word` (a word or phrase, lower case) stands in `text` as whole words.
inline bool has_word(std::string_view text, std::string_view word) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (size_t p = t.find(word); p != std::string::npos; p = t.find(word, p + 1)) {
    size_t end = p + word.size();
    if ((p == 0 || !letter(t[p - 1])) && (end >= t.size() || !letter(t[end]))) return true;
  }
  return false;
}

/// What shared/VOICE.md asks ebb never to say, found in `text`; "" when there is nothing:
/// the words to avoid, words of pressure and grading (should, must, honestly, failed...),
/// doubled punctuation after a quote, shouting, an exclamation, "1 days", "a urge".
inline std::string voice_problem(std::string_view text) {
  static constexpr std::string_view kWords[] = {
      "addict", "junkie", "abuser", "alcoholic", "abuse", "misuse", "binge", "clean", "dirty",
      "relapse", "relapsed", "slip", "slipped", "fell off", "failure", "failed", "fail",
      "cheated", "bad day", "broke your streak", "streak", "willpower", "should", "must",
      "habit", "vice", "wasted", "strung out", "denial", "honestly", "honest", "you need to",
      "you have to", "passed", "grade", "full weeks", "user", "users", "good job", "well done"};
  for (auto w : kWords)
    if (has_word(text, w)) return "the word \"" + std::string(w) + "\"";
  for (std::string_view bad : {".\".", "?\".", "!\".", "..", " .", " ,", "a urge", "A urge",
                               "about 0", "!"})
    if (text.find(bad) != std::string_view::npos) return "\"" + std::string(bad) + "\"";
  for (std::string_view one : {"1 days", "1 hours", "1 urges", "1 uses", "1 drinks", "1 times",
                               "1 notes"})
    for (size_t p = text.find(one); p != std::string_view::npos; p = text.find(one, p + 1))
      if (p == 0 || !std::isdigit(static_cast<unsigned char>(text[p - 1])))
        return "\"" + std::string(one) + "\"";
  // No shouting: a word in capitals is an acronym ebb uses.
  static constexpr std::string_view kAcronyms[] = {"MDMA", "DXM", "GHB", "SSRI", "MAOI", "EUR",
                                                   "UK", "US", "LSD", "ABV", "JSON", "OK"};
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += c;
      continue;
    }
    bool caps = word.size() > 1 && std::all_of(word.begin(), word.end(), [](char w) {
                  return std::isupper(static_cast<unsigned char>(w));
                });
    if (caps && std::find(std::begin(kAcronyms), std::end(kAcronyms), word) == std::end(kAcronyms))
      return "the shouted word " + word;
    word.clear();
  }
  return "";
}

}  // namespace ebb::test
