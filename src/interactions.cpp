// Sources: TripSit combination chart, github.com/TripSit/drugs combos.json (categories
// Dangerous > Unsafe > Caution > Low risk), as summarised in shared/SAFETY.md; every
// Dangerous and Unsafe pair listed there is here. Further pairs are read from combos.json
// at class level: dxm with opioids, GHB, MDMA, lithium (Dangerous) and stimulants (Unsafe);
// GHB and ketamine with diphenhydramine (Dangerous); and the Caution entries marked below.
// Alcohol and benzodiazepines with gabapentinoids follow the US FDA Drug Safety Communication
// of 19 Dec 2019 (breathing problems when gabapentinoids are combined with other central
// nervous system depressants). Cannabis with alcohol, nicotine or most other classes is
// "low risk" in combos.json and so is absent. Wording follows shared/VOICE.md.
#include "ebb/interactions.hpp"

#include <algorithm>

namespace ebb {

namespace {

constexpr Severity kDangerous = Severity::dangerous;
constexpr Severity kUnsafe = Severity::unsafe;
constexpr Severity kCaution = Severity::caution;

// One step each (SAFETY.md), written so it reads both when ebb knows both were taken and
// before; the reminders say which.
constexpr std::string_view kNaloxoneStep = "Keep naloxone within reach.";
constexpr std::string_view kRecoveryStep =
    "Have someone with you who knows the recovery position.";
constexpr std::string_view kCompanyStep = "Have someone with you.";
constexpr std::string_view kSerotoninStep =
    "Feeling very hot, stiff or confused means getting medical help straight away.";
constexpr std::string_view kMaoiStep = "Start with a very small amount.";
constexpr std::string_view kLithiumStep = "Have a sober person with you.";
constexpr std::string_view kCoolStep = "Take breaks to cool down.";

constexpr Interaction kTable[] = {
    // Dangerous (SAFETY.md).
    {kDangerous, "alcohol", "opioid", "Alcohol and opioids together can slow breathing a lot.",
     kNaloxoneStep},
    {kDangerous, "alcohol", "benzodiazepine",
     "Alcohol and benzos together can slow breathing and cause blackouts.", kRecoveryStep},
    {kDangerous, "alcohol", "ghb",
     "Alcohol and GHB together can cause blackouts and unconsciousness, even at low amounts.",
     "Take much less GHB than usual."},
    {kDangerous, "alcohol", "dissociative",
     "Alcohol and ketamine together make vomiting while too out of it to move more likely.",
     kRecoveryStep},
    {kDangerous, "alcohol", "tramadol",
     "Alcohol and tramadol together can slow breathing and make a seizure more likely.",
     kNaloxoneStep},
    {kDangerous, "alcohol", "dxm",
     "Alcohol and DXM together can slow breathing and cause unconsciousness.", kRecoveryStep},
    {kDangerous, "alcohol", "deliriant",
     "Alcohol and diphenhydramine boost each other strongly and can lead to unconsciousness.",
     kRecoveryStep},
    {kDangerous, "opioid", "benzodiazepine",
     "Opioids and benzos together can slow breathing a lot; many overdoses involve both.",
     kNaloxoneStep},
    {kDangerous, "opioid", "ghb",
     "Opioids and GHB together can slow breathing and cause sudden unconsciousness.",
     kNaloxoneStep},
    {kDangerous, "opioid", "dissociative",
     "Opioids and ketamine together make passing out and vomiting more likely.", kNaloxoneStep},
    {kDangerous, "opioid", "gabapentinoid",
     "Opioids with pregabalin or gabapentin can slow breathing more than either alone.",
     kNaloxoneStep},
    {kDangerous, "opioid", "tramadol",
     "Tramadol on top of another opioid adds up and can slow breathing a lot.", kNaloxoneStep},
    {kDangerous, "opioid", "stimulant",
     "A stimulant can hide how strong an opioid is, and if it wears off first, breathing can "
     "slow.",
     kNaloxoneStep},
    {kDangerous, "ghb", "benzodiazepine",
     "GHB and benzos boost each other strongly and can cause sudden unconsciousness.",
     "Take much less of both than usual."},
    {kDangerous, "ghb", "dissociative",
     "GHB and ketamine together make passing out and vomiting more likely.", kRecoveryStep},
    {kDangerous, "ghb", "gabapentinoid",
     "GHB with pregabalin or gabapentin can slow breathing and cause unconsciousness.",
     kRecoveryStep},
    {kDangerous, "maoi", "stimulant",
     "An MAOI with stimulants like amphetamine or cocaine can push blood pressure very high.",
     kMaoiStep},
    {kDangerous, "maoi", "empathogen",
     "An MAOI with MDMA can cause serotonin syndrome: overheating, stiffness and confusion.",
     kMaoiStep},
    {kDangerous, "maoi", "ssri", "An MAOI with an SSRI can cause serotonin syndrome.",
     "If both are prescribed, check the timing between them with your prescriber or a "
     "pharmacist."},
    {kDangerous, "maoi", "dxm",
     "An MAOI with DXM can cause serotonin syndrome and very high blood pressure.",
     "If you're on an MAOI, ask a pharmacist before taking DXM, cough syrups included."},
    {kDangerous, "ssri", "tramadol",
     "Tramadol with an SSRI can cause serotonin syndrome or a seizure.",
     kSerotoninStep},
    {kDangerous, "ssri", "dxm", "DXM with an SSRI can cause serotonin syndrome.",
     kSerotoninStep},
    {kDangerous, "tramadol", "empathogen",
     "Tramadol with MDMA can cause a seizure or serotonin syndrome.", kCompanyStep},
    {kDangerous, "tramadol", "stimulant", "Tramadol with stimulants makes a seizure more likely.",
     kCompanyStep},
    {kDangerous, "lithium", "psychedelic",
     "Lithium with psychedelics has many reports of seizures and frightening experiences.",
     kLithiumStep},
    {kDangerous, "lithium", "empathogen", "Lithium with MDMA has reports of seizures.",
     kLithiumStep},
    // Dangerous (combos.json, class level).
    {kDangerous, "dxm", "opioid",
     "DXM and opioids together can slow breathing and cause unconsciousness.", kNaloxoneStep},
    {kDangerous, "dxm", "ghb", "DXM and GHB together make vomiting and unconsciousness likely.",
     kRecoveryStep},
    {kDangerous, "dxm", "empathogen",
     "DXM with MDMA can cause serotonin syndrome and overheating.", kSerotoninStep},
    {kDangerous, "dxm", "lithium", "DXM with lithium can cause serotonin syndrome.",
     kSerotoninStep},
    {kDangerous, "ghb", "deliriant",
     "GHB and diphenhydramine together can slow breathing and cause unconsciousness.",
     kRecoveryStep},
    {kDangerous, "dissociative", "deliriant",
     "Ketamine and diphenhydramine together can cause unconsciousness and strong confusion.",
     kRecoveryStep},
    // Unsafe (SAFETY.md).
    {kUnsafe, "alcohol", "stimulant",
     "Stimulants hide how drunk you are, and alcohol with cocaine makes cocaethylene, which is "
     "hard on the heart.",
     "Set yourself a drink limit for the night."},
    {kUnsafe, "alcohol", "maoi",
     "Some drinks, like tap beer and red wine, carry tyramine, which with an MAOI can raise "
     "blood pressure.",
     "If you're on an MAOI, ask a pharmacist which drinks are lower in tyramine."},
    {kUnsafe, "stimulant", "gabapentinoid",
     "A stimulant can hide how sedated pregabalin or gabapentin leaves you, until it wears off.",
     kCompanyStep},
    {kUnsafe, "benzodiazepine", "deliriant",
     "Benzos and diphenhydramine together add up to heavy sedation and confusion.",
     kCompanyStep},
    // Unsafe (combos.json: amphetamines and cocaine with dextromethorphan).
    {kUnsafe, "stimulant", "dxm",
     "DXM with stimulants raises heart rate and blood pressure.",
     kCoolStep},
    // Unsafe (FDA 2019 on gabapentinoids with other depressants).
    {kUnsafe, "alcohol", "gabapentinoid",
     "Alcohol with pregabalin or gabapentin can slow breathing more than either alone.",
     kRecoveryStep},
    {kUnsafe, "benzodiazepine", "gabapentinoid",
     "Benzos with pregabalin or gabapentin can slow breathing more than either alone.",
     kRecoveryStep},
    // Caution (combos.json).
    {kCaution, "alcohol", "empathogen",
     "Alcohol with MDMA adds to dehydration and overheating and makes it hard to tell how "
     "drunk you are.",
     "Sip water, about 500 ml an hour, in breaks to cool down."},
    {kCaution, "alcohol", "inhalant",
     "Alcohol with nitrous or poppers can make you faint or fall.",
     "Sit down before the nitrous or poppers."},
    {kCaution, "alcohol", "ssri",
     "Alcohol with an SSRI can leave you drowsier and less steady than usual.",
     "Go lower on both than you otherwise would."},
    {kCaution, "stimulant", "ghb",
     "A stimulant can hide how much GHB is in your system, and if it wears off first, the GHB "
     "can hit hard.",
     "Note the time of each GHB dose."},
    {kCaution, "stimulant", "dissociative",
     "Stimulants with ketamine raise blood pressure, and moving around at high amounts risks "
     "falls.",
     "Stay near somewhere safe to sit."},
    {kCaution, "stimulant", "empathogen",
     "Stimulants with MDMA strain the heart and raise body heat.", kCoolStep},
    {kCaution, "stimulant", "deliriant",
     "Stimulants with diphenhydramine strain the heart and can hide how strong the "
     "diphenhydramine is.",
     kCompanyStep},
    {kCaution, "benzodiazepine", "dissociative",
     "Benzos and ketamine together can cause sudden unconsciousness at higher amounts.",
     kRecoveryStep},
    {kCaution, "benzodiazepine", "dxm",
     "Benzos and DXM together can cause sudden unconsciousness at higher amounts.",
     kRecoveryStep},
    {kCaution, "ghb", "inhalant", "GHB with nitrous can cause sudden unconsciousness.",
     "Sit or lie down before the nitrous."},
    {kCaution, "ghb", "empathogen", "Large amounts of GHB can hit hard as MDMA wears off.",
     "Go lower on GHB as the MDMA wears off."},
    {kCaution, "maoi", "dissociative", "An MAOI can make ketamine stronger and less predictable.",
     kMaoiStep},
    // Caution: depressant stacks (SAFETY.md), for depressants without a more specific group.
    {kCaution, "depressant", "alcohol",
     "Two sedating drugs together add up and can slow breathing.", kRecoveryStep},
    {kCaution, "depressant", "opioid",
     "Two sedating drugs together add up and can slow breathing.", kNaloxoneStep},
    {kCaution, "depressant", "benzodiazepine",
     "Two sedating drugs together add up and can slow breathing.", kRecoveryStep},
    {kCaution, "depressant", "ghb",
     "Two sedating drugs together add up and can slow breathing.", kRecoveryStep},
    {kCaution, "depressant", "gabapentinoid",
     "Two sedating drugs together add up and can slow breathing.", kRecoveryStep},
};

bool same_groups(std::span<const std::string_view> a, std::span<const std::string_view> b) {
  if (a.size() != b.size()) return false;
  return std::all_of(a.begin(), a.end(), [&](std::string_view g) {
    return std::find(b.begin(), b.end(), g) != b.end();
  });
}

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::caution: return "caution";
    case Severity::unsafe: return "unsafe";
    case Severity::dangerous: return "dangerous";
  }
  return "caution";
}

std::span<const Interaction> interaction_table() { return kTable; }

std::optional<Interaction> find_interaction(std::span<const std::string_view> groups_a,
                                            std::span<const std::string_view> groups_b) {
  if (groups_a.empty() || groups_b.empty() || same_groups(groups_a, groups_b)) {
    return std::nullopt;
  }
  auto has = [](std::span<const std::string_view> groups, std::string_view g) {
    return std::find(groups.begin(), groups.end(), g) != groups.end();
  };
  std::optional<Interaction> best;
  for (const Interaction& row : kTable) {
    const bool hit = (has(groups_a, row.a) && has(groups_b, row.b)) ||
                     (has(groups_a, row.b) && has(groups_b, row.a));
    if (hit && (!best || row.severity > best->severity)) best = row;
  }
  return best;
}

}  // namespace ebb
