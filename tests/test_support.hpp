#pragma once
// Helpers shared by the unit tests.

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <string_view>

#include "ebb/time.hpp"

namespace ebb::test {

/// A fresh private folder under /tmp, removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/ebb-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

/// An instant from RFC 3339 text; fails the test when it does not read.
inline Instant at(std::string_view rfc3339) {
  Instant t{};
  REQUIRE(parse_rfc3339(rfc3339, &t));
  return t;
}

/// A day from "YYYY-MM-DD"; fails the test when it does not read.
inline LocalDay day(std::string_view text) {
  LocalDay d{};
  REQUIRE(parse_day(text, &d));
  return d;
}

}  // namespace ebb::test
