// Words, tables and JSON for the figures of reflect.cpp.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ebb/util/chart.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/reflect.hpp"
#include "ebb/util/table.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

void small_mean_json(JsonWriter& w, std::string_view key, const SmallMean& m) {
  w.key(key).begin_object().field("n", m.n).field("mean", m.mean).end_object();
}

std::string key_phrase(SettingKey k) {
  switch (k) {
    case SettingKey::with: return "who you were with";
    case SettingKey::where: return "where you were";
    case SettingKey::alone: return "alone or with others";
    case SettingKey::tested: return "tested or not";
    case SettingKey::reason: return "what it was for";
    case SettingKey::hour: return "when the day's first use started";
  }
  return "";
}

std::string value_label(SettingKey k, const std::string& v) {
  if (k == SettingKey::with && v != "alone" && v != "not said") return "with " + v;
  if (k == SettingKey::where && v != "not said") return "at " + v;
  return v;
}

std::string day_range(LocalDay first, LocalDay last) {
  return first == last ? format_day(first)
                       : fmt::format("{} to {}", format_day(first), format_day(last));
}

}  // namespace

// ---- After a use ----------------------------------------------------------------------------

std::vector<std::string> after_use_lines(const AfterUse& a) {
  std::vector<std::string> out;
  if (a.with_before == 0 && a.with_after == 0 && a.day_after_use.n == 0) return out;
  if (a.pairs >= kMinPairs && a.before && a.after) {
    out.push_back(fmt::format(
        "Mood before a use {}, after {}, over {} with a mood on both "
        "sides.",
        short_number(*a.before), short_number(*a.after), count_text(a.pairs, "use", "uses")));
    out.push_back(fmt::format(
        "After was higher {}, the same {}, lower {}.", count_text(a.higher, "time", "times"),
        count_text(a.same, "time", "times"), count_text(a.lower, "time", "times")));
  } else if (a.with_before > 0 || a.with_after > 0) {
    out.push_back(fmt::format(
        "{} of {} {} a mood before and after; a mean needs {}. "
        "--felt N on a use, or a mood within 3 hours, adds one.",
        a.pairs, count_text(a.uses, "use", "uses"), a.pairs == 1 ? "has" : "have", kMinPairs));
  }
  const SmallMean& u = a.day_after_use;
  const SmallMean& o = a.day_after_off;
  if (u.mean && o.mean)
    out.push_back(fmt::format("Mood the day after a use day {} ({}); after a day off {} ({}).",
                              short_number(*u.mean), count_text(u.n, "mood", "moods"),
                              short_number(*o.mean), count_text(o.n, "mood", "moods")));
  else if (u.n > 0 || o.n > 0)
    out.push_back(fmt::format("Moods logged the day after a use day: {}; after a day off: {}. "
                              "A mean needs {} of each.",
                              u.n, o.n, kMinPairs));
  return out;
}

void write_after_use_json(JsonWriter& w, const AfterUse& a) {
  w.begin_object()
      .field("uses", a.uses)
      .field("with_mood_before", a.with_before)
      .field("with_mood_after", a.with_after)
      .field("pairs", a.pairs)
      .field("min_pairs", kMinPairs)
      .field("mean_before", a.before)
      .field("mean_after", a.after)
      .field("higher", a.higher)
      .field("same", a.same)
      .field("lower", a.lower);
  small_mean_json(w, "day_after_use_day", a.day_after_use);
  small_mean_json(w, "day_after_day_off", a.day_after_off);
  w.end_object();
}

// ---- Set and setting ------------------------------------------------------------------------

std::string render_setting(const SettingResult& r, bool color) {
  std::string out = fmt::format("By {} (days you used; a day counts whole under each value "
                                "it had)\n",
                                key_phrase(r.key));
  if (r.substances.empty()) return out + "No uses in this period.\n";
  for (const SettingSubstance& s : r.substances) {
    std::string unit = unit_plural(s.unit);
    out += fmt::format("\n{}{}\n", s.substance, unit.empty() ? "" : ", " + unit);
    bool heavy = false, plan = false;
    for (const auto& v : s.values) {
      heavy = heavy || v.heavy_days.has_value();
      plan = plan || v.plan_days > 0;
    }
    std::vector<std::string> header = {"", "use days", "per use day"};
    if (heavy)
      header.push_back(s.heavy_threshold ? fmt::format("days with {} or more",
                                                       amount_text(*s.heavy_threshold, s.unit))
                                         : std::string("heavy days"));
    if (plan) header.push_back("within plan");
    Table t(header);
    std::vector<std::string> summary;
    for (const auto& v : s.values) {
      std::vector<std::string> row = {value_label(r.key, v.value), std::to_string(v.use_days),
                                      short_number_or_dash(v.amount_per_use_day)};
      if (heavy) row.push_back(v.heavy_days ? std::to_string(*v.heavy_days) : "-");
      if (plan)
        row.push_back(v.plan_days ? fmt::format("{} of {}", v.within_plan, v.plan_days) : "-");
      t.row(std::move(row));
      if (v.amount_per_use_day && v.value != "not said")
        summary.push_back(fmt::format("{}: {}", value_label(r.key, v.value),
                                      amount_text(*v.amount_per_use_day, s.unit)));
    }
    out += t.render(color);
    if (summary.size() > 1)
      out += fmt::format("Per use day: {}.\n", fmt::join(summary, "; "));
    if (s.shared_days > 0)
      out += fmt::format("{} had more than one.\n", count_text(s.shared_days, "day", "days"));
  }
  return out;
}

void write_setting_json(JsonWriter& w, const SettingResult& r) {
  w.begin_object().field("by", setting_key_name(r.key)).key("substances").begin_array();
  for (const SettingSubstance& s : r.substances) {
    w.begin_object().field("substance", s.substance).field("unit", s.unit);
    w.field("shared_days", s.shared_days).key("values").begin_array();
    for (const auto& v : s.values)
      w.begin_object()
          .field("value", v.value)
          .field("use_days", v.use_days)
          .field("days_with_amount", v.days_with_amount)
          .field("amount_per_use_day", round2(v.amount_per_use_day))
          .field("heavy_days", v.heavy_days)
          .field("plan_days", v.plan_days)
          .field("within_plan", v.within_plan)
          .end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

// ---- Plan experiments -----------------------------------------------------------------------

std::string render_plan_stretches(std::span<const PlanStretch> stretches, bool color) {
  std::string out = "By plan version (the same measures as trends, over the days each was in "
                    "force)\n";
  if (stretches.empty())
    return out + "No plan was in force in this period. ebb plan edit writes one when you "
                 "want to.\n";
  Table days({"version", "days", "days off", "within plan"});
  for (const PlanStretch& s : stretches)
    days.row({fmt::format("v{}", s.version), day_range(s.first, s.last),
              fmt::format("{} of {}", s.figures.days_off, s.figures.counted_days),
              s.plan_days ? fmt::format("{} of {}", s.within_plan, s.plan_days) : "-"});
  out += "\n" + days.render(color);

  // Every substance any stretch saw, in order of first appearance.
  std::vector<std::string> names;
  for (const PlanStretch& s : stretches)
    for (const SubstanceFigures& f : s.figures.substances)
      if (std::find(names.begin(), names.end(), f.substance) == names.end())
        names.push_back(f.substance);
  auto find = [](const PlanStretch& s, const std::string& name) -> const SubstanceFigures* {
    for (const SubstanceFigures& f : s.figures.substances)
      if (f.substance == name) return &f;
    return nullptr;
  };
  // Per version after the first: what changed in amount per use day, as shown.
  std::vector<std::vector<std::string>> moved(stretches.size());
  for (const std::string& name : names) {
    std::string unit;
    for (const PlanStretch& s : stretches)
      if (const auto* f = find(s, name); f && unit.empty()) unit = f->unit;
    out += fmt::format("\n{}{}\n", name, unit.empty() ? "" : ", " + unit_plural(unit));
    Table t({"version", "use days", "per use day", "most in a day", "heavy days"});
    for (const PlanStretch& s : stretches) {
      const SubstanceFigures* f = find(s, name);
      if (!f) {
        t.row({fmt::format("v{}", s.version), "0", "-", "-", "-"});
        continue;
      }
      t.row({fmt::format("v{}", s.version), fmt::format("{} of {}", f->use_days, f->counted_days),
             short_number_or_dash(f->amount_per_use_day), short_number_or_dash(f->max_in_a_day),
             f->heavy_days ? std::to_string(*f->heavy_days) : "-"});
    }
    out += t.render(color);
    for (size_t i = 1; i < stretches.size(); ++i) {
      const SubstanceFigures* a = find(stretches[i - 1], name);
      const SubstanceFigures* b = find(stretches[i], name);
      if (!a || !b || !a->amount_per_use_day || !b->amount_per_use_day) continue;
      std::string from = short_number(*a->amount_per_use_day);
      std::string to = short_number(*b->amount_per_use_day);
      if (from == to) continue;  // no change at the precision shown
      moved[i].push_back(fmt::format("{} {} -> {} per use day", name, from,
                                     amount_text(*b->amount_per_use_day, unit)));
    }
  }
  bool any = false;
  for (size_t i = 1; i < stretches.size(); ++i) {
    if (moved[i].empty()) continue;
    if (!any) out += "\nFrom one version to the next:\n";
    any = true;
    std::string rules = stretches[i].rules;
    if (auto nl = rules.find('\n'); nl != std::string::npos) rules.resize(nl);
    out += fmt::format("  v{}{}: {}\n", stretches[i].version,
                       rules.empty() ? "" : " (" + rules + ")", fmt::join(moved[i], "; "));
  }
  return out;
}

void write_plan_stretches_json(JsonWriter& w, std::span<const PlanStretch> stretches) {
  w.begin_array();
  for (const PlanStretch& s : stretches) {
    w.begin_object()
        .field("version", static_cast<int64_t>(s.version))
        .field("rules", s.rules)
        .field("first", format_day(s.first))
        .field("last", format_day(s.last))
        .field("counted_days", s.figures.counted_days)
        .field("days_off", s.figures.days_off)
        .field("plan_days", s.plan_days)
        .field("within_plan", s.within_plan);
    w.key("substances").begin_array();
    for (const SubstanceFigures& f : s.figures.substances) {
      w.begin_object()
          .field("substance", f.substance)
          .field("unit", f.unit)
          .field("use_days", f.use_days)
          .field("counted_days", f.counted_days)
          .field("amount_per_use_day", round2(f.amount_per_use_day))
          .field("max_in_a_day", round2(f.max_in_a_day))
          .field("heavy_days", f.heavy_days)
          .end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
}

}  // namespace ebb
