#include "ebb/catalog.hpp"
#include "ebb/text.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace ebb {

namespace {

using std::chrono::minutes;

// Classes from SAFETY.md (Drugs Wheel categories plus interacting medicines). "unknown" is
// deliberately absent: it marks a name outside the catalog, not something a plan can target.
constexpr std::string_view kClasses[] = {
    "stimulant",  "depressant",   "opioid",    "benzodiazepine", "ghb",
    "alcohol",    "cannabinoid",  "psychedelic", "dissociative", "empathogen",
    "deliriant",  "inhalant",     "nicotine",  "ssri",           "maoi",
    "lithium",    "gabapentinoid", "tramadol", "dxm",      "barbiturate",
};

// Onset windows from TripSit drugs.json (see SAFETY.md), used to notice a redose that comes
// before the first dose has had time to act.
const std::vector<Substance>& substances() {
  static const std::vector<Substance> kSubstances = {
      {"alcohol", "alcohol", {},
       {"beer", "lager", "ale", "cider", "wine", "champagne", "prosecco", "spirits", "vodka",
        "whisky", "whiskey", "gin", "rum", "tequila", "brandy", "liquor", "booze", "drink",
        "drinks", "ethanol"},
       "drink", minutes{15}, minutes{30}},
      {"cannabis", "cannabinoid", {},
       {"weed", "marijuana", "pot", "grass", "hash", "hashish", "thc", "ganja", "skunk", "herb"},
       "g", std::nullopt, std::nullopt},
      // Eaten cannabis is its own entry because it acts much later than smoked cannabis.
      {"edibles", "cannabinoid", {},
       {"edible", "cannabis edibles", "weed edibles", "thc edibles", "space cake"},
       "mg", minutes{30}, minutes{120}},
      {"spice", "cannabinoid", {}, {"synthetic cannabinoids", "synthetic cannabis", "k2", "mamba"},
       "g", std::nullopt, std::nullopt},
      {"nicotine", "nicotine", {},
       {"cigarette", "cigarettes", "cig", "cigs", "tobacco", "vape", "vaping", "snus", "rollies"},
       "cigarette", std::nullopt, std::nullopt},
      {"cocaine", "stimulant", {}, {"coke", "charlie", "blow", "powder cocaine"}, "g",
       std::nullopt, std::nullopt},
      {"crack", "stimulant", {}, {"crack cocaine", "freebase"}, "g", std::nullopt, std::nullopt},
      {"amphetamine", "stimulant", {},
       {"speed", "amphetamines", "amph", "adderall", "dexamphetamine", "dexedrine",
        "lisdexamfetamine", "vyvanse", "elvanse"},
       "mg", std::nullopt, std::nullopt},
      {"methamphetamine", "stimulant", {}, {"meth", "crystal", "crystal meth", "tina", "ice"},
       "g", std::nullopt, std::nullopt},
      {"methylphenidate", "stimulant", {}, {"ritalin", "concerta"}, "mg", std::nullopt,
       std::nullopt},
      {"mephedrone", "stimulant", {}, {"mcat", "m-cat", "meow meow", "4-mmc"}, "g", std::nullopt,
       std::nullopt},
      {"mdma", "empathogen", {}, {"molly", "ecstasy", "mandy", "xtc", "md", "e"}, "mg",
       minutes{20}, minutes{70}},
      {"lsd", "psychedelic", {}, {"acid", "lucy"}, "ug", minutes{45},
       minutes{90}},
      {"psilocybin", "psychedelic", {},
       {"mushrooms", "shrooms", "magic mushrooms", "mushies", "psilocybin mushrooms"}, "g",
       std::nullopt, std::nullopt},
      {"2c-b", "psychedelic", {}, {"2cb", "nexus"}, "mg", std::nullopt, std::nullopt},
      {"dmt", "psychedelic", {}, {"dimitri", "n,n-dmt"}, "mg", std::nullopt, std::nullopt},
      // Ayahuasca brews pair DMT with harmala alkaloids, which are MAO inhibitors.
      {"ayahuasca", "psychedelic", {"maoi"}, {"aya", "yage"}, "ml", std::nullopt, std::nullopt},
      {"mescaline", "psychedelic", {}, {"peyote", "san pedro"}, "mg", std::nullopt,
       std::nullopt},
      {"ketamine", "dissociative", {}, {"k", "ket", "special k"}, "mg", std::nullopt,
       std::nullopt},
      {"heroin", "opioid", {}, {"h", "smack", "gear", "brown", "diamorphine"}, "mg",
       std::nullopt, std::nullopt},
      {"fentanyl", "opioid", {}, {"fent", "fetty"}, "ug", std::nullopt, std::nullopt},
      {"oxycodone", "opioid", {}, {"oxy", "oxycontin", "oxys", "roxy", "percocet"}, "mg",
       std::nullopt, std::nullopt},
      {"hydrocodone", "opioid", {}, {"vicodin", "norco"}, "mg", std::nullopt, std::nullopt},
      {"morphine", "opioid", {}, {"mst", "oramorph"}, "mg", std::nullopt, std::nullopt},
      {"methadone", "opioid", {}, {"physeptone", "metadon"}, "mg", std::nullopt,
       std::nullopt},
      {"buprenorphine", "opioid", {}, {"bupe", "subutex", "suboxone", "subs"}, "mg",
       std::nullopt, std::nullopt},
      {"codeine", "opioid", {}, {"lean", "purple drank", "co-codamol"}, "mg", std::nullopt,
       std::nullopt},
      // Tramadol is an opioid that also acts on serotonin, hence its own interaction group.
      {"tramadol", "opioid", {"tramadol"}, {"ultram", "tramal", "trammies"}, "mg", std::nullopt,
       std::nullopt},
      // Kratom's alkaloids are partial opioid agonists; treating it as an opioid means the
      // opioid mixing notes reach people who combine it with depressants.
      {"kratom", "opioid", {}, {"ketum", "mitragyna"}, "g", std::nullopt, std::nullopt},
      {"alprazolam", "benzodiazepine", {}, {"xanax", "xanny", "xannies", "xans", "bars"}, "mg",
       std::nullopt, std::nullopt},
      {"diazepam", "benzodiazepine", {}, {"valium", "vallies"}, "mg", std::nullopt,
       std::nullopt},
      {"clonazepam", "benzodiazepine", {}, {"klonopin", "rivotril", "klonnies"}, "mg",
       std::nullopt, std::nullopt},
      {"lorazepam", "benzodiazepine", {}, {"ativan"}, "mg", std::nullopt, std::nullopt},
      {"temazepam", "benzodiazepine", {}, {"restoril", "jellies"}, "mg", std::nullopt,
       std::nullopt},
      {"etizolam", "benzodiazepine", {}, {"etiz", "etizzy"}, "mg", std::nullopt, std::nullopt},
      // Z-drugs act at the benzodiazepine site of the GABA-A receptor and mix the same way.
      {"zolpidem", "depressant", {"benzodiazepine"}, {"ambien", "stilnoct"}, "mg", std::nullopt,
       std::nullopt},
      {"zopiclone", "depressant", {"benzodiazepine"}, {"zimovane", "zimmies"}, "mg", std::nullopt,
       std::nullopt},
      // Barbiturates: little room between an effective and a harmful amount (StatPearls,
      // Barbiturate Toxicity). They mix as sedatives, through the "depressant" group.
      {"phenobarbital", "barbiturate", {"depressant"}, {"phenobarbitone", "luminal", "phenobarb"},
       "mg", std::nullopt, std::nullopt},
      {"butalbital", "barbiturate", {"depressant"}, {"fioricet", "fiorinal"}, "mg", std::nullopt,
       std::nullopt},
      {"secobarbital", "barbiturate", {"depressant"}, {"seconal"}, "mg", std::nullopt,
       std::nullopt},
      {"ghb", "ghb", {}, {"g", "gbl", "gina", "liquid ecstasy", "1,4-bd", "1,4-butanediol"}, "ml",
       minutes{20}, minutes{60}},
      {"nitrous", "inhalant", {},
       {"nos", "n2o", "nitrous oxide", "laughing gas", "whippets", "balloons", "nangs"},
       "balloon", std::nullopt, std::nullopt},
      {"poppers", "inhalant", {}, {"amyl", "amyl nitrite", "alkyl nitrites", "rush"}, "",
       std::nullopt, std::nullopt},
      {"dxm", "dxm", {}, {"dextromethorphan", "robo", "robitussin"}, "mg", std::nullopt,
       std::nullopt},
      {"diphenhydramine", "deliriant", {}, {"benadryl", "dph", "nytol"}, "mg", std::nullopt,
       std::nullopt},
      {"pregabalin", "gabapentinoid", {}, {"lyrica", "pregab"}, "mg", std::nullopt,
       std::nullopt},
      {"gabapentin", "gabapentinoid", {}, {"neurontin", "gabbies", "gabby"}, "mg", std::nullopt,
       std::nullopt},
      {"sertraline", "ssri", {}, {"zoloft", "lustral"}, "mg", std::nullopt, std::nullopt},
      {"fluoxetine", "ssri", {}, {"prozac"}, "mg", std::nullopt, std::nullopt},
      {"escitalopram", "ssri", {}, {"lexapro", "cipralex"}, "mg", std::nullopt, std::nullopt},
      {"citalopram", "ssri", {}, {"celexa", "cipramil"}, "mg", std::nullopt, std::nullopt},
      {"paroxetine", "ssri", {}, {"paxil", "seroxat"}, "mg", std::nullopt, std::nullopt},
      {"phenelzine", "maoi", {}, {"nardil"}, "mg", std::nullopt, std::nullopt},
      {"tranylcypromine", "maoi", {}, {"parnate"}, "mg", std::nullopt, std::nullopt},
      {"moclobemide", "maoi", {}, {"aurorix", "manerix"}, "mg", std::nullopt, std::nullopt},
      {"lithium", "lithium", {}, {"priadel", "camcolit", "lithium carbonate"}, "mg",
       std::nullopt, std::nullopt},
  };
  return kSubstances;
}

struct DrinkStrength {
  std::string_view alias;
  double abv;
};

// Typical strengths so "2 beer 500 ml" can become standard drinks without an --abv.
constexpr DrinkStrength kDrinkStrengths[] = {
    {"beer", 5},    {"lager", 5},     {"ale", 5},       {"cider", 5},
    {"wine", 12},   {"champagne", 12}, {"prosecco", 12}, {"spirits", 40},
    {"vodka", 40},  {"whisky", 40},   {"whiskey", 40},  {"gin", 40},
    {"rum", 40},    {"tequila", 40},  {"brandy", 40},   {"liquor", 40},
};

}  // namespace

std::span<const Substance> catalog() { return substances(); }

SubstanceMatch lookup_substance(std::string_view typed) {
  const std::string key = fold_name(typed);
  SubstanceMatch match;
  for (const Substance& s : substances()) {
    const bool hit = key == s.name ||
                     std::find(s.aliases.begin(), s.aliases.end(), key) != s.aliases.end();
    if (!hit) continue;
    match.name = std::string(s.name);
    match.substance_class = std::string(s.substance_class);
    match.known = &s;
    for (const DrinkStrength& d : kDrinkStrengths) {
      if (d.alias == key) match.default_abv = d.abv;
    }
    return match;
  }
  match.name = std::string(trim(typed));
  match.substance_class = "unknown";
  return match;
}

std::span<const std::string_view> substance_classes() { return kClasses; }

bool is_known_class(std::string_view cls) {
  return std::find(std::begin(kClasses), std::end(kClasses), cls) != std::end(kClasses);
}

std::vector<std::string_view> interaction_groups(const SubstanceMatch& s) {
  std::vector<std::string_view> groups;
  if (s.known == nullptr) return groups;
  groups.push_back(s.known->substance_class);
  for (std::string_view g : s.known->groups) {
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  return groups;
}

}  // namespace ebb
