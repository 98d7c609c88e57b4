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

/// SQL that takes a database of the latest schema back to schema 1, as an ebb of that
/// version left it, as far as migrating it forward can tell: versions 2 and 3 only changed
/// indexes, 4 rebuilds the entries from the columns of version 1 and 5 added a journal column.
inline constexpr const char* kBackToSchemaOne =
    "ALTER TABLE journal DROP COLUMN batch;"
    "DROP INDEX journal_entry;"
    "DROP INDEX entries_at_id; CREATE INDEX entries_at ON entries (at);"
    "DROP INDEX entries_kind_at_id; CREATE INDEX entries_kind_at ON entries (kind, at);"
    "DROP INDEX entries_substance_at_id;"
    "CREATE INDEX entries_substance_at ON entries (substance, at);"
    "PRAGMA user_version = 1;";

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
