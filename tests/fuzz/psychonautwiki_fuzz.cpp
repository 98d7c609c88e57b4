// libFuzzer target: the PsychonautWiki Journal reader (custom units, times in every form,
// ratings, timed notes), and writing back whatever it accepts: what ebb writes for the app
// must read again to the same number of uses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ebb/exchange/psychonautwiki.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  ebb::looks_like_psychonautwiki(text);
  ebb::PsychonautWikiImport pw;
  std::string err;
  if (!ebb::read_psychonautwiki(text, zone, &pw, &err)) return 0;
  std::string file = ebb::write_psychonautwiki(pw.entries, zone, ebb::DaySettings{});
  ebb::PsychonautWikiImport back;
  if (!ebb::read_psychonautwiki(file, zone, &back, &err) || back.entries.size() != pw.entries.size())
    std::abort();
  return 0;
}
