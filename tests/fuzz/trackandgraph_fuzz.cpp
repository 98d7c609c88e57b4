// libFuzzer target: the Track & Graph CSV reader, and writing back whatever it accepts: what
// ebb writes must read again to the same moods.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ebb/exchange/trackandgraph.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  ebb::TrackAndGraphImport got;
  std::string err;
  if (!ebb::read_trackandgraph(text, zone, &got, &err)) return 0;
  ebb::TrackAndGraphImport back;
  if (!ebb::read_trackandgraph(ebb::write_trackandgraph(got.entries), zone, &back, &err) ||
      back.entries.size() != got.entries.size())
    std::abort();
  return 0;
}
