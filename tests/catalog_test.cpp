#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "ebb/core/catalog.hpp"

using ebb::lookup_substance;

TEST_CASE("aliases resolve to their canonical substance and class") {
  struct Case {
    const char* typed;
    const char* name;
    const char* cls;
  };
  const Case cases[] = {
      {"beer", "alcohol", "alcohol"},         {"booze", "alcohol", "alcohol"},
      {"drinks", "alcohol", "alcohol"},       {"weed", "cannabis", "cannabinoid"},
      {"edibles", "edibles", "cannabinoid"},  {"vape", "nicotine", "nicotine"},
      {"coke", "cocaine", "stimulant"},       {"crack", "crack", "stimulant"},
      {"speed", "amphetamine", "stimulant"},  {"adderall", "amphetamine", "stimulant"},
      {"tina", "methamphetamine", "stimulant"}, {"molly", "mdma", "empathogen"},
      {"mandy", "mdma", "empathogen"},        {"acid", "lsd", "psychedelic"},
      {"shrooms", "psilocybin", "psychedelic"}, {"magic mushrooms", "psilocybin", "psychedelic"},
      {"k", "ketamine", "dissociative"},      {"smack", "heroin", "opioid"},
      {"oxy", "oxycodone", "opioid"},         {"subutex", "buprenorphine", "opioid"},
      {"kratom", "kratom", "opioid"},         {"xanax", "alprazolam", "benzodiazepine"},
      {"valium", "diazepam", "benzodiazepine"}, {"etizolam", "etizolam", "benzodiazepine"},
      {"gbl", "ghb", "ghb"},                  {"laughing gas", "nitrous", "inhalant"},
      {"poppers", "poppers", "inhalant"},     {"robo", "dxm", "dxm"},
      {"dextromethorphan", "dxm", "dxm"},     {"benadryl", "diphenhydramine", "deliriant"},
      {"lyrica", "pregabalin", "gabapentinoid"}, {"gabapentin", "gabapentin", "gabapentinoid"},
      {"prozac", "fluoxetine", "ssri"},       {"sertraline", "sertraline", "ssri"},
      {"nardil", "phenelzine", "maoi"},       {"moclobemide", "moclobemide", "maoi"},
      {"lithium", "lithium", "lithium"},      {"2cb", "2c-b", "psychedelic"},
      {"tramadol", "tramadol", "opioid"},     {"zolpidem", "zolpidem", "depressant"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.typed);
    const ebb::SubstanceMatch m = lookup_substance(c.typed);
    CHECK(m.name == c.name);
    CHECK(m.substance_class == c.cls);
    REQUIRE(m.known != nullptr);
    CHECK(m.known->name == c.name);
  }
}

TEST_CASE("lookup ignores case, surrounding space and repeated inner space") {
  CHECK(lookup_substance("  Beer ").name == "alcohol");
  CHECK(lookup_substance("MDMA").name == "mdma");
  CHECK(lookup_substance("Magic   Mushrooms").name == "psilocybin");
  CHECK(lookup_substance("\tLSD\n").substance_class == "psychedelic");
}

TEST_CASE("unknown names are kept as written, trimmed, with class unknown") {
  const ebb::SubstanceMatch m = lookup_substance("  Kava Tea ");
  CHECK(m.name == "Kava Tea");
  CHECK(m.substance_class == "unknown");
  CHECK(m.known == nullptr);
  CHECK_FALSE(m.default_abv.has_value());
  CHECK(ebb::interaction_groups(m).empty());

  const ebb::SubstanceMatch empty = lookup_substance("   ");
  CHECK(empty.name.empty());
  CHECK(empty.substance_class == "unknown");
}

TEST_CASE("names and aliases are unique across the whole catalog") {
  std::set<std::string> seen;
  for (const ebb::Substance& s : ebb::catalog()) {
    CAPTURE(s.name);
    CHECK(seen.insert(std::string(s.name)).second);
    for (std::string_view a : s.aliases) {
      CAPTURE(a);
      CHECK(seen.insert(std::string(a)).second);
    }
  }
  CHECK(seen.size() > 150);
}

TEST_CASE("catalog entries are well formed") {
  CHECK(ebb::catalog().size() >= 40);
  for (const ebb::Substance& s : ebb::catalog()) {
    CAPTURE(s.name);
    CHECK(ebb::is_known_class(s.substance_class));
    for (std::string_view g : s.groups) CHECK(ebb::is_known_class(g));
    // Stored lower case and trimmed so lookup can compare them directly.
    auto lower_trimmed = [](std::string_view t) {
      return !t.empty() && t.front() != ' ' && t.back() != ' ' &&
             std::none_of(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    };
    CHECK(lower_trimmed(s.name));
    for (std::string_view a : s.aliases) CHECK(lower_trimmed(a));
    CHECK(s.onset_min.has_value() == s.onset_max.has_value());
    if (s.onset_min) CHECK(*s.onset_min < *s.onset_max);
  }
}

TEST_CASE("classes: the SAFETY.md list, unknown excluded") {
  const auto classes = ebb::substance_classes();
  CHECK(classes.size() == 21);
  for (std::string_view c : {"stimulant", "depressant", "opioid", "benzodiazepine", "ghb",
                             "alcohol", "cannabinoid", "psychedelic", "dissociative",
                             "empathogen", "deliriant", "inhalant", "nicotine", "ssri", "maoi",
                             "lithium", "gabapentinoid", "tramadol", "dxm", "barbiturate",
                             "xylazine"}) {
    CAPTURE(c);
    CHECK(ebb::is_known_class(c));
    CHECK(std::find(classes.begin(), classes.end(), c) != classes.end());
  }
  CHECK_FALSE(ebb::is_known_class("unknown"));
  CHECK_FALSE(ebb::is_known_class(""));
  CHECK_FALSE(ebb::is_known_class("Opioid"));
  CHECK_FALSE(ebb::is_known_class("opioids"));
}

TEST_CASE("interaction groups: class first, then extra groups") {
  using V = std::vector<std::string_view>;
  CHECK(ebb::interaction_groups(lookup_substance("tramadol")) == V{"opioid", "tramadol"});
  CHECK(ebb::interaction_groups(lookup_substance("heroin")) == V{"opioid"});
  CHECK(ebb::interaction_groups(lookup_substance("ayahuasca")) == V{"psychedelic", "maoi"});
  CHECK(ebb::interaction_groups(lookup_substance("zolpidem")) == V{"depressant", "benzodiazepine"});
}

TEST_CASE("default ABV for drink aliases") {
  CHECK(lookup_substance("beer").default_abv == 5.0);
  CHECK(lookup_substance("Cider").default_abv == 5.0);
  CHECK(lookup_substance("wine").default_abv == 12.0);
  CHECK(lookup_substance("spirits").default_abv == 40.0);
  for (const char* s : {"vodka", "whisky", "gin", "rum"}) {
    CAPTURE(s);
    CHECK(lookup_substance(s).default_abv == 40.0);
  }
  CHECK_FALSE(lookup_substance("alcohol").default_abv.has_value());
  CHECK_FALSE(lookup_substance("booze").default_abv.has_value());
  CHECK_FALSE(lookup_substance("weed").default_abv.has_value());
}

TEST_CASE("usual units and onset windows from SAFETY.md") {
  using std::chrono::minutes;
  auto known = [](const char* n) { return lookup_substance(n).known; };
  CHECK(known("alcohol")->usual_unit == "drink");
  CHECK(known("cannabis")->usual_unit == "g");
  CHECK(known("ghb")->usual_unit == "ml");
  CHECK(known("mdma")->usual_unit == "mg");
  CHECK(known("nicotine")->usual_unit == "cigarette");
  CHECK(known("edibles")->onset_min == minutes{30});
  CHECK(known("edibles")->onset_max == minutes{120});
  CHECK(known("mdma")->onset_min == minutes{20});
  CHECK(known("mdma")->onset_max == minutes{70});
  CHECK(known("lsd")->onset_min == minutes{45});
  CHECK(known("lsd")->onset_max == minutes{90});
  CHECK(known("ghb")->onset_min == minutes{20});
  CHECK(known("ghb")->onset_max == minutes{60});
  CHECK(known("alcohol")->onset_min == minutes{15});
  CHECK(known("alcohol")->onset_max == minutes{30});
  CHECK_FALSE(known("heroin")->onset_min.has_value());
}

TEST_CASE("near-miss names are asked about: Did you mean ...?") {
  struct Case {
    const char* typed;
    const char* suggestion;
  };
  const Case cases[] = {{"heroine", "heroin"},   {"alchohol", "alcohol"}, {"cocain", "cocaine"},
                        {"oxycodon", "oxycodone"}, {"ketamin", "ketamine"}, {"bier", "beer"},
                        {"Heroine", "heroin"},   {"fentanil", "fentanyl"}};
  for (const Case& c : cases) {
    CAPTURE(c.typed);
    auto s = ebb::suggest_substance(c.typed);
    REQUIRE(s.has_value());
    CHECK(*s == c.suggestion);
  }
  // Known names, far-off names and short words are not asked about.
  for (const char* name : {"heroin", "beer", "blue lotus", "chamomile", "kk", "abc", "hen"}) {
    CAPTURE(name);
    CHECK_FALSE(ebb::suggest_substance(name).has_value());
  }
}

TEST_CASE("catalog additions: today's supply and what people ask for") {
  struct Case {
    const char* typed;
    const char* name;
    const char* cls;
  };
  const Case cases[] = {
      {"isotonitazene", "isotonitazene", "opioid"}, {"iso", "isotonitazene", "opioid"},
      {"metonitazene", "metonitazene", "opioid"},   {"protonitazene", "protonitazene", "opioid"},
      {"n-desethyl isotonitazene", "n-desethyl isotonitazene", "opioid"},
      {"nitazene", "nitazenes", "opioid"},          {"xylazine", "xylazine", "depressant"},
      {"tranq", "xylazine", "depressant"},          {"medetomidine", "medetomidine", "depressant"},
      {"bromazolam", "bromazolam", "benzodiazepine"},
      {"flualprazolam", "flualprazolam", "benzodiazepine"},
      {"clonazolam", "clonazolam", "benzodiazepine"}, {"etizolam", "etizolam", "benzodiazepine"},
      {"flubromazolam", "flubromazolam", "benzodiazepine"}, {"3-mmc", "3-mmc", "stimulant"},
      {"3-cmc", "3-cmc", "stimulant"},              {"2-fdck", "2-fdck", "dissociative"},
      {"1p-lsd", "1p-lsd", "psychedelic"},          {"4-ho-met", "4-ho-met", "psychedelic"},
      {"caffeine", "caffeine", "stimulant"},        {"coffee", "caffeine", "stimulant"},
      {"kava", "kava", "depressant"},               {"methadone", "methadone", "opioid"},
      {"buprenorphine", "buprenorphine", "opioid"}, {"sublocade", "buprenorphine", "opioid"},
      {"tianeptine", "tianeptine", "opioid"},       {"phenibut", "phenibut", "depressant"},
      {"7-oh", "7-oh", "opioid"},                   {"phenobarbital", "phenobarbital", "barbiturate"},
      {"butalbital", "butalbital", "barbiturate"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.typed);
    auto m = lookup_substance(c.typed);
    REQUIRE(m.known);
    CHECK(m.name == c.name);
    CHECK(m.substance_class == c.cls);
  }
  using V = std::vector<std::string_view>;
  CHECK(ebb::interaction_groups(lookup_substance("xylazine")) == V{"depressant", "xylazine"});
  CHECK(ebb::interaction_groups(lookup_substance("phenobarbital")) == V{"barbiturate", "depressant"});
  CHECK(ebb::interaction_groups(lookup_substance("phenibut")) == V{"depressant", "gabapentinoid"});
}

TEST_CASE("the person's own substances get a class, aliases and every note") {
  std::string err;
  ebb::Substance mine;
  mine.name = "Blue Dream Vape";
  mine.substance_class = "cannabinoid";
  mine.aliases = {"bdv"};
  mine.usual_unit = "puff";
  REQUIRE_MESSAGE(ebb::set_own_substances({mine}, &err), err);
  auto m = lookup_substance("BDV");
  REQUIRE(m.known);
  CHECK(m.name == "blue dream vape");
  CHECK(m.substance_class == "cannabinoid");
  CHECK(m.known->own);
  CHECK(ebb::interaction_groups(m) == std::vector<std::string_view>{"cannabinoid"});

  ebb::Substance clash = mine;
  clash.name = "weed";  // already the catalog's
  CHECK_FALSE(ebb::set_own_substances({clash}, &err));
  CHECK(err.find("already names cannabis") != std::string::npos);
  CHECK(lookup_substance("bdv").known);  // nothing changed

  ebb::Substance no_class = mine;
  no_class.substance_class = "snacks";
  CHECK_FALSE(ebb::set_own_substances({no_class}, &err));

  REQUIRE(ebb::set_own_substances({}, &err));
  CHECK_FALSE(lookup_substance("bdv").known);
}
