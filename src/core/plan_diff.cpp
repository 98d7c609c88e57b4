#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "ebb/core/plan.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

std::string folded(std::string_view s) { return fold_name(s); }

// Items of `a` not in `b`, in `a`'s order.
std::vector<std::string> missing_from(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a)
    if (std::none_of(b.begin(), b.end(), [&](const auto& y) { return folded(x) == folded(y); }))
      out.push_back(x);
  return out;
}

void add_change(std::vector<PlanChange>* out, std::string_view part, std::string_view heading,
                const std::vector<std::string>& before, const std::vector<std::string>& after) {
  PlanChange c{std::string(part), std::string(heading), missing_from(after, before),
               missing_from(before, after)};
  if (!c.added.empty() || !c.dropped.empty()) out->push_back(std::move(c));
}

std::vector<std::string> alternative_items(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& a : p.alternatives)
    for (const auto& idea : a.ideas) out.push_back(a.meaning + ": " + idea);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!trim(line).empty()) out.push_back(line);
  return out;
}

std::vector<std::string> one(const std::string& s) {
  return trim(s).empty() ? std::vector<std::string>{} : std::vector<std::string>{s};
}

}  // namespace

std::vector<PlanChange> diff_plans(const Plan& before, const Plan& after) {
  std::vector<PlanChange> out;
  auto b = balance_sides(before.balance), a = balance_sides(after.balance);
  for (size_t i = 0; i < a.size(); ++i)
    add_change(&out, a[i].key, a[i].heading, *b[i].items, *a[i].items);
  add_change(&out, "alternatives", "Your ideas for instead", alternative_items(before),
             alternative_items(after));
  add_change(&out, "why", "Your reasons", one(before.why), one(after.why));
  add_change(&out, "when_urge", "When an urge comes", one(before.when_urge), one(after.when_urge));
  add_change(&out, "rules", "Rules", lines_of(describe_plan_rules(before)),
             lines_of(describe_plan_rules(after)));
  return out;
}

std::string balance_quote(const std::vector<std::string>& good_about_changing, LocalDay day) {
  if (good_about_changing.empty()) return "";
  auto n = static_cast<long long>(good_about_changing.size());
  long long k = ((day.time_since_epoch().count() % n) + n) % n;
  return one_line(good_about_changing[static_cast<size_t>(k)]);
}

std::vector<std::string> plan_change_lines(const std::vector<PlanChange>& changes) {
  std::vector<std::string> out;
  if (changes.empty()) out.emplace_back("  Nothing in the words or rules moved.");
  for (const auto& c : changes) {
    bool words = c.part != "rules";
    out.push_back(fmt::format("  {}:", c.heading));
    auto item = [&](std::string_view mark, const std::string& text) {
      std::string flat = one_line(text);
      return fmt::format("    {} {}", mark, words ? "\"" + flat + "\"" : flat);
    };
    for (const auto& d : c.dropped) out.push_back(item("-", d));
    for (const auto& x : c.added) out.push_back(item("+", x));
  }
  return out;
}

}  // namespace ebb
