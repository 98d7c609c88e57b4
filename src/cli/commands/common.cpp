#include "common.hpp"
#include "shared_reads.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/util/chart.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/prefault.hpp"
#include "ebb/store/keys.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/util/text.hpp"

namespace ebb {

namespace {

// Entries before this are a typo in the year, not a memory (issue: a use in year 0001).
const Instant kEarliestEntry = Instant{std::chrono::seconds{-2208988800}};  // 1900-01-01 UTC

[[noreturn]] void usage(const std::string& msg) {
  throw Error(kExitUsage, msg + " Nothing was saved.");
}

double parse_number(const std::string& text, const char* what, double lo, double hi) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v))
    usage(fmt::format("{} takes a number; \"{}\" isn't one.", what, text));
  if (v < lo || v > hi) usage(fmt::format("{} goes from {} to {}; you wrote {}.", what, lo, hi, text));
  return v;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t");
    auto e = cur.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == ',') flush();
    else cur += c;
  }
  flush();
  return out;
}

// Text typed for the log: UTF-8 (so every export imports again) without control characters.
std::string clean_text(const std::string& text, const char* what, bool allow_tab = true) {
  if (!valid_utf8(text))
    usage(fmt::format("{} isn't UTF-8 text; is the terminal set to another encoding, like "
                      "Latin-1? Type it again in UTF-8 (LANG=C.UTF-8, say).",
                      what));
  for (size_t i = 0; i < text.size();) {
    Utf8Char c = utf8_char_at(text, i);
    i += c.length;
    if ((c.code < 0x20 && !(allow_tab && c.code == '\t')) || (c.code >= 0x7F && c.code <= 0x9F))
      usage(fmt::format("{} can't hold control characters.", what));
  }
  return text;
}

}  // namespace

bool EntryOptions::given(const std::string& flag) const {
  if (!app) return false;  // none of the entry options were offered
  const CLI::Option* opt = app->get_option_no_throw(flag);
  return opt && opt->count() > 0;
}

std::string checked_text(const std::string& text, const char* what) {
  return clean_text(text, what);
}

void add_common_options(CLI::App& app, EntryOptions& o) {
  o.app = &app;
  app.add_option("--at", o.at, "When it happened (default now): 21:00, yesterday 21:00, 2h ago, ...")
      ->type_name("WHEN");
  app.add_option("--note", o.note, "Anything you want to remember about it")->type_name("TEXT");
  app.add_option("--tag", o.tags, "A tag (repeat for more)")->type_name("TAG")->take_last();
}

void add_use_options(CLI::App& app, EntryOptions& o) {
  app.add_option("--route", o.route, "How: oral, smoked, vaped, snorted, injected, ...")
      ->type_name("ROUTE");
  app.add_option("--where", o.where, "Where you were")->type_name("PLACE");
  auto* with = app.add_option("--with", o.with, "Who you were with")->type_name("WHO");
  auto* alone = app.add_flag("--alone", o.alone, "You were on your own");
  with->excludes(alone);
  app.add_option("--cost", o.cost, "What it cost")->type_name("AMOUNT");
  app.add_option("--reason", o.reason, "What it was for, in your words")->type_name("TEXT");
  auto* tested = app.add_flag("--tested", o.tested, "You tested it first (e.g. test strips)");
  auto* untested = app.add_flag("--untested", o.untested, "You did not test it");
  tested->excludes(untested);
  app.add_option("--mood-before", o.mood_before, "Your mood before, 1-10")->type_name("N");
  app.add_option("--felt", o.felt, "How you felt afterwards, 1-10")->type_name("N");
  app.add_option("--abv", o.abv, "Percent alcohol, for drinks given in ml")->type_name("PCT");
}

void add_urge_options(CLI::App& app, EntryOptions& o) {
  app.add_option("--substance", o.substance, "What the urge was for")->type_name("NAME");
  app.add_option("--trigger", o.trigger, "What set it off")->type_name("TEXT");
  app.add_option("--feeling", o.feeling, "What you were feeling")->type_name("TEXT");
  app.add_option("--wanted", o.wanted, "What the urge wanted (relief, fun, sleep, ...)")
      ->type_name("TEXT");
  auto* rode = app.add_flag("--rode-out", o.rode_out, "You rode it out");
  auto* used = app.add_flag("--used", o.used, "You used");
  auto* other = app.add_option("--other", o.other, "You did something else: what")
                    ->type_name("TEXT");
  rode->excludes(used)->excludes(other);
  used->excludes(other);
  app.add_option("--minutes", o.minutes, "How long it lasted, in minutes")->type_name("N");
  app.add_option("--after", o.after, "How strong it was afterwards, 0-10")->type_name("N");
}

void add_mood_options(CLI::App& app, EntryOptions& o) {
  app.add_option("--feel", o.feel, "Feeling words, comma-separated: calm,tired")
      ->type_name("WORDS");
  app.add_option("--energy", o.energy, "Your energy, 1-10")->type_name("N");
}

Entry find_entry(Env& env, const std::string& id, std::string_view nothing_done) {
  std::string err;
  FindFailure why = FindFailure::none;
  auto e = env.store().find(id, &err, &why);
  if (!e)
    throw Error(why == FindFailure::none ? kExitFalse : kExitUsage,
                fmt::format("{} {}", err, nothing_done));
  return *e;
}

void add_new_name_option(CLI::App& app, EntryOptions& o) {
  app.add_flag("--new", o.new_name,
               "Keep a new substance name even when it is close to one ebb knows");
}

void add_insist_option(CLI::App& app, EntryOptions& o) {
  app.add_flag("--insist", o.insist, "Keep an amount even when it is far past the usual");
}

int parse_scale(const std::string& text, const char* what, int lo, int hi) {
  size_t used = 0;
  long v = 0;
  try {
    v = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    usage(fmt::format("{} takes a whole number from {} to {}; \"{}\" isn't one.", what, lo, hi,
                      text));
  if (v < lo || v > hi)
    usage(fmt::format("{} goes from {} to {}; you wrote {}.", what, lo, hi, text));
  return static_cast<int>(v);
}

std::string set_substance(Entry& e, const std::string& typed, bool keep_new) {
  auto m = lookup_substance(clean_text(typed, "A substance name", false));
  if (m.name.empty()) usage("The substance name is empty.");
  if (!m.known && !keep_new)
    if (auto near = suggest_substance(m.name))
      usage(fmt::format("Did you mean {}? ebb doesn't know \"{}\", and a name it doesn't know "
                        "gets no safety notes. To keep \"{}\" as a new name, add --new.",
                        *near, m.name, m.name));
  e.substance = m.name;
  e.substance_class = m.substance_class;
  e.beverage = m.beverage;
  if (!m.known)
    return fmt::format("ebb doesn't know \"{}\" yet, so it's kept as you wrote it. "
                       "'ebb substances' lists the names it knows; a substance of your own "
                       "goes in the config (ebb(1), CONFIGURATION).",
                       m.name);
  return "";
}

void set_amount(Entry& e, const std::string& amount, const std::string& unit,
                const DrinkSettings& drinks, bool insist) {
  clean_text(amount, "The amount", false);
  clean_text(unit, "The unit", false);
  Amount a;
  std::string err;
  if (!parse_amount(amount, unit, &a, &err)) usage(err);
  auto m = lookup_substance(e.substance);
  if (a.unit.empty() && m.known) a.unit = m.known->usual_unit;
  double max = plausible_max(a.unit);
  if (a.value > max && !insist)
    usage(fmt::format("{} is far more than one entry usually holds (up to {}), so it may be a "
                      "typo. If it's right, add --insist.",
                      format_amount(a.value, a.unit), format_amount(max, a.unit)));
  e.amount = a.value;
  e.unit = a.unit;
  const Dimension d = unit_dimension(a.unit);
  const bool volume = d == Dimension::volume || (d == Dimension::container &&
                                                 e.substance_class == "alcohol");
  if (!e.abv && volume)
    if (auto abv = usual_abv(e.beverage, drinks)) e.abv = abv;
}

std::string drink_note(const Entry& e, const DrinkSettings& drinks) {
  if (e.kind != Kind::use || e.substance_class != "alcohol" || !e.amount) return "";
  const std::string style = drink_style(e.substance_class, e.beverage);
  std::vector<std::string> parts;
  if (unit_dimension(e.unit) == Dimension::container)
    if (auto ml = container_ml(e.unit, style, drinks)) {
      const CountryDrinks* c = find_country(drinks.country);
      bool own = drinks.sizes.count(container_size_key(e.unit, style)) > 0;
      parts.push_back(fmt::format("{}{} {}", own || !c ? "your " : c->label + " ",
                                  format_amount(1, e.unit).substr(2), format_amount(*ml, "ml")));
    }
  auto drinks_count = amount_in_unit(e, "drink", drinks);
  if (!drinks_count) {
    if (unit_dimension(e.unit) == Dimension::drinks) return "";
    return e.abv ? "" : "no strength known, so it isn't counted in drinks; --abv adds it";
  }
  if (e.unit == "drink") return "";
  std::string head = fmt::format("{}", fmt::join(parts, ", "));
  return fmt::format("{}{}{}", head, head.empty() ? "" : ": ",
                     format_amount(std::round(*drinks_count * 10) / 10, "drink"));
}

Instant resolve_at(Env& env, const std::string& text) {
  if (text.empty()) return env.now;
  Instant at;
  std::string err;
  if (!parse_when(text, env.when(), &at, &err)) usage(err);
  if (at > env.now + kClockSlack)
    usage(fmt::format("{} is still to come. ebb logs what already happened; "
                      "for last night, write e.g. \"last night 23:00\".",
                      format_rfc3339(at, env.zone)));
  if (at < kEarliestEntry)
    usage(fmt::format("{} is before 1900, so it's likely a typo in the year. Write the date "
                      "like 2026-11-20.",
                      format_rfc3339(at, env.zone)));
  return at;
}

void stamp(Entry& e, Env& env, Instant at) {
  int offset = utc_offset_at(at, env.zone);
  // An export must import again: its times have four-digit years, here as everywhere.
  if (!writable_instant(at))
    usage(fmt::format("{} is outside {}, which ebb keeps.", format_rfc3339_offset(at, offset),
                      kKeptYears));
  e.at = at;
  e.zone = env.zone->name();
  e.utc_offset = offset;
}

void apply_options(const EntryOptions& o, Entry& e, Env& env) {
  if (o.given("--at")) stamp(e, env, resolve_at(env, o.at));
  if (o.given("--note")) e.note = clean_text(o.note, "A note");
  if (o.given("--tag")) {
    e.tags.clear();
    for (const auto& t : o.tags)
      for (auto& w : split_words(clean_text(t, "A tag"))) e.tags.push_back(w);
  }
  // use
  if (o.given("--route")) e.route = clean_text(o.route, "--route");
  if (o.given("--where")) e.place = clean_text(o.where, "--where");
  if (o.given("--with")) {
    e.with_whom = clean_text(o.with, "--with");
    e.alone = false;
  }
  if (o.given("--alone")) {
    e.alone = true;
    e.with_whom.clear();
  }
  if (o.given("--cost")) e.cost = parse_number(o.cost, "--cost", 0, 1e9);
  if (o.given("--reason")) e.reason = clean_text(o.reason, "--reason");
  if (o.given("--tested")) e.tested = true;
  if (o.given("--untested")) e.tested = false;
  if (o.given("--mood-before")) e.mood_before = parse_scale(o.mood_before, "--mood-before", 1, 10);
  if (o.given("--felt")) e.felt = parse_scale(o.felt, "--felt", 1, 10);
  if (o.given("--abv")) e.abv = parse_number(o.abv, "--abv", 0, 100);
  // urge
  if (o.given("--trigger")) e.trigger = clean_text(o.trigger, "--trigger");
  if (o.given("--feeling")) e.feeling = clean_text(o.feeling, "--feeling");
  if (o.given("--wanted")) e.wanted = clean_text(o.wanted, "--wanted");
  if (o.given("--rode-out")) {
    e.outcome = Outcome::rode_out;
    e.outcome_note.clear();
  }
  if (o.given("--used")) {
    e.outcome = Outcome::used;
    e.outcome_note.clear();
  }
  if (o.given("--other")) {
    e.outcome = Outcome::other;
    e.outcome_note = clean_text(o.other, "--other");
  }
  if (o.given("--minutes")) e.minutes = parse_scale(o.minutes, "--minutes", 0, 7 * 24 * 60);
  if (o.given("--after")) e.intensity_after = parse_scale(o.after, "--after", 0, 10);
  // mood
  if (o.given("--feel")) e.feelings = split_words(clean_text(o.feel, "--feel"));
  if (o.given("--energy")) e.energy = parse_scale(o.energy, "--energy", 1, 10);
}

void print_entry_json(Env& env, const Entry& e) {
  JsonWriter w(true);
  write_entry_json(w, e);
  env.sink.out(w.str() + "\n");
}

void add_use_arguments(CLI::App& sub, UseArgs& a) {
  sub.add_option("substance", a.substance,
                 "What you used (a name or alias: beer, weed, ...), or a preset from [presets]")
      ->required()
      ->type_name("SUBSTANCE");
  sub.add_option("amount", a.amount, "How much: 2, 2.5, 150mg, \"0.5 g\" (optional)")
      ->type_name("AMOUNT");
  sub.add_option("unit", a.unit, "The unit, when not written with the amount: mg, g, drinks, ...")
      ->type_name("UNIT");
  add_common_options(sub, a.o);
  add_use_options(sub, a.o);
  add_new_name_option(sub, a.o);
  add_insist_option(sub, a.o);
}

namespace {

// A bare count after a preset ("ebb use pint 2") is that many of the preset's amount.
bool is_count(const std::string& amount, const std::string& unit, double* n) {
  if (!unit.empty()) return false;
  Amount a;
  std::string err;
  if (!parse_amount(amount, "", &a, &err) || !a.unit.empty()) return false;
  *n = a.value;
  return true;
}

}  // namespace

Entry use_entry(Env& env, const UseArgs& typed, std::string* hint) {
  Entry e;
  e.kind = Kind::use;
  stamp(e, env, env.now);
  const Preset* preset = find_preset(env.config.presets, typed.substance);
  if (!preset) {
    *hint = set_substance(e, typed.substance, typed.o.new_name);
    apply_options(typed.o, e, env);
    if (!typed.amount.empty())
      set_amount(e, typed.amount, typed.unit, env.config.drinks, typed.o.insist);
    return e;
  }
  // The preset first, then what was typed: an option on the command line wins.
  UseArgs p;
  CLI::App app{"ebb use"};
  add_use_arguments(app, p);
  std::vector<std::string> args(preset->words.rbegin(), preset->words.rend());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& ex) {
    throw Error(kExitUsage,
                fmt::format("{}: the preset {} = \"{}\" doesn't read as what follows ebb use "
                            "({}). It takes the same as ebb use: {} = \"beer 568ml --abv 4.5\".",
                            preset->where, preset->name, preset->text, ex.what(), preset->name));
  }
  bool insist = typed.o.insist || p.o.insist;
  try {
    *hint = set_substance(e, p.substance, typed.o.new_name || p.o.new_name);
    apply_options(p.o, e, env);
  } catch (const Error& ex) {
    throw Error(ex.exit_code(), fmt::format("{}: in the preset {} = \"{}\": {}", preset->where,
                                            preset->name, preset->text, ex.what()));
  }
  apply_options(typed.o, e, env);
  double count = 0;
  if (!typed.amount.empty() && !p.amount.empty() && is_count(typed.amount, typed.unit, &count)) {
    set_amount(e, p.amount, p.unit, env.config.drinks, insist);
    set_amount(e, fmt::format("{}", *e.amount * count), e.unit, env.config.drinks, insist);
  } else if (!typed.amount.empty()) {
    set_amount(e, typed.amount, typed.unit, env.config.drinks, insist);
  } else if (!p.amount.empty()) {
    set_amount(e, p.amount, p.unit, env.config.drinks, insist);
  }
  return e;
}

int log_entry(Env& env, Entry& e, const std::string& hint, const Alternatives* offer) {
  // The entry and the note of which reminders were shown with it are saved together: one
  // commit, one sync to disk.
  std::vector<Reminder> reminders;
  size_t left = 0;
  Store& store = env.store();
  store.transaction([&] {
    store.add(e, env.now);
    // Reminders are extra: when they can't be worked out, the entry is saved all the same.
    try {
      reminders = load_reminders(env, &e, env.config.reminders.discreet);
    } catch (const std::exception& ex) {
      env.sink.err(fmt::format("Reminders were left out this time: {}\n", ex.what()));
    }
    // Safety notes come after every use; a note about the plan said after the last drink is
    // not said again after the next, for repeated after each use it becomes a rebuke.
    auto repeat = std::chrono::hours{env.config.reminders.repeat_hours};
    std::erase_if(reminders, [&](const Reminder& r) {
      if (reminder_class(r) < 3) return false;
      auto shown = store.reminder_shown_at(r.id);
      return shown && env.now - *shown < repeat;
    });
    // A confirmation, not a lecture: the few that matter most, every dangerous one among them.
    left = show_few(env, &reminders, 2);
  });
  if (env.json) {
    JsonWriter w(true);
    w.begin_object();
    write_entry_fields(w, e);
    w.key("reminders").begin_array();
    for (const auto& r : reminders) write_reminder_json(w, r);
    w.end_array();
    if (offer)
      w.key("alternatives")
          .begin_object()
          .field("meaning", offer->meaning)
          .field("ideas", offer->ideas)
          .end_object();
    w.end_object();
    env.sink.out(w.str() + "\n");
  } else {
    std::string note = drink_note(e, env.config.drinks);
    std::string out =
        e.kind == Kind::none
            ? fmt::format("Noted {} on {}.\n", entry_summary(e),
                          format_day(logical_day(e.at, env.zone, env.config.days)))
            : fmt::format("Logged {}{} at {}.\n", entry_summary(e),
                          note.empty() ? "" : " (" + note + ")",
                          format_when(e.at, env.now, env.zone, env.config.days));
    out += format_reminders(reminders, env.config.reminders.country, env.sink.color);
    out += more_notes(left, "ebb check");
    if (offer)
      out += fmt::format("Your own ideas for \"{}\": {}.\n", offer->meaning,
                         quoted_list(offer->ideas));
    env.sink.out(out);
  }
  if (!hint.empty()) env.sink.err(hint + "\n");
  return kExitOk;
}

}  // namespace ebb

#include "ebb/core/plan.hpp"

namespace ebb {

std::optional<Instant> first_entry_at(Env& env) { return env.store().time_bounds().first; }

namespace {

// The person's `why` is quoted at most once in `why_repeat_hours` (VOICE.md).
constexpr std::string_view kWhyKey = "why";

bool why_allowed(Env& env) {
  auto last = env.store().reminder_shown_at(kWhyKey);
  return !last || env.now - *last >= std::chrono::hours{env.config.reminders.why_repeat_hours};
}

// What the reminder rules need besides the entries: the person's settings and standing
// medications, "now", the zone, and the latest use of each substance before the entries
// loaded from `loaded_from`.
ReminderInput reminder_input(Env& env, std::span<const Entry> entries,
                             std::span<const PlanVersion> versions, Instant loaded_from) {
  ReminderInput in;
  in.entries = entries;
  in.earlier_uses = env.store().last_use_by_substance(loaded_from);
  in.versions = versions;
  in.settings = env.config.reminders;
  in.days = env.config.days;
  in.drinks = env.config.drinks;
  in.medications = env.config.medications;
  in.now = env.now;
  in.zone = env.zone;
  return in;
}

}  // namespace

std::vector<Reminder> load_reminders(Env& env, const Entry* just_logged, bool discreet,
                                     const Entry* what_if) {
  Store& store = env.store();
  const auto& settings = env.config.reminders;
  // Three weeks cover the weekly notes; quiet_days may ask for more.
  int days = std::max(21, settings.quiet_days + 1);
  Instant from = env.now - date::days{days};
  if (just_logged && just_logged->at - date::days{days} < from)
    from = just_logged->at - date::days{days};
  // Only the fields the rules read (EntryQuery::light): the three weeks are read on every
  // `ebb use` and `ebb check`.
  EntryQuery q;
  q.since = from;
  q.newest_first = false;
  q.light = true;
  auto entries = store.query(q);
  if (what_if) {
    entries.push_back(*what_if);
    just_logged = what_if;
  }
  auto [first, last] = store.time_bounds();
  auto versions = load_plans(env);

  ReminderInput in = reminder_input(env, entries, versions, from);
  in.last_entry_at = last;
  in.first_entry_at = first;
  if (what_if) {
    // As if it were saved: the latest entry, and the first when the log is empty.
    if (!in.last_entry_at || *in.last_entry_at < what_if->at) in.last_entry_at = what_if->at;
    if (!in.first_entry_at || what_if->at < *in.first_entry_at) in.first_entry_at = what_if->at;
  }
  in.help_lines = env.config.help_lines;
  in.discreet = discreet;
  if (just_logged) in.just_logged = just_logged->id;
  in.quote_why = why_allowed(env);
  return compute_reminders(in);
}

size_t show_few(Env& env, std::vector<Reminder>* list, size_t few, bool mark) {
  size_t keep = reminders_to_show(*list, few);
  size_t left = list->size() - keep;
  list->resize(keep);
  bool quoted = compose_reminders(list, why_allowed(env));
  if (!mark) return left;
  std::vector<std::string> ids;
  for (const auto& r : *list) ids.push_back(r.id);
  if (quoted) ids.emplace_back(kWhyKey);
  env.store().mark_reminders_shown(ids, env.now);
  return left;
}

std::string format_reminders(std::span<const Reminder> list, const std::string& country,
                             bool color) {
  std::string out;
  bool helped = false;
  for (const auto& r : list) {
    std::string_view lead = reminder_lead(r);
    if (!lead.empty())
      out += paint(lead, r.severity == "dangerous" ? "1;31" : "33", ChartStyle{true, color}) + " ";
    out += r.text + "\n";
    if (r.help_lines.empty() || helped) continue;
    helped = true;
    std::vector<std::string> parts;
    for (const auto& [name, number] : r.help_lines) parts.push_back(name + ": " + number);
    out += fmt::format("Help{}: {}\n", country.empty() ? "" : " (" + country + ")",
                       fmt::join(parts, ", "));
  }
  return out;
}

std::string more_notes(size_t left, std::string_view command) {
  if (left == 0) return "";
  return fmt::format("{} more {}; {} shows {}.\n", left, left == 1 ? "note" : "notes", command,
                     left == 1 ? "it" : "them");
}

std::vector<Reminder> safety_events_of(Env& env, const Period& p,
                                       std::span<const PlanVersion> versions,
                                       std::span<const Entry> entries, Instant loaded_from) {
  return safety_events_between(env, day_begin(p.first, env.zone, env.config.days),
                               day_begin(p.last + date::days{1}, env.zone, env.config.days),
                               versions, entries, loaded_from);
}

std::vector<Reminder> safety_events_between(Env& env, Instant from, Instant until,
                                            std::span<const PlanVersion> versions,
                                            std::span<const Entry> entries,
                                            Instant loaded_from) {
  return safety_events(reminder_input(env, entries, versions, loaded_from), from, until);
}

std::vector<PlanVersion> load_plans(Env& env) {
  std::vector<PlanVersion> out;
  for (auto& stored : env.store().plans()) {
    PlanVersion v;
    v.id = stored.id;
    v.saved_at = stored.saved_at;
    v.text = std::move(stored.text);
    PlanError err;
    if (!parse_plan(v.text, &v.plan, &err)) {
      env.sink.err(fmt::format("Plan version {} can't be read any more ({}); it is left out.\n",
                               v.id, format_plan_error(err)));
      continue;
    }
    out.push_back(std::move(v));
  }
  return out;
}

Period resolve_period(Env& env, const std::string& period, const std::string& since,
                      const std::string& until) {
  auto ctx = env.when();
  std::string err;
  Period p;
  if (!parse_period(period.empty() ? "week" : period, ctx, &p, &err)) throw Error(kExitUsage, err);
  if (since.empty() && until.empty()) return p;
  if (!period.empty()) throw Error(kExitUsage, "Give a period or --since/--until, not both.");
  LocalDay today = logical_day(env.now, env.zone, env.config.days);
  p.first = today - date::days{6};
  p.last = today;
  if (!since.empty()) {
    Instant t;
    if (!parse_bound(since, ctx, false, &t, &err)) throw Error(kExitUsage, err);
    p.first = logical_day(t, env.zone, env.config.days);
  }
  if (!until.empty()) {
    Instant t;
    if (!parse_bound(until, ctx, true, &t, &err)) throw Error(kExitUsage, err);
    p.last = logical_day(t - std::chrono::seconds{1}, env.zone, env.config.days);
  }
  if (p.last < p.first) throw Error(kExitUsage, "--until comes before --since.");
  p.label.clear();  // the dates are the name: headings print them beside any label
  return p;
}

namespace {

EntryQuery around(Env& env, const Period& p, int days_before, bool light = false) {
  EntryQuery q;
  q.light = light;
  q.since = day_begin(p.first - date::days{days_before}, env.zone, env.config.days);
  q.until = day_begin(p.last + date::days{1}, env.zone, env.config.days);
  q.newest_first = false;
  return q;
}

}  // namespace

std::vector<Entry> entries_around(Env& env, const Period& p, int days_before, bool light) {
  return env.store().query(around(env, p, days_before, light));
}

std::vector<TrendEntry> trend_entries_around(Env& env, const Period& p, int days_before) {
  EntryQuery q = around(env, p, days_before, true);
  Store& store = env.store();
  std::vector<TrendEntry> out;
  store.read([&] {
    out.reserve(static_cast<size_t>(store.count_matching(q)));
    prefault(out.data(), out.capacity() * sizeof(TrendEntry));
    store.each(q, [&](const Entry& e) { out.emplace_back(e); });
  });
  return out;
}

}  // namespace ebb

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include "ebb/store/vault.hpp"

namespace ebb {

std::string read_input_file(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(kExitUsage, fmt::format("Couldn't read {}: {}.", path, std::strerror(errno)));
  text << in.rdbuf();
  return text.str();
}

InputText::InputText(const std::string& path) {
  int fd = path == "-" ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      map_ = p;
      map_size_ = static_cast<size_t>(st.st_size);
      ::madvise(map_, map_size_, MADV_SEQUENTIAL);
      text_ = std::string_view(static_cast<const char*>(map_), map_size_);
    }
  }
  if (fd >= 0) ::close(fd);
  if (map_) return;
  copy_ = read_input_file(path);
  text_ = copy_;
}

void InputText::read_again() {
  release_before(map_size_);
  released_ = 0;
}

InputText::~InputText() {
  if (map_) ::munmap(map_, map_size_);
}

void InputText::release_before(size_t offset) {
  if (!map_) return;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t upto = std::min(offset, map_size_) / page * page;
  if (upto <= released_) return;
  ::madvise(static_cast<char*>(map_) + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

PrivateFile::PrivateFile(std::string path) : path_(std::move(path)) {
  std::filesystem::path target(path_);
  tmp_ = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path())
             .append("." + target.filename().string() + ".XXXXXX")
             .string();
  fd_ = ::mkstemp(tmp_.data());  // mode 0600
  if (fd_ < 0)
    throw Error(kExitInternal, fmt::format("Couldn't write {}: {}.", path_, std::strerror(errno)));
}

PrivateFile::~PrivateFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(tmp_.c_str());
}

void PrivateFile::fail(int saved) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(tmp_.c_str());
  throw Error(kExitInternal, fmt::format("Couldn't write {}: {}. Nothing was changed there.",
                                         path_, std::strerror(saved)));
}

void PrivateFile::write(std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    done += static_cast<size_t>(n);
  }
}

void PrivateFile::commit() {
  if (::fsync(fd_) != 0 || ::fchmod(fd_, 0600) != 0) fail(errno);
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0 || ::rename(tmp_.c_str(), path_.c_str()) != 0) fail(errno);
}

std::string output_path(Env& env, const std::string& path, bool replace, bool offer_force) {
  // The files themselves (links followed), by the one rule the store uses.
  const std::string db = real_db_path(env.paths.db);
  std::vector<std::pair<std::string, std::string>> own = {
      {db, "ebb's database"},
      {db + "-wal", "the -wal file of ebb's database"},
      {db + "-shm", "the -shm file of ebb's database"},
      {db + "-journal", "the journal of ebb's database"},
      {db + ".lock", "the lock file of ebb's database"}};
  for (const std::string& key :
       {env.paths.key_file, key_source_from_env(env.paths.key_file, env.config.key_file).key_file})
    if (!key.empty()) own.emplace_back(real_db_path(key), "the key file of ebb's database");
  const std::string target = real_db_path(path);
  struct stat out {};
  const bool exists = ::stat(target.c_str(), &out) == 0;
  for (const auto& [file, what] : own) {
    struct stat st {};
    bool same = file == target || (exists && ::stat(file.c_str(), &st) == 0 &&
                                   st.st_dev == out.st_dev && st.st_ino == out.st_ino);
    if (same)
      throw Error(kExitUsage, fmt::format("{} is {}; writing there would destroy it. Nothing "
                                          "was written; name another file.",
                                          path, what));
  }
  struct stat link {};
  if (!exists && ::lstat(path.c_str(), &link) == 0)
    throw Error(kExitUsage, fmt::format("{} is a link to a file that isn't there. Nothing was "
                                        "written; name the file itself.",
                                        path));
  if (!exists) {
    std::filesystem::path dir = std::filesystem::path(target).parent_path();
    struct stat d {};
    if (::stat(dir.empty() ? "." : dir.c_str(), &d) != 0 || !S_ISDIR(d.st_mode))
      throw Error(kExitUsage, fmt::format("There is no folder {}, so ebb can't write {}. Nothing "
                                          "was written; name a file in a folder that is there.",
                                          dir.string(), path));
  }
  if (exists && !S_ISREG(out.st_mode))
    throw Error(kExitUsage, fmt::format("{} isn't a regular file, so ebb won't write there. "
                                        "Nothing was written; name a file (or leave out -o for "
                                        "standard output).",
                                        path));
  if (exists && !replace)
    throw Error(kExitUsage, fmt::format("There is already a file at {}; ebb leaves it as it is. "
                                        "{}ame another file.",
                                        path, offer_force ? "Add --force to replace it, or n" : "N"));
  return target;
}

void write_private_output(const std::string& path, const std::string& text) {
  PrivateFile f(path);
  f.write(text);
  f.commit();
}

ReviewInput review_input(Env& env, const Period& p, std::span<const PlanVersion> versions,
                         std::span<const Entry> entries) {
  ReviewInput in;
  in.versions = versions;
  in.entries = entries;
  in.period = p;
  in.zone = env.zone;
  in.days = env.config.days;
  in.drinks = env.config.drinks;
  in.now = env.now;
  in.combination_window = std::chrono::hours{env.config.reminders.combination_window_hours};
  in.first_entry_at = first_entry_at(env);
  return in;
}

ReviewResult review_for(Env& env, const Period& p, std::span<const PlanVersion> versions) {
  // Entries from three weeks before the period: weekly totals and gaps between uses for the
  // review, mixes across its start and breaks for the safety notes. They are also the newer
  // part of what the trends read for the positive changes; only the rest of the period before
  // is read on top (trend_entries_with), so no row is read twice.
  int days = period_days(p);
  int before = std::max(21, env.config.reminders.tolerance_break_days + 1);
  std::string currency = currency_in_use(env, versions);
  // Light rows (EntryQuery::light): what the review, the safety notes and the trends read.
  auto entries = entries_around(env, p, before, true);
  std::vector<std::string> changes;
  {
    TrendsInput t = trends_input(
        env, p,
        days > before ? trend_entries_with(env, p, days, entries,
                                           day_begin(p.first - date::days{before}, env.zone,
                                                     env.config.days))
                      : std::vector<TrendEntry>(entries.begin(), entries.end()));
    t.currency = currency;
    changes = compute_trends(t).changes;
  }
  ReviewResult r = review_period(review_input(env, p, versions, entries));
  if (r.spending.currency.empty()) r.spending.currency = currency;
  r.changes = std::move(changes);
  r.safety = safety_events_of(env, p, versions, entries,
                              day_begin(p.first - date::days{before}, env.zone, env.config.days));
  return r;
}

std::string currency_in_use(const Env& env, std::span<const PlanVersion> versions) {
  if (!versions.empty() && !versions.back().plan.spending.currency.empty())
    return versions.back().plan.spending.currency;
  return env.config.currency;
}

void add_spending_baseline(Env& env, std::span<const PlanVersion> versions, TrendsInput* in) {
  if (!versions.empty()) in->spending_baseline = versions.back().plan.spending.baseline_per_week;
  if (in->spending_baseline || !in->first_entry_at) return;
  // The first four whole weeks start at most a week after the first entry.
  EntryQuery q;
  q.since = *in->first_entry_at;
  q.until = *in->first_entry_at + date::days{36};
  q.newest_first = false;
  for (const auto& e : env.store().query(q)) in->first_weeks.emplace_back(e);
}

TrendsInput trends_input(Env& env, const Period& p, std::vector<TrendEntry> entries) {
  TrendsInput in;
  in.period = p;
  in.entries = std::move(entries);
  in.zone = env.zone;
  in.days = env.config.days;
  in.drinks = env.config.drinks;
  in.heavy_day = env.config.heavy_day;
  in.now = env.now;
  in.currency = env.config.currency;
  in.first_entry_at = first_entry_at(env);
  in.uses_before = env.store().last_use_by_substance(day_begin(p.first, env.zone, env.config.days));
  return in;
}

}  // namespace ebb
