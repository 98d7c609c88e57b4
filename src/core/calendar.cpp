#include "ebb/core/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

namespace {

constexpr std::string_view kWeekdayShort[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::string_view kWeekdayLong[] = {"sunday",   "monday", "tuesday", "wednesday",
                                             "thursday", "friday", "saturday"};
constexpr size_t kCellWidth = 10;

std::string substance_name(const Entry& e) {
  return e.substance.empty() ? std::string("unnamed") : e.substance;
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string month_text(date::year_month m) {
  return fmt::format("{:04}-{:02}", int(m.year()), unsigned(m.month()));
}

}  // namespace

CalendarResult compute_calendar(const CalendarInput& in) {
  CalendarResult r;
  r.month = in.month;
  r.substance = in.substance;
  r.week_start = in.days.week_start;
  r.today = logical_day(in.now, in.zone, in.days);
  LocalDay first{in.month / 1};
  LocalDay last{in.month / date::last};
  int count = static_cast<int>((last - first).count()) + 1;
  for (int i = 0; i < count; ++i) {
    CalendarDay d;
    d.day = first + date::days{i};
    d.future = d.day > r.today;
    r.days.push_back(d);
  }

  std::vector<Entry> uses;
  std::vector<int> use_index;
  std::set<std::string> names;
  std::vector<bool> none(static_cast<size_t>(count), false);
  std::string filter_name = in.substance ? lookup_substance(*in.substance).name : "";
  for (const Entry& e : in.entries) {
    if (e.kind == Kind::none) {
      auto i = (logical_day(e.at, in.zone, in.days) - first).count();
      if (i >= 0 && i < count && none_covers(e.substance, filter_name))
        none[static_cast<size_t>(i)] = true;
    }
    if (e.kind == Kind::mood || e.kind == Kind::none) continue;
    if (in.substance && !matches_substance(e, *in.substance)) continue;
    auto i = (logical_day(e.at, in.zone, in.days) - first).count();
    if (i < 0 || i >= count || r.days[i].future) continue;
    if (e.kind == Kind::urge) {
      r.days[i].urge = true;
    } else {
      uses.push_back(e);
      use_index.push_back(static_cast<int>(i));
      names.insert(substance_name(e));
    }
  }

  if (names.size() == 1) {
    r.amounts = true;
    r.amount_substance = *names.begin();
    r.unit = substance_unit(r.amount_substance, uses.front().substance_class, uses);
  }
  for (size_t k = 0; k < uses.size(); ++k) {
    CalendarDay& d = r.days[use_index[k]];
    d.used = true;
    ++d.uses;
    std::string name = substance_name(uses[k]);
    if (std::find(d.substances.begin(), d.substances.end(), name) == d.substances.end())
      d.substances.push_back(name);
    if (r.amounts) {
      if (auto a = amount_in_unit(uses[k], r.unit, in.drinks)) d.amount = d.amount.value_or(0) + *a;
      // A use without an amount has its own mark; one whose amount won't convert is "+?".
      else if (uses[k].amount && !r.unit.empty()) ++d.uncounted, ++r.uncounted_uses;
    }
  }
  Coverage coverage{first_logged_day(in.first_entry_at, in.entries, in.zone, in.days), r.today};
  for (size_t i = 0; i < r.days.size(); ++i) {
    CalendarDay& d = r.days[i];
    std::sort(d.substances.begin(), d.substances.end());
    d.state = day_state(coverage, d.day, d.used, none[i]);
    if (d.future) continue;
    if (d.state == DayState::untracked) ++r.untracked_days;
    if (d.state == DayState::used) ++r.use_days;
    if (d.state == DayState::off) ++r.days_off;
    if (d.state == DayState::off && d.urge) ++r.urge_only_days;
  }
  return r;
}

std::string render_calendar(const CalendarResult& r, const ChartStyle& style) {
  std::string_view off_mark = style.utf8 ? "·" : ".";
  std::string_view use_mark = style.utf8 ? "●" : "*";
  std::string_view urge_mark = "~";

  std::string title = format_month(r.month);
  if (r.amounts) {
    std::string unit = unit_plural(r.unit);
    title += unit.empty() ? fmt::format(": {}", r.amount_substance)
                          : fmt::format(": {}, {} per day", r.amount_substance, unit);
  } else if (r.substance) {
    title += fmt::format(": {}", *r.substance);
  }
  std::string out = paint(title, "1", style) + "\n";

  std::string header;
  for (unsigned k = 0; k < 7; ++k)
    header += pad(kWeekdayShort[(r.week_start + date::days{k}).c_encoding()], kCellWidth);
  out += rtrim(header) + "\n";

  std::string line;
  auto lead = (date::weekday{r.days.front().day} - r.week_start).count();
  line.append(static_cast<size_t>(lead) * kCellWidth, ' ');
  for (const CalendarDay& d : r.days) {
    unsigned day_number = unsigned(date::year_month_day{d.day}.day());
    std::string number = fmt::format("{:>2}", day_number);
    if (d.day == r.today) number = paint(number, "4", style);
    std::string content;
    if (d.future || (!d.used && !counted(d.state) && !d.urge)) content = "";
    else if (d.used && d.amount && d.uncounted)
      content = paint(short_number(*d.amount) + "+?", "1", style);
    else if (d.used && d.amount) content = paint(short_number(*d.amount), "1", style);
    else if (d.used) content = paint(use_mark, "1", style);
    else if (d.urge) content = paint(urge_mark, "36", style);
    else content = paint(off_mark, "32", style);
    line += number + " " + pad(content, kCellWidth - 3);
    if (date::weekday{d.day + date::days{1}} == r.week_start) {
      out += rtrim(line) + "\n";
      line.clear();
    }
  }
  if (!line.empty()) out += rtrim(line) + "\n";

  std::string legend = fmt::format("{} day off   {} urge only   {} use",
                                   paint(off_mark, "32", style), paint(urge_mark, "36", style),
                                   paint(use_mark, "1", style));
  if (r.amounts && !r.unit.empty())
    legend += fmt::format(", amount not logged   numbers: {}", unit_plural(r.unit));
  else if (r.amounts)
    legend += ", amount not logged";
  out += legend + "\n";

  auto days = [](int n) { return n == 1 ? std::string("1 day") : fmt::format("{} days", n); };
  std::string tally = fmt::format("{} with use, {} off", days(r.use_days), days(r.days_off));
  if (r.urge_only_days > 0)
    tally += fmt::format(" ({} with an urge)", r.urge_only_days);
  if (r.untracked_days > 0)
    tally += fmt::format("; {} before your log starts, left blank", days(r.untracked_days));
  out += tally + ".\n";
  if (r.uncounted_uses > 0)
    out += fmt::format("{} couldn't be counted in {} (+? on the day): no strength or size to "
                       "convert it.\n",
                       r.uncounted_uses == 1 ? std::string("1 use")
                                             : fmt::format("{} uses", r.uncounted_uses),
                       unit_plural(r.unit));
  return out;
}

std::string calendar_json(const CalendarResult& r, bool pretty) {
  JsonWriter w(pretty);
  w.begin_object();
  w.field("month", month_text(r.month));
  w.key("substance");
  if (r.substance) w.value(*r.substance);
  else w.null();
  w.field("amount_substance", r.amount_substance).field("unit", r.unit);
  w.field("week_start", kWeekdayLong[r.week_start.c_encoding()]);
  w.field("today", format_day(r.today));
  w.field("use_days", r.use_days).field("days_off", r.days_off);
  w.field("urge_only_days", r.urge_only_days);
  w.field("untracked_days", r.untracked_days).field("uncounted_uses", r.uncounted_uses);
  w.key("days").begin_array();
  for (const CalendarDay& d : r.days) {
    std::optional<double> amount;
    if (d.amount) amount = std::round(*d.amount * 100.0) / 100.0;
    w.begin_object().field("date", format_day(d.day)).field("future", d.future);
    w.field("state", day_state_name(d.state));
    w.field("used", d.used).field("urge", d.urge).field("uses", d.uses);
    w.field("uncounted", d.uncounted);
    w.field("amount", amount).field("substances", d.substances).end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

}  // namespace ebb
