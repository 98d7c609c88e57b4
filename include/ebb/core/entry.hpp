#pragma once
/// The things a person logs: a use, an urge, a mood, and "none" (`ebb none`: a day recorded
/// with nothing used, of one substance or of anything). One flat value type so the store, the
/// log, export and undo treat every kind alike; fields that do not apply stay empty.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/time.hpp"

namespace ebb {

enum class Kind : uint8_t { use, urge, mood, none };

std::string_view kind_name(Kind k);
bool parse_kind(std::string_view text, Kind* out);

/// What the person did with an urge.
enum class Outcome : uint8_t { none, rode_out, used, other };

std::string_view outcome_name(Outcome o);  ///< "", "rode_out", "used", "other"
bool parse_outcome(std::string_view text, Outcome* out);

struct Entry {
  std::string id;            ///< ULID, stable across export/import
  Kind kind = Kind::use;
  Instant at{};              ///< when it happened (UTC)
  std::string zone;          ///< IANA zone it was logged in
  int utc_offset = 0;        ///< seconds east of UTC at `at` in `zone`
  Instant created_at{};
  Instant updated_at{};

  // use (substance is also the optional substance of an urge and of a none)
  std::string substance;     ///< canonical name from the catalog, or as written
  std::string substance_class;  ///< catalog class, "unknown" when not in the catalog
  std::string beverage;         ///< the drink named, for alcohol: "beer", "vodka"; else ""
  std::optional<double> amount;
  std::string unit;
  std::optional<double> abv;    ///< percent alcohol by volume, for drinks given in ml
  std::string route;
  std::string place;            ///< --where
  std::string with_whom;        ///< --with
  std::optional<bool> alone;
  std::optional<double> cost;
  std::string reason;           ///< what it was for
  std::optional<bool> tested;
  std::optional<int> mood_before;
  std::optional<int> felt;             ///< how it felt afterwards, 1-10 (--felt)

  // urge
  std::optional<int> intensity;        ///< 0-10
  std::string trigger;
  std::string feeling;
  std::string wanted;                  ///< what the urge wanted
  Outcome outcome = Outcome::none;
  std::string outcome_note;            ///< text of --other
  std::optional<int> minutes;
  std::optional<int> intensity_after;

  // mood
  std::optional<int> score;            ///< 1-10
  std::vector<std::string> feelings;
  std::optional<int> energy;           ///< 1-10

  std::string note;
  std::vector<std::string> tags;

  bool operator==(const Entry&) const = default;
};

}  // namespace ebb
