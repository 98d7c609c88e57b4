#include "ebb/core/entry.hpp"

namespace ebb {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::use: return "use";
    case Kind::urge: return "urge";
    case Kind::mood: return "mood";
    case Kind::none: return "none";
  }
  return "use";
}

bool parse_kind(std::string_view text, Kind* out) {
  if (text == "use" || text == "uses") *out = Kind::use;
  else if (text == "urge" || text == "urges") *out = Kind::urge;
  else if (text == "mood" || text == "moods") *out = Kind::mood;
  else if (text == "none") *out = Kind::none;
  else return false;
  return true;
}

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::none: return "";
    case Outcome::rode_out: return "rode_out";
    case Outcome::used: return "used";
    case Outcome::other: return "other";
  }
  return "";
}

bool parse_outcome(std::string_view text, Outcome* out) {
  if (text.empty()) *out = Outcome::none;
  else if (text == "rode_out" || text == "rode-out") *out = Outcome::rode_out;
  else if (text == "used") *out = Outcome::used;
  else if (text == "other") *out = Outcome::other;
  else return false;
  return true;
}

}  // namespace ebb
