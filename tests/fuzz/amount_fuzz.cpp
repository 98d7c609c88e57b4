// libFuzzer target: the amount parser. A newline splits the amount from a separate unit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ebb/core/amount.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n');
  std::string_view amount = text.substr(0, nl);
  std::string_view unit = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  ebb::Amount a;
  std::string err;
  if (ebb::parse_amount(amount, unit, &a, &err)) {
    ebb::format_amount(a.value, a.unit);
    ebb::unit_dimension(a.unit);
    ebb::convert_amount(a.value, a.unit, "drink", 5.0, ebb::DrinkSettings{});
  }
  ebb::canonical_unit(unit);
  return 0;
}
