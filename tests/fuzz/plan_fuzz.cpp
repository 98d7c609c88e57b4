// libFuzzer target: the plan parser, and describing whatever plan it accepts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ebb/core/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ebb::Plan plan;
  ebb::PlanError err;
  if (ebb::parse_plan(text, &plan, &err)) {
    ebb::describe_plan(plan);
    ebb::rules_for(plan, "alcohol", "alcohol");
  } else {
    ebb::format_plan_error(err);
  }
  return 0;
}
