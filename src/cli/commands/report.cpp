#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "periods.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/core/reflect.hpp"
#include "ebb/exchange/report.hpp"
#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {

Runner setup_report(CLI::App& sub) {
  struct Args {
    std::string period, since, until, format = "markdown", output;
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("period", a->period, "week (default), last-week, month, last-month, 30d, 2026-11, ...")
      ->type_name("PERIOD");
  sub.add_option("--since", a->since, "Start of the period")->type_name("WHEN");
  sub.add_option("--until", a->until, "End of the period")->type_name("WHEN");
  sub.add_option("--format", a->format, "markdown (the default) or html (one self-contained page)")
      ->check(CLI::IsMember({"markdown", "html"}))
      ->type_name("FORMAT");
  sub.add_option("--output,-o", a->output, "Write to FILE (mode 0600) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--force", a->force, "Replace the --output file when there is one already");
  return [a](Env& env) {
    // Checked first: a report that can't be written is not worked out.
    std::string output = a->output.empty() ? "" : output_path(env, a->output, a->force);
    Period period = resolve_period(env, a->period, a->since, a->until);
    auto versions = load_plans(env);
    ReviewResult review = review_for(env, period, versions);
    // The period and the one before, read once as `trends` reads them: the trends, the
    // person's words, the mood around a use and who with from the week before on, and the
    // trends under each plan version in force.
    TrendsInput tin = trends_input(env, period, {});
    tin.currency = review.spending.currency;
    TrendsAsk ask;
    ask.setting = SettingKey::with;
    ask.plan_of = &review;
    ask.versions = versions;
    TrendsRead read = read_trends(env, tin, ask);
    const TrendsResult& trends = read.trends;

    ReportInput in;
    in.review = &review;
    in.trends = &trends;
    in.plan = versions.empty() ? nullptr : &versions.back().plan;
    in.versions = versions;
    in.zone = env.zone;
    in.currency = review.spending.currency;
    // What use does: mood around a use, who with, and each plan version in force.
    in.after_use = after_use_lines(read.after);
    SettingResult with = read.setting->finish(trends.current, review.days);
    if (!with.substances.empty()) in.by_with = render_setting(with, false);
    if (read.plan.size() > 1) in.by_plan = render_plan_stretches(read.plan, false);
    auto local = env.zone->to_local(env.now);
    auto day = date::floor<date::days>(local);
    date::hh_mm_ss<std::chrono::seconds> tod{local - day};
    in.made_at = fmt::format("{} {:02}:{:02}", format_day(LocalDay{day.time_since_epoch()}),
                             tod.hours().count(), tod.minutes().count());
    // --json prints the same figures as data, like every other command that prints data.
    // Its pieces go out as they are made (ten years of JSON is megabytes); a file read later
    // in a terminal or an editor is made safe the same way as the screen.
    std::unique_ptr<PrivateFile> file;
    if (!a->output.empty()) file = std::make_unique<PrivateFile>(output);
    auto put = [&](std::string_view piece) {
      if (file) file->write(terminal_text(piece, false));
      else env.sink.out(piece);
    };
    if (env.json) write_report_json(in, put);
    else if (a->format == "html") write_report_html(in, put);
    else write_report_markdown(in, put);
    if (file) {
      file->commit();
      env.sink.err(fmt::format("Wrote your report to {}.\n", a->output));
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
