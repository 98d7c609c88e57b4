#pragma once
/// `ebb now`: where each substance used in the last day and a half likely is, when the plan's
/// spacing and a redose interval would be met, and which combination windows are still open.
/// Pure: the caller loads the recent uses, the plan versions and the medications.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ebb/core/config.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

/// How far back `ebb now` looks.
inline constexpr std::chrono::hours kNowLookback{36};

struct NowInput {
  std::span<const Entry> entries;  ///< any order; uses since now - kNowLookback at least
  std::span<const PlanVersion> versions;
  std::vector<Medication> medications;
  int combination_window_hours = 12;
  Instant now{};
  LocalDay today{};  ///< the person's day at `now`, for the plan stage in force
};

struct SubstanceNow {
  std::string substance;
  std::string substance_class;
  Instant last{};  ///< the latest use
  int uses = 0;    ///< uses in the lookback
  /// "coming up" (inside the onset window), "in effect", "wearing off" (between the shortest
  /// and longest duration), "likely worn off"; "" when the catalog knows no durations.
  std::string phase;
  std::optional<Instant> phase_ends;    ///< when the phase ends at the latest
  std::optional<Instant> redose_after;  ///< end of the onset window, while still to come
  std::optional<Instant> plan_after;    ///< last + the plan's min_hours_between, still to come
  std::optional<Instant> mix_until;     ///< last + the combination window, still to come
};

struct OpenMix {
  std::string a, b;      ///< substances (or a medication) in the order of the table lookup
  std::string severity;  ///< "dangerous", "unsafe", "caution"
  Instant until{};       ///< when the window of the later use closes
  bool medication = false;  ///< b is a standing medication
};

struct NowStatus {
  std::vector<SubstanceNow> substances;  ///< latest use first
  std::vector<OpenMix> mixes;            ///< most severe first
};

NowStatus compute_now(const NowInput& in);

}  // namespace ebb
