#include "ebb/core/entry_format.hpp"

#include <fmt/format.h>

#include "ebb/core/amount.hpp"

namespace ebb {

namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string outcome_phrase(const Entry& e) {
  switch (e.outcome) {
    case Outcome::rode_out: return "rode it out";
    case Outcome::used: return "used";
    case Outcome::other: return e.outcome_note.empty() ? "something else" : e.outcome_note;
    case Outcome::none: break;
  }
  return "";
}

}  // namespace

std::string entry_summary(const Entry& e) {
  switch (e.kind) {
    case Kind::use: {
      std::string s = e.beverage.empty() ? e.substance : e.beverage;
      if (e.amount) s += ", " + format_amount(*e.amount, e.unit);
      if (e.abv) s += fmt::format(" at {}%", *e.abv);
      return s;
    }
    case Kind::urge: {
      std::string s = fmt::format("urge {}/10", e.intensity.value_or(0));
      if (!e.substance.empty()) s += fmt::format(" ({})", e.substance);
      std::string o = outcome_phrase(e);
      if (!o.empty()) s += ", " + o;
      if (e.intensity_after) s += fmt::format(", {}/10 after", *e.intensity_after);
      return s;
    }
    case Kind::mood: {
      std::string s = fmt::format("mood {}/10", e.score.value_or(0));
      if (!e.feelings.empty()) s += ": " + join(e.feelings, ", ");
      return s;
    }
    case Kind::none:
      return e.substance.empty() ? std::string("a day with nothing used")
                                 : fmt::format("a day without {}", e.substance);
  }
  return "";
}

std::string format_when(Instant t, Instant now, const Zone* zone,
                        const DaySettings& days) {
  auto local = zone->to_local(t);
  auto cal_day = date::floor<date::days>(local);
  date::hh_mm_ss<std::chrono::seconds> tod{local - cal_day};
  std::string clock = fmt::format("{:02}:{:02}", tod.hours().count(), tod.minutes().count());
  auto day = logical_day(t, zone, days);
  auto today = logical_day(now, zone, days);
  if (day == today) return clock + " today";
  if (day == today - date::days{1}) return clock + " yesterday";
  date::year_month_day ymd{cal_day};
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const char* wd = kWeekdays[date::weekday{cal_day}.c_encoding()];
  const char* mon = kMonths[unsigned(ymd.month()) - 1];
  date::year_month_day now_ymd{date::floor<date::days>(zone->to_local(now))};
  if (ymd.year() == now_ymd.year())
    return fmt::format("{} {} {} {}", wd, unsigned(ymd.day()), mon, clock);
  return fmt::format("{} {} {} {} {}", wd, unsigned(ymd.day()), mon, int(ymd.year()), clock);
}

std::string short_id(const std::string& id) {
  return id.size() > 7 ? id.substr(id.size() - 7) : id;
}

void write_entry_json(JsonWriter& w, const Entry& e) {
  w.begin_object();
  write_entry_fields(w, e);
  w.end_object();
}

void write_entry_fields(JsonWriter& w, const Entry& e) {
  auto text = [](const std::string& s) -> std::optional<std::string> {
    if (s.empty()) return std::nullopt;
    return s;
  };
  w.field("id", e.id);
  w.field("kind", kind_name(e.kind));
  w.field("at", format_rfc3339_offset(e.at, e.utc_offset));
  w.field("zone", e.zone);
  w.field("created_at", format_rfc3339_offset(e.created_at, 0));
  w.field("updated_at", format_rfc3339_offset(e.updated_at, 0));
  // Each kind writes its own fields (null when empty); a field of another kind is written
  // only when set, so an export carries every stored field and the usual output stays short.
  const bool use = e.kind == Kind::use, urge = e.kind == Kind::urge, mood = e.kind == Kind::mood;
  auto opt = [&w](bool mine, std::string_view k, const auto& v) {
    if (mine || v) w.field(k, v);
  };
  auto str = [&w, &text](bool mine, std::string_view k, const std::string& v) {
    if (mine || !v.empty()) w.field(k, text(v));
  };
  if (use) {
    w.field("substance", e.substance);
    w.field("class", e.substance_class);
    w.field("beverage", text(e.beverage));
  } else {
    str(urge, "substance", e.substance);
    str(urge, "class", e.substance_class);
  }
  opt(use, "amount", e.amount);
  str(use, "unit", e.unit);
  opt(use, "abv", e.abv);
  str(use, "route", e.route);
  str(use, "where", e.place);
  str(use, "with_whom", e.with_whom);
  opt(use, "alone", e.alone);
  opt(use, "cost", e.cost);
  str(use, "reason", e.reason);
  opt(use, "tested", e.tested);
  opt(use, "mood_before", e.mood_before);
  opt(use, "felt", e.felt);
  opt(urge, "intensity", e.intensity);
  str(urge, "trigger", e.trigger);
  str(urge, "feeling", e.feeling);
  str(urge, "wanted", e.wanted);
  str(urge, "outcome", std::string(outcome_name(e.outcome)));
  str(urge, "outcome_note", e.outcome_note);
  opt(urge, "minutes", e.minutes);
  opt(urge, "intensity_after", e.intensity_after);
  opt(mood, "score", e.score);
  if (mood || !e.feelings.empty()) w.field("feelings", e.feelings);
  opt(mood, "energy", e.energy);
  w.field("note", text(e.note));
  w.field("tags", e.tags);
}

}  // namespace ebb
