// libFuzzer target: the importers (ebb JSON/CSV exports and PsychonautWiki Journal files),
// and writing back whatever they accept.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ebb/exchange.hpp"
#include "ebb/psychonautwiki.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string err;
  ebb::ImportData got;
  if (ebb::read_import(text, &got, &err)) {
    ebb::export_json(got.entries, got.plans, "2026-01-01T00:00:00Z");
    ebb::export_csv(got.entries);
  }
  static const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  ebb::PsychonautWikiImport pw;
  ebb::read_psychonautwiki(text, zone, &pw, &err);
  return 0;
}
