#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "ebb/util/chart.hpp"
#include "ebb/util/sink.hpp"

using ebb::ChartStyle;

namespace {

const ChartStyle kUtf8{true, false};
const ChartStyle kAscii{false, false};
const ChartStyle kUtf8Color{true, true};

std::string spark(std::vector<double> v, const ChartStyle& s) { return ebb::sparkline(v, s); }

}  // namespace

TEST_CASE("sparkline: one mark per value, scaled to the largest") {
  std::vector<double> steps = {0, 1, 2, 3, 4, 5, 6, 7};
  CHECK(spark(steps, kUtf8) == "▁▂▃▄▅▆▇█");
  CHECK(spark(steps, kAscii) == " .:-=+*#");
  // 2.5 of 5 is 3.5 sevenths, rounded up to the fourth level above zero.
  CHECK(spark({5, 2.5, 0}, kUtf8) == "█▅▁");
  CHECK(spark({5, 2.5, 0}, kAscii) == "#= ");
}

TEST_CASE("sparkline: a small positive value never looks like a day off") {
  CHECK(spark({0, 0.1, 10}, kUtf8) == "▁▂█");
  CHECK(spark({0, 0.1, 10}, kAscii) == " .#");
}

TEST_CASE("sparkline: zeros, negatives, NaN and nothing at all") {
  CHECK(spark({0, 0, 0}, kUtf8) == "▁▁▁");
  CHECK(spark({0, 0}, kAscii) == "  ");
  CHECK(spark({-3, std::nan(""), 2}, kUtf8) == "▁▁█");
  CHECK(spark({std::numeric_limits<double>::infinity(), 1}, kAscii) == " #");
  CHECK(spark({}, kUtf8).empty());
}

TEST_CASE("sparkline: colour wraps the whole line in one SGR sequence") {
  CHECK(spark({0, 7}, kUtf8Color) == "\xFF[36m▁█\xFF[0m");
  CHECK(ebb::terminal_text(spark({0, 7}, kUtf8Color), true) == "\x1b[36m▁█\x1b[0m");
  CHECK(ebb::terminal_text(spark({0, 7}, kUtf8Color), false) == "▁█");
  CHECK(spark({}, kUtf8Color).empty());
}

TEST_CASE("bar: full and eighth blocks in UTF-8") {
  CHECK(ebb::bar(10, 10, 4, kUtf8) == "████");
  // Half of 3 cells is 12 eighths: one full block and a half block.
  CHECK(ebb::bar(5, 10, 3, kUtf8) == "█▌");
  // A tenth of 4 cells is 3.2 eighths, rounded to 3.
  CHECK(ebb::bar(1, 10, 4, kUtf8) == "▍");
  CHECK(ebb::bar(7, 8, 1, kUtf8) == "▉");
  CHECK(ebb::bar(1, 8, 1, kUtf8) == "▏");
  CHECK(ebb::bar(2, 8, 1, kUtf8) == "▎");
  CHECK(ebb::bar(5, 8, 1, kUtf8) == "▋");
  CHECK(ebb::bar(6, 8, 1, kUtf8) == "▊");
}

TEST_CASE("bar: ASCII uses whole cells") {
  CHECK(ebb::bar(10, 10, 4, kAscii) == "####");
  CHECK(ebb::bar(5, 10, 3, kAscii) == "##");  // 1.5 cells rounds up
  CHECK(ebb::bar(1, 10, 4, kAscii) == "#");
}

TEST_CASE("bar: tiny, zero, over the top and nonsense") {
  CHECK(ebb::bar(0.01, 10, 4, kUtf8) == "▏");
  CHECK(ebb::bar(0.01, 10, 4, kAscii) == "#");
  CHECK(ebb::bar(0, 10, 4, kUtf8).empty());
  CHECK(ebb::bar(-1, 10, 4, kUtf8).empty());
  CHECK(ebb::bar(5, 0, 4, kUtf8).empty());
  CHECK(ebb::bar(5, 10, 0, kUtf8).empty());
  CHECK(ebb::bar(20, 10, 4, kUtf8) == "████");
  CHECK(ebb::bar(std::nan(""), 10, 4, kAscii).empty());
}

TEST_CASE("bar: colour") {
  CHECK(ebb::bar(5, 10, 3, kUtf8Color) == "\xFF[36m█▌\xFF[0m");
  CHECK(ebb::bar(0, 10, 3, kUtf8Color).empty());
}

TEST_CASE("paint, display_width and pad") {
  CHECK(ebb::paint("ab", "1", kUtf8) == "ab");
  CHECK(ebb::paint("ab", "1", kUtf8Color) == ebb::style_mark("1") + "ab" + ebb::style_mark("0"));
  CHECK(ebb::paint("", "1", kUtf8Color).empty());
  CHECK(ebb::display_width("·●~") == 3);
  CHECK(ebb::display_width("\xFF[1mab\xFF[0m") == 2);
  CHECK(ebb::pad("\xFF[32m·\xFF[0m", 3) == "\xFF[32m·\xFF[0m  ");
  CHECK(ebb::pad("7", 3, true) == "  7");
  CHECK(ebb::pad("longer", 3) == "longer");
}

TEST_CASE("short_number") {
  CHECK(ebb::short_number(0) == "0");
  CHECK(ebb::short_number(0.25) == "0.25");
  CHECK(ebb::short_number(0.5) == "0.5");
  CHECK(ebb::short_number(2.5) == "2.5");
  CHECK(ebb::short_number(3) == "3");
  CHECK(ebb::short_number(12.34) == "12.3");
  CHECK(ebb::short_number(99.96) == "100");
  // Halves round up, as a person would: not "5.2" for a mean of 5.25.
  CHECK(ebb::short_number(5.25) == "5.3");
  CHECK(ebb::short_number(0.125) == "0.13");
  CHECK(ebb::short_number(0.999) == "1");
  CHECK(ebb::short_number(-5.25) == "-5.3");
  CHECK(ebb::short_number(150.4) == "150");
  CHECK(ebb::short_number(1500) == "1500");
  CHECK(ebb::short_number(-0.001) == "0");
}
