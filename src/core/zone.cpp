#include "ebb/core/zone.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>

namespace ebb {

using namespace std::chrono;

namespace {

// Far enough to stand for "always" and still leave room to add any UTC offset.
constexpr int64_t kFar = int64_t{1} << 50;
const date::sys_seconds kBigBang{seconds{-kFar}};
const date::sys_seconds kBigCrunch{seconds{kFar}};

// ---- POSIX TZ rules ------------------------------------------------------------------------

struct RuleScanner {
  std::string_view s;
  size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }

  // An abbreviation: three or more letters, or <...> with letters, digits, '+' and '-'.
  bool abbrev(std::string* out) {
    if (peek() == '<') {
      size_t close = s.find('>', pos + 1);
      if (close == std::string_view::npos) return false;
      std::string_view inner = s.substr(pos + 1, close - pos - 1);
      for (char c : inner)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') return false;
      if (inner.size() < 3) return false;
      *out = std::string(inner);
      pos = close + 1;
      return true;
    }
    size_t start = pos;
    while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++pos;
    if (pos - start < 3) return false;
    *out = std::string(s.substr(start, pos - start));
    return true;
  }

  bool number(int max, int* out) {
    size_t start = pos;
    int v = 0;
    while (!done() && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      if (v > max) return false;
      ++pos;
    }
    if (pos == start) return false;
    *out = v;
    return true;
  }

  // [+|-]hh[:mm[:ss]], hours up to `max_hours`; seconds, signed.
  bool clock(int max_hours, int32_t* out) {
    int sign = 1;
    if (peek() == '+' || peek() == '-') {
      if (peek() == '-') sign = -1;
      ++pos;
    }
    int h = 0, m = 0, sec = 0;
    if (!number(max_hours, &h)) return false;
    if (peek() == ':') {
      ++pos;
      if (!number(59, &m)) return false;
      if (peek() == ':') {
        ++pos;
        if (!number(59, &sec)) return false;
      }
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool date(PosixRule::Date* d) {
    if (peek() == 'M') {
      ++pos;
      d->kind = PosixRule::Date::month_week_day;
      if (!number(12, &d->month) || d->month < 1 || peek() != '.') return false;
      ++pos;
      if (!number(5, &d->week) || d->week < 1 || peek() != '.') return false;
      ++pos;
      if (!number(6, &d->day)) return false;
    } else if (peek() == 'J') {
      ++pos;
      d->kind = PosixRule::Date::julian_no_leap;
      if (!number(365, &d->day) || d->day < 1) return false;
    } else {
      d->kind = PosixRule::Date::zero_based;
      if (!number(365, &d->day)) return false;
    }
    d->time = 7200;
    if (peek() == '/') {
      ++pos;
      // RFC 8536 allows -167 to 167 hours here (POSIX only 0-24).
      if (!clock(167, &d->time)) return false;
    }
    return true;
  }
};

date::sys_days rule_day(const PosixRule::Date& d, date::year y) {
  switch (d.kind) {
    case PosixRule::Date::julian_no_leap: {
      // 1-365, February 29 never counted.
      int n = d.day - 1;
      if (y.is_leap() && d.day >= 60) ++n;
      return date::sys_days{y / date::January / 1} + date::days{n};
    }
    case PosixRule::Date::zero_based:
      return date::sys_days{y / date::January / 1} + date::days{d.day};
    case PosixRule::Date::month_week_day:
    default: {
      auto month = date::month{static_cast<unsigned>(d.month)};
      date::sys_days first{y / month / 1};
      date::weekday wd{first};
      int ahead = (d.day - static_cast<int>(wd.c_encoding()) + 7) % 7;
      date::sys_days day = first + date::days{ahead + (d.week - 1) * 7};
      date::sys_days last{y / month / date::last};
      while (day > last) day -= date::days{7};
      return day;
    }
  }
}

// ---- TZif ----------------------------------------------------------------------------------

struct Bytes {
  std::string_view b;
  size_t pos = 0;
  bool has(size_t n) const { return n <= b.size() - pos; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[pos++]);
    return v;
  }
  int64_t i64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(b[pos++]);
    return static_cast<int64_t>(v);
  }
};

struct Counts {
  uint32_t isut, isstd, leap, time, type, chars;
};

bool read_header(Bytes& in, char* version, Counts* c) {
  if (!in.has(44) || in.b.substr(in.pos, 4) != "TZif") return false;
  *version = in.b[in.pos + 4];
  in.pos += 20;
  c->isut = in.u32();
  c->isstd = in.u32();
  c->leap = in.u32();
  c->time = in.u32();
  c->type = in.u32();
  c->chars = in.u32();
  return true;
}

}  // namespace

bool parse_posix_rule(std::string_view text, PosixRule* out, std::string* err) {
  RuleScanner in{text};
  PosixRule r;
  auto bad = [&](std::string_view what) {
    *err = fmt::format("\"{}\" isn't a POSIX time zone rule ({})", text, what);
    return false;
  };
  if (!in.abbrev(&r.std_abbrev)) return bad("a name of three or more letters comes first");
  int32_t west = 0;
  if (!in.clock(24, &west)) return bad("an offset from UTC follows the name, like EST5");
  r.std_offset = -west;  // POSIX counts hours west of Greenwich
  if (!in.done()) {
    if (!in.abbrev(&r.dst_abbrev)) return bad("a daylight saving name was expected");
    r.has_dst = true;
    r.dst_offset = r.std_offset + 3600;
    if (!in.done() && in.peek() != ',') {
      if (!in.clock(24, &west)) return bad("the daylight saving offset is unreadable");
      r.dst_offset = -west;
    }
    if (in.done()) {
      // No dates given: POSIX leaves them to the implementation; the US rule is the usual one.
      r.start = {PosixRule::Date::month_week_day, 0, 3, 2, 7200};
      r.end = {PosixRule::Date::month_week_day, 0, 11, 1, 7200};
    } else {
      ++in.pos;  // ','
      if (!in.date(&r.start)) return bad("the date daylight saving starts is unreadable");
      if (in.peek() != ',') return bad("two dates are needed, start and end");
      ++in.pos;
      if (!in.date(&r.end)) return bad("the date daylight saving ends is unreadable");
    }
  }
  if (!in.done()) return bad("something follows the rule");
  *out = std::move(r);
  return true;
}

std::unique_ptr<Zone> Zone::from_rule(std::string name, const PosixRule& rule) {
  std::unique_ptr<Zone> z(new Zone());
  z->name_ = std::move(name);
  z->types_.push_back({rule.std_offset, false, rule.std_abbrev});
  z->has_rule_ = true;
  z->rule_ = rule;
  return z;
}

std::unique_ptr<Zone> Zone::from_tzif(std::string name, std::string_view bytes,
                                      std::string* err) {
  auto bad = [&](std::string_view what) -> std::unique_ptr<Zone> {
    *err = fmt::format("the zone file for {} is damaged ({})", name, what);
    return nullptr;
  };
  Bytes in{bytes};
  char version = 0;
  Counts c{};
  if (!read_header(in, &version, &c)) return bad("it doesn't start as a TZif file");
  size_t time_size = 4, leap_size = 8;
  if (version >= '2') {
    // Skip the 32-bit block: the 64-bit one after it says the same for all of time.
    size_t skip = size_t{c.time} * 5 + size_t{c.type} * 6 + c.chars + size_t{c.leap} * 8 +
                  c.isstd + c.isut;
    if (!in.has(skip)) return bad("it ends early");
    in.pos += skip;
    if (!read_header(in, &version, &c)) return bad("the second header is missing");
    time_size = 8;
    leap_size = 12;
  }
  if (c.type == 0 || c.type > 256 || c.chars == 0) return bad("no local time types");
  size_t need = size_t{c.time} * (time_size + 1) + size_t{c.type} * 6 + c.chars +
                size_t{c.leap} * leap_size + c.isstd + c.isut;
  if (!in.has(need)) return bad("it ends early");

  std::unique_ptr<Zone> z(new Zone());
  z->name_ = std::move(name);
  z->transitions_.resize(c.time);
  for (auto& t : z->transitions_)
    t = time_size == 8 ? in.i64() : static_cast<int64_t>(static_cast<int32_t>(in.u32()));
  z->transition_types_.resize(c.time);
  for (auto& t : z->transition_types_) {
    t = static_cast<uint8_t>(in.b[in.pos++]);
    if (t >= c.type) return bad("a transition names a type that isn't there");
  }
  struct Raw {
    int32_t offset;
    bool dst;
    uint8_t abbrev_at;
  };
  std::vector<Raw> raw(c.type);
  for (auto& r : raw) {
    r.offset = static_cast<int32_t>(in.u32());
    r.dst = in.b[in.pos++] != 0;
    r.abbrev_at = static_cast<uint8_t>(in.b[in.pos++]);
    if (r.abbrev_at >= c.chars) return bad("an abbreviation is out of range");
    if (r.offset <= -25 * 3600 || r.offset >= 26 * 3600) return bad("an offset is out of range");
  }
  std::string_view chars = in.b.substr(in.pos, c.chars);
  in.pos += c.chars;
  for (const auto& r : raw) {
    std::string_view a = chars.substr(r.abbrev_at);
    a = a.substr(0, a.find('\0'));
    z->types_.push_back({r.offset, r.dst, std::string(a)});
  }
  // Leap-second files ("right/" zones) count transitions in a clock with leap seconds; ebb's
  // instants are POSIX time, so each transition is moved back by the correction in force.
  std::vector<std::pair<int64_t, int64_t>> leaps(c.leap);
  for (auto& [at, correction] : leaps) {
    at = time_size == 8 ? in.i64() : static_cast<int64_t>(static_cast<int32_t>(in.u32()));
    correction = static_cast<int32_t>(in.u32());
  }
  if (!leaps.empty())
    for (auto& t : z->transitions_) {
      int64_t correction = 0;
      for (const auto& [at, corr] : leaps)
        if (at <= t) correction = corr;
      t -= correction;
    }
  in.pos += c.isstd + c.isut;
  for (size_t i = 1; i < z->transitions_.size(); ++i)
    if (z->transitions_[i] <= z->transitions_[i - 1]) return bad("transitions out of order");

  if (version >= '2') {
    // The footer: "\n<POSIX rule>\n", the rule possibly empty.
    if (!in.has(1) || in.b[in.pos] != '\n') return bad("the footer is missing");
    size_t end = in.b.find('\n', in.pos + 1);
    if (end == std::string_view::npos) return bad("the footer is not closed");
    std::string_view footer = in.b.substr(in.pos + 1, end - in.pos - 1);
    if (!footer.empty()) {
      std::string rule_err;
      if (!parse_posix_rule(footer, &z->rule_, &rule_err)) return bad(rule_err);
      z->has_rule_ = true;
    }
  }
  return z;
}

ZoneSpan Zone::span_of(size_t type, date::sys_seconds begin, date::sys_seconds end) const {
  const Type& t = types_[type];
  ZoneSpan s;
  s.begin = begin;
  s.end = end;
  s.offset = seconds{t.offset};
  s.save = t.dst ? minutes{60} : minutes{0};
  s.abbrev = t.abbrev;
  return s;
}

// The span the footer rule gives at `t`, beginning no earlier than `floor` (the file's last
// transition, where the rule takes over).
ZoneSpan Zone::rule_span(date::sys_seconds t, date::sys_seconds floor) const {
  const PosixRule& r = rule_;
  ZoneSpan s;
  s.begin = floor;
  s.end = kBigCrunch;
  s.offset = seconds{r.std_offset};
  s.abbrev = r.std_abbrev;
  if (!r.has_dst) return s;
  // The changes of the years around t, in order; ties keep the change into daylight saving
  // last, so a rule that is in daylight saving all year ("0/0,J365/25") stays in it.
  struct Change {
    date::sys_seconds at;
    bool to_dst;
  };
  std::array<Change, 6> changes{};
  auto year = date::year_month_day{date::floor<date::days>(t + seconds{r.std_offset})}.year();
  size_t n = 0;
  for (int dy = -1; dy <= 1; ++dy) {
    date::year y = year + date::years{dy};
    changes[n++] = {rule_day(r.start, y) + seconds{r.start.time} - seconds{r.std_offset}, true};
    changes[n++] = {rule_day(r.end, y) + seconds{r.end.time} - seconds{r.dst_offset}, false};
  }
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return a.at < b.at || (a.at == b.at && !a.to_dst && b.to_dst);
  });
  size_t in_force = changes.size();
  for (size_t i = 0; i < changes.size(); ++i)
    if (changes[i].at <= t) in_force = i;
  bool dst = in_force < changes.size() ? changes[in_force].to_dst : !changes.front().to_dst;
  if (in_force < changes.size()) s.begin = std::max(floor, changes[in_force].at);
  for (size_t i = in_force < changes.size() ? in_force + 1 : 0; i < changes.size(); ++i)
    if (changes[i].at > t) {
      s.end = changes[i].at;
      break;
    }
  if (dst) {
    s.offset = seconds{r.dst_offset};
    s.save = duration_cast<minutes>(seconds{r.dst_offset - r.std_offset});
    if (s.save == minutes{0}) s.save = minutes{60};
    s.abbrev = r.dst_abbrev;
  }
  return s;
}

ZoneSpan Zone::get_info(date::sys_seconds t) const {
  const int64_t at = t.time_since_epoch().count();
  auto next = std::upper_bound(transitions_.begin(), transitions_.end(), at);
  if (next == transitions_.begin()) {
    date::sys_seconds end = transitions_.empty() ? kBigCrunch : date::sys_seconds{seconds{*next}};
    if (transitions_.empty() && has_rule_) return rule_span(t, kBigBang);
    return span_of(0, kBigBang, end);
  }
  size_t i = static_cast<size_t>(next - transitions_.begin()) - 1;
  date::sys_seconds begin{seconds{transitions_[i]}};
  if (next == transitions_.end()) {
    if (has_rule_) return rule_span(t, begin);
    return span_of(transition_types_[i], begin, kBigCrunch);
  }
  return span_of(transition_types_[i], begin, date::sys_seconds{seconds{*next}});
}

date::local_seconds Zone::to_local(date::sys_seconds t) const {
  // Entries come by time, so the span of the one before nearly always holds the next.
  if (!(last_span_.begin <= t && t < last_span_.end)) {
    ZoneSpan s = get_info(t);
    last_span_ = {s.begin, s.end, s.offset};
  }
  return date::local_seconds{(t + last_span_.offset).time_since_epoch()};
}

LocalReading Zone::get_info(date::local_seconds local) const {
  // Walk the spans around the local time (offsets lie within a day of UTC) and keep those
  // whose wall-clock stretch holds it.
  const date::sys_seconds as_utc{local.time_since_epoch()};
  const date::sys_seconds until = as_utc + date::days{2};
  ZoneSpan before, after;
  bool have_before = false, have_after = false;
  std::vector<ZoneSpan> hits;
  for (ZoneSpan s = get_info(as_utc - date::days{2});; s = get_info(s.end)) {
    auto local_begin = s.begin + s.offset, local_end = s.end + s.offset;
    if (local_begin <= as_utc && as_utc < local_end) {
      hits.push_back(s);
    } else if (local_end <= as_utc) {
      before = s;
      have_before = true;
    } else if (!have_after) {
      after = s;
      have_after = true;
    }
    if (s.end >= until || s.end >= kBigCrunch) break;
  }
  LocalReading r;
  if (hits.size() == 1) {
    r.first = std::move(hits[0]);
  } else if (hits.size() >= 2) {
    r.result = LocalReading::ambiguous;
    r.first = std::move(hits[0]);
    r.second = std::move(hits[1]);
  } else {
    r.result = LocalReading::nonexistent;
    r.first = have_before ? before : after;
    r.second = have_after ? after : before;
  }
  return r;
}

// ---- Finding zones -------------------------------------------------------------------------

std::string zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

namespace {

enum class ReadResult { ok, missing, not_regular, failed };

// Reads a whole file that must be a regular file (a FIFO or device would block or never end).
ReadResult read_regular(const std::string& path, std::string* out, int* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *error = errno;
    return errno == ENOENT || errno == ENOTDIR ? ReadResult::missing : ReadResult::failed;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20)) {
    ::close(fd);
    return ReadResult::not_regular;
  }
  out->resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < out->size()) {
    ssize_t r = ::read(fd, out->data() + got, out->size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      *error = r < 0 ? errno : EIO;
      ::close(fd);
      return ReadResult::failed;
    }
    got += static_cast<size_t>(r);
  }
  ::close(fd);
  return ReadResult::ok;
}

std::map<std::string, std::unique_ptr<Zone>, std::less<>>& zone_cache() {
  static std::map<std::string, std::unique_ptr<Zone>, std::less<>> cache;
  return cache;
}

const Zone* remember(std::string key, std::unique_ptr<Zone> z) {
  auto& slot = zone_cache()[std::move(key)];
  slot = std::move(z);
  return slot.get();
}

// The IANA name inside a path such as /usr/share/zoneinfo/Europe/Berlin.
std::string name_in_path(std::string_view path) {
  for (std::string_view marker : {"/zoneinfo/", "zoneinfo/"}) {
    size_t at = path.rfind(marker);
    if (at != std::string_view::npos) {
      std::string_view rest = path.substr(at + marker.size());
      for (std::string_view prefix : {"posix/", "right/"})
        if (rest.substr(0, prefix.size()) == prefix) rest.remove_prefix(prefix.size());
      if (!rest.empty()) return std::string(rest);
    }
  }
  return std::string();
}

bool is_utc_name(std::string_view n) {
  for (std::string_view u : {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "Zulu",
                             "Etc/Zulu", "Universal", "Etc/Universal", "UTC0", "GMT0"})
    if (n == u) return true;
  return false;
}

PosixRule utc_rule() {
  PosixRule utc;
  utc.std_abbrev = "UTC";
  return utc;
}

const Zone* builtin_utc() { return remember("\x01utc", Zone::from_rule("UTC", utc_rule())); }

const Zone* load_file(std::string key, std::string name, const std::string& path,
                      std::string* err, bool* missing) {
  std::string bytes;
  int error = 0;
  *missing = false;
  switch (read_regular(path, &bytes, &error)) {
    case ReadResult::ok:
      break;
    case ReadResult::missing:
      *missing = true;
      *err = fmt::format("there is no zone file {}", path);
      return nullptr;
    case ReadResult::not_regular:
      *err = fmt::format("{} is not a zone file", path);
      return nullptr;
    case ReadResult::failed:
      *err = fmt::format("{} can't be read: {}", path, std::strerror(error));
      return nullptr;
  }
  auto z = Zone::from_tzif(std::move(name), bytes, err);
  if (!z) return nullptr;
  return remember(std::move(key), std::move(z));
}

}  // namespace

const Zone* load_zone(std::string_view name, std::string* err) {
  if (!name.empty() && name.front() == ':') name.remove_prefix(1);  // POSIX ":Europe/Berlin"
  if (name.empty()) {
    *err = "no zone name was given";
    return nullptr;
  }
  auto& cache = zone_cache();
  if (auto it = cache.find(name); it != cache.end()) return it->second.get();
  std::string key(name);
  if (name == "localtime") return load_system_zone(err);
  bool missing = false;
  if (name.front() == '/') {
    std::string iana = name_in_path(name);
    return load_file(key, iana.empty() ? key : iana, key, err, &missing);
  }
  // A name stays inside the zoneinfo folder.
  bool safe = name.find("..") == std::string_view::npos && name.find('\0') == std::string_view::npos;
  if (safe) {
    if (const Zone* z = load_file(key, key, zoneinfo_dir() + "/" + key, err, &missing)) return z;
    if (!missing) return nullptr;
  }
  if (is_utc_name(name)) return remember(key, Zone::from_rule(key, utc_rule()));
  PosixRule rule;
  std::string rule_err;
  if (parse_posix_rule(name, &rule, &rule_err)) return remember(key, Zone::from_rule(key, rule));
  *err = fmt::format("\"{}\" is not a time zone ebb knows (no file in {})", name, zoneinfo_dir());
  return nullptr;
}

const Zone* load_system_zone(std::string* err) {
  auto& cache = zone_cache();
  if (auto it = cache.find("localtime"); it != cache.end()) return it->second.get();
  const std::string path = "/etc/localtime";
  std::string name;
  std::array<char, PATH_MAX> target{};
  ssize_t n = ::readlink(path.c_str(), target.data(), target.size() - 1);
  if (n > 0) name = name_in_path(std::string_view(target.data(), static_cast<size_t>(n)));
  if (name.empty()) {
    // A copied file: Debian names it in /etc/timezone.
    std::string text;
    int error = 0;
    if (read_regular("/etc/timezone", &text, &error) == ReadResult::ok) {
      text = text.substr(0, text.find_first_of("\r\n"));
      if (!text.empty() && text.find("..") == std::string::npos) name = text;
    }
  }
  bool missing = false;
  const Zone* z = load_file("localtime", name.empty() ? "localtime" : name, path, err, &missing);
  if (z) return z;
  // No /etc/localtime at all (containers): the system clock is UTC. A link to no file (a
  // zone removed, tzdata not installed) is a mistake to name, not UTC to guess.
  struct stat st {};
  if (missing && ::lstat(path.c_str(), &st) != 0 && errno == ENOENT) {
    err->clear();
    return builtin_utc();
  }
  return nullptr;
}

}  // namespace ebb
