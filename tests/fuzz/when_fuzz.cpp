// libFuzzer target: the time parser (--at, --since/--until, report periods).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ebb/when.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ebb::WhenContext ctx{ebb::Instant{std::chrono::seconds{1'795'208'400}}, zone, {}};
  ebb::Instant t;
  ebb::Period p;
  std::string err;
  ebb::parse_when(text, ctx, &t, &err);
  ebb::parse_bound(text, ctx, false, &t, &err);
  ebb::parse_bound(text, ctx, true, &t, &err);
  ebb::parse_period(text, ctx, &p, &err);
  // The same words at a day start other than 04:00 and a week starting on Sunday.
  ctx.days.day_start = std::chrono::minutes{0};
  ctx.days.week_start = date::Sunday;
  ebb::parse_when(text, ctx, &t, &err);
  ebb::parse_period(text, ctx, &p, &err);
  return 0;
}
