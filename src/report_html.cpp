#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ebb/chart.hpp"
#include "ebb/report.hpp"

namespace ebb {

namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;color:#1d2428;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d5dde0}
.made{color:#5b6870;margin-top:0}blockquote{margin:.4rem 0 .8rem;padding:.3rem .8rem;border-left:3px solid #5aa7a0;background:#f3f8f7;white-space:pre-wrap}
pre{background:#f5f6f7;padding:.6rem .8rem;white-space:pre-wrap}
table{border-collapse:collapse;margin:.6rem 0;font-size:.95rem}td,th{padding:.25rem .6rem;border-bottom:1px solid #e3e8ea;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.big{font-size:1.3rem;font-weight:600}.within{color:#2f7d74}.past{color:#9a5b00}.none{color:#6b767c}
svg{display:block;margin:.4rem 0}figure{margin:.8rem 0}figcaption{font-size:.9rem;color:#5b6870}
@media print{body{margin:0}h2{break-after:avoid}}
)";

std::string num(double v) { return short_number(v); }
std::string opt(const std::optional<double>& v) { return v ? short_number(*v) : "-"; }

std::string paragraphs_quote(std::string_view text) {
  return "<blockquote>" + html_escape(text) + "</blockquote>\n";
}

// One square per day: within plan, past it, or no plan yet; each with its own tooltip.
std::string days_strip(const ReviewResult& r) {
  const int size = 18, gap = 3;
  int n = static_cast<int>(r.days.size());
  int per_row = std::min(n, 31);
  int rows = per_row ? (n + per_row - 1) / per_row : 0;
  int w = std::max(1, per_row * (size + gap));
  int h = std::max(1, rows * (size + gap));
  std::string out = fmt::format(
      "<svg role=\"img\" aria-label=\"days within plan\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\">\n",
      w, h, w, h);
  for (int i = 0; i < n; ++i) {
    const ReviewDay& d = r.days[static_cast<size_t>(i)];
    const bool shown = d.has_plan && counted(d.state);
    const char* fill = !shown ? "#c9d1d4" : d.within_plan ? "#5aa7a0" : "#e0a040";
    std::string state = !shown ? day_how(d).front() : d.within_plan ? "within your plan"
                                                                     : "past your plan";
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\"><title>{}: {}"
        "</title></rect>\n",
        (i % per_row) * (size + gap), (i / per_row) * (size + gap), size, size, fill,
        report_day(d.date), state);
  }
  out += "</svg>\n";
  return out;
}

// Bars of the daily amounts of one substance, with the largest day labelled.
std::string daily_bars(const SubstanceFigures& s) {
  const int bw = 10, gap = 2, height = 60, label = 14;
  int n = static_cast<int>(s.daily_amounts.size());
  double max = 0;
  for (double v : s.daily_amounts) max = std::max(max, v);
  bool counts = max <= 0;  // no amounts: show days with use as full bars
  int w = std::max(1, n * (bw + gap));
  std::string unit = s.unit.empty() ? "" : " " + unit_plural(s.unit);
  std::string out = fmt::format(
      "<svg role=\"img\" aria-label=\"{} per day\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} "
      "{}\">\n",
      html_escape(s.substance), w, height + label, w, height + label);
  for (int i = 0; i < n; ++i) {
    double v = s.daily_amounts[static_cast<size_t>(i)];
    bool used = static_cast<size_t>(i) < s.daily_use.size() && s.daily_use[static_cast<size_t>(i)];
    double frac = counts ? (used ? 1.0 : 0.0) : v / max;
    int bh = frac > 0 ? std::max(2, static_cast<int>(std::lround(frac * height))) : 0;
    std::string tip = counts ? (used ? "used" : "day off") : num(v) + unit;
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#4f8fb8\"><title>day {}: {}"
        "</title></rect>\n",
        i * (bw + gap), label + height - bh, bw, bh, i + 1, html_escape(tip));
    if (bh == 0)
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"1\" fill=\"#c9d1d4\"/>\n",
                         i * (bw + gap), label + height - 1, bw);
  }
  if (!counts)
    out += fmt::format("<text x=\"0\" y=\"11\" font-size=\"11\" fill=\"#5b6870\">most in a day: "
                       "{}{}</text>\n",
                       num(max), html_escape(unit));
  out += "</svg>\n";
  return out;
}

}  // namespace

std::string report_html(const ReportInput& in) {
  const ReviewResult& r = *in.review;
  const TrendsResult& t = *in.trends;
  const PeriodFigures& now = t.current;
  const PeriodFigures& before = t.previous;
  std::string label = r.period.label.empty() ? "" : r.period.label + ", ";
  std::string title = fmt::format("Your ebb report: {}{} to {}", label, format_day(r.period.first),
                                  format_day(r.period.last));
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<h1>" + html_escape(title) + "</h1>\n";
  out += "<p class=\"made\">Made " + html_escape(in.made_at) +
         " from your own log. It stays private unless you share it.</p>\n";

  out += "<section id=\"plan\">\n<h2>Your plan</h2>\n";
  if (in.plan) {
    if (!in.plan->why.empty()) out += "<p>Your reasons:</p>\n" + paragraphs_quote(in.plan->why);
    if (!in.plan->when_urge.empty())
      out += "<p>When an urge comes:</p>\n" + paragraphs_quote(in.plan->when_urge);
    out += "<pre>" + html_escape(describe_plan(*in.plan)) + "</pre>\n";
  } else {
    out += "<p>You haven't written a plan yet, so the days aren't compared with one.</p>\n";
  }
  out += "</section>\n";

  out += "<section id=\"days\">\n<h2>How the days went</h2>\n";
  out += "<p class=\"big\" id=\"within\">Within your plan: " + html_escape(days_within_text(r.totals)) +
         "</p>\n";
  if (std::string c = coverage_text(r.totals.logged_days, r.totals.period_days, r.totals.log_starts);
      !c.empty())
    out += "<p>" + html_escape(c) + " Days with nothing logged count as no use.</p>\n";
  if (r.totals.weeks_counted > 0)
    out += fmt::format("<p>Full weeks that matched your plan: {} of {}.</p>\n",
                       r.totals.weeks_meeting_plan, r.totals.weeks_counted);
  out += "<figure>\n" + days_strip(r) +
         "<figcaption>One square a day: teal within your plan, amber past it, grey before you "
         "had a plan or before your log starts.</figcaption>\n</figure>\n";
  out += "<table>\n<tr><th>Day</th><th class=\"n\">Uses</th><th>How it went</th></tr>\n";
  for (const auto& d : r.days) {
    const char* cls = !d.has_plan || !counted(d.state) ? "none"
                      : d.within_plan                    ? "within"
                                                         : "past";
    std::string how;
    for (const auto& part : day_how(d)) how += (how.empty() ? "" : "<br>") + html_escape(part);
    out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td></tr>\n",
                       report_day(d.date), d.uses, cls, how);
  }
  out += "</table>\n</section>\n";

  out += "<section id=\"substances\">\n<h2>Substances</h2>\n";
  if (now.substances.empty()) {
    out += "<p>No use logged in this period.</p>\n";
  } else {
    out += "<table>\n<tr><th>Substance</th><th class=\"n\">Use days</th><th class=\"n\">Days "
           "off</th><th class=\"n\">Total</th><th class=\"n\">Per use day</th><th "
           "class=\"n\">Most in a day</th><th class=\"n\">Spent</th></tr>\n";
    for (const auto& s : now.substances) {
      std::string total = s.days_with_amount ? amount_text(s.total, s.unit) : "-";
      out += fmt::format(
          "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
          html_escape(s.substance), s.use_days, s.days_off, html_escape(total),
          opt(s.amount_per_use_day), opt(s.max_in_a_day), opt(s.spending));
    }
    out += "</table>\n";
    for (const auto& s : now.substances) {
      std::string what = s.unit.empty() ? "days with use" : unit_plural(s.unit) + " per day";
      out += "<figure>\n" + daily_bars(s) + "<figcaption>" + html_escape(s.substance) + ": " +
             html_escape(what) + ", one bar a day</figcaption>\n</figure>\n";
    }
  }
  out += "</section>\n";

  out += "<section id=\"urges-mood\">\n<h2>Urges and mood</h2>\n<ul>\n";
  const UrgeFigures& u = now.urges;
  if (u.count == 0) {
    out += "<li>No urges logged.</li>\n";
  } else {
    out += fmt::format("<li>Urges: {}, averaging {} out of 10.</li>\n", u.count, opt(u.mean_intensity));
    if (u.with_outcome > 0)
      out += fmt::format("<li>Ridden out: {} of {}.</li>\n", u.ridden_out, u.with_outcome);
    for (const auto& c : u.top_triggers)
      out += fmt::format("<li>Trigger: {} ({}).</li>\n", html_escape(c.text), c.count);
  }
  const MoodFigures& m = now.moods;
  if (m.count == 0)
    out += "<li>No moods logged.</li>\n";
  else
    out += fmt::format("<li>Mood: logged {} {}, averaging {} out of 10 (from {} to {}).</li>\n",
                       m.count, m.count == 1 ? "time" : "times", opt(m.mean), m.min.value_or(0),
                       m.max.value_or(0));
  out += "</ul>\n</section>\n";

  out += fmt::format("<section id=\"before\">\n<h2>Beside the {} days before</h2>\n", before.days);
  out += "<table>\n<tr><th></th><th class=\"n\">This period</th><th class=\"n\">Before</th></tr>\n";
  out += fmt::format("<tr><td>Days off</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                     html_escape(days_off_text(now)), html_escape(days_off_text(before)));
  for (size_t i = 0; i < now.substances.size() && i < before.substances.size(); ++i) {
    const auto& s = now.substances[i];
    const auto& p = before.substances[i];
    out += fmt::format("<tr><td>{} use days</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                       html_escape(s.substance), s.use_days, p.use_days);
    if (!s.unit.empty())
      out += fmt::format("<tr><td>{} total, {}</td><td class=\"n\">{}</td><td "
                         "class=\"n\">{}</td></tr>\n",
                         html_escape(s.substance), html_escape(unit_plural(s.unit)),
                         num(s.total), num(p.total));
  }
  out += fmt::format("<tr><td>Urges</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                     now.urges.count, before.urges.count);
  out += fmt::format("<tr><td>Mood, average</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                     opt(now.moods.mean), opt(before.moods.mean));
  out += "</table>\n";
  if (!t.changes.empty()) {
    out += "<p>Changes since the period before:</p>\n<ul>\n";
    for (const auto& c : t.changes) out += "<li>" + html_escape(c) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</section>\n</body>\n</html>\n";
  return out;
}

}  // namespace ebb
