#include "ebb/util/chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ebb/util/style.hpp"

namespace ebb {

namespace {

constexpr std::string_view kSparkUtf8[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr std::string_view kSparkAscii = " .:-=+*#";
constexpr std::string_view kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

}  // namespace

std::string paint(std::string_view text, std::string_view sgr, const ChartStyle& style) {
  if (!style.color || text.empty()) return std::string(text);
  return style_mark(sgr) + std::string(text) + style_mark("0");
}

std::string sparkline(std::span<const double> values, const ChartStyle& style) {
  double max = 0;
  for (double v : values)
    if (std::isfinite(v)) max = std::max(max, v);
  std::string out;
  for (double v : values) {
    int level = 0;
    if (std::isfinite(v) && v > 0 && max > 0) {
      // Ceiling, so a small positive amount never looks like nothing.
      level = static_cast<int>(std::ceil(v / max * 7.0 - 1e-9));
      level = std::clamp(level, 1, 7);
    }
    if (style.utf8) out += kSparkUtf8[level];
    else out += kSparkAscii[level];
  }
  return paint(out, "36", style);
}

std::string bar(double value, double max, int width, const ChartStyle& style) {
  if (!(value > 0) || !(max > 0) || width <= 0) return "";
  double fraction = std::min(value, max) / max;
  std::string out;
  if (style.utf8) {
    long eighths = std::max(1L, std::lround(fraction * width * 8));
    for (long i = 0; i < eighths / 8; ++i) out += "█";
    out += kEighths[eighths % 8];
  } else {
    long cells = std::max(1L, std::lround(fraction * width));
    out.append(static_cast<size_t>(cells), '#');
  }
  return paint(out, "36", style);
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xFF && i + 1 < text.size() && text[i + 1] == '[') {  // a style mark
      i += 2;
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    if ((c & 0xc0) != 0x80) ++width;  // count lead bytes only
  }
  return width;
}

std::string pad(std::string_view text, std::size_t width, bool left) {
  std::size_t w = display_width(text);
  if (w >= width) return std::string(text);
  std::string fill(width - w, ' ');
  return left ? fill + std::string(text) : std::string(text) + fill;
}

std::string short_number(double v) {
  if (!std::isfinite(v)) return "-";
  double a = std::fabs(v);
  // Halves round away from zero, as people round: 5.25 is 5.3 (printf would say 5.2).
  auto rounded = [](double x, int places) {
    double scale = std::pow(10.0, places);
    return std::round(x * scale) / scale;
  };
  std::string s;
  if (a < 1 && rounded(a, 2) < 1) s = fmt::format("{:.2f}", rounded(v, 2));
  else if (a < 100 && rounded(a, 1) < 100) s = fmt::format("{:.1f}", rounded(v, 1));
  else return fmt::format("{:.0f}", std::round(v));
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string short_number_or_dash(const std::optional<double>& v) {
  return v ? short_number(*v) : "-";
}

double round2(double v) { return std::round(v * 100) / 100; }

std::optional<double> round2(const std::optional<double>& v) {
  return v ? std::optional<double>(round2(*v)) : std::nullopt;
}

}  // namespace ebb
