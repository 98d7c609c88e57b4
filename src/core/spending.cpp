#include "ebb/core/spending.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace ebb {

SpendingBaseline compute_spending_baseline(const SpendingInput& in) {
  SpendingWeeks weeks(in);
  for (const auto& e : in.entries) weeks.add(e);
  return weeks.finish();
}

SpendingWeeks::SpendingWeeks(const SpendingInput& in) : in_(in) { in_.entries = {}; }

void SpendingWeeks::add(const SpendEntry& e) {
  if (e.day < in_.tracked_from || e.day > in_.today) return;
  WeekLog& w = weeks_[week_begin(e.day, in_.days)];
  w.any = true;
  if (!e.use) return;
  w.use = true;
  if (e.cost) {
    w.cost = true;
    w.spent += *e.cost;
  }
}

SpendingBaseline SpendingWeeks::finish() const {
  const SpendingInput& in = in_;
  const std::map<LocalDay, WeekLog>& weeks = weeks_;
  // What a week cost when it can be known: something logged in it, and a cost for its uses.
  auto known = [&](LocalDay week) -> std::optional<double> {
    auto it = weeks.find(week);
    if (it == weeks.end() || !it->second.any || (it->second.use && !it->second.cost))
      return std::nullopt;
    return it->second.spent;
  };
  // The first week tracked from its first day, and the four from it.
  LocalDay first_week = week_begin(in.tracked_from, in.days);
  if (first_week < in.tracked_from) first_week += date::days{7};
  LocalDay baseline_end = first_week + date::days{28};

  SpendingBaseline out;
  if (in.set_baseline) {
    out.per_week = *in.set_baseline;
    out.set_by_person = true;
  } else {
    out.from = first_week;
    if (baseline_end > in.today) {
      out.ready_on = baseline_end;
    } else {
      double sum = 0;
      for (LocalDay w = first_week; w < baseline_end; w += date::days{7})
        if (auto spent = known(w)) {
          sum += *spent;
          ++out.weeks_known;
        }
      if (out.weeks_known > 0) out.per_week = sum / out.weeks_known;
    }
  }
  LocalDay last = std::min(in.last, in.today);
  for (LocalDay w = week_begin(in.first, in.days); w <= last; w += date::days{7}) {
    if (w < in.first) continue;
    WeekSpending ws;
    ws.first = w;
    ws.spent = known(w);
    ws.logged = weeks.count(w) > 0;
    ws.whole = w >= in.tracked_from && w + date::days{7} <= in.today && w + date::days{6} <= in.last;
    out.weeks.push_back(ws);
    bool after_baseline = out.set_by_person || w >= baseline_end;
    if (out.per_week && ws.whole && ws.spent && after_baseline) {
      ++out.weeks_compared;
      out.spent_compared += *ws.spent;
    }
  }
  if (out.per_week && out.weeks_compared > 0) {
    double saved = *out.per_week * out.weeks_compared - out.spent_compared;
    if (saved >= 0.005) out.saved = saved;
  }
  return out;
}

std::string money_text(double v, const std::string& currency) {
  std::string n = v == std::floor(v) ? fmt::format("{}", v) : fmt::format("{:.2f}", v);
  return currency.empty() ? n : n + " " + currency;
}

}  // namespace ebb
