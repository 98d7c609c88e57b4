// libFuzzer target: the importers (ebb JSON/CSV exports and PsychonautWiki Journal files),
// and writing back whatever they accept. Property (ebb(1), export): what is imported exports
// to a document that imports back to the same, byte for byte, in JSON and in CSV.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ebb/exchange/exchange.hpp"
#include "ebb/exchange/psychonautwiki.hpp"
#include "property.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string err;
  ebb::ImportData got;
  if (ebb::read_import(text, &got, &err)) {
    constexpr std::string_view kAt = "2026-01-01T00:00:00Z";
    std::string json = ebb::export_json(got.entries, got.plans, kAt);
    ebb::ImportData again;
    EBB_PROPERTY(ebb::read_import(json, &again, &err));
    EBB_PROPERTY(again.entries.size() == got.entries.size());
    EBB_PROPERTY(again.plans.size() == got.plans.size());
    EBB_PROPERTY(ebb::export_json(again.entries, again.plans, kAt) == json);

    std::string csv = ebb::export_csv(got.entries);
    ebb::ImportData from_csv;
    EBB_PROPERTY(ebb::read_import(csv, &from_csv, &err));
    EBB_PROPERTY(from_csv.entries.size() == got.entries.size());
    EBB_PROPERTY(ebb::export_csv(from_csv.entries) == csv);
    // CSV holds every field of an entry, so it comes back as the JSON had it.
    EBB_PROPERTY(ebb::export_json(from_csv.entries, got.plans, kAt) == json);
  }
  // Read from a stream through a window refilled a few bytes at a time (the importer's way
  // with a pipe into an encrypted database): the same entries, or the same error.
  auto read_all = [&](bool stream, size_t step) {
    std::string out, why;
    ebb::ExchangeFormat format{};
    std::vector<ebb::StoredPlan> plans;
    auto each = [&](const ebb::ImportedEntry& item, std::string*) {
      out += ebb::export_json({&item.entry, 1}, {}, "");
      out += std::to_string(item.line) + " " + std::to_string(item.offset) + "\n";
      return true;
    };
    size_t at = 0;
    auto read = [&](char* buf, size_t n) {
      size_t k = std::min({n, step, size - at});
      std::memcpy(buf, data + at, k);
      at += k;
      return k;
    };
    bool ok = stream ? ebb::read_import_each(text, read, &format, each, &plans, &why, 1)
                     : ebb::read_import_each(text, &format, each, &plans, &why);
    for (const auto& p : plans) out += p.text + "\n";
    return out + (ok ? "ok" : why);
  };
  const std::string whole = read_all(false, 0);
  EBB_PROPERTY(read_all(true, 1 + size % 7) == whole);
  EBB_PROPERTY(read_all(true, 4096) == whole);
  static const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  ebb::PsychonautWikiImport pw;
  ebb::read_psychonautwiki(text, zone, &pw, &err);
  return 0;
}
