#pragma once
/// Reading a stretch of the log once for two figures: the rows a review (or the trends' words)
/// reads are also the newer part of what the trends read, so only the older part of the
/// trends' period before is read again.

#include <span>
#include <vector>

#include "ebb/cli/env.hpp"
#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/core/when.hpp"

namespace ebb {

/// What trends read of the entries from `days_before` days before the period to its end,
/// oldest first, as `trend_entries_around` gives them: those before `rows_from` read from the
/// store, the rest taken from `rows` (the entries from `rows_from` to the period's end,
/// oldest first, already read), so no row is read twice.
std::vector<TrendEntry> trend_entries_with(Env& env, const Period& p, int days_before,
                                           std::span<const Entry> rows, Instant rows_from);

}  // namespace ebb
