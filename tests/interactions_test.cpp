#include <doctest/doctest.h>

#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ebb/core/catalog.hpp"
#include "ebb/core/interactions.hpp"

using ebb::Severity;

namespace {

std::optional<ebb::Interaction> between(std::string_view a, std::string_view b) {
  const std::string_view ga[] = {a};
  const std::string_view gb[] = {b};
  return ebb::find_interaction(ga, gb);
}

std::optional<ebb::Interaction> between_substances(std::string_view a, std::string_view b) {
  return ebb::find_interaction(ebb::interaction_groups(ebb::lookup_substance(a)),
                               ebb::interaction_groups(ebb::lookup_substance(b)));
}

struct Pair {
  const char* a;
  const char* b;
  Severity severity;
};

}  // namespace

TEST_CASE("every SAFETY.md pair is found with its severity, in both orders") {
  const Pair pairs[] = {
      {"alcohol", "opioid", Severity::dangerous},
      {"alcohol", "benzodiazepine", Severity::dangerous},
      {"alcohol", "ghb", Severity::dangerous},
      {"alcohol", "dissociative", Severity::dangerous},
      {"alcohol", "tramadol", Severity::dangerous},
      {"alcohol", "dxm", Severity::dangerous},
      {"alcohol", "deliriant", Severity::dangerous},
      {"opioid", "benzodiazepine", Severity::dangerous},
      {"opioid", "ghb", Severity::dangerous},
      {"opioid", "dissociative", Severity::dangerous},
      {"opioid", "gabapentinoid", Severity::dangerous},
      {"opioid", "tramadol", Severity::dangerous},
      {"opioid", "stimulant", Severity::dangerous},
      {"ghb", "benzodiazepine", Severity::dangerous},
      {"ghb", "dissociative", Severity::dangerous},
      {"ghb", "gabapentinoid", Severity::dangerous},
      {"ghb", "alcohol", Severity::dangerous},
      {"maoi", "stimulant", Severity::dangerous},
      {"maoi", "empathogen", Severity::dangerous},
      {"maoi", "ssri", Severity::dangerous},
      {"maoi", "dxm", Severity::dangerous},
      {"ssri", "tramadol", Severity::dangerous},
      {"ssri", "dxm", Severity::dangerous},
      {"tramadol", "empathogen", Severity::dangerous},
      {"tramadol", "stimulant", Severity::dangerous},
      {"lithium", "psychedelic", Severity::dangerous},
      {"lithium", "empathogen", Severity::dangerous},
      {"alcohol", "stimulant", Severity::unsafe},
      {"alcohol", "maoi", Severity::unsafe},
      {"stimulant", "gabapentinoid", Severity::unsafe},
      {"benzodiazepine", "deliriant", Severity::unsafe},
  };
  for (const Pair& p : pairs) {
    CAPTURE(p.a);
    CAPTURE(p.b);
    const auto ab = between(p.a, p.b);
    const auto ba = between(p.b, p.a);
    REQUIRE(ab.has_value());
    REQUIRE(ba.has_value());
    CHECK(ab->severity == p.severity);
    CHECK(ba->severity == p.severity);
    CHECK(ab->fact == ba->fact);
  }
}

TEST_CASE("pairs added from combos.json and the FDA gabapentinoid warning") {
  const Pair pairs[] = {
      {"dxm", "opioid", Severity::dangerous},        {"dxm", "ghb", Severity::dangerous},
      {"dxm", "empathogen", Severity::dangerous},    {"dxm", "lithium", Severity::dangerous},
      {"ghb", "deliriant", Severity::dangerous},     {"dissociative", "deliriant", Severity::dangerous},
      {"stimulant", "dxm", Severity::unsafe},        {"alcohol", "gabapentinoid", Severity::unsafe},
      {"benzodiazepine", "gabapentinoid", Severity::unsafe},
      {"alcohol", "empathogen", Severity::caution},  {"alcohol", "inhalant", Severity::caution},
      {"alcohol", "ssri", Severity::caution},        {"stimulant", "ghb", Severity::caution},
      {"stimulant", "dissociative", Severity::caution},
      {"stimulant", "empathogen", Severity::caution},
      {"stimulant", "deliriant", Severity::caution},
      {"benzodiazepine", "dissociative", Severity::caution},
      {"benzodiazepine", "dxm", Severity::caution},  {"ghb", "inhalant", Severity::caution},
      {"ghb", "empathogen", Severity::caution},      {"maoi", "dissociative", Severity::caution},
      {"depressant", "alcohol", Severity::caution},  {"depressant", "opioid", Severity::caution},
  };
  for (const Pair& p : pairs) {
    CAPTURE(p.a);
    CAPTURE(p.b);
    REQUIRE(between(p.a, p.b).has_value());
    CHECK(between(p.a, p.b)->severity == p.severity);
    CHECK(between(p.b, p.a)->severity == p.severity);
  }
}

TEST_CASE("unrelated pairs give none") {
  CHECK_FALSE(between("cannabinoid", "nicotine").has_value());
  CHECK_FALSE(between("cannabinoid", "alcohol").has_value());  // "low risk" in combos.json
  CHECK_FALSE(between("nicotine", "alcohol").has_value());
  CHECK_FALSE(between("psychedelic", "dissociative").has_value());
  CHECK_FALSE(between("ssri", "cannabinoid").has_value());
  CHECK_FALSE(between("opioid", "opioid").has_value());
  CHECK_FALSE(between("alcohol", "unknown").has_value());
  CHECK_FALSE(between("", "alcohol").has_value());
  const std::vector<std::string_view> none;
  const std::string_view alcohol[] = {"alcohol"};
  CHECK_FALSE(ebb::find_interaction(none, alcohol).has_value());
  CHECK_FALSE(ebb::find_interaction(alcohol, none).has_value());
}

TEST_CASE("through the catalog: aliases, tramadol's two groups, same substance twice") {
  REQUIRE(between_substances("beer", "heroin").has_value());
  CHECK(between_substances("beer", "heroin")->severity == Severity::dangerous);
  CHECK(between_substances("Xanax", "oxy")->severity == Severity::dangerous);
  CHECK(between_substances("coke", "vodka")->severity == Severity::unsafe);
  CHECK(between_substances("molly", "wine")->severity == Severity::caution);
  // Tramadol is opioid and tramadol: with an SSRI its own group matters, with a benzo the
  // opioid class does, and with another opioid the pair opioid+tramadol does.
  CHECK(between_substances("tramadol", "sertraline")->severity == Severity::dangerous);
  CHECK(between_substances("tramadol", "diazepam")->severity == Severity::dangerous);
  CHECK(between_substances("tramadol", "codeine")->severity == Severity::dangerous);
  CHECK(between_substances("speed", "tramadol")->severity == Severity::dangerous);
  // Ayahuasca carries the MAOI group.
  CHECK(between_substances("ayahuasca", "mdma")->severity == Severity::dangerous);
  // A z-drug and a benzo: both sedating.
  CHECK(between_substances("zolpidem", "diazepam")->severity == Severity::caution);
  CHECK(between_substances("zolpidem", "beer")->severity == Severity::dangerous);
  // A second dose is not a mix; two drugs of one class are not in the table.
  CHECK_FALSE(between_substances("tramadol", "tramadol").has_value());
  CHECK_FALSE(between_substances("zolpidem", "zopiclone").has_value());
  CHECK_FALSE(between_substances("ayahuasca", "ayahuasca").has_value());
  CHECK_FALSE(between_substances("diazepam", "alprazolam").has_value());
  CHECK_FALSE(between_substances("weed", "cigarettes").has_value());
  CHECK_FALSE(between_substances("chamomile", "beer").has_value());
}

TEST_CASE("the most severe match wins") {
  // Cocaine + ghb is caution, cocaine + opioid dangerous: a substance in both groups gets the
  // dangerous one whichever order the groups come in.
  const std::string_view stim[] = {"stimulant"};
  const std::string_view ghb_and_opioid[] = {"ghb", "opioid"};
  const std::string_view opioid_and_ghb[] = {"opioid", "ghb"};
  CHECK(ebb::find_interaction(stim, ghb_and_opioid)->severity == Severity::dangerous);
  CHECK(ebb::find_interaction(stim, opioid_and_ghb)->severity == Severity::dangerous);
  CHECK(ebb::find_interaction(ghb_and_opioid, stim)->severity == Severity::dangerous);
  const std::string_view alcohol_and_empathogen[] = {"empathogen", "alcohol"};
  CHECK(ebb::find_interaction(stim, alcohol_and_empathogen)->severity == Severity::unsafe);
}

TEST_CASE("table is well formed") {
  const auto table = ebb::interaction_table();
  CHECK(table.size() >= 40);
  std::set<std::pair<std::string, std::string>> seen;
  for (const ebb::Interaction& row : table) {
    CAPTURE(row.a);
    CAPTURE(row.b);
    CHECK(ebb::is_known_class(row.a));
    CHECK(ebb::is_known_class(row.b));
    CHECK(row.a != row.b);
    std::string x(row.a), y(row.b);
    if (y < x) std::swap(x, y);
    CHECK(seen.insert({x, y}).second);
    // Each row is what find_interaction reports for its own pair, in both orders.
    const auto ab = between(row.a, row.b);
    const auto ba = between(row.b, row.a);
    REQUIRE(ab.has_value());
    REQUIRE(ba.has_value());
    CHECK(ab->fact == row.fact);
    CHECK(ba->fact == row.fact);
  }
  CHECK(ebb::severity_name(Severity::caution) == "caution");
  CHECK(ebb::severity_name(Severity::unsafe) == "unsafe");
  CHECK(ebb::severity_name(Severity::dangerous) == "dangerous");
  CHECK(Severity::caution < Severity::unsafe);
  CHECK(Severity::unsafe < Severity::dangerous);
}

TEST_CASE("every fact and step follows VOICE.md") {
  const char* avoid[] = {"addict", "junkie",  "abuser",    "alcoholic", "abuse",   "misuse",
                         "binge",  "clean",   "dirty",     "relapse",   "slip",    "failure",
                         "cheated", "should", "must",      "willpower", "habit",   "vice",
                         "wasted", "strung out", "denial", "user"};
  const std::set<std::string> acronyms = {"MDMA", "DXM", "GHB", "SSRI", "MAOI"};
  for (const ebb::Interaction& row : ebb::interaction_table()) {
    for (std::string_view text : {row.fact, row.step}) {
      CAPTURE(text);
      REQUIRE(!text.empty());
      std::string lower;
      for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const char* word : avoid) {
        CAPTURE(word);
        CHECK(lower.find(word) == std::string::npos);
      }
      CHECK(text.find('!') == std::string_view::npos);
      CHECK(text.back() == '.');
      CHECK(std::isupper(static_cast<unsigned char>(text.front())));
      // No shouting: a word in capitals is one of the drug acronyms.
      std::string word;
      for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (std::isalpha(static_cast<unsigned char>(c))) {
          word += c;
          continue;
        }
        bool all_caps = word.size() > 1;
        for (char w : word) all_caps = all_caps && std::isupper(static_cast<unsigned char>(w));
        if (all_caps) CHECK(acronyms.count(word) == 1);
        word.clear();
      }
    }
  }
}
