#pragma once
/// Files for other tools, written from what review computes (pure):
///
/// Timeline Followback (TLFB) CSV, `ebb export --format tlfb`: a header
///   date,substance,amount,unit,uses,uses_without_amount
/// then one row per counted day (from the first entry, or the period's start, to the last
/// counted day) and per substance used in the period, oldest first, substances by name. The
/// amount is the day's total in the unit review counts that substance in (the plan's unit,
/// else the usual one: standard drinks for alcohol), the same figure review compares with a
/// daily limit; 0 on a tracked day without a use; uses_without_amount counts uses whose amount
/// doesn't convert (they are in `uses`, not in `amount`).
///
/// iCalendar (RFC 5545), `ebb export --format ics`: all-day events for the plan in force: each
/// substance's planned days off as a weekly repeating event from the day the plan was saved,
/// and the plan's review date. CRLF line ends, lines folded at 75 octets, text escaped, and
/// a UID made from what the event is, so importing the file again updates the same events.

#include <span>
#include <string>

#include "ebb/core/plan.hpp"
#include "ebb/core/review.hpp"

namespace ebb {

std::string tlfb_csv(const ReviewResult& r);

/// The plan version `v` as a calendar; `zone_name` only names the calendar's zone.
std::string plan_ics(const PlanVersion& v, const Zone* zone);

/// One content line, folded as RFC 5545 section 3.1 says (75 octets, CRLF, a space before the
/// rest; never inside a UTF-8 character).
std::string ics_line(std::string_view line);

/// TEXT as RFC 5545 section 3.3.11 escapes it: \\ \; \, and \n.
std::string ics_text(std::string_view text);

}  // namespace ebb
