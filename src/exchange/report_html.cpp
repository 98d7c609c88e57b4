#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ebb/util/chart.hpp"
#include "ebb/exchange/report.hpp"

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

std::string paragraphs_quote(std::string_view text) {
  return "<blockquote>" + html_escape(text) + "</blockquote>\n";
}

// One square per day: within plan, past it, or no plan yet; each with its own tooltip.
// Appended to `out`, handed on between squares (ten years of them is most of a megabyte).
void days_strip(const ReviewResult& r, std::string& out, const std::function<void()>& hand_on) {
  const int size = 18, gap = 3;
  int n = static_cast<int>(r.days.size());
  int per_row = std::min(n, 31);
  int rows = per_row ? (n + per_row - 1) / per_row : 0;
  int w = std::max(1, per_row * (size + gap));
  int h = std::max(1, rows * (size + gap));
  out += fmt::format(
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
    hand_on();
  }
  out += "</svg>\n";
}

// Bars of the daily amounts of one substance, with the largest day labelled and the first and
// last dates under the bars. Appended to `out`, handed on between bars.
void daily_bars(const SubstanceFigures& s, LocalDay first, std::string& out,
                const std::function<void()>& hand_on) {
  const int bw = 10, gap = 2, height = 60, label = 14, axis = 14;
  int n = static_cast<int>(s.daily_amounts.size());
  double max = 0;
  for (double v : s.daily_amounts) max = std::max(max, v);
  bool counts = max <= 0;  // no amounts: show days with use as full bars
  int w = std::max(1, n * (bw + gap));
  std::string unit;  // appended, not " " + ...: GCC 12 at -O3 warns wrongly on that
  if (!s.unit.empty()) unit = ' ' + unit_plural(s.unit);
  w = std::max(w, 160);  // room for the two dates
  out += fmt::format(
      "<svg role=\"img\" aria-label=\"{} per day\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} "
      "{}\">\n",
      html_escape(s.substance), w, height + label + axis, w, height + label + axis);
  for (int i = 0; i < n; ++i) {
    double v = s.daily_amounts[static_cast<size_t>(i)];
    bool used = static_cast<size_t>(i) < s.daily_use.size() && s.daily_use[static_cast<size_t>(i)];
    double frac = counts ? (used ? 1.0 : 0.0) : v / max;
    int bh = frac > 0 ? std::max(2, static_cast<int>(std::lround(frac * height))) : 0;
    std::string tip = counts ? (used ? "used" : "day off") : amount_text(v, s.unit);
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#4f8fb8\"><title>{}: {}"
        "</title></rect>\n",
        i * (bw + gap), label + height - bh, bw, bh, report_day(first + date::days{i}),
        html_escape(tip));
    if (bh == 0)
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"1\" fill=\"#c9d1d4\"/>\n",
                         i * (bw + gap), label + height - 1, bw);
    hand_on();
  }
  if (!counts)
    out += fmt::format(
        "<text x=\"0\" y=\"11\" font-size=\"11\" fill=\"#5b6870\">most in a day: "
        "{}{}</text>\n",
        short_number(max), html_escape(unit));
  // The time axis: the first day at the left, the last at the right.
  int base = label + height + axis - 2;
  out += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"10\" fill=\"#5b6870\">{}</text>\n",
                     base, format_day(first));
  if (n > 1)
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#5b6870\" "
                       "text-anchor=\"end\">{}</text>\n",
                       w, base, format_day(first + date::days{n - 1}));
  out += "</svg>\n";
}

std::string list_items(const std::vector<std::string>& lines) {
  std::string out = "<ul>\n";
  for (const auto& l : lines) out += "<li>" + html_escape(l) + "</li>\n";
  return out + "</ul>\n";
}

}  // namespace

void write_report_html(const ReportInput& in,
                       const std::function<void(std::string_view)>& put) {
  const ReviewResult& r = *in.review;
  const TrendsResult& t = *in.trends;
  const PeriodFigures& now = t.current;
  const PeriodFigures& before = t.previous;
  std::string label = r.period.label.empty() ? "" : r.period.label + ", ";
  std::string title = fmt::format("Your ebb report: {}{} to {}", label, format_day(r.period.first),
                                  format_day(r.period.last));
  std::string out;
  // Ten years of days and notes are megabytes: handed on between rows, a part at a time.
  auto hand_on = [&] { hand_on_piece(out, put); };
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<h1>" + html_escape(title) + "</h1>\n";
  out += "<p class=\"made\">Made " + html_escape(in.made_at) +
         " from your own log. It stays private unless you share it.</p>\n";

  auto well = report_went_well(in);
  if (!well.empty())
    out += "<section id=\"well\">\n<h2>What went well</h2>\n" + list_items(well) + "</section>\n";

  out += "<section id=\"plan\">\n<h2>Your plan</h2>\n";
  if (const Plan* plan = plan_shown(in)) {
    for (const auto& line : plans_in_force(in)) out += "<p>" + html_escape(line) + "</p>\n";
    if (!plan->why.empty()) out += "<p>Your reasons:</p>\n" + paragraphs_quote(plan->why);
    if (!plan->when_urge.empty())
      out += "<p>When an urge comes:</p>\n" + paragraphs_quote(plan->when_urge);
    std::string rules = describe_plan_rules(*plan);
    if (!rules.empty()) out += "<pre>" + html_escape(rules) + "</pre>\n";
  } else {
    out += "<p>You haven't written a plan yet, so the days aren't compared with one.</p>\n";
  }
  out += "</section>\n";

  out += "<section id=\"days\">\n<h2>How the days went</h2>\n";
  out += "<p class=\"big\" id=\"within\">Within your plan: " + html_escape(days_within_text(r.totals)) +
         "</p>\n";
  if (std::string c = coverage_text(r.totals.logged_days, r.totals.period_days, r.totals.log_starts);
      !c.empty())
    out += "<p>" + html_escape(fmt::format("{} {}", c, kNothingLoggedIsNoUse)) + "</p>\n";
  out += "<figure>\n";
  days_strip(r, out, hand_on);
  out += "<figcaption>One square a day, " + html_escape(chart_span(now)) +
         ": teal within your plan, amber past it, grey before you had a plan or before your "
         "log starts.</figcaption>\n</figure>\n";
  hand_on();
  out += "<table>\n<tr><th>Day</th><th class=\"n\">Uses</th><th>How it went</th></tr>\n";
  for (const auto& d : r.days) {
    const char* cls = !d.has_plan || !counted(d.state) ? "none"
                      : d.within_plan                    ? "within"
                                                         : "past";
    std::string how;
    for (const auto& part : day_how(d)) how += (how.empty() ? "" : "<br>") + html_escape(part);
    out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td></tr>\n",
                       report_day(d.date), d.uses, cls, how);
    hand_on();
  }
  out += "</table>\n</section>\n";

  out += "<section id=\"safety\">\n<h2>Safety</h2>\n";
  auto safety = safety_lines(r);
  if (safety.empty())
    out += "<p>Nothing to note: no risky mixes, no use after a break, and no use alone or "
           "untested that ebb notes.</p>\n";
  else {
    out += "<ul>\n";
    for (const auto& l : safety) {
      out += fmt::format("<li>{}: {} ({}). {}</li>\n", html_escape(l.when), html_escape(l.what),
                         html_escape(l.severity), html_escape(l.fact));
      hand_on();
    }
    out += "</ul>\n";
  }
  out += "</section>\n";

  out += "<section id=\"substances\">\n<h2>Substances</h2>\n";
  if (now.substances.empty()) {
    out += "<p>No use logged in this period.</p>\n";
  } else {
    out += "<table>\n<tr><th>Substance</th><th class=\"n\">Use days</th><th class=\"n\">Days "
           "off</th><th class=\"n\">Total</th><th class=\"n\">Per use day</th><th "
           "class=\"n\">Most in a day</th><th class=\"n\">" +
           html_escape(in.currency.empty() ? "Spent" : "Spent (" + in.currency + ")") +
           "</th></tr>\n";
    for (const auto& s : now.substances) {
      std::string total = s.days_with_amount ? amount_text(s.total, s.unit) : "-";
      out += fmt::format(
          "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
          html_escape(s.substance), s.use_days, s.days_off, html_escape(total),
          short_number_or_dash(s.amount_per_use_day), short_number_or_dash(s.max_in_a_day),
          short_number_or_dash(s.spending));
    }
    out += "</table>\n";
    for (const auto& s : now.substances) {
      std::string what = s.unit.empty() ? "days with use" : unit_plural(s.unit) + " per day";
      out += "<figure>\n";
      daily_bars(s, now.first, out, hand_on);
      out += "<figcaption>" + html_escape(s.substance) + ": " + html_escape(what) +
             ", one bar a day, " + html_escape(chart_span(now)) + "</figcaption>\n</figure>\n";
      hand_on();
    }
  }
  out += "</section>\n";

  out += "<section id=\"urges-mood\">\n<h2>Urges and mood</h2>\n<ul>\n";
  const UrgeFigures& u = now.urges;
  if (u.count == 0) {
    out += "<li>No urges logged.</li>\n";
  } else {
    out += fmt::format("<li>Urges: {}, averaging {} out of 10.</li>\n", u.count,
                       short_number_or_dash(u.mean_intensity));
    if (u.with_outcome > 0)
      out += "<li>Not acted on: " + html_escape(not_acted_on_text(u)) + ".</li>\n";
  }
  const MoodFigures& m = now.moods;
  if (m.count == 0)
    out += "<li>No moods logged.</li>\n";
  else
    out += fmt::format("<li>Mood: logged {} {}, averaging {} out of 10 (from {} to {}).</li>\n",
                       m.count, m.count == 1 ? "time" : "times", short_number_or_dash(m.mean),
                       m.min.value_or(0), m.max.value_or(0));
  out += "</ul>\n</section>\n";

  if (!in.after_use.empty() || !in.by_with.empty() || !in.by_plan.empty()) {
    out += "<section id=\"what-use-does\">\n<h2>What use does</h2>\n";
    if (!in.after_use.empty()) {
      out += "<ul>\n";
      for (const auto& line : in.after_use) out += "<li>" + html_escape(line) + "</li>\n";
      out += "</ul>\n";
    }
    for (const std::string* part : {&in.by_with, &in.by_plan})
      if (!part->empty()) out += "<pre>" + html_escape(*part) + "</pre>\n";
    out += "</section>\n";
  }
  out += "<section id=\"words\">\n<h2>In your words</h2>\n";
  const Words& w = r.words;
  if (w.empty()) out += "<p>No reasons or notes were written for these days.</p>\n";
  if (!w.reasons.empty()) {
    out += "<p>What it was for:</p>\n<ul>\n";
    for (const auto& rs : w.reasons)
      out += "<li>" + html_escape(rs.substance) + ": " +
             html_escape(counted_list(rs.reasons, true)) + "</li>\n";
    out += "</ul>\n";
  }
  using Counted = std::pair<std::string_view, const std::vector<CountedText>*>;
  for (const auto& [label, items] : {Counted{"What urges wanted", &w.wanted},
                                     Counted{"What set urges off", &w.triggers},
                                     Counted{"What you did instead of acting on an urge",
                                             &w.instead}})
    if (!items->empty())
      out += fmt::format("<p>{}: {}</p>\n", label, html_escape(counted_list(*items, true)));
  if (!w.notes.empty()) {
    out += "<p>Your notes:</p>\n<ul>\n";
    for (const auto& n : w.notes) {
      out += fmt::format("<li>{} {}, {}: {}</li>\n", report_day(n.day),
                         html_escape(n.at_text().substr(11, 5)),
                         html_escape(n.about.empty() ? std::string(kind_name(n.kind)) : n.about.str()),
                         html_escape(n.text));
      hand_on();
    }
    out += "</ul>\n";
  }
  out += "</section>\n";

  out += before.days == 1 ? std::string("<section id=\"before\">\n<h2>Beside the day before</h2>\n")
                          : fmt::format("<section id=\"before\">\n<h2>Beside the {} days "
                                        "before</h2>\n",
                                        before.days);
  out += "<table>\n<tr><th></th><th class=\"n\">This period</th><th class=\"n\">Before</th></tr>\n";
  out += fmt::format("<tr><td>Days off</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                     html_escape(days_off_text(now)), html_escape(days_off_text(before)));
  for (size_t i = 0; i < now.substances.size() && i < before.substances.size(); ++i) {
    const auto& s = now.substances[i];
    const auto& p = before.substances[i];
    out += fmt::format("<tr><td>{} use days</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                       html_escape(s.substance), s.use_days, p.use_days);
    if (!s.unit.empty())
      out += fmt::format(
          "<tr><td>{} total, {}</td><td class=\"n\">{}</td><td "
          "class=\"n\">{}</td></tr>\n",
          html_escape(s.substance), html_escape(unit_plural(s.unit)), short_number(s.total),
          short_number(p.total));
  }
  out += fmt::format("<tr><td>Urges</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                     now.urges.count, before.urges.count);
  out +=
      fmt::format("<tr><td>Mood, average</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                  short_number_or_dash(now.moods.mean), short_number_or_dash(before.moods.mean));
  out += "</table>\n";
  out += "</section>\n</body>\n</html>\n";
  put(out);
}

std::string report_html(const ReportInput& in) {
  std::string out;
  write_report_html(in, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace ebb
