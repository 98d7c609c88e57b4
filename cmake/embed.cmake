# Writes a C++ header holding the bytes of one data file, so the binary carries its data and
# reads no file at run time. Run by the build (see CMakeLists.txt):
#   cmake -DINPUT=data/catalog.toml -DOUTPUT=.../catalog_toml.hpp -DNAME=kCatalogToml -P embed.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" length)
math(EXPR bytes "${length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," chars "${hex}")
# A line break every 16 bytes keeps the generated file readable in a debugger.
string(REGEX REPLACE "(('[^']*',){16})" "\\1\n    " chars "${chars}")
get_filename_component(source "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${source} by cmake/embed.cmake. Do not edit.
#pragma once
#include <string_view>
namespace ebb::data {
inline constexpr char ${NAME}_bytes[] = {
    ${chars}'\\0'};
inline constexpr std::string_view ${NAME}{${NAME}_bytes, ${bytes}};
}  // namespace ebb::data
")
# Only a changed header is replaced, so an unchanged data file rebuilds nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
