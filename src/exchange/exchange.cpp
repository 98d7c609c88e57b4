#include "ebb/exchange/exchange.hpp"
#include "ebb/core/amount.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "ebb/core/catalog.hpp"
#include "ebb/exchange/csv.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/error.hpp"
#include "ebb/util/json.hpp"
#include "ebb/exchange/json_read.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

enum class Col { text, number, integer, boolean, list };

struct Column {
  std::string_view name;
  Col type;
};

constexpr Column kColumns[] = {
    {"id", Col::text},          {"kind", Col::text},          {"at", Col::text},
    {"zone", Col::text},        {"created_at", Col::text},    {"updated_at", Col::text},
    {"substance", Col::text},   {"class", Col::text},         {"amount", Col::number},
    {"unit", Col::text},        {"abv", Col::number},         {"route", Col::text},
    {"where", Col::text},       {"with_whom", Col::text},     {"alone", Col::boolean},
    {"cost", Col::number},      {"reason", Col::text},        {"tested", Col::boolean},
    {"mood_before", Col::integer}, {"intensity", Col::integer}, {"trigger", Col::text},
    {"feeling", Col::text},     {"wanted", Col::text},        {"outcome", Col::text},
    {"outcome_note", Col::text}, {"minutes", Col::integer},   {"intensity_after", Col::integer},
    {"score", Col::integer},    {"feelings", Col::list},      {"energy", Col::integer},
    {"note", Col::text},        {"tags", Col::list},          {"beverage", Col::text},
    {"felt", Col::integer},
};

const Column* find_column(std::string_view name) {
  for (const auto& c : kColumns)
    if (c.name == name) return &c;
  return nullptr;
}

// The JSON writer's number form: whole numbers without a point, others shortest round-trip.
std::string number_text(double d) {
  JsonWriter w;
  w.value(d);
  return w.str();
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ';';
    for (char c : items[i]) {
      if (c == ';' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

bool split_list(std::string_view text, std::vector<std::string>* out, std::string* err) {
  out->clear();
  if (text.empty()) return true;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 >= text.size() || (text[i + 1] != ';' && text[i + 1] != '\\')) {
        *err = "a '\\' in a list is only for \\; or \\\\";
        return false;
      }
      cur += text[++i];
    } else if (c == ';') {
      out->push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out->push_back(std::move(cur));
  return true;
}

template <class T>
std::string opt_text(const std::optional<T>& v) {
  if (!v) return "";
  if constexpr (std::is_same_v<T, bool>) return *v ? "true" : "false";
  else if constexpr (std::is_same_v<T, double>) return number_text(*v);
  else return std::to_string(*v);
}

std::vector<std::string> csv_values(const Entry& e) {
  std::vector<std::string> values = {e.id,
          std::string(kind_name(e.kind)),
          format_rfc3339_offset(e.at, e.utc_offset),
          e.zone,
          format_rfc3339_offset(e.created_at, 0),
          format_rfc3339_offset(e.updated_at, 0),
          e.substance,
          e.substance_class,
          opt_text(e.amount),
          e.unit,
          opt_text(e.abv),
          e.route,
          e.place,
          e.with_whom,
          opt_text(e.alone),
          opt_text(e.cost),
          e.reason,
          opt_text(e.tested),
          opt_text(e.mood_before),
          opt_text(e.intensity),
          e.trigger,
          e.feeling,
          e.wanted,
          std::string(outcome_name(e.outcome)),
          e.outcome_note,
          opt_text(e.minutes),
          opt_text(e.intensity_after),
          opt_text(e.score),
          join_list(e.feelings),
          opt_text(e.energy),
          e.note,
          join_list(e.tags),
          e.beverage,
          opt_text(e.felt)};
  // Text a person wrote is never a formula when the file is opened in a spreadsheet.
  for (size_t i = 0; i < values.size(); ++i)
    if (kColumns[i].type == Col::text || kColumns[i].type == Col::list)
      values[i] = csv_guard(values[i]);
  return values;
}

// ---- reading -------------------------------------------------------------------------

// RFC 3339 with the offset it was written with.
bool parse_time_with_offset(std::string_view text, Instant* at, int* offset) {
  bool outside = false;  // checked with the other fields, and named there
  if (!parse_rfc3339(text, at, &outside)) return false;
  char last = text.back();
  if (last == 'Z' || last == 'z') {
    *offset = 0;
    return true;
  }
  if (text.size() < 6) return false;
  auto tail = text.substr(text.size() - 6);
  if ((tail[0] != '+' && tail[0] != '-') || tail[3] != ':') return false;
  int h = (tail[1] - '0') * 10 + (tail[2] - '0');
  int m = (tail[4] - '0') * 10 + (tail[5] - '0');
  *offset = (tail[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  return true;
}

// Sets one field of `e` from a JSON value of the right type.
bool set_field(Entry& e, const Column& col, const JsonValue& v, Instant* created,
               Instant* updated, bool* has_created, bool* has_updated, std::string* err) {
  const std::string_view k = col.name;
  switch (col.type) {
    case Col::text: {
      if (!v.is_string())
        return fail_with(err,
                         fmt::format("\"{}\" is {}; it takes text", k, json_type_name(v.type())));
      const std::string& s = v.as_string();
      if (k == "id") {
        e.id = s;
      } else if (k == "kind") {
        if (!parse_kind(s, &e.kind))
          return fail_with(err, fmt::format("the kind \"{}\" isn't use, urge or mood", s));
      } else if (k == "at") {
        if (!parse_time_with_offset(s, &e.at, &e.utc_offset))
          return fail_with(err, fmt::format("\"at\" is \"{}\"; it takes an RFC 3339 time with an "
                                            "offset, like 2026-11-20T21:00:00+01:00",
                                            s));
      } else if (k == "created_at" || k == "updated_at") {
        bool c = k == "created_at";
        int ignored = 0;
        if (s.empty()) break;
        if (!parse_time_with_offset(s, c ? created : updated, &ignored))
          return fail_with(err, fmt::format("\"{}\" is \"{}\"; it takes an RFC 3339 time", k, s));
        *(c ? has_created : has_updated) = true;
      } else if (k == "outcome") {
        if (!parse_outcome(s, &e.outcome))
          return fail_with(err, fmt::format("the outcome \"{}\" isn't rode_out, used or other", s));
      } else {
        std::string* dst = k == "zone"           ? &e.zone
                           : k == "substance"    ? &e.substance
                           : k == "class"        ? &e.substance_class
                           : k == "unit"         ? &e.unit
                           : k == "route"        ? &e.route
                           : k == "where"        ? &e.place
                           : k == "with_whom"    ? &e.with_whom
                           : k == "reason"       ? &e.reason
                           : k == "trigger"      ? &e.trigger
                           : k == "feeling"      ? &e.feeling
                           : k == "wanted"       ? &e.wanted
                           : k == "outcome_note" ? &e.outcome_note
                           : k == "beverage"     ? &e.beverage
                                                 : &e.note;
        *dst = s;
      }
      break;
    }
    case Col::number: {
      if (!v.is_number())
        return fail_with(
            err, fmt::format("\"{}\" is {}; it takes a number", k, json_type_name(v.type())));
      double d = v.as_number();
      (k == "amount" ? e.amount : k == "abv" ? e.abv : e.cost) = d;
      break;
    }
    case Col::integer: {
      if (!v.is_number() || v.as_number() != std::floor(v.as_number()) ||
          std::fabs(v.as_number()) > 1e6)
        return fail_with(err, fmt::format("\"{}\" takes a whole number", k));
      int n = static_cast<int>(v.as_number());
      std::optional<int>* dst = k == "mood_before"       ? &e.mood_before
                                : k == "intensity"       ? &e.intensity
                                : k == "minutes"         ? &e.minutes
                                : k == "intensity_after" ? &e.intensity_after
                                : k == "score"           ? &e.score
                                : k == "felt"            ? &e.felt
                                                         : &e.energy;
      *dst = n;
      break;
    }
    case Col::boolean:
      if (!v.is_bool()) return fail_with(err, fmt::format("\"{}\" takes true or false", k));
      (k == "alone" ? e.alone : e.tested) = v.as_bool();
      break;
    case Col::list: {
      if (!v.is_array()) return fail_with(err, fmt::format("\"{}\" takes a list of words", k));
      auto& dst = k == "tags" ? e.tags : e.feelings;
      dst.clear();
      for (const auto& item : v.as_array()) {
        if (!item.is_string())
          return fail_with(err, fmt::format("\"{}\" takes a list of words", k));
        dst.push_back(item.as_string());
      }
      break;
    }
  }
  return true;
}

bool entry_from_object(const JsonValue& obj, Entry* out, std::string* err) {
  if (!obj.is_object())
    return fail_with(err, fmt::format("it is {}, not an object", json_type_name(obj.type())));
  Entry e;
  Instant created{}, updated{};
  bool has_created = false, has_updated = false;
  for (const auto& [key, v] : obj.as_object()) {
    const Column* col = find_column(key);
    if (!col) return fail_with(err, fmt::format("\"{}\" isn't a field ebb knows", key));
    if (v.is_null()) continue;
    if (!set_field(e, *col, v, &created, &updated, &has_created, &has_updated, err)) return false;
  }
  for (const char* key : {"id", "kind", "at", "zone"})
    if (!obj.find(key) || obj.find(key)->is_null())
      return fail_with(err, fmt::format("\"{}\" is missing", key));
  // Names and units take the same path as `ebb use`: "beer, 2 drinks" from a file made by
  // hand is alcohol in drinks, with its class, so the plan and the safety notes see it.
  canonicalise_entry(e, DrinkSettings{});
  e.created_at = has_created ? created : e.at;
  e.updated_at = has_updated ? updated : e.created_at;
  if (!check_entry(e, err)) return false;
  *out = std::move(e);
  return true;
}

bool check_text(const std::string& s, const char* what, bool one_line, std::string* err) {
  if (!valid_utf8(s)) return fail_with(err, fmt::format("{} isn't UTF-8 text", what));
  for (unsigned char c : s) {
    if (c >= 0x20 || c == '\t') continue;
    if (!one_line && (c == '\n' || c == '\r')) continue;
    return fail_with(err, fmt::format("{} holds a control character", what));
  }
  return true;
}

bool in_range(const std::optional<int>& v, int lo, int hi, const char* what, std::string* err) {
  if (!v || (*v >= lo && *v <= hi)) return true;
  return fail_with(err, fmt::format("{} goes from {} to {}; it is {}", what, lo, hi, *v));
}

// The ids of one file, for "the same id twice": a ULID is 128 bits, kept as such with its
// entry's number and line, so a million entries take 24 MB rather than a map of strings.
class IdCheck {
 public:
  void add(const std::string& id, int line) {
    Seen seen{0, 0, static_cast<uint32_t>(lines_.size())};
    for (char c : id) {  // 26 digits of 5 bits, the first below 8: 128 bits in two halves
      seen.hi = (seen.hi << 5) | (seen.lo >> 59);
      seen.lo = (seen.lo << 5) | static_cast<uint64_t>(kAlphabet.find(c));
    }
    ids_.push_back(seen);
    lines_.push_back(line);
  }
  // False with *err naming the first entry (in file order) whose id an earlier one has.
  bool check(const char* noun, std::string* err) {
    std::sort(ids_.begin(), ids_.end(), [](const Seen& a, const Seen& b) {
      return std::tie(a.hi, a.lo, a.index) < std::tie(b.hi, b.lo, b.index);
    });
    auto same = [](const Seen& a, const Seen& b) { return a.hi == b.hi && a.lo == b.lo; };
    const Seen* first = nullptr;
    const Seen* again = nullptr;
    for (size_t k = 1; k < ids_.size(); ++k) {
      if (!same(ids_[k], ids_[k - 1])) continue;
      size_t g = k - 1;  // the group's first, lowest-numbered entry
      while (g > 0 && same(ids_[g - 1], ids_[k])) --g;
      if (!again || ids_[k].index < again->index) {
        first = &ids_[g];
        again = &ids_[k];
      }
    }
    if (!again) return true;
    std::string text(26, '0');
    uint64_t hi = again->hi, lo = again->lo;
    for (size_t c = 26; c-- > 0;) {
      text[c] = kAlphabet[lo & 31];
      lo = (lo >> 5) | (hi << 59);
      hi >>= 5;
    }
    return fail_with(err, fmt::format("{} {} (line {}) has the same id as {} {} (line {}): {}",
                                      noun, again->index + 1, lines_[again->index], noun,
                                      first->index + 1, lines_[first->index], text));
  }

 private:
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  struct Seen {
    uint64_t hi, lo;
    uint32_t index;
  };
  std::vector<Seen> ids_;
  std::vector<int> lines_;
};

bool json_fail(const JsonStream& js, std::string* err) {
  const JsonError& e = js.error();
  return fail_with(err, fmt::format("line {}, column {}: {}", e.line, e.column, e.message));
}

// The items of the entries list, one at a time.
bool json_entries(JsonStream& js, IdCheck& ids, const ImportEach& each, std::string* err) {
  JsonValue v;
  size_t i = 0;
  while (js.next_item(&v)) {
    ++i;
    Entry e;
    std::string why;
    if (!entry_from_object(v, &e, &why))
      return fail_with(err, fmt::format("entry {} (line {}): {}", i, v.line, why));
    ids.add(e.id, v.line);
    if (!each(ImportedEntry{e, i, v.line, js.offset()}, err)) return false;
  }
  return !js.failed() || json_fail(js, err);
}

bool json_plans(const JsonValue& plans, std::vector<StoredPlan>* out, std::string* err) {
  if (!plans.is_array()) return fail_with(err, "\"plans\" isn't a list");
  int64_t n = 0;
  for (const auto& p : plans.as_array()) {
    ++n;
    auto where = [&] { return fmt::format("plan version {} (line {})", n, p.line); };
    const JsonValue* saved = p.find("saved_at");
    const JsonValue* ptext = p.find("text");
    const JsonValue* pversion = p.find("version");
    StoredPlan sp;
    if (!p.is_object() || !saved || !saved->is_string() || !ptext || !ptext->is_string())
      return fail_with(err, where() + ": it needs \"saved_at\" and \"text\"");
    for (const auto& [key, v] : p.as_object())
      if (key != "saved_at" && key != "text" && key != "version")
        return fail_with(err, fmt::format("{}: \"{}\" isn't part of a plan version", where(), key));
    if (!parse_rfc3339(saved->as_string(), &sp.saved_at))
      return fail_with(err, where() + ": \"saved_at\" isn't an RFC 3339 time");
    sp.id = n;
    if (pversion && !pversion->is_null()) {
      if (!pversion->is_number() || pversion->as_number() != std::floor(pversion->as_number()))
        return fail_with(err, where() + ": \"version\" takes a whole number");
      sp.id = static_cast<int64_t>(pversion->as_number());
    }
    sp.text = ptext->as_string();
    if (sp.text.find('\0') != std::string::npos)
      return fail_with(err, where() + ": the text holds a NUL character");
    if (!valid_utf8(sp.text)) return fail_with(err, where() + ": the text isn't UTF-8");
    out->push_back(std::move(sp));
  }
  return true;
}

// The document is walked a member at a time and the entries an item at a time, so only one
// entry's values are in memory at once, however long the file.
bool read_json(JsonStream& js, IdCheck& ids, const ImportEach& each,
               std::vector<StoredPlan>* plans, std::string* err) {
  JsonValue::Type outer{};
  if (!js.open(&outer)) return json_fail(js, err);
  if (outer == JsonValue::Type::array) {
    if (!json_entries(js, ids, each, err)) return false;
    return js.finish() || json_fail(js, err);
  }
  if (outer != JsonValue::Type::object) return fail_with(err, "this JSON isn't an ebb export");
  bool has_version = false, has_entries = false;
  JsonValue plans_value;
  std::string key;
  int line = 0;
  while (js.next_key(&key, &line)) {
    JsonValue v;
    if (key == "entries") {
      if (!js.enter_list()) {
        if (js.failed()) return json_fail(js, err);
        if (!js.value(&v)) return json_fail(js, err);
        return fail_with(err, "\"entries\" isn't a list");
      }
      has_entries = true;
      if (!json_entries(js, ids, each, err)) return false;
      continue;
    }
    if (!js.value(&v)) return json_fail(js, err);
    if (key == "plans") {
      plans_value = std::move(v);
    } else if (key == "ebb_export") {
      if (!v.is_number())
        return fail_with(err, "this JSON isn't an ebb export (it has no \"ebb_export\" version)");
      if (v.as_number() > kExportVersion)
        return fail_with(err, fmt::format("this export was written by a newer ebb (format {}; this "
                                          "one reads {}); a newer ebb can import it",
                                          v.as_number(), kExportVersion));
      if (v.as_number() != kExportVersion)
        return fail_with(err, "the \"ebb_export\" version isn't one ebb knows");
      has_version = true;
    } else if (key != "exported_at") {
      return fail_with(err,
                       fmt::format("line {}: \"{}\" isn't part of an ebb export", v.line, key));
    }
  }
  if (js.failed() || !js.finish()) return json_fail(js, err);
  if (!has_version)
    return fail_with(err, "this JSON isn't an ebb export (it has no \"ebb_export\" version)");
  if (!has_entries) return fail_with(err, "the export has no \"entries\" list");
  return plans_value.is_null() || json_plans(plans_value, plans, err);
}

bool read_csv(CsvReader& reader, IdCheck& ids, const ImportEach& each, std::string* err) {
  CsvRecord head;
  if (!reader.next(&head, err))
    return reader.failed() ? false : fail_with(err, "the file is empty");
  const auto& header = head.fields;
  std::vector<const Column*> cols;
  for (const auto& name : header) {
    const Column* c = find_column(name);
    if (!c) return fail_with(err, fmt::format("line 1: \"{}\" isn't a column ebb knows", name));
    if (std::find(cols.begin(), cols.end(), c) != cols.end())
      return fail_with(err, fmt::format("line 1: the column \"{}\" appears twice", name));
    cols.push_back(c);
  }
  CsvRecord rec;
  size_t r = 0;
  while (reader.next(&rec, err)) {
    ++r;
    auto where = [&] { return fmt::format("row {} (line {})", r, rec.line); };
    if (rec.fields.size() != cols.size())
      return fail_with(err, fmt::format("{}: it has {} fields; the header has {}", where(),
                                        rec.fields.size(), cols.size()));
    // Each cell becomes the JSON value it stands for, so both formats share one reader.
    JsonObject obj;
    for (size_t i = 0; i < cols.size(); ++i) {
      const bool text = cols[i]->type == Col::text || cols[i]->type == Col::list;
      const std::string cell = text ? csv_unguard(rec.fields[i]) : rec.fields[i];
      JsonValue v;
      if (!cell.empty()) {
        switch (cols[i]->type) {
          case Col::text: v = JsonValue(cell); break;
          case Col::number:
          case Col::integer: {
            double d = 0;
            auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), d);
            if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(d))
              return fail_with(err, fmt::format("{}: \"{}\" is \"{}\"; it takes a number", where(),
                                                cols[i]->name, cell));
            v = JsonValue(d);
            break;
          }
          case Col::boolean:
            if (cell != "true" && cell != "false")
              return fail_with(
                  err, fmt::format("{}: \"{}\" takes true or false", where(), cols[i]->name));
            v = JsonValue(cell == "true");
            break;
          case Col::list: {
            std::vector<std::string> items;
            std::string why;
            if (!split_list(cell, &items, &why))
              return fail_with(err, fmt::format("{}: {}", where(), why));
            JsonArray arr;
            for (auto& s : items) arr.emplace_back(std::move(s));
            v = JsonValue(std::move(arr));
            break;
          }
        }
      }
      obj.emplace_back(std::string(cols[i]->name), std::move(v));
    }
    Entry e;
    std::string why;
    if (!entry_from_object(JsonValue(std::move(obj)), &e, &why))
      return fail_with(err, fmt::format("{}: {}", where(), why));
    ids.add(e.id, rec.line);
    if (!each(ImportedEntry{e, r, rec.line, reader.offset()}, err)) return false;
  }
  return !reader.failed();
}

}  // namespace

ExportWriter::ExportWriter(ExchangeFormat format, std::string_view exported_at, Emit emit,
                           size_t chunk)
    : format_(format), emit_(std::move(emit)), chunk_(chunk) {
  if (format_ == ExchangeFormat::csv) {
    auto cols = csv_columns();
    csv_ = csv_record(std::vector<std::string>(cols.begin(), cols.end()));
    return;
  }
  json_.begin_object();
  json_.field("ebb_export", kExportVersion);
  json_.field("exported_at", exported_at);
  json_.key("entries").begin_array();
}

void ExportWriter::entry(const Entry& e) {
  if (format_ == ExchangeFormat::csv) csv_ += csv_record(csv_values(e));
  else write_entry_json(json_, e);
  flush_if_full();
}

void ExportWriter::flush_if_full() {
  if (format_ == ExchangeFormat::csv) {
    if (csv_.size() >= chunk_) {
      emit_(csv_);
      csv_.clear();
    }
  } else if (json_.size() >= chunk_) {
    emit_(json_.str());
    json_.drop_written();
  }
}

void ExportWriter::finish(std::span<const StoredPlan> plans) {
  if (format_ == ExchangeFormat::csv) {
    emit_(std::exchange(csv_, {}));
    return;
  }
  json_.end_array();
  json_.key("plans").begin_array();
  for (const auto& p : plans)
    json_.begin_object()
        .field("version", p.id)
        .field("saved_at", format_rfc3339_offset(p.saved_at, 0))
        .field("text", p.text)
        .end_object();
  json_.end_array();
  json_.end_object();
  emit_(json_.str() + "\n");
  json_.drop_written();
}

std::string export_json(std::span<const Entry> entries, std::span<const StoredPlan> plans,
                        std::string_view exported_at) {
  std::string out;
  ExportWriter w(ExchangeFormat::json, exported_at, [&out](std::string_view s) { out += s; });
  for (const auto& e : entries) w.entry(e);
  w.finish(plans);
  return out;
}

std::span<const std::string_view> csv_columns() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& c : kColumns) v.push_back(c.name);
    return v;
  }();
  return names;
}

std::string export_csv(std::span<const Entry> entries) {
  std::string out;
  ExportWriter w(ExchangeFormat::csv, "", [&out](std::string_view s) { out += s; });
  for (const auto& e : entries) w.entry(e);
  w.finish({});
  return out;
}

bool detect_format(std::string_view text, ExchangeFormat* out, std::string* err) {
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
                             text[i] == '\n'))
    ++i;
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) {
    *out = ExchangeFormat::json;
    return true;
  }
  std::string_view first = text.substr(i, text.find('\n', i) - i);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  bool has_id = false, has_kind = false;
  size_t start = 0;
  while (start <= first.size()) {
    size_t comma = first.find(',', start);
    auto name = first.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                    : comma - start);
    has_id |= name == "id";
    has_kind |= name == "kind";
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (has_id && has_kind) {
    *out = ExchangeFormat::csv;
    return true;
  }
  return fail_with(err, i == text.size()
                            ? "the file is empty"
                            : "it isn't an ebb export: not JSON, and its first line isn't a CSV "
                              "header with ebb's columns (id,kind,at,...)");
}

bool read_import_each(std::string_view text, ExchangeFormat* format, const ImportEach& each,
                      std::vector<StoredPlan>* plans, std::string* err) {
  if (!detect_format(text, format, err)) return false;
  IdCheck ids;
  if (*format == ExchangeFormat::json) {
    JsonStream js(text);
    return read_json(js, ids, each, plans, err) && ids.check("entry", err);
  }
  CsvReader reader(text);
  return read_csv(reader, ids, each, err) && ids.check("row", err);
}

bool read_import_each(std::string_view head, TextRead read, ExchangeFormat* format,
                      const ImportEach& each, std::vector<StoredPlan>* plans, std::string* err,
                      size_t min_read) {
  if (!detect_format(head, format, err)) return false;
  IdCheck ids;
  if (*format == ExchangeFormat::json) {
    JsonStream js(std::move(read), min_read);
    return read_json(js, ids, each, plans, err) && ids.check("entry", err);
  }
  CsvReader reader(std::move(read), min_read);
  return read_csv(reader, ids, each, err) && ids.check("row", err);
}

bool read_import(std::string_view text, ImportData* out, std::string* err) {
  ImportData data;
  auto keep = [&](const ImportedEntry& item, std::string*) {
    data.entries.push_back(std::move(item.entry));
    return true;
  };
  if (!read_import_each(text, &data.format, keep, &data.plans, err)) return false;
  *out = std::move(data);
  return true;
}

bool check_entry(Entry& e, std::string* err) {
  for (auto& c : e.id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  if (e.id.size() != 26 || e.id.find_first_not_of(kCrockford) != std::string::npos ||
      e.id[0] > '7')
    return fail_with(err, fmt::format("the id \"{}\" isn't a ULID (26 characters of 0-9 and A-Z "
                                      "without I, L, O, U)",
                                      e.id));
  if (e.zone.empty() || !find_zone(e.zone))
    return fail_with(err, fmt::format("the zone \"{}\" isn't in the time zone database", e.zone));
  if (e.kind == Kind::use && e.substance.empty()) return fail_with(err, "a use needs a substance");
  if (e.kind == Kind::urge && !e.intensity) return fail_with(err, "an urge needs an intensity");
  if (e.kind == Kind::mood && !e.score) return fail_with(err, "a mood needs a score");
  if (!in_range(e.intensity, 0, 10, "the intensity", err) ||
      !in_range(e.intensity_after, 0, 10, "intensity_after", err) ||
      !in_range(e.score, 1, 10, "the score", err) ||
      !in_range(e.energy, 1, 10, "energy", err) ||
      !in_range(e.mood_before, 1, 10, "mood_before", err) ||
      !in_range(e.felt, 1, 10, "felt", err) ||
      !in_range(e.minutes, 0, 7 * 24 * 60, "minutes", err))
    return false;
  if (e.amount && !(*e.amount >= 0)) return fail_with(err, "the amount is below zero");
  if (e.cost && !(*e.cost >= 0)) return fail_with(err, "the cost is below zero");
  if (e.abv && !(*e.abv > 0 && *e.abv <= 100))
    return fail_with(err, "abv goes from above 0 to 100");
  if (e.utc_offset < -18 * 3600 || e.utc_offset > 18 * 3600)
    return fail_with(err, "the offset of \"at\" is more than 18 hours");
  // What ebb keeps it must be able to export again (four-digit years, like the CLI).
  if (!writable_instant(e.at))
    return fail_with(err, fmt::format("\"at\" is outside {}, which ebb keeps", kKeptYears));
  if (!writable_instant(e.created_at) || !writable_instant(e.updated_at))
    return fail_with(
        err, fmt::format("created_at or updated_at is outside {}, which ebb keeps", kKeptYears));
  const std::pair<const std::string*, const char*> texts[] = {
      {&e.substance, "the substance"}, {&e.substance_class, "the class"}, {&e.unit, "the unit"},
      {&e.route, "the route"},         {&e.place, "where"},              {&e.with_whom, "with_whom"},
      {&e.reason, "the reason"},       {&e.trigger, "the trigger"},      {&e.feeling, "the feeling"},
      {&e.wanted, "wanted"},           {&e.outcome_note, "outcome_note"}, {&e.note, "the note"}};
  if (!check_text(e.beverage, "the beverage", false, err)) return false;
  for (const auto& [s, what] : texts)
    if (!check_text(*s, what, false, err)) return false;
  for (const auto* list : {&e.tags, &e.feelings})
    for (const auto& item : *list) {
      if (item.empty()) return fail_with(err, "a tag or feeling is empty");
      if (!check_text(item, "a tag or feeling", true, err)) return false;
    }
  return true;
}

std::string progress_line(std::size_t done, std::size_t total, int width) {
  if (total == 0) total = 1;
  done = std::min(done, total);
  auto filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
  return fmt::format("[{}{}] {:>{}} of {}", std::string(static_cast<size_t>(filled), '#'),
                     std::string(static_cast<size_t>(width - filled), '-'), done,
                     std::to_string(total).size(), total);
}

}  // namespace ebb
