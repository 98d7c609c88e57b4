#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "ebb/exchange/exchange.hpp"
#include "ebb/exchange/trackandgraph.hpp"

using namespace ebb;

namespace {

TrackAndGraphImport read_tg(const std::string& text) {
  TrackAndGraphImport out;
  std::string err;
  bool ok = read_trackandgraph(text, find_zone("Europe/Berlin"), &out, &err);
  REQUIRE_MESSAGE(ok, err);
  return out;
}

}  // namespace

TEST_CASE("trackandgraph: moods and energy from the app's CSV, other trackers counted") {
  std::string path = EBB_TEST_FIXTURES;  // appended: GCC 12 warns wrongly on a + b
  path += "/trackandgraph.csv";
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  CHECK(looks_like_trackandgraph(s.str()));
  auto r = read_tg(s.str());
  CHECK(r.other_rows == 2);  // Sleep, Tracker C
  REQUIRE(r.entries.size() == 2);
  const Entry& a = r.entries[0];
  CHECK(a.kind == Kind::mood);
  CHECK(a.score == 7);
  CHECK(a.energy == 4);
  CHECK(a.feelings == std::vector<std::string>{"calm", "tired"});
  CHECK(a.note == "Long day: ok in the end");
  CHECK(format_rfc3339_offset(a.at, a.utc_offset) == "2022-09-14T21:30:41+01:00");
  CHECK(a.tags == std::vector<std::string>{"trackandgraph"});
  const Entry& b = r.entries[1];
  CHECK(b.score == 3);  // 2.6 rounded
  CHECK_FALSE(b.energy);
  CHECK(b.note == "said \"no\", then slept");
  CHECK(read_tg(s.str()).entries[0].id == a.id);  // the same file, the same ids
}

TEST_CASE("trackandgraph: the older four-column form, and what can't be read is named") {
  auto r = read_tg("FeatureName,Timestamp,Value,Note\nMood,2022-09-14T21:30:41Z,5:content,\n");
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].score == 5);
  CHECK(r.entries[0].feelings == std::vector<std::string>{"content"});
  TrackAndGraphImport out;
  std::string err;
  auto zone = find_zone("UTC");
  CHECK_FALSE(read_trackandgraph("FeatureName,Timestamp,Value,Label,Note\nMood,yesterday,5,,\n",
                                 zone, &out, &err));
  CHECK(err == "line 2, Timestamp: \"yesterday\" isn't an ISO 8601 time with an offset, like "
               "2026-11-20T21:30:00+01:00");
  CHECK_FALSE(read_trackandgraph("FeatureName,Timestamp,Value,Label,Note\nMood,2022-09-14T21:30:41Z,0,,\n",
                                 zone, &out, &err));
  CHECK(err == "line 2, Value: 0 is outside ebb's 1 to 10 for a mood");
  CHECK_FALSE(read_trackandgraph(
      "FeatureName,Timestamp,Value,Label,Note\nEnergy,2022-09-14T21:30:41Z,4,,\n", zone, &out, &err));
  CHECK(err == "line 2: an Energy row without a Mood at the same moment");
  CHECK_FALSE(read_trackandgraph("id,kind,at\n", zone, &out, &err));
}

TEST_CASE("trackandgraph: ebb's moods written and read back") {
  auto r = read_tg(
      "FeatureName,Timestamp,Value,Label,Note\r\n"
      "Mood,2026-11-19T20:00:00+01:00,6.0,\"calm, tired\",\r\n"
      "Energy,2026-11-19T20:00:00+01:00,4.0,,\r\n"
      "Mood,2026-11-20T19:30:00+01:00,3.0,'=low,\"two\r\nlines\"\r\n");
  REQUIRE(r.entries.size() == 2);
  CHECK(r.entries[1].feelings == std::vector<std::string>{"=low"});
  std::string written = write_trackandgraph(r.entries);
  CHECK(written ==
        "FeatureName,Timestamp,Value,Label,Note\r\n"
        "Mood,2026-11-19T20:00:00+01:00,6.0,\"calm, tired\",\r\n"
        "Energy,2026-11-19T20:00:00+01:00,4.0,,\r\n"
        "Mood,2026-11-20T19:30:00+01:00,3.0,'=low,\"two\r\nlines\"\r\n");
  auto again = read_tg(written);
  REQUIRE(again.entries.size() == 2);
  for (size_t i = 0; i < 2; ++i) CHECK(again.entries[i] == r.entries[i]);
}
