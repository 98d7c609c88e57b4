#include "entry_options.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/core/drinks.hpp"
#include "ebb/core/entry_format.hpp"
#include "ebb/core/plan.hpp"
#include "ebb/util/error.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/core/reminders.hpp"
#include "ebb/core/trends.hpp"
#include "ebb/util/text.hpp"
#include "notes.hpp"

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
