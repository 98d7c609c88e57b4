#pragma once
/// Reading a PsychonautWiki Journal export (the app's "Export file"), so its users can bring
/// their history along. The file is {"experiences": [{"title", "sortDate", "ingestions": [
/// {"substanceName", "time" (epoch ms), "creationDate", "administrationRoute", "dose",
/// "isDoseAnEstimate", "units", "notes", "consumerName"}], "location": {"name"}}], ...}.
/// Pure: the zone and the catalog decide everything else.
///
/// Each ingestion becomes a use: the substance through the catalog (unknown names kept as
/// written), routes lower-cased (INSUFFLATED -> snorted, INTRAVENOUS -> injected), dose and
/// units as an amount in canonical units (no dose, no amount), the experience's location as
/// where, notes as the note, the tag "psychonautwiki" (and "estimate" for an estimated dose).
/// The id is a ULID from the ingestion time and a hash of what tells one ingestion from
/// another: substance, time, creation date, route, dose and units, and the app's own "id"
/// when the file has one. Ingestions alike in all of that (two pills logged at once) are
/// told apart by their order, so importing the same file twice adds nothing and no dose of
/// a file is ever taken for another. Ingestions logged for someone
/// else (consumerName set) are left out and counted.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/entry.hpp"

namespace ebb {

struct PsychonautWikiImport {
  std::vector<Entry> entries;  ///< oldest first
  int experiences = 0;
  int other_people = 0;        ///< ingestions of other people, left out
  int ratings = 0;             ///< Shulgin ratings kept (in the notes)
  int timed_notes = 0;         ///< timed notes kept (in the notes)
  int experiences_without_uses = 0;  ///< experiences with text but no ingestion of the person
};

/// True when `text` looks like a PsychonautWiki Journal export (a JSON object with an
/// "experiences" list and no "ebb_export"), so `ebb import FILE` needs no --from.
bool looks_like_psychonautwiki(std::string_view text);

/// Reads the export. False with *err naming the experience and ingestion on a problem.
bool read_psychonautwiki(std::string_view text, const Zone* zone,
                         PsychonautWikiImport* out, std::string* err);

/// ebb's route for the app's route name ("INSUFFLATED" -> "snorted").
std::string psychonautwiki_route(std::string_view route);

/// A PsychonautWiki Journal file (the schema both apps' importers decode) of `uses`, oldest
/// first: one experience per day (`days` decides when one ends), titled with the date, its
/// location the place when every use that day names the same one; each use an ingestion with
/// its time, creation time, route (snorted -> INSUFFLATED, injected -> INTRAVENOUS, a route
/// the app lacks -> ORAL), dose and unit, "estimate" tag as isDoseAnEstimate, minutes as
/// endTime and the note. Entries other than uses are left out (the app has no place for them).
std::string write_psychonautwiki(std::span<const Entry> uses, const Zone* zone,
                                 const DaySettings& days);

/// The app's route name for ebb's route ("snorted" -> "INSUFFLATED"); "ORAL" for one the app
/// lacks.
std::string psychonautwiki_route_name(std::string_view route);

/// A ULID-shaped id: 48 bits of `at` in milliseconds, then 80 bits of a hash of `key`.
std::string deterministic_ulid(int64_t at_ms, std::string_view key);

}  // namespace ebb
