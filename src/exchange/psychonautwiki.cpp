#include "ebb/exchange/psychonautwiki.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/exchange/exchange.hpp"
#include "ebb/util/json.hpp"
#include "ebb/exchange/json_read.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

// Milliseconds since 1970 as the app writes them; false outside what a date can be (the
// JavaScript range, +-8.64e15), so a damaged file can't overflow the conversion.
bool epoch_ms(double v, int64_t* out) {
  if (!std::isfinite(v) || v < -8.64e15 || v > 8.64e15) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

uint64_t fnv1a(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

const JsonValue* member(const JsonValue& obj, std::string_view key) {
  const JsonValue* v = obj.find(key);
  return v && !v->is_null() ? v : nullptr;
}

std::string text_of(const JsonValue& obj, std::string_view key) {
  const JsonValue* v = member(obj, key);
  return v && v->is_string() ? v->as_string() : std::string();
}

}  // namespace

std::string deterministic_ulid(int64_t at_ms, std::string_view key) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  uint64_t ms = static_cast<uint64_t>(std::max<int64_t>(at_ms, 0)) & ((1ull << 48) - 1);
  uint64_t h1 = fnv1a(key, 14695981039346656037ull);
  uint64_t h2 = fnv1a(key, h1 ^ 0x9E3779B97F4A7C15ull);
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[ms & 31];
    ms >>= 5;
  }
  // 80 bits: 64 from h1, 16 from h2, five at a time.
  for (int c = 0; c < 16; ++c) {
    unsigned v = 0;
    for (int b = 0; b < 5; ++b) {
      int bit = c * 5 + b;
      unsigned x = bit < 64 ? static_cast<unsigned>((h1 >> (63 - bit)) & 1u)
                            : static_cast<unsigned>((h2 >> (79 - bit)) & 1u);
      v = (v << 1) | x;
    }
    out[static_cast<size_t>(10 + c)] = kAlphabet[v];
  }
  return out;
}

std::string psychonautwiki_route(std::string_view route) {
  std::string r = lower(trim(route));
  if (r == "insufflated") return "snorted";
  if (r == "intravenous") return "injected";
  return r;
}

namespace {

// A time as the apps write it: epoch milliseconds as a JSON number (both apps' own
// serialisers), the same digits as a string, or ISO 8601 text ("2025-11-15T19:00:00.250Z",
// what a kotlinx Instant serialises to in builds that don't use the app's InstantSerializer).
bool pw_time(const JsonValue& v, int64_t* ms) {
  if (v.is_number()) return epoch_ms(v.as_number(), ms);
  if (!v.is_string()) return false;
  std::string_view s = trim(v.as_string());
  if (s.empty()) return false;
  if (s.find_first_not_of("-0123456789") == std::string_view::npos) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size()) return false;
    return epoch_ms(static_cast<double>(n), ms);
  }
  Instant t;
  if (!parse_rfc3339(s, &t)) return false;
  int64_t millis = 0;
  if (s.size() > 20 && s[19] == '.') {
    int scale = 100;
    for (size_t i = 20; i < s.size() && s[i] >= '0' && s[i] <= '9' && scale > 0; ++i, scale /= 10)
      millis += (s[i] - '0') * scale;
  }
  return epoch_ms(static_cast<double>(t.time_since_epoch().count()) * 1000.0 +
                      static_cast<double>(millis),
                  ms);
}

Instant instant_of(int64_t ms) {
  return Instant{std::chrono::floor<std::chrono::seconds>(std::chrono::milliseconds{ms})};
}

// "2025-11-15 21:30" in the person's zone.
std::string local_minute(int64_t ms, const Zone* zone) {
  std::string t = format_rfc3339(instant_of(ms), zone);
  return t.substr(0, 10) + " " + t.substr(11, 5);
}

// Shortest text of a number: 30, 0.5, 12.25.
std::string plain_number(double d) { return fmt::format("{}", d); }

std::string squash(std::string_view s) {
  std::string out;
  for (char c : lower(trim(s)))
    if (c != '_' && c != ' ') out += c;
  return out;
}

// The Shulgin rating as its sign; the apps write "twoPlus" (Android's raw value and iOS) and
// older files "TWO_PLUS".
std::string rating_sign(std::string_view option) {
  static const std::pair<std::string_view, std::string_view> kSigns[] = {
      {"minus", "-"},      {"plusminus", "\xC2\xB1"}, {"plus", "+"},
      {"twoplus", "++"},   {"threeplus", "+++"},      {"fourplus", "++++"}};
  std::string key = squash(option);
  for (const auto& [name, sign] : kSigns)
    if (key == name) return std::string(sign);
  return std::string(trim(option));
}

std::string fullness_text(std::string_view value) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"empty", "empty"}, {"quarterfull", "quarter full"}, {"halffull", "half full"},
      {"full", "full"},   {"veryfull", "very full"}};
  std::string key = squash(value);
  for (const auto& [name, text] : kNames)
    if (key == name) return std::string(text);
  return lower(trim(value));
}

struct CustomUnit {
  std::string substance, name, unit, unit_plural, original_unit, note;
  std::optional<double> dose, deviation;
  bool estimate = false;
};

std::optional<double> number_of(const JsonValue& obj, std::string_view key) {
  const JsonValue* v = member(obj, key);
  if (v && v->is_number() && std::isfinite(v->as_number())) return v->as_number();
  return std::nullopt;
}

bool bool_of(const JsonValue& obj, std::string_view key) {
  const JsonValue* v = member(obj, key);
  return v && v->is_bool() && v->as_bool();
}

bool read_custom_units(const JsonValue& doc, std::map<int64_t, CustomUnit>* out, std::string* err) {
  const JsonValue* units = member(doc, "customUnits");
  if (!units) return true;
  if (!units->is_array()) {
    *err = fmt::format("line {}: \"customUnits\" isn't a list", units->line);
    return false;
  }
  int n = 0;
  for (const auto& u : units->as_array()) {
    ++n;
    const JsonValue* id = u.is_object() ? member(u, "id") : nullptr;
    if (!id || !id->is_number() || id->as_number() != std::floor(id->as_number()) ||
        std::fabs(id->as_number()) > 9e15) {
      *err = fmt::format("custom unit {} (line {}): it needs a whole-number \"id\"", n, u.line);
      return false;
    }
    CustomUnit cu;
    cu.substance = std::string(trim(text_of(u, "substanceName")));
    cu.name = std::string(trim(text_of(u, "name")));
    cu.unit = std::string(trim(text_of(u, "unit")));
    cu.unit_plural = std::string(trim(text_of(u, "unitPlural")));
    cu.original_unit = std::string(trim(text_of(u, "originalUnit")));
    cu.note = std::string(trim(text_of(u, "note")));
    cu.dose = number_of(u, "dose");
    cu.deviation = number_of(u, "estimatedDoseStandardDeviation");
    cu.estimate = bool_of(u, "isEstimate");
    if ((cu.dose && *cu.dose < 0) || (cu.deviation && *cu.deviation < 0)) {
      *err = fmt::format("custom unit {} \"{}\" (line {}): its dose is below zero", n, cu.name,
                         u.line);
      return false;
    }
    (*out)[static_cast<int64_t>(id->as_number())] = std::move(cu);
  }
  return true;
}

// A dose given in a custom unit, in the substance's own unit, computed the way the app does
// (CustomUnitDose.calculatedDose and calculatedDoseStandardDeviation): count x dose per unit,
// and with both deviations the middle of the low and high products.
struct UnitDose {
  double dose = 0;
  std::optional<double> deviation;
};
UnitDose through_custom_unit(double count, bool estimate, std::optional<double> count_dev,
                             const CustomUnit& cu) {
  UnitDose out;
  double per = *cu.dose;
  if (cu.deviation) {
    if (estimate && count_dev) {
      double lo = (count - *count_dev) * (per - *cu.deviation);
      double hi = (count + *count_dev) * (per + *cu.deviation);
      out.dose = (lo + hi) / 2;
      out.deviation = hi - out.dose;
    } else {
      out.dose = count * per;
      out.deviation = count * *cu.deviation;
    }
  } else {
    out.dose = count * per;
    if (estimate && count_dev) out.deviation = *count_dev * per;
  }
  return out;
}

}  // namespace

bool may_be_psychonautwiki(std::string_view head) {
  size_t i = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  if (i >= head.size() || head[i] != '{') return false;
  // An ebb export names itself first: told from its first key, without reading further (a
  // search of the whole text would bring every page of a mapped file into memory).
  JsonStream js(head);
  JsonValue::Type outer{};
  std::string key;
  int line = 0;
  return !(js.open(&outer) && js.next_key(&key, &line) && key == "ebb_export");
}

bool looks_like_psychonautwiki(std::string_view text) {
  if (!may_be_psychonautwiki(text)) return false;
  // Cheap and certain enough: the apps' files have "experiences" and no "ebb_export".
  return text.find("\"experiences\"") != std::string_view::npos &&
         text.find("\"ebb_export\"") == std::string_view::npos;
}

bool read_psychonautwiki(std::string_view text, const Zone* zone,
                         PsychonautWikiImport* out, std::string* err) {
  JsonValue doc;
  JsonError jerr;
  if (!parse_json(text, &doc, &jerr)) {
    *err = fmt::format("line {}, column {}: {}", jerr.line, jerr.column, jerr.message);
    return false;
  }
  const JsonValue* exps = doc.is_object() ? doc.find("experiences") : nullptr;
  if (!exps || !exps->is_array()) {
    *err = "this isn't a PsychonautWiki Journal export (it has no \"experiences\" list)";
    return false;
  }
  std::map<int64_t, CustomUnit> custom_units;
  if (!read_custom_units(doc, &custom_units, err)) return false;

  PsychonautWikiImport result;
  std::map<std::string, int> seen;  // identity -> how many ingestions had it so far
  int xi = 0;
  for (const auto& x : exps->as_array()) {
    ++xi;
    ++result.experiences;
    std::string title = x.is_object() ? std::string(trim(text_of(x, "title"))) : "";
    auto xwhere = [&] {
      return title.empty() ? fmt::format("experience {} (line {})", xi, x.line)
                           : fmt::format("experience {} \"{}\" (line {})", xi, title, x.line);
    };
    if (!x.is_object()) {
      *err = xwhere() + ": it isn't an object";
      return false;
    }
    const JsonValue* ings = member(x, "ingestions");
    if (ings && !ings->is_array()) {
      *err = xwhere() + ": \"ingestions\" isn't a list";
      return false;
    }
    // The experience's own identity: its creation time (the apps always write one), else its
    // sort date.
    std::string exp_key;
    for (const char* k : {"creationDate", "sortDate"})
      if (const JsonValue* v = member(x, k); v && exp_key.empty()) {
        int64_t ms = 0;
        if (pw_time(*v, &ms)) exp_key = fmt::format("{}", ms);
      }
    std::string place;
    std::string coordinates;
    if (const JsonValue* loc = member(x, "location"); loc && loc->is_object()) {
      place = std::string(trim(text_of(*loc, "name")));
      auto lat = number_of(*loc, "latitude"), lon = number_of(*loc, "longitude");
      if (lat && lon) coordinates = fmt::format("{}, {}", plain_number(*lat), plain_number(*lon));
    }
    bool favourite = bool_of(x, "isFavorite");

    std::vector<Entry> mine;
    int ii = 0;
    for (const JsonValue& ing : ings ? ings->as_array() : std::vector<JsonValue>{}) {
      ++ii;
      auto where = [&] { return fmt::format("{}, ingestion {} (line {})", xwhere(), ii, ing.line); };
      if (!ing.is_object()) {
        *err = where() + ": it isn't an object";
        return false;
      }
      if (!trim(text_of(ing, "consumerName")).empty()) {
        ++result.other_people;
        continue;
      }
      std::string name(trim(text_of(ing, "substanceName")));
      const JsonValue* time = member(ing, "time");
      if (name.empty() || !time) {
        *err = where() + ": it needs a substanceName and a time";
        return false;
      }
      int64_t ms = 0;
      if (!pw_time(*time, &ms)) {
        *err = where() + ": \"time\" isn't a date ebb can read (epoch milliseconds, or ISO 8601 "
                         "like 2025-11-15T21:00:00Z)";
        return false;
      }
      Entry e;
      e.kind = Kind::use;
      e.at = instant_of(ms);
      e.zone = zone->name();
      e.utc_offset = utc_offset_at(e.at, zone);
      e.substance = name;
      std::string route_raw = text_of(ing, "administrationRoute");
      e.route = psychonautwiki_route(route_raw);
      std::optional<int64_t> created;
      if (const JsonValue* c = member(ing, "creationDate")) {
        int64_t cms = 0;
        if (pw_time(*c, &cms)) created = cms;
      }
      e.created_at = instant_of(created.value_or(ms));
      e.updated_at = e.created_at;

      std::vector<std::string> details;
      if (const JsonValue* end = member(ing, "endTime")) {
        int64_t end_ms = 0;
        if (!pw_time(*end, &end_ms)) {
          *err = where() + ": \"endTime\" isn't a date ebb can read (epoch milliseconds, or ISO "
                           "8601 like 2025-11-15T21:00:00Z)";
          return false;
        }
        int64_t minutes = (end_ms - ms) / 60000;
        if (end_ms >= ms && minutes <= 7 * 24 * 60) e.minutes = static_cast<int>(minutes);
        else details.push_back("Ended " + local_minute(end_ms, zone));
      }
      const JsonValue* dose = member(ing, "dose");
      if (dose && (!dose->is_number() || !(dose->as_number() >= 0) ||
                   !std::isfinite(dose->as_number()))) {
        *err = where() + ": \"dose\" isn't a number of zero or more";
        return false;
      }
      bool estimate = bool_of(ing, "isDoseAnEstimate");
      std::optional<double> deviation = number_of(ing, "estimatedDoseStandardDeviation");
      if (deviation && *deviation < 0) {
        *err = where() + ": \"estimatedDoseStandardDeviation\" is below zero";
        return false;
      }
      std::string units(trim(text_of(ing, "units")));
      std::optional<int64_t> custom_id;
      if (const JsonValue* cid = member(ing, "customUnitId")) {
        if (!cid->is_number() || cid->as_number() != std::floor(cid->as_number()) ||
            std::fabs(cid->as_number()) > 9e15) {
          *err = where() + ": \"customUnitId\" isn't a whole number";
          return false;
        }
        custom_id = static_cast<int64_t>(cid->as_number());
      }
      if (custom_id) {
        auto cu = custom_units.find(*custom_id);
        if (cu == custom_units.end()) {
          *err = where() + fmt::format(": \"customUnitId\" {} isn't in the file's \"customUnits\"",
                                       *custom_id);
          return false;
        }
        const CustomUnit& u = cu->second;
        std::string unit_word = u.unit.empty() ? "unit" : u.unit;
        if (dose) {
          double count = dose->as_number();
          std::string words = count == 1 || u.unit_plural.empty() ? unit_word : u.unit_plural;
          if (u.dose) {
            UnitDose d = through_custom_unit(count, estimate, deviation, u);
            e.amount = d.dose;
            e.unit = u.original_unit.empty() ? units : u.original_unit;
            deviation = d.deviation;
            details.push_back(fmt::format(
                "Dose: {}{} {} of {} at {}{} {} each", estimate ? "~" : "", plain_number(count),
                words, u.name, plain_number(*u.dose),
                u.deviation ? fmt::format("\xC2\xB1{}", plain_number(*u.deviation)) : "", e.unit));
          } else {
            e.amount = count;
            e.unit = unit_word;
            details.push_back(fmt::format("Dose: {} {} of {} (its dose per {} isn't known)",
                                          plain_number(count), words, u.name, unit_word));
          }
        }
        estimate = estimate || u.estimate;
        if (!u.note.empty()) details.push_back(fmt::format("{}: {}", u.name, u.note));
      } else if (dose) {
        e.amount = dose->as_number();
        e.unit = units;
      }
      if (deviation && e.amount)
        details.push_back(fmt::format("Estimate: {} \xC2\xB1{} {}", plain_number(*e.amount),
                                      plain_number(*deviation), e.unit));
      if (const JsonValue* full = member(ing, "stomachFullness"); full && full->is_string())
        details.push_back("Stomach: " + fullness_text(full->as_string()));
      // The same path as `ebb use`: canonical name, class, beverage, unit and strength.
      canonicalise_entry(e, DrinkSettings{});
      e.place = place;
      e.note = std::string(trim(text_of(ing, "notes")));
      if (!details.empty()) {
        if (!e.note.empty()) e.note += "\n\n";
        for (size_t i = 0; i < details.size(); ++i) e.note += (i ? "\n" : "") + details[i];
      }
      e.tags.push_back("psychonautwiki");
      if (estimate && e.amount) e.tags.push_back("estimate");
      if (favourite) e.tags.push_back("favourite");

      // Who this ingestion is, for a later import of a newer export: the app's creation time
      // of the ingestion within its experience, which editing in the app keeps. Ingestions
      // from before the apps kept a creation time fall back to what they hold.
      std::string identity;
      int64_t id_ms = ms;
      if (created) {
        identity = fmt::format("pwj\n{}\n{}\n{}", exp_key, *created, lower(name));
        id_ms = *created;
      } else {
        identity = fmt::format("{}\n{}\n{}\n{}", name, ms, ms, route_raw);
        if (dose) identity += fmt::format("\ndose {}", dose->as_number());
        if (!units.empty()) identity += "\nunits " + units;
      }
      if (const JsonValue* id = member(ing, "id"); id && (id->is_string() || id->is_number()))
        identity += "\nid " + (id->is_string() ? id->as_string() : fmt::format("{}", id->as_number()));
      if (int n = seen[identity]++; n > 0) identity += fmt::format("\n#{}", n);
      e.id = deterministic_ulid(id_ms, identity);
      mine.push_back(std::move(e));
    }

    // The experience itself (title, text, favourite, ratings, timed notes, coordinates) goes
    // with its first ingestion, once.
    std::vector<std::string> about;
    // A title that is only a date (what `ebb export --format psychonautwiki` writes) says
    // nothing the time of the use doesn't.
    LocalDay title_day;
    if (!title.empty() && !parse_day(title, &title_day)) about.push_back("Experience: " + title);
    if (std::string body(trim(text_of(x, "text"))); !body.empty()) about.push_back(body);
    if (!coordinates.empty()) about.push_back("Coordinates: " + coordinates);
    if (const JsonValue* ratings = member(x, "ratings"); ratings && ratings->is_array())
      for (const auto& r : ratings->as_array()) {
        if (!r.is_object() || !member(r, "option")) continue;
        std::string sign = rating_sign(text_of(r, "option"));
        int64_t rms = 0;
        if (const JsonValue* t = member(r, "time"); t && pw_time(*t, &rms))
          about.push_back(fmt::format("Rating {} at {}", sign, local_minute(rms, zone)));
        else
          about.push_back(fmt::format("Rating (overall): {}", sign));
        ++result.ratings;
      }
    if (const JsonValue* notes = member(x, "timedNotes"); notes && notes->is_array())
      for (const auto& n : notes->as_array()) {
        int64_t nms = 0;
        const JsonValue* t = n.is_object() ? member(n, "time") : nullptr;
        std::string body(trim(n.is_object() ? text_of(n, "note") : ""));
        if (!t || !pw_time(*t, &nms)) {
          *err = fmt::format("{}, timed note (line {}): it needs a \"time\" ebb can read",
                             xwhere(), n.line);
          return false;
        }
        about.push_back(fmt::format("Note at {}: {}", local_minute(nms, zone), body));
        ++result.timed_notes;
      }
    if (mine.empty()) {
      if (!about.empty()) ++result.experiences_without_uses;
      continue;
    }
    std::stable_sort(mine.begin(), mine.end(),
                     [](const Entry& a, const Entry& b) { return a.at < b.at; });
    if (!about.empty()) {
      std::string block;
      for (size_t i = 0; i < about.size(); ++i) block += (i ? "\n" : "") + about[i];
      std::string& note = mine.front().note;
      note = note.empty() ? block : note + "\n\n" + block;
    }
    int k = 0;
    for (auto& e : mine) {
      ++k;
      std::string why;
      if (!check_entry(e, &why)) {
        *err = fmt::format("{}, the ingestion of {} at {}: {}", xwhere(), e.substance,
                           format_rfc3339_offset(e.at, e.utc_offset), why);
        return false;
      }
      result.entries.push_back(std::move(e));
    }
  }
  std::stable_sort(result.entries.begin(), result.entries.end(),
                   [](const Entry& a, const Entry& b) { return a.at < b.at; });
  *out = std::move(result);
  return true;
}

std::string psychonautwiki_route_name(std::string_view route) {
  static const std::pair<std::string_view, std::string_view> kRoutes[] = {
      {"oral", "ORAL"},         {"sublingual", "SUBLINGUAL"},
      {"buccal", "BUCCAL"},     {"snorted", "INSUFFLATED"},
      {"insufflated", "INSUFFLATED"}, {"rectal", "RECTAL"},
      {"transdermal", "TRANSDERMAL"}, {"subcutaneous", "SUBCUTANEOUS"},
      {"intramuscular", "INTRAMUSCULAR"}, {"injected", "INTRAVENOUS"},
      {"intravenous", "INTRAVENOUS"}, {"smoked", "SMOKED"},
      {"inhaled", "INHALED"},   {"vaped", "INHALED"}};
  std::string r = lower(trim(route));
  for (const auto& [ours, theirs] : kRoutes)
    if (r == ours) return std::string(theirs);
  return "ORAL";
}

namespace {

// The app looks substances up by PsychonautWiki's spelling: "MDMA", "Ketamine".
std::string app_substance_name(const std::string& name) {
  static const std::string_view kAcronyms[] = {"mdma", "lsd", "dmt", "ghb", "gbl", "mda",
                                               "2c-b", "dxm", "pcp", "5-meo-dmt", "4-aco-dmt",
                                               "2c-i", "2c-e", "nbome", "thc", "cbd"};
  std::string low = lower(name);
  for (auto a : kAcronyms)
    if (low == a) {
      std::string up = name;
      for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return up;
    }
  if (name != low) return name;  // the person's own spelling
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

int64_t ms_of(Instant t) { return static_cast<int64_t>(t.time_since_epoch().count()) * 1000; }

}  // namespace

PsychonautWikiWriter::PsychonautWikiWriter(const Zone* zone, const DaySettings& days, Emit emit)
    : zone_(zone), days_(days), emit_(std::move(emit)) {
  w_.begin_object();
  w_.key("experiences").begin_array();
}

void PsychonautWikiWriter::use(const Entry& e) {
  LocalDay day = logical_day(e.at, zone_, days_);
  if (!day_.empty() && day != day_date_) write_day();
  if (day_.empty()) day_date_ = day;
  day_.push_back(e);
}

// One experience: the uses of one day.
void PsychonautWikiWriter::write_day() {
  JsonWriter& w = w_;
  const std::vector<Entry>& uses = day_;
  std::string place = uses.front().place;
  for (const auto& u : uses)
    if (u.place != place) place.clear();
  Instant created = uses.front().created_at;
  for (const auto& u : uses) created = std::min(created, u.created_at);
  w.begin_object()
      .field("title", format_day(day_date_))
      .field("text", std::string())
      .field("creationDate", ms_of(created))
      .field("sortDate", ms_of(uses.front().at))
      .field("isFavorite", false);
  w.key("ingestions").begin_array();
  for (const Entry& e : uses) {
    bool estimate = std::find(e.tags.begin(), e.tags.end(), "estimate") != e.tags.end();
    w.begin_object()
        .field("substanceName", app_substance_name(e.substance))
        .field("time", ms_of(e.at));
    w.key("endTime");
    if (e.minutes) w.value(ms_of(e.at) + int64_t{*e.minutes} * 60000);
    else w.null();
    w.field("creationDate", ms_of(e.created_at))
        .field("administrationRoute", psychonautwiki_route_name(e.route))
        .field("dose", e.amount);
    w.key("estimatedDoseStandardDeviation").null();
    w.field("isDoseAnEstimate", estimate && e.amount.has_value())
        .field("units", e.amount ? e.unit : std::string())
        .field("notes", e.note);
    w.key("stomachFullness").null();
    w.key("consumerName").null();
    w.key("customUnitId").null();
    w.end_object();
  }
  w.end_array();
  w.key("location");
  if (place.empty()) {
    w.null();
  } else {
    w.begin_object().field("name", place);
    w.key("latitude").null();
    w.key("longitude").null();
    w.end_object();
  }
  w.key("ratings").begin_array().end_array();
  w.key("timedNotes").begin_array().end_array();
  w.end_object();
  day_.clear();
  // Handed on a piece at a time, after a whole experience.
  w.hand_on_piece(emit_);
}

void PsychonautWikiWriter::finish() {
  if (!day_.empty()) write_day();
  JsonWriter& w = w_;
  w.end_array();
  w.key("substanceCompanions").begin_array().end_array();
  w.key("customSubstances").begin_array().end_array();
  w.key("customUnits").begin_array().end_array();
  w.end_object();
  emit_(w.str() + "\n");
  w.drop_written();
}

std::string write_psychonautwiki(std::span<const Entry> uses, const Zone* zone,
                                 const DaySettings& days) {
  std::string out;
  PsychonautWikiWriter w(zone, days, [&](std::string_view piece) { out += piece; });
  for (const Entry& e : uses) w.use(e);
  w.finish();
  return out;
}

}  // namespace ebb
