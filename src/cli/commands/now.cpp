#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "periods.hpp"
#include "ebb/core/breaks.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/core/now.hpp"

namespace ebb {

namespace {

// "40m", "2h", "1d 3h": short, for a prompt or a bar.
std::string short_span(std::chrono::seconds gap) {
  auto m = std::chrono::duration_cast<std::chrono::minutes>(gap).count();
  if (m < 60) return fmt::format("{}m", m);
  if (m < 48 * 60) return fmt::format("{}h", m / 60);
  return fmt::format("{}d", m / (24 * 60));
}

// "40 minutes", "2 hours 10 minutes": for a sentence.
std::string long_span(std::chrono::seconds gap) {
  auto m = std::chrono::duration_cast<std::chrono::minutes>(gap).count();
  auto plural = [](long n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  if (m < 60) return plural(m, "minute", "minutes");
  if (m % 60 == 0 || m >= 10 * 60) return plural(m / 60, "hour", "hours");
  return plural(m / 60, "hour", "hours") + " " + plural(m % 60, "minute", "minutes");
}

std::string when_text(Env& env, Instant t) {
  return format_when(t, env.now, env.zone, env.config.days);
}

// --format: {substance} {since} {phase} {uses} {last}, one substance at a time.
std::string fill_format(const std::string& tmpl, const SubstanceNow& s, Env& env, bool discreet) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string::npos) {
        std::string key = tmpl.substr(i + 1, close - i - 1);
        std::string value;
        bool known = true;
        if (key == "substance") value = discreet ? "" : s.substance;
        else if (key == "since") value = short_span(env.now - s.last);
        else if (key == "phase") value = s.phase;
        else if (key == "uses") value = std::to_string(s.uses);
        else if (key == "last") value = format_rfc3339(s.last, env.zone);
        else known = false;
        if (known) {
          out += value;
          i = close;
          continue;
        }
        throw Error(kExitUsage,
                    fmt::format("--format has {{{}}}, which ebb doesn't fill; it takes {{substance}}, "
                                "{{since}}, {{phase}}, {{uses}} and {{last}}.",
                                key));
      }
    }
    out += tmpl[i];
  }
  return out;
}

std::string trim_spaces(std::string s) {
  std::string out;
  for (char c : s)
    if (!(c == ' ' && (out.empty() || out.back() == ' '))) out += c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// How far back `ebb now` looks for breaks, and how old a last use may be to be named.
constexpr int kBreakDays = 30;
constexpr date::days kBreakOldest{365};

struct NowBreak {
  std::string substance;
  Breaks breaks;
};

// Days since the last use and the longest break of the last 30 days, per substance used in
// them or in the year before (the computation trends uses). Most recent use first.
std::vector<NowBreak> now_breaks(Env& env) {
  LocalDay today = logical_day(env.now, env.zone, env.config.days);
  LocalDay first = today - date::days{kBreakDays - 1};
  Instant from = day_begin(first, env.zone, env.config.days);
  EntryQuery q;
  q.kind = Kind::use;
  q.since = from;
  q.newest_first = false;
  std::map<std::string, std::vector<LocalDay>> days;
  for (const auto& e : env.store().query(q))
    if (!e.substance.empty()) days[e.substance].push_back(logical_day(e.at, env.zone, env.config.days));
  for (const auto& [name, at] : env.store().last_use_by_substance(from))
    if (env.now - at <= kBreakOldest || days.count(name))
      days[name].push_back(logical_day(at, env.zone, env.config.days));
  std::vector<NowBreak> out;
  for (const auto& [name, list] : days) {
    Breaks b = compute_breaks(list, first, today, today);
    if (b.days_since_last) out.push_back({name, b});
  }
  std::stable_sort(out.begin(), out.end(), [](const NowBreak& x, const NowBreak& y) {
    return *x.breaks.days_since_last < *y.breaks.days_since_last;
  });
  return out;
}

}  // namespace

Runner setup_now(CLI::App& sub) {
  struct Args {
    bool short_form = false, discreet = false;
    std::string format;
  };
  auto a = std::make_shared<Args>();
  sub.add_flag("--short,-s", a->short_form,
               "One line for a prompt or a status bar: \"mdma 2h in effect\"");
  sub.add_option("--format", a->format,
                 "One line from a template: {substance} {since} {phase} {uses} {last}")
      ->type_name("TEMPLATE");
  sub.add_flag("--discreet", a->discreet, "Name no substance");
  return [a](Env& env) {
    bool discreet = a->discreet || env.config.reminders.discreet;
    EntryQuery q;
    q.since = env.now - kNowLookback;
    q.newest_first = false;
    auto entries = env.store().query(q);
    auto versions = load_plans(env);
    NowInput in;
    in.entries = entries;
    in.versions = versions;
    in.medications = env.config.medications;
    in.combination_window_hours = env.config.reminders.combination_window_hours;
    in.now = env.now;
    in.today = logical_day(env.now, env.zone, env.config.days);
    NowStatus st = compute_now(in);
    int rc = st.substances.empty() ? kExitFalse : kExitOk;

    if (a->short_form || !a->format.empty()) {
      std::string tmpl = a->format.empty() ? "{substance} {since} {phase}" : a->format;
      std::string line;
      for (const auto& s : st.substances) {
        std::string one = a->format.empty() ? trim_spaces(fill_format(tmpl, s, env, discreet))
                                            : fill_format(tmpl, s, env, discreet);
        line += (line.empty() ? "" : a->format.empty() ? " · " : " ") + one;
      }
      if (!line.empty()) env.sink.out(line + "\n");
      return rc;
    }
    if (env.json) {
      JsonWriter w(true);
      auto opt_time = [&](std::string_view key, const std::optional<Instant>& t) {
        w.key(key);
        if (t) w.value(format_rfc3339(*t, env.zone));
        else w.null();
      };
      w.begin_object().field("now", format_rfc3339(env.now, env.zone));
      w.key("substances").begin_array();
      for (const auto& s : st.substances) {
        w.begin_object();
        w.key("substance");
        if (discreet) w.null();
        else w.value(s.substance);
        w.field("class", discreet ? std::string() : s.substance_class);
        w.field("last", format_rfc3339(s.last, env.zone));
        w.field("minutes_since",
                static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(env.now - s.last).count()));
        w.field("uses", s.uses);
        w.key("phase");
        if (s.phase.empty()) w.null();
        else w.value(s.phase);
        opt_time("phase_ends", s.phase_ends);
        opt_time("redose_after", s.redose_after);
        opt_time("plan_after", s.plan_after);
        opt_time("mix_until", s.mix_until);
        w.end_object();
      }
      w.end_array().key("open_mixes").begin_array();
      for (const auto& m : st.mixes) {
        w.begin_object();
        w.key("a");
        if (discreet) w.null();
        else w.value(m.a);
        w.key("b");
        if (discreet) w.null();
        else w.value(m.b);
        w.field("severity", m.severity).field("medication", m.medication);
        w.field("until", format_rfc3339(m.until, env.zone));
        w.end_object();
      }
      w.end_array().key("breaks").begin_array();
      if (!discreet)
        for (const auto& nb : now_breaks(env)) {
          w.begin_object().field("substance", nb.substance);
          write_breaks_json(w, nb.breaks);
          w.end_object();
        }
      w.end_array().end_object();
      env.sink.out(w.str() + "\n");
      return rc;
    }

    // Breaks, not streaks: the same figures trends shows, over the last 30 days.
    std::string breaks;
    if (!discreet)
      for (const auto& nb : now_breaks(env))
        breaks += fmt::format("  {}: {}.\n", nb.substance, breaks_text(nb.breaks));
    if (!breaks.empty())
      breaks = fmt::format("Breaks, over the last {} days:\n", kBreakDays) + breaks;
    if (st.substances.empty()) {
      env.sink.out("Nothing logged in the last 36 hours.\n" + breaks);
      return rc;
    }
    std::string out;
    for (const auto& s : st.substances) {
      std::string name = discreet ? "Something you logged" : s.substance;
      out += fmt::format("{}: {} ago ({}){}.\n", name, long_span(env.now - s.last),
                         when_text(env, s.last),
                         s.uses > 1 ? fmt::format(", {} uses since {}", s.uses,
                                                  when_text(env, env.now - kNowLookback))
                                    : "");
      if (s.phase == "coming up")
        out += fmt::format("  Likely still coming up: it can take until {} to kick in fully.\n",
                           when_text(env, *s.phase_ends));
      else if (s.phase == "in effect")
        out += fmt::format("  Likely in effect; wearing off from about {}.\n",
                           when_text(env, *s.phase_ends));
      else if (s.phase == "wearing off")
        out += fmt::format("  Likely wearing off; over by about {}.\n", when_text(env, *s.phase_ends));
      else if (s.phase == "likely worn off")
        out += "  The main effects have likely worn off; after-effects can last longer.\n";
      if (s.plan_after)
        out += fmt::format("  Your plan's time between uses is met at {}.\n",
                           when_text(env, *s.plan_after));
      if (s.mix_until)
        out += fmt::format("  Until {}, something risky with it still counts as a mix.\n",
                           when_text(env, *s.mix_until));
    }
    for (const auto& m : st.mixes) {
      if (discreet)
        out += fmt::format("Open mix ({}) until {}.\n", m.severity, when_text(env, m.until));
      else
        out += fmt::format("Open mix: {} + {}{} ({}) until {}.\n", m.a, m.b,
                           m.medication ? ", your medication" : "", m.severity,
                           when_text(env, m.until));
    }
    env.sink.out(out + breaks);
    return rc;
  };
}

}  // namespace ebb
