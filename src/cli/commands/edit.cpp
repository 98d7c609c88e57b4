#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "ebb/cli/complete.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"

namespace ebb {

namespace {

// Fields `--clear` can empty, and which kinds have them.
struct Clearable {
  const char* name;
  bool use, urge, mood;
  void (*clear)(Entry&);
};

constexpr Clearable kClearable[] = {
    {"amount", true, false, false, [](Entry& e) { e.amount.reset(); e.unit.clear(); }},
    {"abv", true, false, false, [](Entry& e) { e.abv.reset(); }},
    {"route", true, false, false, [](Entry& e) { e.route.clear(); }},
    {"where", true, false, false, [](Entry& e) { e.place.clear(); }},
    {"with", true, false, false, [](Entry& e) { e.with_whom.clear(); e.alone.reset(); }},
    {"alone", true, false, false, [](Entry& e) { e.alone.reset(); }},
    {"cost", true, false, false, [](Entry& e) { e.cost.reset(); }},
    {"reason", true, false, false, [](Entry& e) { e.reason.clear(); }},
    {"tested", true, false, false, [](Entry& e) { e.tested.reset(); }},
    {"mood-before", true, false, false, [](Entry& e) { e.mood_before.reset(); }},
    {"felt", true, false, false, [](Entry& e) { e.felt.reset(); }},
    {"substance", false, true, false, [](Entry& e) { e.substance.clear(); e.substance_class.clear(); }},
    {"trigger", false, true, false, [](Entry& e) { e.trigger.clear(); }},
    {"feeling", false, true, false, [](Entry& e) { e.feeling.clear(); }},
    {"wanted", false, true, false, [](Entry& e) { e.wanted.clear(); }},
    {"outcome", false, true, false, [](Entry& e) { e.outcome = Outcome::none; e.outcome_note.clear(); }},
    {"minutes", false, true, false, [](Entry& e) { e.minutes.reset(); }},
    {"after", false, true, false, [](Entry& e) { e.intensity_after.reset(); }},
    {"feel", false, false, true, [](Entry& e) { e.feelings.clear(); }},
    {"energy", false, false, true, [](Entry& e) { e.energy.reset(); }},
    {"note", true, true, true, [](Entry& e) { e.note.clear(); }},
    {"tags", true, true, true, [](Entry& e) { e.tags.clear(); }},
};

// "a use", "an urge", "a mood".
std::string with_article(Kind k) {
  return fmt::format("{} {}", k == Kind::urge ? "an" : "a", kind_name(k));
}

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

bool applies(const Clearable& c, Kind k) {
  return (k == Kind::use && c.use) || (k == Kind::urge && c.urge) || (k == Kind::mood && c.mood);
}

// Flags that only make sense for one kind of entry.
struct KindFlag {
  const char* flag;
  Kind kind;
};
constexpr KindFlag kKindFlags[] = {
    {"--amount", Kind::use},      {"--unit", Kind::use},       {"--route", Kind::use},
    {"--where", Kind::use},       {"--with", Kind::use},       {"--alone", Kind::use},
    {"--cost", Kind::use},        {"--reason", Kind::use},     {"--tested", Kind::use},
    {"--untested", Kind::use},    {"--mood-before", Kind::use}, {"--abv", Kind::use},
    {"--felt", Kind::use},
    {"--intensity", Kind::urge},  {"--trigger", Kind::urge},   {"--feeling", Kind::urge},
    {"--wanted", Kind::urge},     {"--rode-out", Kind::urge},  {"--used", Kind::urge},
    {"--other", Kind::urge},      {"--minutes", Kind::urge},   {"--after", Kind::urge},
    {"--score", Kind::mood},      {"--feel", Kind::mood},      {"--energy", Kind::mood},
};

}  // namespace

std::vector<std::string> clearable_fields() {
  std::vector<std::string> names;
  for (const auto& c : kClearable) names.emplace_back(c.name);
  return names;
}

Runner setup_edit(CLI::App& sub) {
  struct Args {
    std::string id;
    std::vector<std::string> clear;
    EntryOptions o;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("id", a->id, "The entry's id, or the start or end of it (ebb log shows them)")
      ->required()
      ->type_name("ID");
  add_common_options(sub, a->o);
  add_use_options(sub, a->o);
  add_urge_options(sub, a->o);
  add_new_name_option(sub, a->o);
  add_insist_option(sub, a->o);
  add_mood_options(sub, a->o);
  // What the options of use and urge mean when changing an entry: nothing defaults to now,
  // and --substance is what a use was as well as what an urge was for.
  sub.get_option("--at")->description("When it happened: 21:00, yesterday 21:00, 2h ago, ...");
  sub.get_option("--substance")->description("What a use was, or what an urge was for");
  sub.add_option("--amount", a->o.amount, "New amount (a use): 2, 150mg, \"0.5 g\"")
      ->type_name("AMOUNT");
  sub.add_option("--unit", a->o.unit, "New unit (a use)")->type_name("UNIT");
  sub.add_option("--intensity", a->o.intensity, "New intensity, 0-10 (an urge)")->type_name("0-10");
  sub.add_option("--score", a->o.score, "New score, 1-10 (a mood)")->type_name("1-10");
  sub.add_option("--clear", a->clear, "Empty a field (repeatable): note, tags, route, ...")
      ->check(CLI::IsMember(clearable_fields()))
      ->type_name("FIELD")
      ->take_all();
  return [a, app = &sub](Env& env) {
    // Only the id, or only --new/--insist: there is nothing to change, and "Updated" would
    // say otherwise.
    auto given = app->get_options([](const CLI::Option* o) {
      return o->nonpositional() && o->count() > 0 && o->get_name() != "--new" &&
             o->get_name() != "--insist";
    });
    if (given.empty())
      throw Error(kExitUsage, "Give what to change, like --note TEXT, --at \"21:00\" or "
                              "--clear note ('ebb edit --help' lists them). Nothing was changed.");
    Entry e = find_entry(env, a->id, "Nothing was changed.");
    for (const auto& f : kKindFlags)
      if (a->o.given(f.flag) && f.kind != e.kind)
        throw Error(kExitUsage, fmt::format("{} is for {}s; this entry is {}. Nothing was "
                                            "changed.",
                                            f.flag, kind_name(f.kind), with_article(e.kind)));
    for (const auto& name : a->clear)
      for (const auto& c : kClearable)
        if (name == c.name) {
          if (!applies(c, e.kind))
            throw Error(kExitUsage, fmt::format("{} has no {} to clear. Nothing was changed.",
                                                capitalized(with_article(e.kind)), name));
          c.clear(e);
        }
    std::string hint;
    if (a->o.given("--substance")) hint = set_substance(e, a->o.substance, a->o.new_name);
    apply_options(a->o, e, env);
    if (a->o.given("--amount"))
      set_amount(e, a->o.amount, a->o.unit, env.config.drinks, a->o.insist);
    else if (a->o.given("--unit")) {
      if (!e.amount)
        throw Error(kExitUsage, "This entry has no amount; give --amount with the unit. "
                                "Nothing was changed.");
      set_amount(e, fmt::format("{}", *e.amount), a->o.unit, env.config.drinks, a->o.insist);
    }
    if (a->o.given("--intensity")) e.intensity = parse_scale(a->o.intensity, "Intensity", 0, 10);
    if (a->o.given("--score")) e.score = parse_scale(a->o.score, "A mood score", 1, 10);
    env.store().update(e, env.now);
    if (env.json) print_entry_json(env, e);
    else
      env.sink.out(fmt::format("Updated: {} at {}.\n", entry_summary(e),
                               format_when(e.at, env.now, env.zone, env.config.days)));
    if (!hint.empty()) env.sink.err(hint + "\n");
    return kExitOk;
  };
}

}  // namespace ebb
