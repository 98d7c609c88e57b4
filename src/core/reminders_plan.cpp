// Plan and encouragement reminders: built on the review (review.cpp) so a reminder and
// `ebb review` never disagree about what the plan says.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"
#include "reminders_internal.hpp"

namespace ebb::reminders_detail {

namespace {

using std::chrono::hours;

struct RuleText {
  std::string_view rule;
  std::string_view text;      // {s} substance, {e} expected, {a} actual
  std::string_view discreet;  // names nothing
  std::string_view step = {};  // one practical step, when the rule has one
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
    {"day_off", "Today is a planned day off from {s}, and you logged {a}.",
     "Today is one of your planned days off, and you logged a use."},
    {"not_before", "You logged {s} at {a}, earlier than the {e} in your plan.",
     "A use today came earlier than the hours in your plan."},
    {"not_after", "You logged {s} at {a}, later than the {e} in your plan.",
     "A use today came later than the hours in your plan."},
    {"min_hours_between", "{a} between two uses of {s}; your plan says {e}.",
     "Two uses came closer together than your plan has."},
    {"route", "You logged {s} as {a}; your plan says {e}.",
     "A use today went a different way than your plan has."},
    {"not_alone", "You logged {s} alone; your plan says with someone.",
     "You logged a use alone; your plan says with someone.",
     "If you're on your own, ask someone to check in on you."},
    {"test_first", "Your plan says to test {s} first, and this one isn't marked as tested.",
     "Your plan says to test this first, and it isn't marked as tested.",
     "A test shows what's in it, not how much."},
    {"avoid_combination", "{s} within {a} of each other, a pair your plan keeps apart.",
     "Two things your plan keeps apart were logged close together."},
    {"spending_per_week", "Spending this week went past your plan ({a}, plan says {e}).",
     "Spending this week went past your plan."},
};

// Asked after a planned day off with a use, unless the entry already says what was going on.
constexpr std::string_view kInvite = "Want to note what was going on?";
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
constexpr std::string_view kUrgePlan = "Your plan for urges: {}";
constexpr std::string_view kRodeOut = "You rode out an urge at {}/10.";
constexpr std::string_view kRodeOutDown = "You rode out an urge at {}/10; it went down to {}/10.";
constexpr std::string_view kOther = "You met an urge at {}/10 another way: {}";
constexpr std::string_view kOtherDown =
    "You met an urge at {}/10 another way ({}), and it went down to {}/10.";
constexpr std::string_view kOtherPlain = "You met an urge at {}/10 another way.";
constexpr std::string_view kOtherPlainDown =
    "You met an urge at {}/10 another way, and it went down to {}/10.";
constexpr std::string_view kWeekAll = "Last week matched your plan on all 7 days.";
constexpr std::string_view kWeekBetter =
    "Last week matched your plan on {} of 7 days, up from {} the week before.";
constexpr std::string_view kBack = "Good to see you back after {}.";
constexpr std::string_view kReviewOnToday =
    "Today is the day you planned to look at your plan again.";
constexpr std::string_view kReviewOnPast = "You planned to look at your plan again on {}.";
constexpr std::string_view kReviewOnStep =
    "Whenever it suits you, ebb plan shows it and ebb plan edit changes it.";

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

// The entries a review of [first, last] reads: from the week before it on (ReviewInput asks
// for at least 7 days; 8 leave room for a day start after midnight). The three weeks or more
// a reminder loads come in time order from the store, so the two or three reviews it makes
// each read one or two weeks of them rather than all.
std::span<const Entry> entries_for(const Scope& s, LocalDay first) {
  std::span<const Entry> all = s.in.entries;
  auto by_time = [](const Entry& a, const Entry& b) { return a.at < b.at; };
  if (!std::is_sorted(all.begin(), all.end(), by_time)) return all;
  const Instant from = day_begin(first - date::days{8}, s.zone, s.in.days);
  auto lo = std::lower_bound(all.begin(), all.end(), from,
                             [](const Entry& e, Instant t) { return e.at < t; });
  return all.subspan(static_cast<size_t>(lo - all.begin()));
}

ReviewResult review(const Scope& s, LocalDay first, LocalDay last) {
  ReviewInput r;
  r.versions = s.in.versions;
  r.entries = entries_for(s, first);
  r.period = Period{first, last, ""};
  r.zone = s.zone;
  r.days = s.in.days;
  r.drinks = s.in.drinks;
  r.now = s.in.now;
  r.combination_window = hours{s.in.settings.combination_window_hours};
  r.first_entry_at = s.in.first_entry_at;
  return review_period(r);
}

bool concerns_just(const Scope& s, const EntryIds& ids) {
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

// True when one of the entries already says what was going on (a reason or a note).
bool explained(const Scope& s, const EntryIds& ids) {
  return std::any_of(s.entries.begin(), s.entries.end(), [&](const Entry* e) {
    return (!e->reason.empty() || !e->note.empty()) &&
           std::find(ids.begin(), ids.end(), e->id) != ids.end();
  });
}

// A finding's id names its day and its first entry; a pair of entries (rules about two uses)
// names all of them, so two pairs kept apart never share one id.
std::string finding_id(const Finding& f, LocalDay day) {
  bool pair = f.rule == "avoid_combination" || f.rule == "min_hours_between";
  std::string which = f.entry_ids.empty() ? f.substance
                      : pair              ? fmt::format("{}", fmt::join(f.entry_ids, ","))
                                          : std::string(f.entry_ids.front());
  return fmt::format("plan:{}:{}:{}", f.rule, format_day(day), which);
}

// `today` is the review of today alone, which plan_reminders has made already.
void approaching(const Scope& s, const ReviewResult& today, std::vector<Reminder>* out) {
  LocalDay week = week_begin(s.today, s.in.days);
  for (bool daily : {true, false}) {
    ReviewResult this_week;
    if (!daily) this_week = review(s, week, s.today);
    const ReviewResult& r = daily ? today : this_week;
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
      Reminder rem = make_reminder(id, "plan", "info", text);
      if (!s.in.discreet) rem.substance = sum.name;
      out->push_back(std::move(rem));
    }
  }
}

}  // namespace

void plan_reminders(const Scope& s, std::vector<Reminder>* out) {
  const PlanVersion* v = plan_at(s.in, s.in.now);
  if (!v) return;
  const Plan& plan = v->plan;
  // The person's reasons may go with these notes; compose_reminders() quotes them once.
  auto why_for = [&](std::string_view rule) {
    bool fits = rule == "goal" || rule == "max_per_day" || rule == "max_per_week" ||
                rule == "day_off";
    return fits && !s.in.discreet ? plan.why : std::string();
  };

  ReviewResult today = review(s, s.today, s.today);
  if (!today.days.empty())
    for (const auto& f : today.days.front().findings) {
      const RuleText* t = rule_text(f.rule);
      if (!t || !concerns_just(s, f.entry_ids)) continue;
      std::vector<std::string> steps;
      if (!t->step.empty()) steps.emplace_back(t->step);
      if (f.rule == "day_off" && !explained(s, f.entry_ids)) steps.emplace_back(kInvite);
      bool spending = f.rule == "spending_per_week";
      Reminder r = make_reminder(finding_id(f, s.today), spending ? "spending" : "plan", "info",
                                 s.in.discreet ? std::string(t->discreet) : fill(t->text, f),
                                 std::move(steps));
      r.why = why_for(f.rule);
      if (!s.in.discreet) r.substance = f.substance;
      r.entry_ids = f.entry_ids.strings();
      out->push_back(std::move(r));
    }
  // A use today that the plan's amount limits can't count is said, never passed over.
  if (!today.days.empty())
    for (const auto& u : today.days.front().uncounted) {
      if (!concerns_just(s, u.entry_ids)) continue;
      std::string text =
          s.in.discreet ? std::string(kUncountedDiscreet)
                        : fmt::format(fmt::runtime(kUncounted), u.substance, unit_plural(u.unit));
      Reminder r = make_reminder(fmt::format("uncounted:{}:{}", format_day(s.today), u.entry_ids.front()),
                        "plan", "info", text);
      if (!s.in.discreet) r.substance = u.substance;
      r.entry_ids = u.entry_ids.strings();
      out->push_back(std::move(r));
    }
  approaching(s, today, out);

  if (!s.just)
    for (const auto& p : plan.substances) {
      if (!day_off_on(p, s.today) || used_on(s, p, s.today)) continue;
      std::string id = fmt::format("day_off:{}:{}", format_day(s.today), p.name);
      Reminder r = make_reminder(id, "plan", "info",
                                 s.in.discreet ? std::string(kDayOffTodayDiscreet)
                                               : fmt::format(fmt::runtime(kDayOffToday), p.name));
      r.why = why_for("day_off");
      if (!s.in.discreet) r.substance = p.name;
      out->push_back(std::move(r));
    }

  // The day the person chose to look at their plan again, until they save it again.
  if (!s.just && plan.review_on && *plan.review_on <= s.today &&
      logical_day(v->saved_at, s.zone, s.in.days) < *plan.review_on)
    out->push_back(make_reminder(
        fmt::format("review_on:{}:{}", format_day(*plan.review_on), v->id), "plan", "info",
        *plan.review_on == s.today
            ? std::string(kReviewOnToday)
            : fmt::format(fmt::runtime(kReviewOnPast), format_day(*plan.review_on)),
        {std::string(kReviewOnStep)}));

  // After an urge with no outcome yet, the person's own plan for urges; once they rode it out
  // or met it another way, they coped, and their plan would be beside the point.
  if (s.just && s.just->kind == Kind::urge && s.just->outcome == Outcome::none &&
      !plan.when_urge.empty() && !s.in.discreet) {
    Reminder r =
        make_reminder("urge_plan:" + s.just->id, "plan", "info",
                      fmt::format(fmt::runtime(kUrgePlan), quoted_sentence(plan.when_urge)));
    r.entry_ids = {s.just->id};
    out->push_back(std::move(r));
  }
}

void encouragement_reminders(const Scope& s, std::vector<Reminder>* out) {
  // Urges not acted on: ridden out, or met another way (the person's words for it).
  for (const auto* u : s.focus(Kind::urge, s.in.now - hours{24})) {
    if (!u->intensity) continue;
    bool down = u->intensity_after && *u->intensity_after < *u->intensity;
    std::string text;
    if (u->outcome == Outcome::rode_out)
      text = down ? fmt::format(fmt::runtime(kRodeOutDown), *u->intensity, *u->intensity_after)
                  : fmt::format(fmt::runtime(kRodeOut), *u->intensity);
    else if (u->outcome == Outcome::other && !s.in.discreet && !u->outcome_note.empty())
      text = down ? fmt::format(fmt::runtime(kOtherDown), *u->intensity, quoted_words(u->outcome_note),
                                *u->intensity_after)
                  : fmt::format(fmt::runtime(kOther), *u->intensity,
                                quoted_sentence(u->outcome_note));
    else if (u->outcome == Outcome::other)
      text = down ? fmt::format(fmt::runtime(kOtherPlainDown), *u->intensity, *u->intensity_after)
                  : fmt::format(fmt::runtime(kOtherPlain), *u->intensity);
    else
      continue;
    Reminder r = make_reminder("urge:" + u->id, "encouragement", "good", text);
    r.entry_ids = {u->id};
    out->push_back(std::move(r));
  }

  // An entry after a quiet spell. With nothing earlier in the loaded window, the latest entry
  // before the window counts; a first entry ever is no gap.
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
    else if (s.in.last_entry_before && *s.in.last_entry_before < e->at)
      before = s.in.last_entry_before;
    if (!before || e->at - *before < gap_min) continue;
    auto gap = e->at - *before;
    Reminder r = make_reminder("back:" + e->id, "encouragement", "good",
                               fmt::format(fmt::runtime(kBack),
                                           count_text(std::chrono::floor<date::days>(gap).count(),
                                                      "day", "days")));
    r.entry_ids = {e->id};
    out->push_back(std::move(r));
    break;
  }
  if (s.just) return;

  LocalDay yesterday = s.today - date::days{1};
  if (const PlanVersion* v = plan_at(s.in, s.in.now - hours{24}))
    for (const auto& p : v->plan.substances) {
      if (!day_off_on(p, yesterday) || used_on(s, p, yesterday)) continue;
      Reminder r = make_reminder(
          fmt::format("day_off_kept:{}:{}", format_day(yesterday), p.name), "encouragement",
          "good",
          s.in.discreet ? std::string(kDayOffKeptDiscreet)
                        : fmt::format(fmt::runtime(kDayOffKept), p.name));
      if (!s.in.discreet) {
        r.substance = p.name;
        r.why = v->plan.why;
      }
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
  std::string text = within[1] == 7 ? std::string(kWeekAll)
                     : within[1] > within[0]
                         ? fmt::format(fmt::runtime(kWeekBetter), within[1], within[0])
                         : std::string();
  if (text.empty()) return;
  Reminder note = make_reminder(id, "encouragement", "good", text);
  if (const PlanVersion* v = plan_at(s.in, s.in.now); v && !s.in.discreet) note.why = v->plan.why;
  out->push_back(std::move(note));
}

std::vector<std::string> plan_phrases() {
  std::vector<std::string> out;
  for (const auto& r : kRules) {
    out.emplace_back(r.text);
    out.emplace_back(r.discreet);
    if (!r.step.empty()) out.emplace_back(r.step);
  }
  for (auto t : {kInvite,           kUncounted,          kUncountedDiscreet,
                 kApproachDay,      kApproachWeek,       kApproachDiscreet,
                 kDayOffToday,      kDayOffTodayDiscreet, kDayOffKept,
                 kDayOffKeptDiscreet, kUrgePlan,          kRodeOut,
                 kRodeOutDown,      kOther,              kOtherDown,
                 kOtherPlain,       kOtherPlainDown,     kWeekAll,
                 kWeekBetter,       kBack,               kReviewOnToday,
                 kReviewOnPast,     kReviewOnStep})
    out.emplace_back(t);
  return out;
}

}  // namespace ebb::reminders_detail
