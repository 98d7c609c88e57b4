#pragma once
/// Moods to and from Track & Graph's CSV (its own CSVReadWriter and tests are the reference):
/// a header FeatureName,Timestamp,Value,Label,Note (older files: FeatureName,Timestamp,
/// Value,Note with "value:label" in Value), CRLF records, Timestamp ISO 8601 with its offset.
///
/// Written: one "Mood" row per mood (Value its score, 1-10; Label its feeling words joined
/// with ", "; Note its note) and an "Energy" row at the same moment when it has an energy.
/// Read: rows of the trackers named Mood and Energy (any case); a Mood row is a mood (its
/// value rounded, 1-10), an Energy row at the same moment its energy. Rows of other trackers
/// are left out and counted. The id comes from the moment and the tracker, so importing the
/// same file again adds nothing. Pure.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"

namespace ebb {

struct TrackAndGraphImport {
  std::vector<Entry> entries;  ///< moods, oldest first
  int other_rows = 0;          ///< rows of trackers other than Mood and Energy, left out
};

/// True when the first line is Track & Graph's header.
bool looks_like_trackandgraph(std::string_view text);

/// False with *err naming the line and the field on a problem; nothing is returned then.
bool read_trackandgraph(std::string_view text, const Zone* zone, TrackAndGraphImport* out,
                        std::string* err);

/// The moods of `entries` (others are skipped) as Track & Graph CSV.
std::string write_trackandgraph(std::span<const Entry> entries);
/// The same a piece at a time: the header, then each mood's rows as it comes (nothing for an
/// entry that isn't a mood).
std::string trackandgraph_header();
std::string trackandgraph_rows(const Entry& e);

}  // namespace ebb
