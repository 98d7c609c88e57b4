#include "ebb/exchange/trackandgraph.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ebb/exchange/csv.hpp"
#include "ebb/exchange/exchange.hpp"
#include "ebb/util/error.hpp"
#include "ebb/util/json.hpp"
#include "ebb/exchange/psychonautwiki.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

constexpr std::string_view kHeader = "FeatureName,Timestamp,Value,Label,Note";
constexpr std::string_view kLegacyHeader = "FeatureName,Timestamp,Value,Note";

std::string_view first_line(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

bool looks_like_trackandgraph(std::string_view text) {
  std::string_view line = first_line(text);
  return line == kHeader || line == kLegacyHeader;
}

bool read_trackandgraph(std::string_view text, const Zone* zone, TrackAndGraphImport* out,
                        std::string* err) {
  if (!looks_like_trackandgraph(text))
    return fail_with(
        err, fmt::format("this isn't a Track & Graph export (its first line isn't {})", kHeader));
  bool legacy = first_line(text) == kLegacyHeader;
  std::vector<CsvRecord> records;
  if (!parse_csv(text, &records, err)) return false;
  TrackAndGraphImport result;
  std::map<int64_t, size_t> mood_at;            // second -> index in result.entries
  std::vector<std::pair<int64_t, int>> energy;  // second -> energy, applied after
  std::map<int64_t, int> energy_line;
  for (size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& rec = records[i];
    auto where = [&](std::string_view field) {
      return fmt::format("line {}, {}", rec.line, field);
    };
    if (rec.fields.size() != (legacy ? 4u : 5u))
      return fail_with(err, fmt::format("line {}: it has {} fields; Track & Graph writes {}",
                                        rec.line, rec.fields.size(), legacy ? 4 : 5));
    std::string tracker = lower(trim(rec.fields[0]));
    if (tracker != "mood" && tracker != "energy") {
      ++result.other_rows;
      continue;
    }
    Entry e;
    int offset = 0;
    std::string ts(trim(rec.fields[1]));
    if (!parse_rfc3339(ts, &e.at))
      return fail_with(err,
                       where("Timestamp") + fmt::format(": \"{}\" isn't an ISO 8601 time with an "
                                                        "offset, like 2026-11-20T21:30:00+01:00",
                                                        ts));
    char last = ts.back();
    if (last != 'Z' && last != 'z' && ts.size() >= 6) {
      std::string_view tail = std::string_view(ts).substr(ts.size() - 6);
      offset = (tail[0] == '-' ? -1 : 1) *
               (((tail[1] - '0') * 10 + (tail[2] - '0')) * 3600 +
                ((tail[4] - '0') * 10 + (tail[5] - '0')) * 60);
    }
    std::string value(trim(rec.fields[2]));
    std::string label = legacy ? "" : csv_unguard(trim(rec.fields[3]));
    if (legacy && value.find(':') != std::string::npos) {
      label = value.substr(value.find(':') + 1);
      value = value.substr(0, value.find(':'));
    }
    double v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(v))
      return fail_with(err, where("Value") + fmt::format(": \"{}\" isn't a number", value));
    int score = static_cast<int>(std::lround(v));
    if (score < 1 || score > 10)
      return fail_with(err, where("Value") + fmt::format(": {} is outside ebb's 1 to 10 for a {}",
                                                         value, tracker));
    int64_t second = e.at.time_since_epoch().count();
    if (tracker == "energy") {
      energy.emplace_back(second, score);
      energy_line[second] = rec.line;
      continue;
    }
    e.kind = Kind::mood;
    e.score = score;
    e.zone = zone->name();
    e.utc_offset = offset;
    e.created_at = e.at;
    e.updated_at = e.at;
    // Feeling words: the label, split where ebb joined them.
    for (size_t start = 0; start < label.size();) {
      size_t comma = label.find(',', start);
      std::string word(trim(std::string_view(label).substr(start, comma - start)));
      if (!word.empty()) e.feelings.push_back(word);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    e.note = csv_unguard(legacy ? rec.fields[3] : rec.fields[4]);
    e.tags.push_back("trackandgraph");
    e.id = deterministic_ulid(second * 1000, fmt::format("trackandgraph\nmood\n{}", second));
    if (mood_at.count(second))
      return fail_with(err, fmt::format("line {}: a second Mood at {}; ebb keeps one mood a moment",
                                        rec.line, ts));
    std::string why;
    if (!check_entry(e, &why)) return fail_with(err, fmt::format("line {}: {}", rec.line, why));
    mood_at[second] = result.entries.size();
    result.entries.push_back(std::move(e));
  }
  for (const auto& [second, value] : energy) {
    auto it = mood_at.find(second);
    if (it == mood_at.end())
      return fail_with(err, fmt::format("line {}: an Energy row without a Mood at the same moment",
                                        energy_line[second]));
    result.entries[it->second].energy = value;
  }
  std::stable_sort(result.entries.begin(), result.entries.end(),
                   [](const Entry& a, const Entry& b) { return a.at < b.at; });
  *out = std::move(result);
  return true;
}

std::string trackandgraph_header() { return std::string(kHeader) + "\r\n"; }

std::string trackandgraph_rows(const Entry& e) {
  if (e.kind != Kind::mood || !e.score) return {};
  std::string at = format_rfc3339_offset(e.at, e.utc_offset);
  std::string out = csv_record({"Mood", at, fmt::format("{}.0", *e.score),
                                csv_guard(join_words(e.feelings)), csv_guard(e.note)});
  if (e.energy) out += csv_record({"Energy", at, fmt::format("{}.0", *e.energy), "", ""});
  return out;
}

std::string write_trackandgraph(std::span<const Entry> entries) {
  std::string out = trackandgraph_header();
  for (const auto& e : entries) out += trackandgraph_rows(e);
  return out;
}

}  // namespace ebb
