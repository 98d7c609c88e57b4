// Words, tables and JSON for the trends figures computed in trends.cpp.
#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "ebb/util/chart.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

std::string previous_phrase(int days) {
  return days == 1 ? std::string("the day before") : fmt::format("the previous {} days", days);
}

std::string money(double v) { return fmt::format("{:.2f}", v); }

std::string with_currency(double v, const std::string& currency) {
  return currency.empty() ? money(v) : fmt::format("{} {}", money(v), currency);
}

// Compared as shown, so "3.2, was 3.2" never appears.
double shown(double v) { return std::stod(short_number(v)); }

bool lower_shown(const std::optional<double>& now, const std::optional<double>& before) {
  return now && before && shown(*now) < shown(*before);
}

std::string opt_number(const std::optional<double>& v) { return v ? short_number(*v) : "-"; }

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::string unit_plural(std::string_view unit) {
  if (unit == "drink") return "drinks";
  if (unit == "uk_unit") return "UK units";
  return std::string(unit);
}

std::string amount_text(double value, std::string_view unit) {
  std::string number = short_number(value);
  if (unit.empty()) return number;
  if (unit == "drink") return number + (number == "1" ? " drink" : " drinks");
  if (unit == "uk_unit") return number + (number == "1" ? " UK unit" : " UK units");
  return fmt::format("{} {}", number, unit);
}

std::vector<std::string> positive_changes(const TrendsResult& r) {
  std::vector<std::string> out;
  const PeriodFigures& now = r.current;
  const PeriodFigures& before = r.previous;
  if (now.days == 0 || before.entries == 0 || before.counted_days == 0) return out;
  std::string than = previous_phrase(before.days);

  // Days off compare as counts when both periods count the same days, else as shares of the
  // days counted, so a log that started part-way never reads as fewer days off.
  auto more_off = [&](int off, int counted, int off_before, int counted_before,
                      std::string_view from) -> std::optional<std::string> {
    // A share of a day or two before the log began is no baseline: it needs at least half as
    // many days counted as now.
    if (counted == 0 || counted_before == 0 || counted_before * 2 < counted) return std::nullopt;
    std::string what = from.empty() ? "" : fmt::format(" from {}", from);
    if (counted == counted_before) {
      if (off <= off_before) return std::nullopt;
      return fmt::format("{} off{} than {}.", count_text(off - off_before, "more day", "more days"),
                         what, than);
    }
    long pct = std::lround(100.0 * off / counted), pct_before = std::lround(100.0 * off_before / counted_before);
    if (pct <= pct_before) return std::nullopt;
    return fmt::format("Days off{}: {}% of the days counted, was {}%.", what, pct, pct_before);
  };
  if (now.substances.size() != 1)
    if (auto line = more_off(now.days_off, now.counted_days, before.days_off,
                             before.counted_days, ""))
      out.push_back(*line);
  for (size_t i = 0; i < now.substances.size(); ++i) {
    const SubstanceFigures& s = now.substances[i];
    const SubstanceFigures& p = before.substances[i];
    if (auto line = more_off(s.days_off, s.counted_days, p.days_off, p.counted_days, s.substance))
      out.push_back(*line);
    if (lower_shown(s.amount_per_use_day, p.amount_per_use_day))
      out.push_back(fmt::format("On days with {}: {} on average, was {}.", s.substance,
                                amount_text(*s.amount_per_use_day, s.unit),
                                short_number(*p.amount_per_use_day)));
    if (lower_shown(s.max_in_a_day, p.max_in_a_day))
      out.push_back(fmt::format("Most {} in one day: {}, was {}.", s.substance,
                                amount_text(*s.max_in_a_day, s.unit),
                                short_number(*p.max_in_a_day)));
    if (s.heavy_days && p.heavy_days && *s.heavy_days < *p.heavy_days)
      out.push_back(
          fmt::format("{} with {} or more of {} than {}.",
                      count_text(*p.heavy_days - *s.heavy_days, "fewer day", "fewer days"),
                      amount_text(*s.heavy_day_threshold, s.unit), s.substance, than));
    if (p.days_with_amount > 0 && s.days_with_amount > 0 && shown(s.total) < shown(p.total))
      out.push_back(fmt::format("Total {}: {}, was {}.", s.substance,
                                amount_text(s.total, s.unit), short_number(p.total)));
  }
  if (now.spending && before.spending && money(*now.spending) != money(*before.spending) &&
      *now.spending < *before.spending)
    out.push_back(fmt::format("Spent {} less than {}.",
                              with_currency(*before.spending - *now.spending, r.currency), than));

  const UrgeFigures& u = now.urges;
  const UrgeFigures& pu = before.urges;
  if (u.percent_not_acted_on && pu.percent_not_acted_on &&
      std::lround(*u.percent_not_acted_on) > std::lround(*pu.percent_not_acted_on))
    out.push_back(fmt::format("Urges you didn't act on: {} of {} ({}%), was {}%.", u.not_acted_on,
                              u.with_outcome, std::lround(*u.percent_not_acted_on),
                              std::lround(*pu.percent_not_acted_on)));
  if (lower_shown(u.mean_intensity, pu.mean_intensity))
    out.push_back(fmt::format("Urges averaged {} out of 10, was {}.",
                              short_number(*u.mean_intensity), short_number(*pu.mean_intensity)));
  if (lower_shown(before.moods.mean, now.moods.mean))
    out.push_back(fmt::format("Mood averaged {} out of 10, was {}.",
                              short_number(*now.moods.mean), short_number(*before.moods.mean)));
  return out;
}

namespace {

constexpr size_t kLabelWidth = 30;
constexpr size_t kValueWidth = 18;

void row(std::string* out, std::string_view label, const std::string& now,
         const std::string& before) {
  *out += pad(fmt::format("  {}", label), kLabelWidth) + pad(now, kValueWidth, true) +
          pad(before, kValueWidth, true) + "\n";
}

// The mark for a figure that has no value because no day was counted (before the log
// started): an en dash, or a hyphen when the terminal takes ASCII only.
std::string uncounted(const ChartStyle& style) { return style.utf8 ? "\u2013" : "-"; }

// "5 of 12 (42%)"; a dash when no day was counted.
std::string of_days(int part, int days, const ChartStyle& style) {
  if (days == 0) return uncounted(style);
  return fmt::format("{} of {} ({}%)", part, days, std::lround(100.0 * part / days));
}

// Each section starts after a blank line, its name beside the column heads.
std::string heading(std::string_view text, const ChartStyle& style) {
  std::string line = pad(text, kLabelWidth) + pad("this period", kValueWidth, true) +
                     pad("previous", kValueWidth, true);
  return "\n" + paint(line, "1", style) + "\n";
}

// Use days without a known amount still show, at the lowest mark above a day off.
std::vector<double> chart_values(const SubstanceFigures& s) {
  double max = 0;
  for (double v : s.daily_amounts) max = std::max(max, v);
  std::vector<double> values = s.daily_amounts;
  for (size_t i = 0; i < values.size(); ++i)
    if (s.daily_use[i] && values[i] <= 0) values[i] = max > 0 ? max / 7 : 1;
  return values;
}

void bucket_table(std::string* out, const TrendsResult& r, size_t i, const ChartStyle& style) {
  const SubstanceFigures& s = r.current.substances[i];
  bool amounts = s.days_with_amount > 0;
  std::string amount_head = s.unit.empty() ? std::string("amount") : unit_plural(s.unit);
  std::string_view first_head = r.by == Bucket::week ? "week of" : bucket_name(r.by);
  *out += pad(fmt::format("  {}", first_head), 14) + pad("use days", 10, true) +
          (amounts ? pad(amount_head, 10, true) : std::string()) + "\n";
  double max = 0;
  for (const auto& b : r.buckets)
    max = std::max(max, amounts ? b.substances[i].total : b.substances[i].use_days);
  for (const auto& b : r.buckets) {
    const BucketSubstance& bs = b.substances[i];
    std::string day = format_day(b.first);
    if (r.by == Bucket::month) day.resize(7);
    std::string line = pad("  " + day, 14) + pad(std::to_string(bs.use_days), 10, true);
    if (amounts) line += pad(short_number(bs.total), 10, true);
    std::string drawn = bar(amounts ? bs.total : bs.use_days, max, 20, style);
    if (!drawn.empty()) line += "  " + drawn;
    *out += line + "\n";
  }
}

void substance_section(std::string* out, const TrendsResult& r, size_t i,
                       const ChartStyle& style) {
  const SubstanceFigures& s = r.current.substances[i];
  const SubstanceFigures& p = r.previous.substances[i];
  std::string unit = unit_plural(s.unit);
  *out += heading(unit.empty() ? s.substance : fmt::format("{}, in {}", s.substance, unit), style);
  row(out, "days off", of_days(s.days_off, s.counted_days, style),
      of_days(p.days_off, p.counted_days, style));
  row(out, "use days", std::to_string(s.use_days),
      p.counted_days ? std::to_string(p.use_days) : uncounted(style));
  bool amounts = s.days_with_amount > 0 || p.days_with_amount > 0;
  // A previous period before the log started has no figures: a dash, never a zero.
  auto before = [&](std::string v) { return p.counted_days > 0 ? v : uncounted(style); };
  if (amounts) {
    row(out, "per use day (mean)", opt_number(s.amount_per_use_day),
        before(opt_number(p.amount_per_use_day)));
    row(out, "most in a day", opt_number(s.max_in_a_day), before(opt_number(p.max_in_a_day)));
    if (s.heavy_day_threshold)
      row(out, fmt::format("days with {} or more", amount_text(*s.heavy_day_threshold, s.unit)),
          std::to_string(s.heavy_days.value_or(0)),
          before(std::to_string(p.heavy_days.value_or(0))));
    row(out, "total", short_number(s.total), before(short_number(p.total)));
  }
  if (s.spending || p.spending)
    row(out, r.currency.empty() ? "spent" : fmt::format("spent ({})", r.currency),
        s.spending ? money(*s.spending) : "-", p.spending ? money(*p.spending) : "-");
  if (!s.other_amounts.empty()) {
    std::string list;
    for (const auto& a : s.other_amounts)
      list += (list.empty() ? "" : ", ") + format_amount(a.total, a.unit);
    *out += fmt::format("  also logged, not in {}: {}\n", unit.empty() ? "the total" : unit, list);
  }
  if (r.current.days > 0 && r.current.days <= 62)
    *out += "  daily" + std::string(kLabelWidth - 7, ' ') +
            sparkline(chart_values(s), style) + "\n";
  if (std::string b = breaks_text(s.breaks); !b.empty()) *out += "  " + b + "\n";
  bucket_table(out, r, i, style);
}

// Money against the person's baseline (spending.hpp): each week beside it, and what was
// saved only when it was.
void money_section(std::string* out, const TrendsResult& r, const ChartStyle& style) {
  const SpendingBaseline& m = r.money;
  *out += "\n" +
          paint(r.currency.empty() ? "money by week" : fmt::format("money by week ({})", r.currency),
                "1", style) +
          "\n";
  if (m.per_week)
    *out += m.set_by_person
                ? fmt::format("  a week before, by your own count: {}\n", money(*m.per_week))
                : fmt::format("  a week in your first four weeks (from {}): {}\n",
                              format_day(*m.from), money(*m.per_week));
  else if (m.ready_on)
    *out += fmt::format("  your first four tracked weeks end on {}; from then on each week "
                        "shows beside them\n",
                        format_day(*m.ready_on));
  // A long period shows the summary only.
  if (m.weeks.size() <= 9)
    for (const auto& w : m.weeks) {
      std::string spent = w.spent    ? money(*w.spent)
                          : w.logged ? std::string("not known: uses without a cost")
                                     : std::string("nothing logged");
      *out += fmt::format("  week of {}: {}{}\n", format_day(w.first), spent,
                          w.whole ? "" : " (so far)");
    }
  if (m.saved)
    *out += paint(fmt::format("About {} less than {} over {} {}.", with_currency(*m.saved,
                                                                                 r.currency),
                              m.set_by_person ? "your own count of before"
                                              : "the pace of your first four weeks",
                              m.weeks_compared, m.weeks_compared == 1 ? "week" : "weeks"),
                  "32", style) +
            "\n";
}

void urge_section(std::string* out, const TrendsResult& r, const ChartStyle& style) {
  const UrgeFigures& u = r.current.urges;
  const UrgeFigures& p = r.previous.urges;
  *out += heading("urges", style);
  row(out, "logged", std::to_string(u.count), std::to_string(p.count));
  row(out, "mean intensity (0-10)", opt_number(u.mean_intensity), opt_number(p.mean_intensity));
  row(out, "not acted on", u.with_outcome ? of_days(u.not_acted_on, u.with_outcome, style) : "-",
      p.with_outcome ? of_days(p.not_acted_on, p.with_outcome, style) : "-");
  row(out, "  ridden out", std::to_string(u.ridden_out), std::to_string(p.ridden_out));
  if (u.met_another_way > 0 || p.met_another_way > 0)
    row(out, "  met another way", std::to_string(u.met_another_way),
        std::to_string(p.met_another_way));
  auto list = [&](std::string_view label, const std::vector<CountedText>& items) {
    if (items.empty()) return;
    std::string text;
    for (const auto& c : items)
      text += fmt::format("{}{} ({})", text.empty() ? "" : ", ", c.text, c.count);
    *out += fmt::format("  {}: {}\n", label, text);
  };
  list("common triggers", u.top_triggers);
  list("common feelings", u.top_feelings);
}

void mood_section(std::string* out, const TrendsResult& r, const ChartStyle& style) {
  const MoodFigures& m = r.current.moods;
  const MoodFigures& p = r.previous.moods;
  auto range = [](const MoodFigures& f) {
    return f.min ? fmt::format("{} to {}", *f.min, *f.max) : std::string("-");
  };
  *out += heading("moods (1-10)", style);
  row(out, "logged", std::to_string(m.count), std::to_string(p.count));
  row(out, "mean", opt_number(m.mean), opt_number(p.mean));
  row(out, "lowest to highest", range(m), range(p));
  row(out, "mean on use days", opt_number(m.mean_on_use_days), opt_number(p.mean_on_use_days));
  row(out, "mean on days off", opt_number(m.mean_on_other_days), opt_number(p.mean_on_other_days));
}

}  // namespace

std::string render_trends(const TrendsResult& r, const ChartStyle& style) {
  const PeriodFigures& now = r.current;
  const PeriodFigures& before = r.previous;
  std::string out;
  std::string label = capitalized(r.label.empty() ? std::string("trends") : r.label);
  if (now.days == 0) {
    out += fmt::format("{}: this period starts after today, so there is nothing to show yet.\n",
                       label);
    return out;
  }
  out += fmt::format("{}: {} to {}\n", label, format_day(now.first), format_day(now.last));
  out += fmt::format("{}: {} to {}\n", capitalized(previous_phrase(before.days)),
                     format_day(before.first), format_day(before.last));
  if (r.substance)
    out += fmt::format("Only {} and urges about it; moods are all included.\n", *r.substance);
  std::string coverage = coverage_text(now.logged_days, now.days, now.log_starts);
  if (now.counted_days == 0)
    out += "Nothing counted in this period yet. Log whenever it's useful, even a day off "
           "(ebb none).\n";
  else
    out += coverage + (now.logged_days < now.counted_days
                           ? fmt::format(" {}\n", kNothingLoggedIsNoUse)
                           : "\n");
  if (now.counted_days > 0 && before.counted_days == 0)
    out += fmt::format("Nothing was logged before this period, so {} shown as {}, "
                       "not as days off.\n",
                       before.days == 1 ? std::string("the day before is")
                                        : previous_phrase(before.days) + " are",
                       uncounted(style));

  bool spending = now.spending || before.spending;
  if (now.substances.size() != 1) {
    out += heading(r.substance ? *r.substance : std::string("all substances"), style);
    row(&out, "days off", of_days(now.days_off, now.counted_days, style),
        of_days(before.days_off, before.counted_days, style));
    if (spending)
      row(&out, r.currency.empty() ? "spent" : fmt::format("spent ({})", r.currency),
          now.spending ? money(*now.spending) : "-",
          before.spending ? money(*before.spending) : "-");
  }
  for (size_t i = 0; i < now.substances.size(); ++i) substance_section(&out, r, i, style);
  if (r.has_money) money_section(&out, r, style);
  if (now.urges.count > 0 || before.urges.count > 0) urge_section(&out, r, style);
  if (now.moods.count > 0 || before.moods.count > 0) mood_section(&out, r, style);
  auto words = words_lines(r.words, "", 5, style.utf8);
  if (!words.empty()) {
    out += "\n" + paint(words.front(), "1", style) + "\n";
    for (size_t i = 1; i < words.size(); ++i) out += words[i] + "\n";
  }
  if (!r.changes.empty()) {
    out += "\n";
    for (const auto& line : r.changes) out += paint(line, "32", style) + "\n";
  }
  return out;
}

namespace {

void counted(JsonWriter& w, std::string_view key, const std::vector<CountedText>& items) {
  w.key(key).begin_array();
  for (const auto& c : items)
    w.begin_object().field("text", c.text).field("count", c.count).end_object();
  w.end_array();
}

void figures_json(JsonWriter& w, const PeriodFigures& p, bool daily,
                  const std::function<void()>& spill) {
  w.begin_object();
  w.field("first", format_day(p.first)).field("last", format_day(p.last));
  w.field("days", p.days).field("entries", p.entries);
  w.field("counted_days", p.counted_days).field("logged_days", p.logged_days);
  w.key("log_starts");
  if (p.log_starts) w.value(format_day(*p.log_starts));
  else w.null();
  w.field("use_days", p.use_days).field("days_off", p.days_off);
  w.field("percent_days_abstinent", round2(p.percent_days_abstinent));
  w.field("spending", round2(p.spending));
  w.key("substances").begin_array();
  for (const auto& s : p.substances) {
    w.begin_object();
    w.field("substance", s.substance).field("class", s.substance_class).field("unit", s.unit);
    w.field("uses", s.uses).field("use_days", s.use_days).field("days_off", s.days_off);
    w.field("counted_days", s.counted_days);
    w.field("percent_days_abstinent", round2(s.percent_days_abstinent));
    w.field("days_with_amount", s.days_with_amount);
    w.field("amount_per_use_day", round2(s.amount_per_use_day));
    w.field("max_in_a_day", round2(s.max_in_a_day));
    w.field("total", round2(s.total));
    w.field("heavy_day_threshold", s.heavy_day_threshold);
    w.field("heavy_days", s.heavy_days);
    w.field("percent_heavy_days", round2(s.percent_heavy_days));
    w.field("spending", round2(s.spending));
    if (daily) write_breaks_json(w, s.breaks);  // the current period only (breaks.hpp)
    w.key("other_amounts").begin_array();
    for (const auto& a : s.other_amounts)
      w.begin_object().field("unit", a.unit).field("total", round2(a.total)).end_object();
    w.end_array();
    if (daily) {
      w.key("daily").begin_array();
      for (size_t i = 0; i < s.daily_use.size(); ++i)
        w.begin_object()
            .field("date", format_day(p.first + date::days{static_cast<int>(i)}))
            .field("used", static_cast<bool>(s.daily_use[i]))
            .field("amount", round2(s.daily_amounts[i]))
            .end_object();
      w.end_array();
    }
    w.end_object();
    spill();
  }
  w.end_array();
  const UrgeFigures& u = p.urges;
  w.key("urges").begin_object();
  w.field("count", u.count).field("mean_intensity", round2(u.mean_intensity));
  w.field("with_outcome", u.with_outcome).field("ridden_out", u.ridden_out);
  w.field("met_another_way", u.met_another_way).field("not_acted_on", u.not_acted_on);
  w.field("percent_ridden_out", round2(u.percent_ridden_out));
  w.field("percent_not_acted_on", round2(u.percent_not_acted_on));
  counted(w, "top_triggers", u.top_triggers);
  counted(w, "top_feelings", u.top_feelings);
  w.end_object();
  const MoodFigures& m = p.moods;
  w.key("moods").begin_object();
  w.field("count", m.count).field("mean", round2(m.mean)).field("min", m.min).field("max", m.max);
  w.field("mean_on_use_days", round2(m.mean_on_use_days));
  w.field("mean_on_other_days", round2(m.mean_on_other_days));
  w.end_object();
  w.end_object();
}

}  // namespace

std::string trends_json(const TrendsResult& r, bool pretty,
                        const std::function<void(JsonWriter&)>& more) {
  std::string out;
  write_trends_json(r, pretty, more, [&](std::string_view piece) { out += piece; });
  return out;
}

void write_trends_json(const TrendsResult& r, bool pretty,
                       const std::function<void(JsonWriter&)>& more,
                       const std::function<void(std::string_view)>& out) {
  JsonWriter w(pretty);
  // Ten years of figures and notes are megabytes: handed on a piece at a time.
  auto spill = [&] { w.hand_on_piece(out); };
  w.begin_object();
  w.field("label", r.label);
  w.key("substance");
  if (r.substance) w.value(*r.substance);
  else w.null();
  w.field("currency", r.currency);
  w.key("current");
  figures_json(w, r.current, true, spill);
  w.key("previous");
  figures_json(w, r.previous, false, spill);
  w.field("by", bucket_name(r.by));
  w.key("buckets").begin_array();
  for (const auto& b : r.buckets) {
    w.begin_object().field("first", format_day(b.first)).field("last", format_day(b.last));
    w.field("days", b.days).key("substances").begin_array();
    for (size_t i = 0; i < b.substances.size(); ++i)
      w.begin_object()
          .field("substance", r.current.substances[i].substance)
          .field("use_days", b.substances[i].use_days)
          .field("total", round2(b.substances[i].total))
          .end_object();
    w.end_array().end_object();
    spill();
  }
  w.end_array();
  w.field("changes", r.changes);
  const SpendingBaseline& m = r.money;
  w.key("money").begin_object();
  w.field("baseline_per_week", round2(m.per_week));
  w.field("baseline", m.per_week ? (m.set_by_person ? "plan" : "first_four_weeks") : "");
  w.key("baseline_from");
  if (m.from && !m.set_by_person) w.value(format_day(*m.from));
  else w.null();
  w.field("baseline_weeks_known", m.weeks_known);
  w.key("baseline_ready_on");
  if (m.ready_on) w.value(format_day(*m.ready_on));
  else w.null();
  w.key("weeks").begin_array();
  for (const auto& wk : m.weeks)
    w.begin_object()
        .field("first", format_day(wk.first))
        .field("spent", round2(wk.spent))
        .field("whole", wk.whole)
        .end_object();
  w.end_array();
  w.field("weeks_compared", m.weeks_compared);
  w.field("saved", round2(m.saved));
  w.end_object();
  w.key("in_your_words");
  write_words_json(w, r.words, spill);
  if (more) more(w);
  w.end_object();
  out(w.str());
}

}  // namespace ebb
