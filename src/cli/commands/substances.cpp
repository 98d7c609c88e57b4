#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/core/interactions.hpp"
#include "ebb/util/json.hpp"
#include "ebb/util/table.hpp"

namespace ebb {

namespace {

struct UnknownName {
  int entries = 0;
  Instant last{};
};

// Names in the log that have no class: no combination, tolerance or plan note reaches them.
int list_unknown(Env& env) {
  std::map<std::string, UnknownName> names;
  EntryQuery q;
  q.newest_first = false;
  env.store().each(q, [&](const Entry& e) {
    if (e.substance.empty() || e.kind == Kind::mood) return;
    if (lookup_substance(e.substance).known) return;
    auto& n = names[e.substance];
    ++n.entries;
    n.last = std::max(n.last, e.at);
  });
  if (env.json) {
    JsonWriter w(true);
    w.begin_array();
    for (const auto& [name, n] : names) {
      w.begin_object().field("name", name).field("entries", n.entries);
      w.field("last", format_rfc3339(n.last, env.zone)).end_object();
    }
    w.end_array();
    env.sink.out(w.str() + "\n");
    return names.empty() ? kExitFalse : kExitOk;
  }
  if (names.empty()) {
    env.sink.err("Every name in your log is one ebb knows.\n");
    return kExitFalse;
  }
  Table t({"name", "entries", "last"});
  for (const auto& [name, n] : names)
    t.row({name, std::to_string(n.entries), format_day(logical_day(n.last, env.zone, env.config.days))});
  env.sink.out(t.render(env.sink.color));
  env.sink.out("ebb gives these no safety notes. If one is a substance ebb knows by another "
               "name, `ebb edit ID --substance NAME` changes it; a substance of your own goes in "
               "the config as [substances.NAME] with its class.\n");
  return kExitOk;
}

// What a medication is noted with: the other side of every interaction that names one of its
// groups, most severe first.
std::vector<std::pair<std::string_view, Severity>> noted_with(const std::string& medication) {
  std::vector<std::pair<std::string_view, Severity>> out;
  auto groups = interaction_groups(lookup_substance(medication));
  auto has = [&](std::string_view g) {
    return std::find(groups.begin(), groups.end(), g) != groups.end();
  };
  for (const auto& i : interaction_table()) {
    std::string_view other = has(i.a) ? i.b : has(i.b) ? i.a : std::string_view{};
    if (other.empty() || has(other)) continue;
    if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == other; }))
      out.emplace_back(other, i.severity);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

// [medications] from the config: what each is, the dose as written, and what ebb notes it with.
int list_medications(Env& env) {
  const auto& meds = env.config.medications;
  if (env.json) {
    JsonWriter w(true);
    w.begin_array();
    for (const auto& m : meds) {
      w.begin_object().field("name", m.name);
      w.field("class", lookup_substance(m.name).substance_class).field("dose", m.dose);
      w.key("noted_with").begin_array();
      for (const auto& [other, severity] : noted_with(m.name))
        w.begin_object().field("class", other).field("severity", severity_name(severity)).end_object();
      w.end_array().end_object();
    }
    w.end_array();
    env.sink.out(w.str() + "\n");
    return meds.empty() ? kExitFalse : kExitOk;
  }
  if (meds.empty()) {
    env.sink.err("No medications in your config. If you want ebb to count one in its "
                 "combination notes, add it under [medications], e.g. sertraline = \"50 mg "
                 "daily\".\n");
    return kExitFalse;
  }
  Table t({"name", "class", "dose", "noted with"});
  for (const auto& m : meds) {
    std::string with;
    for (const auto& [other, severity] : noted_with(m.name))
      with += fmt::format("{}{}", with.empty() ? "" : ", ", other);
    t.row({m.name, lookup_substance(m.name).substance_class, m.dose, with});
  }
  env.sink.out(t.render(env.sink.color));
  env.sink.out("ebb counts these as taken at every moment: a use of something they're risky "
               "with gets a note, in check and right after you log it. They're not uses, so they "
               "count toward no limit or use day.\n");
  return kExitOk;
}

}  // namespace

Runner setup_substances(CLI::App& sub) {
  auto unknown = std::make_shared<bool>(false);
  auto medications = std::make_shared<bool>(false);
  sub.add_flag("--unknown", *unknown,
               "List the names in your log that ebb doesn't know (they get no safety notes)");
  sub.add_flag("--medications", *medications,
               "List the standing medications in your config and what ebb notes them with");
  return [unknown, medications](Env& env) {
    if (*unknown) return list_unknown(env);
    if (*medications) return list_medications(env);
    if (env.json) {
      JsonWriter w(true);
      w.begin_array();
      for (const auto& s : catalog()) {
        w.begin_object();
        w.field("name", s.name).field("class", s.substance_class);
        w.key("groups").begin_array();
        for (const auto& g : s.groups) w.value(g);
        w.end_array();
        w.key("aliases").begin_array();
        for (const auto& al : s.aliases) w.value(al);
        w.end_array();
        w.field("usual_unit", s.usual_unit).field("own", s.own);
        w.end_object();
      }
      w.end_array();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    Table t({"name", "class", "usual unit", "also known as"});
    for (const auto& s : catalog()) {
      std::string aliases;
      for (size_t i = 0; i < s.aliases.size(); ++i)
        aliases += fmt::format("{}{}", i ? ", " : "", s.aliases[i]);
      t.row({s.name + (s.own ? " (yours)" : ""), s.substance_class, s.usual_unit, aliases});
    }
    env.sink.out(t.render(env.sink.color));
    env.sink.out("Any other name works too; ebb keeps it as you wrote it. A name close to one "
                 "of these is asked about first.\n");
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
