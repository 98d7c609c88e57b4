#include "ebb/util/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace ebb {

void prefault(void* data, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto begin = (reinterpret_cast<std::uintptr_t>(data) + page - 1) / page * page;
  auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) / page * page;
  if (end > begin + 16 * page)
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)data, (void)bytes;
#endif
}

}  // namespace ebb
