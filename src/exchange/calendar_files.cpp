#include "ebb/exchange/calendar_files.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "ebb/exchange/csv.hpp"
#include "ebb/util/json.hpp"
#include "ebb/exchange/psychonautwiki.hpp"

namespace ebb {

namespace {

std::string rounded_number_text(double d) {
  JsonWriter w;
  w.value(std::round(d * 1000) / 1000);
  return w.str();
}

}  // namespace

std::string tlfb_csv(const ReviewResult& r) {
  std::string out = csv_record({"date", "substance", "amount", "unit", "uses",
                                "uses_without_amount"});
  std::vector<const SubstanceSummary*> used;
  for (const auto& s : r.substances)
    if (!s.is_class && s.uses > 0) used.push_back(&s);
  std::sort(used.begin(), used.end(), [](const SubstanceSummary* a, const SubstanceSummary* b) {
    return a->name < b->name;
  });
  // Each substance's days by date, walked alongside the period's days (a search per day
  // and substance was the whole history's days squared).
  std::vector<std::vector<const SubstanceSummary::Day*>> by_date(used.size());
  for (size_t i = 0; i < used.size(); ++i) {
    for (const auto& d : used[i]->days) by_date[i].push_back(&d);
    std::stable_sort(by_date[i].begin(), by_date[i].end(),
                     [](const auto* a, const auto* b) { return a->date < b->date; });
  }
  std::vector<size_t> next(used.size(), 0);
  for (const auto& day : r.days) {
    // Days before the log starts and today, still going, aren't counted: no row.
    if (day.state == DayState::untracked || day.state == DayState::open) continue;
    for (size_t i = 0; i < used.size(); ++i) {
      const SubstanceSummary* s = used[i];
      const auto& days = by_date[i];
      while (next[i] < days.size() && days[next[i]]->date < day.date) ++next[i];
      SubstanceSummary::Day d = next[i] < days.size() && days[next[i]]->date == day.date
                                    ? *days[next[i]]
                                    : SubstanceSummary::Day{day.date, 0, 0, 0};
      out += csv_record({format_day(day.date), csv_guard(s->name), rounded_number_text(d.amount),
                         csv_guard(s->unit), std::to_string(d.uses), std::to_string(d.uncounted)});
    }
  }
  return out;
}

std::string ics_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;
    } else {
      out += c;
    }
  }
  return out;
}

std::string ics_line(std::string_view line) {
  std::string out;
  size_t limit = 75;  // octets on the first line; the rest begin with a space, so 74 more
  while (line.size() > limit) {
    size_t cut = limit;
    // Never split a UTF-8 character: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;
  }
  out.append(line);
  out += "\r\n";
  return out;
}

std::string plan_ics(const PlanVersion& v, const Zone* zone) {
  std::string out;
  auto put = [&](std::string_view l) { out += ics_line(l); };
  std::string stamp = format_rfc3339_offset(v.saved_at, 0);  // 2026-11-20T20:30:00Z
  std::string dtstamp;
  for (char c : stamp)
    if (c != '-' && c != ':') dtstamp += c;
  auto compact = [](LocalDay d) {
    std::string s = format_day(d);
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
  };
  LocalDay from = logical_day(v.saved_at, zone, DaySettings{});
  auto event = [&](const std::string& uid_key, LocalDay day, const std::string& summary,
                   const std::string& rrule, const std::string& description) {
    put("BEGIN:VEVENT");
    put("UID:" + deterministic_ulid(0, uid_key).substr(10) + "@ebb");
    put("DTSTAMP:" + dtstamp);
    put("DTSTART;VALUE=DATE:" + compact(day));
    put("DTEND;VALUE=DATE:" + compact(day + date::days{1}));
    if (!rrule.empty()) put("RRULE:" + rrule);
    put("SUMMARY:" + ics_text(summary));
    if (!description.empty()) put("DESCRIPTION:" + ics_text(description));
    put("TRANSP:TRANSPARENT");
    put("END:VEVENT");
  };
  put("BEGIN:VCALENDAR");
  put("VERSION:2.0");
  put("PRODID:-//ebb//ebb plan//EN");
  put("CALSCALE:GREGORIAN");
  put("X-WR-CALNAME:" + ics_text("ebb plan"));
  if (zone) put("X-WR-TIMEZONE:" + ics_text(zone->name()));
  static const char* kDays[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  for (const auto& sp : v.plan.substances) {
    // The section's rules from the day the plan was saved, then each dated stage from its own
    // day (a stage begun before then is in force from the start). A stage can change the days
    // off, so each stretch has its own weekly event, ending the day before the next begins.
    struct Stretch {
      LocalDay from;
      const SubstancePlan* rules;
    };
    std::vector<Stretch> stretches{{from, &sp}};
    for (const auto& st : sp.stages) {
      if (st.from <= from) stretches.front().rules = &st.rules;
      else stretches.push_back({st.from, &st.rules});
    }
    for (size_t i = 0; i < stretches.size(); ++i) {
      const SubstancePlan& rules = *stretches[i].rules;
      std::optional<LocalDay> last;  // the stretch's last day, when another follows
      if (i + 1 < stretches.size()) last = stretches[i + 1].from - date::days{1};
      if (i > 0) {
        Plan stage;
        stage.substances.push_back(rules);
        stage.substances.back().stages.clear();
        stage.substances.back().name = sp.name;
        stage.substances.back().is_class = sp.is_class;
        std::string rules_text = describe_plan_rules(stage);
        while (!rules_text.empty() && rules_text.back() == '\n') rules_text.pop_back();
        event(fmt::format("stage\n{}\n{}", sp.name, format_day(stretches[i].from)),
              stretches[i].from, fmt::format("Plan stage begins: {}", sp.name), "",
              "From today, as you planned: " + rules_text);
      }
      if (!rules.days_off || rules.days_off->empty()) continue;
      std::string byday;
      for (auto wd : *rules.days_off)
        byday += fmt::format("{}{}", byday.empty() ? "" : ",", kDays[wd.c_encoding()]);
      // The first planned day off in the stretch.
      LocalDay first = stretches[i].from;
      while (std::find(rules.days_off->begin(), rules.days_off->end(), date::weekday{first}) ==
             rules.days_off->end())
        first += date::days{1};
      if (last && first > *last) continue;
      std::string rrule = "FREQ=WEEKLY;BYDAY=" + byday;
      if (last) rrule += ";UNTIL=" + compact(*last);
      // The first stretch keeps the id it had before stages existed, so calendars update it.
      std::string key = fmt::format("day off\n{}\n{}", sp.name, byday);
      if (i > 0) key += "\n" + format_day(stretches[i].from);
      event(key, first, fmt::format("Day off: {}", sp.name), rrule,
            v.plan.why.empty() ? "" : "Your reasons: " + v.plan.why);
    }
  }
  if (v.plan.review_on)
    event(fmt::format("review\n{}", format_day(*v.plan.review_on)), *v.plan.review_on,
          "Look at your plan again", "",
          "The review date in your plan: ebb review shows how it went.");
  put("END:VCALENDAR");
  return out;
}

}  // namespace ebb
