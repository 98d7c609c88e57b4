#pragma once
/// Small text charts for any terminal: sparklines and horizontal bars, in UTF-8 block
/// characters or a plain ASCII fallback, coloured with ANSI SGR sequences only when asked.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ebb {

/// How charts are drawn. The caller decides (locale, `--ascii`, `NO_COLOR`, `--color`).
struct ChartStyle {
  bool utf8 = true;    ///< block characters; false: ASCII only
  bool color = false;  ///< wrap marks in ANSI SGR sequences
};

/// One character per value, scaled to the largest value: zero (or less, or NaN) is the lowest
/// mark ("▁", ASCII ' '), any positive value is at least the second mark, the largest is the
/// top ("█", ASCII '#'). ASCII levels: " .:-=+*#". Coloured cyan when asked.
std::string sparkline(std::span<const double> values, const ChartStyle& style);

/// A horizontal bar of `value` against `max`, at most `width` cells, not padded. UTF-8 uses
/// full blocks and eighth blocks (▏▎▍▌▋▊▉); ASCII uses whole '#' cells. Any positive value
/// shows at least the smallest mark; zero, a negative value or max <= 0 gives "".
std::string bar(double value, double max, int width, const ChartStyle& style);

/// `text` inside the style mark for `sgr` ("1", "4", "32", "36") and a reset mark, when
/// style.color; otherwise `text` unchanged. Empty text stays empty. The sink turns the marks
/// into SGR sequences (sink.hpp).
std::string paint(std::string_view text, std::string_view sgr, const ChartStyle& style);

/// Terminal columns of UTF-8 text: one per code point, style marks take none. Good for the
/// characters ebb draws (no wide or combining characters).
std::size_t display_width(std::string_view text);

/// `text` padded with spaces on the right (left = false) or left (left = true) to `width`
/// display columns; never cut.
std::string pad(std::string_view text, std::size_t width, bool left = false);

/// A number for tables and cells: below 1 with up to 2 decimals ("0.25"), below 100 with up
/// to 1 ("2.5", "12"), from 100 whole ("150", "1500"). Trailing zeros are dropped.
std::string short_number(double v);

/// short_number, or "-" for no number.
std::string short_number_or_dash(const std::optional<double>& v);

/// Rounded to 2 decimals, as figures are written to JSON.
double round2(double v);
std::optional<double> round2(const std::optional<double>& v);

}  // namespace ebb
