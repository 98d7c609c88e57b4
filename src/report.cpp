#include "ebb/report.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

#include "ebb/chart.hpp"
#include "ebb/json.hpp"

namespace ebb {

namespace {

// A table cell holds one line and no '|'.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

// Markdown would read '*', '_', '<' and friends in the person's words as markup.
std::string md_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>#|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string quoted_block(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    out += "> " + md_text(text.substr(start, nl == std::string_view::npos ? nl : nl - start)) + "\n";
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string opt(const std::optional<double>& v) { return v ? short_number(*v) : "-"; }

}  // namespace

std::vector<std::string> day_how(const ReviewDay& d) {
  std::vector<std::string> out;
  if (d.state == DayState::untracked) return {"before your log starts, not counted"};
  if (d.state == DayState::open) return {"today, still going"};
  if (!d.has_plan) out.emplace_back(d.uses ? "no plan yet" : "no plan yet, no use logged");
  else if (d.within_plan)
    out.emplace_back(d.uses       ? d.uncounted.empty() ? "within your plan"
                                                        : "within your plan as far as ebb can count"
                     : d.noted_off ? "within your plan, a day off you noted"
                     : d.logged    ? "within your plan, no use logged"
                                : "within your plan, nothing logged");
  for (const auto& f : d.findings) out.push_back(finding_text(f));
  for (const auto& u : d.uncounted) out.push_back(uncounted_text(u));
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string report_day(LocalDay d) {
  static constexpr std::array<std::string_view, 7> names = {"sun", "mon", "tue", "wed",
                                                            "thu", "fri", "sat"};
  return fmt::format("{} {}", format_day(d), names[date::weekday{d}.c_encoding()]);
}

std::string days_off_text(const PeriodFigures& p) {
  if (p.counted_days == 0) return "\u2013";
  return fmt::format("{} of {}", p.days_off, p.counted_days);
}

std::string days_within_text(const ReviewTotals& t) {
  if (t.days == 0) return "no days";
  return fmt::format("{} of {} days ({}%)", t.days_within_plan, t.days,
                     std::lround(t.percent_days_within_plan.value_or(0)));
}

std::string report_json(const ReportInput& in) {
  JsonWriter w(true);
  w.begin_object();
  w.field("made_at", in.made_at);
  w.key("plan");
  if (in.plan) {
    w.begin_object().field("why", in.plan->why).field("when_urge", in.plan->when_urge);
    w.field("text", describe_plan(*in.plan)).end_object();
  } else {
    w.null();
  }
  w.key("review").raw(review_json(*in.review, false));
  w.key("trends").raw(trends_json(*in.trends, false));
  w.end_object();
  return w.str() + "\n";
}

std::string report_markdown(const ReportInput& in) {
  const ReviewResult& r = *in.review;
  const TrendsResult& t = *in.trends;
  std::string out;
  std::string label = r.period.label.empty() ? "" : md_text(r.period.label) + ", ";
  out += fmt::format("# Your ebb report: {}{} to {}\n\n", label, format_day(r.period.first),
                     format_day(r.period.last));
  out += fmt::format("Made {} from your own log. It stays private unless you share it.\n\n",
                     in.made_at);

  out += "## Your plan\n\n";
  if (in.plan) {
    if (!in.plan->why.empty()) out += "Your reasons:\n\n" + quoted_block(in.plan->why) + "\n";
    if (!in.plan->when_urge.empty())
      out += "When an urge comes:\n\n" + quoted_block(in.plan->when_urge) + "\n";
    out += "```\n" + describe_plan(*in.plan);
    if (out.back() != '\n') out += '\n';
    out += "```\n\n";
  } else {
    out += "You haven't written a plan yet, so the days aren't compared with one.\n\n";
  }

  out += "## How the days went\n\n";
  out += fmt::format("Within your plan: {}.\n\n", days_within_text(r.totals));
  if (std::string c = coverage_text(r.totals.logged_days, r.totals.period_days, r.totals.log_starts);
      !c.empty())
    out += c + " Days with nothing logged count as no use.\n\n";
  if (r.totals.weeks_counted > 0)
    out += fmt::format("Full weeks that matched your plan: {} of {}.\n\n",
                       r.totals.weeks_meeting_plan, r.totals.weeks_counted);
  out += "| Day | Uses | How it went |\n|---|---:|---|\n";
  for (const auto& d : r.days)
    out += fmt::format("| {} | {} | {} |\n", report_day(d.date), d.uses,
                       cell(md_text(fmt::format("{}", fmt::join(day_how(d), "; ")))));
  out += "\n";

  const PeriodFigures& now = t.current;
  out += "## Substances\n\n";
  if (now.substances.empty()) {
    out += "No use logged in this period.\n\n";
  } else {
    out += "| Substance | Use days | Days off | Total | Per use day | Most in a day | Spent | Daily |\n"
           "|---|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& s : now.substances) {
      std::string total = s.days_with_amount ? amount_text(s.total, s.unit) : "-";
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                         cell(md_text(s.substance)), s.use_days, s.days_off, cell(total),
                         opt(s.amount_per_use_day), opt(s.max_in_a_day), opt(s.spending),
                         s.daily_amounts.size() <= 62
                             ? sparkline(s.daily_amounts, ChartStyle{true, false})
                             : "");
    }
    out += "\n";
  }

  out += "## Urges and mood\n\n";
  const UrgeFigures& u = now.urges;
  if (u.count == 0) {
    out += "- No urges logged.\n";
  } else {
    out += fmt::format("- Urges: {}, averaging {} out of 10.\n", u.count, opt(u.mean_intensity));
    if (u.with_outcome > 0)
      out += fmt::format("- Ridden out: {} of {}.\n", u.ridden_out, u.with_outcome);
    for (const auto& c : u.top_triggers)
      out += fmt::format("- Trigger: {} ({}).\n", md_text(c.text), c.count);
  }
  const MoodFigures& m = now.moods;
  if (m.count == 0)
    out += "- No moods logged.\n";
  else
    out += fmt::format("- Mood: logged {} {}, averaging {} out of 10 (from {} to {}).\n", m.count,
                       m.count == 1 ? "time" : "times", opt(m.mean), m.min.value_or(0),
                       m.max.value_or(0));
  out += "\n";

  const PeriodFigures& before = t.previous;
  out += fmt::format("## Beside the {} days before\n\n", before.days);
  out += "| | This period | Before |\n|---|---:|---:|\n";
  out += fmt::format("| Days off | {} | {} |\n", days_off_text(now), days_off_text(before));
  for (size_t i = 0; i < now.substances.size() && i < before.substances.size(); ++i) {
    const auto& s = now.substances[i];
    const auto& p = before.substances[i];
    out += fmt::format("| {} use days | {} | {} |\n", cell(md_text(s.substance)), s.use_days,
                       p.use_days);
    if (!s.unit.empty())
      out += fmt::format("| {} total, {} | {} | {} |\n", cell(md_text(s.substance)),
                         cell(unit_plural(s.unit)), short_number(s.total), short_number(p.total));
  }
  out += fmt::format("| Urges | {} | {} |\n", now.urges.count, before.urges.count);
  out += fmt::format("| Mood, average | {} | {} |\n", opt(now.moods.mean), opt(before.moods.mean));
  out += "\n";
  if (!t.changes.empty()) {
    out += "Changes since the period before:\n\n";
    for (const auto& c : t.changes) out += "- " + md_text(c) + "\n";
    out += "\n";
  }
  return out;
}

}  // namespace ebb
