#include "ebb/core/when.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "when_words.hpp"

namespace ebb {

using namespace when_words;
using std::chrono::seconds;

namespace {

enum class PieceKind {
  now, today, yesterday, last_night, weekday, date, clock, date_time, at, ago, duration
};

// "last night" without a clock time: late evening of the day before.
constexpr std::chrono::seconds kLastNight = std::chrono::hours{22};

struct Piece {
  PieceKind kind{};
  LocalDay day{};
  date::weekday weekday{};
  Clock clock;
};

// Joins the words people split: "9 pm", "21:00 +01:00".
void merge_split_words(std::vector<Token>* toks) {
  std::vector<Token> out;
  for (auto& t : *toks) {
    if (!out.empty()) {
      Token& prev = out.back();
      bool ampm = t.low == "am" || t.low == "pm" || t.low == "a.m." || t.low == "p.m.";
      bool prev_number = is_digits(prev.low) || prev.low.find(':') != std::string::npos;
      seconds off;
      Clock c;
      std::string ignored;
      bool offset_after_clock = (t.low[0] == '+' || t.low[0] == '-') && read_offset(t.low, &off) &&
                                read_clock24(prev.low, &c, &ignored) == Shape::ok && !c.offset;
      bool last_night = prev.low == "last" && t.low == "night";
      if ((ampm && prev_number) || offset_after_clock || last_night) {
        if (last_night) {
          prev.text += ' ' + t.text;
          prev.low += ' ' + t.low;
          continue;
        }
        prev.text += ' ' + t.text;
        prev.low += t.low;
        continue;
      }
    }
    out.push_back(std::move(t));
  }
  *toks = std::move(out);
}

std::string examples(bool for_bound) {
  return for_bound ? "Times that work: 2026-11-01, today, mon, 7d, 21:00, yesterday 21:00, "
                     "2h ago, 2026-11-20 21:00."
                   : "Times that work: 21:00, 9pm, yesterday 21:00, fri 22:00, 2h ago, "
                     "2026-11-20 21:00.";
}

std::string unreadable(std::string_view part, std::string_view whole, bool for_bound) {
  if (part == whole)
    return fmt::format("Couldn't read \"{}\" as a time. {}", whole, examples(for_bound));
  return fmt::format("Couldn't read \"{}\" in \"{}\". {}", part, whole, examples(for_bound));
}

Shape classify(const Token& t, Piece* p, std::string* err) {
  const std::string& w = t.low;
  auto as = [&](PieceKind k, Shape r = Shape::ok) {
    p->kind = k;
    return r;
  };
  if (w == "now") return as(PieceKind::now);
  if (w == "today") return as(PieceKind::today);
  if (w == "yesterday") return as(PieceKind::yesterday);
  if (w == "last night") return as(PieceKind::last_night);
  if (w == "tomorrow" || w == "tonight") {
    *err = fmt::format("ebb logs what already happened, so \"{}\" can't be used. For the "
                       "night before, write \"last night\" or \"last night 01:30\".",
                       t.text);
    return Shape::bad;
  }
  if (w == "at") return as(PieceKind::at);
  if (w == "ago") return as(PieceKind::ago);
  if (auto wd = weekday_named(w)) {
    p->weekday = *wd;
    return as(PieceKind::weekday);
  }
  Shape r = read_date(w, &p->day, err);
  if (r != Shape::no) return as(PieceKind::date, r);
  if (w.size() > 11 && w[10] == 't') {
    r = read_date(w.substr(0, 10), &p->day, err);
    if (r == Shape::ok) r = read_clock24(w.substr(11), &p->clock, err);
    if (r != Shape::no) return as(PieceKind::date_time, r);
  }
  r = read_clock(w, &p->clock, err);
  if (r != Shape::no) return as(PieceKind::clock, r);
  if (is_duration_word(w)) return as(PieceKind::duration);
  return Shape::no;
}

// What some text means before the caller decides whether it fits: a moment, a whole
// person's day, or a number of days back (a "7d" bound).
struct Reading {
  enum class Kind { instant, day, span } kind = Kind::instant;
  Instant at{};
  LocalDay day{};
  long long span_days = 0;
  std::string text;
};

std::string short_local(date::local_seconds t) {
  auto day = date::floor<date::days>(t);
  date::hh_mm_ss<seconds> tod{t - day};
  std::string r =
      fmt::format("{} {:02}:{:02}", format_day(day), tod.hours().count(), tod.minutes().count());
  if (tod.seconds().count()) r += fmt::format(":{:02}", tod.seconds().count());
  return r;
}

std::string short_clock(date::local_seconds t) {
  std::string s = short_local(t);
  return s.substr(11);
}

// RFC 3339 with the zone's offset, seconds left out when zero: "2026-03-29T01:30+01:00".
std::string short_rfc3339(Instant t, const Zone* zone) {
  std::string s = format_rfc3339(t, zone);
  if (s.compare(16, 3, ":00") == 0) s.erase(16, 3);
  return s;
}

// Turns a local wall-clock time into an instant. *earliest is set even when the time is in
// a gap or overlap, so callers can tell "this week" from "last week" before complaining.
bool resolve_local(date::local_seconds local, const std::optional<seconds>& offset,
                   const Zone* zone, Instant* out, Instant* earliest, std::string* err) {
  auto as_instant = [&](seconds off) { return Instant{local.time_since_epoch()} - off; };
  if (offset) {
    *out = *earliest = as_instant(*offset);
    return true;
  }
  auto info = zone->get_info(local);
  if (info.result == LocalReading::unique) {
    *out = *earliest = as_instant(info.first.offset);
    return true;
  }
  Instant a = as_instant(info.first.offset), b = as_instant(info.second.offset);
  if (b < a) std::swap(a, b);
  *earliest = a;
  Instant change = info.second.begin;
  auto before = date::local_seconds{(change + info.first.offset).time_since_epoch()};
  auto after = date::local_seconds{(change + info.second.offset).time_since_epoch()};
  if (info.result == LocalReading::nonexistent) {
    *err = fmt::format(
        "{} doesn't exist in {}: the clocks move forward from {} to {}. Did you mean {} or {}? "
        "Write one of those to pick.",
        short_local(local), zone->name(), short_clock(before), short_clock(after),
        short_rfc3339(a, zone), short_rfc3339(b, zone));
  } else {
    *err = fmt::format(
        "{} happens twice in {}: the clocks move back from {} to {}. Did you mean {} (the "
        "first time) or {} (the second)? Write one of those to pick.",
        short_local(local), zone->name(), short_clock(before), short_clock(after),
        short_rfc3339(a, zone), short_rfc3339(b, zone));
  }
  return false;
}

LocalDay today_of(const WhenContext& ctx) { return logical_day(ctx.now, ctx.zone, ctx.days); }

// The most recent person's day that is weekday `wd`; today counts.
LocalDay last_weekday(const WhenContext& ctx, date::weekday wd) {
  LocalDay today = today_of(ctx);
  return today - (date::weekday{today} - wd);
}

// A clock time on a person's day: before the day start it belongs to the next calendar date.
date::local_seconds on_person_day(LocalDay d, seconds tod, const DaySettings& days) {
  LocalDay date = tod >= days.day_start ? d : d + date::days{1};
  return date::local_seconds{date} + tod;
}

bool read_relative(const std::vector<Token>& toks, const WhenContext& ctx, bool for_bound,
                   Reading* out, std::string* err) {
  std::string whole = join(toks);
  size_t end = 0;
  while (end < toks.size() && is_duration_word(toks[end].low)) ++end;
  bool has_ago = end < toks.size() && toks[end].low == "ago";
  // "2 days ago 21:00" (or "... at 21:00"): a clock time on the day that many days back.
  std::optional<Clock> clock;
  if (has_ago && end + 1 < toks.size()) {
    size_t c = end + 1;
    if (toks[c].low == "at" && c + 1 < toks.size()) ++c;
    Clock parsed;
    std::string clock_err;
    if (c + 1 == toks.size() && read_clock(toks[c].low, &parsed, &clock_err) == Shape::ok)
      clock = parsed;
  }
  if (end < toks.size() && (!has_ago || (end + 1 < toks.size() && !clock))) {
    size_t bad = has_ago ? end + 1 : end;
    *err = unreadable(toks[bad].text, whole, for_bound);
    return false;
  }
  SpokenDuration amount;
  size_t bad = 0;
  std::string why;
  if (!read_duration(toks, 0, end, &amount, &bad, &why)) {
    if (why.empty() && has_ago && is_digits(toks[bad].low))
      why = fmt::format("\"{}\" needs a unit, like {}m, {}h or {} days.", toks[bad].text,
                        toks[bad].text, toks[bad].text, toks[bad].text);
    *err = why.empty() ? unreadable(toks[bad].text, whole, for_bound) : why;
    return false;
  }
  if (!has_ago) {
    if (amount.secs == 0) {
      out->kind = Reading::Kind::span;
      out->span_days = amount.days;
      out->text = whole;
      return true;
    }
    *err = fmt::format("\"{}\" is a length of time. For that long before now, write \"{} ago\".",
                       whole, whole);
    if (amount.days == 0 && amount.pairs == 1 && amount.secs % 3600 == 0 && amount.secs < 24 * 3600)
      *err += fmt::format(" For the time of day, write {:02}:00.", amount.secs / 3600);
    return false;
  }
  if (amount.days > kMaxCount) {
    *err = fmt::format("\"{}\" reaches further back than ebb counts.", whole);
    return false;
  }
  if (clock) {
    if (amount.secs != 0 || amount.days == 0) {
      *err = fmt::format("\"{}\": a time of day goes with whole days back, like \"2 days ago "
                         "21:00\".",
                         whole);
      return false;
    }
    out->kind = Reading::Kind::instant;
    Instant earliest;
    return resolve_local(on_person_day(today_of(ctx) - date::days{amount.days}, clock->tod,
                                       ctx.days),
                         clock->offset, ctx.zone, &out->at, &earliest, err);
  }
  Instant base = ctx.now;
  if (amount.days > 0) {
    // Calendar days: the same wall-clock time that many dates back.
    auto local = ctx.zone->to_local(ctx.now) - date::days{amount.days};
    Instant earliest;
    if (!resolve_local(local, std::nullopt, ctx.zone, &base, &earliest, err)) return false;
  }
  out->kind = Reading::Kind::instant;
  out->at = base - seconds{amount.secs};
  return true;
}

bool read_text(std::string_view text, const WhenContext& ctx, bool for_bound, Reading* out,
               std::string* err) {
  if (!ctx.zone) {
    *err = "No time zone is set, so local times can't be read.";
    return false;
  }
  std::vector<Token> toks = split_words(text);
  if (toks.empty()) {
    *err = fmt::format("No time given. {}", examples(for_bound));
    return false;
  }
  merge_split_words(&toks);
  const std::string whole = join(toks);
  std::vector<Piece> pieces(toks.size());
  for (size_t i = 0; i < toks.size(); ++i) {
    Shape r = classify(toks[i], &pieces[i], err);
    if (r == Shape::bad) {
      // Name the part as typed ("13PM"), not as matched.
      std::string quoted = '"' + toks[i].low + '"';
      if (err->compare(0, quoted.size(), quoted) == 0)
        err->replace(1, toks[i].low.size(), toks[i].text);
      return false;
    }
    if (r == Shape::no) {
      *err = unreadable(toks[i].text, whole, for_bound);
      return false;
    }
  }
  if (pieces[0].kind == PieceKind::duration) return read_relative(toks, ctx, for_bound, out, err);
  if (pieces.size() == 1 && pieces[0].kind == PieceKind::now) {
    out->at = ctx.now;
    return true;
  }

  // A day part and a clock part, in either order, with an optional "at".
  const Piece* day = nullptr;
  const Piece* clock = nullptr;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    bool fits = false;
    switch (p.kind) {
      case PieceKind::today:
      case PieceKind::yesterday:
      case PieceKind::last_night:
      case PieceKind::weekday:
      case PieceKind::date:
        fits = !day;
        day = &p;
        break;
      case PieceKind::clock:
        fits = !clock;
        clock = &p;
        break;
      case PieceKind::date_time:
        fits = !day && !clock;
        day = clock = &p;
        break;
      case PieceKind::at:
        fits = i + 1 < pieces.size() && pieces[i + 1].kind != PieceKind::at;
        break;
      default:
        break;
    }
    if (!fits) {
      *err = unreadable(toks[i].text, whole, for_bound);
      return false;
    }
  }
  out->text = whole;
  // "last night" is a moment (22:00 the day before) unless a clock time says when.
  if (!clock && day && day->kind == PieceKind::last_night && !for_bound) {
    out->kind = Reading::Kind::instant;
    Instant earliest;
    return resolve_local(on_person_day(today_of(ctx) - date::days{1}, kLastNight, ctx.days),
                         std::nullopt, ctx.zone, &out->at, &earliest, err);
  }
  if (!clock) {
    if (!day) {  // only "at"s can get here, and those are refused above
      *err = unreadable(whole, whole, for_bound);
      return false;
    }
    out->kind = Reading::Kind::day;
    switch (day->kind) {
      case PieceKind::today:
        out->day = today_of(ctx);
        break;
      case PieceKind::yesterday:
      case PieceKind::last_night:
        out->day = today_of(ctx) - date::days{1};
        break;
      case PieceKind::weekday:
        out->day = last_weekday(ctx, day->weekday);
        break;
      default:
        out->day = day->day;
    }
    return true;
  }
  out->kind = Reading::Kind::instant;
  const Clock& c = clock->clock;
  Instant earliest;
  if (day && (day->kind == PieceKind::date || day->kind == PieceKind::date_time))
    return resolve_local(date::local_seconds{day->day} + c.tod, c.offset, ctx.zone, &out->at,
                         &earliest, err);
  LocalDay d = today_of(ctx);
  if (day && (day->kind == PieceKind::yesterday || day->kind == PieceKind::last_night))
    d -= date::days{1};
  if (day && day->kind == PieceKind::weekday) {
    // The most recent such day whose time is not after now.
    d = last_weekday(ctx, day->weekday);
    std::string first_err;
    bool ok = resolve_local(on_person_day(d, c.tod, ctx.days), c.offset, ctx.zone, &out->at,
                            &earliest, &first_err);
    if (earliest <= ctx.now) {
      if (!ok) *err = first_err;
      return ok;
    }
    d -= date::days{7};
  }
  return resolve_local(on_person_day(d, c.tod, ctx.days), c.offset, ctx.zone, &out->at, &earliest,
                       err);
}

}  // namespace

bool parse_when(std::string_view text, const WhenContext& ctx, Instant* out, std::string* err) {
  Reading r;
  if (!read_text(text, ctx, false, &r, err)) return false;
  switch (r.kind) {
    case Reading::Kind::instant:
      if (!writable_instant(r.at)) {
        *err = fmt::format("\"{}\" is outside {}, which ebb keeps.", trim(text), kKeptYears);
        return false;
      }
      *out = r.at;
      return true;
    case Reading::Kind::day:
      *err = fmt::format("\"{}\" is a day; add a time, like {} 21:00.", r.text, r.text);
      return false;
    case Reading::Kind::span:
    default:
      *err = fmt::format("\"{}\" is a length of time. For that long before now, write \"{} ago\".",
                         r.text, r.text);
      return false;
  }
}

bool parse_bound(std::string_view text, const WhenContext& ctx, bool is_until, Instant* out,
                 std::string* err) {
  Reading r;
  if (!read_text(text, ctx, true, &r, err)) return false;
  switch (r.kind) {
    case Reading::Kind::instant:
      *out = r.at;
      return true;
    case Reading::Kind::day:
      *out = day_begin(is_until ? r.day + date::days{1} : r.day, ctx.zone, ctx.days);
      return true;
    case Reading::Kind::span:
    default:
      if (is_until) {
        *err = fmt::format(
            "\"{}\" counts back from today, so it works as a start. For an end, "
            "write a day or a time, like yesterday or {} ago.",
            r.text, r.text);
        return false;
      }
      if (r.span_days < 1 || r.span_days > kMaxCount) {
        *err = fmt::format("\"{}\" needs a number of days from 1 to {}.", r.text, kMaxCount);
        return false;
      }
      *out = day_begin(today_of(ctx) - date::days{r.span_days - 1}, ctx.zone, ctx.days);
      return true;
  }
}

}  // namespace ebb
