#pragma once
/// PsychonautWiki Journal files (the apps' "Export file"), both ways, as the Android app's
/// JournalExport.kt and the iOS app's *Codable.swift decoders read them: {"experiences":
/// [{"title", "text", "creationDate", "sortDate", "isFavorite", "ingestions": [{
/// "substanceName", "time", "endTime", "creationDate", "administrationRoute", "dose",
/// "isDoseAnEstimate", "estimatedDoseStandardDeviation", "units", "notes", "stomachFullness",
/// "consumerName", "customUnitId"}], "location": {"name", "latitude", "longitude"},
/// "ratings": [{"option", "time", "creationDate"}], "timedNotes": [{"creationDate", "time",
/// "note", "color", "isPartOfTimeline"}]}], "substanceCompanions", "customSubstances",
/// "customUnits": [{"id", "substanceName", "name", "dose", "estimatedDoseStandardDeviation",
/// "isEstimate", "unit", "unitPlural", "originalUnit", "note", ...}]}. Times are epoch
/// milliseconds (both apps), digits in a string, or ISO 8601 text. Pure.
///
/// Each ingestion of the person becomes a use: the substance through the catalog (unknown
/// names kept as written), routes lower-cased (INSUFFLATED -> snorted, INTRAVENOUS ->
/// injected), a dose in a custom unit computed into the unit's original unit as the app does,
/// endTime as minutes, the experience's location as where, the tags "psychonautwiki",
/// "estimate" and "favourite". The note is the ingestion's notes, then what has no field of
/// its own (the custom unit and count, the deviation, stomach fullness), and on the first
/// ingestion of each experience its title, text, coordinates, ratings and timed notes.
/// The id: a ULID from the ingestion's creationDate and a hash of the experience's
/// creationDate, the ingestion's creationDate and its substance, which editing in the app
/// keeps, so importing a newer export updates instead of adding. Ingestions without a
/// creationDate (old files) hash what they hold instead; alike ones are told apart by order.
/// Ingestions logged for someone else (consumerName set) are left out and counted.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"
#include "ebb/util/json.hpp"

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
/// False when the start of a file (`head`) already tells it isn't a PsychonautWiki Journal
/// export (not an object, or an ebb export naming itself first); true when the whole text
/// is needed to tell.
bool may_be_psychonautwiki(std::string_view head);

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

/// The same written a use at a time (oldest first) and handed to `emit` a piece at a time,
/// so only a day's uses are held: together the pieces are what write_psychonautwiki returns.
class PsychonautWikiWriter {
 public:
  using Emit = std::function<void(std::string_view)>;
  PsychonautWikiWriter(const Zone* zone, const DaySettings& days, Emit emit);
  void use(const Entry& e);
  /// Ends the document and emits the rest.
  void finish();

 private:
  void write_day();
  const Zone* zone_;
  DaySettings days_;
  Emit emit_;
  JsonWriter w_{true};
  std::vector<Entry> day_;  // the uses of the day being read
  LocalDay day_date_{};
};

/// The app's route name for ebb's route ("snorted" -> "INSUFFLATED"); "ORAL" for one the app
/// lacks.
std::string psychonautwiki_route_name(std::string_view route);

/// A ULID-shaped id: 48 bits of `at` in milliseconds, then 80 bits of a hash of `key`.
std::string deterministic_ulid(int64_t at_ms, std::string_view key);

}  // namespace ebb
