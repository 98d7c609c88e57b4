#include "ebb/psychonautwiki.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ebb/amount.hpp"
#include "ebb/catalog.hpp"
#include "ebb/exchange.hpp"
#include "ebb/json_read.hpp"
#include "ebb/text.hpp"

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

bool read_psychonautwiki(std::string_view text, const Zone* zone,
                         PsychonautWikiImport* out, std::string* err) {
  JsonValue doc;
  JsonError jerr;
  if (!parse_json(text, &doc, &jerr)) {
    *err = fmt::format("line {}, column {}: {}", jerr.line, jerr.column, jerr.message);
    return false;
  }
  const JsonValue* exps = doc.find("experiences");
  if (!exps || !exps->is_array()) {
    *err = "this isn't a PsychonautWiki Journal export (it has no \"experiences\" list)";
    return false;
  }
  PsychonautWikiImport result;
  std::map<std::string, int> seen;  // identity -> how many ingestions had it so far
  int xi = 0;
  for (const auto& x : exps->as_array()) {
    ++xi;
    ++result.experiences;
    auto xwhere = [&] {
      std::string title = text_of(x, "title");
      return title.empty() ? fmt::format("experience {} (line {})", xi, x.line)
                           : fmt::format("experience {} \"{}\" (line {})", xi, title, x.line);
    };
    const JsonValue* ings = x.is_object() ? member(x, "ingestions") : nullptr;
    if (!ings) continue;
    if (!ings->is_array()) {
      *err = xwhere() + ": \"ingestions\" isn't a list";
      return false;
    }
    std::string place;
    if (const JsonValue* loc = member(x, "location"); loc && loc->is_object())
      place = std::string(trim(text_of(*loc, "name")));
    int ii = 0;
    for (const auto& ing : ings->as_array()) {
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
      if (name.empty() || !time || !time->is_number()) {
        *err = where() + ": it needs a substanceName and a time";
        return false;
      }
      int64_t ms = 0;
      if (!epoch_ms(time->as_number(), &ms)) {
        *err = where() + ": its time isn't a date ebb can read";
        return false;
      }
      Entry e;
      e.kind = Kind::use;
      e.at = Instant{std::chrono::floor<std::chrono::seconds>(std::chrono::milliseconds{ms})};
      e.zone = zone->name();
      e.utc_offset = utc_offset_at(e.at, zone);
      e.substance = name;
      std::string route_raw = text_of(ing, "administrationRoute");
      e.route = psychonautwiki_route(route_raw);
      int64_t created_ms = ms;
      if (const JsonValue* c = member(ing, "creationDate"); c && c->is_number())
        if (!epoch_ms(c->as_number(), &created_ms)) created_ms = ms;
      e.created_at = Instant{std::chrono::floor<std::chrono::seconds>(
          std::chrono::milliseconds{created_ms})};
      e.updated_at = e.created_at;
      if (const JsonValue* dose = member(ing, "dose")) {
        if (!dose->is_number() || !(dose->as_number() >= 0)) {
          *err = where() + ": the dose isn't a number of zero or more";
          return false;
        }
        e.amount = dose->as_number();
        e.unit = std::string(trim(text_of(ing, "units")));
      }
      // The same path as `ebb use`: canonical name, class, beverage, unit and strength.
      canonicalise_entry(e, DrinkSettings{});
      e.place = place;
      e.note = std::string(trim(text_of(ing, "notes")));
      e.tags.push_back("psychonautwiki");
      if (const JsonValue* est = member(ing, "isDoseAnEstimate");
          est && est->is_bool() && est->as_bool() && e.amount)
        e.tags.push_back("estimate");
      std::string identity = fmt::format("{}\n{}\n{}\n{}", name, ms, created_ms, route_raw);
      if (const JsonValue* dose = member(ing, "dose"))
        identity += fmt::format("\ndose {}", dose->as_number());
      if (const JsonValue* units = member(ing, "units"); units && units->is_string())
        identity += "\nunits " + units->as_string();
      if (const JsonValue* id = member(ing, "id"); id && (id->is_string() || id->is_number()))
        identity += "\nid " + (id->is_string() ? id->as_string() : fmt::format("{}", id->as_number()));
      if (int n = seen[identity]++; n > 0) identity += fmt::format("\n#{}", n);
      e.id = deterministic_ulid(ms, identity);
      std::string why;
      if (!check_entry(e, &why)) {
        *err = where() + ": " + why;
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

}  // namespace ebb
