// fmt compiled once, for the static build. Debian ships fmt as a shared library only; built
// header-only, every file that formats text compiled fmt's whole implementation again (about
// 4 s of a 6.7 s compile, in every one of some 40 files). Here the implementation is compiled
// in this one file instead, and the templates the headers only declare are instantiated for
// the types ebb uses. Not part of the shared-library build, which links libfmt.so.
#include <fmt/format-inl.h>

#include <locale>

FMT_BEGIN_NAMESPACE
namespace detail {
template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template locale_ref::locale_ref(const std::locale& loc);
template auto locale_ref::get<std::locale>() const -> std::locale;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
}  // namespace detail
FMT_END_NAMESPACE
