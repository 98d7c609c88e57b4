#pragma once
/// ebb's own colours in text the core writes (charts, tables): a mark the sink alone turns
/// into an escape sequence (sink.hpp), so the core never writes one to a terminal itself.

#include <string>
#include <string_view>

namespace ebb {

/// The byte that starts a style mark: 0xFF is never part of UTF-8, and text from elsewhere is
/// checked to be UTF-8 on its way in, so it holds no marks.
inline constexpr char kStyleMark = '\xFF';

/// The mark for ebb's own SGR style `sgr` ("0" reset, "1" bold, "4" underline, "32" green,
/// "33" yellow, "36" cyan, "1;31" bold red): kStyleMark then "[<sgr>m". The sink honours only
/// these styles.
std::string style_mark(std::string_view sgr);

}  // namespace ebb
