// libFuzzer target: the time parser (--at, --since/--until, report periods). Properties: a
// time that parses (the --at of an entry ebb keeps), written as RFC 3339, parses back to the
// same moment and writes the same text again; a day that parses writes back as the text it
// came from.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ebb/core/when.hpp"
#include "property.hpp"

namespace {

void round_trip(ebb::Instant t, const ebb::WhenContext& ctx) {
  std::string text = ebb::format_rfc3339(t, ctx.zone);
  ebb::Instant back{};
  std::string err;
  EBB_PROPERTY(ebb::parse_rfc3339(text, &back) && back == t);
  EBB_PROPERTY(ebb::parse_when(text, ctx, &back, &err) && back == t);
  EBB_PROPERTY(ebb::format_rfc3339(back, ctx.zone) == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ebb::Zone* zone = ebb::find_zone("Europe/Berlin");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ebb::WhenContext ctx{ebb::Instant{std::chrono::seconds{1'795'208'400}}, zone, {}};
  ebb::Instant t;
  ebb::Period p;
  std::string err;
  if (ebb::parse_when(text, ctx, &t, &err)) round_trip(t, ctx);
  ebb::parse_bound(text, ctx, false, &t, &err);
  ebb::parse_bound(text, ctx, true, &t, &err);
  ebb::parse_period(text, ctx, &p, &err);
  ebb::LocalDay d;
  if (ebb::parse_day(text, &d)) EBB_PROPERTY(ebb::format_day(d) == text);
  // The same words at a day start other than 04:00 and a week starting on Sunday.
  ctx.days.day_start = std::chrono::minutes{0};
  ctx.days.week_start = date::Sunday;
  if (ebb::parse_when(text, ctx, &t, &err)) round_trip(t, ctx);
  ebb::parse_period(text, ctx, &p, &err);
  return 0;
}
