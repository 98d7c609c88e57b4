#pragma once
/// `ebb report`: one page to keep or bring to someone you trust (a therapist, a friend):
/// the plan in the person's words, how the days compared with it, figures per substance,
/// urges and mood, and the change from the period before. Pure renderers: Markdown, and a
/// self-contained HTML page (inline CSS and SVG charts, no scripts, nothing fetched).
/// Everything the person wrote is escaped.

#include <string>
#include <string_view>
#include <vector>

#include "ebb/plan.hpp"
#include "ebb/review.hpp"
#include "ebb/trends.hpp"

namespace ebb {

struct ReportInput {
  const ReviewResult* review = nullptr;  ///< required
  const TrendsResult* trends = nullptr;  ///< required: the same period
  const Plan* plan = nullptr;            ///< the plan as it is now; nullptr when none
  std::string made_at;                   ///< when it was made, as shown ("2026-11-20 21:30")
};

std::string report_markdown(const ReportInput& in);
/// `report --json`: {"made_at", "plan": {"why", "when_urge", "text"} or null, "review": as
/// review --json, "trends": as trends --json}. Review and trends share the period and every
/// count of days (coverage.hpp), so the two parts agree.
std::string report_json(const ReportInput& in);
std::string report_html(const ReportInput& in);

/// Text safe inside HTML elements and attribute values (& < > " ').
std::string html_escape(std::string_view text);

// Shared by the two renderers.

/// "12 Nov" style heading for a day: "2026-11-16 mon".
std::string report_day(LocalDay d);
/// "5 of 7 days (71%)" with the share rounded; "no days" when none.
std::string days_within_text(const ReviewTotals& t);
/// "5 of 12": days off of the days counted; "–" when no day was counted (before the log).
std::string days_off_text(const PeriodFigures& p);
/// How a day went, one part a line: the state, each finding, each uncounted note.
std::vector<std::string> day_how(const ReviewDay& d);

}  // namespace ebb
