// `ebb surf`: guided urge surfing. A quiet companion at the terminal: it asks how strong the
// urge is every few minutes, draws the wave as it goes, offers questions for getting curious
// about the urge, shows the person's own plan for urges, and saves one urge entry at the end.
// Ctrl-C (or the end of input) ends it early and saves what there is.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "entry_options.hpp"
#include "periods.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/core/surf.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

volatile sig_atomic_t surf_interrupted = 0;

void surf_on_sigint(int) { surf_interrupted = 1; }

// SIGINT sets a flag instead of ending the process, for as long as this lives; a read or a
// wait it cuts short returns, and the session saves what there is.
class SurfSigint {
 public:
  SurfSigint() {
    surf_interrupted = 0;
    struct sigaction sa {};
    sa.sa_handler = surf_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: poll and read return EINTR
    sigaction(SIGINT, &sa, &old_);
  }
  ~SurfSigint() { sigaction(SIGINT, &old_, nullptr); }
  SurfSigint(const SurfSigint&) = delete;
  SurfSigint& operator=(const SurfSigint&) = delete;

 private:
  struct sigaction old_ {};
};

enum class SurfGot { line, timeout, interrupted, end };

// One line from standard input, waiting at most `timeout_ms` (-1: no limit).
SurfGot surf_read_line(std::string* line, int timeout_ms) {
  line->clear();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (surf_interrupted) return SurfGot::interrupted;
    int wait = -1;
    if (timeout_ms >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) return SurfGot::timeout;
      wait = static_cast<int>(left);
    }
    struct pollfd p {STDIN_FILENO, POLLIN, 0};
    int r = ::poll(&p, 1, wait);
    if (r < 0) {
      if (errno == EINTR) continue;
      return SurfGot::end;
    }
    if (r == 0) return SurfGot::timeout;
    char c;
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return SurfGot::end;
    if (c == '\n') return SurfGot::line;
    if (c != '\r') *line += c;
  }
}

// The seconds between check-ins: EBB_SURF_INTERVAL (for tests) or a fifth of the session,
// between one and five minutes.
int surf_interval(int minutes) {
  if (const char* v = std::getenv("EBB_SURF_INTERVAL"); v && *v) {
    char* end = nullptr;
    long s = std::strtol(v, &end, 10);
    if (end && *end == '\0' && s >= 0 && s <= 3600) return static_cast<int>(s);
    throw Error(kExitUsage, "EBB_SURF_INTERVAL takes whole seconds, 0 to 3600.");
  }
  return std::clamp(minutes * 60 / 5, 60, 300);
}

}  // namespace

Runner setup_surf(CLI::App& sub) {
  struct Args {
    std::string substance;
    int minutes = 20;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--substance", a->substance, "What the urge is for")->type_name("NAME");
  sub.add_option("--minutes", a->minutes, "How long to stay with it (default 20)")
      ->check(CLI::Range(1, 120))
      ->type_name("N");
  return [a](Env& env) {
    if (!env.sink.stdin_tty || !env.sink.stdout_tty)
      throw Error(kExitUsage,
                  "ebb surf asks how the urge is as it goes, so it needs a terminal to talk "
                  "with. To log an urge from a script: ebb urge 6 --rode-out --minutes 20.");
    Entry e;
    std::string hint;
    if (!a->substance.empty()) hint = set_substance(e, a->substance, false);
    Instant started = env.now;
    const int interval = surf_interval(a->minutes);
    const int checkins = std::max(1, interval == 0 ? 5 : a->minutes * 60 / std::max(1, interval));
    auto plans = load_plans(env);
    std::string when_urge = plans.empty() ? "" : plans.back().plan.when_urge;

    auto say = [&](const std::string& text) {
      env.sink.out(text);
      env.sink.flush();
    };
    say(fmt::format(
        "Urge surfing, for {} minutes. Notice the urge, where it sits in your body, and let it "
        "rise and fall like a wave, without acting on it. Ctrl-C ends it whenever you want; "
        "what there is gets saved.\n",
        a->minutes));
    if (!when_urge.empty()) say(fmt::format("Your plan for urges: \"{}\"\n", when_urge));

    SurfSigint guard;
    SurfSession s;
    auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::steady_clock::now() - t0)
                                  .count());
    };
    std::string line;
    bool over = false;
    size_t asked = 0;
    for (int i = 0; i <= checkins && !over; ++i) {
      // How strong now?
      std::optional<int> rating;
      while (!rating) {
        say(i == 0 ? "How strong is the urge now, 0-10? " : "How strong now, 0-10? ");
        SurfGot g = surf_read_line(&line, -1);
        if (g != SurfGot::line) {
          s.interrupted = true;
          over = true;
          break;
        }
        rating = parse_rating(line);
        if (!rating) say("A whole number from 0 to 10, please (or Ctrl-C to end).\n");
      }
      if (over) break;
      s.ratings.push_back(*rating);
      say(wave_line(elapsed() / 60, *rating, env.sink.utf8) + "\n");
      if (*rating == 0) {
        say("It's down to 0: the wave has passed.\n");
        break;
      }
      if (i == checkins) break;
      // A question to get curious with, while waiting for the next check-in.
      if (asked < surf_questions().size()) {
        say(fmt::format("{} (Enter to skip) ", surf_questions()[asked]));
        SurfGot g = surf_read_line(&line, -1);
        if (g != SurfGot::line) {
          s.interrupted = true;
          break;
        }
        s.answers.emplace_back(trim(line));
        ++asked;
      }
      // Wait; an early Enter moves on to the next check-in.
      if (interval > 0) {
        say(fmt::format("Next check-in in {}. Breathe, and watch it move.\n",
                        interval % 60 == 0 ? fmt::format("{} minute{}", interval / 60,
                                                         interval == 60 ? "" : "s")
                                           : fmt::format("{} seconds", interval)));
        SurfGot g = surf_read_line(&line, interval * 1000);
        if (g == SurfGot::interrupted || g == SurfGot::end) {
          s.interrupted = true;
          break;
        }
      }
    }
    s.seconds = elapsed();
    if (s.interrupted) say("\n");
    // What did you do with it? Only asked when the person is still here.
    if (!s.interrupted && !s.ratings.empty()) {
      say("What did you do with it? r: rode it out, u: used, or type what you did instead "
          "(Enter to leave it open) ");
      if (surf_read_line(&line, -1) == SurfGot::line) {
        std::string t(trim(line));
        std::string low = lower(t);
        if (low == "r" || low == "rode it out") s.outcome = Outcome::rode_out;
        else if (low == "u" || low == "used") s.outcome = Outcome::used;
        else if (!t.empty()) {
          s.outcome = Outcome::other;
          s.other = checked_text(t, "What you did");
        }
      }
    }
    for (auto& answer : s.answers)
      if (!answer.empty()) answer = checked_text(answer, "An answer");
    if (!surf_entry(s, &e)) {
      say(surf_summary(s) + "\n");
      return static_cast<int>(kExitFalse);
    }
    stamp(e, env, started);
    say(surf_summary(s) + "\n");
    return log_entry(env, e, hint);
  };
}

}  // namespace ebb
