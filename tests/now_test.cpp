#include <doctest/doctest.h>

#include "ebb/core/catalog.hpp"
#include "ebb/core/now.hpp"
#include "test_support.hpp"

using namespace ebb;
using ebb::test::at;

namespace {

Entry use_at(const char* id, const char* when, const char* substance) {
  Entry e;
  e.id = id;
  e.kind = Kind::use;
  e.at = at(when);
  SubstanceMatch m = lookup_substance(substance);
  e.substance = m.name;
  e.substance_class = m.substance_class;
  return e;
}

NowStatus status_at(const char* now, const std::vector<Entry>& entries,
                    std::span<const PlanVersion> versions = {},
                    std::vector<Medication> meds = {}) {
  NowInput in;
  in.entries = entries;
  in.versions = versions;
  in.medications = std::move(meds);
  in.now = at(now);
  return compute_now(in);
}

}  // namespace

TEST_CASE("now: the phase of MDMA from the catalog's onset and duration") {
  std::vector<Entry> e = {use_at("M1", "2026-11-20T22:00:00Z", "mdma")};
  auto s = status_at("2026-11-20T22:30:00Z", e);
  REQUIRE(s.substances.size() == 1);
  CHECK(s.substances[0].phase == "coming up");
  CHECK(s.substances[0].redose_after == at("2026-11-20T23:10:00Z"));  // onset up to 70 min
  CHECK(status_at("2026-11-21T00:00:00Z", e).substances[0].phase == "in effect");
  CHECK(status_at("2026-11-21T00:00:00Z", e).substances[0].phase_ends == at("2026-11-21T01:00:00Z"));
  CHECK(status_at("2026-11-21T02:00:00Z", e).substances[0].phase == "wearing off");
  CHECK(status_at("2026-11-21T03:30:00Z", e).substances[0].phase == "likely worn off");
  CHECK_FALSE(status_at("2026-11-21T03:30:00Z", e).substances[0].redose_after);
  // Outside the lookback it is not "now" any more.
  CHECK(status_at("2026-11-22T12:00:00Z", e).substances.empty());
  // A use still to come (an --at in the future never is; a clock set back might be) is left out.
  CHECK(status_at("2026-11-20T21:00:00Z", e).substances.empty());
}

TEST_CASE("now: uses counted, latest first, the plan's spacing and open mixes") {
  PlanVersion v;
  v.id = 1;
  v.saved_at = at("2026-11-01T00:00:00Z");
  v.text = "[alcohol]\nmin_hours_between = 2\n";
  PlanError err;
  REQUIRE(parse_plan(v.text, &v.plan, &err));
  std::vector<PlanVersion> versions = {v};
  std::vector<Entry> e = {use_at("A1", "2026-11-20T19:00:00Z", "beer"),
                          use_at("A2", "2026-11-20T21:00:00Z", "wine"),
                          use_at("H1", "2026-11-20T21:30:00Z", "heroin")};
  auto s = status_at("2026-11-20T22:00:00Z", e, versions, {{"diazepam", "", ""}});
  REQUIRE(s.substances.size() == 2);
  CHECK(s.substances[0].substance == "heroin");
  CHECK(s.substances[1].substance == "alcohol");
  CHECK(s.substances[1].uses == 2);
  CHECK(s.substances[1].plan_after == at("2026-11-20T23:00:00Z"));
  CHECK_FALSE(s.substances[0].plan_after);
  CHECK(s.substances[0].mix_until == at("2026-11-21T09:30:00Z"));
  // alcohol + heroin, heroin + diazepam, alcohol + diazepam: all dangerous.
  REQUIRE(s.mixes.size() == 3);
  CHECK(s.mixes[0].severity == "dangerous");
  CHECK(s.mixes[0].a == "alcohol");
  CHECK(s.mixes[0].b == "heroin");
  CHECK(s.mixes[1].medication);
  // Past the plan's spacing and the windows: nothing still to come.
  s = status_at("2026-11-21T12:00:00Z", e, versions);
  CHECK_FALSE(s.substances[1].plan_after);
  CHECK_FALSE(s.substances[1].mix_until);
  CHECK(s.mixes.empty());
}
