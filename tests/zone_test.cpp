#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "ebb/core/zone.hpp"

using namespace ebb;
using namespace std::chrono;

namespace {

date::sys_seconds t_of(int64_t s) { return date::sys_seconds{seconds{s}}; }

const Zone& zone(const char* name) {
  std::string err;
  const Zone* z = load_zone(name, &err);
  REQUIRE_MESSAGE(z, err);
  return *z;
}

// One line of `zdump -v`: "Europe/Berlin  Sun Mar 30 01:00:00 2036 UT = Sun Mar 30 03:00:00
// 2036 CEST isdst=1 gmtoff=7200".
struct Reading {
  int64_t at = 0;
  int64_t offset = 0;
  bool dst = false;
  std::string abbrev;
};

bool parse_zdump_line(const std::string& line, Reading* r) {
  static const std::map<std::string, unsigned> months{
      {"Jan", 1}, {"Feb", 2}, {"Mar", 3}, {"Apr", 4},  {"May", 5},  {"Jun", 6},
      {"Jul", 7}, {"Aug", 8}, {"Sep", 9}, {"Oct", 10}, {"Nov", 11}, {"Dec", 12}};
  std::istringstream in(line);
  std::string name, wday, mon, clock, ut, eq, wday2, mon2, clock2, abbrev, isdst, gmtoff;
  int day = 0, year = 0, day2 = 0, year2 = 0;
  if (!(in >> name >> wday >> mon >> day >> clock >> year >> ut >> eq)) return false;
  if (ut != "UT" || eq != "=") return false;
  if (!(in >> wday2 >> mon2 >> day2 >> clock2 >> year2 >> abbrev >> isdst >> gmtoff))
    return false;
  auto m = months.find(mon);
  if (m == months.end()) return false;
  int h = 0, mi = 0, s = 0;
  if (std::sscanf(clock.c_str(), "%d:%d:%d", &h, &mi, &s) != 3) return false;
  auto d = date::sys_days{date::year{year} / date::month{m->second} / static_cast<unsigned>(day)};
  r->at = (d + hours{h} + minutes{mi} + seconds{s}).time_since_epoch().count();
  r->dst = isdst == "isdst=1";
  r->offset = std::stoll(gmtoff.substr(gmtoff.find('=') + 1));
  r->abbrev = abbrev;
  return true;
}

// The instants where the zone's offset, abbreviation or daylight saving flag changes between
// the years, according to zdump (glibc's own reader of the same files, footer rule included).
std::vector<std::pair<Reading, Reading>> zdump_changes(const std::string& name, int from,
                                                       int to) {
  std::string cmd = "zdump -v -c " + std::to_string(from) + "," + std::to_string(to) + " " + name;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::vector<Reading> lines;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) {
    Reading r;
    if (parse_zdump_line(buf, &r)) lines.push_back(r);
  }
  ::pclose(p);
  // zdump prints each change as the second before and the second of it.
  std::vector<std::pair<Reading, Reading>> changes;
  for (size_t i = 0; i + 1 < lines.size(); ++i)
    if (lines[i + 1].at == lines[i].at + 1) {
      changes.push_back({lines[i], lines[i + 1]});
      ++i;
    }
  return changes;
}

}  // namespace

TEST_CASE("posix rules: the forms a TZ value or a TZif footer takes") {
  PosixRule r;
  std::string err;
  REQUIRE(parse_posix_rule("CET-1CEST,M3.5.0,M10.5.0/3", &r, &err));
  CHECK(r.std_abbrev == "CET");
  CHECK(r.std_offset == 3600);
  CHECK(r.dst_offset == 7200);
  CHECK(r.start.month == 3);
  CHECK(r.start.week == 5);
  CHECK(r.start.time == 7200);
  CHECK(r.end.time == 3 * 3600);

  REQUIRE(parse_posix_rule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", &r, &err));  // Lord Howe
  CHECK(r.std_abbrev == "+1030");
  CHECK(r.std_offset == 10 * 3600 + 1800);
  CHECK(r.dst_offset == 11 * 3600);

  REQUIRE(parse_posix_rule("EST5EDT", &r, &err));  // no dates: the US rule
  CHECK(r.has_dst);
  CHECK(r.std_offset == -5 * 3600);
  CHECK(r.start.month == 3);
  CHECK(r.end.month == 11);

  REQUIRE(parse_posix_rule("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", &r, &err));  // negative times
  CHECK(r.start.time == -7200);

  REQUIRE(parse_posix_rule("IST-2IDT,M3.4.4/26,M10.5.0", &r, &err));  // past 24 hours
  CHECK(r.start.time == 26 * 3600);

  REQUIRE(parse_posix_rule("EST5EDT,0/0,J365/25", &r, &err));  // daylight saving all year
  CHECK(r.start.kind == PosixRule::Date::zero_based);
  CHECK(r.end.kind == PosixRule::Date::julian_no_leap);

  for (const char* bad : {"", "C", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
                          "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,J0,J365", "CET-25",
                          "CET-1CEST,M3.5.0,M10.5.0/3 trailing", "<AB>1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_posix_rule(bad, &r, &err));
    CHECK(!err.empty());
  }
}

TEST_CASE("a rule-only zone: daylight saving all year never gaps or overlaps") {
  PosixRule r;
  std::string err;
  REQUIRE(parse_posix_rule("EST5EDT,0/0,J365/25", &r, &err));
  auto z = Zone::from_rule("allyear", r);
  for (int64_t t : {int64_t{0}, int64_t{1767225600}, int64_t{1798761599}, int64_t{1798761600},
                    int64_t{4102444800}}) {
    CAPTURE(t);
    CHECK(z->get_info(t_of(t)).offset == seconds{-4 * 3600});
  }
  auto reading = z->get_info(date::local_days{date::year{2027} / 1 / 1} + hours{0});
  CHECK(reading.result == LocalReading::unique);
}

TEST_CASE("zones agree with zdump on every change from 1850 to 2100, gaps and overlaps too") {
  // Chosen for what makes zones hard: half and quarter hours (Kolkata, Chatham, Lord Howe's
  // half-hour daylight saving), negative daylight saving (Dublin), two-hour daylight saving
  // (Troll), a skipped day (Apia), rules changed often (Casablanca, Cairo), southern
  // hemisphere (Sydney, Santiago, Sao Paulo), daylight saving abolished (Moscow, Istanbul),
  // the classic ones (Berlin, New York, London) and UTC.
  for (const char* name :
       {"Europe/Berlin", "America/New_York", "Europe/London", "Europe/Dublin", "Asia/Kolkata",
        "Pacific/Chatham", "Australia/Lord_Howe", "Antarctica/Troll", "Pacific/Apia",
        "Africa/Casablanca", "Africa/Cairo", "Australia/Sydney", "America/Santiago",
        "America/Sao_Paulo", "Europe/Moscow", "Europe/Istanbul", "America/St_Johns",
        "Asia/Tehran", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"}) {
    CAPTURE(name);
    const Zone& z = zone(name);
    auto changes = zdump_changes(name, 1850, 2100);
    std::set<int64_t> at;
    for (const auto& change : changes) {
      const Reading& before = change.first;  // not a structured binding: clang 14 can't
      const Reading& after = change.second;   // capture one in CAPTURE
      CAPTURE(after.at);
      at.insert(after.at);
      auto b = z.get_info(t_of(before.at));
      auto a = z.get_info(t_of(after.at));
      CHECK(b.offset.count() == before.offset);
      CHECK(b.abbrev == before.abbrev);
      CHECK((b.save != minutes{0}) == before.dst);
      CHECK(a.offset.count() == after.offset);
      CHECK(a.abbrev == after.abbrev);
      CHECK((a.save != minutes{0}) == after.dst);
      CHECK(a.begin == t_of(after.at));
      CHECK(b.end == t_of(after.at));
      CHECK(z.to_local(t_of(after.at)).time_since_epoch().count() == after.at + after.offset);

      // The wall clock around the change: a gap when it moves forward, an overlap when back.
      int64_t jump = after.offset - before.offset;
      if (jump > 0) {
        auto in_gap = date::local_seconds{seconds{after.at + before.offset + jump / 2}};
        auto r = z.get_info(in_gap);
        CHECK(r.result == LocalReading::nonexistent);
        CHECK(r.first.offset.count() == before.offset);
        CHECK(r.second.offset.count() == after.offset);
        CHECK(r.second.begin == t_of(after.at));
        auto just_after = date::local_seconds{seconds{after.at + after.offset}};
        CHECK(z.get_info(just_after).result == LocalReading::unique);
      } else if (jump < 0) {
        auto in_overlap = date::local_seconds{seconds{after.at + after.offset - jump / 2}};
        auto r = z.get_info(in_overlap);
        CHECK(r.result == LocalReading::ambiguous);
        CHECK(r.first.offset.count() == before.offset);
        CHECK(r.second.offset.count() == after.offset);
        auto just_before = date::local_seconds{seconds{after.at + after.offset - 1}} +
                           seconds{-jump} + seconds{1};
        CHECK(z.get_info(just_before).result == LocalReading::unique);
      }
    }
    // And nothing changes where zdump sees no change: walk every span in the range.
    const date::sys_seconds from = date::sys_days{date::year{1851} / 1 / 1};
    const date::sys_seconds to = date::sys_days{date::year{2099} / 12 / 31};
    auto s = z.get_info(from);
    while (s.end < to) {
      auto next = z.get_info(s.end);
      bool changed = next.offset != s.offset || next.abbrev != s.abbrev ||
                     (next.save != minutes{0}) != (s.save != minutes{0});
      if (changed) {
        CAPTURE(s.end.time_since_epoch().count());
        CHECK(at.count(s.end.time_since_epoch().count()) == 1);
      }
      REQUIRE(next.begin == s.end);
      s = next;
    }
  }
}

TEST_CASE("the footer rule carries a zone past its last transition") {
  // Berlin in summer 2038 is on daylight saving time (date-tz ignored the footer: +01:00).
  const Zone& berlin = zone("Europe/Berlin");
  auto summer = date::sys_days{date::year{2038} / 7 / 1} + hours{12};
  CHECK(berlin.get_info(summer).offset == hours{2});
  CHECK(berlin.get_info(summer).abbrev == "CEST");
  auto winter = date::sys_days{date::year{2300} / 1 / 1};
  CHECK(berlin.get_info(winter).offset == hours{1});
}

TEST_CASE("finding zones: names, paths, POSIX rules, UTC without files, and refusals") {
  std::string err;
  const Zone* a = load_zone("Europe/Berlin", &err);
  const Zone* b = load_zone(":Europe/Berlin", &err);
  REQUIRE(a);
  CHECK(a == b);  // loaded once
  CHECK(a->name() == "Europe/Berlin");

  const Zone* by_path = load_zone(zoneinfo_dir() + "/America/New_York", &err);
  REQUIRE(by_path);
  CHECK(by_path->name() == "America/New_York");

  const Zone* rule = load_zone("AAA3BBB,M3.2.0,M11.1.0", &err);
  REQUIRE(rule);
  CHECK(rule->get_info(date::sys_days{date::year{2026} / 7 / 1}).offset == hours{-2});

  CHECK(load_zone("Mars/Olympus_Mons", &err) == nullptr);
  CHECK(err.find("Mars/Olympus_Mons") != std::string::npos);
  CHECK(load_zone("../../etc/passwd", &err) == nullptr);
  CHECK(load_zone("", &err) == nullptr);
  CHECK(load_zone("/etc/passwd", &err) == nullptr);  // not a TZif file
  CHECK(err.find("damaged") != std::string::npos);
  CHECK(load_zone("/dev/null", &err) == nullptr);  // not a regular file
}

TEST_CASE("damaged zone files are refused, never read past their end") {
  std::string bytes;
  {
    FILE* f = std::fopen((zoneinfo_dir() + "/Europe/Berlin").c_str(), "rb");
    REQUIRE(f);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
    std::fclose(f);
  }
  std::string err;
  REQUIRE(Zone::from_tzif("Europe/Berlin", bytes, &err));
  for (size_t cut : {size_t{0}, size_t{10}, size_t{44}, size_t{100}, bytes.size() / 2,
                     bytes.size() - 2}) {
    CAPTURE(cut);
    CHECK(Zone::from_tzif("cut", std::string_view(bytes).substr(0, cut), &err) == nullptr);
  }
  std::string wrong = bytes;
  wrong[0] = 'X';
  CHECK(Zone::from_tzif("x", wrong, &err) == nullptr);
}

TEST_CASE("to_local keeps the span it found last: right in any order, across every change") {
  // Reports ask in time order, where the span before holds the next instant; asked in any
  // order, around changes and far from them, the wall-clock time is still the span's own.
  for (const char* name : {"Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe", "UTC"}) {
    const Zone& z = zone(name);
    std::mt19937_64 rng(7);
    const int64_t from = -2208988800;  // 1900
    const int64_t until = 4102444800;  // 2100
    for (int i = 0; i < 20000; ++i) {
      int64_t at = from + static_cast<int64_t>(rng() % static_cast<uint64_t>(until - from));
      if (i % 3 == 0) at = at - at % 3600;  // on the hour, where changes happen
      date::sys_seconds t{seconds{at}};
      CAPTURE(at);
      CHECK(z.to_local(t).time_since_epoch() == (t + z.get_info(t).offset).time_since_epoch());
      // And the second before and after, where a change may fall between.
      for (int d : {-1, 1}) {
        date::sys_seconds u = t + seconds{d};
        CHECK(z.to_local(u).time_since_epoch() == (u + z.get_info(u).offset).time_since_epoch());
      }
    }
  }
}
