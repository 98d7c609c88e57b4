#include <memory>

#include "commands.hpp"
#include "entry_options.hpp"
#include "periods.hpp"
#include "ebb/core/meanings.hpp"

namespace ebb {

Runner setup_urge(CLI::App& sub) {
  struct Args {
    std::string intensity;
    EntryOptions o;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("intensity", a->intensity, "How strong, 0-10")->required()->type_name("0-10");
  add_common_options(sub, a->o);
  add_urge_options(sub, a->o);
  add_new_name_option(sub, a->o);
  return [a](Env& env) {
    Entry e;
    e.kind = Kind::urge;
    stamp(e, env, env.now);
    e.intensity = parse_scale(a->intensity, "Intensity", 0, 10);
    std::string hint;
    if (a->o.given("--substance")) hint = set_substance(e, a->o.substance, a->o.new_name);
    apply_options(a->o, e, env);
    // While the urge is still open, the person's own ideas for what it wants, once in
    // why_repeat_hours for that meaning (VOICE.md: pressure by repetition); never after an urge
    // acted on, where it would read as a reply to it.
    std::optional<Alternatives> offer;
    std::string shown_key;
    if (e.outcome == Outcome::none && !e.wanted.empty() && !env.config.reminders.discreet) {
      auto versions = load_plans(env);
      const Alternatives* alt =
          versions.empty() ? nullptr : alternatives_for(versions.back().plan, e.wanted);
      if (alt) {
        shown_key = "alternatives:" + meaning_key(alt->meaning);
        auto last = env.store().reminder_shown_at(shown_key);
        if (!last ||
            env.now - *last >= std::chrono::hours{env.config.reminders.why_repeat_hours})
          offer = *alt;
      }
    }
    int rc = log_entry(env, e, hint, offer ? &*offer : nullptr);
    if (offer) env.store().mark_reminders_shown({shown_key}, env.now);
    return rc;
  };
}

}  // namespace ebb
