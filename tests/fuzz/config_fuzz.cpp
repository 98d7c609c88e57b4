// libFuzzer target: the config parser (stands in for the importers until the JSON reader
// is on main).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ebb/core/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ebb::Config config;
  std::string err;
  ebb::parse_config(text, "config.toml", &config, &err);
  std::chrono::minutes m;
  ebb::parse_clock_time(text, &m);
  date::weekday w;
  ebb::parse_weekday(text, &w);
  return 0;
}
