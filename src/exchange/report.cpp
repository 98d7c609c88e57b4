#include "ebb/exchange/report.hpp"

#include <array>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ebb/util/chart.hpp"
#include "ebb/util/json.hpp"

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
  return fmt::format("{} of {} {} ({}%)", t.days_within_plan, t.days, t.days == 1 ? "day" : "days",
                     std::lround(t.percent_days_within_plan.value_or(0)));
}

std::vector<std::string> report_went_well(const ReportInput& in) {
  std::vector<std::string> out = review_went_well(*in.review);
  for (const auto& c : in.review->changes) out.push_back(c);
  return out;
}

namespace {

const PlanVersion* version_by_id(const ReportInput& in, int64_t id) {
  for (const auto& v : in.versions)
    if (v.id == id) return &v;
  return nullptr;
}

std::string day_span(LocalDay first, LocalDay last) {
  return first == last ? format_day(first)
                       : fmt::format("{} to {}", format_day(first), format_day(last));
}

}  // namespace

std::vector<std::string> plans_in_force(const ReportInput& in) {
  const ReviewResult& r = *in.review;
  const Zone* zone = in.zone ? in.zone : find_zone("UTC");
  // Runs of days under one version (or none), in order.
  struct Run {
    std::optional<int64_t> version;
    LocalDay first, last;
  };
  std::vector<Run> runs;
  for (const auto& d : r.days) {
    if (runs.empty() || runs.back().version != d.plan_version)
      runs.push_back({d.plan_version, d.date, d.date});
    runs.back().last = d.date;
  }
  std::vector<std::string> out;
  for (const auto& run : runs) {
    std::string days = runs.size() == 1 ? (r.days.size() == 1 ? std::string("on the day")
                                                               : fmt::format("on all {} days",
                                                                             r.days.size()))
                                        : day_span(run.first, run.last);
    if (!run.version) {
      out.push_back(fmt::format("No plan yet: {}.", days));
      continue;
    }
    const PlanVersion* v = version_by_id(in, *run.version);
    std::string saved = v ? fmt::format(", saved {}", format_day(logical_day(v->saved_at, zone,
                                                                             DaySettings{})))
                          : std::string();
    out.push_back(fmt::format("Version {}{}: {}.", *run.version, saved, days));
  }
  const Plan* shown = plan_shown(in);
  if (!in.versions.empty() && shown && shown != &in.versions.back().plan)
    out.push_back(fmt::format("Your plan has changed since; version {} is the one now.",
                              in.versions.back().id));
  return out;
}

const Plan* plan_shown(const ReportInput& in) {
  const ReviewResult& r = *in.review;
  for (auto d = r.days.rbegin(); d != r.days.rend(); ++d)
    if (d->plan_version)
      if (const PlanVersion* v = version_by_id(in, *d->plan_version)) return &v->plan;
  return in.plan;
}

std::vector<SafetyLine> safety_lines(const ReviewResult& r) {
  // Uses alone or untested are counted per substance; more than one make one line.
  auto kind_of = [](const Reminder& e) { return e.id.substr(0, e.id.find(':')); };
  std::map<std::pair<std::string, std::string>, std::vector<const Reminder*>> often;
  for (const auto& e : r.safety) {
    std::string k = kind_of(e);
    if (k == "alone" || k == "untested") often[{k, e.substance}].push_back(&e);
  }
  std::vector<SafetyLine> out;
  for (const auto& e : r.safety) {
    auto it = often.find({kind_of(e), e.substance});
    if (it != often.end() && it->second.size() > 1) {
      if (it->second.front() != &e) continue;
      const auto& all = it->second;
      LocalDay first = all.front()->day, last = all.back()->day;
      out.push_back({first == last ? report_day(first) : day_span(first, last),
                     fmt::format("{}: {} times", e.summary, all.size()), e.severity, e.text});
      continue;
    }
    out.push_back({report_day(e.day), e.summary, e.severity, e.text});
  }
  return out;
}

std::string not_acted_on_text(const UrgeFigures& u) {
  std::vector<std::string> parts;
  if (u.ridden_out) parts.push_back(fmt::format("{} ridden out", u.ridden_out));
  if (u.met_another_way) parts.push_back(fmt::format("{} met another way", u.met_another_way));
  std::string out = fmt::format("{} of {}", u.not_acted_on, u.with_outcome);
  if (!parts.empty()) out += fmt::format(" ({})", fmt::join(parts, ", "));
  return out;
}

std::string chart_span(const PeriodFigures& p) { return day_span(p.first, p.last); }

void write_report_json(const ReportInput& in, const std::function<void(std::string_view)>& out) {
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
  // The review and the trends (ten years of them are megabytes) go out as they are written,
  // not held whole.
  w.key("review").raw("");
  out(w.str());
  w.drop_written();
  write_review_json(*in.review, false, out);
  w.key("trends").raw("");
  out(w.str());
  w.drop_written();
  write_trends_json(*in.trends, false, {}, out);
  w.end_object();
  out(w.str() + "\n");
}

std::string report_json(const ReportInput& in) {
  std::string out;
  write_report_json(in, [&](std::string_view piece) { out += piece; });
  return out;
}

void write_report_markdown(const ReportInput& in,
                           const std::function<void(std::string_view)>& put) {
  const ReviewResult& r = *in.review;
  const TrendsResult& t = *in.trends;
  std::string out;
  // Ten years of days and notes are megabytes: handed on between rows, a part at a time.
  auto hand_on = [&] { hand_on_piece(out, put); };
  std::string label = r.period.label.empty() ? "" : md_text(r.period.label) + ", ";
  out += fmt::format("# Your ebb report: {}{} to {}\n\n", label, format_day(r.period.first),
                     format_day(r.period.last));
  out += fmt::format("Made {} from your own log. It stays private unless you share it.\n\n",
                     in.made_at);

  auto well = report_went_well(in);
  if (!well.empty()) {
    out += "## What went well\n\n";
    for (const auto& line : well) out += "- " + md_text(line) + "\n";
    out += "\n";
  }

  out += "## Your plan\n\n";
  if (const Plan* plan = plan_shown(in)) {
    for (const auto& line : plans_in_force(in)) out += md_text(line) + "\n";
    out += "\n";
    if (!plan->why.empty()) out += "Your reasons:\n\n" + quoted_block(plan->why) + "\n";
    if (!plan->when_urge.empty())
      out += "When an urge comes:\n\n" + quoted_block(plan->when_urge) + "\n";
    std::string rules = describe_plan_rules(*plan);
    if (!rules.empty()) out += "```\n" + rules + "```\n\n";
  } else {
    out += "You haven't written a plan yet, so the days aren't compared with one.\n\n";
  }

  out += "## How the days went\n\n";
  out += fmt::format("Within your plan: {}.\n\n", days_within_text(r.totals));
  if (std::string c = coverage_text(r.totals.logged_days, r.totals.period_days, r.totals.log_starts);
      !c.empty())
    out += fmt::format("{} {}\n\n", c, kNothingLoggedIsNoUse);
  out += "| Day | Uses | How it went |\n|---|---:|---|\n";
  for (const auto& d : r.days) {
    out += fmt::format("| {} | {} | {} |\n", report_day(d.date), d.uses,
                       cell(md_text(fmt::format("{}", fmt::join(day_how(d), "; ")))));
    hand_on();
  }
  out += "\n";

  out += "## Safety\n\n";
  auto safety = safety_lines(r);
  if (safety.empty())
    out += "Nothing to note: no risky mixes, no use after a break, and no use alone or untested "
           "that ebb notes.\n\n";
  for (const auto& l : safety) {
    out += fmt::format("- {}: {} ({}). {}\n", l.when, md_text(l.what), l.severity, md_text(l.fact));
    hand_on();
  }
  if (!safety.empty()) out += "\n";

  const PeriodFigures& now = t.current;
  std::string spent = in.currency.empty() ? "Spent" : "Spent (" + md_text(in.currency) + ")";
  out += "## Substances\n\n";
  if (now.substances.empty()) {
    out += "No use logged in this period.\n\n";
  } else {
    bool daily = now.days <= 62;
    out += fmt::format("| Substance | Use days | Days off | Total | Per use day | Most in a day | "
                       "{} |{}\n|---|---:|---:|---:|---:|---:|---:|{}\n",
                       spent, daily ? fmt::format(" Daily, {} |", chart_span(now)) : "",
                       daily ? "---|" : "");
    for (const auto& s : now.substances) {
      std::string total = s.days_with_amount ? amount_text(s.total, s.unit) : "-";
      out += fmt::format(
          "| {} | {} | {} | {} | {} | {} | {} |{}\n", cell(md_text(s.substance)), s.use_days,
          s.days_off, cell(total), short_number_or_dash(s.amount_per_use_day),
          short_number_or_dash(s.max_in_a_day), short_number_or_dash(s.spending),
          daily ? " " + sparkline(s.daily_amounts, ChartStyle{true, false}) + " |" : "");
    }
    out += "\n";
  }

  out += "## Urges and mood\n\n";
  const UrgeFigures& u = now.urges;
  if (u.count == 0) {
    out += "- No urges logged.\n";
  } else {
    out += fmt::format("- Urges: {}, averaging {} out of 10.\n", u.count,
                       short_number_or_dash(u.mean_intensity));
    if (u.with_outcome > 0) out += fmt::format("- Not acted on: {}.\n", not_acted_on_text(u));
  }
  const MoodFigures& m = now.moods;
  if (m.count == 0)
    out += "- No moods logged.\n";
  else
    out += fmt::format("- Mood: logged {} {}, averaging {} out of 10 (from {} to {}).\n", m.count,
                       m.count == 1 ? "time" : "times", short_number_or_dash(m.mean),
                       m.min.value_or(0), m.max.value_or(0));
  out += "\n";

  if (!in.after_use.empty() || !in.by_with.empty() || !in.by_plan.empty()) {
    out += "## What use does\n\n";
    for (const auto& line : in.after_use) out += "- " + line + "\n";
    if (!in.after_use.empty()) out += "\n";
    for (const std::string* part : {&in.by_with, &in.by_plan})
      if (!part->empty()) out += "```\n" + *part + "```\n\n";
  }

  out += "## In your words\n\n";
  const Words& w = r.words;
  if (w.empty()) out += "No reasons or notes were written for these days.\n\n";
  if (!w.reasons.empty()) {
    out += "What it was for:\n\n";
    for (const auto& rs : w.reasons)
      out +=
          fmt::format("- {}: {}\n", md_text(rs.substance), md_text(counted_list(rs.reasons, true)));
    out += "\n";
  }
  auto counted = [&](std::string_view label, const std::vector<CountedText>& items) {
    if (!items.empty()) out += fmt::format("{}: {}\n\n", label, md_text(counted_list(items, true)));
  };
  counted("What urges wanted", w.wanted);
  counted("What set urges off", w.triggers);
  counted("What you did instead of acting on an urge", w.instead);
  if (!w.notes.empty()) {
    out += "Your notes:\n\n";
    for (const auto& n : w.notes) {
      out += fmt::format("- {} {}, {}: {}\n", report_day(n.day), n.at_text().substr(11, 5),
                         md_text(n.about.empty() ? std::string(kind_name(n.kind)) : n.about.str()),
                         md_text(n.text));
      hand_on();
    }
    out += "\n";
  }

  const PeriodFigures& before = t.previous;
  out += before.days == 1 ? std::string("## Beside the day before\n\n")
                          : fmt::format("## Beside the {} days before\n\n", before.days);
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
  out += fmt::format("| Mood, average | {} | {} |\n", short_number_or_dash(now.moods.mean),
                     short_number_or_dash(before.moods.mean));
  out += "\n";
  put(out);
}

std::string report_markdown(const ReportInput& in) {
  std::string out;
  write_report_markdown(in, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace ebb
