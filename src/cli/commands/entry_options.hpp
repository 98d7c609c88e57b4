#pragma once
/// Pieces the logging commands and `edit` share: the options for each kind of entry, and
/// turning what was typed into entry fields with messages in ebb's voice.

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "ebb/core/entry.hpp"
#include "ebb/core/time.hpp"
#include "ebb/cli/env.hpp"

namespace ebb {

struct Alternatives;

/// Every field flag, as typed. Which ones were given is asked of the CLI11 app.
struct EntryOptions {
  CLI::App* app = nullptr;
  std::string at, note;
  std::vector<std::string> tags;
  // use
  std::string route, where, with, cost, reason, mood_before, felt, abv;
  bool alone = false, tested = false, untested = false;
  // urge (substance also for edit of a use)
  std::string substance, trigger, feeling, wanted, other, minutes, after;
  bool rode_out = false, used = false;
  // mood
  std::string feel, energy;
  // edit only
  std::string amount, unit, intensity, score;
  // use, urge, edit: keep a new name that is close to a known one; use, edit: keep an amount
  // past the plausible bound
  bool new_name = false, insist = false;

  bool given(const std::string& flag) const;
};

void add_common_options(CLI::App& app, EntryOptions& o);
void add_use_options(CLI::App& app, EntryOptions& o);
void add_urge_options(CLI::App& app, EntryOptions& o);
void add_mood_options(CLI::App& app, EntryOptions& o);
/// --new: keep a substance name that is close to a known one, on purpose.
void add_new_name_option(CLI::App& app, EntryOptions& o);
/// --insist: keep an amount past the plausible bound.
void add_insist_option(CLI::App& app, EntryOptions& o);

/// What `ebb use` takes: SUBSTANCE [AMOUNT [UNIT]] and the options of a use.
struct UseArgs {
  std::string substance, amount, unit;
  EntryOptions o;
};
void add_use_arguments(CLI::App& app, UseArgs& a);

/// The entry `ebb use` logs from what was typed (not saved). SUBSTANCE may name a preset from
/// [presets]: its words are read as if typed, then what was typed wins; a bare count after it
/// ("pint 2") is that many of its amount. A preset that does not read is an Error (exit 2)
/// naming its line in the config.
Entry use_entry(Env& env, const UseArgs& typed, std::string* hint);

/// Applies every option that was given to `e`. Throws Error (exit 2) on a bad value.
void apply_options(const EntryOptions& o, Entry& e, Env& env);

/// Sets substance, class and beverage from what was typed; returns a hint when the name is
/// unknown. A name close to a known one ("heroine") is refused with "Did you mean heroin?"
/// (Error, exit 2) unless `keep_new`.
std::string set_substance(Entry& e, const std::string& typed, bool keep_new);

/// Sets amount and unit from AMOUNT [UNIT]; fills the usual unit and a drink's usual strength
/// (the person's own from the config first). An amount past plausible_max() is refused unless
/// `insist`.
void set_amount(Entry& e, const std::string& amount, const std::string& unit,
                const DrinkSettings& drinks, bool insist);

/// For a drink: what was assumed and what it counts as, "US pint 473 ml, 5%: 8 drinks";
/// empty for anything else, or when nothing was assumed and the amount is in drinks already.
std::string drink_note(const Entry& e, const DrinkSettings& drinks);

/// The entry an id names (ebb(1), edit): an id too short or matching several is a usage error
/// (exit 2), one matching none exits 1; the message ends with `nothing_done`.
Entry find_entry(Env& env, const std::string& id, std::string_view nothing_done);

/// Text typed for the log, checked: UTF-8 without control characters (tabs allowed), else
/// Error (exit 2) naming `what`.
std::string checked_text(const std::string& text, const char* what);

/// A whole number in [lo, hi], or Error naming what it is for.
int parse_scale(const std::string& text, const char* what, int lo, int hi);

/// The --at time (default now); a time in the future is an error.
Instant resolve_at(Env& env, const std::string& text);

/// Sets `at`, zone and offset of a new entry.
void stamp(Entry& e, Env& env, Instant at);

/// Prints the entry as JSON (one object) on stdout.
void print_entry_json(Env& env, const Entry& e);

/// Saves a new entry and confirms it: a short line, or JSON with --json. Then up to two
/// reminders about it (ebb(1), CHECK): lines on stdout, or a "reminders" array in the JSON.
/// `offer`: the person's own ideas for what an urge wanted (`[alternatives]`), shown after the
/// confirmation ("alternatives" in the JSON).
int log_entry(Env& env, Entry& e, const std::string& hint, const Alternatives* offer = nullptr);

}  // namespace ebb
