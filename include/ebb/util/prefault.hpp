#pragma once
/// A hint for large fresh allocations, such as a vector reserved for a year of entries.

#include <cstddef>

namespace ebb {

/// Asks the kernel to map the pages of [data, data + bytes) now, in one call, rather than one
/// page fault per page as each is first written: on virtual machines each fault is costly, and
/// a year of entries is thousands of pages. Only a hint: small ranges are left alone, and
/// kernels before 5.14 decline it with nothing changed.
void prefault(void* data, std::size_t bytes);

}  // namespace ebb
