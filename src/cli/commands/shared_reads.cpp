#include "shared_reads.hpp"

#include "ebb/store/store.hpp"
#include "ebb/util/prefault.hpp"

namespace ebb {

std::vector<TrendEntry> trend_entries_with(Env& env, const Period& p, int days_before,
                                           std::span<const Entry> rows, Instant rows_from) {
  const Instant since = day_begin(p.first - date::days{days_before}, env.zone, env.config.days);
  std::vector<TrendEntry> out;
  if (since < rows_from) {
    EntryQuery q;
    q.light = true;
    q.since = since;
    q.until = rows_from;
    q.newest_first = false;
    Store& store = env.store();
    store.read([&] {
      out.reserve(static_cast<size_t>(store.count_matching(q)) + rows.size());
      prefault(out.data(), out.capacity() * sizeof(TrendEntry));
      store.each(q, [&](const Entry& e) { out.emplace_back(e); });
    });
  } else {
    out.reserve(rows.size());
  }
  for (const Entry& e : rows)
    if (e.at >= since) out.emplace_back(e);
  return out;
}

}  // namespace ebb
