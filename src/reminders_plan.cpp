// Plan and encouragement reminders: built on the review (review.cpp) so a reminder and
// `ebb review` never disagree about what the plan says.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "ebb/catalog.hpp"
#include "ebb/review.hpp"
#include "ebb/trends.hpp"
#include "reminders_internal.hpp"

namespace ebb::reminders_detail {

namespace {

using std::chrono::hours;

struct RuleText {
  std::string_view rule;
  std::string_view text;      // {s} substance, {e} expected, {a} actual
  std::string_view discreet;  // names nothing
};

constexpr RuleText kRules[] = {
    {"goal", "Today you logged {a} of {s}; the goal in your plan for it is {e}.",
     "Today you logged something your plan has a pause or stop for."},
    {"max_per_day", "Today went past your plan for {s} ({a}, plan says {e}).",
     "Today went past one of the daily limits in your plan."},
    {"max_per_week", "This week went past your plan for {s} ({a} so far, plan says {e}).",
     "This week went past one of the weekly limits in your plan."},
    {"max_per_7_days", "The last 7 days went past your plan for {s} ({a}, plan says {e}).",
     "The last 7 days went past one of the limits in your plan."},
    {"max_use_days_per_7_days", "{s} on {a} of the last 7; your plan says {e}.",
     "The last 7 days have more use days than your plan has."},
    {"max_per_occasion", "One occasion went past your plan for {s} ({a}, plan says {e} at a time).",
     "One occasion went past a limit in your plan."},
    {"max_use_days_per_week", "{s} on {a} this week; your plan says {e}.",
     "This week has more use days than your plan has."},
    {"day_off", "Today is a planned day off from {s}, and you logged {a}. Want to note what was "
                "going on?",
     "Today is one of your planned days off, and you logged a use. Want to note what was going "
     "on?"},
    {"not_before", "You logged {s} at {a}, earlier than the {e} in your plan.",
     "A use today came earlier than the hours in your plan."},
    {"not_after", "You logged {s} at {a}, later than the {e} in your plan.",
     "A use today came later than the hours in your plan."},
    {"min_hours_between", "{a} between two uses of {s}; your plan says {e}.",
     "Two uses came closer together than your plan has."},
    {"route", "You logged {s} as {a}; your plan says {e}.",
     "A use today went a different way than your plan has."},
    {"not_alone", "You logged {s} alone; your plan says with someone. If you're on your own, "
                  "ask someone to check in on you.",
     "You logged a use alone; your plan says with someone. If you're on your own, ask someone "
     "to check in on you."},
    {"test_first", "Your plan says to test {s} first, and this one isn't marked as tested. A "
                   "test shows what's in it, not how much.",
     "Your plan says to test this first, and it isn't marked as tested. A test shows what's in "
     "it, not how much."},
    {"avoid_combination", "{s} within {a} of each other, a pair your plan keeps apart.",
     "Two things your plan keeps apart were logged close together."},
    {"spending_per_week", "Spending this week went past your plan ({a}, plan says {e}).",
     "Spending this week went past your plan."},
};

constexpr std::string_view kWhy = " In your words: {}.";
constexpr std::string_view kUncounted =
    "A use of {} today has no amount ebb can count in {}, so it isn't compared with your plan "
    "yet; an amount, or --abv for a drink, lets it count.";
constexpr std::string_view kUncountedDiscreet =
    "A use today has no amount ebb can count, so it isn't compared with your plan yet.";
constexpr std::string_view kApproachDay = "So far today: {} ({}); your plan has {} for the day.";
constexpr std::string_view kApproachWeek = "So far this week: {} ({}); your plan has {} for the week.";
constexpr std::string_view kApproachDiscreet =
    "You're close to one of the limits in your plan for the {}.";
constexpr std::string_view kDayOffToday = "Today is one of your planned days off from {}.";
constexpr std::string_view kDayOffTodayDiscreet = "Today is one of your planned days off.";
constexpr std::string_view kDayOffKept = "Yesterday was a day off from {}, as you planned.";
constexpr std::string_view kDayOffKeptDiscreet = "Yesterday was a day off, as you planned.";
constexpr std::string_view kUrgePlan = "Your plan for urges: {}.";
constexpr std::string_view kRodeOut = "You rode out an urge at {}/10.";
constexpr std::string_view kRodeOutDown = "You rode out an urge at {}/10; it went down to {}/10.";
constexpr std::string_view kWeekAll = "Last week matched your plan on all 7 days.";
constexpr std::string_view kWeekBetter =
    "Last week matched your plan on {} of 7 days, up from {} the week before.";
constexpr std::string_view kBack =
    "Your first entry in {}. Writing it down honestly is part of the work.";

const RuleText* rule_text(std::string_view rule) {
  for (const auto& r : kRules)
    if (r.rule == rule) return &r;
  return nullptr;
}

std::string fill(std::string_view t, const Finding& f) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 2 < t.size() && t[i + 2] == '}') {
      char c = t[i + 1];
      out += c == 's' ? f.substance : c == 'e' ? f.expected : f.actual;
      i += 2;
    } else {
      out += t[i];
    }
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

const PlanVersion* plan_at(const ReminderInput& in, Instant t) {
  const PlanVersion* best = nullptr;
  for (const auto& v : in.versions)
    if (v.saved_at <= t && (!best || v.saved_at >= best->saved_at)) best = &v;
  return best;
}

ReviewResult review(const Scope& s, LocalDay first, LocalDay last) {
  ReviewInput r;
  r.versions = s.in.versions;
  r.entries = s.in.entries;
  r.period = Period{first, last, ""};
  r.zone = s.zone;
  r.days = s.in.days;
  r.drinks = s.in.drinks;
  r.now = s.in.now;
  r.combination_window = hours{s.in.settings.combination_window_hours};
  r.first_entry_at = s.in.first_entry_at;
  return review_period(r);
}

bool concerns_just(const Scope& s, const std::vector<std::string>& ids) {
  return !s.just || std::find(ids.begin(), ids.end(), s.just->id) != ids.end();
}

bool used_on(const Scope& s, const SubstancePlan& p, LocalDay d) {
  return std::any_of(s.uses.begin(), s.uses.end(), [&](const Entry* u) {
    bool match = p.is_class ? u->substance_class == p.name : u->substance == p.name;
    return match && logical_day(u->at, s.zone, s.in.days) == d;
  });
}

bool day_off_on(const SubstancePlan& p, LocalDay d) {
  return p.days_off && std::find(p.days_off->begin(), p.days_off->end(), date::weekday{d}) !=
                           p.days_off->end();
}

Reminder make(std::string id, std::string kind, std::string severity, std::string text) {
  Reminder r;
  r.id = std::move(id);
  r.kind = std::move(kind);
  r.severity = std::move(severity);
  r.text = std::move(text);
  return r;
}

void approaching(const Scope& s, const Plan& plan, std::vector<Reminder>* out) {
  LocalDay week = week_begin(s.today, s.in.days);
  for (bool daily : {true, false}) {
    ReviewResult r = review(s, daily ? s.today : week, s.today);
    for (const auto& sum : r.substances) {
      if (sum.is_class || sum.total <= 0) continue;
      if (s.just && s.just->substance != sum.name) continue;
      auto limit = daily ? sum.limit_per_day : sum.limit_per_week;
      if (!limit || *limit <= 0 || sum.total < 0.75 * *limit || sum.total > *limit + 1e-9)
        continue;
      std::string id = fmt::format("approaching:{}:{}:{}", daily ? "day" : "week",
                                   format_day(daily ? s.today : week), sum.name);
      std::string text =
          s.in.discreet
              ? fmt::format(fmt::runtime(kApproachDiscreet), daily ? "day" : "week")
              : fmt::format(fmt::runtime(daily ? kApproachDay : kApproachWeek),
                            format_amount(sum.total, sum.unit), sum.name,
                            format_amount(*limit, sum.unit));
      Reminder rem = make(id, "plan", "info", text);
      if (!s.in.discreet) rem.substance = sum.name;
      out->push_back(std::move(rem));
    }
  }
  (void)plan;
}

}  // namespace

void plan_reminders(const Scope& s, std::vector<Reminder>* out) {
  const PlanVersion* v = plan_at(s.in, s.in.now);
  if (!v) return;
  const Plan& plan = v->plan;
  bool why_used = false;
  auto with_why = [&](std::string text, std::string_view rule) {
    bool fits = rule == "goal" || rule == "max_per_day" || rule == "max_per_week" ||
                rule == "day_off";
    if (fits && !why_used && !s.in.discreet && !plan.why.empty()) {
      text += fmt::format(fmt::runtime(kWhy), quoted(plan.why));
      why_used = true;
    }
    return text;
  };

  ReviewResult today = review(s, s.today, s.today);
  if (!today.days.empty())
    for (const auto& f : today.days.front().findings) {
      const RuleText* t = rule_text(f.rule);
      if (!t || !concerns_just(s, f.entry_ids)) continue;
      std::string id = fmt::format("plan:{}:{}:{}", f.rule, format_day(s.today),
                                   f.entry_ids.empty() ? f.substance : f.entry_ids.front());
      Reminder r = make(id, "plan", "info",
                        with_why(s.in.discreet ? std::string(t->discreet) : fill(t->text, f),
                                 f.rule));
      if (!s.in.discreet) r.substance = f.substance;
      r.entry_ids = f.entry_ids;
      out->push_back(std::move(r));
    }
  // A use today that the plan's amount limits can't count is said, never passed over.
  if (!today.days.empty())
    for (const auto& u : today.days.front().uncounted) {
      if (!concerns_just(s, u.entry_ids)) continue;
      std::string text =
          s.in.discreet ? std::string(kUncountedDiscreet)
                        : fmt::format(fmt::runtime(kUncounted), u.substance, unit_plural(u.unit));
      Reminder r = make(fmt::format("uncounted:{}:{}", format_day(s.today), u.entry_ids.front()),
                        "plan", "info", text);
      if (!s.in.discreet) r.substance = u.substance;
      r.entry_ids = u.entry_ids;
      out->push_back(std::move(r));
    }
  approaching(s, plan, out);

  if (!s.just)
    for (const auto& p : plan.substances) {
      if (!day_off_on(p, s.today) || used_on(s, p, s.today)) continue;
      std::string id = fmt::format("day_off:{}:{}", format_day(s.today), p.name);
      std::string text = s.in.discreet ? std::string(kDayOffTodayDiscreet)
                                       : with_why(fmt::format(fmt::runtime(kDayOffToday), p.name),
                                                  "day_off");
      Reminder r = make(id, "plan", "info", text);
      if (!s.in.discreet) r.substance = p.name;
      out->push_back(std::move(r));
    }

  // After an urge that was not ridden out (yet), the person's own plan for urges.
  if (s.just && s.just->kind == Kind::urge && s.just->outcome != Outcome::rode_out &&
      !plan.when_urge.empty() && !s.in.discreet) {
    Reminder r = make("urge_plan:" + s.just->id, "plan", "info",
                      fmt::format(fmt::runtime(kUrgePlan), quoted(plan.when_urge)));
    r.entry_ids = {s.just->id};
    out->push_back(std::move(r));
  }
}

void encouragement_reminders(const Scope& s, std::vector<Reminder>* out) {
  for (const auto* u : s.focus(Kind::urge, s.in.now - hours{24})) {
    if (u->outcome != Outcome::rode_out || !u->intensity) continue;
    std::string text =
        u->intensity_after && *u->intensity_after < *u->intensity
            ? fmt::format(fmt::runtime(kRodeOutDown), *u->intensity, *u->intensity_after)
            : fmt::format(fmt::runtime(kRodeOut), *u->intensity);
    Reminder r = make("urge:" + u->id, "encouragement", "good", text);
    r.entry_ids = {u->id};
    out->push_back(std::move(r));
  }

  // An entry after a quiet spell. With nothing earlier in the loaded window, the latest use
  // before it counts; a first entry ever is no gap.
  auto gap_min = date::days{s.in.settings.quiet_days};
  std::vector<const Entry*> recent;
  if (s.just) recent.push_back(s.just);
  else
    for (const auto* e : s.entries)
      if (e->at >= s.in.now - hours{24} && e->at <= s.in.now) recent.push_back(e);
  for (const auto* e : recent) {
    const Entry* prev = nullptr;
    for (const auto* p : s.entries)
      if (p != e && p->at <= e->at) prev = p;
    std::optional<Instant> before;
    if (prev) before = prev->at;
    else
      for (const auto& [name, at] : s.in.earlier_uses)
        if (at < e->at && (!before || at > *before)) before = at;
    if (!before || e->at - *before < gap_min) continue;
    auto gap = e->at - *before;
    Reminder r = make("back:" + e->id, "encouragement", "good",
                      fmt::format(fmt::runtime(kBack),
                                  count_text(std::chrono::floor<date::days>(gap).count(), "day",
                                             "days")));
    r.entry_ids = {e->id};
    out->push_back(std::move(r));
    break;
  }
  if (s.just) return;

  LocalDay yesterday = s.today - date::days{1};
  if (const PlanVersion* v = plan_at(s.in, s.in.now - hours{24}))
    for (const auto& p : v->plan.substances) {
      if (!day_off_on(p, yesterday) || used_on(s, p, yesterday)) continue;
      Reminder r = make(fmt::format("day_off_kept:{}:{}", format_day(yesterday), p.name),
                        "encouragement", "good",
                        s.in.discreet ? std::string(kDayOffKeptDiscreet)
                                      : fmt::format(fmt::runtime(kDayOffKept), p.name));
      if (!s.in.discreet) r.substance = p.name;
      out->push_back(std::move(r));
    }

  // Weekly notes only in the first two days of a week, so they don't come back all week.
  LocalDay week = week_begin(s.today, s.in.days);
  if (s.today - week >= date::days{2}) return;
  ReviewResult r = review(s, week - date::days{14}, week - date::days{1});
  if (r.days.size() != 14) return;
  int within[2] = {0, 0};
  for (size_t i = 0; i < 14; ++i) {
    // Days without a plan, or not counted (before the log started), say nothing about it.
    if (!r.days[i].has_plan || !counted(r.days[i].state)) return;
    within[i / 7] += r.days[i].within_plan;
  }
  std::string id = "week:" + format_day(week - date::days{7});
  if (within[1] == 7)
    out->push_back(make(id, "encouragement", "good", std::string(kWeekAll)));
  else if (within[1] > within[0])
    out->push_back(make(id, "encouragement", "good",
                        fmt::format(fmt::runtime(kWeekBetter), within[1], within[0])));
}

std::vector<std::string> plan_phrases() {
  std::vector<std::string> out;
  for (const auto& r : kRules) {
    out.emplace_back(r.text);
    out.emplace_back(r.discreet);
  }
  for (auto t : {kWhy, kUncounted, kUncountedDiscreet, kApproachDay, kApproachWeek, kApproachDiscreet, kDayOffToday,
                 kDayOffTodayDiscreet, kDayOffKept, kDayOffKeptDiscreet, kUrgePlan, kRodeOut,
                 kRodeOutDown, kWeekAll, kWeekBetter, kBack})
    out.emplace_back(t);
  return out;
}

}  // namespace ebb::reminders_detail
