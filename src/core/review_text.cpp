#include <algorithm>
#include <functional>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "ebb/util/json.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/spending.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

namespace {

// The same JSON as a std::vector<std::string> of the ids.
void write_ids(JsonWriter& w, const EntryIds& ids) {
  w.begin_array();
  for (std::string_view id : ids) w.value(id);
  w.end_array();
}

void write_urges(JsonWriter& w, const UrgeSummary& u) {
  w.begin_object();
  w.field("count", u.count).field("mean_intensity", u.mean_intensity);
  w.field("ridden_out", u.ridden_out).field("met_another_way", u.met_another_way);
  w.field("not_acted_on", u.not_acted_on);
  w.end_object();
}

std::string unit_plural_word(const std::string& unit) {
  std::string plural = unit_plural(unit);
  return plural.empty() ? std::string("its unit") : plural;
}

std::string number_text(double v) { return fmt::format("{}", std::round(v * 100) / 100); }

std::string summary_text(const SubstanceSummary& s, int days, const std::string& currency) {
  std::vector<std::string> parts;
  if (s.uses == 0) {
    parts.emplace_back("no use logged");
  } else {
    std::string used = fmt::format("used on {} of {} {}", s.use_days, days,
                                   days == 1 ? "day" : "days");
    // The plan's own figure, a week at a time: scaled to a short period it reads "about 0".
    if (s.planned_use_days_per_week)
      used += fmt::format(" (plan: up to {} {} a week)", *s.planned_use_days_per_week,
                          *s.planned_use_days_per_week == 1 ? "day" : "days");
    parts.push_back(used);
  }
  if (s.total > 0) {
    auto in_unit = [&](double v) {
      return s.unit.empty() ? number_text(v) : format_amount(std::round(v * 100) / 100, s.unit);
    };
    std::string amounts =
        fmt::format("{} in all, at most {} in a day", in_unit(s.total), in_unit(s.max_in_a_day));
    std::vector<std::string> limits;
    if (s.limit_per_day) limits.push_back(number_text(*s.limit_per_day) + " a day");
    if (s.limit_per_week) limits.push_back(number_text(*s.limit_per_week) + " a week");
    if (!limits.empty()) amounts += fmt::format(" (plan: up to {})", fmt::join(limits, ", "));
    parts.push_back(amounts);
  }
  if (s.uncounted_uses > 0 && !s.unit.empty())
    parts.push_back(fmt::format("{} {} not in the total (no amount in {})", s.uncounted_uses,
                                s.uncounted_uses == 1 ? "use" : "uses", unit_plural_word(s.unit)));
  if (s.days_off_planned > 0)
    parts.push_back(fmt::format("days off kept: {} of {}", s.days_off_kept, s.days_off_planned));
  if (s.urges.count > 0)
    parts.push_back(fmt::format("{} {}, {} not acted on", s.urges.count,
                                s.urges.count == 1 ? "urge" : "urges", s.urges.not_acted_on));
  if (s.spent > 0) parts.push_back("spent " + money_text(s.spent, currency));
  return fmt::format("{}{}: {}", s.name, s.is_class ? " (class)" : "", fmt::join(parts, "; "));
}

}  // namespace

std::string uncounted_text(const Uncounted& u) {
  size_t n = u.entry_ids.size();
  return fmt::format("{}: {} {} couldn't be counted in {} (no amount, or no strength or size to "
                     "convert it)",
                     u.substance, n, n == 1 ? "use" : "uses", unit_plural_word(u.unit));
}

std::string finding_text(const Finding& f) {
  const std::string& s = f.substance;
  const std::string& a = f.actual;
  const std::string& e = f.expected;
  if (f.rule == "goal")
    return e == "pause" ? fmt::format("{}: {} during your pause", s, a)
                        : fmt::format("{}: {}, your goal is to {}", s, a, e);
  if (f.rule == "max_per_day") return fmt::format("{}: {}, plan says up to {} a day", s, a, e);
  if (f.rule == "max_per_occasion")
    return fmt::format("{}: {} in one sitting, plan says up to {} at a time", s, a, e);
  if (f.rule == "max_per_week")
    return fmt::format("{}: {} this week so far, plan says up to {} a week", s, a, e);
  if (f.rule == "max_use_days_per_week")
    return fmt::format("{}: {} of use this week, plan says up to {}", s, a, e);
  if (f.rule == "max_per_7_days")
    return fmt::format("{}: {} in the last 7 days, plan says up to {} in any 7", s, a, e);
  if (f.rule == "max_use_days_per_7_days")
    return fmt::format("{}: {} of use in the last 7, plan says up to {}", s, a, e);
  if (f.rule == "day_off") return fmt::format("{}: {} on a planned day off", s, a);
  if (f.rule == "not_before") return fmt::format("{}: at {}, plan says not before {}", s, a, e);
  if (f.rule == "not_after") return fmt::format("{}: at {}, plan says not after {}", s, a, e);
  if (f.rule == "min_hours_between")
    return fmt::format("{}: {} between uses, plan says at least {}", s, a, e);
  if (f.rule == "route") return fmt::format("{}: {}, plan says {}", s, a, e);
  if (f.rule == "not_alone") return fmt::format("{}: used alone, plan says with someone", s);
  if (f.rule == "test_first") return fmt::format("{}: not marked as tested, plan says test first", s);
  if (f.rule == "avoid_combination")
    return fmt::format("{} within {}, plan keeps them {} apart", s, a, e);
  if (f.rule == "spending_per_week")
    return fmt::format("spent {} this week so far, plan says up to {}", a, e);
  return fmt::format("{}: {} ({}, plan says {})", s, f.rule, a, e);
}

std::string review_json(const ReviewResult& r, bool pretty) {
  std::string out;
  write_review_json(r, pretty, [&](std::string_view piece) { out += piece; });
  return out;
}

void write_review_json(const ReviewResult& r, bool pretty,
                       const std::function<void(std::string_view)>& out) {
  JsonWriter w(pretty);
  // Ten years of days and notes are megabytes: handed on a piece at a time.
  auto spill = [&] { w.hand_on_piece(out); };
  w.begin_object();
  w.key("period").begin_object();
  w.field("label", r.period.label).field("first", format_day(r.period.first));
  w.field("last", format_day(r.period.last));
  w.end_object();
  w.key("days").begin_array();
  for (const auto& d : r.days) {
    w.begin_object();
    w.field("date", format_day(d.date)).field("weekday", weekday_name(d.date));
    w.field("state", day_state_name(d.state)).field("logged", d.logged);
    w.field("noted_off", d.noted_off);
    w.field("has_plan", d.has_plan).field("plan_version", d.plan_version);
    w.field("within_plan", d.within_plan).field("uses", d.uses);
    w.key("findings").begin_array();
    for (const auto& f : d.findings) {
      w.begin_object();
      w.field("rule", f.rule).field("substance", f.substance);
      w.field("expected", f.expected).field("actual", f.actual);
      w.field("expected_value", f.expected_value).field("actual_value", f.actual_value);
      w.field("unit", f.unit).key("entry_ids");
      write_ids(w, f.entry_ids);
      w.field("explained", f.explained);
      w.end_object();
    }
    w.end_array();
    w.key("uncounted").begin_array();
    for (const auto& u : d.uncounted) {
      w.begin_object().field("substance", u.substance).field("unit", u.unit);
      w.key("entry_ids");
      write_ids(w, u.entry_ids);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    spill();
  }
  w.end_array();
  w.key("substances").begin_array();
  for (const auto& s : r.substances) {
    w.begin_object();
    w.field("name", s.name).field("is_class", s.is_class).field("uses", s.uses);
    w.field("use_days", s.use_days).field("planned_use_days", s.planned_use_days);
    w.field("unit", s.unit).field("total", s.total).field("max_in_a_day", s.max_in_a_day);
    w.field("uncounted_uses", s.uncounted_uses);
    w.field("limit_per_day", s.limit_per_day).field("limit_per_week", s.limit_per_week);
    w.field("days_off_planned", s.days_off_planned).field("days_off_kept", s.days_off_kept);
    w.key("urges");
    write_urges(w, s.urges);
    w.field("spent", s.spent);
    w.end_object();
  }
  w.end_array();
  w.key("urges");
  write_urges(w, r.urges);
  w.key("spending").begin_object();
  w.field("total", r.spending.total).field("max_per_week", r.spending.max_per_week);
  w.field("currency", r.spending.currency).field("weeks_over", r.spending.weeks_over);
  w.end_object();
  w.key("totals").begin_object();
  w.field("days", r.totals.days).field("days_within_plan", r.totals.days_within_plan);
  w.field("percent_days_within_plan", r.totals.percent_days_within_plan);
  w.field("weeks_meeting_plan", r.totals.weeks_meeting_plan);
  w.field("weeks_counted", r.totals.weeks_counted);
  w.field("period_days", r.totals.period_days).field("logged_days", r.totals.logged_days);
  w.field("untracked_days", r.totals.untracked_days);
  w.field("days_without_plan", r.totals.days_without_plan);
  w.field("uncounted_uses", r.totals.uncounted_uses).field("today_open", r.totals.today_open);
  w.key("log_starts");
  if (r.totals.log_starts) w.value(format_day(*r.totals.log_starts));
  else w.null();
  w.end_object();
  w.field("changes", r.changes);
  w.key("safety").begin_array();
  for (const auto& e : r.safety) {
    w.begin_object();
    w.field("id", e.id).field("kind", e.kind).field("severity", e.severity);
    w.field("date", format_day(e.day));
    w.field("summary", e.summary).field("text", e.text).field("substance", e.substance);
    w.field("entry_ids", e.entry_ids);
    w.end_object();
    spill();
  }
  w.end_array();
  w.key("in_your_words");
  write_words_json(w, r.words, spill);
  w.end_object();
  out(w.str());
}

std::vector<std::string> review_went_well(const ReviewResult& r) {
  std::vector<std::string> out;
  int planned = 0, within = 0;
  for (const auto& d : r.days)
    if (d.has_plan && counted(d.state)) ++planned, within += d.within_plan;
  if (within > 0)
    out.push_back(within == planned
                      ? (planned == 1 ? std::string("The day matched your plan.")
                                      : fmt::format("All {} days matched your plan.", planned))
                      : fmt::format("{} of the {} days matched your plan.", within, planned));
  for (const auto& s : r.substances) {
    if (s.days_off_kept == 0) continue;
    if (s.days_off_kept < s.days_off_planned)
      out.push_back(fmt::format("Days off from {}: {} of the {} you planned.", s.name,
                                s.days_off_kept, s.days_off_planned));
    else
      out.push_back(s.days_off_kept == 1
                        ? fmt::format("A day off from {}, as you planned.", s.name)
                        : fmt::format("{} days off from {}, as you planned.", s.days_off_kept,
                                      s.name));
  }
  const UrgeSummary& u = r.urges;
  auto urges = [](int n) { return fmt::format("{} {}", n, n == 1 ? "urge" : "urges"); };
  if (u.ridden_out > 0 && u.met_another_way > 0)
    out.push_back(fmt::format("You didn't act on {}: you rode out {} and met {} another way.",
                              urges(u.not_acted_on), u.ridden_out, u.met_another_way));
  else if (u.ridden_out > 0)
    out.push_back(fmt::format("You rode out {}.", urges(u.ridden_out)));
  else if (u.met_another_way > 0)
    out.push_back(fmt::format("You met {} another way.", urges(u.met_another_way)));
  return out;
}

namespace {

// Plan findings from the most to the least worth a look: safety rules first.
int finding_weight(const Finding& f) {
  static constexpr std::string_view kOrder[] = {
      "avoid_combination", "not_alone", "test_first", "goal", "max_per_occasion",
      "max_per_day", "max_per_week", "spending_per_week", "day_off", "max_use_days_per_week"};
  for (size_t i = 0; i < std::size(kOrder); ++i)
    if (kOrder[i] == f.rule) return static_cast<int>(i);
  return static_cast<int>(std::size(kOrder));
}

// The one finding most worth a look: a safety note before anything about the plan, the most
// severe first, then from the day with the most notes as severe (the risky night, not the
// drink the next noon that still falls in the window), then a mix, a use after a break, alone,
// untested; the latest among equals.
std::string closing_line(const ReviewResult& r) {
  const Reminder* worst = nullptr;
  std::map<std::pair<LocalDay, int>, int> on_day;  // notes per day and severity
  for (const auto& e : r.safety) ++on_day[{e.day, severity_rank(e.severity)}];
  auto key = [&](const Reminder& x) {
    static constexpr std::string_view kKinds[] = {"combination:", "tolerance:", "alone:",
                                                  "untested:"};
    int kind = 0;
    while (kind < 4 && x.id.rfind(kKinds[kind], 0) != 0) ++kind;
    int rank = severity_rank(x.severity);
    return std::tuple(rank, -on_day[{x.day, rank}], kind);
  };
  for (const auto& e : r.safety)
    if (!worst || key(e) < key(*worst) || (key(e) == key(*worst) && e.at >= worst->at))
      worst = &e;
  if (worst)
    return fmt::format("Worth a look: {} {}, {}. {}", weekday_name(worst->day),
                       format_day(worst->day), worst->summary, worst->text);

  const ReviewDay* day = nullptr;
  const Finding* most = nullptr;
  for (const auto& d : r.days)
    for (const auto& f : d.findings)
      if (!most || finding_weight(f) <= finding_weight(*most)) most = &f, day = &d;
  if (!most) return "";
  bool amount = most->rule.rfind("max_per_", 0) == 0 || most->rule == "spending_per_week";
  std::string what = amount ? fmt::format("{}, plan says {}", most->actual, most->expected)
                            : finding_text(*most);
  std::string when = day->date == r.today
                         ? "Today"
                         : fmt::format("On {} {}, things", weekday_name(day->date),
                                       format_day(day->date));
  return fmt::format("{} went past your plan ({}).{}", when, what,
                     most->explained ? "" : " If you want, note what was going on.");
}

}  // namespace

std::vector<std::string> review_lines(const ReviewResult& r, const Plan* current, bool utf8,
                                      const std::string& changing) {
  std::vector<std::string> out;
  if (r.days.empty()) {
    out.emplace_back("Nothing to review yet for this period.");
    return out;
  }
  std::string label = r.period.label.empty() ? "" : r.period.label + ", ";
  out.push_back(fmt::format("Review: {}{} to {}", label, format_day(r.period.first),
                            format_day(r.period.last)));
  // What went well and what changed for the better come first (VOICE.md).
  size_t opening = out.size();
  for (auto& line : review_went_well(r)) out.push_back(std::move(line));
  for (const auto& c : r.changes) out.push_back(c);
  if (out.size() > opening) out.emplace_back("");

  const std::string_view none_mark = utf8 ? "·" : "-";
  for (size_t k = 0; k < r.days.size(); ++k) {
    const ReviewDay& d = r.days[k];
    std::string head = fmt::format("{} {}", format_day(d.date), weekday_name(d.date));
    if (d.state == DayState::untracked) {
      // Days before the log starts are one line, not a column of blanks.
      size_t end = k;
      while (end + 1 < r.days.size() && r.days[end + 1].state == DayState::untracked) ++end;
      out.push_back(end == k ? fmt::format("{}  {}  before your log starts, not counted", head,
                                           none_mark)
                             : fmt::format("{} to {}: before your log starts, not counted",
                                           format_day(d.date), format_day(r.days[end].date)));
      k = end;
      continue;
    }
    if (d.state == DayState::open) {
      out.push_back(fmt::format("{}  {}  today, still going{}", head, none_mark,
                                d.has_plan ? ": within your plan so far" : ""));
      continue;
    }
    if (!d.has_plan) {
      out.push_back(fmt::format("{}  {}  no plan yet", head, none_mark));
    } else if (d.within_plan && d.uncounted.empty()) {
      out.push_back(fmt::format("{}  {}  within your plan{}", head, utf8 ? "✓" : "+",
                                d.uses > 0      ? ""
                                : d.noted_off   ? ", a day off you noted"
                                : d.logged      ? ", no use logged"
                                                : ", nothing logged"));
    } else if (d.within_plan) {
      out.push_back(fmt::format("{}  ?  within your plan as far as ebb can count", head));
    } else {
      // One finding a line; later ones line up under the first.
      for (size_t i = 0; i < d.findings.size(); ++i)
        out.push_back(i == 0 ? fmt::format("{}  {}  {}", head, utf8 ? "○" : "o",
                                           finding_text(d.findings[i]))
                             : fmt::format("{:19}{}", "", finding_text(d.findings[i])));
    }
    for (const auto& u : d.uncounted) out.push_back(fmt::format("{:19}{}", "", uncounted_text(u)));
  }
  if (!r.substances.empty()) out.emplace_back("");
  for (const auto& s : r.substances)
    out.push_back(summary_text(s, r.totals.period_days - r.totals.untracked_days,
                               r.spending.currency));
  if (r.spending.max_per_week || r.spending.total > 0) {
    std::string line = "Spending: " + money_text(r.spending.total, r.spending.currency) + " in all";
    if (r.spending.max_per_week)
      line += fmt::format(" (plan: up to {} a week)",
                          money_text(*r.spending.max_per_week, r.spending.currency));
    out.push_back(line);
  }

  const std::string& why = current && !current->why.empty() ? current->why : r.why;
  auto words = words_lines(r.words, why, 5, utf8);
  if (!changing.empty()) {
    if (words.empty()) words.emplace_back("In your words");
    words.insert(words.begin() + 1,
                 fmt::format("  A good thing about changing, as you wrote it: \"{}\"", changing));
  }
  if (!words.empty()) out.emplace_back("");
  for (auto& line : words) out.push_back(std::move(line));

  // Facts about the log itself, then the one thing most worth a look (VOICE.md).
  const ReviewTotals& t = r.totals;
  std::string coverage = t.untracked_days == t.period_days
                             ? std::string("Nothing logged yet; log whenever it's useful.")
                             : coverage_text(t.logged_days, t.period_days, t.log_starts);
  bool planned =
      std::any_of(r.days.begin(), r.days.end(), [](const ReviewDay& d) { return d.has_plan; });
  std::vector<std::string> facts;
  if (!coverage.empty())
    facts.push_back(planned && t.untracked_days != t.period_days
                        ? fmt::format("{} {}", coverage, kNothingLoggedIsNoUse)
                        : coverage);
  if (planned && t.uncounted_uses > 0)
    facts.push_back(fmt::format("{} couldn't be counted against an amount in your plan; `ebb edit "
                                "ID --amount` or --abv adds what's missing.",
                                t.uncounted_uses == 1 ? std::string("1 use")
                                                      : fmt::format("{} uses", t.uncounted_uses)));
  std::string closing = closing_line(r);
  if (!facts.empty() || !closing.empty() || !planned) out.emplace_back("");
  for (auto& line : facts) out.push_back(std::move(line));
  if (!closing.empty()) out.push_back(closing);
  if (!planned)
    out.emplace_back("There's no plan for these days yet. If you'd like one, `ebb plan edit` "
                     "starts it.");
  return out;
}

}  // namespace ebb
