#pragma once
/// `ebb report`: one page to keep or bring to someone you trust (a therapist, a friend):
/// the plan in the person's words, how the days compared with it, figures per substance,
/// urges and mood, and the change from the period before. Pure renderers: Markdown, and a
/// self-contained HTML page (inline CSS and SVG charts, no scripts, nothing fetched).
/// Everything the person wrote is escaped.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/plan.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

struct ReportInput {
  const ReviewResult* review = nullptr;  ///< required; with its changes and safety notes
  const TrendsResult* trends = nullptr;  ///< required: the same period
  const Plan* plan = nullptr;            ///< the plan as it is now; nullptr when none
  std::string made_at;                   ///< when it was made, as shown ("2026-11-20 21:30")
  /// Every plan version, oldest first: which were in force, and the one shown. Empty: `plan`
  /// is shown as it is now.
  std::span<const PlanVersion> versions;
  const Zone* zone = nullptr;  ///< for the days versions were saved; UTC if null
  std::string currency;                   ///< beside money; may be empty
  /// "What use does" (reflect.hpp), rendered by the caller; a part is left out when empty:
  /// mood before and after a use (lines), the measures by who the person was with and by
  /// plan version (tables of plain text).
  std::vector<std::string> after_use;
  std::string by_with;
  std::string by_plan;
};

std::string report_markdown(const ReportInput& in);
/// The same handed to `out` a part at a time, between rows (ten years of it is megabytes).
void write_report_markdown(const ReportInput& in,
                           const std::function<void(std::string_view)>& out);
/// `report --json`: {"made_at", "plan": {"why", "when_urge", "text"} or null, "review": as
/// review --json, "trends": as trends --json}. Review and trends share the period and every
/// count of days (coverage.hpp), so the two parts agree.
std::string report_json(const ReportInput& in);
/// The same handed to `out` a piece at a time (ten years of it is megabytes).
void write_report_json(const ReportInput& in, const std::function<void(std::string_view)>& out);
std::string report_html(const ReportInput& in);
/// The same handed to `out` a part at a time, between rows.
void write_report_html(const ReportInput& in, const std::function<void(std::string_view)>& out);

/// Text safe inside HTML elements and attribute values (& < > " ').
std::string html_escape(std::string_view text);

// Shared by the two renderers.

/// How much of a report is held before it is handed on (write_report_markdown, _html).
inline constexpr size_t kReportPiece = 64 * 1024;
/// Hands `out` to `put` and empties it once it holds a piece (kReportPiece); else keeps it.
inline void hand_on_piece(std::string& out, const std::function<void(std::string_view)>& put) {
  if (out.size() < kReportPiece) return;
  put(out);
  out.clear();
}

/// "12 Nov" style heading for a day: "2026-11-16 mon".
std::string report_day(LocalDay d);
/// "5 of 7 days (71%)" with the share rounded; "no days" when none.
std::string days_within_text(const ReviewTotals& t);
/// What went well and the changes from the period before, as sentences.
std::vector<std::string> report_went_well(const ReportInput& in);
/// Which plan versions were in force on which days, as sentences.
std::vector<std::string> plans_in_force(const ReportInput& in);
/// The plan shown: the version in force on the period's last day with one, else the plan as
/// it is now; nullptr when there is none.
const Plan* plan_shown(const ReportInput& in);
/// One line of the safety part: "sat 2026-11-14 23:50" and "alcohol and heroin within 3
/// hours", with how risky it was and the fact. Uses alone or untested of one substance that
/// come more than once are one line.
struct SafetyLine {
  std::string when;
  std::string what;
  std::string severity;
  std::string fact;
};
std::vector<SafetyLine> safety_lines(const ReviewResult& r);
/// "1 of 2 (1 ridden out, 1 met another way)".
std::string not_acted_on_text(const UrgeFigures& u);
/// "2026-03-02 to 2026-03-08": the span the daily charts run over, left to right.
std::string chart_span(const PeriodFigures& p);
/// "5 of 12": days off of the days counted; "–" when no day was counted (before the log).
std::string days_off_text(const PeriodFigures& p);
/// How a day went, one part a line: the state, each finding, each uncounted note.
std::vector<std::string> day_how(const ReviewDay& d);

}  // namespace ebb
