#pragma once
/// How entries read: a short phrase for confirmations and the log, and JSON for --json and
/// export. Pure.

#include <string>

#include "ebb/core/entry.hpp"
#include "ebb/util/json.hpp"

namespace ebb {

/// "alcohol, 3 drinks", "urge 7/10 (alcohol), rode it out", "mood 6/10: calm, tired".
std::string entry_summary(const Entry& e);

/// "21:00 today", "21:00 yesterday", "Fri 20 Nov 21:00", "20 Nov 2025 21:00", as seen in
/// `zone` relative to `now`'s day.
std::string format_when(Instant t, Instant now, const Zone* zone,
                        const DaySettings& days);

/// The last characters of an id, enough to tell entries apart in a table.
std::string short_id(const std::string& id);

/// Writes the entry as one JSON object: id, kind, at (RFC 3339 with the entry's own
/// offset), zone, created_at, updated_at (UTC), then the kind's fields (null when empty),
/// any field of another kind that is set, note and tags. This is also the export format.
void write_entry_json(JsonWriter& w, const Entry& e);

/// The same keys without the braces, for objects that add keys of their own.
void write_entry_fields(JsonWriter& w, const Entry& e);

}  // namespace ebb
