#include <doctest/doctest.h>

#include <map>
#include <string>

#include "ebb/cli/env.hpp"

using namespace ebb;

namespace {

Paths paths(std::map<std::string, std::string> vars, const std::string& db_flag = "") {
  return resolve_paths(db_flag, "", [&vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("paths: XDG folders, then HOME") {
  auto p = paths({{"HOME", "/home/kim"}});
  CHECK(p.db == "/home/kim/.local/share/ebb/ebb.db");
  CHECK(p.config == "/home/kim/.config/ebb/config.toml");
  CHECK(p.problem.empty());
  p = paths({{"HOME", "/home/kim"}, {"XDG_DATA_HOME", "/data"}, {"XDG_CONFIG_HOME", "/conf"}});
  CHECK(p.db == "/data/ebb/ebb.db");
  CHECK(p.config == "/conf/ebb/config.toml");
}

TEST_CASE("paths: no database under / or the current folder") {
  auto p = paths({});
  CHECK(p.problem == "HOME isn't set, so ebb can't tell where your files go. Name the database "
                     "with --db or EBB_DB if you want.");
  p = paths({{"HOME", "home/kim"}});
  CHECK(p.problem.find("HOME is \"home/kim\", not an absolute path") == 0);
  p = paths({{"HOME", "/home/kim"}, {"XDG_DATA_HOME", "data"}});
  CHECK(p.problem.find("XDG_DATA_HOME is \"data\", a relative path") == 0);
  p = paths({{"HOME", "/home/kim"}, {"XDG_CONFIG_HOME", "conf"}});
  CHECK(p.problem.find("XDG_CONFIG_HOME is \"conf\", a relative path") == 0);
  // Named explicitly, the database needs no HOME; there is just no config of one's own.
  p = paths({}, "/srv/ebb.db");
  CHECK(p.problem.empty());
  CHECK(p.db == "/srv/ebb.db");
  CHECK(p.config.empty());
  p = paths({{"EBB_DB", "rel.db"}});
  CHECK(p.problem.empty());
  CHECK(p.db == "rel.db");
}
